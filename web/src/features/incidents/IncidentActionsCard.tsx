import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CorrectiveAction, TaskView } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { absoluteTime } from '../../shared/format';

const STATUS_COLORS: Record<CorrectiveAction['status'], string> = {
  doing: 'blue',
  verifying: 'orange',
  monitoring: 'cyan',
  closed: 'green',
  cancelled: 'default',
};

/** For a task list: the action a task (do, verify, re-check) is about, as "#n what", from its workflow. */
export function actionOfTask(actions: CorrectiveAction[]): (task: TaskView) => string | undefined {
  const byWorkflow = new Map(actions.map((a) => [a.workflowId, a]));
  return (task) => {
    const a = byWorkflow.get(task.workflowId);
    return a && `#${a.n} ${a.description}`;
  };
}

/**
 * Corrective and preventive actions (an incident's CAPA, an emergency's watched improvement
 * actions): who, what, status, due date, verification, the next effectiveness re-check and the
 * re-checks' results, each with its process's audit history.
 */
export function CorrectiveActionsCard({
  actions,
  title,
  emptyText,
  testId = 'incident-actions',
  itemTestId = 'incident-action',
}: {
  actions: CorrectiveAction[];
  title?: string;
  emptyText?: string;
  testId?: string;
  itemTestId?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={title ?? t('incidentDetail.actions')} data-testid={testId}>
      {actions.length === 0 ? (
        <Empty description={emptyText ?? t('incidentDetail.noActions')} />
      ) : (
        <List
          dataSource={[...actions].sort((a, b) => a.n - b.n)}
          renderItem={(a) => (
            <List.Item key={a.id} data-testid={`${itemTestId}-${a.n}`} data-status={a.status} data-round={a.round}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space size={4} wrap>
                  <Typography.Text strong>#{a.n}</Typography.Text>
                  <Tag>{t(`incident.actionKind.${a.kind}`)}</Tag>
                  <Tag color={STATUS_COLORS[a.status]}>{t(`incident.actionStatus.${a.status}`)}</Tag>
                  {a.round > 1 && (
                    <Tag color="volcano" data-testid="action-reopened">
                      {t('incidentDetail.reopened', { round: a.round })}
                    </Tag>
                  )}
                  {a.orgUnitName && <Typography.Text type="secondary">{a.orgUnitName}</Typography.Text>}
                </Space>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{a.description}</Typography.Text>
                <Space size={[12, 4]} wrap>
                  {a.status === 'doing' || a.status === 'verifying' ? (
                    <Space size={4}>
                      {t('incidentDetail.actionDue')} <DueCell task={{ dueAt: a.dueAt, overdue: false, status: 'open' }} />
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">
                      {t('incidentDetail.actionDue')} {absoluteTime(a.dueAt, i18n.language)}
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary">
                    {a.verifiedAt ? `${t('incidentDetail.actionVerified')} ${absoluteTime(a.verifiedAt, i18n.language)}` : t('incidentDetail.notVerified')}
                  </Typography.Text>
                  {a.nextRecheckAt && (
                    <Space size={4} data-testid="action-next-recheck">
                      {t('incidentDetail.nextRecheck')} <DueCell task={{ dueAt: a.nextRecheckAt, overdue: false, status: 'open' }} />
                    </Space>
                  )}
                  {(a.rechecksPassed > 0 || a.rechecksFailed > 0) && (
                    <Typography.Text type={a.rechecksFailed > 0 ? 'warning' : 'secondary'}>
                      {t('incidentDetail.rechecks', { passed: a.rechecksPassed, failed: a.rechecksFailed })}
                    </Typography.Text>
                  )}
                  <ProcessHistoryLink workflowId={a.workflowId} asText />
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
