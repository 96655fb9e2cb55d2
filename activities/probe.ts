import { ProbeRun } from '../db/entities';
import type { ActivityDeps } from './shared/deps';

export function createProbeActivities({ dataSource, now }: Pick<ActivityDeps, 'dataSource' | 'now'>) {
  return {
    /** Idempotent: keyed by workflow ID, a retry after a crash finds the row and returns it. */
    async recordProbe(input: { workflowId: string; message: string; requestedBy: string | null }): Promise<string> {
      const repo = dataSource.getRepository(ProbeRun);
      await repo
        .createQueryBuilder()
        .insert()
        .values({ workflowId: input.workflowId, message: input.message, requestedBy: input.requestedBy, createdAt: now() })
        .orIgnore()
        .execute();
      const row = await repo.findOneByOrFail({ workflowId: input.workflowId });
      return row.createdAt.toISOString();
    },
  };
}

export type ProbeActivities = ReturnType<typeof createProbeActivities>;
