import { Button, Card, List, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Emergency, TaskView } from '../../shared/api';
import { StrongLink } from '../../shared/components/Cells';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { useDetail } from '../../shared/useDetail';
import { navigate } from '../../router';
import { actionOfTask, CorrectiveActionsCard } from '../incidents/IncidentActionsCard';
import { IncidentKindTag, IncidentStatusTag } from '../incidents/IncidentTags';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { fetchEmergencyFollowUps, type EmergencyFollowUps as FollowUps } from './followUps';

/** Re-checks fall days apart: a slow poll is enough. */
const POLL_MS = 10_000;

/** The follow-ups of an emergency, polled; `refresh` after a task of theirs was acted on. */
export function useEmergencyFollowUps(emergencyId: string) {
  return useDetail({ key: ['emergency-follow-ups', emergencyId], load: () => fetchEmergencyFollowUps(emergencyId), pollMs: POLL_MS });
}

/**
 * What followed an emergency: the incidents reported from it (with "report as incident", which
 * opens the incident report filled in from the emergency) and, once its improvement actions are
 * done, each one's effectiveness re-checks (next re-check, results, audit history) and their tasks.
 */
export function EmergencyFollowUps({
  emergency,
  followUps,
  buttons,
}: {
  emergency: Emergency;
  followUps: FollowUps | undefined;
  buttons: (task: TaskView) => ReactNode;
}) {
  const { t } = useTranslation();
  const incidents = followUps?.incidents ?? [];
  const actions = followUps?.actions ?? [];
  const tasks = followUps?.tasks ?? [];
  const watching = actions.length > 0 || (!emergency.drill && (emergency.status === 'improving' || emergency.status === 'closed'));
  const report = `/incidents/new?emergencyId=${emergency.id}`;
  return (
    <>
      <Card
        size="small"
        title={t('emergencyFollowUps.incidents')}
        data-testid="emergency-incidents"
        extra={
          <Button
            type={incidents.length ? 'default' : 'primary'}
            danger={!incidents.length}
            href={report}
            onClick={(e) => {
              e.preventDefault();
              navigate(report);
            }}
            title={t('emergencyFollowUps.reportHint')}
            data-testid="emergency-report-incident"
          >
            {incidents.length ? t('emergencyFollowUps.reportAnother') : t('emergencyFollowUps.reportIncident')}
          </Button>
        }
      >
        {incidents.length === 0 ? (
          <Typography.Text type="secondary">{t('emergencyFollowUps.noIncidents')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={incidents}
            renderItem={(i) => (
              <List.Item key={i.id} data-testid={`emergency-incident-${i.id}`}>
                <Space size={[8, 4]} wrap>
                  <StrongLink to={`/incidents/${i.id}`} testId={`emergency-incident-link-${i.id}`}>
                    {i.title}
                  </StrongLink>
                  <IncidentKindTag incident={{ kind: i.kind, anonymous: false }} />
                  <IncidentStatusTag status={i.status} />
                  <Typography.Text type="secondary">
                    <RelativeTime iso={i.reportedAt} />
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      {watching && (
        <CorrectiveActionsCard
          actions={actions}
          title={t('emergencyFollowUps.actions')}
          emptyText={t('emergencyFollowUps.noActions')}
          testId="emergency-watched-actions"
          itemTestId="emergency-watched-action"
        />
      )}
      {tasks.length > 0 && (
        <ProcessTasksCard
          tasks={tasks}
          buttons={buttons}
          openTaskIds={new Set(tasks.filter((x) => x.status === 'open').map((x) => x.id))}
          cardTestId="emergency-recheck-tasks"
          title={t('emergencyFollowUps.tasks')}
          emptyText={t('emergencyFollowUps.noActions')}
          detail={actionOfTask(actions)}
          oldestFirst
        />
      )}
    </>
  );
}
