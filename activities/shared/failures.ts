import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { EntityNotFoundError } from 'typeorm';

/**
 * Failures retrying cannot fix. Workflows retry activities once a minute for as long as they
 * fail; a permanent error (a row that is not there, a webhook that refuses the request, input
 * the database rejects) would retry forever and, inside an update handler, hang the API call
 * that sent it. These end the activity at once with a clear message instead: the workflow, and
 * the person waiting on it, see the failure.
 */
export type PermanentFailureType = 'NotFound' | 'Rejected' | 'InvalidInput';

export function permanentFailure(type: PermanentFailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

export function isPermanentFailure(err: unknown): boolean {
  return err instanceof ApplicationFailure && err.nonRetryable === true;
}

/**
 * Attempts after which a row still missing is taken to be gone for good. A process may look up
 * a row the API writes just after starting it (a hazard's projection, an appeal committed after
 * its start): the first attempts ride out that race (1 + 2 + 4 + 8 s), later ones would not help.
 */
export const MISSING_ROW_ATTEMPTS = 5;

function attempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (a script): no retries to save
  }
}

/**
 * The activities with TypeORM's "row not found" (`findOneByOrFail`, `findOneOrFail`) made
 * permanent after `MISSING_ROW_ATTEMPTS` attempts; every other error passes through unchanged.
 */
export function withPermanentFailures<T extends Record<string, unknown>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    if (typeof fn !== 'function') {
      wrapped[name] = fn;
      continue;
    }
    wrapped[name] = {
      async [name](...args: unknown[]) {
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (err) {
          if (err instanceof EntityNotFoundError && attempt() >= MISSING_ROW_ATTEMPTS) {
            throw permanentFailure('NotFound', `${name}: ${err.message} (still missing after ${MISSING_ROW_ATTEMPTS} attempts; not retried)`);
          }
          throw err;
        }
      },
    }[name];
  }
  return wrapped as T;
}
