import { randomUUID } from 'node:crypto';
import { AssessmentCycle, Fact, Hazard, NotificationOutbox, Person, ScoreSnapshot, SinkMail, User } from '../../db/entities';
import { periodContaining, previousPeriod } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { DEFAULT_RULESET } from '../../domain/scoring';
import { apiHelpers, evidencePhoto, reportHazard } from '../support/api';
import { startTestSystem } from '../support/env';
import { directFact } from '../support/fixtures';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

/** Rectification is due in 2 s and every 2 s overdue is an "overdue day". */
const fast: Policy = {
  ...DEFAULT_POLICY,
  quietHours: { default: null },
  reminders: { beforeDeadline: [] },
  sla: { ...DEFAULT_POLICY.sla, hazardOverdueDay: 2, levelRectify: { workshop: 2, plant: 2, headquarters: 2 }, approval: 600 },
};

describe('assessment cycle', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, ds, unit, usePolicy, openTask, complete } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });

  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy(fast, 'cycle test');
  });
  afterAll(() => system?.stop());

  it('rulesets are versioned data: validated with field paths, never self-approved, immutable once published, diffable', async () => {
    const current = (await call('hr', 'GET', '/api/rulesets/current')).body;
    expect(current).toMatchObject({ version: 1, status: 'published' });
    const broken = structuredClone(current.document);
    broken.weights.bySubjectType.department.dimensions.collaboration = 0.05;
    const bad = await call('hr', 'POST', '/api/rulesets', { document: broken, note: 'too little collaboration' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.some((d: { path: string }) => d.path.startsWith('body.document.weights.bySubjectType.department'))).toBe(true);
    expect((await call('employee', 'POST', '/api/rulesets', { document: current.document, note: 'x' })).status).toBe(403);
    expect((await call('hr', 'PUT', '/api/rulesets/1', { document: current.document })).status).toBe(409);
    const valid = await call('hr', 'POST', '/api/rulesets/validate', { document: broken });
    expect(valid.body.ok).toBe(false);

    // Group-wide rules: only group-level HR or an administrator approves them. The safety officer's draft
    // is refused to the company's HR and to the plant manager (scoped to one plant), whatever their role.
    const proposal = await call('safety', 'POST', '/api/rulesets', { document: current.document, note: 'proposal', basedOn: 1 });
    expect(proposal.status).toBe(201);
    const refusedHr = await call('hr', 'POST', `/api/rulesets/${proposal.body.version}/approve`, { note: 'ok' });
    expect([refusedHr.status, refusedHr.body.error.message]).toEqual([
      403,
      'a group-wide ruleset is approved and published by group-level HR or an administrator',
    ]);
    expect((await call('manager', 'POST', `/api/rulesets/${proposal.body.version}/approve`, { note: 'ok' })).status).toBe(403);
    expect((await call('hr', 'GET', `/api/rulesets/${proposal.body.version}`)).body.status).toBe('draft');
  });

  it('facts from a real hazard → draft → HR review → published → reports mailed → improvement plan; a recompute reproduces the hash; late facts make a new version; what-if shows the difference', async () => {
    // A hazard whose rectification runs two "days" overdue for the equipment head.
    const qiang = await ds().getRepository(Person).findOneByOrFail({ employeeNo: 'E1007' }); // head.equipment
    const { id: reportId, workflowId: hw } = await reportHazard(as, 'employee', {
      title: 'Missing handrail on mezzanine',
      description: 'no handrail',
      area: 'Mezzanine',
      suspectedSeverity: 'medium',
    });
    await complete('safety', await openTask(hw, 'hazard.grade'), {
      likelihood: 2,
      severity: 3,
      responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
      responsiblePersonId: qiang.id,
    });
    await complete('head.equipment', await openTask(hw, 'hazard.acknowledge'), { understood: true });
    await eventually(async () => (await ds().getRepository(Hazard).findOneByOrFail({ id: reportId })).overdueDays >= 2, 'two overdue days', 30_000);
    const photo = await evidencePhoto(as, 'head.equipment', 'rail.png');
    await complete('head.equipment', await openTask(hw, 'hazard.rectify'), { summary: 'Handrail installed', evidenceIds: [photo.body.id] });
    await complete('safety', await openTask(hw, 'hazard.verify', 'verify-safety-1'), { passed: true });
    await complete('head.production', await openTask(hw, 'hazard.verify', 'verify-production-1'), { passed: true });
    await eventually(async () => (await ds().getRepository(Hazard).findOneByOrFail({ id: reportId })).status === 'closed', 'hazard closed');
    const overdue = await ds().getRepository(Fact).findBy({ sourceWorkflowId: hw, kind: 'hazard.overdue_day' });
    expect(overdue.length).toBeGreaterThanOrEqual(2);

    // Failed guard checks and trainings recorded for him this month (inspection records).
    const equipment = await unit('DEMO-EQUIPMENT');
    for (let i = 0; i < 6; i++) {
      for (const kind of ['guard.check', 'training.attended']) {
        await ds()
          .getRepository(Fact)
          .insert(
            directFact({
              id: `check/${kind}/${i}/${randomUUID()}`,
              kind,
              personId: qiang.id,
              orgUnitId: equipment,
              departmentHeadPersonId: qiang.id,
              sourceWorkflowId: 'inspection-import',
              subjectId: `check-${i}`,
              value: 0,
            }),
          );
      }
    }

    // Behaviour ratings by several raters: his superior rates his cooperation.
    const period0 = periodContaining('monthly', new Date()).label;
    const rate = (u: string, body: Record<string, unknown>) =>
      call(u, 'POST', '/api/scores/ratings', {
        personId: qiang.id,
        indicatorCode: 'cooperation_behaviour',
        raterRole: 'superior',
        score: 2,
        period: period0,
        ...body,
      });
    expect((await rate('manager', {})).status).toBe(201);
    expect((await rate('manager', { score: 2.5, comment: 'slow to answer handoffs' })).status).toBe(201); // replaces the first
    expect((await rate('employee', {})).body.error.details[0].path).toBe('body.personId'); // not in their scope: not found
    expect((await rate('employee', { raterRole: 'peer' })).status).toBe(403); // another department
    expect((await rate('head.equipment', {})).body.error.details[0].path).toBe('body.personId');
    expect((await rate('manager', { indicatorCode: 'guard_intact_rate' })).body.error.details[0].path).toBe('body.indicatorCode');
    expect((await call('manager', 'GET', `/api/scores/ratings?personId=${qiang.id}&period=${period0}`)).body.items).toEqual([
      expect.objectContaining({ indicatorCode: 'cooperation_behaviour', raterRole: 'superior', score: 2.5, ratedBy: 'manager' }),
    ]);

    // From here a reminder 1 s before every deadline (the improvement plan's too).
    expect(
      (await call('safety', 'POST', '/api/policies', { document: { ...fast, reminders: { beforeDeadline: [1] } }, note: 'cycle with reminders' })).status,
    ).toBe(201);

    // The cycle of the company for this month.
    const scope = await unit('DEMO-CO');
    const period = periodContaining('monthly', new Date()).label;
    expect((await call('employee', 'POST', '/api/assessment-cycles', { scopeOrgUnitId: scope, period })).status).toBe(403);
    const bad = await call('hr', 'POST', '/api/assessment-cycles', { scopeOrgUnitId: scope, period: '2026-13' });
    expect([bad.status, bad.body.error.details[0].path]).toEqual([400, 'body.period']);
    const started = await call('hr', 'POST', '/api/assessment-cycles', { scopeOrgUnitId: scope, period });
    expect(started.status).toBe(201);
    const { cycleId, workflowId } = started.body as { cycleId: string; workflowId: string };
    expect(workflowId).toBe(`AssessmentCycle:${scope}:${period}`);
    expect((await call('hr', 'POST', '/api/assessment-cycles', { scopeOrgUnitId: scope, period })).body.created).toBe(false);

    // Draft scored, progress complete, waiting for HR.
    const review = await openTask(workflowId, 'assessment.review');
    const cycle = await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId });
    expect(cycle).toMatchObject({ status: 'review', rulesetVersion: 1, currentSnapshot: 1 });
    expect(cycle.progressDone).toBe(cycle.progressTotal);
    expect(cycle.progressTotal).toBeGreaterThan(10);
    const detail = (await call('hr', 'GET', `/api/assessment-cycles/${encodeURIComponent(cycleId)}`)).body;
    expect(detail.live).toMatchObject({ phase: 'review', rulesetVersion: 1 });
    expect(detail.snapshots[0]).toMatchObject({ version: 1, status: 'draft', reason: 'initial' });
    const hash = detail.snapshots[0].inputHash as string;

    // The overdue head's report: the penalty line carries the overdue facts.
    const report = (await call('hr', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}`)).body;
    const penalty = report.lines.find((l: { kind: string; ruleCode?: string }) => l.kind === 'penalty' && l.ruleCode === 'hazard_overdue');
    expect(penalty).toBeDefined();
    expect(penalty.points).toBe(-5 * overdue.length);
    expect(penalty.n).toBe(overdue.length);
    expect(overdue.map((f) => f.id)).toEqual(expect.arrayContaining(penalty.factIds));
    // The line explained in the reader's language (issue 20): Chinese around the numbers, nothing English left.
    const zhReport = (
      await (await as('hr')).call('GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}`, undefined, { 'accept-language': 'zh-CN' })
    ).body;
    const zhPenalty = zhReport.lines.find((l: { kind: string; ruleCode?: string }) => l.kind === 'penalty' && l.ruleCode === 'hazard_overdue');
    expect(penalty.explanation).toMatch(new RegExp(`^${overdue.length} x 5\\b.* -> -${5 * overdue.length}$`));
    expect(zhPenalty.explanation).toMatch(new RegExp(`^${overdue.length} × 5\\b.* → -${5 * overdue.length}$`));
    expect(zhReport.lines.map((l: { explanation: string }) => l.explanation).filter((x: string) => /[A-Za-z]{2,}/.test(x))).toEqual([]);
    const evidence = (await call('hr', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}/facts?code=hazard_overdue`)).body;
    expect(evidence.lines.flatMap((l: { factIds: string[] }) => l.factIds).sort()).toEqual(overdue.map((f) => f.id).sort());
    expect((await call('employee', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}/facts`)).status).toBe(404);
    const rated = report.lines.find((l: { kind: string; indicatorCode?: string }) => l.kind === 'indicator' && l.indicatorCode === 'cooperation_behaviour');
    expect(rated).toMatchObject({ n: 1, value: 2.5, rating: 'needs_improvement' });
    expect(report.total).toBeGreaterThanOrEqual(0);
    expect(report.total).toBeLessThanOrEqual(100);

    // Not published yet: the person does not see a draft of their own score.
    expect((await call('head.equipment', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}`)).status).toBe(404);
    await complete('hr', review, { decision: 'publish', note: 'Checked with the department heads' });
    await eventually(async () => (await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).status === 'published', 'published');

    // Reports reach people's mailboxes.
    const mail = await eventually(
      () =>
        ds()
          .getRepository(SinkMail)
          .findOneBy({ to: 'head.equipment@safeloop.example', subject: `Your safety score for ${period}: ${report.total}` }),
      'the report mail',
      30_000,
    );
    expect(mail.text).toContain('By dimension:');
    expect(mail.text).toContain('hazard_overdue');
    // Sent through the notification outbox (the dispatcher, at the notifications' rate): the report's messages are its rows.
    const headEquipment = await ds().getRepository(User).findOneByOrFail({ username: 'head.equipment' });
    const reportRows = await eventually(async () => {
      const rows = await ds()
        .getRepository(NotificationOutbox)
        .createQueryBuilder('o')
        .where('o.dedup_key LIKE :k AND o.recipient_user_id = :u', { k: `Report:${cycleId}#%`, u: headEquipment.id })
        .getMany();
      return rows.length === 2 && rows.every((r) => r.state === 'sent') ? rows : null;
    }, "head.equipment's report delivered through the outbox");
    expect(reportRows.map((r) => r.id.split('/').pop()).sort()).toEqual(['email', 'inapp']);
    const mine = (await call('head.equipment', 'GET', '/api/scores/me')).body.items;
    expect(mine[0]).toMatchObject({ cycleId, total: report.total });
    // A department head sees the company's cycle, the department ranking, and only their own department's people.
    expect((await call('head.production', 'GET', '/api/assessment-cycles')).body.items.map((x: { id: string }) => x.id)).toContain(cycleId);
    const theirPeople = (await call('head.production', 'GET', `/api/assessment-cycles/${encodeURIComponent(cycleId)}/results?subjectType=person&pageSize=200`))
      .body.items as { departmentId: string }[];
    expect(theirPeople.length).toBeGreaterThan(0);
    expect(new Set(theirPeople.map((r) => r.departmentId))).toEqual(new Set([await unit('DEMO-PRODUCTION')]));
    expect((await call('head.production', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}`)).status).toBe(404); // another department's head
    const ranking = (await call('hr', 'GET', `/api/assessment-cycles/${encodeURIComponent(cycleId)}/results?subjectType=department`)).body;
    expect(ranking.items.length).toBeGreaterThan(3);
    expect(ranking.items[0].rank).toBe(1);
    expect(ranking.items.every((r: { total: number }, i: number, a: { total: number }[]) => i === 0 || a[i - 1].total >= r.total)).toBe(true);

    // Needs improvement → an improvement plan with a task for the department head.
    const live = await eventually(async () => {
      const l = (await call('hr', 'GET', `/api/assessment-cycles/${encodeURIComponent(cycleId)}`)).body.live;
      return l?.phase === 'published' ? l : null;
    }, 'the cycle published with its plans started');
    expect(report.rating).toBe('needs_improvement');
    expect(live.plansStarted).toContain(`ImprovementPlan:${cycleId}:${qiang.id}`);
    expect(live.plansStarted.length).toBe(live.snapshot.needsImprovement);
    const planWf = `ImprovementPlan:${cycleId}:${qiang.id}`;

    // Recompute under the frozen version: same hash.
    const again = (await call('hr', 'POST', `/api/assessment-cycles/${encodeURIComponent(cycleId)}/recompute`, { note: 'audit check' })).body;
    expect(again).toEqual({ reproduced: true, inputHash: hash, version: 1, newVersion: null });

    // A late fact: a new draft version, the published one untouched.
    await ds()
      .getRepository(Fact)
      .insert({
        id: `late/${randomUUID()}`,
        kind: 'hazard.overdue_day',
        personId: qiang.id,
        attribution: 'direct',
        orgUnitId: await unit('DEMO-EQUIPMENT'),
        departmentHeadPersonId: qiang.id,
        sourceWorkflowId: 'late-import',
        subjectId: 'late-hazard',
        value: 1,
        occurredAt: new Date(),
        data: JSON.stringify({ hazardId: 'late-hazard' }),
        policyVersion: null,
      });
    const late = (await call('hr', 'POST', `/api/assessment-cycles/${encodeURIComponent(cycleId)}/recompute`, { note: 'late import' })).body;
    expect(late).toMatchObject({ reproduced: false, version: 1, newVersion: 2 });
    const snaps = await ds()
      .getRepository(ScoreSnapshot)
      .find({ where: { cycleId }, order: { version: 'ASC' } });
    expect(snaps.map((s) => [s.version, s.status, s.reason, s.inputHash === hash])).toEqual([
      [1, 'published', 'initial', true],
      [2, 'draft', 'late_facts', false],
    ]);
    const v1 = (await call('hr', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}`)).body;
    expect([v1.version, v1.total]).toEqual([1, report.total]);
    expect(v1.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const own = (await call('head.equipment', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${qiang.id}`)).body;
    expect([own.version, own.rulesetVersion, own.versions.map((v: { version: number }) => v.version)]).toEqual([1, 1, [1]]); // the late-facts draft is not theirs to see yet

    // What-if: a draft that doubles the overdue penalty, shown before anyone approves it.
    const draftDoc = structuredClone(DEFAULT_RULESET) as unknown as { rules: Record<string, { points: number; cap?: { perGroup?: number } }> };
    draftDoc.rules.hazard_overdue.points = 10;
    const draft = await call('hr', 'POST', '/api/rulesets', { document: draftDoc, note: 'stricter overdue', basedOn: 1 });
    expect([draft.status, draft.body.status]).toEqual([201, 'draft']);
    const diff = (await call('hr', 'GET', `/api/rulesets/diff?from=1&to=${draft.body.version}`)).body.changes;
    expect(diff).toEqual([{ path: 'rules.hazard_overdue.points', before: 5, after: 10 }]);
    const wi = (await call('hr', 'POST', `/api/rulesets/${draft.body.version}/what-if`, { cycleId })).body;
    const mineDiff = wi.differences.find((d: { subjectType: string; subjectId: string }) => d.subjectType === 'person' && d.subjectId === qiang.id);
    expect(mineDiff.delta).toBeLessThan(0);
    expect((await call('hr', 'POST', `/api/rulesets/${draft.body.version}/approve`, { note: 'mine' })).status).toBe(403);
    expect((await call('manager', 'POST', `/api/rulesets/${draft.body.version}/approve`, { note: 'agreed' })).status).toBe(403); // one plant's manager
    const approved = await call('admin', 'POST', `/api/rulesets/${draft.body.version}/approve`, { note: 'agreed' });
    expect([approved.status, approved.body.status, approved.body.approvedBy]).toEqual([200, 'published', 'admin']);
    expect((await call('hr', 'GET', '/api/rulesets/current')).body.version).toBe(draft.body.version);
    await recordHistory(system.client, workflowId, 'AssessmentCycleWorkflow-published');

    // The improvement plan: agreed, then checked at its deadline; completion is a fact for the next cycle.
    const plan = await openTask(planWf, 'improvement.plan');
    expect(plan.orgUnitId).toBe(equipment);
    await complete('head.equipment', plan, {
      targets: 'No overdue hazards; pass the guard checks',
      measures: 'LOTO refresher training; weekly guard walk with the safety engineer',
      dueAt: new Date(Date.now() + 3000).toISOString(),
    });
    await eventually(
      () =>
        ds()
          .getRepository(SinkMail)
          .createQueryBuilder('m')
          .where('m.to = :to AND m.subject LIKE :s', { to: 'head.equipment@safeloop.example', s: 'Reminder: your improvement plan is due%' })
          .getOne(),
      'the plan reminder mail',
      20_000,
    );
    await complete('head.equipment', await openTask(planWf, 'improvement.check'), { completed: true, note: 'Training done, guard walks held' });
    const done = await eventually(
      () => ds().getRepository(Fact).findOneBy({ sourceWorkflowId: planWf, kind: 'improvement_plan.completed' }),
      'the plan completion fact',
    );
    expect([done.personId, done.value]).toEqual([qiang.id, 1]);
    const plans = await eventually(async () => {
      const items = (await call('head.equipment', 'GET', '/api/improvement-plans')).body.items as { workflowId: string; phase: string }[];
      return items.find((x) => x.workflowId === planWf && x.phase === 'completed');
    }, 'the completed plan in the list');
    expect(plans).toMatchObject({ personId: qiang.id, targets: 'No overdue hazards; pass the guard checks' });
    expect(
      (await call('head.equipment', 'GET', `/api/improvement-plans/${encodeURIComponent(planWf)}`)).body.tasks.map((t: { taskType: string }) => t.taskType),
    ).toEqual(['improvement.plan', 'improvement.check']);
    expect((await call('employee', 'GET', `/api/improvement-plans/${encodeURIComponent(planWf)}`)).status).toBe(404);
    await recordHistory(system.client, planWf, 'ImprovementPlanWorkflow-completed');
  });

  it('a schedule per scope and cadence starts the cycle of the period that just ended', async () => {
    const scope = await unit('DEMO-PLANT');
    const put = await call('hr', 'PUT', '/api/assessment-cycles/schedules', { scopeOrgUnitId: scope, cadence: 'monthly', paused: true });
    expect(put.status).toBe(201);
    const scheduleId = put.body.scheduleId as string;
    try {
      expect(
        (await call('hr', 'PUT', '/api/assessment-cycles/schedules', { scopeOrgUnitId: scope, cadence: 'monthly', paused: true, time: '03:30' })).status,
      ).toBe(200);
      const listed = await eventually(
        async () =>
          ((await call('hr', 'GET', '/api/assessment-cycles/schedules')).body.items as { scheduleId: string }[]).find((x) => x.scheduleId === scheduleId),
        'the schedule in the list',
      );
      expect(listed).toMatchObject({ cadence: 'monthly', scopeOrgUnitId: scope, paused: true });
      expect((await call('hr', 'POST', `/api/assessment-cycles/schedules/${encodeURIComponent(scheduleId)}/trigger`)).status).toBe(202);
      const last = previousPeriod('monthly', new Date()).label;
      const cycle = await eventually(
        () =>
          ds()
            .getRepository(AssessmentCycle)
            .findOneBy({ id: `${scope}:${last}` }),
        'the scheduled cycle',
        30_000,
      );
      expect(cycle).toMatchObject({ startedBy: 'schedule', cadence: 'monthly', period: last });
      await openTask(cycle.workflowId, 'assessment.review');
      const launches = await eventually(
        async () => {
          const runs =
            (await call('hr', 'GET', `/api/assessment-cycles/${encodeURIComponent(cycle.id)}`)).status === 200
              ? await system.client.workflow.list({ query: `WorkflowType = 'AssessmentCycleLauncherWorkflow' AND ExecutionStatus = 'Completed'` })
              : null;
          if (!runs) return null;
          const ids: string[] = [];
          for await (const r of runs) ids.push(r.workflowId);
          return ids.find((id) => id.includes(scope));
        },
        'the completed launcher run',
        30_000,
      );
      await recordHistory(system.client, launches, 'AssessmentCycleLauncherWorkflow-triggered'); // the unsuffixed fixture is the pre-patch launcher: never overwritten
    } finally {
      expect((await call('hr', 'DELETE', `/api/assessment-cycles/schedules/${encodeURIComponent(scheduleId)}`)).status).toBe(204);
    }
  });
});
