import { Button, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchPeople, type PersonRef } from '../api';
import { useLocalName } from '../names';
import { peopleQuery, useSearchOptions } from '../options';

/**
 * Several people of the caller's scope (person ids), found by typing part of a name or employee
 * number; with `orgUnitId`, the search starts with that unit's people and "Add everyone" enrols
 * the whole unit (and the units below it) at once.
 */
export function PeoplePicker({
  value,
  onChange,
  orgUnitId,
  testId,
  known,
}: {
  value?: string[];
  /** The chosen ids, and the people among them whose names are known. */
  onChange?: (value: string[], people: PersonRef[]) => void;
  orgUnitId?: string;
  testId?: string;
  /** Names of ids that may already be in `value`. */
  known?: PersonRef[];
}) {
  const { t } = useTranslation();
  const nameOf = useLocalName();
  const labelOf = (p: PersonRef) => `${nameOf(p)} (${p.employeeNo})`;
  const queryClient = useQueryClient();
  const [failed, setFailed] = useState(false);
  const [adding, setAdding] = useState(false);
  const found = useSearchOptions(
    (search) => ['people-search', search.trim() ? '' : (orgUnitId ?? ''), search],
    async (search) => (await searchPeople(search, search.trim() ? undefined : orgUnitId)).items,
  );
  /** Everyone seen so far, so chosen people keep their names when the search moves on. */
  const names = useRef(new Map<string, PersonRef>((known ?? []).map((p) => [p.id, p])));
  for (const p of found.items ?? []) names.current.set(p.id, p);

  const selected = value ?? [];
  const emit = (ids: string[]) =>
    onChange?.(
      ids,
      ids.map((id) => names.current.get(id)).filter((p): p is PersonRef => !!p),
    );
  const addUnit = async () => {
    if (!orgUnitId) return;
    setAdding(true);
    setFailed(false);
    try {
      const people = await queryClient.fetchQuery(peopleQuery(orgUnitId));
      for (const p of people) names.current.set(p.id, p);
      emit([...new Set([...selected, ...people.map((p) => p.id)])]);
    } catch {
      setFailed(true);
    } finally {
      setAdding(false);
    }
  };

  const options = (found.items ?? []).map((p) => ({ value: p.id, label: labelOf(p) }));
  for (const id of selected)
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: names.current.get(id) ? labelOf(names.current.get(id)!) : id });

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select<string[]>
        mode="multiple"
        data-testid={testId}
        value={selected}
        onChange={(v) => emit(v)}
        onOpenChange={found.onOpenChange}
        showSearch={{ filterOption: false, onSearch: found.setSearch }}
        loading={found.loading && !failed}
        notFoundContent={failed || found.failed ? t('peoplePicker.failed') : found.items ? t('peoplePicker.none') : t('app.loading')}
        placeholder={t('peoplePicker.placeholder')}
        options={options}
        maxTagCount={12}
        style={{ width: '100%' }}
      />
      {orgUnitId && (
        <Button onClick={() => void addUnit()} loading={adding} data-testid={testId ? `${testId}-all` : undefined}>
          {t('peoplePicker.addUnit')}
        </Button>
      )}
    </Space.Compact>
  );
}
