import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  DIMENSIONS,
  fetchCycle,
  fetchRanking,
  fetchTask,
  recomputeCycle,
  SUBJECT_TYPES,
  type CycleDetail,
  type CyclePhase,
  type RankingPage,
  type RankingRow,
  type RecomputeResult,
  type SnapshotView,
  type SubjectType,
  type TaskView,
} from '../../shared/api';
import { ExportResultsButton } from './ExportResultsButton';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { RatingTag, CycleStatusTag, SnapshotStatusTag } from './ScoreTags';
import { useTaskActions } from '../tasks/TaskActions';
import { absoluteTime } from '../../shared/format';
import { useErrorText, usePolling } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { Link, setSearchParams, useLocation } from '../../router';
import { CYCLE_ROLES, CYCLE_STEPS, fmtScore, periodDates, RANKING_ROLES, reportPath, shortHash } from './scoring';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { CycleProgress, useUnitName } from './AssessmentCycleListPage';

/** While scoring (and publishing) the progress moves: refresh every 2 s; otherwise every 10 s. */
const BUSY_POLL_MS = 2_000;
const POLL_MS = 10_000;
/** A cycle started a moment ago may not be recorded yet: retry a while before "not found". */
const FRESH_MS = 15_000;
const FRESH_RETRY_MS = 1_000;
const RANKING_PAGE_SIZE = 50;

const pickType = (v: string | null): SubjectType => SUBJECT_TYPES.find((x) => x === v) ?? 'person';

/** One assessment cycle: progress, phase, snapshot versions, the HR review task, recompute, rankings. */
export function AssessmentCycleDetailPage({ cycleId }: { cycleId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [detail, setDetail] = useState<CycleDetail | null>(null);
  const [tasks, setTasks] = useState<TaskView[]>([]);
  const [error, setError] = useState<{ text: string; notFound: boolean } | null>(null);
  const [opened] = useState(() => Date.now());
  const retry = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(retry.current), []);

  const load = async () => {
    try {
      const d = await fetchCycle(cycleId);
      setDetail(d);
      setError(null);
      setTasks(await reviewTasks(d));
    } catch (err) {
      const notFound = err instanceof ApiError && err.status === 404;
      setError({ text: errorText(err), notFound });
      if (notFound && Date.now() - opened < FRESH_MS) {
        window.clearTimeout(retry.current);
        retry.current = window.setTimeout(() => void load(), FRESH_RETRY_MS);
      }
    }
  };
  const phase: CyclePhase | undefined = detail ? (detail.live?.phase ?? detail.cycle.status) : undefined;
  usePolling(load, phase === 'scoring' || phase === 'publishing' || !detail ? BUSY_POLL_MS : POLL_MS, [cycleId]);
  const taskActions = useTaskActions(load);

  if (error?.notFound && !detail && Date.now() - opened < FRESH_MS)
    return (
      <div style={{ textAlign: 'center', margin: '64px auto' }} data-testid="cycle-waiting">
        <Spin size="large" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t('cycleDetail.registering')}
        </Typography.Paragraph>
      </div>
    );
  if (error?.notFound && !detail)
    return (
      <Result
        status="404"
        title={t('cycleDetail.notFound')}
        extra={
          <Link to="/assessment-cycles">
            <Button type="primary">{t('cycleDetail.backToList')}</Button>
          </Link>
        }
      />
    );
  if (!detail)
    return error ? (
      <Alert type="error" showIcon title={error.text} data-testid="cycle-error" />
    ) : (
      <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />
    );

  const openIds = new Set(detail.live?.reviewTaskId && detail.live.phase === 'review' ? [detail.live.reviewTaskId] : []);
  return (
    <>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="cycle-detail" data-phase={phase}>
        {error && <Alert key="error" type="warning" showIcon title={error.text} />}
        <HeaderCard key="header" detail={detail} onRecomputed={load} />
        <ProcessTasksCard
          key="tasks"
          tasks={tasks}
          buttons={taskActions.buttons}
          openTaskIds={openIds}
          cardTestId="cycle-tasks"
          title={t('cycleDetail.review')}
          emptyText={phase === 'scoring' ? t('cycleDetail.reviewPending') : t('cycleDetail.noTasks')}
          name={(task) => t('cycleDetail.reviewRound', { n: Number(/review-(\d+)$/.exec(task.id)?.[1] ?? 1) })}
          detail={(task) => task.description ?? undefined}
        />
        <SnapshotsCard key="snapshots" snapshots={detail.snapshots} current={detail.cycle.currentSnapshot} />
        <RankingCard key="ranking" detail={detail} />
      </Space>
      {taskActions.modals}
    </>
  );
}

