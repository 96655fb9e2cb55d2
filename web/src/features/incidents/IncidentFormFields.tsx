import { Form, Input, Select, TreeSelect } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { searchPeople, type FormField, type OrgTreeNode, type PersonRef } from '../../shared/api';
import { OrgUnitSelect, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { PeoplePicker } from '../../shared/components/PeoplePicker';
import { localInputToIso } from '../../shared/format';
import { SearchSelect } from '../processes/UserSearchSelect';
import { atLeastOneRow, rowItemStyle, RowsField } from '../tasks/RowsField';
import { FISHBONE_CATEGORIES } from './api';
import { localName, useLocalName } from '../../shared/names';

/**
 * Editors of the incident task forms' field types (domain/task-forms.ts): `people`, `orgUnits`,
 * `timeline`, `whys`, `fishbone`, `correctiveActions`, `responsibilities`. Row fields use the
 * tasks feature's RowsField; `incidentFieldPayload` turns what they hold into what the server takes.
 */

export interface ListFieldProps {
  name: string;
  label: string;
  help?: string;
  required: boolean;
  testId: string;
}

type Row = Record<string, unknown> | undefined;

const text = (r: Record<string, unknown>, k: string) => (typeof r[k] === 'string' ? (r[k] as string).trim() : '');

/** The rows of a list field as the server takes them (undefined: not one of these types). */
const ROW_PAYLOADS: Partial<Record<FormField['type'], (r: Record<string, unknown>) => unknown>> = {
  timeline: (r) => ({ at: localInputToIso(text(r, 'at')), what: text(r, 'what') }),
  whys: (r) => text(r, 'why'),
  fishbone: (r) => ({ category: r.category, cause: text(r, 'cause') }),
  correctiveActions: (r) => ({ kind: r.kind, orgUnitId: r.orgUnitId, description: text(r, 'description'), dueAt: localInputToIso(text(r, 'dueAt')) }),
  responsibilities: (r) => ({ personId: r.personId, level: r.level, ...(text(r, 'note') ? { note: text(r, 'note') } : {}) }),
};

export const isIncidentField = (f: FormField) => f.type === 'people' || f.type === 'orgUnits' || f.type in ROW_PAYLOADS;

/** `{ [name]: value }` of an incident field for the task's payload; `{}` leaves an empty optional field out. */
export function incidentFieldPayload(f: FormField, v: unknown): Record<string, unknown> {
  const toRow = ROW_PAYLOADS[f.type];
  const rows = Array.isArray(v) ? (v as Row[]) : [];
  const value = toRow ? rows.filter((r): r is Record<string, unknown> => !!r).map(toRow) : rows.filter((x) => typeof x === 'string');
  return value.length > 0 || f.required ? { [f.name]: value } : {};
}

/** Several people (ids), found by name or employee number. */
export function PeopleField({ name, label, help, required, testId }: ListFieldProps) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} extra={help} initialValue={[]} rules={atLeastOneRow(required, () => t('completeModal.required', { field: label }))}>
      <PeoplePicker testId={testId} />
    </Form.Item>
  );
}

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

const toTree = (n: OrgTreeNode, language: string): TreeOption => ({
  value: n.id,
  title: localName(n, language),
  children: n.children.map((c) => toTree(c, language)),
});

/** Several org units (ids) of the tree the user can see. */
export function OrgUnitsField({ name, label, help, required, testId }: ListFieldProps) {
  const { t, i18n } = useTranslation();
  const { tree } = useOrgTree();
  const language = i18n.language;
  const treeData = useMemo(() => (tree ?? []).map((n) => toTree(n, language)), [tree, language]);
  return (
    <Form.Item name={name} label={label} extra={help} initialValue={[]} rules={atLeastOneRow(required, () => t('completeModal.required', { field: label }))}>
      <TreeSelect<string[]>
        multiple
        data-testid={testId}
        treeData={treeData}
        loading={!tree}
        treeDefaultExpandAll
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={t('orgSelect.placeholder')}
        style={{ width: '100%' }}
      />
    </Form.Item>
  );
}

/** One person of the caller's scope, found by typing part of a name or employee number. */
export function PersonSearchSelect({
  value,
  onChange,
  testId,
  valueLabel,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  testId?: string;
  valueLabel?: string;
}) {
  const { t } = useTranslation();
  const nameOf = useLocalName();
  return (
    <SearchSelect
      queryKey={(search) => ['people-search', '', search]}
      search={async (search) => (await searchPeople(search)).items}
      option={(p: PersonRef) => ({ value: p.id, label: `${nameOf(p)} (${p.employeeNo})` })}
      texts={{ placeholder: t('peoplePicker.placeholder'), none: t('peoplePicker.none'), failed: t('peoplePicker.failed') }}
      value={value}
      onChange={onChange}
      testId={testId}
      valueLabel={valueLabel}
      allowClear
    />
  );
}

