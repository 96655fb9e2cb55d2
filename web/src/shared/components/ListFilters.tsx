import { Button, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { useLabel } from '../../i18n';
import { OrgUnitSelect } from './OrgUnitSelect';

/** A list page's filters: one responsive row of columns above the table. */
export function FilterBar({ testId, marginBottom = 16, children }: { testId: string; marginBottom?: number; children: ReactNode }) {
  return (
    <Row gutter={[8, 8]} style={{ marginBottom }} data-testid={testId}>
      {children}
    </Row>
  );
}

type FilterSelectProps<V extends string> = {
  placeholder: string;
  value: V | null | undefined;
  /** The value picked, undefined when cleared. */
  onChange: (value: V | undefined) => void;
  testId: string;
} & (
  | { options: { value: V; label: ReactNode }[] }
  /** Every value, named by the text `<labels>.<value>` (its raw name if there is none). */
  | { values: readonly V[]; labels: string }
);

/** One clearable choice of a list's filters, as wide as its column. */
export function FilterSelect<V extends string>({ placeholder, value, onChange, testId, ...choices }: FilterSelectProps<V>) {
  const label = useLabel();
  const options = 'options' in choices ? choices.options : choices.values.map((v) => ({ value: v, label: label(`${choices.labels}.${v}`, v) }));
  return (
    <Select<V>
      allowClear
      style={{ width: '100%' }}
      placeholder={placeholder}
      value={value ?? undefined}
      onChange={onChange}
      options={options}
      data-testid={testId}
    />
  );
}

/** The org-unit filter of a list (`filter-unit`). */
export function UnitFilter({
  value,
  onChange,
  placeholder,
}: {
  value: string | null | undefined;
  onChange: (value: string | undefined) => void;
  placeholder: string;
}) {
  return <OrgUnitSelect allowClear value={value ?? undefined} onChange={onChange} placeholder={placeholder} testId="filter-unit" />;
}

/** "Refresh": reads the list (or page) again now. */
export function RefreshButton({ onRefresh, testId }: { onRefresh: () => unknown; testId: string }) {
  const { t } = useTranslation();
  return (
    <Button onClick={() => void onRefresh()} data-testid={testId}>
      {t('common.refresh')}
    </Button>
  );
}
