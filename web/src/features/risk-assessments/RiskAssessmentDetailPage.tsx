import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  fetchRiskAssessment,
  type RiskAssessmentDetail,
  type RiskDepartment,
  type RiskDepartmentStep,
  type RiskEvent,
  type RiskLive,
  type RiskMeasure,
  type RiskRegister,
  type RiskRegisterItem,
  type TaskView,
} from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { SlaClock } from '../hazards/HazardTags';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { RiskHeatMap } from './RiskHeatMap';
import { ChangeTag, GapTags, MeasureStatusTag, RiskLevelTag, RiskStatusTag } from './RiskTags';
import { useTaskActions } from '../tasks/TaskActions';
import { useTaskLabels } from '../tasks/taskLabels';
import { absoluteTime } from '../../shared/format';
import { formatDuration } from '../hazards/hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { RISK_STEPS } from './risk';
import { Link } from '../../router';
import { testId } from '../../shared/testIds';

const POLL_MS = 5_000;
/** An assessment started a moment ago may not be recorded yet: retry a while before "not found". */
const FRESH_MS = 15_000;
const FRESH_RETRY_MS = 1_000;
const RED = '#cf1322';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (d: Record<string, unknown>, k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
const num = (d: Record<string, unknown>, k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The joint risk assessment: where it stands, each department's part, the register and heat map, the plan, tasks, history. */
export function RiskAssessmentDetailPage({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [detail, setDetail] = useState<RiskAssessmentDetail | null>(null);
  const [error, setError] = useState<{ text: string; notFound: boolean } | null>(null);
  const [opened] = useState(() => Date.now());
  const retry = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(retry.current), []);

  const load = async () => {
    try {
      setDetail(await fetchRiskAssessment(assessmentId));
      setError(null);
    } catch (err) {
      const notFound = err instanceof ApiError && err.status === 404;
      setError({ text: errorText(err), notFound });
      if (notFound && Date.now() - opened < FRESH_MS) {
        window.clearTimeout(retry.current);
        retry.current = window.setTimeout(() => void load(), FRESH_RETRY_MS);
      }
    }
  };
  usePolling(load, POLL_MS, [assessmentId]);
  const taskActions = useTaskActions(load);
  const taskName = useTaskName(detail?.live ?? null);
  const measureOf = (task: TaskView) => detail?.live?.measures.find((x) => x.taskId === task.id || x.verifyTaskId === task.id)?.description;

  if (error?.notFound && !detail && Date.now() - opened < FRESH_MS)
    return (
      <div style={{ textAlign: 'center', margin: '64px auto' }} data-testid="risk-waiting">
        <Spin size="large" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t('riskDetail.registering')}
        </Typography.Paragraph>
      </div>
    );
  if (error?.notFound && !detail)
    return (
      <Result
        status="404"
        title={t('riskDetail.notFound')}
        extra={
          <Link to="/risk-assessments">
            <Button type="primary">{t('riskDetail.backToList')}</Button>
          </Link>
        }
      />
    );
  if (!detail)
    return error ? (
      <Alert type="error" showIcon title={error.text} data-testid="risk-error" />
    ) : (
      <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />
    );

  const { live, tasks, timeline, register, measures } = detail;
  // Keys: Space keys its children by position otherwise, and an alert coming and going would remount what follows.
  return (
    <>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="risk-detail">
        {error && <Alert key="error" type="warning" showIcon title={error.text} />}
        <HeaderCard key="header" detail={detail} />
        {live ? (
          <DepartmentsCard key="departments" detail={detail} live={live} />
        ) : (
          <Alert key="no-live" type="info" showIcon title={t('riskDetail.liveUnavailable')} data-testid="risk-no-live" />
        )}
        <RegisterCard key="register" register={register} />
        <MeasuresCard key="measures" measures={measures} register={register} phase={detail.assessment.status} />
        <Row key="tasks" gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <ProcessTasksCard
              tasks={tasks}
              buttons={taskActions.buttons}
              openTaskIds={new Set(live?.openTasks.map((x) => x.id) ?? [])}
              cardTestId="risk-tasks"
              title={t('riskDetail.tasks')}
              emptyText={t('riskDetail.noTasks')}
              name={taskName}
              detail={measureOf}
            />
          </Col>
          <Col xs={24} xl={10}>
            <TimelineCard events={timeline} register={register} />
          </Col>
        </Row>
      </Space>
      {taskActions.modals}
    </>
  );
}

/** "Input · Production", "Control measure #2": names that tell the rows of one type apart. */
function useTaskName(live: RiskLive | null): (task: TaskView) => string | undefined {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  return (task: TaskView) => {
    const type = labels.taskType(task.taskType) || task.title;
    const dept = [...(live?.inputs ?? []), ...(live?.proposals ?? [])].find((s) => s.taskId === task.id)?.department;
    if (dept) return `${type} · ${t(`risk.department.${dept}`)}`;
    const m = live?.measures.find((x) => x.taskId === task.id || x.verifyTaskId === task.id);
    return m ? `${type} #${m.n}` : undefined;
  };
}

/** The deadline the process waits on now, with the step it belongs to and that step's escalation. */
function currentClock(detail: RiskAssessmentDetail): { dueAt: string | null; level: number } {
  const { live, assessment: a, measures } = detail;
  const earliest = (steps: RiskDepartmentStep[]) => {
    const open = steps.filter((s) => s.status === 'open').sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt));
    return open.length ? { dueAt: open[0].dueAt, level: Math.max(...open.map((s) => s.escalationLevel)) } : null;
  };
  if (!live) return { dueAt: a.status === 'closed' ? null : a.dueAt, level: a.escalationLevel };
  switch (live.phase) {
    case 'inputs':
      return earliest(live.inputs) ?? { dueAt: a.dueAt, level: a.escalationLevel };
    case 'compiling':
      return { dueAt: live.compile.dueAt, level: live.compile.escalationLevel };
    case 'proposing':
      return earliest(live.proposals) ?? { dueAt: a.dueAt, level: a.escalationLevel };
    case 'planning':
      return { dueAt: live.plan.dueAt, level: live.plan.escalationLevel };
    case 'executing': {
      const planned = measures.filter((m) => m.status === 'planned').sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt));
      return { dueAt: planned[0]?.dueAt ?? live.verificationDueAt, level: 0 };
    }
    case 'verifying':
      return { dueAt: live.verificationDueAt, level: 0 };
    default:
      return { dueAt: null, level: 0 };
  }
}

