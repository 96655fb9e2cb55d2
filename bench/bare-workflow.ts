import { proxyActivities } from '@temporalio/workflow';

/**
 * The baseline of `npm run bench:processes`: the least a Temporal process can be — start, one
 * no-op activity, complete. Bundled by the bench's own worker (`workflowsPath` points here) on its
 * own task queue; deliberately not part of `workflows/index.ts`.
 */
export const BARE_TASK_QUEUE = 'bench-bare';

export interface BareActivities {
  noop(): Promise<void>;
}

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

export async function BareWorkflow(): Promise<void> {
  await noop();
}
