import { Button, Space, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CYCLE_STATUSES, listCycles, type CycleStatus, type CycleSummary } from '../../shared/api';
import { ListView, PageCard } from '../../shared/components/ListPageCard';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { pick, useListPage } from '../../shared/useListPage';
import { Link } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { CycleProgress, useUnitName } from './CycleProgress';
import { CycleSchedulesTab } from './CycleSchedulesTab';
import { UrlTabs } from '../../shared/components/UrlTabs';
import { CycleStartModal } from './CycleStartModal';
import { CycleStatusTag } from './ScoreTags';
import { CYCLE_ROLES, cyclePath, periodDates } from './scoring';
import { None, TitleCell, TwoLines } from '../../shared/components/Cells';
import { LabelTag } from '../../shared/components/Tags';
import { FilterSelect, RefreshButton } from '../../shared/components/ListFilters';

const POLL_MS = 10_000;
/** While a cycle is scoring its progress bar moves: refresh fast. */
const SCORING_POLL_MS = 2_000;

const cycleFilter = (search: URLSearchParams): { status?: CycleStatus } => ({ status: pick(CYCLE_STATUSES, search.get('status')) });

/** Assessment cycles (考核周期): the list with status and progress, starting one, and the schedules per scope. */
export function AssessmentCycleListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const runs = hasRole(user, ...CYCLE_ROLES);
  const [starting, setStarting] = useState(false);

  return (
    <PageCard
      title={t('cycleList.title')}
      testId="cycle-list"
      actions={
        runs && (
          <Button type="primary" onClick={() => setStarting(true)} data-testid="cycle-start-button">
            {t('cycleList.start')}
          </Button>
        )
      }
    >
      <UrlTabs
        items={[
          { key: 'cycles', label: t('cycleList.tabCycles'), testId: 'cycle-tab-cycles', children: <CyclesTab /> },
          runs && { key: 'schedules', label: t('cycleList.tabSchedules'), testId: 'cycle-tab-schedules', children: <CycleSchedulesTab /> },
        ]}
      />
      {starting && <CycleStartModal onClose={() => setStarting(false)} />}
    </PageCard>
  );
}

function CyclesTab() {
  const { t, i18n } = useTranslation();
  const unitName = useUnitName();
  const list = useListPage({
    name: 'cycles',
    filter: cycleFilter,
    load: listCycles,
    pollMs: (data) => (data?.items.some((c) => c.status === 'scoring') ? SCORING_POLL_MS : POLL_MS),
  });

  const columns: TableColumnsType<CycleSummary> = [
    {
      key: 'period',
      title: t('cycleList.colPeriod'),
      render: (_, c) => <TitleCell to={cyclePath(c.id)} testId={`cycle-link-${c.id}`} title={c.period} sub={unitName(c.scopeOrgUnitId)} plain />,
    },
    { key: 'cadence', title: t('cycleList.colCadence'), render: (_, c) => <LabelTag value={c.cadence} labels="scoring.cadence" /> },
    { key: 'status', title: t('cycleList.colStatus'), render: (_, c) => <CycleStatusTag status={c.status} /> },
    { key: 'progress', title: t('cycleList.colProgress'), width: 200, render: (_, c) => <CycleProgress cycle={c} testIdPrefix={`cycle-progress-${c.id}`} /> },
    {
      key: 'ruleset',
      title: t('cycleList.colRuleset'),
      render: (_, c) => (
        <Space size={4} wrap>
          <Link to={`/rulesets?version=${c.rulesetVersion}`}>{t('cycleList.rulesetVersion', { version: c.rulesetVersion })}</Link>
          {c.currentSnapshot > 0 && <Tag>{t('cycleList.snapshot', { version: c.currentSnapshot })}</Tag>}
        </Space>
      ),
    },
    {
      key: 'started',
      title: t('cycleList.colStarted'),
      render: (_, c) => <TwoLines main={c.startedBy === 'schedule' ? t('cycleList.bySchedule') : c.startedBy} sub={periodDates(c, i18n.language)} />,
    },
    {
      key: 'published',
      title: t('cycleList.colPublished'),
      render: (_, c) => (c.publishedAt ? <TwoLines plain main={<RelativeTime iso={c.publishedAt} />} sub={c.reviewedBy} /> : <None />),
    },
  ];

  return (
    <ListView<CycleSummary>
      filters={
        <Space wrap style={{ marginBottom: 16 }}>
          <FilterSelect
            field={list.field('status')}
            minWidth={180}
            values={CYCLE_STATUSES}
            labels="scoring.cycleStatus"
            placeholder={t('cycleList.status')}
            testId="cycle-status-filter"
          />
          <RefreshButton onRefresh={list.refresh} testId="cycle-refresh" />
        </Space>
      }
      list={list}
      ids={{ error: 'cycle-list-error', table: 'cycle-table' }}
      texts={{ empty: 'cycleList.empty', total: 'cycleList.total' }}
      columns={columns}
      onRow={(c) => testId(`cycle-row-${c.id}`)}
      scroll={{ x: 1000 }}
    />
  );
}