/** A RowsField of an incident form: at least one row when required, `max` rows, inputs named by `cells`. */
function IncidentRows({ p, max, add, cells }: { p: ListFieldProps; max: number; add: string; cells: (row: number, i: number) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <RowsField
      name={p.name}
      label={p.label}
      required={p.required}
      help={p.help}
      testId={p.testId}
      initialValue={[]}
      rules={atLeastOneRow(p.required, () => t('completeModal.required', { field: p.label }))}
      max={max}
      addLabel={add}
    >
      {(row, i, removeButton) => (
        <>
          {cells(row.name, i)}
          {removeButton}
        </>
      )}
    </RowsField>
  );
}

/** The inputs of a row: a label, a required rule, the input. */
function useCell() {
  const { t } = useTranslation();
  return (row: number, key: string, label: string, input: ReactNode, required = true) => (
    <Form.Item
      key={key}
      name={[row, key]}
      label={label}
      rules={required ? [{ required: true, whitespace: true, message: t('completeModal.required', { field: label }) }] : []}
      style={rowItemStyle}
    >
      {input}
    </Form.Item>
  );
}

/** The investigation's timeline: when, what happened. */
export function TimelineField(p: ListFieldProps) {
  const { t } = useTranslation();
  const cell = useCell();
  return (
    <IncidentRows
      p={p}
      max={100}
      add={t('incidentForm.timelineAdd')}
      cells={(row, i) => [
        cell(row, 'at', t('incidentForm.at'), <Input type="datetime-local" data-testid={`${p.testId}-${i}-at`} />),
        cell(row, 'what', t('incidentForm.what'), <Input.TextArea rows={2} maxLength={1000} data-testid={`${p.testId}-${i}-what`} />),
      ]}
    />
  );
}

/** The 5-why chain: each answer asks the next "why?"; the last leads to the root cause. */
export function WhysField(p: ListFieldProps) {
  const { t } = useTranslation();
  const cell = useCell();
  return (
    <IncidentRows
      p={p}
      max={10}
      add={t('incidentForm.whyAdd')}
      cells={(row, i) =>
        cell(row, 'why', t('incidentDetail.why', { n: i + 1 }), <Input.TextArea rows={2} maxLength={1000} data-testid={`${p.testId}-${i}-why`} />)
      }
    />
  );
}

/** Fishbone causes: one of 人/机/料/法/环/管 and the cause. */
export function FishboneField(p: ListFieldProps) {
  const { t } = useTranslation();
  const cell = useCell();
  const options = FISHBONE_CATEGORIES.map((c) => ({ value: c, label: t(`incident.fishbone.${c}`) }));
  return (
    <IncidentRows
      p={p}
      max={60}
      add={t('incidentForm.causeAdd')}
      cells={(row, i) => [
        cell(row, 'category', t('incidentForm.category'), <Select options={options} data-testid={`${p.testId}-${i}-category`} />),
        cell(row, 'cause', t('incidentForm.cause'), <Input.TextArea rows={2} maxLength={1000} data-testid={`${p.testId}-${i}-cause`} />),
      ]}
    />
  );
}

/** Corrective and preventive actions: kind, the department that owns it, what, by when. */
export function CorrectiveActionsField(p: ListFieldProps) {
  const { t } = useTranslation();
  const cell = useCell();
  const kinds = (['corrective', 'preventive'] as const).map((k) => ({ value: k, label: t(`incident.actionKind.${k}`) }));
  return (
    <IncidentRows
      p={p}
      max={20}
      add={t('incidentForm.actionAdd')}
      cells={(row, i) => [
        cell(row, 'kind', t('incidentForm.kind'), <Select options={kinds} data-testid={`${p.testId}-${i}-kind`} />),
        cell(row, 'orgUnitId', t('incidentForm.unit'), <OrgUnitSelect testId={`${p.testId}-${i}-unit`} />),
        cell(row, 'description', t('incidentForm.description'), <Input.TextArea rows={2} maxLength={2000} data-testid={`${p.testId}-${i}-description`} />),
        cell(row, 'dueAt', t('incidentForm.dueAt'), <Input type="datetime-local" data-testid={`${p.testId}-${i}-due`} />),
      ]}
    />
  );
}

/** Who bears which responsibility (直接 / 主要 / 领导责任). */
export function ResponsibilitiesField(p: ListFieldProps) {
  const { t } = useTranslation();
  const cell = useCell();
  const levels = (['direct', 'primary', 'leadership'] as const).map((l) => ({ value: l, label: t(`incident.responsibility.${l}`) }));
  return (
    <IncidentRows
      p={p}
      max={30}
      add={t('incidentForm.responsibilityAdd')}
      cells={(row, i) => [
        cell(row, 'personId', t('incidentForm.person'), <PersonSearchSelect testId={`${p.testId}-${i}-person`} />),
        cell(row, 'level', t('incidentForm.level'), <Select options={levels} data-testid={`${p.testId}-${i}-level`} />),
        cell(row, 'note', t('incidentForm.note'), <Input maxLength={2000} data-testid={`${p.testId}-${i}-note`} />, false),
      ]}
    />
  );
}
