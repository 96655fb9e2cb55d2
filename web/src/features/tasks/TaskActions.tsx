import { App, Button, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { claimTask, unclaimTask, type TaskView } from '../../shared/api';
import { useBusyAction } from '../../shared/hooks';
import { useSession } from '../../shared/session';
import { DelegateModal } from './DelegateModal';
import { TaskCompleteModal } from './TaskCompleteModal';
import { useTaskLabels } from './taskLabels';

/**
 * The inbox's task actions (claim, complete with the type's form, release, delegate) for any list
 * of tasks: `buttons(task)` renders a row's buttons, `modals` the dialogs; `reload` runs after
 * every action.
 */
export function useTaskActions(reload: () => Promise<void> | void): { buttons: (task: TaskView) => ReactNode; modals: ReactNode } {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refreshUnread } = useSession();
  const labels = useTaskLabels();
  const [completing, setCompleting] = useState<TaskView | null>(null);
  const [delegating, setDelegating] = useState<TaskView | null>(null);

  const { busy, act: run } = useBusyAction(reload);
  const act = (task: TaskView, key: string, action: () => Promise<TaskView>, done: string) => run(`${key}-${task.id}`, action, done);

  const finished = (done: string) => {
    setCompleting(null);
    setDelegating(null);
    void message.success(done);
    refreshUnread();
    void reload();
  };

  const buttons = (task: TaskView) => (
    <Space size="small" wrap>
      {task.actions.canClaim && (
        <Button
          size="small"
          type="primary"
          ghost
          loading={busy === `claim-${task.id}`}
          data-testid={`claim-${task.id}`}
          onClick={() => void act(task, 'claim', () => claimTask(task.id), t('inbox.claimed'))}
        >
          {t('inbox.claim')}
        </Button>
      )}
      {task.actions.canComplete && (
        <Button size="small" type="primary" data-testid={`complete-${task.id}`} onClick={() => setCompleting(task)}>
          {labels.action(task.taskType)}
        </Button>
      )}
      {task.actions.canUnclaim && (
        <Button
          size="small"
          loading={busy === `unclaim-${task.id}`}
          data-testid={`unclaim-${task.id}`}
          onClick={() => void act(task, 'unclaim', () => unclaimTask(task.id), t('inbox.unclaimed'))}
        >
          {t('inbox.unclaim')}
        </Button>
      )}
      {task.actions.canDelegate && (
        <Button size="small" data-testid={`delegate-${task.id}`} onClick={() => setDelegating(task)}>
          {t('inbox.delegate')}
        </Button>
      )}
    </Space>
  );

  const modals = (
    <>
      {completing && <TaskCompleteModal task={completing} onClose={() => setCompleting(null)} onDone={() => finished(t('inbox.completed'))} />}
      {delegating && <DelegateModal task={delegating} onClose={() => setDelegating(null)} onDone={() => finished(t('inbox.delegated'))} />}
    </>
  );
  return { buttons, modals };
}
