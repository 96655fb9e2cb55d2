import { randomUUID } from 'node:crypto';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { Hazard, RiskAssessment, RiskMeasure, SinkMail, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

const base: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** A minute for every step: nothing runs late unless a test waits for it. */
const roomy: Policy = { ...base, sla: { ...DEFAULT_POLICY.sla, riskInput: 60, riskCompile: 60, riskMeasures: 60, riskPlan: 60, riskVerification: 60 } };
/** Inputs are due in 3 s and the ladder climbs every 2 s. */
const tight: Policy = { ...roomy, sla: { ...roomy.sla, riskInput: 3 }, escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 2 } };

type System = Awaited<ReturnType<typeof startTestSystem>>;

describe('joint risk assessment', () => {
  let system: System;
  /** Open tasks: the assessment's own, or one of a measure's. */
  const { call, ds, unit, usePolicy, openTask, complete, facts } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000, withMeasures: true });
  /** Events in the history of a workflow's latest run. */
  const historyEvents = async (workflowId: string) => (await system.client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
  const start = async (extra: Record<string, unknown> = {}) => {
    const assessmentId = randomUUID();
    const r = await call('safety', 'POST', '/api/risk-assessments', {
      assessmentId,
      title: 'Stamping line risk review',
      area: 'Stamping workshop',
      orgUnitId: await unit('DEMO-WS-STAMPING'),
      ...extra,
    });
    expect(r.status).toBe(201);
    return { id: assessmentId, workflowId: r.body.workflowId as string };
  };
  const assessment = (id: string) => ds().getRepository(RiskAssessment).findOneByOrFail({ id });
  const inputFrom: Record<string, string> = { production: 'head.production', equipment: 'head.equipment', hr: 'hr' };

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  describe('with every department answering', () => {
    beforeAll(() => usePolicy(roomy, 'risk assessment path tests'));

    it('inputs → register with levels → proposals → plan → execution → verification; a failed measure starts a hazard', async () => {
      const a = await start();
      const again = await call('safety', 'POST', '/api/risk-assessments', {
        assessmentId: a.id,
        title: 'resend',
        area: 'x',
        orgUnitId: await unit('DEMO-WS-STAMPING'),
      });
      expect([again.status, again.body.created]).toEqual([200, false]);
      expect((await assessment(a.id)).status).toBe('inputs');

      // Parallel inputs, one per department, each with its SLA.
      for (const [dept, who] of Object.entries(inputFrom)) {
        const t = await openTask(a.workflowId, 'risk.input', `input-${dept}`);
        expect(t.orgUnitId).toBe(await unit(`DEMO-${dept.toUpperCase()}`));
        expect(t.dueAt).not.toBeNull();
        await complete(who, t, { assessment: `${dept}: all normal, one concern`, concerns: dept === 'equipment' ? 'Press 3 guard worn' : undefined });
      }

      // The safety hub compiles the register; the matrix (1–5) is enforced with the field at fault.
      const compile = await openTask(a.workflowId, 'risk.compile');
      expect(compile.description).toContain('Press 3 guard worn');
      const production = await unit('DEMO-PRODUCTION');
      const equipment = await unit('DEMO-EQUIPMENT');
      const bad = await call('safety', 'POST', `/api/tasks/${encodeURIComponent(compile.id)}/complete`, {
        payload: { items: [{ title: 'x', source: 'equipment', likelihood: 7, severity: 2, ownerOrgUnitId: equipment }] },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('body.payload.items.0.likelihood');
      await complete('safety', compile, {
        items: [
          { title: 'Worn guard on press 3', source: 'equipment', likelihood: 4, severity: 4, ownerOrgUnitId: equipment },
          { title: 'Night shift overload', source: 'process', likelihood: 2, severity: 3, ownerOrgUnitId: production },
          { title: 'Forklift route crosses walkway', source: 'process', likelihood: 3, severity: 5, ownerOrgUnitId: production },
        ],
        summary: 'Three risks',
      });
      await eventually(async () => (await assessment(a.id)).status === 'proposing', 'proposing');
      const reg = (await call('head.production', 'GET', `/api/risk-assessments/${a.id}/register`)).body;
      expect(reg.items.map((i: { key: string; level: string; score: number }) => [i.key, i.level, i.score])).toEqual([
        ['worn-guard-on-press-3', 'high', 16],
        ['night-shift-overload', 'medium', 6],
        ['forklift-route-crosses-walkway', 'high', 15],
      ]);
      expect(reg.heatMap.cells[3][3]).toMatchObject({ likelihood: 4, severity: 4, count: 1, level: 'high' });
      expect(reg.previous).toBeNull();

      // Departments propose measures in parallel, naming register items.
      const prop = await openTask(a.workflowId, 'risk.measures', 'proposals-equipment');
      const wrong = await call('head.equipment', 'POST', `/api/tasks/${encodeURIComponent(prop.id)}/complete`, {
        payload: { proposals: [{ itemKey: 'no-such-risk', description: 'x' }] },
      });
      expect([wrong.status, wrong.body.error.details[0].path]).toEqual([400, 'body.payload.proposals.0.itemKey']);
      await complete('head.equipment', prop, { proposals: [{ itemKey: 'worn-guard-on-press-3', description: 'Replace the guard of press 3' }] });
      await complete('head.production', await openTask(a.workflowId, 'risk.measures', 'proposals-production'), {
        proposals: [{ itemKey: 'forklift-route-crosses-walkway', description: 'Fence the walkway and add a crossing' }],
      });
      await complete('hr', await openTask(a.workflowId, 'risk.measures', 'proposals-hr'), { proposals: [] });

      // The control plan: owners and due dates.
      const planTask = await openTask(a.workflowId, 'risk.plan');
      expect((JSON.parse(planTask.context!) as { proposals: unknown[] }).proposals).toHaveLength(2);
      const due = new Date(Date.now() + 120_000).toISOString();
      const past = await call('safety', 'POST', `/api/tasks/${encodeURIComponent(planTask.id)}/complete`, {
        payload: { measures: [{ itemKey: 'worn-guard-on-press-3', description: 'x', ownerOrgUnitId: equipment, dueAt: '2020-01-01T00:00:00Z' }] },
      });
      expect([past.status, past.body.error.details[0].path]).toEqual([400, 'body.payload.measures.0.dueAt']);
      await complete('safety', planTask, {
        measures: [
          { itemKey: 'worn-guard-on-press-3', description: 'Replace the guard of press 3', ownerOrgUnitId: equipment, dueAt: due },
          { itemKey: 'forklift-route-crosses-walkway', description: 'Fence the walkway and add a crossing', ownerOrgUnitId: production, dueAt: due },
        ],
      });
      await eventually(async () => (await assessment(a.id)).status === 'executing', 'executing');
      expect((await assessment(a.id)).measureCount).toBe(2);

      // Execution: each owner reports done; joint verification follows. Each measure runs as a
      // child workflow that holds its tasks: the inbox sends their completions there.
      const m1 = await openTask(a.workflowId, 'risk.measure', 'measure-1');
      expect([m1.id, m1.workflowId]).toEqual([`${a.workflowId}/measure-1`, `${a.workflowId}/measure-1`]);
      const live = (await call('safety', 'GET', `/api/risk-assessments/${a.id}`)).body;
      expect(live.tasks.map((t: { id: string }) => t.id)).toContain(m1.id);
      expect(live.live.openTasks.map((t: { id: string }) => t.id)).toContain(m1.id);
      // The safety hub's monitor shows it as an open step of the assessment (the child is no process of its own).
      await eventually(
        async () =>
          (
            (await call('safety', 'GET', '/api/processes?type=risk_assessment')).body.items as { workflowId: string; steps: { taskId: string }[] }[] | undefined
          )?.find((x) => x.workflowId === a.workflowId && x.steps.some((st) => st.taskId === m1.id)),
        'the measure task as a step of the assessment in the monitor',
        30_000,
      );
      expect((await call('head.equipment', 'GET', `/api/tasks/${encodeURIComponent(m1.id)}`)).body.workflowId).toBe(`${a.workflowId}/measure-1`);
      await complete('head.equipment', m1, { summary: 'New guard fitted' });
      await complete('head.production', await openTask(a.workflowId, 'risk.measure', 'measure-2'), { summary: 'Fence put up' });
      await complete('safety', await openTask(a.workflowId, 'risk.verify', 'verify-1'), { passed: true });
      await complete('safety', await openTask(a.workflowId, 'risk.verify', 'verify-2'), { passed: false, reason: 'The fence leaves a gap at the loading bay' });
      await eventually(async () => (await assessment(a.id)).status === 'closed', 'closed', 30_000);

      // The failed measure started a hazard process, linked both ways.
      const measures = await ds()
        .getRepository(RiskMeasure)
        .find({ where: { assessmentId: a.id }, order: { n: 'ASC' } });
      expect(measures.map((m) => m.status)).toEqual(['passed', 'failed']);
      const hazardId = measures[1].hazardId!;
      expect(hazardId).toMatch(/^[0-9a-f-]{36}$/);
      const hazard = await eventually(() => ds().getRepository(Hazard).findOneBy({ id: hazardId }), 'the hazard of the failed measure');
      expect(hazard).toMatchObject({ orgUnitId: production, suspectedSeverity: 'high', area: 'Stamping workshop' });
      expect(hazard.title).toBe('Failed control measure: Fence the walkway and add a crossing');
      expect(hazard.description).toContain('gap at the loading bay');
      await openTask(`Hazard:${hazardId}`, 'hazard.grade');
      expect((await assessment(a.id)).failedMeasures).toBe(1);

      // Facts for scoring: timely inputs and proposals per department, measure completion and verification.
      const inputs = await facts(a.workflowId, 'risk.input');
      expect(inputs).toHaveLength(6);
      expect(inputs.every((f) => JSON.parse(f.data).gap === false && JSON.parse(f.data).late === false && f.attribution === 'department_head')).toBe(true);
      const headEquipment = await ds().getRepository(User).findOneByOrFail({ username: 'head.equipment' });
      expect(inputs.find((f) => f.orgUnitId === equipment)!.personId).toBe(headEquipment.personId);
      expect((await facts(a.workflowId, 'risk.measure_completed')).map((f) => JSON.parse(f.data).onTime)).toEqual([true, true]);
      expect((await facts(a.workflowId, 'risk.measure_verified')).map((f) => [f.orgUnitId, f.value])).toEqual([
        [equipment, 1],
        [production, 0],
      ]);

      const detail = (await call('safety', 'GET', `/api/risk-assessments/${a.id}`)).body;
      expect(detail.live.phase).toBe('closed');
      expect(detail.measures.map((m: { status: string; ownerOrgUnitName: string }) => [m.status, m.ownerOrgUnitName])).toEqual([
        ['passed', 'Equipment Department'],
        ['failed', 'Production Department'],
      ]);
      expect(detail.timeline.map((x: { type: string }) => x.type)).toEqual(
        expect.arrayContaining([
          'started',
          'input',
          'inputs_closed',
          'register_compiled',
          'proposals',
          'plan_approved',
          'measure_done',
          'measure_passed',
          'measure_failed',
          'closed',
        ]),
      );
      expect(detail.tasks.filter((t: { status: string }) => t.status === 'open')).toEqual([]);
      // A department sees the assessment it took part in; a plain employee elsewhere does not.
      expect((await call('head.equipment', 'GET', `/api/risk-assessments/${a.id}`)).status).toBe(200);
      expect((await call('employee', 'GET', '/api/risk-assessments')).body.items.map((x: { id: string }) => x.id)).toContain(a.id); // stamping workshop is theirs
      expect((await verifyAuditLog(ds())).ok).toBe(true);
      await recordHistory(system.client, a.workflowId, 'RiskAssessmentWorkflow-measure-children');
      await recordHistory(system.client, `${a.workflowId}/measure-1`, 'RiskMeasureWorkflow-passed');
      await recordHistory(system.client, `${a.workflowId}/measure-2`, 'RiskMeasureWorkflow-failed');
      await recordHistory(system.client, a.workflowId, 'RiskAssessmentWorkflow-one-step-full');
      await recordHistory(system.client, `${a.workflowId}/measure-1`, 'RiskMeasureWorkflow-one-step-passed');
      await recordHistory(system.client, `${a.workflowId}/measure-2`, 'RiskMeasureWorkflow-one-step-failed');
    });

    it('a plan of 50 measures completes with every run of a bounded history', async () => {
      const a = await start({ departments: ['production'] });
      const production = await unit('DEMO-PRODUCTION');
      const equipment = await unit('DEMO-EQUIPMENT');
      await complete('head.production', await openTask(a.workflowId, 'risk.input', 'input-production'), { assessment: 'Full load on every line' });
      await complete('safety', await openTask(a.workflowId, 'risk.compile'), {
        items: [
          { title: 'Worn guards', source: 'equipment', likelihood: 4, severity: 4, ownerOrgUnitId: equipment },
          { title: 'Blocked walkways', source: 'process', likelihood: 3, severity: 3, ownerOrgUnitId: production },
        ],
      });
      await complete('head.production', await openTask(a.workflowId, 'risk.measures', 'proposals-production'), {
        proposals: [{ itemKey: 'blocked-walkways', description: 'Clear the walkways' }],
      });
      const due = new Date(Date.now() + 600_000).toISOString();
      const N = 50;
      const planned = Array.from({ length: N }, (_, i) => ({
        itemKey: i % 2 ? 'blocked-walkways' : 'worn-guards',
        description: `Measure ${i + 1}`,
        ownerOrgUnitId: i % 2 ? production : equipment,
        dueAt: due,
      }));
      await complete('safety', await openTask(a.workflowId, 'risk.plan'), { measures: planned });
      await eventually(async () => (await assessment(a.id)).status === 'executing', 'executing', 30_000);

      // Every owner reports done, then the safety hub verifies: measure 7 fails and starts a hazard.
      /** A completion the process did not answer within the API's deadline (504) is sent again: the resend gets the first result. */
      const completeOnce = async (username: string, task: Task, payload: Record<string, unknown>) => {
        for (let attempt = 1; ; attempt++) {
          const r = await call(username, 'POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload });
          if (r.status === 200) return r.body;
          if (r.status !== 504 || attempt >= 5) throw new Error(`${username} completing ${task.id}: ${r.status} ${r.text}`);
          timeouts++;
        }
      };
      let timeouts = 0;
      const at = async (n: number, taskType: string, suffix: string) => {
        const t = await openTask(a.workflowId, taskType, suffix);
        expect(t.workflowId).toBe(`${a.workflowId}/measure-${n}`);
        return t;
      };
      for (let i = 0; i < N; i += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, k) => i + k + 1).map(async (n) =>
            completeOnce(n % 2 ? 'head.equipment' : 'head.production', await at(n, 'risk.measure', `/measure-${n}`), { summary: `Done ${n}` }),
          ),
        );
      }
      await eventually(async () => (await assessment(a.id)).status === 'verifying', 'verifying', 60_000);
      for (let i = 0; i < N; i += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, k) => i + k + 1).map(async (n) =>
            completeOnce('safety', await at(n, 'risk.verify', `/verify-${n}`), n === 7 ? { passed: false, reason: 'Guard still loose' } : { passed: true }),
          ),
        );
      }
      await eventually(async () => (await assessment(a.id)).status === 'closed', 'closed', 60_000);
      const measures = await ds()
        .getRepository(RiskMeasure)
        .find({ where: { assessmentId: a.id }, order: { n: 'ASC' } });
      expect(measures.map((m) => m.status)).toEqual(Array.from({ length: N }, (_, i) => (i === 6 ? 'failed' : 'passed')));
      expect((await assessment(a.id)).failedMeasures).toBe(1);
      expect(await ds().getRepository(Hazard).existsBy({ id: measures[6].hazardId! })).toBe(true);
      expect(await facts(a.workflowId, 'risk.measure_completed')).toHaveLength(N);
      expect(await facts(a.workflowId, 'risk.measure_verified')).toHaveLength(N);
      expect((await call('safety', 'GET', `/api/risk-assessments/${a.id}`)).body.tasks.filter((t: { status: string }) => t.status === 'open')).toEqual([]);

      // The largest single run: the assessment's own history and each measure's stay small.
      const parent = await historyEvents(a.workflowId);
      process.stdout.write(
        `risk assessment with ${N} measures: the assessment's run has ${parent} events (${timeouts} completions answered after the API's deadline and sent again)\n`,
      );
      const children = await Promise.all(Array.from({ length: N }, (_, i) => historyEvents(`${a.workflowId}/measure-${i + 1}`)));
      process.stdout.write(`risk assessment with ${N} measures: the largest measure's run has ${Math.max(...children)} events\n`);
      expect(parent).toBeLessThan(1000);
      expect(Math.max(...children)).toBeLessThan(150);
    }, 300_000);

    it('only the safety hub starts one, with a valid unit and departments', async () => {
      const body = { assessmentId: randomUUID(), title: 't', area: 'a', orgUnitId: await unit('DEMO-WS-STAMPING') };
      expect((await call('employee', 'POST', '/api/risk-assessments', body)).status).toBe(403);
      const r = await call('safety', 'POST', '/api/risk-assessments', { ...body, orgUnitId: randomUUID(), departments: ['hr', 'hr', 'finance'], title: '' });
      expect(r.status).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.departments.2', 'body.title']);
      const r2 = await call('safety', 'POST', '/api/risk-assessments', { ...body, orgUnitId: randomUUID() });
      expect([r2.status, r2.body.error.details[0].path]).toEqual([400, 'body.orgUnitId']);
      expect(await ds().getRepository(RiskAssessment).existsBy({ id: body.assessmentId })).toBe(false);
    });
  });

  describe('quorum rule', () => {
    beforeAll(() => usePolicy(tight, 'risk assessment SLA tests'));

    it('HR misses its input SLA: escalation mails, the gap is recorded and counted, the assessment goes on', async () => {
      const a = await start();
      await complete('head.production', await openTask(a.workflowId, 'risk.input', 'input-production'), { assessment: 'Two shifts, full load' });
      await complete('head.equipment', await openTask(a.workflowId, 'risk.input', 'input-equipment'), { assessment: 'Press 3 due for overhaul' });
      const hrTask = await openTask(a.workflowId, 'risk.input', 'input-hr');

      // The compile task opens without HR once the SLA has passed.
      const compile = await openTask(a.workflowId, 'risk.compile');
      expect(compile.description).toContain('no answer by the deadline (gap recorded)');
      const row = await assessment(a.id);
      const hr = await unit('DEMO-HR');
      expect(JSON.parse(row.gaps)).toEqual([{ orgUnitId: hr, step: 'input' }]);
      const gap = (await facts(a.workflowId, 'risk.input')).find((f) => f.orgUnitId === hr)!;
      expect(gap.value).toBeNull();
      expect(JSON.parse(gap.data)).toMatchObject({ gap: true, late: true, step: 'input', department: 'hr' });
      expect((await call('safety', 'GET', '/api/risk-assessments')).body.items.find((x: { id: string }) => x.id === a.id).gaps).toEqual([
        { orgUnitId: hr, orgUnitName: 'Human Resources', step: 'input' },
      ]);

      // The ladder climbed for HR's task: escalation mails in the sink.
      const mails = await eventually(
        async () => {
          const m = await ds()
            .getRepository(SinkMail)
            .createQueryBuilder('m')
            .where('m.subject LIKE :s', { s: 'Overdue (escalation %): Risk assessment input (Training status%' })
            .getMany();
          return new Set(m.map((x) => x.subject.slice(0, 24))).size >= 2 ? m : null;
        },
        'escalation mails of two rungs for the HR input',
        30_000,
      );
      expect(new Set(mails.map((m) => m.subject.slice(0, 24))).size).toBeGreaterThanOrEqual(2);
      expect((await ds().getRepository(Task).findOneByOrFail({ id: hrTask.id })).status).toBe('open');

      // A late answer is kept in the timeline; the gap stands.
      await complete('hr', hrTask, { assessment: 'Two operators lack press certification' });
      await eventually(
        async () => (await call('safety', 'GET', `/api/risk-assessments/${a.id}`)).body.timeline.some((x: { type: string }) => x.type === 'input_late'),
        'the late input in the timeline',
      );
      expect((await facts(a.workflowId, 'risk.input')).filter((f) => f.orgUnitId === hr)).toHaveLength(1);
      await recordHistory(system.client, a.workflowId, 'RiskAssessmentWorkflow-input-gap');
      await recordHistory(system.client, a.workflowId, 'RiskAssessmentWorkflow-one-step-input-gap');
    });
  });

  describe('monthly schedule', () => {
    beforeAll(() => usePolicy(roomy, 'risk assessment schedule tests'));

    it('is created, paused, resumed and edited from the API; a run it starts compares its register with last month', async () => {
      const orgUnitId = await unit('DEMO-PLANT');
      const put = await call('safety', 'PUT', '/api/risk-assessments/schedules', {
        area: 'Whole plant',
        orgUnitId,
        dayOfMonth: 1,
        time: '08:00',
        paused: true,
      });
      expect(put.status).toBe(201);
      const scheduleId = put.body.scheduleId as string;
      expect(put.body).toMatchObject({ paused: true, dayOfMonth: 1, time: '08:00', timeZone: 'Asia/Shanghai', departments: ['production', 'equipment', 'hr'] });
      try {
        const edited = await call('safety', 'PUT', '/api/risk-assessments/schedules', {
          area: 'Whole plant',
          orgUnitId,
          dayOfMonth: 5,
          time: '09:30',
          departments: ['production', 'equipment'],
          paused: true,
        });
        expect([edited.status, edited.body.dayOfMonth, edited.body.time, edited.body.departments]).toEqual([200, 5, '09:30', ['production', 'equipment']]);
        expect(edited.body.nextRuns.length).toBeGreaterThan(0);
        const listed0 = await eventually(
          async () =>
            ((await call('safety', 'GET', '/api/risk-assessments/schedules')).body.items as { scheduleId: string }[] | undefined)?.find(
              (x) => x.scheduleId === scheduleId,
            ),
          'the schedule in the list',
        );
        expect(listed0).toMatchObject({ dayOfMonth: 5, paused: true });
        const resumed = await call('safety', 'POST', `/api/risk-assessments/schedules/${encodeURIComponent(scheduleId)}/pause`, {
          paused: false,
          note: 'season starts',
        });
        expect([resumed.status, resumed.body.paused]).toEqual([200, false]);
        expect((await call('head.production', 'POST', `/api/risk-assessments/schedules/${encodeURIComponent(scheduleId)}/trigger`)).status).toBe(403);
        expect((await call('safety', 'PUT', '/api/risk-assessments/schedules', { area: 'x', orgUnitId, dayOfMonth: 31 })).body.error.details[0].path).toBe(
          'body.dayOfMonth',
        );

        // Last month's register of the plant, compiled by hand.
        const first = await start({ orgUnitId, area: 'Whole plant', departments: ['production'] });
        await complete('head.production', await openTask(first.workflowId, 'risk.input', 'input-production'), { assessment: 'ok' });
        const production = await unit('DEMO-PRODUCTION');
        await complete('safety', await openTask(first.workflowId, 'risk.compile'), {
          items: [
            { title: 'Night shift overload', source: 'process', likelihood: 2, severity: 3, ownerOrgUnitId: production },
            { title: 'Old compressor', source: 'equipment', likelihood: 3, severity: 3, ownerOrgUnitId: production },
          ],
        });
        await eventually(async () => (await assessment(first.id)).status === 'proposing', 'first compiled');

        // The schedule's run (triggered now instead of waiting for the 5th).
        expect((await call('safety', 'POST', `/api/risk-assessments/schedules/${encodeURIComponent(scheduleId)}/trigger`)).status).toBe(202);
        const run = await eventually(async () => (await ds().getRepository(RiskAssessment).findBy({ scheduleId }))[0], 'the scheduled run', 30_000);
        expect(run).toMatchObject({ initiatedBy: 'schedule', area: 'Whole plant', orgUnitId });
        expect(JSON.parse(run.departments)).toEqual(['production', 'equipment']);
        expect(run.workflowId.startsWith(`RiskAssessment:monthly-${orgUnitId}-`)).toBe(true);
        const listed = (await call('safety', 'GET', `/api/risk-assessments?scheduleId=${encodeURIComponent(scheduleId)}`)).body.items;
        expect(listed.map((x: { id: string }) => x.id)).toEqual([run.id]);
        await complete('head.production', await openTask(run.workflowId, 'risk.input', 'input-production'), { assessment: 'heavier load' });
        await complete('head.equipment', await openTask(run.workflowId, 'risk.input', 'input-equipment'), { assessment: 'compressor replaced' });
        await complete('safety', await openTask(run.workflowId, 'risk.compile'), {
          items: [
            { title: 'Night shift overload', source: 'process', likelihood: 4, severity: 3, ownerOrgUnitId: production },
            { title: 'Blocked fire exit', source: 'environment', likelihood: 2, severity: 5, ownerOrgUnitId: production },
          ],
        });
        await eventually(async () => (await ds().getRepository(RiskAssessment).findOneByOrFail({ id: run.id })).status === 'proposing', 'run compiled');
        const reg = (await call('safety', 'GET', `/api/risk-assessments/${encodeURIComponent(run.id)}/register`)).body;
        expect(reg.previous.assessmentId).toBe(first.id);
        expect(reg.comparison.map((c: { key: string; change: string }) => [c.key, c.change])).toEqual([
          ['night-shift-overload', 'raised'],
          ['blocked-fire-exit', 'new'],
          ['old-compressor', 'removed'],
        ]);
        await recordHistory(system.client, run.workflowId, 'RiskAssessmentWorkflow-scheduled');
        await recordHistory(system.client, run.workflowId, 'RiskAssessmentWorkflow-one-step-scheduled');
        const described = (await call('safety', 'GET', `/api/risk-assessments/schedules/${encodeURIComponent(scheduleId)}`)).body;
        expect(described.runs).toBeGreaterThanOrEqual(1);
      } finally {
        expect((await call('safety', 'DELETE', `/api/risk-assessments/schedules/${encodeURIComponent(scheduleId)}`)).status).toBe(204);
      }
      expect((await call('safety', 'GET', `/api/risk-assessments/schedules/${encodeURIComponent(scheduleId)}`)).status).toBe(404);
    });
  });
});
