import { Card, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { useIsPhone } from '../../shared/components/ResponsiveTable';
import type { TaskActions } from './TaskActions';
import { useTaskLabels } from './taskLabels';

/** The action bar's height on a phone (one row of large buttons): the page keeps this much room below its last card. */
const BAR_SPACE = 96;

/** Open tasks the reader can act on (complete, or claim from the team's queue), the most urgent first. */
export function yourOpenTasks(tasks: readonly TaskView[]): TaskView[] {
  const due = (t: TaskView) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);
  return tasks
    .filter((t) => t.status === 'open' && (t.actions.canComplete || t.actions.canClaim))
    .sort((a, b) => Number(b.actions.canComplete) - Number(a.actions.canComplete) || due(a) - due(b));
}

/**
 * "Your task" first on a process page: the reader's open tasks of the process at the top, each with
 * its buttons, and on a phone a bar stuck to the bottom of the screen with the first one's buttons
 * (claim, confirm, complete), always in reach however far the page is scrolled. Nothing when the
 * process waits on nobody the reader can stand in for. The buttons' test ids are prefixed
 * (`your-…`, `bar-…`) so they stay apart from the task list's.
 */
export function YourTasks({ tasks, actions, name }: { tasks: readonly TaskView[]; actions: TaskActions; name?: (task: TaskView) => string | undefined }) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const phone = useIsPhone();
  const mine = yourOpenTasks(tasks);
  const barShown = phone && mine.length > 0;
  // Room below the page's last card, so the bar never covers it.
  useEffect(() => {
    if (!barShown) return;
    document.body.style.paddingBottom = `${BAR_SPACE}px`;
    return () => {
      document.body.style.paddingBottom = '';
    };
  }, [barShown]);
  if (mine.length === 0) return null;
  const nameOf = (task: TaskView) => name?.(task) || labels.taskType(task.taskType) || task.title;
  const first = mine[0];

  return (
    <>
      <Card
        size="small"
        title={mine.length === 1 ? t('yourTasks.title') : t('yourTasks.titleMany', { count: mine.length })}
        data-testid="your-tasks"
        style={{ borderColor: '#0b6e4f', borderWidth: 2, marginBottom: 16 }}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {mine.map((task) => (
            <div key={task.id} data-testid={`your-task-${task.id}`} data-task-type={task.taskType}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {nameOf(task)}
              </Typography.Text>
              {task.title !== nameOf(task) && (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                  {task.title}
                </Typography.Paragraph>
              )}
              {task.dueAt && (
                <div style={{ marginBottom: 8 }}>
                  <DueCell task={task} />
                </div>
              )}
              {actions.buttons(task, { prefix: 'your-' })}
            </div>
          ))}
        </Space>
      </Card>
      {phone && (
        <div
          data-testid="action-bar"
          data-task-id={first.id}
          role="toolbar"
          aria-label={t('yourTasks.bar', { name: nameOf(first) })}
          style={{
            position: 'fixed',
            insetInline: 0,
            bottom: 0,
            zIndex: 900,
            background: '#fff',
            boxShadow: '0 -2px 8px rgba(0,0,0,0.15)',
            padding: '8px 12px calc(8px + env(safe-area-inset-bottom))',
          }}
        >
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
            {t('yourTasks.bar', { name: nameOf(first) })}
          </Typography.Text>
          {actions.buttons(first, { prefix: 'bar-', size: 'large', primaryOnly: true })}
        </div>
      )}
    </>
  );
}
