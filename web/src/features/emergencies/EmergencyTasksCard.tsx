import { Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmergencyLive, TaskView } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { testId } from '../../shared/testIds';
import { useTaskLabels } from '../tasks/taskLabels';

/** The emergency's tasks, open ones first, with the inbox's actions. */
export function EmergencyTasksCard({ tasks, live, buttons }: { tasks: TaskView[]; live: EmergencyLive | null; buttons: (task: TaskView) => ReactNode }) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const openIds = new Set(live?.openTasks.map((x) => x.id) ?? []);
  const kindOf = (task: TaskView) => live?.responses.find((r) => r.taskId === task.id)?.kind;
  const sorted = [...tasks].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const columns: TableColumnsType<TaskView> = [
    {
      key: 'task',
      title: t('hazardDetail.taskCol'),
      render: (_, task) => {
        const kind = kindOf(task);
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{kind ? t(`emergency.step.${kind}`) : labels.taskType(task.taskType) || task.title}</Typography.Text>
            <Typography.Text type="secondary">{task.orgUnitName}</Typography.Text>
          </Space>
        );
      },
    },
    {
      key: 'who',
      title: t('inbox.colAssignee'),
      render: (_, task) => (task.status === 'completed' ? task.completedBy : task.assignee ? task.assignee.displayName : <Tag>{t('common.unassigned')}</Tag>),
    },
    {
      key: 'status',
      title: t('hazardDetail.taskStatus'),
      render: (_, task) =>
        task.status === 'open' ? (
          <DueCell task={task} />
        ) : (
          <Tag color={task.status === 'completed' ? 'green' : 'default'}>{t(`taskStatus.${task.status}`)}</Tag>
        ),
    },
    { key: 'actions', title: t('inbox.colActions'), render: (_, task) => (task.status === 'open' ? buttons(task) : null) },
  ];
  return (
    <Card title={t('emergencyDetail.tasks')} size="small" data-testid="emergency-tasks">
      <Table<TaskView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={sorted}
        pagination={false}
        onRow={(task) =>
          ({ ...testId(`task-row-${task.id}`), 'data-task-type': task.taskType, style: openIds.has(task.id) ? { background: '#fff7e6' } : undefined }) as never
        }
        locale={{ emptyText: t('emergencyDetail.noTasks') }}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
