import { useCallback } from 'react';
import { completeTask, type TaskPayload, type TaskView } from '../../shared/api';
import { deviceOffline, enqueueTaskCompletion, isNetworkFailure } from '../../shared/offline/outbox';
import { useSession } from '../../shared/session';

/**
 * Completes a task, or — without a network — keeps the completion on the device and answers
 * 'queued': it is sent when the network returns (the server takes a person's second completion
 * of a task as the first: "completing twice changes nothing").
 */
export function useCompleteTask(): (task: TaskView, payload: TaskPayload) => Promise<TaskView | 'queued'> {
  const { user } = useSession();
  return useCallback(
    async (task, payload) => {
      const queue = async () => {
        await enqueueTaskCompletion(user.id, task, payload);
        return 'queued' as const;
      };
      if (deviceOffline()) return queue();
      try {
        return await completeTask(task.id, payload);
      } catch (err) {
        if (isNetworkFailure(err)) return queue();
        throw err;
      }
    },
    [user.id],
  );
}
