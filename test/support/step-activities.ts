import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { createLogger } from '../../app/logger';
import { migrate, openDatabase } from '../../db/data-source';
import { seedDemo } from '../../db/seed/demo';
import { DEFAULT_POLICY } from '../../domain/policy';
import { createScratchMysqlDatabase } from './mysql';

/** The notification policy a step's notices carry in the step tests: the defaults, no quiet hours. */
export const STEP_TEST_POLICY = { notifications: DEFAULT_POLICY.notifications, quietHours: { default: null } };

/**
 * The set-up of the tests of a process's step activity (`record…Step`, issue 22): a scratch
 * MariaDB database, migrated and seeded with the demo organisation, and the activities over it,
 * made before the suite's tests and dropped after them. Call it in a `describe`; its fields are
 * set once its `beforeAll` ran.
 */
export function stepActivityDatabase(): { ds: DataSource; acts: ReturnType<typeof createActivities> } {
  let db: Awaited<ReturnType<typeof createScratchMysqlDatabase>> | undefined;
  const env = {} as { ds: DataSource; acts: ReturnType<typeof createActivities> };
  beforeAll(async () => {
    db = await createScratchMysqlDatabase();
    env.ds = await openDatabase({ kind: 'mysql', url: db.url });
    await migrate(env.ds);
    await seedDemo(env.ds);
    env.acts = createActivities({
      dataSource: env.ds,
      logger: createLogger('silent'),
      now: () => new Date(),
      mailer: null,
      mailFrom: 'SafeLoop <safeloop@localhost>',
      appUrl: 'http://localhost:3000',
    });
  });
  afterAll(async () => {
    if (env.ds?.isInitialized) await env.ds.destroy();
    await db?.drop();
  });
  return env;
}
