import { App, Button, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SizeType } from 'antd/es/config-provider/SizeContext';
import { claimTask, completeTask, unclaimTask, type TaskView } from '../../shared/api';
import { useIsPhone } from '../../shared/components/ResponsiveTable';
import { useBusyAction } from '../../shared/hooks';
import { useSession } from '../../shared/session';
import { DelegateModal } from './DelegateModal';
import { TaskCompleteModal } from './TaskCompleteModal';
import { useTaskLabels } from './taskLabels';
import { oneTapOf } from './oneTap';

/** Where a task's buttons are shown: `prefix` keeps their test ids apart from the task list's (the "your task" card, the action bar). */
export interface TaskButtonOptions {
  prefix?: string;
  size?: SizeType;
  /**
   * Only the buttons that move the task on: confirm (one tap), approve / reject or comment, else
   * complete, else claim. The phone's action bar; the task's other buttons are in the "your task" card.
   */
  primaryOnly?: boolean;
}

export interface TaskActions {
  buttons: (task: TaskView, options?: TaskButtonOptions) => ReactNode;
  modals: ReactNode;
}

/**
 * The inbox's task actions (claim, complete with the type's form, release, delegate) for any list
 * of tasks: `buttons(task)` renders a row's buttons, `modals` the dialogs; `reload` runs after
 * every action. A task whose form asks only for a confirmation ("on site") is completed in one tap
 * (`one-tap-<id>`), its form one button further for a note; an approval that needs no reason to
 * approve has Approve (one tap) and "Reject or comment" (the form), as on DingTalk. On a phone the
 * buttons are finger-sized.
 */
export function useTaskActions(reload: () => Promise<void> | void): TaskActions {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refreshUnread } = useSession();
  const labels = useTaskLabels();
  const phone = useIsPhone();
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

  const buttons = (task: TaskView, { prefix = '', size = phone ? 'middle' : 'small', primaryOnly = false }: TaskButtonOptions = {}) => {
    const oneTap = task.actions.canComplete ? oneTapOf(task) : null;
    const approval = oneTap?.kind === 'approve';
    return (
      <Space size="small" wrap>
        {task.actions.canClaim && !(primaryOnly && task.actions.canComplete) && (
          <Button
            size={size}
            type="primary"
            ghost
            loading={busy === `claim-${task.id}`}
            data-testid={`${prefix}claim-${task.id}`}
            onClick={() => void act(task, 'claim', () => claimTask(task.id), t('inbox.claimed'))}
          >
            {t('inbox.claim')}
          </Button>
        )}
        {oneTap && (
          <Button
            size={size}
            type="primary"
            loading={busy === `oneTap-${task.id}`}
            data-testid={`${prefix}one-tap-${task.id}`}
            onClick={() => void act(task, 'oneTap', () => completeTask(task.id, oneTap.payload), t('inbox.completed')).then(() => refreshUnread())}
          >
            {approval ? t('inbox.approve') : labels.action(task.taskType)}
          </Button>
        )}
        {task.actions.canComplete && !(primaryOnly && oneTap && !approval) && (
          <Button
            size={size}
            type={oneTap ? 'default' : 'primary'}
            danger={approval}
            data-testid={`${prefix}complete-${task.id}`}
            onClick={() => setCompleting(task)}
          >
            {approval ? t('inbox.rejectOrComment') : oneTap ? t('inbox.completeWithNote') : labels.action(task.taskType)}
          </Button>
        )}
        {task.actions.canUnclaim && !primaryOnly && (
          <Button
            size={size}
            loading={busy === `unclaim-${task.id}`}
            data-testid={`${prefix}unclaim-${task.id}`}
            onClick={() => void act(task, 'unclaim', () => unclaimTask(task.id), t('inbox.unclaimed'))}
          >
            {t('inbox.unclaim')}
          </Button>
        )}
        {task.actions.canDelegate && !primaryOnly && (
          <Button size={size} data-testid={`${prefix}delegate-${task.id}`} onClick={() => setDelegating(task)}>
            {t('inbox.delegate')}
          </Button>
        )}
      </Space>
    );
  };

  const modals = (
    <>
      {completing && <TaskCompleteModal task={completing} onClose={() => setCompleting(null)} onDone={() => finished(t('inbox.completed'))} />}
      {delegating && <DelegateModal task={delegating} onClose={() => setDelegating(null)} onDone={() => finished(t('inbox.delegated'))} />}
    </>
  );
  return { buttons, modals };
}
