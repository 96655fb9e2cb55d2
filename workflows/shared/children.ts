import { ParentClosePolicy, startChild, WorkflowIdReusePolicy, type ChildWorkflowOptions, type Workflow } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type WithWorkflowArgs } from '@temporalio/common';

/** A child that is a process of its own: it outlives its parent, and its ID is started once. */
export const DETACHED = { parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE } as const;

/**
 * Starts a process of its own from this one: a child that outlives its parent (abandoned on
 * close) under its business ID. A second start with the same ID is a no-op (de-duplication).
 * The child's type is the workflow function's name, so `startChild(fn)` records the same
 * workflow type the string name did.
 */
export async function startDetached<T extends Workflow>(workflow: T, workflowId: string, args: Parameters<T>): Promise<void> {
  const options = {
    workflowId,
    args,
    ...DETACHED,
    // `args` is typed by `Parameters<T>` above; TypeScript cannot resolve the SDK's conditional type for a generic T.
  } as unknown as WithWorkflowArgs<T, Omit<ChildWorkflowOptions, 'typeInfo'> & { typeInfo?: never }>;
  try {
    await startChild(workflow, options);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
