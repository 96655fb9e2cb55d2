import { Space, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { HAZARD_CATEGORIES, HAZARD_STATUSES, listHazards, type HazardFilter, type HazardSeverity, type HazardSummary } from '../../shared/api';
import { DueOrClosedCell } from '../../shared/components/DueCell';
import { HazardSeverityTag, HazardStatusTag, OverdueTag, RiskTag } from './HazardTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { OPEN_STATUSES } from './hazard';
import { DayRangeFilter } from '../../shared/components/DayRangeFilter';
import { ListPageCard } from '../../shared/components/ListPageCard';
import { SearchFilter } from '../../shared/components/SearchFilter';
import { pick, useListPage } from '../../shared/useListPage';
import { navigate } from '../../router';
import { DAY_RE } from '../../shared/operations';
import { testId } from '../../shared/testIds';
import { None, TitleCell, TwoLines } from '../../shared/components/Cells';
import { FilterSelect } from '../../shared/components/ListFilters';

const POLL_MS = 15_000;
const SEVERITIES: HazardSeverity[] = ['general', 'major'];

/** A yyyy-mm-dd of the date inputs → the start (or end) of that local day in ISO. */
function dayBound(value: string | null, end: boolean): string | undefined {
  if (!value || !DAY_RE.test(value)) return undefined;
  return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString();
}

/** The list's filters, from the URL. */
function hazardFilter(search: URLSearchParams): HazardFilter {
  return {
    status: pick(HAZARD_STATUSES, search.get('status')),
    severity: pick(SEVERITIES, search.get('severity')),
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
  const { search, set } = list;

  const columns: TableColumnsType<HazardSummary> = [
    {
      key: 'title',
      title: t('hazardList.colTitle'),
      width: 260,
      render: (_, h) => (
        <TitleCell to={`/hazards/${h.id}`} testId={`hazard-link-${h.id}`} title={h.title} sub={`${t(`hazard.category.${h.category}`)} · ${h.area}`} plain />
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
      render: (_, h) => h.responsibleOrgUnitName ?? <None>{t('hazard.notAssigned')}</None>,
    },
    {
      key: 'due',
      title: t('hazardList.colDue'),
      minWidth: 150,
      sorter: (a, b) => (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity),
      render: (_, h) => (
        <DueOrClosedCell open={OPEN_STATUSES.includes(h.status)} dueAt={h.dueAt} overdue={h.overdue} closedAt={h.closedAt}>
          {h.overdue && h.overdueDays > 0 && <OverdueTag days={h.overdueDays} />}
        </DueOrClosedCell>
      ),
    },
    { key: 'unit', title: t('hazardList.colFound'), render: (_, h) => h.orgUnitName },
    {
      key: 'reported',
      title: t('hazardList.colReported'),
      sorter: (a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt),
      render: (_, h) => <TwoLines plain main={<RelativeTime iso={h.reportedAt} />} sub={h.reporter} />,
    },
  ];

  return (
    <ListPageCard<HazardSummary>
      title={t('hazardList.title')}
      refreshTestId="hazards-refresh"
      add={{ label: t('nav.hazardNew'), testId: 'hazards-report', onClick: () => navigate('/hazards/new') }}
      filtersTestId="hazard-filters"
      filters={
        <>
          <FilterSelect field={list.field('status')} span={[12, 6, 4]} values={HAZARD_STATUSES} labels="hazard.status" placeholder={t('hazardList.status')} />
          <FilterSelect field={list.field('severity')} span={[12, 6, 3]} values={SEVERITIES} labels="hazard.severity" placeholder={t('hazardList.severity')} />
          <FilterSelect
            field={list.field('category')}
            span={[12, 6, 4]}
            values={HAZARD_CATEGORIES}
            labels="hazard.category"
            placeholder={t('hazardList.category')}
          />
          <FilterSelect
            field={list.field('overdue')}
            span={[12, 6, 3]}
            options={[
              { value: 'true', label: t('hazardList.overdueOnly') },
              { value: 'false', label: t('hazardList.notOverdue') },
            ]}
            placeholder={t('hazardList.overdue')}
          />
          <SearchFilter field={list.field('area')} span={[24, 8, 4]} placeholder={t('hazardList.area')} testId="filter-area" />
          <DayRangeFilter span={[24, 16, 6]} from={search.get('from')} to={search.get('to')} onChange={set} />
        </>
      }
      list={list}
      ids="hazards"
      texts={{ empty: 'hazardList.empty', total: 'hazardList.total' }}
      columns={columns}
      onRow={(h) => testId(`hazard-row-${h.id}`)}
      scroll={{ x: 1100 }}
    />
  );
}