function HeaderCard({ detail }: { detail: RiskAssessmentDetail }) {
  const { t, i18n } = useTranslation();
  const { assessment: a, live, timeline, temporalUiUrl } = detail;
  const phase = live?.phase ?? a.status;
  const closed = phase === 'closed';
  const clock = currentClock(detail);
  const at = (type: string) => timeline.find((e) => e.type === type)?.at ?? null;
  const reached: Record<string, string | null> = {
    inputs: a.startedAt,
    compiling: at('inputs_closed'),
    proposing: a.compiledAt ?? at('register_compiled'),
    planning: at('proposals_closed'),
    executing: at('plan_approved'),
    verifying: at('verification_open'),
    closed: a.closedAt ?? at('closed'),
  };
  const gaps = a.gaps;
  return (
    <Card
      title={
        <Space wrap size={[8, 4]} style={{ whiteSpace: 'normal' }}>
          <Link to="/risk-assessments">{t('nav.riskAssessments')}</Link>
          <Typography.Text type="secondary">/</Typography.Text>
          <span data-testid="risk-title">{a.title}</span>
        </Space>
      }
      extra={
        <Space wrap size={4}>
          <RiskStatusTag status={phase} />
          {a.overdue && !closed && <Tag color="red">{t('inbox.overdue')}</Tag>}
          {a.scheduleId && <Tag>{t('riskList.monthly')}</Tag>}
        </Space>
      }
    >
      {temporalUiUrl && (
        <Space wrap style={{ marginBottom: 16 }}>
          <Button href={temporalUiUrl} target="_blank" rel="noreferrer" data-testid="action-temporal">
            {t('riskDetail.openTemporal')}
          </Button>
          <ProcessHistoryLink workflowId={a.workflowId} />
        </Space>
      )}
      <Steps
        size="small"
        current={Math.max(0, RISK_STEPS.indexOf(phase))}
        status={closed ? 'finish' : gaps.length || a.overdue ? 'error' : 'process'}
        style={{ marginBottom: 16 }}
        data-testid="risk-steps"
        items={RISK_STEPS.map((s) => ({ title: t(`riskDetail.step.${s}`), content: reached[s] ? absoluteTime(reached[s], i18n.language) : undefined }))}
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={8}>
          <Statistic
            title={closed ? t('riskDetail.slaTitleDone') : t('riskDetail.slaTitle', { step: t(`riskDetail.step.${phase}`) })}
            valueRender={() => <SlaClock dueAt={clock.dueAt} stopped={closed} />}
          />
          {clock.dueAt && !closed && (
            <Typography.Text type="secondary">{t('riskDetail.dueAt', { time: absoluteTime(clock.dueAt, i18n.language) })}</Typography.Text>
          )}
        </Col>
        <Col xs={8} sm={4} lg={4}>
          <Statistic title={t('riskDetail.escalation')} value={closed ? 0 : Math.max(clock.level, a.escalationLevel)} data-testid="escalation-level" />
        </Col>
        <Col xs={8} sm={4} lg={4}>
          <Statistic title={t('riskDetail.risks')} value={a.itemCount} data-testid="risk-item-count" />
        </Col>
        <Col xs={8} sm={4} lg={4}>
          <Statistic
            title={t('riskDetail.measures')}
            value={a.measureCount}
            suffix={a.failedMeasures ? <Tag color="red">{t('riskList.failed', { count: a.failedMeasures })}</Tag> : undefined}
          />
        </Col>
        <Col xs={24} sm={12} lg={4}>
          <Statistic title={t('riskDetail.gaps')} value={gaps.length} valueStyle={gaps.length ? { color: RED } : undefined} />
          {gaps.length > 0 && <GapTags gaps={gaps} />}
        </Col>
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        items={[
          { key: 'area', label: t('riskDetail.area'), children: <span data-testid="risk-area">{a.area}</span> },
          { key: 'unit', label: t('riskDetail.unit'), children: <span data-testid="risk-unit">{a.orgUnitName}</span> },
          { key: 'departments', label: t('riskDetail.departments'), children: a.departments.map((d) => <Tag key={d}>{t(`risk.department.${d}`)}</Tag>) },
          { key: 'by', label: t('riskDetail.initiatedBy'), children: a.initiatedBy === 'schedule' ? t('riskList.bySchedule') : a.initiatedBy },
          { key: 'started', label: t('riskDetail.startedAt'), children: absoluteTime(a.startedAt, i18n.language) },
          { key: 'policy', label: t('riskDetail.policyVersion'), children: `v${a.policyVersion}` },
        ]}
      />
    </Card>
  );
}

