import { Alert, Card, Descriptions, Space, Steps, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchImprovementPlan, listImprovementPlans, type ImprovementPlanView, type PlanPhase } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { absoluteTime } from '../../shared/format';
import { DetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { usePolledQuery } from '../../shared/query';
import { useDetail } from '../../shared/useDetail';
import { useLabel } from '../../i18n';
import { Link, useLocation } from '../../router';
import { improvementPlanPath, PLAN_PHASE_COLORS, reportPath } from './scoring';
import { testId } from '../../shared/testIds';
import { StrongLink } from '../../shared/components/Cells';
import { DetailTitle } from '../../shared/components/DetailTitle';

const POLL_MS = 10_000;

/** `/improvement-plans` is the list, `/improvement-plans/<workflowId>` one plan (the id contains ':'). */
export function ImprovementPlansPage() {
  const { pathname } = useLocation();
  const workflowId = pathname.startsWith('/improvement-plans/') ? decodeURIComponent(pathname.slice('/improvement-plans/'.length)) : null;
  return workflowId ? <ImprovementPlanDetailPage key={workflowId} workflowId={workflowId} /> : <ImprovementPlanListPage />;
}

export function PlanPhaseTag({ phase }: { phase: PlanPhase | null }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (!phase) return <Tag data-testid="plan-phase">{t('plans.phaseUnknown')}</Tag>;
  return (
    <Tag color={PLAN_PHASE_COLORS[phase] ?? 'default'} data-testid="plan-phase" data-phase={phase}>
      {label(`scoring.planPhase.${phase}`, phase)}
    </Tag>
  );
}

const isDone = (phase: PlanPhase | null) => phase === 'completed' || phase === 'not_completed';

/** The deadline of a running plan: red "Overdue" past it; a finished plan's just as a date. */
function Deadline({ plan }: { plan: Pick<ImprovementPlanView, 'dueAt' | 'phase'> }) {
  const { t, i18n } = useTranslation();
  if (!plan.dueAt) return <Typography.Text type="secondary">{t('plans.notAgreed')}</Typography.Text>;
  if (isDone(plan.phase)) return <span>{absoluteTime(plan.dueAt, i18n.language)}</span>;
  return <DueCell task={{ dueAt: plan.dueAt, overdue: plan.phase === 'in_progress' && Date.parse(plan.dueAt) < Date.now(), status: 'open' }} />;
}

function ImprovementPlanListPage() {
  const { t } = useTranslation();
  const query = usePolledQuery(['improvement-plans'], async () => (await listImprovementPlans()).items, POLL_MS);
  const items = query.data ?? null;
  const error = query.errorText;

  const columns: TableColumnsType<ImprovementPlanView> = [
    {
      key: 'person',
      title: t('plans.colPerson'),
      render: (_, p) => (
        <StrongLink to={improvementPlanPath(p.workflowId)} testId={`plan-link-${p.workflowId}`}>
          {p.personName}
        </StrongLink>
      ),
    },
    { key: 'period', title: t('plans.colPeriod'), dataIndex: 'period' },
    { key: 'phase', title: t('plans.colPhase'), render: (_, p) => <PlanPhaseTag phase={p.phase} /> },
    { key: 'due', title: t('plans.colDue'), render: (_, p) => <Deadline plan={p} /> },
    {
      key: 'targets',
      title: t('plans.targets'),
      render: (_, p) =>
        p.targets ? (
          <Typography.Paragraph style={{ marginBottom: 0, maxWidth: 320 }} ellipsis={{ rows: 2, tooltip: p.targets }}>
            {p.targets}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('plans.notAgreed')}</Typography.Text>
        ),
    },
    {
      key: 'open',
      title: t('plans.colOpen'),
      align: 'right',
      render: (_, p) => (p.openTasks.length ? <Tag color="processing">{p.openTasks.length}</Tag> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      key: 'report',
      title: t('plans.colReport'),
      render: (_, p) => <Link to={reportPath(p.cycleId, 'person', p.personId)}>{t('plans.openReport')}</Link>,
    },
  ];
  return (
    <Card title={t('plans.title')} data-testid="plan-list">
      <Typography.Paragraph type="secondary">{t('plans.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="plan-list-error" />}
      <Table<ImprovementPlanView>
        rowKey="workflowId"
        columns={columns}
        dataSource={items ?? []}
        loading={!items && !error}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(p) => ({ ...testId(`plan-row-${p.workflowId}`), 'data-phase': p.phase ?? '' }) as never}
        locale={{ emptyText: t('plans.empty') }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** Agree → In progress → Check → Done: where the plan is. */
function stepOf(phase: PlanPhase | null): number {
  if (phase === 'in_progress') return 1;
  if (phase === 'checking') return 2;
  if (isDone(phase)) return 3;
  return 0;
}

function ImprovementPlanDetailPage({ workflowId }: { workflowId: string }) {
  const { t } = useTranslation();
  const query = useDetail({ key: ['improvement-plan', workflowId], load: () => fetchImprovementPlan(workflowId), pollMs: POLL_MS });
  const { data: plan, error } = query;
  const taskActions = useTaskActions(query.refresh);

  if (!plan)
    return (
      <DetailPlaceholder detail={query} testIdPrefix="plan" notFound={t('plans.notFound')} listPath="/improvement-plans" backToList={t('plans.backToList')} />
    );

  const step = stepOf(plan.phase);
  const failed = plan.phase === 'not_completed';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="plan-detail" data-phase={plan.phase ?? ''}>
      {error && <Alert type="warning" showIcon title={error.text} />}
      <Card
        title={
          <DetailTitle listPath="/improvement-plans" listName={t('nav.improvementPlans')} testId="plan-title">
            {t('plans.detailTitle', { name: plan.personName, period: plan.period })}
          </DetailTitle>
        }
        extra={<PlanPhaseTag phase={plan.phase} />}
      >
        <Steps
          size="small"
          current={step}
          status={failed ? 'error' : plan.phase === 'completed' ? 'finish' : 'process'}
          data-testid="plan-steps"
          style={{ marginBottom: 16 }}
          items={[
            { title: t('plans.step.agree') },
            { title: t('plans.step.inProgress') },
            { title: t('plans.step.check') },
            { title: failed ? t('plans.step.notDone') : t('plans.step.done') },
          ]}
        />
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('plans.person')}>
            <span data-testid="plan-person">{plan.personName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.period')}>{plan.period}</Descriptions.Item>
          <Descriptions.Item label={t('plans.targets')} span={2}>
            {plan.targets ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="plan-targets">
                {plan.targets}
              </Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">{t('plans.notAgreed')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.measures')} span={2}>
            {plan.measures ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="plan-measures">
                {plan.measures}
              </Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">{t('plans.notAgreed')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.deadline')}>
            <span data-testid="plan-deadline">
              <Deadline plan={plan} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.checkedBy')}>
            {plan.checkedBy ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.report')} span={2}>
            <Link to={reportPath(plan.cycleId, 'person', plan.personId)} data-testid="plan-report">
              {t('plans.openReport')}
            </Link>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <ProcessTasksCard
        tasks={plan.tasks}
        buttons={taskActions.buttons}
        openTaskIds={new Set(plan.openTasks)}
        cardTestId="plan-tasks"
        title={t('plans.tasks')}
        emptyText={t('plans.noTasks')}
        detail={(task) => (task.status === 'open' ? (task.description ?? undefined) : undefined)}
      />
      {taskActions.modals}
    </Space>
  );
}
