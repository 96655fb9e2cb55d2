import { Card, Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../shared/api';
import { testId } from '../../shared/testIds';
import { DueCell } from '../../shared/components/DueCell';
import { useTaskLabels } from './taskLabels';
import { CardTable } from '../../shared/components/CardTable';

/**
 * The tasks of one process on its page: open ones first (highlighted when the process waits on
 * them), each with the inbox's buttons (claim, complete, release, delegate). Rows carry
 * `data-task-type`; `name(task)` may give a row a better name than the task type's. Newest first
 * unless `oldestFirst` (an incident's steps in the order they came); `highlight`: the open rows' background.
 */
export function ProcessTasksCard({
  tasks,
  buttons,
  openTaskIds,
  cardTestId,
  title,
  emptyText,
  name,
  detail,
  oldestFirst = false,
  highlight = '#f6ffed',
}: {
  tasks: TaskView[];
  buttons: (task: TaskView) => ReactNode;
  openTaskIds: Set<string>;
  cardTestId: string;
  title?: string;
  emptyText?: string;
  name?: (task: TaskView) => string | undefined;
  /** A second line under the name (e.g. which measure), above the task's unit. */
  detail?: (task: TaskView) => string | undefined;
  oldestFirst?: boolean;
  highlight?: string;
}) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const sorted = [...tasks].sort(
    (a, b) => Number(b.status === 'open') - Number(a.status === 'open') || (Date.parse(b.createdAt) - Date.parse(a.createdAt)) * (oldestFirst ? -1 : 1),
  );
  const columns: TableColumnsType<TaskView> = [
    {
      key: 'task',
      title: t('processTasks.colTask'),
      render: (_, task) => {
        const more = detail?.(task);
        return (
          <Space orientation="vertical" size={0} style={{ maxWidth: 360 }}>
            <Typography.Text strong>{name?.(task) || labels.taskType(task.taskType) || task.title}</Typography.Text>
            {more && <Typography.Text ellipsis={{ tooltip: more }}>{more}</Typography.Text>}
            <Typography.Text type="secondary">{task.orgUnitName}</Typography.Text>
          </Space>
        );
      },
    },
    {
      key: 'who',
      title: t('inbox.colAssignee'),
      render: (_, task) =>
        task.status === 'completed' ? (
          <Typography.Text>{task.completedBy}</Typography.Text>
        ) : task.assignee ? (
          task.assignee.displayName
        ) : (
          <Tag>{t('common.unassigned')}</Tag>
        ),
    },
    {
      key: 'status',
      title: t('processTasks.colStatus'),
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
    <Card title={title ?? t('processTasks.title')} size="small" data-testid={cardTestId}>
      <CardTable<TaskView>
        columns={columns}
        dataSource={sorted}
        onRow={(task) =>
          ({
            ...testId(`task-row-${task.id}`),
            'data-task-type': task.taskType,
            style: openTaskIds.has(task.id) ? { background: highlight } : undefined,
          }) as never
        }
        emptyText={emptyText ?? t('processTasks.empty')}
      />
    </Card>
  );
}
