import { Button, Space, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listRiskAssessments, RISK_ASSESSMENT_STATUSES, type RiskAssessmentFilter, type RiskAssessmentSummary } from '../../shared/api';
import { DueOrClosedCell } from '../../shared/components/DueCell';
import { ListView, PageCard } from '../../shared/components/ListPageCard';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { pick, useListPage } from '../../shared/useListPage';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { RiskSchedulesTab } from './RiskSchedulesTab';
import { UrlTabs } from '../../shared/components/UrlTabs';
import { RiskStartModal } from './RiskStartModal';
import { GapTags, RiskStatusTag } from './RiskTags';
import { None, TitleCell, TwoLines } from '../../shared/components/Cells';
import { FilterSelect, RefreshButton } from '../../shared/components/ListFilters';

const POLL_MS = 10_000;

const assessmentFilter = (search: URLSearchParams): RiskAssessmentFilter => ({
  status: pick(RISK_ASSESSMENT_STATUSES, search.get('status')),
  scheduleId: search.get('scheduleId') || undefined,
});

/** Joint risk assessments: the list (status in the URL), starting one, and the monthly schedules per unit. */
export function RiskAssessmentListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const hub = hasRole(user, 'safety_officer', 'admin');
  const [starting, setStarting] = useState(false);

  return (
    <PageCard
      title={t('riskList.title')}
      testId="risk-list"
      actions={
        hub && (
          <Button type="primary" onClick={() => setStarting(true)} data-testid="risk-start-button">
            {t('riskList.start')}
          </Button>
        )
      }
    >
      <UrlTabs
        items={[
          { key: 'assessments', label: t('riskList.tabAssessments'), testId: 'risk-tab-assessments', children: <AssessmentsTab /> },
          { key: 'schedules', label: t('riskList.tabSchedules'), testId: 'risk-tab-schedules', children: <RiskSchedulesTab hub={hub} /> },
        ]}
      />
      {starting && <RiskStartModal onClose={() => setStarting(false)} />}
    </PageCard>
  );
}

function AssessmentsTab() {
  const { t } = useTranslation();
  const list = useListPage({ name: 'risk-assessments', filter: assessmentFilter, load: listRiskAssessments, pollMs: POLL_MS });
  const { scheduleId } = list.filter;

  const columns: TableColumnsType<RiskAssessmentSummary> = [
    {
      key: 'title',
      title: t('riskList.colAssessment'),
      width: 260,
      render: (_, a) => (
        <TitleCell to={`/risk-assessments/${encodeURIComponent(a.id)}`} testId={`risk-link-${a.id}`} title={a.title} sub={a.area} plain>
          {a.scheduleId && <Tag>{t('riskList.monthly')}</Tag>}
        </TitleCell>
      ),
    },
    {
      key: 'status',
      title: t('riskList.colStatus'),
      render: (_, a) => (
        <Space size={4} wrap>
          <RiskStatusTag status={a.status} />
          {a.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
          {a.escalationLevel > 0 && <Tag color="volcano">{t('riskDetail.escalated', { level: a.escalationLevel })}</Tag>}
        </Space>
      ),
    },
    { key: 'unit', title: t('riskList.colUnit'), dataIndex: 'orgUnitName' },
    {
      key: 'gaps',
      title: t('riskList.colGaps'),
      render: (_, a) => (a.gaps.length ? <GapTags gaps={a.gaps} /> : <None />),
    },
    {
      key: 'counts',
      title: t('riskList.colCounts'),
      render: (_, a) => (
        <Space size={4} wrap data-testid={`risk-counts-${a.id}`}>
          <Tag>{t('riskList.items', { count: a.itemCount })}</Tag>
          <Tag>{t('riskList.measures', { count: a.measureCount })}</Tag>
          {a.failedMeasures > 0 && <Tag color="red">{t('riskList.failed', { count: a.failedMeasures })}</Tag>}
        </Space>
      ),
    },
    {
      key: 'due',
      title: t('riskList.colDue'),
      minWidth: 140,
      render: (_, a) => <DueOrClosedCell open={a.status !== 'closed'} dueAt={a.dueAt} overdue={a.overdue} closedAt={a.closedAt} />,
    },
    {
      key: 'started',
      title: t('riskList.colStarted'),
      render: (_, a) => (
        <TwoLines plain main={<RelativeTime iso={a.startedAt} />} sub={a.initiatedBy === 'schedule' ? t('riskList.bySchedule') : a.initiatedBy} />
      ),
    },
  ];

  return (
    <ListView<RiskAssessmentSummary>
      filters={
        <Space wrap style={{ marginBottom: 16 }}>
          <FilterSelect
            field={list.field('status')}
            minWidth={200}
            values={RISK_ASSESSMENT_STATUSES}
            labels="risk.status"
            placeholder={t('riskList.status')}
            testId="risk-status-filter"
          />
          <RefreshButton onRefresh={list.refresh} testId="risk-refresh" />
          {scheduleId && (
            <Tag closable onClose={() => list.setFilter({ scheduleId: null })} data-testid="risk-schedule-filter">
              {t('riskList.fromSchedule')}
            </Tag>
          )}
        </Space>
      }
      list={list}
      ids={{ error: 'risk-list-error', table: 'risk-table' }}
      texts={{ empty: 'riskList.empty', total: 'riskList.total' }}
      columns={columns}
      onRow={(a) => ({ ...testId(`risk-row-${a.id}`), style: a.gaps.length || a.overdue ? { background: '#fff1f0' } : undefined })}
      scroll={{ x: 1100 }}
    />
  );
}
