import { Button, Card, Col, Input, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  HAZARD_CATEGORIES,
  HAZARD_STATUSES,
  listHazards,
  type HazardCategory,
  type HazardFilter,
  type HazardSeverity,
  type HazardStatus,
  type HazardSummary,
} from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { HazardSeverityTag, HazardStatusTag, OverdueTag, RiskTag } from './HazardTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { OPEN_STATUSES } from './hazard';
import { DayRangeFilter } from '../../shared/components/DayRangeFilter';
import { ListTable } from '../../shared/components/ListTable';
import { pick, useListPage } from '../../shared/useListPage';
import { navigate } from '../../router';
import { testId } from '../../shared/testIds';
import { StrongLink } from '../../shared/components/Cells';
import { FilterBar, FilterSelect, RefreshButton } from '../../shared/components/ListFilters';

const POLL_MS = 15_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A yyyy-mm-dd of the date inputs → the start (or end) of that local day in ISO. */
function dayBound(value: string | null, end: boolean): string | undefined {
  if (!value || !DATE.test(value)) return undefined;
  return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString();
}

/** The list's filters, from the URL. */
function hazardFilter(search: URLSearchParams): HazardFilter {
  return {
    status: pick(HAZARD_STATUSES, search.get('status')),
    severity: pick<HazardSeverity>(['general', 'major'], search.get('severity')),
    category: pick(HAZARD_CATEGORIES, search.get('category')),
    overdue: pick(['true', 'false'], search.get('overdue')),
    area: search.get('area')?.trim() || undefined,
    from: dayBound(search.get('from'), false),
    to: dayBound(search.get('to'), true),
  };
}

/** All hazards the user may see, filtered through the URL so a filtered list can be shared. */
export function HazardListPage() {
  const { t } = useTranslation();
  const list = useListPage({ name: 'hazards', filter: hazardFilter, load: listHazards, pollMs: POLL_MS });
  const { search, filter } = list;
  const from = search.get('from');
  const to = search.get('to');
  const [areaText, setAreaText] = useState(search.get('area') ?? '');
  const set = (name: string, value: string | null | undefined) => list.setFilter({ [name]: value });

  const columns: TableColumnsType<HazardSummary> = [
    {
      key: 'title',
      title: t('hazardList.colTitle'),
      width: 260,
      render: (_, h) => (
        <Space orientation="vertical" size={0}>
          <StrongLink to={`/hazards/${h.id}`} testId={`hazard-link-${h.id}`}>
            {h.title}
          </StrongLink>
          <Typography.Text type="secondary">
            {t(`hazard.category.${h.category}`)} · {h.area}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'status', title: t('hazardList.colStatus'), render: (_, h) => <HazardStatusTag status={h.status} /> },
    {
      key: 'risk',
      title: t('hazardList.colRisk'),
      render: (_, h) => (
        <Space size={4} wrap>
          <HazardSeverityTag severity={h.severity} />
          <RiskTag level={h.riskLevel} score={h.riskScore} />
        </Space>
      ),
    },
    {
      key: 'responsible',
      title: t('hazardList.colResponsible'),
      render: (_, h) => h.responsibleOrgUnitName ?? <Typography.Text type="secondary">{t('hazard.notAssigned')}</Typography.Text>,
    },
    {
      key: 'due',
      title: t('hazardList.colDue'),
      minWidth: 150,
      sorter: (a, b) => (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity),
      render: (_, h) =>
        OPEN_STATUSES.includes(h.status) ? (
          <Space size={4} wrap>
            {h.dueAt ? (
              <DueCell task={{ dueAt: h.dueAt, overdue: h.overdue, status: 'open' }} />
            ) : (
              <Typography.Text type="secondary">{t('inbox.noDueDate')}</Typography.Text>
            )}
            {h.overdue && h.overdueDays > 0 && <OverdueTag days={h.overdueDays} />}
          </Space>
        ) : (
          <Typography.Text type="secondary">{h.closedAt ? <RelativeTime iso={h.closedAt} /> : t('common.none')}</Typography.Text>
        ),
    },
    { key: 'unit', title: t('hazardList.colFound'), render: (_, h) => h.orgUnitName },
    {
      key: 'reported',
      title: t('hazardList.colReported'),
      sorter: (a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt),
      render: (_, h) => (
        <Space orientation="vertical" size={0}>
          <RelativeTime iso={h.reportedAt} />
          <Typography.Text type="secondary">{h.reporter}</Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('hazardList.title')}
      extra={
        <Space wrap>
          <RefreshButton onRefresh={list.refresh} testId="hazards-refresh" />
          <Button type="primary" onClick={() => navigate('/hazards/new')} data-testid="hazards-report">
            {t('nav.hazardNew')}
          </Button>
        </Space>
      }
    >
      <FilterBar testId="hazard-filters">
        <Col xs={12} md={6} xl={4}>
          <FilterSelect<HazardStatus>
            placeholder={t('hazardList.status')}
            value={filter.status}
            onChange={(v) => set('status', v)}
            values={HAZARD_STATUSES}
            labels="hazard.status"
            testId="filter-status"
          />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <FilterSelect<HazardSeverity>
            placeholder={t('hazardList.severity')}
            value={filter.severity}
            onChange={(v) => set('severity', v)}
            values={['general', 'major']}
            labels="hazard.severity"
            testId="filter-severity"
          />
        </Col>
        <Col xs={12} md={6} xl={4}>
          <FilterSelect<HazardCategory>
            placeholder={t('hazardList.category')}
            value={filter.category}
            onChange={(v) => set('category', v)}
            values={HAZARD_CATEGORIES}
            labels="hazard.category"
            testId="filter-category"
          />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <FilterSelect<string>
            placeholder={t('hazardList.overdue')}
            value={pick(['true', 'false'], search.get('overdue'))}
            onChange={(v) => set('overdue', v)}
            options={[
              { value: 'true', label: t('hazardList.overdueOnly') },
              { value: 'false', label: t('hazardList.notOverdue') },
            ]}
            testId="filter-overdue"
          />
        </Col>
        <Col xs={24} md={8} xl={4}>
          <Input.Search
            allowClear
            placeholder={t('hazardList.area')}
            value={areaText}
            onChange={(e) => setAreaText(e.target.value)}
            onSearch={(v) => set('area', v.trim())}
            data-testid="filter-area"
          />
        </Col>
        <Col xs={24} md={16} xl={6}>
          <DayRangeFilter from={from} to={to} onChange={set} />
        </Col>
      </FilterBar>
      <ListTable<HazardSummary>
        list={list}
        errorTestId="hazards-error"
        data-testid="hazards-table"
        columns={columns}
        onRow={(h) => testId(`hazard-row-${h.id}`)}
        locale={{ emptyText: t('hazardList.empty') }}
        scroll={{ x: 1100 }}
        showTotal={(total) => t('hazardList.total', { count: total })}
      />
    </Card>
  );
}
