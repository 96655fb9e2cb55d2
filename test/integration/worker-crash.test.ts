import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AuditEntry, Fact, OrgUnit, Task } from '../../db/entities';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { httpClient, startTestSystem, testServices } from '../support/env';
import { eventually } from '../support/wait';
import { PNG } from '../support/fixtures';

/**
 * A worker killed with SIGKILL in the middle of a hazard and started again: the hazard still
 * closes, and there is exactly one of every fact, task and timeline entry.
 */
const root = path.resolve(__dirname, '../..');

describe('worker crash', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const workers: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const env = { ...process.env, DATABASE_URL: system.config.database.kind === 'mysql' ? system.config.database.url : '', TEMPORAL_ADDRESS: testServices().temporalAddress, TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue, LOG_LEVEL: 'warn', SMTP_URL: '' };
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/safeloop.ts', 'worker'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', () => undefined);
    child.stderr!.on('data', () => undefined);
    workers.push(child);
    return child;
  }

  beforeAll(async () => {
    system = await startTestSystem('api'); // the API only: the worker runs as a separate process
  });
  afterAll(async () => {
    for (const w of workers) {
      if (w.exitCode === null && w.signalCode === null) {
        const exited = new Promise((r) => w.once('exit', r));
        w.kill('SIGTERM');
        await exited;
      }
    }
    await system?.stop();
  });

  it('finishes the hazard after a SIGKILL and a restart, with nothing duplicated', async () => {
    const worker = startWorker();
    const as = async (u: string) => {
      const c = httpClient(system.appUrl!);
      await c.login(u);
      return c;
    };
    const unit = async (code: string) => (await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code })).id;
    const open = (workflowId: string, taskType: string, suffix = '') =>
      eventually(async () => (await system.dataSource.getRepository(Task).findBy({ workflowId, taskType, status: 'open' })).find((t) => t.id.endsWith(suffix)), `${taskType} task`, 60_000);
    const complete = async (u: string, t: Task, payload: Record<string, unknown>) => {
      const r = await (await as(u)).call('POST', `/api/tasks/${encodeURIComponent(t.id)}/complete`, { payload });
      if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    };

    const reportId = randomUUID();
    const workflowId = `Hazard:${reportId}`;
    expect((await (await as('employee')).call('POST', '/api/hazards', { reportId, title: 'Exposed wiring at press 4', description: 'Cover missing', category: 'electrical', area: 'Press line 4', suspectedSeverity: 'high' })).status).toBe(201);
    await complete('safety', await open(workflowId, 'hazard.grade'), { likelihood: 3, severity: 2, responsibleOrgUnitId: await unit('DEMO-EQUIPMENT') });
    const ack = await open(workflowId, 'hazard.acknowledge');

    // Kill the worker hard, then complete the task: the update waits for a worker.
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    const pending = complete('head.equipment', ack, { understood: true });
    await new Promise((r) => setTimeout(r, 1500));
    startWorker();
    await pending;

    const photo = (await (await as('head.equipment')).call('POST', '/api/evidence', PNG as unknown as string, { 'content-type': 'image/png' })).body.id;
    await complete('head.equipment', await open(workflowId, 'hazard.rectify'), { summary: 'Cover fitted', evidenceIds: [photo] });
    await complete('safety', await open(workflowId, 'hazard.verify', 'verify-safety-1'), { passed: true });

    // And once more while verification is half done.
    workers[1].kill('SIGKILL');
    await new Promise((r) => workers[1].once('exit', r));
    const last = complete('head.production', await open(workflowId, 'hazard.verify', 'verify-production-1'), { passed: true });
    await new Promise((r) => setTimeout(r, 1000));
    startWorker();
    await last;

    const result = await system.client.workflow.getHandle(workflowId).result();
    expect(result.phase).toBe('closed');
    const facts = await system.dataSource.getRepository(Fact).findBy({ sourceWorkflowId: workflowId });
    expect(facts.map((f) => f.kind).sort()).toEqual(['hazard.acknowledged', 'hazard.closed', 'hazard.graded', 'hazard.reported', 'hazard.verification']);
    const tasks = await system.dataSource.getRepository(Task).findBy({ workflowId });
    expect(tasks.map((t) => t.taskType).sort()).toEqual(['hazard.acknowledge', 'hazard.grade', 'hazard.rectify', 'hazard.verify', 'hazard.verify']);
    expect(tasks.every((t) => t.status === 'completed')).toBe(true);
    const audit = await system.dataSource.getRepository(AuditEntry).findBy({ entityType: 'task', action: 'task.completed' });
    expect(audit.filter((a) => a.entityId.startsWith(workflowId)).length).toBe(5);
    expect(await verifyAuditLog(system.dataSource)).toMatchObject({ ok: true, brokenAt: null });
  });
});
