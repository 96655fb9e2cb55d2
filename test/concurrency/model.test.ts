import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { In } from 'typeorm';
import { resolveCandidates } from '../../db/candidates';
import { AuditEntry, HazardEvent, Notification, OrgUnit, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { emergencyStateQuery } from '../../workflows/emergency/messages';
import { hazardStateQuery } from '../../workflows/hazard/messages';
import { loggedInClients } from '../support/as-user';
import { startTestSystem, testServices } from '../support/env';
import { PNG } from '../support/fixtures';
import { acceptedCompletions } from '../support/histories';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { eventually } from '../support/wait';

/**
 * Model-based concurrency test (fast-check): several people act on a hazard and an emergency at
 * the same time — complete, claim, delegate, reassign, cancel, ask for an extension, add progress
 * notes, resend what they sent, double tap — while the workers are SIGKILLed and replaced. Each
 * batch of actions runs concurrently (one interleaving); after every run the invariants below
 * must hold across Temporal's history, the inbox, the audit log, the process timeline and the
 * notifications. `npm run test:concurrency -- --runs N` runs N runs (default 25 × 8 batches).
 */
const RUNS = Number(process.env.CONCURRENCY_RUNS || 25);
const BATCHES = 8;
const ACTORS = ['safety', 'head.equipment', 'head.production', 'manager.wu', 'manager.he', 'employee', 'admin', 'hr'] as const;
type Actor = (typeof ACTORS)[number];

type Action =
  | { kind: 'complete'; actor: Actor; process: 0 | 1; pick: number; variant: number; asCandidate: boolean }
  | { kind: 'claim'; actor: Actor; process: 0 | 1; pick: number }
  | { kind: 'delegate'; actor: Actor; process: 0 | 1; pick: number; to: Actor }
  | { kind: 'progress'; actor: Actor; process: 0 | 1; clientKey: number }
  | { kind: 'extension'; actor: Actor; clientKey: number; days: number }
  | { kind: 'reassign'; unit: 'DEMO-EQUIPMENT' | 'DEMO-PRODUCTION' }
  | { kind: 'cancel'; roll: number }
  | { kind: 'restartWorker' };

const actor = fc.constantFrom(...ACTORS);
const processIx = fc.constantFrom(0 as const, 1 as const);
const action: fc.Arbitrary<Action> = fc.oneof(
  // Mostly someone the task is for (a race between two of them, a double tap), sometimes anyone.
  {
    weight: 16,
    arbitrary: fc.record({ kind: fc.constant('complete' as const), actor, process: processIx, pick: fc.nat(5), variant: fc.nat(5), asCandidate: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('claim' as const), actor, process: processIx, pick: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delegate' as const), actor, process: processIx, pick: fc.nat(5), to: actor }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('progress' as const), actor, process: processIx, clientKey: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extension' as const), actor, clientKey: fc.nat(2), days: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reassign' as const), unit: fc.constantFrom('DEMO-EQUIPMENT' as const, 'DEMO-PRODUCTION' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), roll: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restartWorker' as const }) },
);
/** A batch: actions at the same moment; a repeated element is a double tap or a resend. */
const batch = fc
  .array(action, { minLength: 2, maxLength: 4 })
  .chain((xs) => fc.tuple(fc.constant(xs), fc.boolean()).map(([a, twice]) => (twice ? [...a, a[0]] : a)));

const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

