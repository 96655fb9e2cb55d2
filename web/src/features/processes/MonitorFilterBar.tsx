import { Col, Input, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { MONITOR_SORTS, PROCESS_TYPES, type MonitorFilters, type MonitorSort } from '../../shared/api';
import { useLabel } from '../../i18n';
import type { FilterKey } from './monitor';
import { UserSearchSelect } from './UserSearchSelect';
import { FilterBar, FilterSelect, UnitFilter } from '../../shared/components/ListFilters';

/** Sets filters in the URL (empty removes one) and goes back to the first page. */
export type SetFilters = (values: Partial<Record<FilterKey, string | null | undefined>>) => void;

/** The monitor's filters: types, overdue, unit, assignee, text, order, and the step picked from a row. */
export function MonitorFilterBar({ filters, set }: { filters: MonitorFilters; set: SetFilters }) {
  const { t } = useTranslation();
  const label = useLabel();
  const types = filters.type ? filters.type.split(',') : [];
  const full = { width: '100%' };
  return (
    <FilterBar testId="monitor-filters" marginBottom={12}>
      <Col xs={24} md={12} xl={5}>
        <Select<string[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={full}
          placeholder={t('monitor.filterType')}
          value={types}
          onChange={(v) => set({ type: v.join(',') })}
          options={PROCESS_TYPES.map((x) => ({ value: x, label: label(`process.${x}`, x) }))}
          data-testid="filter-type"
        />
      </Col>
      <Col xs={12} md={6} xl={3}>
        <FilterSelect<string>
          placeholder={t('monitor.filterOverdue')}
          value={filters.overdue}
          onChange={(v) => set({ overdue: v })}
          options={[
            { value: 'true', label: t('monitor.overdueOnly') },
            { value: 'false', label: t('monitor.notOverdue') },
          ]}
          testId="filter-overdue"
        />
      </Col>
      <Col xs={12} md={6} xl={4}>
        <UnitFilter value={filters.orgUnitId} onChange={(v) => set({ orgUnitId: v })} placeholder={t('monitor.filterUnit')} />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <UserSearchSelect
          allowClear
          valueField="username"
          value={filters.assignee}
          onChange={(v) => set({ assignee: v })}
          placeholder={t('monitor.filterAssignee')}
          testId="filter-assignee"
        />
      </Col>
      <Col xs={12} md={8} xl={4}>
        {/* Keyed by the URL's text so applying a view replaces what the box shows. */}
        <div data-testid="filter-text">
          <Input.Search
            key={filters.q ?? ''}
            allowClear
            defaultValue={filters.q}
            placeholder={t('monitor.filterText')}
            onSearch={(v) => set({ q: v.trim() })}
          />
        </div>
      </Col>
      <Col xs={24} md={8} xl={4}>
        <Select<MonitorSort>
          style={full}
          prefix={t('monitor.sortLabel')}
          value={filters.sort ?? 'breach'}
          onChange={(v) => set({ sort: v === 'breach' ? null : v })}
          options={MONITOR_SORTS.map((s) => ({ value: s, label: t(`monitor.sort.${s}`) }))}
          data-testid="filter-sort"
        />
      </Col>
      {filters.status && (
        <Col xs={24}>
          <Tag closable onClose={() => set({ status: null })} data-testid="filter-status">
            {t('monitor.stepFilter', { status: filters.status })}
          </Tag>
        </Col>
      )}
    </FilterBar>
  );
}
