import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  completeTask,
  fetchScoreReport,
  listAdjustments,
  listAppeals,
  listDeclarations,
  listTasks,
  type AdjustmentStatus,
  type AdjustmentView,
  type AppealView,
  type DeclarationView,
  type TaskPayload,
  type TaskView,
} from '../../shared/api';
import { AppealStatusTag } from './Appeals';
import { DeclarationTable } from './Declarations';
import { DueCell } from '../../shared/components/DueCell';
import { EvidenceGallery, EvidenceUpload } from '../../shared/components/Evidence';
import { findUnitName, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { ProposeAdjustmentModal } from './ProposeAdjustmentModal';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { useRulesetDocument, useScoringNames } from '../scores/scoringNames';
import { useTaskLabels } from '../tasks/taskLabels';
import { useErrorText, usePolling } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { processLink } from '../../shared/processLinks';
import { Link, setSearchParams, useLocation } from '../../router';
import { ADJUSTER_ROLES, ADJUSTMENT_READERS, ADJUSTMENT_STATUS_COLORS, fmtSigned, periodOfCycle, reportPath } from '../scores/scoring';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

/** The decisions the queue holds, in the inbox's task types. */
export const APPROVAL_TASK_TYPES = ['appeal.review', 'adjustment.approve', 'declaration.review', 'hazard.extension_approval', 'assessment.review'] as const;
type ApprovalType = (typeof APPROVAL_TASK_TYPES)[number];
const isApproval = (t: string): t is ApprovalType => (APPROVAL_TASK_TYPES as readonly string[]).includes(t);

/** Appeals: uphold or adjust; everything else: approve or reject (a score review: publish or score again). */
type Verdict = 'approve' | 'reject' | 'uphold' | 'adjust';

const TABS = ['queue', 'appeals', 'adjustments', 'declarations'] as const;
type Tab = (typeof TABS)[number];
const POLL_MS = 10_000;
/** The queue reads the "mine" view of the inbox in one page. */
const QUEUE_SIZE = 200;

/** A list the page reads beside the queue: its items, or why it could not be read. */
interface Loaded<T> {
  items: T[] | null;
  error: string | null;
}

/**
 * The approval queue (审批): the open decisions of the reader — appeals, adjustments,
 * self-declarations, deadline extensions, score reviews — with what is asked, the due date and
 * big buttons; and the history of appeals, adjustments (with "Propose adjustment") and
 * declarations: who decided, when, why, and the snapshot version it made.
 */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { user } = useSession();
  const { search } = useLocation();
  const tab: Tab = TABS.find((x) => x === search.get('tab')) ?? 'queue';
  const readsAdjustments = hasRole(user, ...ADJUSTMENT_READERS);

  const [tasks, setTasks] = useState<Loaded<TaskView>>({ items: null, error: null });
  const [appeals, setAppeals] = useState<Loaded<AppealView>>({ items: null, error: null });
  const [adjustments, setAdjustments] = useState<Loaded<AdjustmentView>>({ items: null, error: null });
  const [declarations, setDeclarations] = useState<Loaded<DeclarationView>>({ items: null, error: null });
  /** Rows decided here: gone at once, whatever the next read says while the process records it. */
  const [decided, setDecided] = useState<Set<string>>(() => new Set());
  const round = useRef(0);

  const load = async () => {
    const mine = ++round.current;
    const settle = async <T,>(p: Promise<{ items: T[] }>, set: (l: Loaded<T>) => void) => {
      try {
        const r = await p;
        if (mine === round.current) set({ items: r.items, error: null });
      } catch (err) {
        if (mine === round.current) set({ items: null, error: errorText(err) });
      }
    };
    await Promise.all([
      settle(
        listTasks('mine', 1, QUEUE_SIZE).then((r) => ({ items: r.items.filter((x) => x.status === 'open' && isApproval(x.taskType)) })),
        setTasks,
      ),
      settle(listAppeals(), setAppeals),
      readsAdjustments ? settle(listAdjustments(), setAdjustments) : Promise.resolve(),
      settle(listDeclarations(), setDeclarations),
    ]);
  };
  usePolling(load, POLL_MS, [readsAdjustments]);

  const queue = (tasks.items ?? []).filter((x) => !decided.has(x.id));
  const tabs = [
    {
      key: 'queue',
      label: (
        <span data-testid="approvals-tab-queue">
          {t('approvals.tabQueue')} {tasks.items && <Tag style={{ marginInlineStart: 4 }}>{queue.length}</Tag>}
        </span>
      ),
      children: (
        <QueueTab
          tasks={queue}
          loading={!tasks.items && !tasks.error}
          error={tasks.error}
          appeals={appeals.items ?? []}
          adjustments={adjustments.items ?? []}
          declarations={declarations.items ?? []}
          onDecided={(task) => {
            setDecided((d) => new Set([...d, task.id]));
            void load();
          }}
        />
      ),
    },
    { key: 'appeals', label: <span data-testid="approvals-tab-appeals">{t('approvals.tabAppeals')}</span>, children: <AppealsTab loaded={appeals} /> },
    ...(readsAdjustments
      ? [
          {
            key: 'adjustments',
            label: <span data-testid="approvals-tab-adjustments">{t('approvals.tabAdjustments')}</span>,
            children: <AdjustmentsTab loaded={adjustments} onProposed={load} />,
          },
        ]
      : []),
    {
      key: 'declarations',
      label: <span data-testid="approvals-tab-declarations">{t('approvals.tabDeclarations')}</span>,
      children: <DeclarationsTab loaded={declarations} />,
    },
  ];
  return (
    <Card
      title={t('approvals.title')}
      data-testid="approvals"
      extra={
        <Button onClick={() => void load()} data-testid="approvals-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Tabs activeKey={tab} onChange={(k) => setSearchParams({ tab: k === 'queue' ? null : k })} items={tabs} destroyOnHidden />
    </Card>
  );
}

/** Names of score lines by code, from the current ruleset (the queue spans cycles). */
function useLineNames() {
  const doc = useRulesetDocument('current');
  return useScoringNames(doc);
}

// ---------------------------------------------------------------------------------------------
// The queue
// ---------------------------------------------------------------------------------------------

function QueueTab({
  tasks,
  loading,
  error,
  appeals,
  adjustments,
  declarations,
  onDecided,
}: {
  tasks: TaskView[];
  loading: boolean;
  error: string | null;
  appeals: AppealView[];
  adjustments: AdjustmentView[];
  declarations: DeclarationView[];
  onDecided: (task: TaskView) => void;
}) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const label = useLabel();
  const names = useLineNames();
  const [deciding, setDeciding] = useState<{ task: TaskView; verdict: Verdict } | null>(null);
  const appealOf = (task: TaskView) => appeals.find((a) => a.workflowId === task.workflowId);
  const adjustmentOf = (task: TaskView) => adjustments.find((a) => a.workflowId === task.workflowId);
  const declarationOf = (task: TaskView) => declarations.find((d) => d.workflowId === task.workflowId);
  const context = (task: TaskView) => task.form.context ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

  const asked = (task: TaskView): ReactNode => {
    const c = context(task);
    switch (task.taskType as ApprovalType) {
      case 'appeal.review': {
        const a = appealOf(task);
        const line = str(c.lineCode) || a?.lineCode || '';
        return (
          <Space orientation="vertical" size={2} style={{ maxWidth: 420 }}>
            <Typography.Text>
              {t('approvals.askedLine')} <Typography.Text strong>{names.code(line)}</Typography.Text>
              <Typography.Text type="secondary"> ({line})</Typography.Text>
            </Typography.Text>
            {a && <Typography.Text type="secondary">{t('approvals.appellant', { name: a.appellant })}</Typography.Text>}
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, tooltip: a?.reason }} data-testid="approval-reason">
              {a ? `“${a.reason}”` : (task.description ?? '')}
            </Typography.Paragraph>
          </Space>
        );
      }
      case 'adjustment.approve': {
        const a = adjustmentOf(task);
        const delta = num(c.delta) ?? a?.delta ?? 0;
        const line = str(c.lineCode) || a?.lineCode || '';
        return (
          <Space orientation="vertical" size={2} style={{ maxWidth: 420 }}>
            <Space size={6} wrap>
              <DeltaTag delta={delta} />
              <Typography.Text>{line ? t('approvals.onLine', { line: names.code(line) }) : t('approvals.onTotal')}</Typography.Text>
            </Space>
            {a ? (
              <>
                <Typography.Text type="secondary">
                  {label(`scoring.adjustmentReason.${a.reasonCode}`, a.reasonCode)} · {t('approvals.proposedBy', { name: a.proposedBy })}
                </Typography.Text>
                <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: a.text }} data-testid="approval-reason">
                  “{a.text}”
                </Typography.Paragraph>
              </>
            ) : (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, tooltip: task.description }}>
                {task.description}
              </Typography.Paragraph>
            )}
          </Space>
        );
      }
      case 'declaration.review': {
        const d = declarationOf(task);
        if (!d)
          return (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0, maxWidth: 420 }} ellipsis={{ rows: 3, tooltip: task.description }}>
              {task.description}
            </Typography.Paragraph>
          );
        return (
          <Space orientation="vertical" size={2} style={{ maxWidth: 420 }}>
            <Typography.Text>
              <Tag>{label(`scoring.declarationKind.${d.kind}`, d.kind)}</Tag>
              <Typography.Text strong>{d.title}</Typography.Text> · {d.period}
            </Typography.Text>
            <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: d.text }} data-testid="approval-reason">
              {d.text}
            </Typography.Paragraph>
            <EvidenceGallery ids={d.evidenceIds} />
          </Space>
        );
      }
      default:
        return (
          <Typography.Paragraph
            style={{ marginBottom: 0, maxWidth: 420, whiteSpace: 'pre-wrap' }}
            ellipsis={{ rows: 4, tooltip: task.description }}
            data-testid="approval-reason"
          >
            {task.description}
          </Typography.Paragraph>
        );
    }
  };

  /** Where the subject can be looked at: the score report (the version appealed), else the process's page. */
  const subjectLink = (task: TaskView): string | null => {
    const c = context(task);
    if (task.taskType === 'appeal.review' && str(c.cycleId) && str(c.personId))
      return reportPath(str(c.cycleId), 'person', str(c.personId), num(c.snapshotVersion));
    if (task.taskType === 'adjustment.approve' && str(c.cycleId) && str(c.subjectId))
      return reportPath(str(c.cycleId), str(c.subjectType) || 'person', str(c.subjectId));
    const link = processLink(task);
    return link === '/approvals' ? null : link;
  };

  const buttons = (task: TaskView) => {
    if (!task.actions.canComplete)
      return (
        <Typography.Text type="secondary">
          {task.assignee ? t('approvals.withAssignee', { name: task.assignee.displayName }) : t('approvals.notYours')}
        </Typography.Text>
      );
    const big = { size: 'large' as const, style: { minWidth: 112 } };
    const open = (verdict: Verdict) => () => setDeciding({ task, verdict });
    if (task.taskType === 'appeal.review')
      return (
        <Space wrap>
          <Button {...big} onClick={open('uphold')} data-testid={`uphold-${task.id}`}>
            {t('approvals.uphold')}
          </Button>
          <Button {...big} type="primary" onClick={open('adjust')} data-testid={`adjust-${task.id}`}>
            {t('approvals.adjust')}
          </Button>
        </Space>
      );
    const review = task.taskType === 'assessment.review';
    return (
      <Space wrap>
        <Button {...big} type="primary" onClick={open('approve')} data-testid={`approve-${task.id}`}>
          {review ? t('approvals.publish') : t('approvals.approve')}
        </Button>
        <Button {...big} danger onClick={open('reject')} data-testid={`reject-${task.id}`}>
          {review ? t('approvals.rescore') : t('approvals.reject')}
        </Button>
      </Space>
    );
  };

  const columns: TableColumnsType<TaskView> = [
    {
      key: 'type',
      title: t('approvals.colType'),
      render: (_, task) => {
        const c = context(task);
        return (
          <Space orientation="vertical" size={2}>
            <Typography.Text strong data-testid="approval-type">
              {labels.process(task.processType)}
            </Typography.Text>
            <Typography.Text type="secondary">{labels.taskType(task.taskType)}</Typography.Text>
            {task.taskType === 'appeal.review' && num(c.level) === 2 && <Tag color="purple">{t('appeal.level2')}</Tag>}
          </Space>
        );
      },
    },
    {
      key: 'subject',
      title: t('approvals.colSubject'),
      width: 260,
      render: (_, task) => {
        const link = subjectLink(task);
        return (
          <Space orientation="vertical" size={2}>
            <Typography.Text>{task.title}</Typography.Text>
            <Typography.Text type="secondary">{task.orgUnitName}</Typography.Text>
            {link && (
              <Link to={link} data-testid={`approval-link-${task.id}`}>
                {t('approvals.open')}
              </Link>
            )}
          </Space>
        );
      },
    },
    { key: 'asked', title: t('approvals.colAsked'), render: (_, task) => asked(task) },
    {
      key: 'due',
      title: t('approvals.colDue'),
      minWidth: 130,
      render: (_, task) => (
        <span
          style={task.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}
          data-testid="approval-due"
          data-overdue={task.overdue ? 'true' : 'false'}
        >
          <DueCell task={task} />
        </span>
      ),
    },
    { key: 'decide', title: t('approvals.colDecide'), width: 270, render: (_, task) => buttons(task) },
  ];

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="approvals-error" />}
      <Table<TaskView>
        rowKey="id"
        columns={columns}
        dataSource={tasks}
        loading={loading}
        pagination={false}
        data-testid="approvals-queue"
        onRow={(task) => ({ ...testId(`approval-row-${task.id}`), 'data-task-type': task.taskType }) as never}
        locale={{ emptyText: t('approvals.empty') }}
        scroll={{ x: 1000 }}
      />
      {deciding && (
        <DecisionModal
          task={deciding.task}
          verdict={deciding.verdict}
          onClose={() => setDeciding(null)}
          onDone={() => {
            const task = deciding.task;
            setDeciding(null);
            onDecided(task);
          }}
        />
      )}
    </>
  );
}