describe('model-based concurrency', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const workers: WorkerProcess[] = [];
  const ready = new Set<WorkerProcess>();
  const users = new Map<string, string>();
  let photo = '';
  let interleavings = 0;
  let restarting: Promise<void> = Promise.resolve();
  let actions = 0;
  const outcomes = new Map<string, number>();
  const phases = { act: 0, settle: 0, check: 0 };

  const as = loggedInClients(() => system.appUrl!);
  const startWorker = () => {
    const w = startWorkerProcess(`w${workers.length}`, {
      DATABASE_URL: system.config.database.kind === 'mysql' ? system.config.database.url : '',
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      APP_URL: system.appUrl!,
      WORKFLOW_BUNDLE: testServices().workflowBundle, // built once by the test set-up: a restart takes seconds, not a webpack run
    });
    workers.push(w);
    w.ready.then(() => ready.add(w)).catch(() => undefined);
    return w;
  };
  const unit = async (code: string) => (await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code })).id;

  beforeAll(async () => {
    system = await startTestSystem('api');
    await Promise.all([startWorker().ready, startWorker().ready]);
    expect((await (await as('safety')).call('POST', '/api/policies', { document: policy, note: 'concurrency model' })).status).toBe(201);
    const admin = await as('admin');
    for (const username of ['manager.wu', 'manager.he']) {
      expect(
        (
          await admin.call('POST', '/api/users', {
            username,
            displayName: username,
            password: 'safeloop-demo',
            orgUnitId: await unit('DEMO-PLANT'),
            roles: ['manager'],
          })
        ).status,
      ).toBe(201);
    }
    for (const u of await system.dataSource.getRepository(User).findBy({ username: In([...ACTORS]) })) users.set(u.username, u.id);
    const up = await (
      await as('head.equipment')
    ).call('POST', '/api/evidence', PNG as unknown as string, { 'content-type': 'image/png', 'x-file-name': 'fixed.png' });
    photo = up.body.id as string;
  }, 180_000);
  afterAll(async () => {
    await restarting.catch(() => undefined);
    if (process.env.CONCURRENCY_DEBUG)
      for (const w of workers) process.stdout.write(`\n--- worker ${w.name} (alive ${w.alive()}):\n${w.output().slice(-3000)}\n`);
    await Promise.all(workers.filter((w) => w.alive()).map((w) => w.stop()));
    await system?.stop();
    process.stdout.write(
      `\n[concurrency] ${RUNS} runs, ${interleavings} concurrent batches (interleavings), ${actions} actions; answers ${JSON.stringify(Object.fromEntries(outcomes))}; seconds acting ${phases.act / 1000}, settling ${phases.settle / 1000}, checking ${phases.check / 1000}\n`,
    );
  });

  function payloadFor(taskType: string, v: number, equipment: string, production: string): Record<string, unknown> | null {
    switch (taskType) {
      case 'hazard.grade':
        return { likelihood: 1 + (v % 2), severity: 1 + (v % 3), responsibleOrgUnitId: v % 2 ? production : equipment };
      case 'hazard.acknowledge':
        return { understood: true };
      case 'hazard.rectify':
        return { summary: `fixed (${v})`, evidenceIds: [photo] };
      case 'hazard.verify':
      case 'risk.verify':
        return v % 3 === 0 ? { passed: false, reason: `not yet (${v})` } : { passed: true };
      case 'hazard.extension_approval':
        return { approved: v % 2 === 0, reason: `decided (${v})` };
      case 'emergency.on_site':
        return { onSite: true };
      case 'emergency.response':
        return { summary: `done (${v})`, done: true };
      case 'emergency.under_control':
        return { summary: `under control (${v})` };
      case 'emergency.review':
        return { findings: `findings (${v})`, actions: [] };
      case 'emergency.improvement':
      case 'hazard.major_action':
        return { summary: `done (${v})`, evidenceIds: [] };
      default:
        return null;
    }
  }

  it(`holds the invariants over ${RUNS} runs of ${BATCHES} concurrent batches`, async () => {
    const equipment = await unit('DEMO-EQUIPMENT');
    const production = await unit('DEMO-PRODUCTION');

    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: BATCHES, maxLength: BATCHES }), async (batches) => {
        // One hazard and one emergency drill per run.
        const hazardId = randomUUID();
        const emergencyId = randomUUID();
        const r1 = await (
          await as('employee')
        ).call('POST', '/api/hazards', {
          reportId: hazardId,
          title: `Model hazard ${hazardId.slice(0, 8)}`,
          description: 'found on the round',
          category: 'guarding',
          area: 'Line 1',
          suspectedSeverity: 'low',
          evidenceIds: [],
        });
        const r2 = await (
          await as('employee')
        ).call('POST', '/api/emergencies', {
          emergencyId,
          type: 'gas_leak',
          location: 'Boiler room',
          injuries: false,
          drill: true,
          description: 'model drill',
        });
        expect([r1.status, r2.status]).toEqual([201, 201]);
        const workflowIds = [r1.body.workflowId as string, r2.body.workflowId as string];
        /** Answers to completions: who asked, what came back. */
        const answers: { taskId: string; actor: string; status: number; body: { error?: { code: string; message: string } } }[] = [];
        const openTasks = (i: 0 | 1) =>
          system.dataSource.getRepository(Task).find({ where: { workflowId: workflowIds[i], status: 'open' }, order: { id: 'ASC' } });
        const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

        const run = async (a: Action): Promise<void> => {
          actions++;
          switch (a.kind) {
            case 'complete': {
              const tasks = await openTasks(a.process);
              if (!tasks.length) {
                const status = (await system.client.workflow.getHandle(workflowIds[a.process]).describe()).status.name;
                return void count(`complete: nothing open in ${a.process ? 'emergency' : 'hazard'} (${status.toLowerCase()})`);
              }
              const t = tasks[a.pick % tasks.length];
              const payload = payloadFor(t.taskType, a.variant, equipment, production);
              if (!payload) return void count(`complete: no form for ${t.taskType}`);
              let who: string = a.actor;
              if (a.asCandidate) {
                const names = [...((await resolveCandidates(system.dataSource, [{ ...t, escalationLevel: t.escalationLevel }])).get(t.id)?.keys() ?? [])]
                  .map((id) => [...users].find(([, uid]) => uid === id)?.[0])
                  .filter((x): x is string => !!x)
                  .sort();
                if (names.length) who = names[a.variant % names.length];
              }
              const send = async () => (await as(who)).call('POST', `/api/tasks/${encodeURIComponent(t.id)}/complete`, { payload });
              let r = await send();
              // A 504 (process_timeout) says the process did not answer within the API's deadline, e.g. while the
              // worker running its recordTaskCompletion was SIGKILLed (the activity is retried after its timeout).
              // The completion's update id is the task and the user, so the phone's resend gets the first answer.
              for (let resend = 0; r.status === 504 && resend < 5; resend++) {
                count('complete 504, sent again');
                r = await send();
              }
              answers.push({ taskId: t.id, actor: who, status: r.status, body: r.body });
              count(`complete ${r.status}`);
              expect(r.status).toBeLessThan(500);
              return;
            }
            case 'claim':
            case 'delegate': {
              const tasks = await openTasks(a.process);
              if (!tasks.length) return;
              const t = tasks[a.pick % tasks.length];
              const r =
                a.kind === 'claim'
                  ? await (await as(a.actor)).call('POST', `/api/tasks/${encodeURIComponent(t.id)}/claim`)
                  : await (await as(a.actor)).call('POST', `/api/tasks/${encodeURIComponent(t.id)}/delegate`, { toUserId: users.get(a.to) });
              count(`${a.kind} ${r.status}`);
              expect(r.status).toBeLessThan(500);
              return;
            }
            case 'progress': {
              const path = a.process === 0 ? `/api/hazards/${hazardId}/progress` : `/api/emergencies/${emergencyId}/progress`;
              const r = await (
                await as(a.actor)
              ).call('POST', path, { text: `note ${a.clientKey}`, ...(a.process === 0 ? { clientId: `note-${hazardId}-${a.clientKey}` } : {}) });
              count(`progress ${r.status}`);
              expect(r.status).toBeLessThan(500);
              return;
            }
            case 'extension': {
              const send = async () =>
                (await as(a.actor)).call('POST', `/api/hazards/${hazardId}/extension`, {
                  newDueAt: new Date(Date.now() + (5 + a.days) * 86400_000).toISOString(),
                  reason: 'parts on order',
                  clientId: `ext-${hazardId}-${a.clientKey}`,
                });
              let r = await send();
              // As a completion's: a 504 while the worker holding the process was SIGKILLed (its workflow
              // task waits out its timeout before another worker takes it); the client id makes the resend safe.
              for (let resend = 0; r.status === 504 && resend < 5; resend++) {
                count('extension 504, sent again');
                r = await send();
              }
              count(`extension ${r.status}`);
              expect(r.status).toBeLessThan(500);
              return;
            }
            case 'reassign': {
              const r = await (await as('safety')).call('POST', `/api/hazards/${hazardId}/reassign`, { responsibleOrgUnitId: await unit(a.unit) });
              count(`reassign ${r.status}`);
              expect(r.status).toBeLessThan(500);
              return;
            }
            case 'cancel': {
              if (a.roll !== 0) return; // rarer than the rest: most runs see the process go far
              const r = await (await as('safety')).call('POST', `/api/hazards/${hazardId}/cancel`, { reason: 'duplicate' });
              count(`cancel ${r.status}`);
              expect(r.status).toBeLessThan(500);
              return;
            }
            case 'restartWorker': {
              // SIGKILL the oldest of the live workers while another keeps polling, and start a replacement.
              const live = workers.filter((w) => w.alive() && ready.has(w));
              if (live.length < 2) return void count('worker restart skipped (one in flight)');
              await live[0].kill();
              restarting = Promise.all([restarting, startWorker().ready]).then(() => undefined);
              restarting.catch(() => undefined);
              count('worker restart');
              return;
            }
          }
        };

        let t0 = Date.now();
        /** Lets the processes reach their next step (up to 1.5 s) so the next batch lands on real tasks, not between steps. */
        const nextStep = async () => {
          for (const deadline = Date.now() + 1500; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
            const states = await Promise.all(
              workflowIds.map(async (workflowId, i) => {
                const d = await system.client.workflow.getHandle(workflowId).describe();
                return d.status.name !== 'RUNNING' || (await openTasks(i as 0 | 1)).length > 0;
              }),
            );
            if (states.every(Boolean)) return;
          }
        };
        for (const b of batches) {
          if (b.length > 1) interleavings++;
          await nextStep();
          await Promise.all(b.map(run));
        }
        phases.act += Date.now() - t0;
        t0 = Date.now();

        // ---- settle: the processes have acted on everything they accepted ----
        await eventually(
          async () => {
            for (const [i, workflowId] of workflowIds.entries()) {
              const handle = system.client.workflow.getHandle(workflowId);
              const d = await handle.describe();
              const dbOpen = (await openTasks(i as 0 | 1)).map((t) => t.id).sort();
              if (d.status.name !== 'RUNNING') {
                if (dbOpen.length) return false;
                continue;
              }
              const state = i === 0 ? await handle.query(hazardStateQuery) : await handle.query(emergencyStateQuery);
              const live = state.openTasks.map((t) => t.id).sort();
              if (JSON.stringify(live) !== JSON.stringify(dbOpen)) return false;
            }
            return true;
          },
          'inbox and process to agree on the open tasks',
          120_000,
          300,
        );

        phases.settle += Date.now() - t0;
        t0 = Date.now();
        // ---- invariants ----
        for (const workflowId of workflowIds) {
          const accepted = await acceptedCompletions(system.client, workflowId);
          const tasks = await system.dataSource.getRepository(Task).findBy({ workflowId });
          for (const [taskId, by] of accepted) {
            // 1. At most one accepted completion per task in Temporal's history.
            expect({ taskId, accepted: by.length }).toEqual({ taskId, accepted: 1 });
            // 2. Inbox = process = audit log: the same person.
            const row = tasks.find((t) => t.id === taskId)!;
            expect({ taskId, status: row.status, by: row.completedBy }).toEqual({ taskId, status: 'completed', by: by[0] });
          }
          for (const t of tasks.filter((x) => x.status === 'completed')) {
            expect({ taskId: t.id, accepted: accepted.get(t.id) }).toEqual({ taskId: t.id, accepted: [t.completedBy] });
            const audit = await system.dataSource.getRepository(AuditEntry).findBy({ entityId: t.id, action: 'task.completed' });
            expect({ taskId: t.id, audit: audit.map((e) => e.actor) }).toEqual({ taskId: t.id, audit: [t.completedBy] });
          }
          // 3. No open task on a closed process.
          const d = await system.client.workflow.getHandle(workflowId).describe();
          if (d.status.name !== 'RUNNING')
            expect({ workflowId, open: tasks.filter((t) => t.status === 'open').map((t) => t.id) }).toEqual({ workflowId, open: [] });
          // 4. Every task was announced to at least one person who can act on it (or, reaching nobody, rerouted on the record).
          const candidates = await resolveCandidates(
            system.dataSource,
            tasks.map((t) => ({ ...t, escalationLevel: 0 })),
          );
          for (const t of tasks) {
            const ids = await eventually(
              async () => {
                const rows = await system.dataSource
                  .getRepository(Notification)
                  .createQueryBuilder('n')
                  .where('n.id LIKE :k', { k: `${t.id}/assigned|%` })
                  .getMany();
                const rerouted = await system.dataSource.getRepository(AuditEntry).findBy({ entityId: t.id, action: 'notification.rerouted' });
                return rows.length || rerouted.length ? { rows, rerouted } : null;
              },
              `the announcement of ${t.id}`,
              120_000,
            ); // an activity lost with a SIGKILLed worker is retried after its timeout
            // Who can act: the task's candidates, and whoever it was claimed by or delegated to (a
            // notification delivered after a claim or delegation goes to the assignee).
            const assigned = (await system.dataSource.getRepository(AuditEntry).findBy({ entityId: t.id, action: In(['task.claimed', 'task.delegated']) }))
              .map((e) => (JSON.parse(e.after ?? '{}') as { assignee?: string }).assignee)
              .map((username) => users.get(username ?? ''));
            const canAct = new Set([...(candidates.get(t.id)?.keys() ?? []), t.assigneeUserId, ...assigned].filter((x): x is string => !!x));
            const reach = ids.rows.filter((n) => n.recipientUserId && canAct.has(n.recipientUserId));
            expect({ taskId: t.id, reachesSomeoneWhoCanAct: reach.length > 0 || ids.rerouted.length > 0 }).toEqual({
              taskId: t.id,
              reachesSomeoneWhoCanAct: true,
            });
          }
        }
        // 5. Every answer tells the truth: a 200 was this person's completion, a 409 names who completed it.
        const rows = await system.dataSource.getRepository(Task).findBy({ id: In([...new Set(answers.map((a) => a.taskId))]) });
        for (const a of answers) {
          const row = rows.find((r) => r.id === a.taskId)!;
          if (a.status === 200)
            expect({ taskId: a.taskId, answeredTo: a.actor, recorded: row.completedBy }).toEqual({ taskId: a.taskId, answeredTo: a.actor, recorded: a.actor });
          if (a.status === 409 && a.body.error?.code === 'task_already_completed') expect(a.body.error.message).toContain(String(row.completedBy));
        }
        // 6. The hazard's timeline names the same people as the inbox for its decisions.
        const events = await system.dataSource.getRepository(HazardEvent).findBy({ hazardId });
        const hazardTasks = await system.dataSource.getRepository(Task).findBy({ workflowId: workflowIds[0], status: 'completed' });
        for (const [type, taskType] of [
          ['graded', 'hazard.grade'],
          ['acknowledged', 'hazard.acknowledge'],
        ] as const) {
          const e = events.find((x) => x.type === type);
          const t = hazardTasks.filter((x) => x.taskType === taskType);
          if (e) expect(t.map((x) => x.completedBy)).toContain(e.actor);
        }
        phases.check += Date.now() - t0;
        for (const t of hazardTasks.filter((x) => x.taskType === 'hazard.extension_approval')) {
          const n = t.id.split('/').pop();
          const e = events.find((x) => x.id.endsWith(`/${n}-decided`));
          expect({ taskId: t.id, actor: e?.actor }).toEqual({ taskId: t.id, actor: t.completedBy });
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(interleavings).toBe(RUNS * BATCHES);
  }, 3_600_000);
});
