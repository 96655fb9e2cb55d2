import { randomUUID } from 'node:crypto';
import { Fact, OrgUnit, Person, Task, User } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import type { startTestSystem } from '../support/env';
import { openTaskOf } from '../support/api';
import { usersOf } from '../support/as-user';
import { overdueAdjustment, PNG } from '../support/fixtures';
import { eventually } from '../support/wait';

/**
 * Every process type driven to its end through the HTTP API, as people would: report, then
 * complete each inbox task as it appears. The fault tests run them side by side and break
 * things (workers, Temporal, the database) at the drivers' checkpoints.
 */
type System = Awaited<ReturnType<typeof startTestSystem>>;

/** No quiet hours or reminders (every mail goes at once); a notice breaches its SLA after 4 s and climbs every 3 s. */
export const FAULT_POLICY: Policy = {
  ...DEFAULT_POLICY,
  quietHours: { default: null },
  reminders: { beforeDeadline: [] },
  sla: { ...DEFAULT_POLICY.sla, noticeAcknowledge: 4 },
  escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 3 },
};

/**
 * Checkpoints a driver passes, in order: `first-task` (its first inbox task is open),
 * `first-done` (that task was just completed), `midway` (a task in the middle is open),
 * `midway-done` (just completed). A driver waits at each one for the test to let it go on.
 */
export type Checkpoint = 'first-task' | 'first-done' | 'midway' | 'midway-done';
export type Hook = (point: Checkpoint) => Promise<void>;

/** With FAULT_LOG=1 the fault tests narrate what they do, with seconds since the module loaded. */
const t0 = Date.now();
export function narrate(line: string): void {
  if (process.env.FAULT_LOG) process.stderr.write(`[faults +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`);
}

export type ProcessType =
  'hazard' | 'risk_assessment' | 'emergency' | 'notice' | 'declaration' | 'assessment_cycle' | 'improvement_plan' | 'appeal' | 'adjustment';

/** A process a driver ran: how it should have ended, and the facts and tasks it should have left (once each). */
export interface Driven {
  type: ProcessType;
  workflowId: string;
  /** What the workflow's result must say at its end. */
  outcome: Record<string, unknown>;
  facts: string[];
  tasks: string[];
}