function DeltaTag({ delta }: { delta: number }) {
  return (
    <Tag color={delta > 0 ? 'green' : delta < 0 ? 'red' : 'default'} style={{ fontWeight: 600 }} data-testid="approval-delta" data-delta={delta}>
      {fmtSigned(delta)}
    </Tag>
  );
}

interface DecisionValues {
  reason: string;
  delta?: number;
  points?: number;
  evidenceIds?: string[];
}

/** What the task's form takes for a verdict (domain/tasks.ts). */
function payloadOf(task: TaskView, verdict: Verdict, v: DecisionValues): TaskPayload {
  const reason = v.reason.trim();
  switch (task.taskType as ApprovalType) {
    case 'appeal.review':
      return {
        decision: verdict === 'adjust' ? 'adjust' : 'uphold',
        ...(verdict === 'adjust' && v.delta !== undefined ? { delta: v.delta } : {}),
        reason,
        ...(v.evidenceIds?.length ? { evidenceIds: v.evidenceIds } : {}),
      };
    case 'assessment.review':
      return { decision: verdict === 'approve' ? 'publish' : 'rescore', note: reason };
    case 'declaration.review':
      return verdict === 'approve' && v.points !== undefined ? { approved: true, points: v.points, reason } : { approved: verdict === 'approve', reason };
    default:
      return { approved: verdict === 'approve', reason };
  }
}