/**
 * The review tasks of the cycle, one per review round (`<workflowId>/review-<n>`): the cycle's
 * detail carries no task list, so each is read by its id; ones the reader may not see are left out.
 */
async function reviewTasks(d: CycleDetail): Promise<TaskView[]> {
  const rounds = d.live?.reviewRound ?? d.snapshots.filter((s) => s.reason === 'initial' || s.reason === 'recompute').length;
  const ids = Array.from({ length: rounds }, (_, i) => `${d.cycle.workflowId}/review-${i + 1}`);
  const found = await Promise.all(ids.map((id) => fetchTask(id).catch(() => null)));
  return found.filter((x): x is TaskView => x !== null);
}

function stepIndex(phase: CyclePhase): number {
  return phase === 'publishing' ? 2 : CYCLE_STEPS.indexOf(phase);
}

function HeaderCard({ detail, onRecomputed }: { detail: CycleDetail; onRecomputed: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { user } = useSession();
  const unitName = useUnitName();
  const { cycle: c, live, snapshots } = detail;
  const phase: CyclePhase = live?.phase ?? c.status;
  const [recomputing, setRecomputing] = useState(false);
  const [recomputed, setRecomputed] = useState<RecomputeResult | null>(null);
  const at = (s: CyclePhase) =>
    s === 'scoring' ? snapshots[0]?.createdAt : s === 'review' ? snapshots.find((x) => x.version === c.currentSnapshot)?.createdAt : c.publishedAt;
  const snap = live?.snapshot;
  const index = stepIndex(phase);

  return (
    <Card
      title={
        <Space wrap size={[8, 4]} style={{ whiteSpace: 'normal' }}>
          <Link to="/assessment-cycles">{t('nav.assessmentCycles')}</Link>
          <Typography.Text type="secondary">/</Typography.Text>
          <span data-testid="cycle-title">{t('cycleDetail.title', { period: c.period, scope: unitName(c.scopeOrgUnitId) })}</span>
        </Space>
      }
      extra={
        <Space wrap size={4}>
          <CycleStatusTag status={phase} />
          <Tag>{label(`scoring.cadence.${c.cadence}`, c.cadence)}</Tag>
          <ExportResultsButton cycleId={c.id} snapshots={snapshots} />
          {hasRole(user, ...CYCLE_ROLES) && c.currentSnapshot > 0 && (
            <Button size="small" onClick={() => setRecomputing(true)} data-testid="cycle-recompute">
              {t('cycleDetail.recompute')}
            </Button>
          )}
        </Space>
      }
    >
      <Steps
        size="small"
        current={index}
        status={phase === 'published' ? 'finish' : 'process'}
        data-testid="cycle-steps"
        items={CYCLE_STEPS.map((s, i) => ({
          title: label(`scoring.cycleStatus.${s}`, s),
          content: i <= index && at(s) ? absoluteTime(at(s)!, i18n.language) : undefined,
        }))}
        style={{ marginBottom: 16 }}
      />
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          <Typography.Text type="secondary">{t('cycleDetail.progress')}</Typography.Text>
          <CycleProgress cycle={c} />
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('cycleDetail.window')}>
              <span data-testid="cycle-window">{periodDates(c, i18n.language)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cycleDetail.ruleset')}>
              <Link to={`/rulesets?version=${c.rulesetVersion}`} data-testid="cycle-ruleset">
                {t('cycleList.rulesetVersion', { version: c.rulesetVersion })}
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('cycleDetail.startedBy')}>{c.startedBy === 'schedule' ? t('cycleList.bySchedule') : c.startedBy}</Descriptions.Item>
            {c.reviewedBy && <Descriptions.Item label={t('cycleDetail.reviewedBy')}>{c.reviewedBy}</Descriptions.Item>}
          </Descriptions>
        </Col>
        <Col xs={24} lg={14}>
          {snap ? (
            <Row gutter={[16, 8]} data-testid="cycle-snapshot-summary">
              <Col span={8}>
                <Statistic title={t('cycleDetail.persons')} value={snap.persons} />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.subjects')} value={snap.subjects} />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.facts')} value={snap.facts} />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('cycleDetail.needsImprovement')}
                  value={snap.needsImprovement}
                  styles={{ content: snap.needsImprovement ? { color: '#cf1322' } : undefined }}
                />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.consecutive')} value={snap.consecutiveNeedsImprovement} />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.specialReview')} value={snap.specialReview} />
              </Col>
              {phase === 'published' && live && (
                <Col span={24}>
                  <Typography.Text type="secondary" data-testid="cycle-aftermath">
                    {t('cycleDetail.aftermath', { reports: live.reportsSent, plans: live.plansStarted.length, flagged: live.flagged.length })}
                  </Typography.Text>
                </Col>
              )}
            </Row>
          ) : (
            <Alert type="info" showIcon title={live ? t('cycleDetail.scoringNow') : t('cycleDetail.liveUnavailable')} />
          )}
        </Col>
      </Row>
      {recomputed && (
        <Alert
          style={{ marginTop: 16 }}
          closable={{ onClose: () => setRecomputed(null) }}
          type={recomputed.reproduced ? 'success' : 'warning'}
          showIcon
          data-testid="recompute-result"
          data-reproduced={recomputed.reproduced ? 'true' : 'false'}
          title={
            recomputed.reproduced
              ? t('cycleDetail.reproduced', { version: recomputed.version })
              : t('cycleDetail.newVersion', { version: recomputed.newVersion ?? '' })
          }
          description={
            <Tooltip title={recomputed.inputHash}>
              <span style={{ fontFamily: 'monospace' }}>{t('report.hash', { hash: shortHash(recomputed.inputHash) })}</span>
            </Tooltip>
          }
        />
      )}
      {recomputing && (
        <RecomputeModal
          cycleId={c.id}
          onClose={() => setRecomputing(false)}
          onDone={(r) => {
            setRecomputing(false);
            setRecomputed(r);
            void onRecomputed();
          }}
        />
      )}
    </Card>
  );
}