export function drivers(system: System, opts: { taskTimeoutMs?: number } = {}) {
  const timeout = opts.taskTimeoutMs ?? 120_000;
  const users = usersOf(system.appUrl!);
  const ds = () => system.dataSource;
  const call = async (username: string, method: string, path: string, body?: unknown) => users.as(username).call(method, path, body);
  const units = new Map<string, Promise<string>>();
  const unit = (code: string) => {
    if (!units.has(code))
      units.set(
        code,
        ds()
          .getRepository(OrgUnit)
          .findOneByOrFail({ code })
          .then((u) => u.id),
      );
    return units.get(code)!;
  };
  const created = <T>(r: { status: number; text: string; body: T }, what: string): T => {
    if (r.status !== 201) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  };
  // A risk assessment's measure tasks belong to the measure's child workflow, `<workflowId>/measure-<n>`.
  const openTask = (workflowId: string, taskType: string, suffix = '') =>
    openTaskOf(ds(), workflowId, taskType, suffix, { timeoutMs: timeout, everyMs: 250, withMeasures: true });
  const complete = async (username: string, task: Task, payload: Record<string, unknown>) => {
    const started = Date.now();
    let r = await call(username, 'POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload });
    // No worker for longer than the API's update deadline: 504 process_timeout; the repeat attaches to the same update.
    for (let i = 0; r.status === 504 && i < 5; i++) r = await call(username, 'POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload });
    if (r.status !== 200) throw new Error(`${username} completing ${task.id}: ${r.status} ${r.text}`);
    narrate(`completed ${task.id} (${Date.now() - started} ms)`);
  };
  /** The head of the task's unit (who decides there), by username. */
  const headOf = async (task: Task) => {
    const u = await ds().getRepository(OrgUnit).findOneByOrFail({ id: task.orgUnitId });
    return (await ds().getRepository(User).findOneByOrFail({ personId: u.headPersonId! })).username;
  };
  /** Uploads a photo as evidence; returns its id. */
  const evidence = async (username: string): Promise<string> => {
    const r = await users.as(username).upload('/api/evidence', PNG, 'image/png');
    if (r.status !== 201) throw new Error(`evidence upload: ${r.status} ${r.text}`);
    return r.body.id as string;
  };
  const person = async (username: string) =>
    ds()
      .getRepository(Person)
      .findOneByOrFail({ id: (await ds().getRepository(User).findOneByOrFail({ username })).personId! });

  /** The safety hub posts a notice for the production department to read and confirm; the response. */
  const postNotice = async (title: string) =>
    call('safety', 'POST', '/api/notices', { title, body: 'Read and confirm', orgUnitId: await unit('DEMO-PRODUCTION'), severity: 'normal' });

  async function usePolicy(policy: Policy = FAULT_POLICY): Promise<void> {
    created(await call('safety', 'POST', '/api/policies', { document: policy, note: 'fault tests' }), 'policy');
  }

  async function hazard(hook: Hook): Promise<Driven> {
    const reportId = randomUUID();
    const { workflowId } = created(
      await call('employee', 'POST', '/api/hazards', {
        reportId,
        title: 'Exposed wiring at press 4',
        description: 'Cover missing',
        category: 'electrical',
        area: 'Press line 4',
        suspectedSeverity: 'high',
        evidenceIds: [],
      }),
      'hazard report',
    );
    const grade = await openTask(workflowId, 'hazard.grade');
    await hook('first-task');
    await complete('safety', grade, { likelihood: 3, severity: 2, responsibleOrgUnitId: await unit('DEMO-EQUIPMENT') });
    await hook('first-done');
    const ack = await openTask(workflowId, 'hazard.acknowledge');
    await hook('midway');
    await complete('head.equipment', ack, { understood: true });
    await hook('midway-done');
    await complete('head.equipment', await openTask(workflowId, 'hazard.rectify'), {
      summary: 'Cover fitted',
      evidenceIds: [await evidence('head.equipment')],
    });
    await Promise.all([
      openTask(workflowId, 'hazard.verify', 'verify-safety-1').then((t) => complete('safety', t, { passed: true })),
      openTask(workflowId, 'hazard.verify', 'verify-production-1').then((t) => complete('head.production', t, { passed: true })),
    ]);
    return {
      type: 'hazard',
      workflowId,
      outcome: { phase: 'closed' },
      facts: ['hazard.acknowledged', 'hazard.closed', 'hazard.graded', 'hazard.reported', 'hazard.verification'],
      tasks: ['hazard.acknowledge', 'hazard.grade', 'hazard.rectify', 'hazard.verify', 'hazard.verify'],
    };
  }

  async function emergency(hook: Hook): Promise<Driven> {
    const emergencyId = randomUUID();
    const { workflowId } = created(
      await call('employee', 'POST', '/api/emergencies', {
        emergencyId,
        type: 'gas_leak',
        location: 'Paint shop, booth 2',
        injuries: false,
        description: 'Strong smell of gas near the booth',
      }),
      'emergency',
    );
    const onSite = await openTask(workflowId, 'emergency.on_site');
    await hook('first-task');
    await complete('safety', onSite, { onSite: true });
    await hook('first-done');
    const evacuation = await openTask(workflowId, 'emergency.response', 'response-evacuation');
    await hook('midway');
    await complete('head.production', evacuation, { summary: 'Paint shop evacuated', done: true });
    await hook('midway-done');
    await complete('head.equipment', await openTask(workflowId, 'emergency.response', 'response-cutOff'), {
      summary: 'Gas isolated at the main valve',
      done: true,
    });
    await complete('safety', await openTask(workflowId, 'emergency.under_control'), { summary: 'Leak stopped' });
    await complete('safety', await openTask(workflowId, 'emergency.review'), { findings: 'Reviewed with the departments', actions: [] });
    return {
      type: 'emergency',
      workflowId,
      outcome: { phase: 'closed', findings: [] },
      facts: ['emergency.acknowledged', 'emergency.controlled', 'emergency.reported', 'emergency.response', 'emergency.response'],
      tasks: ['emergency.on_site', 'emergency.response', 'emergency.response', 'emergency.review', 'emergency.under_control'],
    };
  }

  async function riskAssessment(hook: Hook): Promise<Driven> {
    const assessmentId = randomUUID();
    const { workflowId } = created(
      await call('safety', 'POST', '/api/risk-assessments', {
        assessmentId,
        title: 'Stamping line risk review',
        area: 'Stamping workshop',
        orgUnitId: await unit('DEMO-WS-STAMPING'),
      }),
      'risk assessment',
    );
    const from: Record<string, string> = { production: 'head.production', equipment: 'head.equipment', hr: 'hr' };
    const inputs = await Promise.all(Object.keys(from).map((d) => openTask(workflowId, 'risk.input', `input-${d}`)));
    await hook('first-task');
    await Promise.all(
      Object.entries(from).map(([d, u], i) =>
        complete(u, inputs[i], { assessment: `${d}: one concern`, concerns: d === 'equipment' ? 'Press 3 guard worn' : undefined }),
      ),
    );
    await hook('first-done');
    const compile = await openTask(workflowId, 'risk.compile');
    await hook('midway');
    const equipment = await unit('DEMO-EQUIPMENT');
    await complete('safety', compile, {
      items: [{ title: 'Worn guard on press 3', source: 'equipment', likelihood: 4, severity: 4, ownerOrgUnitId: equipment }],
      summary: 'One risk',
    });
    await hook('midway-done');
    await Promise.all(
      Object.entries(from).map(async ([d, u]) =>
        complete(u, await openTask(workflowId, 'risk.measures', `proposals-${d}`), {
          proposals: d === 'equipment' ? [{ itemKey: 'worn-guard-on-press-3', description: 'Replace the guard of press 3' }] : [],
        }),
      ),
    );
    await complete('safety', await openTask(workflowId, 'risk.plan'), {
      measures: [
        {
          itemKey: 'worn-guard-on-press-3',
          description: 'Replace the guard of press 3',
          ownerOrgUnitId: equipment,
          dueAt: new Date(Date.now() + 3600_000).toISOString(),
        },
      ],
    });
    await complete('head.equipment', await openTask(workflowId, 'risk.measure', 'measure-1'), { summary: 'New guard fitted' });
    await complete('safety', await openTask(workflowId, 'risk.verify', 'verify-1'), { passed: true });
    return {
      type: 'risk_assessment',
      workflowId,
      outcome: { phase: 'closed' },
      facts: ['risk.input', 'risk.input', 'risk.input', 'risk.input', 'risk.input', 'risk.input', 'risk.measure_completed', 'risk.measure_verified'],
      tasks: [
        'risk.compile',
        'risk.input',
        'risk.input',
        'risk.input',
        'risk.measure',
        'risk.measures',
        'risk.measures',
        'risk.measures',
        'risk.plan',
        'risk.verify',
      ],
    };
  }

  /** A notice breaches its 4 s SLA and escalates while the test breaks things, then is acknowledged. */
  async function notice(hook: Hook): Promise<Driven> {
    const { workflowId } = created(await postNotice('Forklift speed limit 5 km/h'), 'notice');
    const task = await openTask(workflowId, 'notice.acknowledge');
    await hook('first-task');
    await hook('first-done');
    await eventually(
      async () => (await ds().getRepository(Task).findOneByOrFail({ id: task.id })).escalationLevel >= 1,
      `the escalation of ${workflowId}`,
      timeout,
      250,
    );
    await hook('midway');
    await complete('head.production', task, { understood: true, comment: 'Briefed the shift' });
    await hook('midway-done');
    return { type: 'notice', workflowId, outcome: { status: 'acknowledged', overdue: true }, facts: [], tasks: ['notice.acknowledge'] };
  }

  async function declaration(hook: Hook): Promise<Driven> {
    const { workflowId } = created(
      await call('employee', 'POST', '/api/declarations', { kind: 'training', title: 'Ran a LOTO refresher for my shift', text: '12 colleagues, 1 hour' }),
      'declaration',
    );
    const review = await openTask(workflowId, 'declaration.review');
    await hook('first-task');
    await complete('head.production', review, { approved: true, points: 4, reason: 'Attendance sheet checked' });
    await hook('first-done');
    return { type: 'declaration', workflowId, outcome: { phase: 'approved', points: 4 }, facts: ['declaration.approved'], tasks: ['declaration.review'] };
  }

  /**
   * Facts that make the equipment head score "needs improvement" this month (so publishing the
   * cycle starts an improvement plan) and give the employee a training pass-rate line to appeal
   * (four failed trainings: the rate has its minimum sample; guard checks are in no default ruleset).
   */
  async function seedScoringFacts(): Promise<void> {
    const qiang = await person('head.equipment');
    const employee = await person('employee');
    const equipment = await unit('DEMO-EQUIPMENT');
    const row = (kind: string, who: Person, orgUnitId: string, i: number, data: Record<string, unknown> = {}) => ({
      id: `seed/${kind}/${i}/${randomUUID()}`,
      kind,
      personId: who.id,
      attribution: 'direct',
      orgUnitId,
      departmentHeadPersonId: kind === 'hazard.overdue_day' ? who.id : null,
      sourceWorkflowId: 'inspection-import',
      subjectId: `s${i}`,
      value: kind === 'hazard.overdue_day' ? 1 : 0,
      occurredAt: new Date(),
      data: JSON.stringify(data),
      policyVersion: null,
    });
    const rows = [];
    for (let i = 0; i < 6; i++)
      rows.push(
        row('guard.check', qiang, equipment, i),
        row('training.attended', qiang, equipment, i),
        row('hazard.overdue_day', qiang, equipment, i, { hazardId: `old-${i}` }),
      );
    for (let i = 0; i < 4; i++) rows.push(row('training.attended', employee, employee.orgUnitId, i));
    await ds().getRepository(Fact).insert(rows);
  }

  /**
   * The company's monthly cycle: scored, reviewed by HR, published (reports mailed, improvement
   * plans started); then, in parallel, the first improvement plan, an appeal and a manual adjustment.
   */
  async function cycleAndFollowUps(hook: Hook, followUpHook: (type: ProcessType) => Hook): Promise<Driven[]> {
    const scope = await unit('DEMO-CO');
    const period = periodContaining('monthly', new Date()).label;
    const { cycleId, workflowId } = created(await call('hr', 'POST', '/api/assessment-cycles', { scopeOrgUnitId: scope, period }), 'assessment cycle');
    const review = await openTask(workflowId, 'assessment.review');
    await hook('first-task');
    await hook('first-done');
    await complete('hr', review, { decision: 'publish', note: 'Checked with the department heads' });
    const result = (await system.client.workflow.getHandle(workflowId).result()) as { plansStarted: string[] };
    const qiang = await person('head.equipment');
    const planId = `ImprovementPlan:${cycleId}:${qiang.id}`;
    if (!result.plansStarted.includes(planId)) throw new Error(`no improvement plan for the equipment head: ${JSON.stringify(result.plansStarted)}`);
    const cycle: Driven = { type: 'assessment_cycle', workflowId, outcome: { phase: 'published' }, facts: [], tasks: ['assessment.review'] };

    const plan = async (id: string, h: Hook): Promise<Driven> => {
      const t = await openTask(id, 'improvement.plan');
      const head = await headOf(t);
      await h('midway');
      await complete(head, t, {
        targets: 'No overdue hazards',
        measures: 'LOTO refresher; weekly guard walk',
        dueAt: new Date(Date.now() + 3000).toISOString(),
      });
      await h('midway-done');
      await complete(head, await openTask(id, 'improvement.check'), { completed: true, note: 'Training done' });
      return {
        type: 'improvement_plan',
        workflowId: id,
        outcome: { phase: 'completed' },
        facts: ['improvement_plan.completed'],
        tasks: ['improvement.check', 'improvement.plan'],
      };
    };
    const appeal = async (h: Hook): Promise<Driven> => {
      const a = created(
        await call('employee', 'POST', '/api/appeals', { cycleId, lineCode: 'training_pass_rate', reason: 'Two of the sessions were cancelled, not failed' }),
        'appeal',
      );
      const t = await openTask(a.workflowId, 'appeal.review');
      await h('midway');
      await complete('head.production', t, { decision: 'uphold', reason: 'The checks were of press 4, which is in service' });
      await h('midway-done');
      return { type: 'appeal', workflowId: a.workflowId, outcome: { phase: 'upheld' }, facts: [], tasks: ['appeal.review'] };
    };
    /** Approved after the workers were killed (a new snapshot version: the one in force with the change on its line; no fact). */
    const adjustment = async (h: Hook): Promise<Driven> => {
      const a = created(await call('manager', 'POST', '/api/adjustments', overdueAdjustment(cycleId, qiang.id)), 'adjustment');
      const t = await openTask(a.workflowId, 'adjustment.approve');
      await h('midway');
      await h('midway-done');
      await complete('hr', t, { approved: true, reason: 'Checked against the reassignment record' });
      return { type: 'adjustment', workflowId: a.workflowId, outcome: { phase: 'approved' }, facts: [], tasks: ['adjustment.approve'] };
    };
    const others = result.plansStarted.filter((id) => id !== planId).map((id) => plan(id, async () => undefined));
    return [
      cycle,
      ...(await Promise.all([
        plan(planId, followUpHook('improvement_plan')),
        appeal(followUpHook('appeal')),
        adjustment(followUpHook('adjustment')),
        ...others,
      ])),
    ];
  }

  return {
    call,
    openTask,
    complete,
    evidence,
    unit,
    usePolicy,
    postNotice,
    seedScoringFacts,
    hazard,
    emergency,
    riskAssessment,
    notice,
    declaration,
    cycleAndFollowUps,
  };
}