/** A department's input and proposals side by side: waiting, done (late or on time), or a gap. */
function DepartmentsCard({ detail, live }: { detail: RiskAssessmentDetail; live: RiskLive }) {
  const { t } = useTranslation();
  const phaseIndex = RISK_STEPS.indexOf(live.phase);
  const unitName = (id: string | undefined) => (id ? (live.units?.names[id] ?? detail.tasks.find((x) => x.orgUnitId === id)?.orgUnitName ?? '') : '');
  return (
    <Card title={t('riskDetail.departmentsTitle')} size="small" data-testid="risk-departments">
      <Row gutter={[12, 12]}>
        {detail.assessment.departments.map((d) => {
          const input = live.inputs.find((s) => s.department === d);
          const proposals = live.proposals.find((s) => s.department === d);
          const gap = input?.status === 'gap' || proposals?.status === 'gap';
          return (
            <Col key={d} xs={24} md={12} xl={Math.max(8, 24 / detail.assessment.departments.length)}>
              <Card
                size="small"
                data-testid={`dept-${d}`}
                data-gap={gap ? 'true' : 'false'}
                style={{ borderColor: gap ? RED : undefined, borderWidth: gap ? 2 : 1, height: '100%' }}
                title={
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{t(`risk.department.${d}`)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                      {unitName(input?.orgUnitId ?? proposals?.orgUnitId)}
                    </Typography.Text>
                  </Space>
                }
              >
                <StepBlock department={d} kind="input" step={input} reached={phaseIndex >= 0} register={detail.register} />
                <div style={{ borderTop: '1px solid #f0f0f0', margin: '8px 0' }} />
                <StepBlock
                  department={d}
                  kind="proposals"
                  step={proposals}
                  reached={phaseIndex >= RISK_STEPS.indexOf('proposing')}
                  register={detail.register}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}

function StepBlock({
  department,
  kind,
  step,
  reached,
  register,
}: {
  department: RiskDepartment;
  kind: 'input' | 'proposals';
  step: RiskDepartmentStep | undefined;
  reached: boolean;
  register: RiskRegister;
}) {
  const { t } = useTranslation();
  const status = step?.status ?? 'waiting';
  const title = kind === 'input' ? t('riskDetail.input') : t('riskDetail.proposals');
  const tag =
    status === 'done' ? (
      <Tag color={step?.late ? 'orange' : 'green'}>{t('riskDetail.done')}</Tag>
    ) : status === 'gap' ? (
      <Tag color="red" style={{ fontWeight: 700 }}>
        {t('riskDetail.gap')}
      </Tag>
    ) : status === 'open' ? (
      <Tag color="blue">{t('riskDetail.waiting')}</Tag>
    ) : (
      <Tag>{reached ? t('riskDetail.waiting') : t('riskDetail.notYet')}</Tag>
    );
  return (
    <div data-testid={`dept-${department}-${kind}`} data-status={status}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text strong>{title}</Typography.Text>
        <span data-testid={`dept-${department}-${kind}-status`}>{tag}</span>
      </Space>
      {step && (
        <Space size={4} wrap style={{ marginTop: 4 }}>
          {step.doneAt && step.delaySeconds !== null ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('riskDetail.answeredAfter', { time: formatDuration(step.delaySeconds * 1000, t('hazard.sla.dayUnit')) })}
              {step.by ? ` · ${step.by}` : ''}
            </Typography.Text>
          ) : (
            status !== 'done' && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('riskDetail.due')} <DueCell task={{ dueAt: step.dueAt, overdue: step.overdue, status: 'open' }} />
              </Typography.Text>
            )
          )}
          {step.late === true && <Tag color="red">{t('riskDetail.late')}</Tag>}
          {step.late === false && <Tag color="green">{t('riskDetail.onTime')}</Tag>}
          {status === 'gap' && step.doneAt && <Tag color="orange">{t('riskDetail.answeredLate')}</Tag>}
          {step.escalationLevel > 0 && <Tag color="volcano">{t('riskDetail.escalated', { level: step.escalationLevel })}</Tag>}
        </Space>
      )}
      {step?.answer && <Answer kind={kind} answer={step.answer} register={register} />}
    </div>
  );
}

/** What a department answered: its assessment and concerns, or its proposed measures. */
function Answer({ kind, answer, register }: { kind: 'input' | 'proposals'; answer: Record<string, unknown>; register: RiskRegister }) {
  const { t } = useTranslation();
  if (kind === 'input') {
    const text = str(answer, 'assessment');
    const concerns = str(answer, 'concerns');
    return (
      <div style={{ marginTop: 4 }}>
        {text && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} ellipsis={{ rows: 4, expandable: 'collapsible' }}>
            {text}
          </Typography.Paragraph>
        )}
        {concerns && (
          <Typography.Paragraph type="warning" style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {t('riskDetail.concerns', { text: concerns })}
          </Typography.Paragraph>
        )}
      </div>
    );
  }
  const list = Array.isArray(answer.proposals) ? answer.proposals.filter(isObj) : [];
  if (list.length === 0)
    return (
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {t('riskDetail.noProposals')}
      </Typography.Text>
    );
  return (
    <ul style={{ paddingInlineStart: 18, margin: '4px 0 0' }}>
      {list.map((p, i) => (
        <li key={i}>
          <Typography.Text strong>{itemTitle(register, str(p, 'itemKey'))}: </Typography.Text>
          {str(p, 'description')}
        </li>
      ))}
    </ul>
  );
}

