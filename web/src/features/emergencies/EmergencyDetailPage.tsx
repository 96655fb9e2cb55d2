import { newClientId } from '../../shared/clientId';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Result,
  Row,
  Select,
  Space,
  Spin,
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
  addEmergencyProgress,
  ApiError,
  fetchEmergency,
  RESPONSE_KINDS,
  type Emergency,
  type EmergencyDetail,
  type EmergencyEvent,
  type EmergencyFinding,
  type EmergencyLive,
  type ResponseKind,
  type TaskView,
} from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { DrillTag, EmergencyStatusTag, EmergencyTypeLabel } from './EmergencyTags';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { useTaskActions } from '../tasks/TaskActions';
import { useTaskLabels } from '../tasks/taskLabels';
import { absoluteTime } from '../../shared/format';
import { formatDuration } from '../hazards/hazard';
import { useErrorText, useNow, usePolling } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

/** The command view follows the incident closely. */
const POLL_MS = 2_500;
/** An emergency raised a moment ago may not be visible yet: retry a while before "not found". */
const FRESH_MS = 15_000;
const FRESH_RETRY_MS = 1_000;
const RED = '#cf1322';

type StepKey = ResponseKind | 'onSite';

/** One department's part of the response, as a card shows it. */
interface DeptStep {
  key: StepKey;
  unitName: string;
  status: 'open' | 'started' | 'done';
  doneAt: string | null;
  dueAt: string | null;
  by: string | null;
  /** Seconds from the alarm to completion, when done. */
  tookSeconds: number | null;
  targetSeconds: number | null;
  /** Known lateness: from the API once done, or escalation / overdue of the on-site step. */
  late: boolean | null;
  escalationLevel: number;
  notes: number | null;
}