/** The decision dialog: a required reason; adjusting an appeal asks the points, approving a declaration the bonus points. */
function DecisionModal({ task, verdict, onClose, onDone }: { task: TaskView; verdict: Verdict; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refreshUnread } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<DecisionValues>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsDelta = verdict === 'adjust';
  const needsPoints = verdict === 'approve' && task.taskType === 'declaration.review';
  const review = task.taskType === 'assessment.review';
  const maxReason = task.taskType === 'appeal.review' ? 5000 : 2000;
  const verdictLabel = t(`approvals.verdict.${review && verdict === 'approve' ? 'publish' : review && verdict === 'reject' ? 'rescore' : verdict}`);

  const submit = async () => {
    setError(null);
    let v: DecisionValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await completeTask(task.id, payloadOf(task, verdict, v));
      void message.success(t('approvals.decided'));
      refreshUnread();
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'process_closed') setError(t('inbox.processClosed'));
      else if (err instanceof ApiError && err.status === 400 && err.details.length) setError(err.details.map((d) => d.message).join(' '));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={verdictLabel}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={verdictLabel}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ danger: verdict === 'reject', disabled: uploading, ...({ 'data-testid': 'decision-submit' } as Record<string, string>) }}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" data-testid="decision-form" data-verdict={verdict}>
        <Typography.Paragraph strong style={{ marginBottom: 4 }}>
          {task.title}
        </Typography.Paragraph>
        {task.description && (
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 4, expandable: true, symbol: t('approvals.more') }}>
            {task.description}
          </Typography.Paragraph>
        )}
        {needsDelta && (
          <Form.Item
            name="delta"
            label={t('approvals.delta')}
            extra={t('approvals.deltaHint')}
            rules={[
              {
                validator: (_r, v: unknown) =>
                  typeof v === 'number' && v !== 0 && v >= -100 && v <= 100 ? Promise.resolve() : Promise.reject(new Error(t('approvals.deltaRequired'))),
              },
            ]}
          >
            <InputNumber min={-100} max={100} step={0.5} style={{ width: 160 }} size="large" data-testid="decision-delta" />
          </Form.Item>
        )}
        {needsPoints && (
          <Form.Item
            name="points"
            label={t('approvals.points')}
            extra={t('approvals.pointsHint')}
            rules={[
              {
                validator: (_r, v: unknown) =>
                  typeof v === 'number' && v > 0 && v <= 20 ? Promise.resolve() : Promise.reject(new Error(t('approvals.pointsRequired'))),
              },
            ]}
          >
            <InputNumber min={0} max={20} step={0.5} style={{ width: 160 }} size="large" data-testid="decision-points" />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('approvals.reason')}
          rules={[{ required: true, whitespace: true, message: t('approvals.reasonRequired') }, { max: maxReason }]}
        >
          <Input.TextArea rows={4} maxLength={maxReason} showCount data-testid="decision-reason" />
        </Form.Item>
        {task.taskType === 'appeal.review' && (
          <Form.Item name="evidenceIds" label={t('approvals.attachments')} initialValue={[]}>
            <EvidenceUpload testId="decision-evidence" onBusyChange={setUploading} camera={false} />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="decision-error" />}
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// History: appeals, adjustments, declarations
// ---------------------------------------------------------------------------------------------

function Unavailable({ error }: { error: string }) {
  return <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} data-testid="approvals-history-error" />;
}

/** "Decided by" cell: who, when, why. */
function DecisionCell({ by, at, reason }: { by: string | null; at: string | null; reason: string | null }) {
  const { t } = useTranslation();
  if (!by) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0} style={{ maxWidth: 320 }} data-testid="decision-cell">
      <Typography.Text>
        {by}
        {at && (
          <Typography.Text type="secondary">
            {' · '}
            <RelativeTime iso={at} />
          </Typography.Text>
        )}
      </Typography.Text>
      {reason && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 2, tooltip: reason }}>
          {reason}
        </Typography.Paragraph>
      )}
    </Space>
  );
}

