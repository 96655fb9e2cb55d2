import { Button, Card, Select, Space, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listRiskAssessments, RISK_ASSESSMENT_STATUSES, type RiskAssessmentFilter, type RiskAssessmentSummary } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { ListTable } from '../../shared/components/ListTable';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { pick, useListPage } from '../../shared/useListPage';
import { setSearchParams, useLocation } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { RiskSchedulesTab } from './RiskSchedulesTab';
import { RiskStartModal } from './RiskStartModal';
import { GapTags, RiskStatusTag } from './RiskTags';
import { StrongLink } from '../../shared/components/Cells';
import { RefreshButton } from '../../shared/components/ListFilters';

const POLL_MS = 10_000;

const assessmentFilter = (search: URLSearchParams): RiskAssessmentFilter => ({
  status: pick(RISK_ASSESSMENT_STATUSES, search.get('status')),
  scheduleId: search.get('scheduleId') || undefined,
});

/** Joint risk assessments: the list (status in the URL), starting one, and the monthly schedules per unit. */
export function RiskAssessmentListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { search } = useLocation();
  const hub = hasRole(user, 'safety_officer', 'admin');
  const tab = search.get('tab') === 'schedules' ? 'schedules' : 'assessments';
  const [starting, setStarting] = useState(false);

  return (
    <Card
      title={t('riskList.title')}
      data-testid="risk-list"
      extra={
        hub && (
          <Button type="primary" onClick={() => setStarting(true)} data-testid="risk-start-button">
            {t('riskList.start')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setSearchParams({ tab: k === 'schedules' ? 'schedules' : null, page: null })}
        items={[
          {
            key: 'assessments',
            label: <span data-testid="risk-tab-assessments">{t('riskList.tabAssessments')}</span>,
            children: tab === 'assessments' ? <AssessmentsTab /> : null,
          },
          {
            key: 'schedules',
            label: <span data-testid="risk-tab-schedules">{t('riskList.tabSchedules')}</span>,
            children: tab === 'schedules' ? <RiskSchedulesTab hub={hub} /> : null,
          },
        ]}
      />
      {starting && <RiskStartModal onClose={() => setStarting(false)} />}
    </Card>
  );
}

function AssessmentsTab() {
  const { t } = useTranslation();
  const list = useListPage({ name: 'risk-assessments', filter: assessmentFilter, load: listRiskAssessments, pollMs: POLL_MS });
  const { status, scheduleId } = list.filter;

  const columns: TableColumnsType<RiskAssessmentSummary> = [
    {
      key: 'title',
      title: t('riskList.colAssessment'),
      width: 260,
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <StrongLink to={`/risk-assessments/${encodeURIComponent(a.id)}`} testId={`risk-link-${a.id}`}>
            {a.title}
          </StrongLink>
          <Typography.Text type="secondary">{a.area}</Typography.Text>
          {a.scheduleId && <Tag>{t('riskList.monthly')}</Tag>}
        </Space>
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
      render: (_, a) => (a.gaps.length ? <GapTags gaps={a.gaps} /> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
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
      render: (_, a) =>
        a.status === 'closed' ? (
          <Typography.Text type="secondary">{a.closedAt ? <RelativeTime iso={a.closedAt} /> : t('common.none')}</Typography.Text>
        ) : a.dueAt ? (
          <DueCell task={{ dueAt: a.dueAt, overdue: a.overdue, status: 'open' }} />
        ) : (
          <Typography.Text type="secondary">{t('inbox.noDueDate')}</Typography.Text>
        ),
    },
    {
      key: 'started',
      title: t('riskList.colStarted'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <RelativeTime iso={a.startedAt} />
          <Typography.Text type="secondary">{a.initiatedBy === 'schedule' ? t('riskList.bySchedule') : a.initiatedBy}</Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('riskList.status')}
          value={status}
          style={{ minWidth: 200 }}
          data-testid="risk-status-filter"
          onChange={(v: string | undefined) => list.setFilter({ status: v })}
          options={RISK_ASSESSMENT_STATUSES.map((s) => ({ value: s, label: t(`risk.status.${s}`) }))}
        />
        <RefreshButton onRefresh={list.refresh} testId="risk-refresh" />
        {scheduleId && (
          <Tag closable onClose={() => list.setFilter({ scheduleId: null })} data-testid="risk-schedule-filter">
            {t('riskList.fromSchedule')}
          </Tag>
        )}
      </Space>
      <ListTable<RiskAssessmentSummary>
        list={list}
        errorTestId="risk-list-error"
        data-testid="risk-table"
        columns={columns}
        onRow={(a) => ({ ...testId(`risk-row-${a.id}`), style: a.gaps.length || a.overdue ? { background: '#fff1f0' } : undefined })}
        locale={{ emptyText: t('riskList.empty') }}
        scroll={{ x: 1100 }}
        showTotal={(total) => t('riskList.total', { count: total })}
      />
    </>
  );
}
