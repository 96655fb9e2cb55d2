import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import type { SqljsDriver } from 'typeorm/driver/sqljs/SqljsDriver';
import { SqljsQueryRunner } from 'typeorm/driver/sqljs/SqljsQueryRunner';

/**
 * One transaction at a time on the embedded sql.js database.
 *
 * TypeORM's sqljs driver hands out ONE QueryRunner for the whole data source, and sql.js has one
 * connection. Two callers' `transaction(...)` at once thus nested: the second BEGIN became
 * `SAVEPOINT typeorm_1` inside the first, the first's COMMIT only released the second's savepoint,
 * a rollback of either undid the other's writes (some already answered as committed), and a
 * statement run outside any transaction while one was open became part of it.
 *
 * Where this hooks, and why there:
 * - The driver's `createQueryRunner` returns a new runner per call (all on the one connection), so a
 *   runner is one caller's handle: TypeORM threads it through everything that belongs to a
 *   transaction — the transactional EntityManager, its repositories and query builders, the
 *   persistence executor (`manager.save` opens its own transaction with `startTransaction` on its
 *   runner, not through `EntityManager.transaction`), migrations, and code that drives a runner
 *   itself (the notification dispatcher's held runner). Hooking `EntityManager.transaction` alone
 *   would miss those.
 * - A gate (FIFO) is held by the runner whose transaction is open, from its top-level
 *   `startTransaction` until its COMMIT/ROLLBACK (and the file save after it). Its statements run at
 *   once; any other runner's statement waits for the gate, runs, and lets it go; another runner's
 *   `startTransaction` waits for it. A nested transaction on the holder's runner stays a savepoint.
 * - AsyncLocalStorage marks the code running inside a transaction's callback (set by the wrapped
 *   `EntityManager.transaction` of this data source's managers). Code there that reaches for the
 *   data source instead of its transaction's manager (`dataSource.query`, `dataSource.manager.save`,
 *   `dataSource.transaction`) would otherwise wait for its own transaction forever; it runs inside
 *   that transaction instead (statements at once, transactions as savepoints), as it did before.
 * - The file save (`autoSave`): TypeORM saves after a top-level COMMIT and when a runner that
 *   changed something outside a transaction is released. sql.js's `export()` refuses while a write
 *   transaction is open ("SQLite is busy or locked"; older versions closed the database, ending
 *   it), and a save then would hold another caller's uncommitted rows: the save runs only while
 *   holding the gate with no transaction open; one asked for inside the running transaction is
 *   left to its commit.
 */

/** The context of one top-level transaction's callback. */
interface TransactionContext {
  runner: QueryRunner;
  /** Set once its runner began the transaction (the context then names it in the gate). */
  claimed: boolean;
}

const inTransaction = new AsyncLocalStorage<TransactionContext>();

class Gate {
  owner: QueryRunner | null = null;
  /** The callback context of the owner's transaction, when it was begun through `EntityManager.transaction`. */
  context: TransactionContext | null = null;
  private readonly waiting: (() => void)[] = [];

  acquire(runner: QueryRunner): Promise<void> {
    if (this.owner === null) {
      this.owner = runner;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.owner = runner;
        resolve();
      }),
    );
  }

  release(runner: QueryRunner): void {
    if (this.owner !== runner) return;
    this.owner = null;
    this.context = null;
    this.waiting.shift()?.();
  }

  /** The runner whose open transaction the calling code runs inside (its callback), if any. */
  host(): QueryRunner | undefined {
    const ctx = inTransaction.getStore();
    return ctx !== undefined && ctx === this.context && this.owner?.isTransactionActive ? this.owner : undefined;
  }
}

/** SqljsQueryRunner's private members this module drives (see the class in typeorm/driver/sqljs). */
interface RunnerInternals {
  isDirty: boolean;
  transactionDepth: number;
  flush(): Promise<void>;
}

const proto = SqljsQueryRunner.prototype;
const protoFlush = (SqljsQueryRunner.prototype as unknown as RunnerInternals).flush;

