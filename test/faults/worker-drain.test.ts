import { Notification } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { freePort } from '../../temporal/dev-server';
import { apiHelpers, reportHazard } from '../support/api';
import { httpClient, startTestSystem, testServices } from '../support/env';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { eventually } from '../support/wait';
import { startWorkerProcess } from '../support/worker-process';

/** Mail goes out at once (no quiet hours), nothing breaches during the test. */
const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

/**
 * A worker asked to stop (SIGTERM, as compose and Kubernetes do) while an activity is sending a
 * mail: it stops taking work, says so on /readyz (503 "draining", so the orchestrator sends it
 * nothing more while /livez stays 200), lets the activity finish within its grace time
 * (WORKER_SHUTDOWN_GRACE_SECONDS), then exits 0. The mail goes out once and is recorded as sent:
 * nothing is cut off mid-way and retried elsewhere.
 */
describe('worker drain', () => {
  let smtp: SmtpCapture;
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, usePolicy, openTask } = apiHelpers(() => system);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    system = await startTestSystem('api', { SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    smtp?.release();
    await system?.stop();
    await smtp?.close();
  });

  it('finishes the activity in flight before it exits, and is not ready while it drains', async () => {
    await usePolicy(policy, 'mail at once for the drain test');
    const port = await freePort();
    const w = startWorkerProcess('drain', {
      DATABASE_URL: system.config.database.kind === 'mysql' ? system.config.database.url : '',
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      WORKFLOW_BUNDLE: testServices().workflowBundle,
      SMTP_URL: smtp.url,
      APP_URL: system.appUrl!,
      METRICS_PORT: String(port),
      WORKER_SHUTDOWN_GRACE_SECONDS: '60',
    });
    try {
      await w.ready;
      const ops = httpClient(`http://127.0.0.1:${port}`);
      expect((await ops.call('GET', '/readyz')).status).toBe(200);

      // The grading task's mails: the first one is held on the wire by the SMTP server.
      smtp.hold();
      const h = await reportHazard(as, 'employee', {
        title: 'Forklift battery leaking',
        description: 'Acid on the charging bay floor',
        suspectedSeverity: 'high',
      });
      const task = await openTask(h.workflowId, 'hazard.grade');
      await eventually(async () => (smtp.held() >= 1 ? true : undefined), 'a mail held on the wire', 30_000);

      const asked = Date.now();
      w.child.kill('SIGTERM');
      const draining = await eventually(async () => {
        const r = await ops.call('GET', '/readyz');
        return r.status === 503 ? r : undefined;
      }, '/readyz saying the worker drains');
      expect(draining.body.reasons).toContain('draining');
      expect((await ops.call('GET', '/livez')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 3000));
      expect(w.alive()).toBe(true); // still waiting for its activity

      smtp.release();
      const exit = await w.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - asked).toBeGreaterThanOrEqual(3000);

      // Every mail of the task went out once and is recorded as sent.
      const mails = await eventually(async () => {
        const rows = await system.dataSource.getRepository(Notification).findBy({ channel: 'email' });
        const ofTask = rows.filter((n) => n.id.startsWith(`${task.id}/assigned`));
        return ofTask.length && ofTask.every((n) => n.status === 'sent') ? ofTask : undefined;
      }, 'the task mails recorded as sent');
      expect(smtp.duplicates()).toEqual({});
      for (const n of mails) expect(smtp.mails().filter((m) => m.notification === n.id)).toHaveLength(1);
    } finally {
      if (w.alive()) await w.kill();
    }
  }, 180_000);
});