const itemTitle = (register: RiskRegister, key: string | null) => (key ? (register.items.find((i) => i.key === key)?.title ?? key) : '');

/** The register: the risks with their levels, the heat map (and last time's), and what changed since. */
function RegisterCard({ register }: { register: RiskRegister }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  if (register.items.length === 0)
    return (
      <Card title={t('riskDetail.register')} size="small" data-testid="risk-register">
        <Empty description={t('riskDetail.noRegister')} />
      </Card>
    );
  const columns: TableColumnsType<RiskRegisterItem> = [
    {
      key: 'risk',
      title: t('riskDetail.colRisk'),
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{i.title}</Typography.Text>
          <Typography.Text type="secondary">{label(`risk.source.${i.source}`, i.source)}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'score',
      title: t('riskDetail.colScore'),
      render: (_, i) => (
        <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {i.likelihood} × {i.severity} = <strong>{i.score}</strong>
        </span>
      ),
      sorter: (a, b) => a.score - b.score,
    },
    { key: 'level', title: t('riskDetail.colLevel'), render: (_, i) => <RiskLevelTag level={i.level} /> },
    { key: 'owner', title: t('riskDetail.colOwner'), dataIndex: 'ownerOrgUnitName' },
  ];
  const prev = register.previous;
  const changes = register.comparison.filter((c) => c.change !== 'unchanged');
  return (
    <Card
      title={t('riskDetail.register')}
      size="small"
      data-testid="risk-register"
      extra={
        register.compiledAt ? (
          <Typography.Text type="secondary">{t('riskDetail.compiledAt', { time: absoluteTime(register.compiledAt, i18n.language) })}</Typography.Text>
        ) : null
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Table<RiskRegisterItem>
            rowKey="key"
            size="small"
            columns={columns}
            dataSource={register.items}
            pagination={false}
            onRow={(i) => ({ ...testId(`register-row-${i.key}`), 'data-level': i.level }) as never}
            scroll={{ x: 'max-content' }}
          />
        </Col>
        <Col xs={24} xl={11}>
          <Space size="large" wrap align="start" data-testid="risk-heatmaps">
            <RiskHeatMap map={register.heatMap} testId="heatmap" caption={t('riskDetail.heat.now')} />
            {prev && (
              <RiskHeatMap
                map={prev.heatMap}
                testId="heatmap-previous"
                caption={t('riskDetail.heat.previous', { title: prev.title, time: prev.compiledAt ? absoluteTime(prev.compiledAt, i18n.language) : '' })}
              />
            )}
          </Space>
          <HeatLegend />
        </Col>
      </Row>
      {prev && (
        <div style={{ marginTop: 16 }} data-testid="risk-comparison">
          <Typography.Title level={5}>
            {t('riskDetail.comparison')}{' '}
            <Link to={`/risk-assessments/${encodeURIComponent(prev.assessmentId)}`} style={{ fontSize: 13, fontWeight: 400 }}>
              {prev.title}
            </Link>
          </Typography.Title>
          {changes.length === 0 ? (
            <Typography.Text type="secondary">{t('riskDetail.noChanges')}</Typography.Text>
          ) : (
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={register.comparison}
              scroll={{ x: 'max-content' }}
              onRow={(c) => ({ ...testId(`comparison-row-${c.key}`), 'data-change': c.change }) as never}
              columns={[
                { key: 'risk', title: t('riskDetail.colRisk'), dataIndex: 'title' },
                { key: 'change', title: t('riskDetail.colChange'), render: (_, c) => <ChangeTag change={c.change} /> },
                {
                  key: 'before',
                  title: t('riskDetail.colBefore'),
                  render: (_, c) => (c.before ? <RiskLevelTag level={c.before.level} score={c.before.score} /> : t('common.none')),
                },
                {
                  key: 'after',
                  title: t('riskDetail.colAfter'),
                  render: (_, c) => (c.after ? <RiskLevelTag level={c.after.level} score={c.after.score} /> : t('common.none')),
                },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}

function HeatLegend() {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap style={{ marginTop: 8 }}>
      {(['low', 'medium', 'high', 'extreme'] as const).map((l) => (
        <RiskLevelTag key={l} level={l} />
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('riskDetail.heat.legend')}
      </Typography.Text>
    </Space>
  );
}

/** The control plan: each measure's owner, due date, state and verification; a failed one links to its hazard. */
function MeasuresCard({ measures, register, phase }: { measures: RiskMeasure[]; register: RiskRegister; phase: string }) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<RiskMeasure> = [
    { key: 'n', title: '#', dataIndex: 'n', width: 40 },
    {
      key: 'measure',
      title: t('riskDetail.colMeasure'),
      render: (_, m) => {
        const item = register.items.find((i) => i.key === m.itemKey);
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{m.description}</Typography.Text>
            <Space size={4} wrap>
              {item && <RiskLevelTag level={item.level} />}
              <Typography.Text type="secondary">{item?.title ?? m.itemKey}</Typography.Text>
            </Space>
          </Space>
        );
      },
    },
    { key: 'owner', title: t('riskDetail.colOwner'), dataIndex: 'ownerOrgUnitName' },
    {
      key: 'due',
      title: t('riskDetail.colDue'),
      render: (_, m) => (m.status === 'planned' ? <DueCell task={{ dueAt: m.dueAt, overdue: false, status: 'open' }} /> : <RelativeTime iso={m.dueAt} />),
    },
    { key: 'status', title: t('riskDetail.colStatus'), render: (_, m) => <MeasureStatusTag status={m.status} /> },
    {
      key: 'verification',
      title: t('riskDetail.colVerification'),
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          {m.verifiedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {absoluteTime(m.verifiedAt, i18n.language)}
              {m.verifiedBy ? ` · ${m.verifiedBy}` : ''}
            </Typography.Text>
          )}
          {m.reason && <Typography.Text type="danger">{m.reason}</Typography.Text>}
          {m.hazardId && (
            <Link to={`/hazards/${encodeURIComponent(m.hazardId)}`} data-testid={`measure-hazard-${m.n}`}>
              {t('riskDetail.hazard')} →
            </Link>
          )}
          {!m.verifiedAt && !m.hazardId && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('riskDetail.plan')} size="small" data-testid="risk-measures">
      {measures.length === 0 ? (
        <Typography.Text type="secondary">
          {RISK_STEPS.indexOf(phase as never) >= RISK_STEPS.indexOf('executing') ? t('riskDetail.noMeasures') : t('riskDetail.planPending')}
        </Typography.Text>
      ) : (
        <Table<RiskMeasure>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={measures}
          pagination={false}
          onRow={(m) =>
            ({ ...testId(`measure-row-${m.n}`), 'data-status': m.status, style: m.status === 'failed' ? { background: '#fff1f0' } : undefined }) as never
          }
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}

const EVENT_COLORS: Record<string, string> = {
  started: 'blue',
  input: 'blue',
  input_late: 'orange',
  gap: 'red',
  inputs_closed: 'blue',
  register_compiled: 'blue',
  proposals: 'blue',
  proposals_late: 'orange',
  proposals_closed: 'blue',
  plan_approved: 'green',
  measure_done: 'blue',
  verification_open: 'blue',
  measure_passed: 'green',
  measure_failed: 'red',
  closed: 'green',
};

function TimelineCard({ events, register }: { events: RiskEvent[]; register: RiskRegister }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Card title={t('riskDetail.timeline')} size="small" data-testid="risk-timeline">
      {sorted.length === 0 ? (
        <Empty description={t('riskDetail.noEvents')} />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: EVENT_COLORS[e.type] ?? 'gray',
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <Typography.Text strong>{label(`risk.event.${e.type}`, e.type)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.actor ? `${e.actor} · ` : ''}
                  <time dateTime={e.at}>{absoluteTime(e.at, i18n.language)}</time>
                </Typography.Text>
                <EventDetails event={e} register={register} />
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** The parts of an event's data a reader cares about, in words. */
function EventDetails({ event, register }: { event: RiskEvent; register: RiskRegister }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const d = event.data ?? {};
  const parts: ReactNode[] = [];
  const dept = (k: string | null) => (k ? label(`risk.department.${k}`, k) : '');
  const quote = (k: string, text: string | null) =>
    text &&
    parts.push(
      <Typography.Paragraph key={k} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} ellipsis={{ rows: 3, expandable: 'collapsible' }}>
        {text}
      </Typography.Paragraph>,
    );
  const unit = str(d, 'orgUnitName') ?? dept(str(d, 'department'));
  const delay = num(d, 'delaySeconds');
  const sla = num(d, 'slaSeconds');
  const dayUnit = t('hazard.sla.dayUnit');

  switch (event.type) {
    case 'started': {
      const depts = strings(d.departments).map(dept).join(', ');
      parts.push(<div key="area">{t('riskDetail.ev.started', { area: str(d, 'area') ?? '', departments: depts })}</div>);
      if (str(d, 'scheduleId')) parts.push(<Tag key="sched">{t('riskList.monthly')}</Tag>);
      break;
    }
    case 'input':
    case 'input_late':
    case 'proposals':
    case 'proposals_late':
      parts.push(
        <div key="who">
          {unit}
          {delay !== null && ` · ${t('riskDetail.answeredAfter', { time: formatDuration(delay * 1000, dayUnit) })}`}
          {sla !== null && ` (${t('riskDetail.ev.sla', { time: formatDuration(sla * 1000, dayUnit) })})`}{' '}
          {d.late === true ? <Tag color="red">{t('riskDetail.late')}</Tag> : d.late === false ? <Tag color="green">{t('riskDetail.onTime')}</Tag> : null}
        </div>,
      );
      if (isObj(d.answer)) {
        if (event.type.startsWith('input')) {
          quote('a', str(d.answer, 'assessment'));
          const c = str(d.answer, 'concerns');
          if (c)
            parts.push(
              <Typography.Text key="c" type="warning">
                {t('riskDetail.concerns', { text: c })}
              </Typography.Text>,
            );
        } else {
          const list = Array.isArray(d.answer.proposals) ? d.answer.proposals.filter(isObj) : [];
          parts.push(
            list.length ? (
              <ul key="p" style={{ paddingInlineStart: 18, margin: '4px 0' }}>
                {list.map((p, i) => (
                  <li key={i}>
                    <Typography.Text strong>{itemTitle(register, str(p, 'itemKey'))}: </Typography.Text>
                    {str(p, 'description')}
                  </li>
                ))}
              </ul>
            ) : (
              <Typography.Text key="p" type="secondary">
                {t('riskDetail.noProposals')}
              </Typography.Text>
            ),
          );
        }
      }
      break;
    case 'gap':
      parts.push(
        <Typography.Text key="gap" type="danger">
          {t('riskDetail.ev.gap', {
            unit,
            step: label(`riskDetail.stepOf.${str(d, 'step') ?? ''}`, str(d, 'step') ?? ''),
            sla: sla !== null ? formatDuration(sla * 1000, dayUnit) : '',
          })}
        </Typography.Text>,
      );
      break;
    case 'inputs_closed':
    case 'proposals_closed': {
      const answered = strings(d.answered).map(dept);
      const gaps = strings(d.gaps).map(dept);
      const proposals = num(d, 'proposals');
      if (answered.length) parts.push(<div key="ans">{t('riskDetail.ev.answered', { names: answered.join(', ') })}</div>);
      if (proposals !== null) parts.push(<div key="np">{t('riskDetail.ev.proposalCount', { count: proposals })}</div>);
      if (gaps.length)
        parts.push(
          <Typography.Text key="gaps" type="danger">
            {t('riskDetail.ev.gaps', { names: gaps.join(', ') })}
          </Typography.Text>,
        );
      break;
    }
    case 'register_compiled': {
      const items = Array.isArray(d.items) ? d.items.filter(isObj) : [];
      parts.push(
        <Space key="items" size={4} wrap>
          {items.map((i, n) => {
            const level = str(i, 'level');
            return (
              <Tag key={n} color={level === 'extreme' ? 'red' : level === 'high' ? 'orange' : level === 'medium' ? 'gold' : 'green'}>
                {str(i, 'title')} · {num(i, 'score')}
              </Tag>
            );
          })}
        </Space>,
      );
      quote('summary', str(d, 'summary'));
      break;
    }
    case 'plan_approved': {
      const ms = Array.isArray(d.measures) ? d.measures.filter(isObj) : [];
      parts.push(
        <ol key="m" style={{ paddingInlineStart: 18, margin: '4px 0' }}>
          {ms.map((m, i) => (
            <li key={i}>
              {str(m, 'description')}
              {str(m, 'owner') ? <Typography.Text type="secondary"> — {str(m, 'owner')}</Typography.Text> : null}
              {str(m, 'dueAt') ? (
                <Typography.Text type="secondary">, {t('riskDetail.dueAt', { time: absoluteTime(str(m, 'dueAt')!, i18n.language) })}</Typography.Text>
              ) : null}
            </li>
          ))}
        </ol>,
      );
      if (str(d, 'verificationDueAt'))
        parts.push(<div key="v">{t('riskDetail.ev.verificationDue', { time: absoluteTime(str(d, 'verificationDueAt')!, i18n.language) })}</div>);
      quote('note', str(d, 'note'));
      break;
    }
    case 'measure_done':
      parts.push(
        <div key="m">
          <Typography.Text strong>{t('riskDetail.ev.measure', { n: num(d, 'n') ?? '' })}: </Typography.Text>
          {str(d, 'description')}{' '}
          {d.onTime === true ? <Tag color="green">{t('riskDetail.onTime')}</Tag> : d.onTime === false ? <Tag color="red">{t('riskDetail.late')}</Tag> : null}
        </div>,
      );
      quote('summary', str(d, 'summary'));
      if (strings(d.evidenceIds).length) parts.push(<EvidenceGallery key="ev" ids={strings(d.evidenceIds)} />);
      break;
    case 'verification_open':
      if (str(d, 'dueAt')) parts.push(<div key="due">{t('riskDetail.ev.verificationDue', { time: absoluteTime(str(d, 'dueAt')!, i18n.language) })}</div>);
      break;
    case 'measure_passed':
    case 'measure_failed': {
      parts.push(
        <div key="m">
          <Typography.Text strong>{t('riskDetail.ev.measure', { n: num(d, 'n') ?? '' })}: </Typography.Text>
          {str(d, 'description')}
        </div>,
      );
      const reason = str(d, 'reason');
      if (reason)
        parts.push(
          <Typography.Text key="r" type="danger">
            {t('riskDetail.ev.reason', { reason })}
          </Typography.Text>,
        );
      const hazardId = str(d, 'hazardId');
      if (hazardId)
        parts.push(
          <div key="h">
            {t('riskDetail.ev.hazardStarted')} <Link to={`/hazards/${encodeURIComponent(hazardId)}`}>{t('riskDetail.hazard')} →</Link>
          </div>,
        );
      break;
    }
    case 'closed':
      parts.push(
        <div key="c">{t('riskDetail.ev.closed', { measures: num(d, 'measures') ?? 0, failed: num(d, 'failed') ?? 0, gaps: num(d, 'gaps') ?? 0 })}</div>,
      );
      break;
  }
  return parts.length ? <div style={{ marginTop: 4 }}>{parts}</div> : null;
}
