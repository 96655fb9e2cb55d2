import { Alert, Col, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchIncident } from '../../shared/api';
import { ProcessDetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { EventTimelineCard } from '../../shared/components/EventTimelineCard';
import { useDetail } from '../../shared/useDetail';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { YourTasks } from '../tasks/YourTasks';
import { IncidentClocksCard } from './IncidentClocksCard';
import { IncidentHeaderCard } from './IncidentHeaderCard';
import { actionOfTask, CorrectiveActionsCard } from './IncidentActionsCard';
import { IncidentInvestigationCard } from './IncidentInvestigationCard';

const POLL_MS = 5_000;

const EVENT_COLORS: Record<string, string> = {
  reported: 'red',
  classified: 'blue',
  reported_to_authority: 'orange',
  investigated: 'blue',
  responsibility_determined: 'purple',
  actions_started: 'cyan',
  actions_verified: 'green',
  closed: 'green',
  cancelled: 'gray',
};

/** One incident: what was reported, its clocks, the investigation, the actions, its tasks (actionable here) and history. */
export function IncidentDetailPage({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  // A report sent a moment ago may not be readable yet: `fresh`.
  const query = useDetail({ key: ['incident', incidentId], load: () => fetchIncident(incidentId), pollMs: POLL_MS, fresh: true });
  const { data: detail, error, refresh } = query;
  const taskActions = useTaskActions(refresh);

  if (!detail) return <ProcessDetailPlaceholder detail={query} process="incident" listPath="/incidents" />;

  const { tasks, timeline, actions } = detail;
  // An action's tasks (do, verify, re-check) say which action they are about.
  // The dialogs sit outside the Space: it keys its children by position (see HazardDetailPage).
  return (
    <>
      <YourTasks tasks={tasks} actions={taskActions} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="incident-detail">
        {error && <Alert type="warning" showIcon title={error.text} />}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <IncidentHeaderCard detail={detail} />
              <IncidentInvestigationCard detail={detail} />
              <CorrectiveActionsCard actions={actions} />
              <ProcessTasksCard
                tasks={tasks}
                buttons={taskActions.buttons}
                openTaskIds={new Set(tasks.filter((x) => x.status === 'open').map((x) => x.id))}
                cardTestId="incident-tasks"
                title={t('incidentDetail.tasks')}
                emptyText={t('incidentDetail.noTasks')}
                detail={actionOfTask(actions)}
                oldestFirst
              />
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <IncidentClocksCard detail={detail} />
              <EventTimelineCard process="incident" events={timeline} colors={EVENT_COLORS} details={() => null} />
            </Space>
          </Col>
        </Row>
      </Space>
      {taskActions.modals}
    </>
  );
}
