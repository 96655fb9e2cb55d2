import { Alert, Card, Col, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchHazard } from '../../shared/api';
import { ProcessDetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { useDetail } from '../../shared/useDetail';
import { ProcessTasksCard } from '../tasks/ProcessTasksCard';
import { useTaskActions } from '../tasks/TaskActions';
import { YourTasks } from '../tasks/YourTasks';
import { HazardActionModal, type HazardActionKind } from './HazardActionModal';
import { HazardHeaderCard } from './HazardHeaderCard';
import { HazardTimelineCard } from './HazardTimelineCard';

const POLL_MS = 5_000;

/** One hazard: where it stands, its SLA clock, its tasks (actionable here), its history. */
export function HazardDetailPage({ hazardId }: { hazardId: string }) {
  const { t } = useTranslation();
  // A hazard reported a moment ago may not be recorded yet (its workflow writes it): `fresh`.
  const query = useDetail({ key: ['hazard', hazardId], load: () => fetchHazard(hazardId), pollMs: POLL_MS, fresh: true });
  const { data: detail, error, refresh } = query;
  const [action, setAction] = useState<HazardActionKind | null>(null);
  const taskActions = useTaskActions(refresh);

  if (!detail) return <ProcessDetailPlaceholder detail={query} process="hazard" listPath="/hazards" />;

  const { hazard, live, tasks, timeline } = detail;
  const done = () => {
    setAction(null);
    void refresh();
  };

  // The dialogs sit outside the Space: it keys its children by position, so an alert coming and
  // going would remount them and lose what was typed.
  return (
    <>
      <YourTasks tasks={tasks} actions={taskActions} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="hazard-detail">
        {error && <Alert type="warning" showIcon title={error.text} />}
        <HazardHeaderCard detail={detail} onAction={setAction} />
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
            <HazardTimelineCard hazard={hazard} events={timeline} />
          </Col>
        </Row>
      </Space>
      {taskActions.modals}
      {action && <HazardActionModal kind={action} hazard={hazard} onClose={() => setAction(null)} onDone={done} />}
    </>
  );
}
