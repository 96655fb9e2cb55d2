import { Alert, Col, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchRiskAssessment, type RiskLive, type TaskView } from '../../shared/api';
import { ProcessDetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { useDetail } from '../../shared/useDetail';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { YourTasks } from '../tasks/YourTasks';
import { useTaskLabels } from '../tasks/taskLabels';
import { RiskDepartmentsCard } from './RiskDepartmentsCard';
import { RiskHeaderCard } from './RiskHeaderCard';
import { RiskMeasuresCard } from './RiskMeasuresCard';
import { RiskRegisterCard } from './RiskRegisterCard';
import { RiskTimelineCard } from './RiskTimelineCard';

const POLL_MS = 5_000;

/** The joint risk assessment: where it stands, each department's part, the register and heat map, the plan, tasks, history. */
export function RiskAssessmentDetailPage({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  // An assessment started a moment ago may not be recorded yet: `fresh`.
  const query = useDetail({ key: ['risk-assessment', assessmentId], load: () => fetchRiskAssessment(assessmentId), pollMs: POLL_MS, fresh: true });
  const { data: detail, error, refresh } = query;
  const taskActions = useTaskActions(refresh);
  const taskName = useTaskName(detail?.live ?? null);
  const measureOf = (task: TaskView) => detail?.live?.measures.find((x) => x.taskId === task.id || x.verifyTaskId === task.id)?.description;

  if (!detail) return <ProcessDetailPlaceholder detail={query} process="risk" listPath="/risk-assessments" />;

  const { live, tasks, timeline, register, measures } = detail;
  // Keys: Space keys its children by position otherwise, and an alert coming and going would remount what follows.
  return (
    <>
      <YourTasks tasks={tasks} actions={taskActions} name={taskName} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="risk-detail">
        {error && <Alert key="error" type="warning" showIcon title={error.text} />}
        <RiskHeaderCard key="header" detail={detail} />
        {live ? (
          <RiskDepartmentsCard key="departments" detail={detail} live={live} />
        ) : (
          <Alert key="no-live" type="info" showIcon title={t('riskDetail.liveUnavailable')} data-testid="risk-no-live" />
        )}
        <RiskRegisterCard key="register" register={register} />
        <RiskMeasuresCard key="measures" measures={measures} register={register} phase={detail.assessment.status} />
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
            <RiskTimelineCard events={timeline} register={register} />
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
