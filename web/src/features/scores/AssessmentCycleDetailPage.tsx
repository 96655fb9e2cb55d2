import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchCycle, fetchTask, type CycleDetail, type CyclePhase, type TaskView } from '../../shared/api';
import { ProcessDetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { useDetail } from '../../shared/useDetail';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { CycleHeaderCard } from './CycleHeaderCard';
import { CycleRankingCard } from './CycleRankingCard';
import { CycleSnapshotsCard } from './CycleSnapshotsCard';

/** While scoring (and publishing) the progress moves: refresh every 2 s; otherwise every 10 s. */
const BUSY_POLL_MS = 2_000;
const POLL_MS = 10_000;
const BUSY_PHASES: CyclePhase[] = ['scoring', 'publishing'];

const phaseOf = (d: CycleDetail): CyclePhase => d.live?.phase ?? d.cycle.status;

/** One assessment cycle: progress, phase, snapshot versions, the HR review task, recompute, rankings. */
export function AssessmentCycleDetailPage({ cycleId }: { cycleId: string }) {
  const { t } = useTranslation();
  const load = async () => {
    const d = await fetchCycle(cycleId);
    return { ...d, reviewTasks: await reviewTasks(d) };
  };
  // A cycle started a moment ago may not be recorded yet: `fresh`. While scoring (and publishing) the progress moves.
  const query = useDetail({ key: ['cycle', cycleId], load, pollMs: (d) => (!d || BUSY_PHASES.includes(phaseOf(d)) ? BUSY_POLL_MS : POLL_MS), fresh: true });
  const { data: detail, error, refresh } = query;
  const phase = detail && phaseOf(detail);
  const taskActions = useTaskActions(refresh);

  if (!detail) return <ProcessDetailPlaceholder detail={query} process="cycle" listPath="/assessment-cycles" />;

  const openIds = new Set(detail.live?.reviewTaskId && detail.live.phase === 'review' ? [detail.live.reviewTaskId] : []);
  return (
    <>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="cycle-detail" data-phase={phase}>
        {error && <Alert key="error" type="warning" showIcon title={error.text} />}
        <CycleHeaderCard key="header" detail={detail} onRecomputed={refresh} />
        <ProcessTasksCard
          key="tasks"
          tasks={detail.reviewTasks}
          buttons={taskActions.buttons}
          openTaskIds={openIds}
          cardTestId="cycle-tasks"
          title={t('cycleDetail.review')}
          emptyText={phase === 'scoring' ? t('cycleDetail.reviewPending') : t('cycleDetail.noTasks')}
          name={(task) => t('cycleDetail.reviewRound', { n: Number(/review-(\d+)$/.exec(task.id)?.[1] ?? 1) })}
          detail={(task) => task.description ?? undefined}
        />
        <CycleSnapshotsCard key="snapshots" snapshots={detail.snapshots} current={detail.cycle.currentSnapshot} />
        <CycleRankingCard key="ranking" detail={detail} />
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
