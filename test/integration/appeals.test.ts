import { createHash, randomUUID } from 'node:crypto';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { AssessmentCycle, AuditEntry, Fact, Person, ScoreAdjustment, ScoreAppeal, ScoreResult, ScoreSnapshot, SinkMail, User } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers } from '../support/api';
import { directFact, overdueAdjustment } from '../support/fixtures';
import { httpClient, startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

const relaxed: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** The reviewer has 2 s; the ladder climbs every 2 s. */
const hurried: Policy = { ...relaxed, sla: { ...relaxed.sla, appealReview: 2 }, escalation: { ...relaxed.escalation, stepAfter: 2 } };

describe('appeals and manual adjustments', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call, ds, unit, usePolicy, openTask, completeCall: complete, addUser } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });
  /** Hazard `h-<hazard>` was overdue one more day for `personId`. */
  const overdueDay = (id: string, personId: string, orgUnitId: string | null, departmentHeadPersonId: string | null, hazard: string) =>
    ds()
      .getRepository(Fact)
      .insert(
        directFact({
          id,
          kind: 'hazard.overdue_day',
          personId,
          orgUnitId,
          departmentHeadPersonId,
          sourceWorkflowId: `Hazard:${hazard}`,
          subjectId: `h-${hazard}`,
          value: 1,
          data: JSON.stringify({ hazardId: `h-${hazard}` }),
        }),
      );
  let cycleId = '';
  let employee: Person;
  let qiang: Person;
  const report = async (u: string, personId: string, version?: number) =>
    (await call(u, 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${personId}${version ? `?version=${version}` : ''}`)).body;

  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy(relaxed, 'appeal tests');
    employee = await ds()
      .getRepository(Person)
      .findOneByOrFail({ id: (await ds().getRepository(User).findOneByOrFail({ username: 'employee' })).personId! });
    qiang = await ds().getRepository(Person).findOneByOrFail({ employeeNo: 'E1007' });
    // A month with failed trainings for the employee (enough for the pass rate to count) and an overdue hazard for the equipment head.
    for (let i = 0; i < 4; i++) {
      await ds()
        .getRepository(Fact)
        .insert(
          directFact({
            id: `training/${i}/${randomUUID()}`,
            kind: 'training.attended',
            personId: employee.id,
            orgUnitId: employee.orgUnitId,
            departmentHeadPersonId: null,
            sourceWorkflowId: `training:t${i}`,
            subjectId: `t${i}`,
            value: 0,
          }),
        );
      await overdueDay(`own-overdue/${i}/${randomUUID()}`, employee.id, employee.orgUnitId, null, 'mine');
      await overdueDay(`overdue/${i}/${randomUUID()}`, qiang.id, qiang.orgUnitId, qiang.id, 'old');
    }
    const started = await call('hr', 'POST', '/api/assessment-cycles', {
      scopeOrgUnitId: await unit('DEMO-CO'),
      period: periodContaining('monthly', new Date()).label,
    });
    cycleId = started.body.cycleId;
    const review = await openTask(started.body.workflowId, 'assessment.review');
    expect((await complete('hr', review, { decision: 'publish', note: 'ok' })).status).toBe(200);
    await eventually(async () => (await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).status === 'published', 'published');
  });
  afterAll(() => system?.stop());

  it('an appeal is upheld by the department head; the one further level, decided by a manager, adjusts: a new version, the old one kept', async () => {
    const before = await report('employee', employee.id);
    expect(before.lines.some((l: { indicatorCode?: string }) => l.indicatorCode === 'training_pass_rate')).toBe(true);
    expect((await call('employee', 'POST', '/api/appeals', { cycleId, lineCode: 'no_such_line', reason: 'x' })).body.error.details[0].path).toBe(
      'body.lineCode',
    );
    const first = await call('employee', 'POST', '/api/appeals', {
      cycleId,
      lineCode: 'training_pass_rate',
      reason: 'Two of the checks were of a press that was decommissioned',
    });
    expect(first.status).toBe(201);
    const t1 = await openTask(first.body.workflowId, 'appeal.review');
    expect(t1.orgUnitId).toBe(await unit('DEMO-PRODUCTION'));
    expect((await complete('employee', t1, { decision: 'adjust', delta: 50, reason: 'mine' })).status).toBe(404); // not theirs to see, let alone decide
    expect((await complete('head.production', t1, { decision: 'adjust', reason: 'no delta' })).body.error.details[0].path).toBe('body.payload.delta');
    expect((await complete('head.production', t1, { decision: 'uphold', reason: 'The checks were of press 4, which is in service' })).status).toBe(200);
    await eventually(async () => (await ds().getRepository(ScoreAppeal).findOneByOrFail({ id: first.body.appealId })).status === 'upheld', 'upheld');
    expect((await call('head.production', 'GET', '/api/appeals')).body.items.find((x: { id: string }) => x.id === first.body.appealId)).toMatchObject({
      personName: employee.name,
      status: 'upheld',
      decidedBy: 'head.production',
    });
    const decisionMail = await eventually(
      () => ds().getRepository(SinkMail).findOneBy({ to: 'employee@safeloop.example', subject: 'Your appeal was not accepted' }),
      'the decision mail',
    );
    // The decider by name, not by login.
    expect(decisionMail.text).toContain('Decided by Production Head Zhao.');
    expect((await ds().getRepository(ScoreSnapshot).findBy({ cycleId })).length).toBe(1);

    // The further appeal goes to the plant's managers.
    const second = await call('employee', 'POST', '/api/appeals', {
      cycleId,
      lineCode: 'training_pass_rate',
      reason: 'Press 4 was locked out all month',
      parentAppealId: first.body.appealId,
    });
    expect([second.status, second.body.level]).toEqual([201, 2]);
    const t2 = await openTask(second.body.workflowId, 'appeal.review');
    expect([t2.orgUnitId, t2.candidateRole]).toEqual([await unit('DEMO-PLANT'), 'manager']);
    expect((await complete('manager', t2, { decision: 'adjust', delta: 5, reason: 'LOTO log confirms press 4 was out of service' })).status).toBe(200);
    const appeal = await eventually(async () => {
      const a = await ds().getRepository(ScoreAppeal).findOneByOrFail({ id: second.body.appealId });
      return a.status === 'adjusted' ? a : null;
    }, 'adjusted');
    expect(appeal).toMatchObject({ decidedBy: 'manager', delta: 5, newVersion: 2, level: 2, parentAppealId: first.body.appealId });
    const v2 = await report('employee', employee.id);
    expect(v2.version).toBe(2);
    expect(v2.total).toBeCloseTo(Math.min(100, before.total + 5), 2);
    // On the disputed line, with the appellant's reason and the decision beside it; no line of its own.
    const disputed = v2.lines.find((l: { indicatorCode?: string }) => l.indicatorCode === 'training_pass_rate');
    const original = before.lines.find((l: { indicatorCode?: string }) => l.indicatorCode === 'training_pass_rate');
    expect(disputed).toMatchObject({ points: original.points, n: original.n, factIds: original.factIds, adjustment: 5 });
    expect(disputed.corrections).toEqual([
      {
        kind: 'appeal',
        workflowId: second.body.workflowId,
        version: 2,
        delta: 5,
        reasonCode: 'appeal',
        reason: 'Press 4 was locked out all month',
        decision: 'LOTO log confirms press 4 was out of service',
        proposedBy: 'employee',
        decidedBy: 'manager',
      },
    ]);
    expect(v2.lines.some((l: { ruleCode?: string }) => l.ruleCode === 'manual_adjustment')).toBe(false);
    expect(v2.lines.filter((l: { indicatorCode?: string }) => l.indicatorCode !== 'training_pass_rate')).toEqual(
      before.lines.filter((l: { indicatorCode?: string }) => l.indicatorCode !== 'training_pass_rate'),
    );
    expect((await report('employee', employee.id, 1)).total).toBe(before.total); // the original stays readable
    expect(v2.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    expect(
      (await call('employee', 'POST', '/api/appeals', { cycleId, lineCode: 'training_pass_rate', reason: 'again', parentAppealId: second.body.appealId }))
        .status,
    ).toBe(409);
    // Traceable: the audit log names the version, the approver and the reason; the chain is intact.
    const applied = await ds().getRepository(AuditEntry).findOneByOrFail({ action: 'cycle.appeal_applied' });
    expect(JSON.parse(applied.after!)).toMatchObject({ version: 2, approvedBy: 'manager', delta: 5, lineCode: 'training_pass_rate' });
    expect((await verifyAuditLog(ds())).ok).toBe(true);
    await recordHistory(system.client, second.body.workflowId, 'AppealWorkflow-adjusted');
  });

  it('refuses a second open appeal on the same line; an undecided appeal escalates', async () => {
    expect((await call('safety', 'POST', '/api/policies', { document: hurried, note: 'appeal SLA' })).status).toBe(201);
    const a = await call('head.equipment', 'POST', '/api/appeals', { cycleId, lineCode: 'hazard_overdue', reason: 'The hazard was reassigned to production' });
    expect(a.status).toBe(201);
    const dup = await call('head.equipment', 'POST', '/api/appeals', { cycleId, lineCode: 'hazard_overdue', reason: 'again' });
    expect([dup.status, dup.body.error.message]).toEqual([409, 'This line already has an open appeal']);
    const task = await openTask(a.body.workflowId, 'appeal.review');
    await eventually(() => ds().getRepository(AuditEntry).findOneBy({ action: 'task.escalated', entityId: task.id }), 'the escalation', 30_000);
    const mails = await eventually(
      async () => {
        const m = await ds()
          .getRepository(SinkMail)
          .createQueryBuilder('m')
          .where('m.subject LIKE :s', { s: 'Overdue (escalation %): Appeal: head.equipment disputes%' })
          .getMany();
        return m.length ? m : null;
      },
      'the escalation mail',
      30_000,
    );
    expect(mails.length).toBeGreaterThanOrEqual(1);
    await usePolicy(relaxed, 'back to normal');
  });

  it('manual adjustments: second-person approval, never self-approval, only within scope', async () => {
    expect((await addUser('manager.assembly', 'Assembly Manager Sun', await unit('DEMO-WS-ASSEMBLY'), ['manager'])).status).toBe(201);
    const small = { cycleId, subjectType: 'person', subjectId: qiang.id, delta: 3, reasonCode: 'other', text: 'x' };
    const outside = await call('manager.assembly', 'POST', '/api/adjustments', small);
    expect([outside.status, outside.body.error.details[0].path]).toEqual([400, 'body.subjectId']);
    expect((await call('head.equipment', 'POST', '/api/adjustments', small)).status).toBe(403);

    // Proposed by the manager; an admin hands the approval to the manager himself: refused.
    const proposed = await call('manager', 'POST', '/api/adjustments', overdueAdjustment(cycleId, qiang.id));
    expect(proposed.status).toBe(201);
    const task = await openTask(proposed.body.workflowId, 'adjustment.approve');
    expect(task.candidateRole).toBe('hr');
    const managerUser = await ds().getRepository(User).findOneByOrFail({ username: 'manager' });
    // Delegation keeps the rules: the proposer could never have been given his own approval.
    const handed = await call('admin', 'POST', `/api/tasks/${encodeURIComponent(task.id)}/delegate`, { toUserId: managerUser.id });
    expect([handed.status, handed.body.error.message]).toEqual([403, expect.stringMatching(/manager asked for this approval and cannot decide it/)]);
    const self = await complete('manager', task, { approved: true, reason: 'fine' });
    expect(self.status).toBe(404); // the company's approval is neither his to see nor to decide
    expect(
      (
        await call('admin', 'POST', `/api/tasks/${encodeURIComponent(task.id)}/delegate`, {
          toUserId: (await ds().getRepository(User).findOneByOrFail({ username: 'hr' })).id,
        })
      ).status,
    ).toBe(200);
    expect((await complete('hr', task, { approved: true, reason: 'Checked against the reassignment record' })).status).toBe(200);
    const adj = await eventually(async () => {
      const a = await ds().getRepository(ScoreAdjustment).findOneByOrFail({ id: proposed.body.adjustmentId });
      return a.status === 'approved' ? a : null;
    }, 'approved');
    expect(adj).toMatchObject({ proposedBy: 'manager', decidedBy: 'hr', newVersion: 3, delta: 10 });
    const r = await report('hr', qiang.id);
    expect(r.version).toBe(3);
    const was = (await report('hr', qiang.id, 2)).lines.find((l: { ruleCode?: string }) => l.ruleCode === 'hazard_overdue');
    expect(r.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'hazard_overdue')).toMatchObject({
      points: was.points + 10,
      adjustment: 10,
      n: was.n,
      corrections: [
        {
          kind: 'adjustment',
          delta: 10,
          reasonCode: 'data_error',
          reason: 'Two overdue days were counted after the hazard was reassigned',
          proposedBy: 'manager',
          decidedBy: 'hr',
        },
      ],
    });
    expect(r.lines.some((l: { ruleCode?: string }) => l.ruleCode === 'manual_adjustment')).toBe(false);
    const list = (await call('auditor', 'GET', '/api/adjustments')).body.items;
    expect(list.find((x: { id: string }) => x.id === adj.id)).toMatchObject({
      status: 'approved',
      subjectName: qiang.name,
      decidedBy: 'hr',
      decisionReason: 'Checked against the reassignment record',
    });
    expect((await call('head.equipment', 'GET', '/api/adjustments')).body.items.map((x: { id: string }) => x.id)).toContain(adj.id);
    expect((await call('head.production', 'GET', '/api/adjustments')).body.items.map((x: { id: string }) => x.id)).not.toContain(adj.id);
    await recordHistory(system.client, proposed.body.workflowId, 'ManualAdjustmentWorkflow-approved');
  });

  const rowsOf = async (version: number) =>
    new Map(
      (
        await ds()
          .getRepository(ScoreResult)
          .findBy({ snapshotId: `${cycleId}#${version}` })
      ).map((r) => [`${r.subjectType}/${r.subjectId}`, { total: r.total, rating: r.rating, summary: r.summary, lines: r.lines, subject: r.subject }]),
    );
  const csv = async (version: number) => {
    const { token } = await httpClient(system.appUrl!).login('hr');
    const r = await fetch(`${system.appUrl}/api/exports/assessment-results?cycleId=${encodeURIComponent(cycleId)}&version=${version}&format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = Buffer.from(await r.arrayBuffer());
    expect(r.headers.get('x-content-sha256')).toBe(createHash('sha256').update(body).digest('hex'));
    return body;
  };

  it('an appeal accepted with +3 on the overdue line: the new version is the old one +3 on that line, nothing else; the old version’s export is the same bytes', async () => {
    const inForce = (await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).currentSnapshot;
    const before = await report('employee', employee.id);
    expect(before.version).toBe(inForce);
    const overdue = before.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'hazard_overdue');
    expect(overdue.points).toBeLessThan(0);
    const oldFile = await csv(inForce);
    const oldRows = await rowsOf(inForce);

    const a = await call('employee', 'POST', '/api/appeals', {
      cycleId,
      lineCode: 'hazard_overdue',
      reason: 'The hazard waited three days for a spare part from the warehouse',
    });
    expect(a.status).toBe(201);
    expect(
      (
        await complete('head.production', await openTask(a.body.workflowId, 'appeal.review'), {
          decision: 'adjust',
          delta: 3,
          reason: 'Purchasing log confirms the wait',
        })
      ).status,
    ).toBe(200);
    const decided = await eventually(async () => {
      const x = await ds().getRepository(ScoreAppeal).findOneByOrFail({ id: a.body.appealId });
      return x.status === 'adjusted' ? x : null;
    }, 'adjusted');
    expect(decided.newVersion).toBe(inForce + 1);

    const after = await report('employee', employee.id);
    expect([after.version, after.total]).toEqual([inForce + 1, Math.min(100, Math.round((before.total + 3) * 100) / 100)]);
    const line = after.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'hazard_overdue');
    expect(line).toMatchObject({
      points: overdue.points + 3,
      adjustment: 3,
      n: overdue.n,
      factIds: overdue.factIds,
      corrections: [
        {
          kind: 'appeal',
          delta: 3,
          reason: 'The hazard waited three days for a spare part from the warehouse',
          decision: 'Purchasing log confirms the wait',
          proposedBy: 'employee',
          decidedBy: 'head.production',
          version: inForce + 1,
        },
      ],
    });
    // Nothing else moved: every other subject's row is the old one.
    const newRows = await rowsOf(inForce + 1);
    expect([...newRows.keys()].sort()).toEqual([...oldRows.keys()].sort());
    for (const [k, v] of oldRows) if (k !== `person/${employee.id}`) expect([k, newRows.get(k)]).toEqual([k, v]);
    // The old version is unchanged: its report and its export, byte for byte.
    expect((await report('employee', employee.id, inForce)).total).toBe(before.total);
    expect((await csv(inForce)).equals(oldFile)).toBe(true);
    expect((await rowsOf(inForce)).get(`person/${employee.id}`)).toEqual(oldRows.get(`person/${employee.id}`));
  });

  it('an unrelated +1 adjustment publishes no late fact; late facts come in only through recompute → draft → review, with the decisions in force kept', async () => {
    const inForce = (await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).currentSnapshot;
    const oldRows = await rowsOf(inForce);
    const oldSnap = await ds().getRepository(ScoreSnapshot).findOneByOrFail({ cycleId, version: inForce });
    // Late facts: an inspection of the equipment department scored 60, and one more overdue day of its head.
    const equipment = await unit('DEMO-EQUIPMENT');
    await ds()
      .getRepository(Fact)
      .insert({
        id: `late-inspection/${randomUUID()}`,
        kind: 'inspection.scored',
        personId: null,
        attribution: 'none',
        orgUnitId: equipment,
        departmentHeadPersonId: qiang.id,
        sourceWorkflowId: 'inspection:late',
        subjectId: 'late',
        value: 60,
        occurredAt: new Date(),
        data: '{}',
        policyVersion: null,
      });
    await overdueDay(`late-overdue/${randomUUID()}`, qiang.id, equipment, qiang.id, 'late');

    const proposed = await call('manager', 'POST', '/api/adjustments', {
      cycleId,
      subjectType: 'person',
      subjectId: employee.id,
      delta: 1,
      reasonCode: 'exceptional_contribution',
      text: 'Organised the fire drill',
    });
    expect(proposed.status).toBe(201);
    expect((await complete('hr', await openTask(proposed.body.workflowId, 'adjustment.approve'), { approved: true, reason: 'Drill report seen' })).status).toBe(
      200,
    );
    const adj = await eventually(async () => {
      const x = await ds().getRepository(ScoreAdjustment).findOneByOrFail({ id: proposed.body.adjustmentId });
      return x.status === 'approved' ? x : null;
    }, 'approved');
    expect(adj.newVersion).toBe(inForce + 1);
    const newRows = await rowsOf(inForce + 1);
    for (const [k, v] of oldRows) if (k !== `person/${employee.id}`) expect([k, newRows.get(k)]).toEqual([k, v]); // the head, his department: untouched
    const me = await report('hr', employee.id);
    expect(me.total).toBeCloseTo(Math.min(100, oldRows.get(`person/${employee.id}`)!.total + 1), 2);
    expect(me.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'manual_adjustment')).toMatchObject({
      points: 1,
      adjustment: 1,
      corrections: [{ kind: 'adjustment', delta: 1, reason: 'Organised the fire drill', decidedBy: 'hr' }],
    });
    const snap = await ds()
      .getRepository(ScoreSnapshot)
      .findOneByOrFail({ cycleId, version: inForce + 1 });
    expect([snap.status, snap.factCount, snap.inputHash]).toEqual(['published', oldSnap.factCount, oldSnap.inputHash]);
    expect(await ds().getRepository(Fact).countBy({ sourceWorkflowId: proposed.body.workflowId })).toBe(0);
    // Its evidence drill-down is the version's too: the late facts are not behind any of its lines.
    const evidence = async (personId: string, version: number) =>
      (
        (await call('hr', 'GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${personId}/facts?version=${version}`)).body.lines as {
          code: string;
          factIds: string[];
        }[]
      ).flatMap((l) => l.factIds);
    const headEvidence = await evidence(qiang.id, inForce + 1);
    expect(headEvidence.length).toBeGreaterThan(0);
    expect(headEvidence.filter((id) => id.startsWith('late-'))).toEqual([]);

    // The late facts come in through a recompute: a draft, for HR to review, with every decision in force kept.
    const rescored = (await call('hr', 'POST', `/api/assessment-cycles/${encodeURIComponent(cycleId)}/recompute`, { note: 'late inspection' })).body;
    expect(rescored.reproduced).toBe(false);
    const draft = await ds().getRepository(ScoreSnapshot).findOneByOrFail({ cycleId, version: rescored.newVersion });
    expect(draft.status).toBe('draft');
    expect(JSON.parse(draft.corrections!).items.map((c: { workflowId: string }) => c.workflowId)).toEqual(
      JSON.parse(snap.corrections!).items.map((c: { workflowId: string }) => c.workflowId),
    );
    const head = await report('hr', qiang.id, rescored.newVersion);
    const headOverdue = head.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'hazard_overdue');
    expect(headOverdue.factIds.some((id: string) => id.startsWith('late-overdue/'))).toBe(true);
    expect(headOverdue.adjustment).toBe(10); // the approved adjustment of his overdue line stays
    expect((await evidence(qiang.id, rescored.newVersion)).some((id) => id.startsWith('late-overdue/'))).toBe(true);
    const mine = await report('hr', employee.id, rescored.newVersion);
    expect(mine.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'hazard_overdue').adjustment).toBe(3);
    expect(mine.lines.find((l: { indicatorCode?: string }) => l.indicatorCode === 'training_pass_rate').adjustment).toBe(5);
    expect(mine.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'manual_adjustment')).toMatchObject({ points: 1 });
    expect((await report('employee', employee.id)).version).toBe(inForce + 1); // the draft is not what people see
  });

  it('self-declarations: reviewed by the department head, approved points become a bonus capped per period', async () => {
    const declare = (body: Record<string, unknown>) => call('employee', 'POST', '/api/declarations', body);
    const d1 = await declare({ kind: 'training', title: 'Ran a LOTO refresher for my shift', text: '12 colleagues, 1 hour' });
    expect(d1.status).toBe(201);
    const d2 = await declare({ kind: 'improvement_idea', title: 'Colour-coded lock boxes', text: 'Faster isolation checks' });
    expect(
      (await declare({ kind: 'idea', title: '', text: 'x', evidenceIds: ['nope'] })).body.error.details.map((x: { path: string }) => x.path).sort(),
    ).toEqual(['body.evidenceIds.0', 'body.kind', 'body.title']);
    const t1 = await openTask(d1.body.workflowId, 'declaration.review');
    expect([t1.orgUnitId, t1.candidateRole]).toEqual([await unit('DEMO-PRODUCTION'), 'department_head']);
    expect((await complete('head.production', t1, { approved: true, reason: 'no points' })).body.error.details[0].path).toBe('body.payload.points');
    expect((await complete('head.production', t1, { approved: true, points: 4, reason: 'Attendance sheet checked' })).status).toBe(200);
    expect(
      (await complete('head.production', await openTask(d2.body.workflowId, 'declaration.review'), { approved: true, points: 3, reason: 'Good idea, adopted' }))
        .status,
    ).toBe(200);
    const facts = await eventually(async () => {
      const f = await ds().getRepository(Fact).findBy({ kind: 'declaration.approved', personId: employee.id });
      return f.length === 2 ? f : null;
    }, 'two bonus facts');
    expect(facts.map((f) => f.value).sort()).toEqual([3, 4]);
    const list = (await call('employee', 'GET', '/api/declarations')).body.items;
    expect(list.map((x: { status: string; reviewedBy: string }) => [x.status, x.reviewedBy])).toEqual([
      ['approved', 'head.production'],
      ['approved', 'head.production'],
    ]);
    // The next scoring of the period counts them, capped at +5.
    const rescored = (await call('hr', 'POST', `/api/assessment-cycles/${encodeURIComponent(cycleId)}/recompute`, { note: 'declarations' })).body;
    expect(rescored.reproduced).toBe(false);
    const v = await report('hr', employee.id, rescored.newVersion);
    expect(v.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'self_declaration')).toMatchObject({ points: 5, n: 2 });
    await recordHistory(system.client, d1.body.workflowId, 'DeclarationWorkflow-approved');
  });
});