/** The emergency command view: where the response stands, department by department, live. */
export function EmergencyDetailPage({ emergencyId }: { emergencyId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [detail, setDetail] = useState<EmergencyDetail | null>(null);
  const [error, setError] = useState<{ text: string; notFound: boolean } | null>(null);
  const [opened] = useState(() => Date.now());
  // The server's clock minus ours, so the elapsed time agrees with the server's.
  const [skew, setSkew] = useState(0);
  const retry = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(retry.current), []);

  const load = async () => {
    try {
      const d = await fetchEmergency(emergencyId);
      if (d.live && !d.live.controlledAt && !d.live.closedAt) setSkew(Date.parse(d.live.reportedAt) + d.live.elapsedSeconds * 1000 - Date.now());
      setDetail(d);
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
  usePolling(load, POLL_MS, [emergencyId]);
  const taskActions = useTaskActions(load);

  if (error?.notFound && !detail && Date.now() - opened < FRESH_MS)
    return (
      <div style={{ textAlign: 'center', margin: '64px auto' }} data-testid="emergency-waiting">
        <Spin size="large" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t('emergencyDetail.registering')}
        </Typography.Paragraph>
      </div>
    );
  if (error?.notFound && !detail)
    return (
      <Result
        status="404"
        title={t('emergencyDetail.notFound')}
        extra={
          <Link to="/emergencies">
            <Button type="primary">{t('emergencyDetail.backToList')}</Button>
          </Link>
        }
      />
    );
  if (!detail)
    return error ? (
      <Alert type="error" showIcon title={error.text} data-testid="emergency-error" />
    ) : (
      <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />
    );

  const { emergency, live, tasks, timeline } = detail;
  const steps = live ? deptSteps(live, tasks) : [];

  // The dialogs sit outside the Space: it keys its children by position, so an alert coming and
  // going would remount them and lose what was typed.
  return (
    <>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="emergency-detail">
        {error && <Alert type="warning" showIcon title={error.text} />}
        <HeaderCard detail={detail} skew={skew} />
        {!live && <Alert type="info" showIcon title={t('emergencyDetail.liveUnavailable')} data-testid="emergency-no-live" />}
        {live && (
          <Card title={t('emergencyDetail.departments')} size="small" data-testid="emergency-departments">
            <Row gutter={[12, 12]}>
              {steps.map((s) => (
                <Col key={s.key} xs={12} xl={6}>
                  <DeptCard step={s} reportedAt={emergency.reportedAt} skew={skew} />
                </Col>
              ))}
            </Row>
          </Card>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <TasksCard tasks={tasks} live={live} buttons={taskActions.buttons} />
              {live && (live.phase === 'acknowledging' || live.phase === 'responding') && (
                <ProgressCard emergency={emergency} live={live} tasks={tasks} onDone={load} />
              )}
              <ReviewCard emergency={emergency} live={live} timeline={timeline} />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <TimelineCard events={timeline} />
          </Col>
        </Row>
      </Space>
      {taskActions.modals}
    </>
  );
}

/** The on-site step and the response steps, in the order of the process. */
function deptSteps(live: EmergencyLive, tasks: TaskView[]): DeptStep[] {
  const unitOf = (taskId: string) => tasks.find((x) => x.id === taskId)?.orgUnitName ?? '';
  const o = live.onSite;
  const onSite: DeptStep = {
    key: 'onSite',
    unitName: unitOf(o.taskId),
    status: o.status,
    doneAt: o.doneAt,
    dueAt: o.dueAt || null,
    by: o.by,
    tookSeconds: o.delaySeconds,
    targetSeconds: null, // the live state does not carry the on-site target (policy.sla.emergencyAcknowledge)
    late: o.escalationLevel > 0 || o.overdue ? true : o.status === 'done' ? false : null,
    escalationLevel: o.escalationLevel,
    notes: null,
  };
  const order = (k: ResponseKind) => RESPONSE_KINDS.indexOf(k);
  return [
    onSite,
    ...[...live.responses]
      .sort((a, b) => order(a.kind) - order(b.kind))
      .map((r): DeptStep => ({
        key: r.kind,
        unitName: r.orgUnitName ?? unitOf(r.taskId),
        status: r.status,
        doneAt: r.doneAt,
        dueAt: r.dueAt,
        by: r.by,
        tookSeconds: r.responseSeconds,
        targetSeconds: r.targetSeconds,
        late: r.late,
        escalationLevel: 0,
        notes: r.notes,
      })),
  ];
}

const hms = (seconds: number, dayUnit: string) => formatDuration(seconds * 1000, dayUnit);

function HeaderCard({ detail, skew }: { detail: EmergencyDetail; skew: number }) {
  const { t, i18n } = useTranslation();
  const { emergency: e, live, temporalUiUrl } = detail;
  const phase = live?.phase ?? e.status;
  const controlledAt = live?.controlledAt ?? e.controlledAt;
  const steps = [
    { title: t('emergencyDetail.steps.raised'), at: e.reportedAt },
    { title: t('emergencyDetail.steps.onSite'), at: live?.onSite.doneAt ?? e.acknowledgedAt },
    { title: t('emergencyDetail.steps.responding'), at: null },
    { title: t('emergencyDetail.steps.controlled'), at: controlledAt },
    { title: t('emergencyDetail.steps.review'), at: e.reviewedAt },
    { title: t('emergencyDetail.steps.closed'), at: live?.closedAt ?? e.closedAt },
  ];
  const current = { acknowledging: 1, responding: 2, reviewing: 4, improving: 4, closed: 5 }[phase] ?? 0;
  return (
    <Card
      style={{ borderColor: phase === 'acknowledging' || phase === 'responding' ? RED : undefined, borderWidth: 2 }}
      title={
        <Space wrap size={[8, 4]} style={{ whiteSpace: 'normal' }}>
          <Link to={`/emergencies${e.drill ? '?drill=true' : ''}`}>{t('nav.emergencies')}</Link>
          <Typography.Text type="secondary">/</Typography.Text>
          <span data-testid="emergency-title">
            <EmergencyTypeLabel type={e.type} /> · {e.location}
          </span>
        </Space>
      }
      extra={
        <Space wrap size={4}>
          {e.drill && <DrillTag />}
          <EmergencyStatusTag status={phase} overdue={e.overdue} />
          <Tag color={e.injuries ? 'red' : 'default'} data-testid="emergency-injuries">
            {e.injuries ? t('emergency.injuries') : t('emergency.noInjuries')}
          </Tag>
        </Space>
      }
    >
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={7} xl={5}>
          <ElapsedClock reportedAt={e.reportedAt} stoppedAt={controlledAt} skew={skew} />
        </Col>
        <Col xs={24} md={17} xl={19}>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, xl: 3 }}
            items={[
              { key: 'location', label: t('emergencyDetail.location'), children: e.location },
              { key: 'where', label: t('emergencyDetail.where'), children: e.orgUnitName },
              { key: 'reporter', label: t('emergencyDetail.reporter'), children: e.reporter },
              { key: 'reported', label: t('emergencyDetail.reportedAt'), children: absoluteTime(e.reportedAt, i18n.language) },
              ...(e.policyVersion !== null && e.policyVersion !== undefined
                ? [{ key: 'policy', label: t('emergencyDetail.policyVersion'), children: `v${e.policyVersion}` }]
                : []),
              ...(temporalUiUrl
                ? [
                    {
                      key: 'temporal',
                      label: 'Temporal',
                      children: (
                        <Space size="middle" wrap>
                          <a href={temporalUiUrl} target="_blank" rel="noreferrer" data-testid="action-temporal">
                            {t('emergencyDetail.openTemporal')}
                          </a>
                          <ProcessHistoryLink workflowId={e.workflowId} asText />
                        </Space>
                      ),
                    },
                  ]
                : []),
              {
                key: 'description',
                label: t('emergencyDetail.description'),
                span: 'filled' as const,
                children: (
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="emergency-description">
                    {e.description}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </Col>
      </Row>
      <Steps
        size="small"
        current={current}
        status={phase === 'closed' ? 'finish' : 'process'}
        data-testid="emergency-steps"
        items={steps.map((s) => ({ title: s.title, content: s.at ? absoluteTime(s.at, i18n.language) : undefined }))}
      />
    </Card>
  );
}

/** Time since the alarm, ticking every second until the emergency is under control. */
function ElapsedClock({ reportedAt, stoppedAt, skew }: { reportedAt: string; stoppedAt: string | null; skew: number }) {
  const { t } = useTranslation();
  const now = useNow(1000) + skew;
  const ms = (stoppedAt ? Date.parse(stoppedAt) : now) - Date.parse(reportedAt);
  const running = !stoppedAt;
  return (
    <div data-testid="emergency-clock" data-state={running ? 'running' : 'stopped'}>
      <div style={{ fontSize: 36, fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: running ? RED : '#0b6e4f', lineHeight: 1.1 }}>
        {formatDuration(Math.max(0, ms), t('hazard.sla.dayUnit'))}
      </div>
      <Typography.Text type="secondary">{running ? t('emergencyDetail.sinceAlarm') : t('emergencyDetail.controlledAfter')}</Typography.Text>
    </div>
  );
}

function DeptCard({ step: s, reportedAt, skew }: { step: DeptStep; reportedAt: string; skew: number }) {
  const { t } = useTranslation();
  const now = useNow(1000) + skew;
  const day = t('hazard.sla.dayUnit');
  const done = s.status === 'done';
  const elapsed = (now - Date.parse(reportedAt)) / 1000;
  // While open: late once the deadline has passed (the API's own flag comes with completion).
  const lateNow = !done && s.dueAt ? now > Date.parse(s.dueAt) : false;
  const late = s.late === true || lateNow;
  const lateSeconds =
    done && s.tookSeconds !== null && s.targetSeconds !== null ? s.tookSeconds - s.targetSeconds : !done && s.dueAt ? (now - Date.parse(s.dueAt)) / 1000 : null;
  const color = done ? (late ? '#d46b08' : '#389e0d') : late ? RED : s.status === 'started' ? '#1677ff' : '#8c8c8c';
  const statusText = done ? t('emergencyDetail.done') : s.status === 'started' ? t('emergencyDetail.started') : t('emergencyDetail.waiting');
  return (
    <Card
      size="small"
      data-testid={`dept-${s.key}`}
      data-status={done ? 'done' : s.status === 'started' ? 'started' : 'waiting'}
      data-late={late ? 'true' : 'false'}
      style={{ borderColor: color, borderWidth: 2, height: '100%' }}
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{t(`emergency.step.${s.key}`)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {s.unitName}
          </Typography.Text>
        </Space>
      }
      extra={
        <Tag color={done ? (late ? 'orange' : 'green') : late ? 'red' : s.status === 'started' ? 'blue' : 'default'} data-testid={`dept-${s.key}-status`}>
          {statusText}
        </Tag>
      }
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {done ? t('emergencyDetail.responseTime') : t('emergencyDetail.elapsed')}
      </Typography.Text>
      <div style={{ fontSize: 24, fontWeight: 600, fontVariantNumeric: 'tabular-nums', color }} data-testid={`dept-${s.key}-time`}>
        {hms(done && s.tookSeconds !== null ? s.tookSeconds : Math.max(0, elapsed), day)}
      </div>
      <Space size={4} wrap style={{ marginTop: 4 }}>
        {s.targetSeconds !== null && <Typography.Text type="secondary">{t('emergencyDetail.target', { time: hms(s.targetSeconds, day) })}</Typography.Text>}
        {late ? (
          <Tag color="red" data-testid={`dept-${s.key}-late`}>
            {lateSeconds !== null && lateSeconds > 0 ? t('emergencyDetail.lateBy', { time: hms(lateSeconds, day) }) : t('emergencyDetail.late')}
          </Tag>
        ) : (
          done && s.late === false && <Tag color="green">{t('emergencyDetail.onTime')}</Tag>
        )}
        {s.escalationLevel > 0 && <Tag color="volcano">{t('emergencyDetail.escalated', { level: s.escalationLevel })}</Tag>}
      </Space>
      {(s.by || (s.notes ?? 0) > 0) && (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[s.by ? t('emergencyDetail.by', { name: s.by }) : null, s.notes ? t('emergencyDetail.notes', { count: s.notes }) : null]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}

function TasksCard({ tasks, live, buttons }: { tasks: TaskView[]; live: EmergencyLive | null; buttons: (task: TaskView) => ReactNode }) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const openIds = new Set(live?.openTasks.map((x) => x.id) ?? []);
  const kindOf = (task: TaskView) => live?.responses.find((r) => r.taskId === task.id)?.kind;
  const sorted = [...tasks].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const columns: TableColumnsType<TaskView> = [
    {
      key: 'task',
      title: t('hazardDetail.taskCol'),
      render: (_, task) => {
        const kind = kindOf(task);
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{kind ? t(`emergency.step.${kind}`) : labels.taskType(task.taskType) || task.title}</Typography.Text>
            <Typography.Text type="secondary">{task.orgUnitName}</Typography.Text>
          </Space>
        );
      },
    },
    {
      key: 'who',
      title: t('inbox.colAssignee'),
      render: (_, task) => (task.status === 'completed' ? task.completedBy : task.assignee ? task.assignee.displayName : <Tag>{t('common.unassigned')}</Tag>),
    },
    {
      key: 'status',
      title: t('hazardDetail.taskStatus'),
      render: (_, task) =>
        task.status === 'open' ? (
          <DueCell task={task} />
        ) : (
          <Tag color={task.status === 'completed' ? 'green' : 'default'}>{t(`taskStatus.${task.status}`)}</Tag>
        ),
    },
    { key: 'actions', title: t('inbox.colActions'), render: (_, task) => (task.status === 'open' ? buttons(task) : null) },
  ];
  return (
    <Card title={t('emergencyDetail.tasks')} size="small" data-testid="emergency-tasks">
      <Table<TaskView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={sorted}
        pagination={false}
        onRow={(task) =>
          ({ ...testId(`task-row-${task.id}`), 'data-task-type': task.taskType, style: openIds.has(task.id) ? { background: '#fff7e6' } : undefined }) as never
        }
        locale={{ emptyText: t('emergencyDetail.noTasks') }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** Progress notes: the responding departments about their response, the safety hub about anything. */
function ProgressCard({ emergency, live, tasks, onDone }: { emergency: Emergency; live: EmergencyLive; tasks: TaskView[]; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ text: string; response?: ResponseKind | '' }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One id per note: sending it again after an error or a timeout records it once; a new note gets a new one.
  const [clientId, setClientId] = useState(newClientId);
  const hub = hasRole(user, 'safety_officer', 'admin');
  const mine = live.responses.filter(
    (r) =>
      r.status !== 'done' &&
      (r.orgUnitId === user.orgUnitId || tasks.some((x) => x.id === r.taskId && (x.actions.canClaim || x.actions.canComplete || x.actions.canUnclaim))),
  );
  if (!hub && mine.length === 0) return null;
  const choices = (hub ? live.responses.filter((r) => r.status !== 'done') : mine).map((r) => r.kind);

  const submit = async (v: { text: string; response?: ResponseKind | '' }) => {
    setError(null);
    setBusy(true);
    try {
      await addEmergencyProgress(emergency.id, v.text.trim(), v.response || undefined, clientId);
      setClientId(newClientId());
      form.resetFields();
      void message.success(t('emergencyDetail.progressAdded'));
      await onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('emergencyDetail.progress')} size="small" data-testid="emergency-progress">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="progress-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ response: '' }}>
        <Form.Item name="response" label={t('emergencyDetail.progressAbout')}>
          <Select
            data-testid="progress-response"
            options={[
              { value: '', label: hub ? t('emergencyDetail.progressGeneral') : t('emergencyDetail.progressAuto') },
              ...choices.map((k) => ({ value: k, label: t(`emergency.step.${k}`) })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('emergencyDetail.progressText')}
          rules={[{ required: true, whitespace: true, message: t('emergencyDetail.progressRequired') }, { max: 5000 }]}
        >
          <Input.TextArea rows={2} maxLength={5000} data-testid="progress-text" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="progress-submit">
          {t('emergencyDetail.progressSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (d: Record<string, unknown>, k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
const num = (d: Record<string, unknown>, k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);

function FindingLine({ f }: { f: EmergencyFinding }) {
  const { t } = useTranslation();
  const label = useLabel();
  const day = t('hazard.sla.dayUnit');
  const step = label(`emergency.step.${f.step}`, f.step);
  // A step never done counts up to the review; the API says so only in its English text.
  const never = /never completed/.test(f.text);
  return (
    <span>
      {never
        ? t('emergencyDetail.findingNever', { unit: f.orgUnitName, step, target: hms(f.targetSeconds, day) })
        : t('emergencyDetail.finding', {
            unit: f.orgUnitName,
            step,
            late: hms(f.lateSeconds, day),
            took: hms(f.responseSeconds, day),
            target: hms(f.targetSeconds, day),
          })}
    </span>
  );
}

/** After "under control": the delays computed from the recorded times, the review's findings, the improvement actions. */
function ReviewCard({ emergency, live, timeline }: { emergency: Emergency; live: EmergencyLive | null; timeline: EmergencyEvent[] }) {
  const { t, i18n } = useTranslation();
  const started = timeline.find((e) => e.type === 'review_started');
  const reviewed = timeline.find((e) => e.type === 'reviewed');
  if (!started && !reviewed && !(live?.findings.length ?? 0)) return null;
  const computed: EmergencyFinding[] = live?.findings.length
    ? live.findings
    : Array.isArray(started?.data?.findings)
      ? (started.data.findings as EmergencyFinding[])
      : [];
  const reviewText = reviewed?.data ? str(reviewed.data, 'findings') : null;
  const doneActions = new Map(timeline.filter((e) => e.type === 'action_done' && e.data).map((e) => [num(e.data!, 'n'), e]));
  const actions: { description: string; unit: string; done: boolean; doneAt: string | null; by: string | null }[] = live?.actions.length
    ? live.actions.map((a, i) => {
        const ev = doneActions.get(i + 1);
        const unit = reviewed?.data && Array.isArray(reviewed.data.actions) ? (reviewed.data.actions as unknown[]).filter(isObj)[i] : undefined;
        return {
          description: a.description,
          unit: (unit && str(unit, 'orgUnitName')) ?? '',
          done: a.status === 'done',
          doneAt: a.doneAt ?? ev?.at ?? null,
          by: a.by,
        };
      })
    : reviewed?.data && Array.isArray(reviewed.data.actions)
      ? (reviewed.data.actions as unknown[]).filter(isObj).map((a, i) => {
          const ev = doneActions.get(i + 1);
          return { description: str(a, 'description') ?? '', unit: str(a, 'orgUnitName') ?? '', done: !!ev, doneAt: ev?.at ?? null, by: ev?.actor ?? null };
        })
      : [];
  return (
    <Card title={t('emergencyDetail.review')} size="small" data-testid="emergency-review" data-status={emergency.status}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('emergencyDetail.findingsComputed')}
      </Typography.Title>
      {computed.length === 0 ? (
        <Typography.Paragraph type="success" data-testid="findings-none">
          {t('emergencyDetail.noDelays')}
        </Typography.Paragraph>
      ) : (
        <ul data-testid="findings" style={{ paddingInlineStart: 20 }}>
          {computed.map((f) => (
            <li key={f.step} data-testid={`finding-${f.step}`}>
              <Typography.Text type="danger">
                <FindingLine f={f} />
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
      {reviewText && (
        <>
          <Typography.Title level={5}>{t('emergencyDetail.reviewFindings')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="review-findings">
            {reviewText}
          </Typography.Paragraph>
        </>
      )}
      {actions.length > 0 && (
        <>
          <Typography.Title level={5}>{t('emergencyDetail.actions')}</Typography.Title>
          <List
            size="small"
            data-testid="review-actions"
            dataSource={actions}
            renderItem={(a, i) => (
              <List.Item key={i} data-testid={`review-action-${i + 1}`} data-done={a.done ? 'true' : 'false'}>
                <Space orientation="vertical" size={0}>
                  <Typography.Text>
                    {a.unit && <Typography.Text strong>{a.unit}: </Typography.Text>}
                    {a.description}
                  </Typography.Text>
                  {a.done && a.doneAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {absoluteTime(a.doneAt, i18n.language)}
                      {a.by ? ` · ${a.by}` : ''}
                    </Typography.Text>
                  )}
                </Space>
                <Tag color={a.done ? 'green' : 'orange'}>{a.done ? t('emergencyDetail.actionDone') : t('emergencyDetail.actionOpen')}</Tag>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

const EVENT_COLORS: Record<string, string> = {
  reported: 'red',
  alerted: 'red',
  progress: 'gray',
  on_site: 'blue',
  response_done: 'blue',
  under_control: 'green',
  review_started: 'blue',
  reviewed: 'blue',
  action_done: 'green',
  closed: 'green',
};

function TimelineCard({ events }: { events: EmergencyEvent[] }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Card title={t('emergencyDetail.timeline')} size="small" data-testid="emergency-timeline">
      {sorted.length === 0 ? (
        <Empty description={t('emergencyDetail.noEvents')} />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: EVENT_COLORS[e.type] ?? 'gray',
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <Typography.Text strong>{label(`emergency.event.${e.type}`, e.type)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.actor ? `${e.actor} · ` : ''}
                  <time dateTime={e.at}>{absoluteTime(e.at, i18n.language)}</time>
                </Typography.Text>
                <EventDetails event={e} />
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** The parts of an event's data a reader cares about, in words. */
function EventDetails({ event }: { event: EmergencyEvent }) {
  const { t } = useTranslation();
  const label = useLabel();
  const d = event.data ?? {};
  const day = t('hazard.sla.dayUnit');
  const parts: ReactNode[] = [];
  const quote = (k: string, text: string | null) =>
    text &&
    parts.push(
      <Typography.Paragraph key={k} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
        {text}
      </Typography.Paragraph>,
    );
  const step = (k: string | null) => (k ? label(`emergency.step.${k}`, k) : '');

  if (event.type === 'reported') {
    const type = str(d, 'type');
    parts.push(
      <Space key="rep" size={4} wrap>
        {type && <Tag>{label(`emergency.type.${type}`, type)}</Tag>}
        {str(d, 'location')}
        {d.injuries === true && <Tag color="red">{t('emergency.injuries')}</Tag>}
        {d.drill === true && <Tag color="purple">{t('emergency.drill')}</Tag>}
      </Space>,
    );
  }
  if (event.type === 'alerted' && Array.isArray(d.departments))
    parts.push(
      <div key="dep">{t('emergencyDetail.ev.departments', { names: (d.departments as unknown[]).filter((x) => typeof x === 'string').join(', ') })}</div>,
    );
  if (event.type === 'progress' && str(d, 'response')) parts.push(<div key="about">{t('emergencyDetail.ev.about', { step: step(str(d, 'response')) })}</div>);
  const took = num(d, 'responseSeconds');
  const target = num(d, 'targetSeconds');
  if (event.type === 'response_done' && took !== null && target !== null)
    parts.push(
      <div key="took">
        {t('emergencyDetail.ev.responseTook', { step: step(str(d, 'response')), took: hms(took, day), target: hms(target, day) })}{' '}
        {d.late === true ? (
          <Tag color="red">{t('emergencyDetail.lateBy', { time: hms(took - target, day) })}</Tag>
        ) : (
          <Tag color="green">{t('emergencyDetail.onTime')}</Tag>
        )}
      </div>,
    );
  const delay = num(d, 'delaySeconds') ?? num(d, 'secondsSinceAlarm');
  if ((event.type === 'on_site' || event.type === 'under_control') && delay !== null)
    parts.push(<div key="delay">{t('emergencyDetail.ev.afterAlarm', { took: hms(delay, day) })}</div>);
  const n = num(d, 'n');
  if (event.type === 'action_done' && n !== null)
    parts.push(
      <div key="n">
        <Typography.Text strong>{t('emergencyDetail.ev.action', { n })}: </Typography.Text>
        {str(d, 'description')}
      </div>,
    );
  quote('text', str(d, 'text'));
  quote('summary', str(d, 'summary'));
  quote('note', str(d, 'note'));
  if (event.type === 'reviewed') quote('findings', str(d, 'findings'));
  if (event.type === 'review_started' && Array.isArray(d.findings))
    parts.push(
      <div key="f">
        {(d.findings as unknown[]).length === 0 ? (
          <Typography.Text type="success">{t('emergencyDetail.noDelays')}</Typography.Text>
        ) : (
          (d.findings as EmergencyFinding[]).map((f) => (
            <div key={f.step}>
              <Typography.Text type="danger">
                <FindingLine f={f} />
              </Typography.Text>
            </div>
          ))
        )}
      </div>,
    );
  if (event.type === 'reviewed' && Array.isArray(d.actions))
    for (const [i, a] of (d.actions as unknown[]).filter(isObj).entries())
      parts.push(
        <div key={`a${i}`}>
          {t('emergencyDetail.ev.action', { n: i + 1 })}: {str(a, 'orgUnitName') ? <Typography.Text strong>{str(a, 'orgUnitName')} — </Typography.Text> : null}
          {str(a, 'description')}
        </div>,
      );
  const evidence = Array.isArray(d.evidenceIds) ? (d.evidenceIds as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  if (evidence.length)
    parts.push(
      <div key="ev" style={{ marginTop: 4 }}>
        <EvidenceGallery ids={evidence} />
      </div>,
    );
  return parts.length ? <div style={{ marginTop: 4 }}>{parts}</div> : null;
}
