import { Button, Col, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { useLabel } from '../../i18n';
import type { ListField } from '../useListPage';
import { OrgUnitSelect } from './OrgUnitSelect';

/** A filter's column in a `FilterBar`: its width (of 24) on a phone, a tablet and a wide screen. */
export type FilterSpan = [xs: number, md: number, xl: number];

/** A list page's filters: one responsive row of columns above the table. */
export function FilterBar({ testId, marginBottom = 16, children }: { testId: string; marginBottom?: number; children: ReactNode }) {
  return (
    <Row gutter={[8, 8]} style={{ marginBottom }} data-testid={testId}>
      {children}
    </Row>
  );
}

/** `children` in its column of the filter bar, or as it is without a `span` (the caller places it). */
export function InColumn({ span, children }: { span: FilterSpan | undefined; children: ReactNode }) {
  if (!span) return children;
  const [xs, md, xl] = span;
  return (
    <Col xs={xs} md={md} xl={xl}>
      {children}
    </Col>
  );
}

type FilterSelectProps<V extends string> = {
  placeholder: string;
  span?: FilterSpan;
  /** At least this wide, among other controls (in a `Space`), instead of as wide as its column. */
  minWidth?: number;
} & (
  | {
      /** The list's filter it sets (`useListPage().field(name)`); test id `filter-<name>` unless given. */
      field: ListField<V>;
      testId?: string;
    }
  | {
      value: V | null | undefined;
      /** The value picked, undefined when cleared. */
      onChange: (value: V | undefined) => void;
      testId: string;
    }
) &
  (
    | { options: { value: V; label: ReactNode }[] }
    /** Every value, named by the text `<labels>.<value>` (its raw name if there is none). */
    | { values: readonly V[]; labels: string }
  );

/** One clearable choice of a list's filters. */
export function FilterSelect<V extends string>({ placeholder, span, minWidth, ...props }: FilterSelectProps<V>) {
  const label = useLabel();
  const options = 'options' in props ? props.options : props.values.map((v) => ({ value: v, label: label(`${props.labels}.${v}`, v) }));
  const bound = 'field' in props ? { value: props.field.value, onChange: props.field.set, testId: props.testId ?? `filter-${props.field.name}` } : props;
  return (
    <InColumn span={span}>
      <Select<V>
        allowClear
        style={minWidth ? { minWidth } : { width: '100%' }}
        placeholder={placeholder}
        aria-label={placeholder} // no visible label: the placeholder names the control
        value={bound.value ?? undefined}
        onChange={bound.onChange}
        options={options}
        data-testid={bound.testId}
      />
    </InColumn>
  );
}

/** The org-unit filter of a list (`filter-unit`): the list's `field`, or a `value` and `onChange`. */
export function UnitFilter({
  placeholder,
  span,
  ...props
}: { placeholder: string; span?: FilterSpan } & (
  { field: ListField<string> } | { value: string | null | undefined; onChange: (value: string | undefined) => void }
)) {
  const { value, onChange } = 'field' in props ? { value: props.field.value, onChange: props.field.set } : props;
  return (
    <InColumn span={span}>
      <OrgUnitSelect allowClear value={value ?? undefined} onChange={onChange} placeholder={placeholder} ariaLabel={placeholder} testId="filter-unit" />
    </InColumn>
  );
}

/**
 * "Refresh": reads the list (or page) again now. With `span`, it ends a `FilterBar`: right-aligned
 * in the last column, `span` wide on a wide screen and a row of its own below.
 */
export function RefreshButton({ onRefresh, testId, span }: { onRefresh: () => unknown; testId: string; span?: number }) {
  const { t } = useTranslation();
  const button = (
    <Button onClick={() => void onRefresh()} data-testid={testId}>
      {t('common.refresh')}
    </Button>
  );
  return span ? (
    <Col xs={24} xl={span} style={{ textAlign: 'right' }}>
      {button}
    </Col>
  ) : (
    button
  );
}
