import { newClientId } from '../../shared/clientId';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Steps,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addHazardProgress,
  ApiError,
  cancelHazard,
  fetchHazard,
  reassignHazard,
  requestHazardExtension,
  type Hazard,
  type HazardDetail,
  type HazardEvent,
} from '../../shared/api';
import { EvidenceGallery, EvidenceUpload } from '../../shared/components/Evidence';
import { HazardSeverityTag, HazardStatusTag, OverdueTag, RiskTag, SlaClock } from './HazardTags';
import { OrgUnitSelect, PersonSelect } from '../../shared/components/OrgUnitSelect';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { absoluteTime, localInputToIso } from '../../shared/format';
import { OPEN_STATUSES, UUID_RE } from './hazard';
import { useErrorText, usePolling } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { hasRole, useSession } from '../../shared/session';

const POLL_MS = 5_000;
/** A hazard reported a moment ago may not be recorded yet (its workflow writes it): retry a while. */
const FRESH_MS = 15_000;
const FRESH_RETRY_MS = 1_000;

type ActionKind = 'progress' | 'extension' | 'cancel' | 'reassign';

/** One hazard: where it stands, its SLA clock, its tasks (actionable here), its history. */
export function HazardDetailPage({ hazardId }: { hazardId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [detail, setDetail] = useState<HazardDetail | null>(null);
  const [error, setError] = useState<{ text: string; notFound: boolean } | null>(null);
  const [action, setAction] = useState<ActionKind | null>(null);
  const [opened] = useState(() => Date.now());
  const retry = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(retry.current), []);

  const load = async () => {
    try {
      setDetail(await fetchHazard(hazardId));
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
  usePolling(load, POLL_MS, [hazardId]);
  const waiting = error?.notFound && !detail && Date.now() - opened < FRESH_MS;
  const taskActions = useTaskActions(load);

  if (waiting)
    return (
      <div style={{ textAlign: 'center', margin: '64px auto' }} data-testid="hazard-waiting">
        <Spin size="large" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t('hazardDetail.registering')}
        </Typography.Paragraph>
      </div>
    );
  if (error?.notFound && !detail)
    return (
      <Result
        status="404"
        title={t('hazardDetail.notFound')}
        extra={
          <Link to="/hazards">
            <Button type="primary">{t('hazardDetail.backToList')}</Button>
          </Link>
        }
      />
    );
  if (!detail)
    return error ? (
      <Alert type="error" showIcon title={error.text} data-testid="hazard-error" />
    ) : (
      <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />
    );

  const { hazard, live, tasks, timeline } = detail;
  const done = () => {
    setAction(null);
    void load();
  };

  // The dialogs sit outside the Space: it keys its children by position, so an alert coming and
  // going would remount them and lose what was typed.
  return (
    <>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="hazard-detail">
        {error && <Alert type="warning" showIcon title={error.text} />}
        <HeaderCard detail={detail} onAction={setAction} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card title={t('hazardDetail.report')} size="small">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="hazard-description">
                  {hazard.description}
                </Typography.Paragraph>
                {hazard.evidenceIds.length > 0 ? (
                  <EvidenceGallery ids={hazard.evidenceIds} />
                ) : (
                  <Typography.Text type="secondary">{t('hazardDetail.noEvidence')}</Typography.Text>
                )}
              </Card>
              <ProcessTasksCard
                tasks={tasks}
                buttons={taskActions.buttons}
                openTaskIds={new Set(live?.openTasks.map((x) => x.id) ?? [])}
                cardTestId="hazard-tasks"
              />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <TimelineCard hazard={hazard} events={timeline} />
          </Col>
        </Row>
      </Space>
      {taskActions.modals}
      {action && <ActionModal kind={action} hazard={hazard} onClose={() => setAction(null)} onDone={done} />}
    </>
  );
}

function stepIndex(h: Hazard, events: HazardEvent[]): number {
  switch (h.status) {
    case 'grading':
      return 1;
    case 'acknowledging':
      return 2;
    case 'rectifying':
    case 'major_actions':
      return 3;
    case 'verifying':
      return 4;
    case 'closed':
      return 5;
    case 'cancelled':
      // Where it was when it was cancelled.
      if (events.some((e) => e.type === 'rectification_submitted')) return 4;
      return h.acknowledgedAt ? 3 : h.gradedAt ? 2 : 1;
  }
}

function HeaderCard({ detail, onAction }: { detail: HazardDetail; onAction: (a: ActionKind) => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const { hazard: h, live, tasks, timeline, temporalUiUrl } = detail;
  const open = OPEN_STATUSES.includes(h.status);
  const safety = hasRole(user, 'safety_officer', 'admin');
  // Members of the responsible department: the unit itself, or someone who can work its open tasks.
  const responsible =
    !!h.responsibleOrgUnitId &&
    (user.orgUnitId === h.responsibleOrgUnitId ||
      tasks.some(
        (x) => x.status === 'open' && x.orgUnitId === h.responsibleOrgUnitId && (x.actions.canClaim || x.actions.canComplete || x.actions.canUnclaim),
      ));
  const rectifying = h.status === 'rectifying' || h.status === 'major_actions';
  const extensionPending = (live?.openTasks ?? []).some((x) => x.taskType === 'hazard.extension_approval');
  const dueAt = live ? live.dueAt : h.dueAt;
  const escalation = live?.escalationLevel ?? h.escalationLevel;
  const rework = live?.reworkCount ?? h.reworkCount;
  const overdueDays = live?.overdueDays ?? h.overdueDays;
  const current = stepIndex(h, timeline);
  const at = (iso: string | null) => (iso ? absoluteTime(iso, i18n.language) : undefined);
  const thirdStep =
    h.severity === 'major'
      ? t('hazardDetail.step.major_actions')
      : h.severity === 'general'
        ? t('hazardDetail.step.rectifying')
        : t('hazardDetail.step.rectifyingOrMajor');

  const buttons: ReactNode[] = [];
  if (rectifying && (responsible || hasRole(user, 'admin'))) {
    buttons.push(
      <Button key="progress" type="primary" onClick={() => onAction('progress')} data-testid="action-progress">
        {t('hazardDetail.action.progress')}
      </Button>,
      <Tooltip key="extension" title={extensionPending ? t('hazardDetail.extensionPending') : undefined}>
        <Button disabled={extensionPending} onClick={() => onAction('extension')} data-testid="action-extension">
          {t('hazardDetail.action.extension')}
        </Button>
      </Tooltip>,
    );
  }
  if (safety && open && h.status !== 'grading') {
    buttons.push(
      <Button key="reassign" onClick={() => onAction('reassign')} data-testid="action-reassign">
        {t('hazardDetail.action.reassign')}
      </Button>,
    );
  }
  if (safety && open) {
    buttons.push(
      <Button key="cancel" danger onClick={() => onAction('cancel')} data-testid="action-cancel">
        {t('hazardDetail.action.cancel')}
      </Button>,
    );
  }
  if (temporalUiUrl) {
    buttons.push(
      <Button key="temporal" href={temporalUiUrl} target="_blank" rel="noreferrer" data-testid="action-temporal">
        {t('hazardDetail.openTemporal')}
      </Button>,
    );
    buttons.push(<ProcessHistoryLink key="history" workflowId={h.workflowId} />);
  }

  return (
    <Card
      title={
        <Space wrap size={[8, 4]} style={{ whiteSpace: 'normal' }}>
          <Link to="/hazards">{t('nav.hazards')}</Link>
          <Typography.Text type="secondary">/</Typography.Text>
          <span data-testid="hazard-title">{h.title}</span>
        </Space>
      }
      extra={
        <Space wrap size={4}>
          <HazardStatusTag status={h.status} />
          <HazardSeverityTag severity={h.severity} />
          <RiskTag level={h.riskLevel} score={h.riskScore} likelihood={h.riskLikelihood} severity={h.riskSeverity} />
        </Space>
      }
    >
      {buttons.length > 0 && (
        <Space wrap style={{ marginBottom: 16 }} data-testid="hazard-actions">
          {buttons}
        </Space>
      )}
      <Steps
        size="small"
        current={current}
        status={h.status === 'cancelled' ? 'error' : h.status === 'closed' ? 'finish' : 'process'}
        style={{ marginBottom: 16 }}
        data-testid="hazard-steps"
        items={[
          { title: t('hazardDetail.step.reported'), content: at(h.reportedAt) },
          { title: t('hazardDetail.step.graded'), content: at(h.gradedAt) },
          { title: t('hazardDetail.step.acknowledged'), content: at(h.acknowledgedAt) },
          { title: thirdStep },
          { title: t('hazardDetail.step.verifying') },
          { title: h.status === 'cancelled' ? t('hazard.status.cancelled') : t('hazardDetail.step.closed'), content: at(h.closedAt) },
        ]}
      />
      {h.status === 'cancelled' && h.cancelReason && (
        <Alert type="warning" showIcon title={t('hazardDetail.cancelledBecause', { reason: h.cancelReason })} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={8}>
          <Statistic
            title={open ? t('hazardDetail.slaTitle', { phase: t(`hazard.status.${h.status}`) }) : t('hazardDetail.slaTitleDone')}
            valueRender={() => <SlaClock dueAt={dueAt} stopped={!open} />}
          />
          {dueAt && open && <Typography.Text type="secondary">{t('hazardDetail.dueAt', { time: absoluteTime(dueAt, i18n.language) })}</Typography.Text>}
        </Col>
        <Col xs={8} sm={4} lg={5}>
          <Statistic title={t('hazardDetail.escalation')} value={escalation} data-testid="escalation-level" />
        </Col>
        <Col xs={8} sm={4} lg={5}>
          <Statistic title={t('hazardDetail.rework')} value={rework} data-testid="rework-count" />
        </Col>
        <Col xs={8} sm={4} lg={6}>
          <Statistic title={t('hazardDetail.overdueDays')} value={overdueDays} valueStyle={overdueDays > 0 ? { color: '#cf1322' } : undefined} />
          {h.overdue && <OverdueTag days={overdueDays} />}
        </Col>
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        items={[
          { key: 'category', label: t('hazardDetail.category'), children: t(`hazard.category.${h.category}`) },
          { key: 'area', label: t('hazardDetail.area'), children: h.area },
          { key: 'unit', label: t('hazardDetail.foundIn'), children: h.orgUnitName },
          { key: 'reporter', label: t('hazardDetail.reporter'), children: h.reporter },
          { key: 'reported', label: t('hazardDetail.reportedAt'), children: absoluteTime(h.reportedAt, i18n.language) },
          { key: 'suspected', label: t('hazardDetail.suspected'), children: t(`hazardReport.suspected.${h.suspectedSeverity}`) },
          { key: 'responsible', label: t('hazardDetail.responsible'), children: h.responsibleOrgUnitName ?? t('hazard.notAssigned') },
          ...(h.policyVersion !== null && h.policyVersion !== undefined
            ? [{ key: 'policy', label: t('hazardDetail.policyVersion'), children: `v${h.policyVersion}` }]
            : []),
        ]}
      />
    </Card>
  );
}

const EVENT_COLORS: Record<string, string> = {
  reported: 'blue',
  graded: 'blue',
  acknowledged: 'blue',
  progress: 'gray',
  extension_requested: 'orange',
  extension_approved: 'green',
  extension_rejected: 'red',
  reassigned: 'orange',
  stop_work_ordered: 'red',
  joint_plan: 'orange',
  rectification_submitted: 'blue',
  verification_failed: 'red',
  overdue_day: 'red',
  closed: 'green',
  cancelled: 'gray',
};

function TimelineCard({ hazard, events }: { hazard: Hazard; events: HazardEvent[] }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <Card title={t('hazardDetail.timeline')} size="small" data-testid="hazard-timeline">
      {sorted.length === 0 ? (
        <Empty description={t('hazardDetail.noEvents')} />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: EVENT_COLORS[e.type] ?? 'gray',
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <Typography.Text strong>{label(`hazard.event.${e.type}`, e.type)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.actor ? `${e.actor} · ` : ''}
                  <time dateTime={e.at}>{absoluteTime(e.at, i18n.language)}</time>
                </Typography.Text>
                <EventDetails event={e} hazard={hazard} />
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

const str = (d: Record<string, unknown>, k: string) => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : null);
const num = (d: Record<string, unknown>, k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);
const ids = (d: Record<string, unknown>, k: string) => (Array.isArray(d[k]) ? (d[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
const isRisk = (v: string | null): v is 'low' | 'medium' | 'high' | 'extreme' => v === 'low' || v === 'medium' || v === 'high' || v === 'extreme';

/** The parts of an event's data a reader cares about, in words. */
function EventDetails({ event, hazard }: { event: HazardEvent; hazard: Hazard }) {
  const { t, i18n } = useTranslation();
  const d = event.data ?? {};
  const parts: ReactNode[] = [];
  const quote = (k: string, text: string | null) =>
    text &&
    parts.push(
      <Typography.Paragraph key={k} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
        {text}
      </Typography.Paragraph>,
    );

  if (event.type === 'graded') {
    const level = str(d, 'level');
    parts.push(
      <Space key="risk" size={4} wrap>
        {isRisk(level) && <RiskTag level={level} score={num(d, 'score')} likelihood={num(d, 'likelihood')} severity={num(d, 'severity')} />}
        {typeof d.major === 'boolean' && <HazardSeverityTag severity={d.major ? 'major' : 'general'} />}
      </Space>,
    );
  }
  const day = num(d, 'day');
  const escalatedTo = str(d, 'escalatedTo');
  const area = str(d, 'area');
  const newDueAt = str(d, 'newDueAt');
  const planDue = str(d, 'dueAt');
  const requestedBy = str(d, 'requestedBy');
  const reason = str(d, 'reason');
  const reasons = str(d, 'reasons');
  const duplicateOf = str(d, 'duplicateOf');
  const round = num(d, 'round');
  if (event.type === 'overdue_day' && day !== null)
    parts.push(
      <Tag key="day" color="red">
        {t('hazardDetail.ev.overdueDay', { day })}
      </Tag>,
    );
  if (escalatedTo) parts.push(<div key="esc">{t('hazardDetail.ev.escalatedTo', { step: escalatedTo })}</div>);
  if (event.type === 'stop_work_ordered' && area) parts.push(<div key="area">{t('hazardDetail.ev.stopWorkAt', { area })}</div>);
  if (newDueAt) parts.push(<div key="due">{t('hazardDetail.ev.newDueAt', { time: absoluteTime(newDueAt, i18n.language) })}</div>);
  if (event.type === 'joint_plan' && planDue) parts.push(<div key="pdue">{t('hazardDetail.dueAt', { time: absoluteTime(planDue, i18n.language) })}</div>);
  if (event.type === 'reassigned' && str(d, 'responsibleOrgUnitId') === hazard.responsibleOrgUnitId && hazard.responsibleOrgUnitName)
    parts.push(<div key="to">{t('hazardDetail.ev.reassignedTo', { unit: hazard.responsibleOrgUnitName })}</div>);
  if (requestedBy) parts.push(<div key="req">{t('hazardDetail.ev.requestedBy', { name: requestedBy })}</div>);
  quote('text', str(d, 'text'));
  quote('summary', str(d, 'summary'));
  quote('comment', str(d, 'comment'));
  quote('note', str(d, 'note'));
  if (reason) parts.push(<div key="reason">{t('hazardDetail.ev.reason', { reason })}</div>);
  if (reasons)
    parts.push(
      <Typography.Text key="reasons" type="danger">
        {t('hazardDetail.ev.reason', { reason: reasons })}
      </Typography.Text>,
    );
  if (duplicateOf)
    parts.push(
      <div key="dup">
        {t('hazardDetail.ev.duplicateOf')} <Link to={`/hazards/${duplicateOf}`}>{duplicateOf.slice(0, 8)}</Link>
      </div>,
    );
  if (Array.isArray(d.actions)) {
    for (const [i, a] of (d.actions as unknown[]).entries()) {
      if (!a || typeof a !== 'object') continue;
      const x = a as Record<string, unknown>;
      parts.push(
        <div key={`a${i}`} style={{ marginTop: 4 }}>
          {str(x, 'by') && <Typography.Text strong>{str(x, 'by')}: </Typography.Text>}
          {str(x, 'summary')}
          <EvidenceGallery ids={ids(x, 'evidenceIds')} />
        </div>,
      );
    }
  }
  const evidence = ids(d, 'evidenceIds');
  if (evidence.length)
    parts.push(
      <div key="ev" style={{ marginTop: 4 }}>
        <EvidenceGallery ids={evidence} />
      </div>,
    );
  if (round !== null && round > 1)
    parts.push(
      <Typography.Text key="round" type="secondary" style={{ fontSize: 12 }}>
        {t('hazardDetail.ev.round', { round })}
      </Typography.Text>,
    );
  return parts.length ? <div style={{ marginTop: 4 }}>{parts}</div> : null;
}

interface ActionValues {
  text?: string;
  evidenceIds?: string[];
  newDueAt?: string;
  reason?: string;
  duplicateOf?: string;
  responsibleOrgUnitId?: string;
  responsiblePersonId?: string;
}

/** Progress update, extension request, cancellation, reassignment: one small form each. */
function ActionModal({ kind, hazard, onClose, onDone }: { kind: ActionKind; hazard: Hazard; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unit = Form.useWatch('responsibleOrgUnitId', form);
  // One id per note or request: sending it again after an error or a timeout records it once.
  const [clientId] = useState(newClientId);

  const submit = async () => {
    setError(null);
    let v: ActionValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      if (kind === 'progress') await addHazardProgress(hazard.id, v.text!.trim(), v.evidenceIds ?? [], clientId);
      else if (kind === 'extension') await requestHazardExtension(hazard.id, localInputToIso(v.newDueAt!), v.reason!.trim(), clientId);
      else if (kind === 'cancel') await cancelHazard(hazard.id, v.reason!.trim(), v.duplicateOf?.trim() || undefined);
      else await reassignHazard(hazard.id, v.responsibleOrgUnitId!, v.responsiblePersonId || undefined);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length)
        setError(err.details.map((d) => `${d.path.replace(/^body\./, '')}: ${d.message}`).join(' · '));
      else setError(errorText(err)); // 409s carry a readable message ("self-approval is not allowed")
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  let body: ReactNode;
  switch (kind) {
    case 'progress':
      body = (
        <>
          <Form.Item name="text" label={t('hazardDetail.form.progressText')} rules={[required(t('hazardDetail.form.progressText')), { max: 5000 }]}>
            <Input.TextArea rows={4} maxLength={5000} data-testid="progress-text" />
          </Form.Item>
          <Form.Item name="evidenceIds" label={t('hazardDetail.form.evidence')} initialValue={[]}>
            <EvidenceUpload onBusyChange={setUploading} testId="progress-evidence" />
          </Form.Item>
        </>
      );
      break;
    case 'extension':
      body = (
        <>
          {hazard.dueAt && (
            <Typography.Paragraph type="secondary">
              {t('hazardDetail.form.currentDue', { time: absoluteTime(hazard.dueAt, i18n.language) })}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="newDueAt"
            label={t('hazardDetail.form.newDueAt')}
            rules={[
              required(t('hazardDetail.form.newDueAt')),
              {
                validator: (_r, value: string | undefined) =>
                  !value || new Date(value).getTime() > Math.max(Date.now(), hazard.dueAt ? Date.parse(hazard.dueAt) : 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('hazardDetail.form.laterThanDue'))),
              },
            ]}
          >
            <Input type="datetime-local" data-testid="extension-due" />
          </Form.Item>
          <Form.Item name="reason" label={t('hazardDetail.form.reason')} rules={[required(t('hazardDetail.form.reason')), { max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="extension-reason" />
          </Form.Item>
          <Typography.Text type="secondary">{t('hazardDetail.form.extensionHint')}</Typography.Text>
        </>
      );
      break;
    case 'cancel':
      body = (
        <>
          <Form.Item name="reason" label={t('hazardDetail.form.cancelReason')} rules={[required(t('hazardDetail.form.cancelReason')), { max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="cancel-reason" />
          </Form.Item>
          <Form.Item
            name="duplicateOf"
            label={t('hazardDetail.form.duplicateOf')}
            extra={t('hazardDetail.form.duplicateHint')}
            rules={[
              {
                validator: (_r, value: string | undefined) =>
                  !value?.trim() || (UUID_RE.test(value.trim()) && value.trim() !== hazard.id)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('hazardDetail.form.badId'))),
              },
            ]}
          >
            <Input data-testid="cancel-duplicate" placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
          </Form.Item>
        </>
      );
      break;
    case 'reassign':
      body = (
        <>
          <Form.Item
            name="responsibleOrgUnitId"
            label={t('hazardDetail.form.unit')}
            rules={[{ required: true, message: t('completeModal.required', { field: t('hazardDetail.form.unit') }) }]}
            initialValue={hazard.responsibleOrgUnitId ?? undefined}
          >
            <OrgUnitSelect knownLabel={hazard.responsibleOrgUnitName ?? undefined} testId="reassign-unit" />
          </Form.Item>
          <Form.Item name="responsiblePersonId" label={t('hazardDetail.form.person')}>
            <PersonSelect orgUnitId={unit} testId="reassign-person" />
          </Form.Item>
        </>
      );
      break;
  }

  return (
    <Modal
      open
      title={t(`hazardDetail.action.${kind}`)}
      okText={t(`hazardDetail.form.submit.${kind}`)}
      okButtonProps={{ danger: kind === 'cancel', disabled: uploading, ...({ 'data-testid': 'action-submit' } as Record<string, string>) }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      <Form
        form={form}
        layout="vertical"
        onValuesChange={(changed: ActionValues) => {
          if ('responsibleOrgUnitId' in changed) form.setFieldValue('responsiblePersonId', undefined);
        }}
      >
        {body}
      </Form>
    </Modal>
  );
}
