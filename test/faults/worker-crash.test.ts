import { verifyAuditLog } from '../../db/audit/audit-log';
import { startTestSystem, testServices } from '../support/env';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { checkpoints } from './barrier';
import { auditDuplicates, mailProblems, notificationsDelivered, processProblems } from './checks';
import { drivers, narrate, type Checkpoint, type Driven } from './drivers';

/**
 * Workers die with SIGKILL in the middle of every process type, and two workers compete for the
 * task queue the whole time. The API runs in the test; the workers are real `safeloop worker`
 * processes. All nine process types run side by side:
 *  1. two workers (A, B) poll the queue;
 *  2. every process has its first inbox task open; those that can complete it at once, and right
 *     after the completions return (their activities in flight) worker A is SIGKILLed; C joins;
 *  3. every process is at a task in the middle (the cycle is published; its improvement plan,
 *     an appeal and an adjustment are open): those tasks are completed and both workers are
 *     SIGKILLed, so for a moment no worker runs at all; the next completions wait; D and E start;
 *  4. everything runs to its end.
 * Then: every process ended as it should, with each fact and task exactly once, every mail sent
 * exactly once (counted at a real SMTP server), no audit entry twice, and the audit chain intact.
 */
describe('worker crashes with competing workers', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let smtp: SmtpCapture;
  const workers: WorkerProcess[] = [];
  const startWorker = (name: string) => {
    const w = startWorkerProcess(name, {
      DATABASE_URL: system.config.database.kind === 'mysql' ? system.config.database.url : '',
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      SMTP_URL: smtp.url,
      APP_URL: system.appUrl!,
    });
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    system = await startTestSystem('api'); // the API only: the workers are processes of their own
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await system?.stop();
    await smtp?.close();
  });

  it('every process completes after SIGKILLs of the workers, with nothing duplicated', async () => {
    const a = startWorker('A');
    const b = startWorker('B');
    await Promise.all([a.ready, b.ready]);
    const d = drivers(system);
    await d.usePolicy();
    await d.seedScoringFacts();

    const cp = checkpoints({
      'first-task': ['hazard', 'emergency', 'risk_assessment', 'notice', 'declaration', 'assessment_cycle'],
      'first-done': ['hazard', 'emergency', 'risk_assessment', 'notice', 'declaration', 'assessment_cycle'],
      midway: ['hazard', 'emergency', 'risk_assessment', 'notice', 'improvement_plan', 'appeal', 'adjustment'],
      'midway-done': ['hazard', 'emergency', 'risk_assessment', 'notice', 'improvement_plan', 'appeal', 'adjustment'],
    });
    const run = Promise.all([
      d.hazard(cp.hook('hazard')),
      d.emergency(cp.hook('emergency')),
      d.riskAssessment(cp.hook('risk_assessment')),
      d.notice(cp.hook('notice')),
      d.declaration(cp.hook('declaration')),
      d.cycleAndFollowUps(cp.hook('assessment_cycle'), (type) => cp.hook(type)),
    ]).then((all) => all.flat());
    const reach = async (point: Checkpoint) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        cp.reached(point),
        run.then(() => Promise.reject(new Error(`the drivers ended before ${point}`))),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${point} not reached by ${cp.missing(point).join(', ')}`)), 150_000))),
      ]).finally(() => clearTimeout(timer));
    };

    // Round 1: the first completions are in flight when worker A dies; C takes its place.
    await reach('first-task');
    narrate('every process has its first task open');
    cp.release('first-task');
    await reach('first-done');
    await a.kill();
    narrate('worker A killed');
    const c = startWorker('C');
    cp.release('first-done');

    // Round 2: every process in the middle; after these completions no worker at all for a while.
    await reach('midway');
    await c.ready;
    cp.release('midway');
    narrate('every process is midway');
    await reach('midway-done');
    await Promise.all([b.kill(), c.kill()]);
    narrate('workers B and C killed');
    cp.release('midway-done'); // the drivers' next completions wait for a worker
    await new Promise((r) => setTimeout(r, 2000));
    const [w1, w2] = [startWorker('D'), startWorker('E')];
    await Promise.all([w1.ready, w2.ready]);
    narrate('workers D and E ready');

    const driven: Driven[] = await run;
    narrate('every driver done');
    expect(driven.map((x) => x.type).sort()).toEqual(
      expect.arrayContaining([
        'adjustment',
        'appeal',
        'assessment_cycle',
        'declaration',
        'emergency',
        'hazard',
        'improvement_plan',
        'notice',
        'risk_assessment',
      ]),
    );
    expect(await processProblems(system.client, system.dataSource, driven)).toEqual([]);
    await notificationsDelivered(system.client, system.config.temporal.taskQueue, system.dataSource);
    expect(await mailProblems(system.dataSource, smtp)).toEqual([]);
    expect(smtp.mails().length).toBeGreaterThan(10);
    expect(await auditDuplicates(system.dataSource)).toEqual([]);
    expect(await verifyAuditLog(system.dataSource)).toMatchObject({ ok: true, brokenAt: null });
    // The killed workers really died (no orphan kept working), the last ones still run.
    expect([a, b, c].map((w) => w.alive())).toEqual([false, false, false]);
    expect([w1, w2].map((w) => w.alive())).toEqual([true, true]);
  }, 300_000);
});
