import { CancellationScope, isCancellation } from '@temporalio/workflow';

/**
 * The writes of a process's steps (issue 22: one transaction per step), buffered in the workflow
 * and written together by one local activity: a step adds its writes to `next`, and `flush` hands
 * them to the activity once the step is taken (before the process waits). Flushes run one after
 * the other (the main line and a message handler may both flush), so the writes keep their order;
 * a flush runs after the one before it whatever became of that one.
 */
export class StepWrites<B extends object> {
  /** The step in progress: its writes go here. */
  next: B;
  private chain: Promise<void> = Promise.resolve();
  /** Batches handed to the activity and not known to be written (a flush cancelled with the process may or may not have committed). */
  private unconfirmed: B[] = [];

  constructor(
    private readonly fresh: () => B,
    private readonly write: (batch: B) => Promise<unknown>,
  ) {
    this.next = fresh();
  }

  /** Writes the step's writes (nothing to write: waits for the flushes in flight). */
  flush(): Promise<void> {
    const batch = this.next;
    if (isEmpty(batch)) return this.chain;
    this.next = this.fresh();
    this.unconfirmed.push(batch);
    const run = () =>
      this.write(batch).then(() => {
        this.unconfirmed = this.unconfirmed.filter((b) => b !== batch);
      });
    this.chain = this.chain.then(run, run);
    return this.chain;
  }

  /** Whether anything is unwritten or not known to be written. */
  get unsettled(): boolean {
    return this.unconfirmed.length > 0 || !isEmpty(this.next);
  }

  /**
   * After the process was cancelled (call it in a non-cancellable scope): writes again, in order,
   * what the cancelled flushes may have left unwritten (idempotent: a batch already committed
   * writes nothing twice), then what was still pending, so the cancellation's own writes come
   * after the step's.
   */
  async settle(): Promise<void> {
    const batches = this.unconfirmed.splice(0);
    if (!isEmpty(this.next)) batches.push(this.next);
    this.next = this.fresh();
    for (const b of batches) await this.write(b);
  }
}

/** A batch with nothing in it: every field unset or an empty list. */
function isEmpty(batch: object): boolean {
  return Object.values(batch).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
}

/** Where a process tells its runner about its step buffer, so that a cancellation can settle it (`settleOnCancellation`). */
export interface CancelledWrites {
  writes?: Pick<StepWrites<object>, 'unsettled' | 'settle'>;
}

/**
 * Runs a process whose steps go through a `StepWrites` (it sets `cancelled.writes`). After a
 * cancellation, what the flushes in flight may have left unwritten is written, outside the
 * cancellation, before the process is marked cancelled and ends.
 */
export async function settleOnCancellation<T>(run: (cancelled: CancelledWrites) => Promise<T>): Promise<T> {
  const cancelled: CancelledWrites = {};
  try {
    return await run(cancelled);
  } catch (err) {
    const writes = cancelled.writes;
    if (writes?.unsettled && isCancellation(err)) await CancellationScope.nonCancellable(() => writes.settle());
    throw err;
  }
}