/** A new runner on the driver's one connection, whose statements and transactions pass the gate. */
function gatedRunner(driver: SqljsDriver, gate: Gate): SqljsQueryRunner {
  const runner = new SqljsQueryRunner(driver);
  const self = runner as unknown as RunnerInternals;
  /** Set while this runner's "transaction" is a savepoint in the transaction whose callback started it. */
  let joined: QueryRunner | null = null;
  let joinedDepth = 0;

  runner.query = async (query: string, parameters?: unknown[], useStructuredResult?: boolean) => {
    if (gate.owner === runner || gate.host()) return proto.query.call(runner, query, parameters, useStructuredResult);
    await gate.acquire(runner);
    try {
      return await proto.query.call(runner, query, parameters, useStructuredResult);
    } finally {
      gate.release(runner);
    }
  };

  self.flush = async () => {
    if (!self.isDirty) return;
    // Inside an open transaction (this runner's, or the one whose callback runs this): its commit saves.
    if (runner.isTransactionActive || gate.host()) return;
    if (gate.owner === runner) return protoFlush.call(runner);
    await gate.acquire(runner);
    try {
      await protoFlush.call(runner);
    } finally {
      gate.release(runner);
    }
  };

  runner.startTransaction = async (isolationLevel?: IsolationLevel) => {
    const host = runner.isTransactionActive ? undefined : gate.host();
    if (joined || (host && host !== runner)) {
      const into = joined ?? host!;
      await into.startTransaction(isolationLevel);
      joined = into;
      joinedDepth += 1;
      runner.isTransactionActive = true;
      return;
    }
    const outermost = !runner.isTransactionActive;
    if (outermost) {
      await gate.acquire(runner);
      const ctx = inTransaction.getStore();
      if (ctx && ctx.runner === runner && !ctx.claimed) {
        ctx.claimed = true;
        gate.context = ctx;
      }
    }
    try {
      await proto.startTransaction.call(runner, isolationLevel);
    } catch (err) {
      if (outermost && self.transactionDepth === 0) {
        // BEGIN did not run (a subscriber threw, or BEGIN failed): nothing is open.
        runner.isTransactionActive = false;
        gate.release(runner);
      }
      throw err;
    }
  };

  runner.commitTransaction = async () => {
    if (joined) {
      await joined.commitTransaction();
      if (--joinedDepth === 0) {
        joined = null;
        runner.isTransactionActive = false;
      }
      return;
    }
    try {
      // A failed COMMIT leaves the transaction open (and the gate held) for the caller's rollback.
      await proto.commitTransaction.call(runner);
    } finally {
      if (!runner.isTransactionActive) gate.release(runner);
    }
  };

  runner.rollbackTransaction = async () => {
    if (joined) {
      try {
        await joined.rollbackTransaction();
      } finally {
        if (--joinedDepth === 0) {
          joined = null;
          runner.isTransactionActive = false;
        }
      }
      return;
    }
    const outermost = self.transactionDepth <= 1;
    try {
      await proto.rollbackTransaction.call(runner);
    } catch (err) {
      if (outermost && runner.isTransactionActive) {
        // The outermost ROLLBACK failed (SQLite may have ended the transaction itself): make sure
        // none stays open, so that the gate can pass to the next caller.
        try {
          driver.databaseConnection.exec('ROLLBACK');
        } catch {
          // none was open
        }
        runner.isTransactionActive = false;
        self.transactionDepth = 0;
      }
      throw err;
    } finally {
      if (!runner.isTransactionActive) gate.release(runner);
    }
  };

  return runner;
}

/** This data source's `EntityManager.transaction`, marking its callback's context (see above). */
function wrapTransaction(ds: DataSource, em: EntityManager): EntityManager {
  const original = em.transaction as (this: EntityManager, ...args: unknown[]) => Promise<unknown>;
  const transaction = async (...args: unknown[]): Promise<unknown> => {
    const bound = em.queryRunner;
    const host = gate(ds).host();
    if (!bound) {
      // `dataSource.transaction` inside a running transaction's callback: a savepoint in it, as before.
      if (host) return original.apply(host.manager, args);
      const runner = ds.createQueryRunner();
      try {
        return await inTransaction.run({ runner, claimed: false }, () => original.apply(runner.manager, args));
      } finally {
        await runner.release();
      }
    }
    // A savepoint in this runner's transaction, or in the one running this code.
    if (bound.isTransactionActive || host) return original.apply(em, args);
    return inTransaction.run({ runner: bound, claimed: false }, () => original.apply(em, args));
  };
  em.transaction = transaction as EntityManager['transaction'];
  return em;
}

const gates = new WeakMap<DataSource, Gate>();
function gate(ds: DataSource): Gate {
  const g = gates.get(ds);
  if (!g) throw new Error('not a serialised sql.js data source');
  return g;
}

/**
 * Makes a (not yet initialised) sqljs data source run one transaction at a time, as described
 * above. Call it once, right after constructing the data source.
 */
export function serialiseSqljsTransactions(ds: DataSource): DataSource {
  if (ds.options.type !== 'sqljs') throw new Error('serialiseSqljsTransactions: only for the sqljs driver');
  if (gates.has(ds)) return ds;
  const g = new Gate();
  gates.set(ds, g);
  const driver = ds.driver as SqljsDriver;
  driver.createQueryRunner = () => gatedRunner(driver, g);
  const createEntityManager = ds.createEntityManager.bind(ds);
  ds.createEntityManager = (queryRunner?: QueryRunner) => wrapTransaction(ds, createEntityManager(queryRunner));
  wrapTransaction(ds, ds.manager);
  return ds;
}