function RecomputeModal({ cycleId, onClose, onDone }: { cycleId: string; onClose: () => void; onDone: (r: RecomputeResult) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: { note: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await recomputeCycle(cycleId, v.note.trim()));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('cycleDetail.recomputeTitle')}
      okText={t('cycleDetail.recompute')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': 'recompute-submit' } as Record<string, string>) }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cycleDetail.recomputeHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('cycleDetail.note')}
          rules={[{ required: true, whitespace: true, message: t('completeModal.required', { field: t('cycleDetail.note') }) }, { max: 500 }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="recompute-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SnapshotsCard({ snapshots, current }: { snapshots: SnapshotView[]; current: number }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const columns: TableColumnsType<SnapshotView> = [
    {
      key: 'version',
      title: t('cycleDetail.colVersion'),
      render: (_, s) => (
        <Space size={4}>
          <Typography.Text strong>v{s.version}</Typography.Text>
          {s.version === current && <Tag color="blue">{t('cycleDetail.current')}</Tag>}
        </Space>
      ),
    },
    { key: 'reason', title: t('cycleDetail.colReason'), render: (_, s) => label(`scoring.snapshotReason.${s.reason}`, s.reason) },
    {
      key: 'status',
      title: t('cycleDetail.colStatus'),
      render: (_, s) => (
        <Space size={4}>
          <SnapshotStatusTag status={s.status} />
          {s.supersededBy ? (
            <Typography.Text type="secondary" data-testid={`snapshot-superseded-by-${s.version}`}>
              {t('report.supersededBy', { version: s.supersededBy })}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'hash',
      title: t('cycleDetail.colHash'),
      render: (_, s) => (
        <Tooltip title={s.inputHash}>
          <Typography.Text code data-testid={`snapshot-hash-${s.version}`}>
            {shortHash(s.inputHash)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    { key: 'counts', title: t('cycleDetail.colCounts'), render: (_, s) => t('cycleDetail.counts', { facts: s.factCount, subjects: s.subjectCount }) },
    {
      key: 'by',
      title: t('cycleDetail.colBy'),
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{s.createdBy}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {absoluteTime(s.createdAt, i18n.language)}
          </Typography.Text>
          {s.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: s.note }}>
              {s.note}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('cycleDetail.snapshots')} size="small" data-testid="cycle-snapshots">
      <Table<SnapshotView>
        rowKey="version"
        size="small"
        columns={columns}
        dataSource={[...snapshots].sort((a, b) => b.version - a.version)}
        pagination={false}
        onRow={(s) => ({ ...testId(`snapshot-row-${s.version}`), 'data-status': s.status, 'data-reason': s.reason }) as never}
        locale={{ emptyText: t('cycleDetail.noSnapshots') }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** Rankings of a snapshot by subject type (tab and version in the URL); a row opens the subject's report. */
function RankingCard({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const { user } = useSession();
  const { search } = useLocation();
  const { cycle: c, snapshots } = detail;
  const type = pickType(search.get('ranking'));
  const version = Number(search.get('version')) || c.currentSnapshot;
  const page = Math.max(1, Number(search.get('rankingPage')) || 1);
  const key = `${c.id}|${type}|${version}|${page}`;
  const [loaded, setLoaded] = useState<{ key: string; result: RankingPage } | null>(null);
  const [error, setError] = useState<{ key: string; text: string } | null>(null);
  const allowed = hasRole(user, ...RANKING_ROLES);
  const ready = version > 0 && snapshots.some((s) => s.version === version);

  useEffect(() => {
    if (!allowed || !ready) return;
    let live = true;
    fetchRanking(c.id, type, { version, page, pageSize: RANKING_PAGE_SIZE }).then(
      (result) => live && setLoaded({ key, result }),
      (err: unknown) => live && setError({ key, text: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [key, allowed, ready, c.id, type, version, page, errorText]);

  if (!allowed) return null;
  const data = loaded?.key === key ? loaded.result : null;
  const failed = error?.key === key ? error.text : null;
  const columns: TableColumnsType<RankingRow> = [
    { key: 'rank', title: '#', dataIndex: 'rank', width: 50 },
    {
      key: 'name',
      title: t('cycleDetail.colName'),
      render: (_, r) => (
        <Space size={4} wrap>
          <Link
            to={reportPath(c.id, r.subjectType, r.subjectId, version === c.currentSnapshot ? undefined : version)}
            data-testid={`ranking-link-${r.subjectId}`}
          >
            {r.name}
          </Link>
          {r.flags?.specialReview && <Tag color="volcano">{t('report.flag.specialReview')}</Tag>}
          {r.flags?.consecutiveNeedsImprovement && <Tag color="red">{t('report.flag.consecutive')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'total',
      title: t('cycleDetail.colTotal'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text strong data-testid="ranking-total">
          {fmtScore(r.total)}
        </Typography.Text>
      ),
    },
    { key: 'rating', title: t('cycleDetail.colRating'), render: (_, r) => <RatingTag rating={r.rating} testId="ranking-rating" /> },
    ...DIMENSIONS.map((d) => ({
      key: d,
      title: label(`scoring.dimension.${d}`, d),
      align: 'right' as const,
      render: (_: unknown, r: RankingRow) => {
        const v = r.dimensionScores?.[d];
        if (v === undefined) return '';
        const short = r.flags?.shortfallDimension === d;
        return <Typography.Text style={short ? { color: '#cf1322', fontWeight: 600 } : undefined}>{fmtScore(v)}</Typography.Text>;
      },
    })),
  ];

  return (
    <Card
      title={t('cycleDetail.ranking')}
      size="small"
      data-testid="cycle-ranking"
      extra={
        snapshots.length > 1 && (
          <Select<number>
            size="small"
            value={version}
            style={{ minWidth: 160 }}
            data-testid="ranking-version"
            onChange={(v) => setSearchParams({ version: v === c.currentSnapshot ? null : String(v), rankingPage: null })}
            options={snapshots.map((s) => ({ value: s.version, label: `v${s.version} · ${label(`scoring.snapshotStatus.${s.status}`, s.status)}` }))}
          />
        )
      }
    >
      <Tabs
        activeKey={type}
        onChange={(k) => setSearchParams({ ranking: k === 'person' ? null : k, rankingPage: null })}
        items={SUBJECT_TYPES.map((s) => ({ key: s, label: <span data-testid={`ranking-tab-${s}`}>{label(`scoring.subjectTypePlural.${s}`, s)}</span> }))}
      />
      {!ready ? (
        <Typography.Text type="secondary">{t('cycleDetail.rankingPending')}</Typography.Text>
      ) : (
        <>
          {failed && (
            <Typography.Paragraph type="danger" data-testid="ranking-error">
              {failed}
            </Typography.Paragraph>
          )}
          <Table<RankingRow>
            rowKey={(r) => `${r.subjectType}:${r.subjectId}`}
            size="small"
            data-testid={`ranking-table-${type}`}
            columns={columns}
            dataSource={data?.items ?? []}
            loading={!data && !failed}
            onRow={(r) =>
              ({
                ...testId(`ranking-row-${r.subjectId}`),
                'data-rating': r.rating,
                style: r.rating === 'needs_improvement' ? { background: '#fff1f0' } : undefined,
              }) as never
            }
            locale={{ emptyText: t('cycleDetail.rankingEmpty') }}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize: RANKING_PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => setSearchParams({ rankingPage: p === 1 ? null : String(p) }),
            }}
          />
        </>
      )}
    </Card>
  );
}
