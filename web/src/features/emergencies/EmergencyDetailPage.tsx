import { Alert, Card, Col, Row, Space } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchEmergency, type TaskView } from '../../shared/api';
import { ProcessDetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { useDetail } from '../../shared/useDetail';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { YourTasks } from '../tasks/YourTasks';
import { deptSteps, EmergencyDeptCard } from './EmergencyDeptCard';
import { EmergencyFollowUps, useEmergencyFollowUps } from './EmergencyFollowUps';
import { EmergencyHeaderCard } from './EmergencyHeaderCard';
import { EmergencyProgressCard } from './EmergencyProgressCard';
import { EmergencyReviewCard } from './EmergencyReviewCard';
import { EmergencyTimelineCard } from './EmergencyTimelineCard';

/** The command view follows the incident closely. */
const POLL_MS = 2_500;

/** The emergency command view: where the response stands, department by department, live. */
export function EmergencyDetailPage({ emergencyId }: { emergencyId: string }) {
  const { t } = useTranslation();
  // The server's clock minus ours, so the elapsed time agrees with the server's (measured while the clock runs).
  const skew = useRef(0);
  const load = async () => {
    const d = await fetchEmergency(emergencyId);
    if (d.live && !d.live.controlledAt && !d.live.closedAt) skew.current = Date.parse(d.live.reportedAt) + d.live.elapsedSeconds * 1000 - Date.now();
    return d;
  };
  // An emergency raised a moment ago may not be visible yet: `fresh`.
  const query = useDetail({ key: ['emergency', emergencyId], load, pollMs: POLL_MS, fresh: true });
  const { data: detail, error } = query;
  const followUps = useEmergencyFollowUps(emergencyId);
  // A task acted on here may be the emergency's or one of its watched actions' (a re-check).
  const refresh = async () => {
    await Promise.all([query.refresh(), followUps.refresh()]);
  };
  const taskActions = useTaskActions(refresh);

  if (!detail) return <ProcessDetailPlaceholder detail={query} process="emergency" listPath="/emergencies" />;

  const { emergency, live, tasks, timeline } = detail;
  const steps = live ? deptSteps(live, tasks) : [];
  const stepName = (task: TaskView) => {
    const kind = live?.responses.find((r) => r.taskId === task.id)?.kind;
    return kind && t(`emergency.step.${kind}`);
  };

  // The dialogs sit outside the Space: it keys its children by position, so an alert coming and
  // going would remount them and lose what was typed.
  return (
    <>
      <YourTasks tasks={tasks} actions={taskActions} name={stepName} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="emergency-detail">
        {error && <Alert type="warning" showIcon title={error.text} />}
        <EmergencyHeaderCard detail={detail} skew={skew.current} />
        {!live && <Alert type="info" showIcon title={t('emergencyDetail.liveUnavailable')} data-testid="emergency-no-live" />}
        {live && (
          <Card title={t('emergencyDetail.departments')} size="small" data-testid="emergency-departments">
            <Row gutter={[12, 12]}>
              {steps.map((s) => (
                <Col key={s.key} xs={12} xl={6}>
                  <EmergencyDeptCard step={s} reportedAt={emergency.reportedAt} skew={skew.current} />
                </Col>
              ))}
            </Row>
          </Card>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <ProcessTasksCard
                tasks={tasks}
                buttons={taskActions.buttons}
                openTaskIds={new Set(live?.openTasks.map((x) => x.id) ?? [])}
                cardTestId="emergency-tasks"
                title={t('emergencyDetail.tasks')}
                emptyText={t('emergencyDetail.noTasks')}
                name={stepName}
                oldestFirst
                highlight="#fff7e6"
              />
              {live && (live.phase === 'acknowledging' || live.phase === 'responding') && (
                <EmergencyProgressCard emergency={emergency} live={live} tasks={tasks} onDone={refresh} />
              )}
              <EmergencyReviewCard emergency={emergency} live={live} timeline={timeline} />
              <EmergencyFollowUps emergency={emergency} followUps={followUps.data} buttons={taskActions.buttons} />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <EmergencyTimelineCard events={timeline} />
          </Col>
        </Row>
      </Space>
      {taskActions.modals}
    </>
  );
}