function VersionLink({ cycleId, subjectType, subjectId, version }: { cycleId: string; subjectType: string; subjectId: string; version: number | null }) {
  const { t } = useTranslation();
  if (!version) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Link to={reportPath(cycleId, subjectType, subjectId, version)} data-testid="version-link" data-version={version}>
      {t('approvals.version', { version })}
    </Link>
  );
}

function AppealsTab({ loaded }: { loaded: Loaded<AppealView> }) {
  const { t } = useTranslation();
  const names = useLineNames();
  const columns: TableColumnsType<AppealView> = [
    { key: 'created', title: t('approvals.colSubmitted'), render: (_, a) => <RelativeTime iso={a.createdAt} /> },
    {
      key: 'who',
      title: t('approvals.colPerson'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Link to={reportPath(a.cycleId, 'person', a.subjectId, a.snapshotVersion)}>{a.appellant}</Link>
          <Typography.Text type="secondary">{periodOfCycle(a.cycleId)}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'line',
      title: t('approvals.colLine'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{names.code(a.lineCode)}</Typography.Text>
          {a.level > 1 && <Tag color="purple">{t('appeal.level2')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'reason',
      title: t('approvals.colReason'),
      render: (_, a) => (
        <Typography.Paragraph style={{ marginBottom: 0, maxWidth: 280 }} ellipsis={{ rows: 2, tooltip: a.reason }}>
          {a.reason}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'status',
      title: t('approvals.colStatus'),
      render: (_, a) => (
        <Space size={4} wrap>
          <AppealStatusTag status={a.status} />
          {a.delta !== null && a.delta !== 0 && <DeltaTag delta={a.delta} />}
        </Space>
      ),
    },
    { key: 'decision', title: t('approvals.colDecision'), render: (_, a) => <DecisionCell by={a.decidedBy} at={a.decidedAt} reason={a.decisionReason} /> },
    {
      key: 'version',
      title: t('approvals.colVersion'),
      render: (_, a) => <VersionLink cycleId={a.cycleId} subjectType="person" subjectId={a.subjectId} version={a.newVersion} />,
    },
  ];
  return (
    <>
      {loaded.error && <Unavailable error={loaded.error} />}
      <Table<AppealView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={loaded.items ?? []}
        loading={!loaded.items && !loaded.error}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(a) => ({ ...testId(`appeal-row-${a.id}`), 'data-status': a.status }) as never}
        locale={{ emptyText: t('approvals.appealsEmpty') }}
        scroll={{ x: 'max-content' }}
        data-testid="appeals-table"
      />
    </>
  );
}

/**
 * Names of adjusted subjects: departments from the org tree, persons from their report (the
 * adjustments list carries ids only); fetched once per subject.
 */
const personNames = new Map<string, Promise<string>>();
function useSubjectNames(items: AdjustmentView[]): (a: AdjustmentView) => string {
  const { tree } = useOrgTree();
  const [people, setPeople] = useState<Record<string, string>>({});
  const wanted = useMemo(() => [...new Map(items.filter((a) => a.subjectType === 'person').map((a) => [a.subjectId, a])).values()], [items]);
  useEffect(() => {
    let live = true;
    for (const a of wanted.slice(0, 50)) {
      let hit = personNames.get(a.subjectId);
      if (!hit) {
        hit = fetchScoreReport(a.cycleId, 'person', a.subjectId).then((r) => r.name);
        hit.catch(() => personNames.delete(a.subjectId));
        personNames.set(a.subjectId, hit);
      }
      hit.then(
        (name) => live && setPeople((p) => (p[a.subjectId] === name ? p : { ...p, [a.subjectId]: name })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [wanted]);
  return (a) => (a.subjectType === 'department' ? (tree && findUnitName(tree, a.subjectId)) || a.subjectId : (people[a.subjectId] ?? '…'));
}

function AdjustmentStatusTag({ status }: { status: AdjustmentStatus }) {
  const label = useLabel();
  return (
    <Tag color={ADJUSTMENT_STATUS_COLORS[status] ?? 'default'} data-testid="adjustment-status" data-status={status}>
      {label(`scoring.adjustmentStatus.${status}`, status)}
    </Tag>
  );
}

function AdjustmentsTab({ loaded, onProposed }: { loaded: Loaded<AdjustmentView>; onProposed: () => Promise<void> }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { user } = useSession();
  const names = useLineNames();
  const items = useMemo(() => loaded.items ?? [], [loaded.items]);
  const subjectName = useSubjectNames(items);
  const [proposing, setProposing] = useState(false);
  const columns: TableColumnsType<AdjustmentView> = [
    {
      key: 'proposed',
      title: t('approvals.colProposed'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{a.proposedBy}</Typography.Text>
          <Typography.Text type="secondary">
            <RelativeTime iso={a.createdAt} />
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'subject',
      title: t('approvals.colSubject'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <Tag>{label(`scoring.subjectType.${a.subjectType}`, a.subjectType)}</Tag>
            <Link to={reportPath(a.cycleId, a.subjectType, a.subjectId)} data-testid="adjustment-subject">
              {subjectName(a)}
            </Link>
          </Space>
          <Typography.Text type="secondary">{periodOfCycle(a.cycleId)}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'change',
      title: t('approvals.colChange'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <DeltaTag delta={a.delta} />
          <Typography.Text type="secondary">{a.lineCode ? names.code(a.lineCode) : t('approvals.total')}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'reason',
      title: t('approvals.colReason'),
      render: (_, a) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: 280 }}>
          <Typography.Text>{label(`scoring.adjustmentReason.${a.reasonCode}`, a.reasonCode)}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 2, tooltip: a.text }}>
            {a.text}
          </Typography.Paragraph>
        </Space>
      ),
    },
    { key: 'status', title: t('approvals.colStatus'), render: (_, a) => <AdjustmentStatusTag status={a.status} /> },
    { key: 'decision', title: t('approvals.colDecision'), render: (_, a) => <DecisionCell by={a.decidedBy} at={a.decidedAt} reason={a.decisionReason} /> },
    {
      key: 'version',
      title: t('approvals.colVersion'),
      render: (_, a) => <VersionLink cycleId={a.cycleId} subjectType={a.subjectType} subjectId={a.subjectId} version={a.newVersion} />,
    },
  ];
  return (
    <>
      {hasRole(user, ...ADJUSTER_ROLES) && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button type="primary" onClick={() => setProposing(true)} data-testid="adjustment-propose">
            {t('approvals.propose')}
          </Button>
          <Typography.Text type="secondary">{t('approvals.secondPerson')}</Typography.Text>
        </Space>
      )}
      {loaded.error && <Unavailable error={loaded.error} />}
      <Table<AdjustmentView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={!loaded.items && !loaded.error}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(a) => ({ ...testId(`adjustment-row-${a.id}`), 'data-status': a.status }) as never}
        locale={{ emptyText: t('approvals.adjustmentsEmpty') }}
        scroll={{ x: 'max-content' }}
        data-testid="adjustments-table"
      />
      {proposing && (
        <ProposeAdjustmentModal
          onClose={() => setProposing(false)}
          onDone={() => {
            setProposing(false);
            void onProposed();
          }}
        />
      )}
    </>
  );
}

function DeclarationsTab({ loaded }: { loaded: Loaded<DeclarationView> }) {
  const { t } = useTranslation();
  return (
    <div data-testid="declarations-history">
      {loaded.error && <Unavailable error={loaded.error} />}
      <DeclarationTable items={loaded.items ?? []} showPerson loading={!loaded.items && !loaded.error} emptyText={t('approvals.declarationsEmpty')} />
    </div>
  );
}
