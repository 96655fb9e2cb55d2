import { randomUUID } from 'node:crypto';
import { Certificate, Permit, PermitEvent, SinkMail, Task, User, WorkArea } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { certificateLapsedSignal } from '../../workflows/permit/messages';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

const P = DEFAULT_POLICY.permit;
/** Seconds instead of minutes and hours: a pause over 2 s needs a new test, a confined space is re-tested every 4 s, the fire watch checks 1 s after the work. */
const fast: Policy = {
  ...DEFAULT_POLICY,
  reminders: { beforeDeadline: [] },
  permit: {
    ...P,
    gas: { ...P.gas, freshFor: 600, pauseRetestAfter: 2, retestEvery: { confined_space: 4 } },
    watch: { hot_work: { after: 1, within: 600 } },
    sla: { measures: 600, approval: 600, gasTest: 600, suspended: 600, restore: 600, escalateEvery: 600 },
  },
};
const GOOD = { o2: 20.9, lel: 0, h2s: 0, co: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('permits to work', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call, ds, unit, usePolicy, openTask, complete, completeCall, addUser, facts } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });
  const personOf = async (username: string) => (await ds().getRepository(User).findOneByOrFail({ username })).personId!;
  const permit = (id: string) => ds().getRepository(Permit).findOneByOrFail({ id });
  const statusIs = (id: string, status: string) => eventually(async () => (await permit(id)).status === status, `permit ${id} ${status}`, 30_000);
  let areaId = '';

  const certify = (personId: string, type: string, expiresOn: string | null = '2099-12-31') =>
    ds()
      .getRepository(Certificate)
      .insert({
        id: randomUUID(),
        personId,
        type,
        number: `T-${randomUUID().slice(0, 8)}`,
        issuedOn: '2024-01-01',
        expiresOn,
        reviewOn: null,
        revokedAt: null,
        revokedReason: null,
        remindedDays: null,
      });
  const request = (username: string, body: Record<string, unknown>) =>
    call(username, 'POST', '/api/permits', {
      areaId,
      workContent: 'Weld a bracket on tank T-101',
      windowFrom: new Date(Date.now() - 60_000).toISOString(),
      windowTo: new Date(Date.now() + 4 * 3600_000).toISOString(),
      jsa: [{ step: 'Weld the bracket', hazards: 'sparks, hot metal', controls: 'fire blanket, extinguisher, watch' }],
      measures: [
        { kind: 'isolation', description: 'Feed valve V-12 closed and locked', lockNumber: 'L-0042' },
        { kind: 'fire_equipment', description: 'Two extinguishers at the tank' },
      ],
      ...body,
    });
  const gasTest = (id: string, readings: Record<string, number>, takenAt?: string) =>
    call('safety', 'POST', `/api/permits/${id}/gas-tests`, { testId: randomUUID(), readings, ...(takenAt ? { takenAt } : {}) });
  const work = (username: string, id: string, action: string) => call(username, 'POST', `/api/permits/${id}/work`, { action, clientId: randomUUID() });
  /** head.production asks for a standard confined-space entry by `operator` (accepted) and confirms its safety measures. */
  const confinedSpaceEntry = async (permitId: string, operator: string, workContent: string) => {
    const r = await request('head.production', {
      permitId,
      type: 'confined_space',
      level: 'standard',
      workContent,
      crew: [{ personId: operator, role: 'operator' }],
    });
    expect(r.status).toBe(201);
    await complete('head.production', await openTask(r.body.workflowId as string, 'permit.measures'), { passed: true });
    return r;
  };

  beforeAll(async () => {
    system = await startTestSystem('all');
    await usePolicy(fast, 'permit test');
    areaId = randomUUID();
    await ds()
      .getRepository(WorkArea)
      .insert({
        id: areaId,
        code: `T-${areaId.slice(0, 6)}`,
        name: 'Tank farm T-101',
        kind: 'area',
        parentId: null,
        orgUnitId: await unit('DEMO-PRODUCTION'),
        active: true,
      });
    expect((await addUser('head.production.deputy', 'Deputy Production Head', await unit('DEMO-PRODUCTION'), ['department_head'])).status).toBe(201);
  });
  afterAll(() => system?.stop());

  it('一级 hot work: certificates checked at request, a failing gas test keeps it from approval, approvals by level, a long pause needs a new test, the fire watch, closed and compliant', async () => {
    const id = randomUUID();
    const operator = await personOf('employee');
    const body = { permitId: id, type: 'hot_work', level: 'first', crew: [{ personId: operator, role: 'operator' }] };
    const refused = await request('employee', body);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('body.crew.0.personId');
    expect(JSON.stringify(refused.body)).toContain('welding');
    expect(await ds().getRepository(Permit).existsBy({ id })).toBe(false); // nothing half-written
    await certify(operator, 'welding');

    const r = await request('employee', body);
    expect(r.status).toBe(201);
    expect(r.body.number).toMatch(/^DH-\d{8}-[0-9A-F]{6}$/);
    const { workflowId } = r.body as { workflowId: string };
    const again = await request('employee', body);
    expect(again.status).toBe(200);
    expect(again.body.number).toBe(r.body.number);

    // The area owner confirms the JSA and measures.
    await complete('head.production', await openTask(workflowId, 'permit.measures'), { passed: true });
    await statusIs(id, 'gas_testing');
    const bad = await gasTest(id, { lel: 12, o2: 20.9 });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ passed: false, effect: 'recorded', status: 'gas_testing', failures: [{ kind: 'lel', value: 12 }] });
    expect((await permit(id)).status).toBe('gas_testing'); // out of limits blocks the permit
    expect((await gasTest(id, { lel: 1, o2: 20.9 })).body).toMatchObject({ passed: true, effect: 'cleared' });

    // Approvals by level: the unit's head, then the safety hub.
    const first = await openTask(workflowId, 'permit.approve', '/approve-1');
    expect(first.candidateRole).toBe('department_head');
    await complete('head.production', first, { approved: true });
    const second = await openTask(workflowId, 'permit.approve', '/approve-2');
    expect(second.candidateRole).toBe('safety_officer');
    await complete('safety', second, { approved: true });
    await statusIs(id, 'issued');
    const issued = await permit(id);
    expect(issued.validUntil!.getTime() - issued.issuedAt!.getTime()).toBeLessThanOrEqual(8 * 3600_000); // 一级: at most 8 h

    // Work, a pause longer than the limit, a refused resume until a new test.
    expect((await work('employee', id, 'start')).status).toBe(200);
    expect((await work('employee', id, 'pause')).status).toBe(200);
    await sleep(2500);
    const resume = await work('employee', id, 'resume');
    expect(resume.status).toBe(409);
    expect(JSON.stringify(resume.body)).toContain('test again before it resumes');
    expect((await gasTest(id, { lel: 0, o2: 20.9 })).body).toMatchObject({ passed: true, effect: 'recorded', status: 'paused' });
    expect((await work('employee', id, 'resume')).status).toBe(200);
    expect((await work('employee', id, 'complete')).status).toBe(200);

    // The fire watch checks after the interval, then the area owner confirms the site restored.
    await complete('head.production', await openTask(workflowId, 'permit.watch'), { passed: true });
    await complete('head.production', await openTask(workflowId, 'permit.restore'), { passed: true });
    await statusIs(id, 'closed');
    expect((await permit(id)).compliant).toBe(true);
    const types = (
      await ds()
        .getRepository(PermitEvent)
        .find({ where: { permitId: id }, order: { at: 'ASC' } })
    ).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'requested',
        'measures_confirmed',
        'gas_test_failed',
        'gas_test_passed',
        'approved',
        'issued',
        'work_started',
        'work_paused',
        'work_resumed',
        'work_completed',
        'watch_done',
        'closed',
      ]),
    );
    expect((await facts(workflowId)).map((f) => [f.kind, f.value])).toEqual(
      expect.arrayContaining([
        ['permit.compliance', 1],
        ['hot_work.permit', 1],
      ]),
    );
    const detail = await call('employee', 'GET', `/api/permits/${id}`);
    expect(detail.body).toMatchObject({
      status: 'closed',
      crew: [{ personId: operator, role: 'operator' }],
      gasTests: [{ passed: false }, { passed: true }, { passed: true }],
    });
    await recordHistory(system.client, workflowId, 'PermitWorkflow-hot-work');
    await recordHistory(system.client, workflowId, 'PermitWorkflow-one-step-hot-work');
  });

  it('confined space: the requester may not approve; a missed re-test, a reading out of limits and a lapsed certificate each suspend it at once', async () => {
    const id = randomUUID();
    const operator = await personOf('employee');
    await certify(operator, 'confined_space');
    const r = await confinedSpaceEntry(id, operator, 'Inspect tank T-101 inside');
    const { workflowId } = r.body as { workflowId: string };
    expect((await gasTest(id, GOOD)).body).toMatchObject({ passed: true, effect: 'cleared' });
    const approval = await openTask(workflowId, 'permit.approve', '/approve-1');
    // The inbox leaves the requester out of the approval's candidates (and the process would refuse them too).
    const self = await completeCall('head.production', approval, { approved: true });
    expect(self.status).toBe(403);
    expect(JSON.stringify(self.body)).toContain('You asked for this approval');
    // Nor can it reach them by delegation.
    expect((await call('head.production.deputy', 'POST', `/api/tasks/${encodeURIComponent(approval.id)}/claim`)).status).toBe(200);
    const requester = await ds().getRepository(User).findOneByOrFail({ username: 'head.production' });
    const toSelf = await call('head.production.deputy', 'POST', `/api/tasks/${encodeURIComponent(approval.id)}/delegate`, { toUserId: requester.id });
    expect(toSelf.status).toBe(403);
    expect(JSON.stringify(toSelf.body)).toContain('asked for this approval');
    await complete('head.production.deputy', approval, { approved: true });
    await statusIs(id, 'issued');
    expect((await gasTest(id, GOOD)).status).toBe(200);
    expect((await work('employee', id, 'start')).status).toBe(200);

    // No re-test within 4 s: suspended.
    await statusIs(id, 'suspended');
    expect((await permit(id)).suspensionReason).toBe('retest_missed');
    expect((await work('employee', id, 'resume')).status).toBe(409);
    expect((await gasTest(id, GOOD)).body).toMatchObject({ passed: true, effect: 'cleared', status: 'paused' });
    expect((await work('employee', id, 'resume')).status).toBe(200);

    // Oxygen low: suspended at once.
    expect((await gasTest(id, { ...GOOD, o2: 18 })).body).toMatchObject({ passed: false, effect: 'suspended', status: 'suspended' });
    expect((await permit(id)).suspensionReason).toBe('gas_out_of_limits');
    expect((await gasTest(id, GOOD)).body).toMatchObject({ effect: 'cleared', status: 'paused' });
    expect((await work('employee', id, 'resume')).status).toBe(200);

    // The operator's certificate lapses (the certificates register signals the holder's running permits).
    await system.client.workflow.getHandle(workflowId).signal(certificateLapsedSignal, {
      personId: operator,
      certificateId: randomUUID(),
      type: 'confined_space',
      reason: 'revoked',
      at: new Date().toISOString(),
    });
    await eventually(async () => (await permit(id)).suspensionReason === 'certificate_lapsed', 'suspended for the certificate', 20_000);
    expect((await permit(id)).suspensions).toBe(3);
    expect((await gasTest(id, GOOD)).body).toMatchObject({ effect: 'recorded', status: 'suspended' }); // a test does not lift it
    expect((await work('employee', id, 'complete')).status).toBe(200);
    await complete('head.production', await openTask(workflowId, 'permit.restore'), { passed: true });
    await statusIs(id, 'closed');
    expect((await facts(workflowId, 'permit.suspension')).map((f) => f.value)).toEqual([0, 0, 0]);
    await recordHistory(system.client, workflowId, 'PermitWorkflow-confined-space-suspensions');
    await recordHistory(system.client, workflowId, 'PermitWorkflow-one-step-confined-space-suspensions');
  });

  it('a request beside a running confined-space entry is flagged to its approvers; validity expiry suspends the work; a missed fire watch escalates with mails', async () => {
    await usePolicy(
      {
        ...fast,
        quietHours: { default: { start: '00:00', end: '23:59', timeZone: 'UTC' } },
        permit: {
          ...fast.permit,
          validity: { ...fast.permit.validity, 'hot_work:second': 6 },
          watch: { hot_work: { after: 1, within: 2 } },
          sla: { ...fast.permit.sla, escalateEvery: 2 },
        },
      },
      'short validity and fire watch',
    );
    const operator = await personOf('employee');
    // A confined-space entry waiting for approval holds the area.
    const entry = randomUUID();
    const e = await confinedSpaceEntry(entry, operator, 'Clean tank T-101');
    await gasTest(entry, GOOD);
    await statusIs(entry, 'approving');

    const id = randomUUID();
    const r = await request('employee', { permitId: id, type: 'hot_work', level: 'second', crew: [{ personId: operator, role: 'operator' }] });
    expect(r.status).toBe(201);
    expect(r.body.conflicts).toEqual([{ permitId: entry, number: e.body.number, type: 'confined_space' }]);
    const { workflowId } = r.body as { workflowId: string };
    await complete('head.production', await openTask(workflowId, 'permit.measures'), { passed: true });
    await gasTest(id, GOOD);
    const approval = await openTask(workflowId, 'permit.approve', '/approve-1');
    expect(approval.description).toContain(`CONFLICTS with running permits:\n- ${e.body.number as string} (confined space)`);
    expect((await call('head.production', 'GET', `/api/tasks/${encodeURIComponent(approval.id)}`)).body.form.context.conflicts).toEqual([
      { permitId: entry, number: e.body.number, type: 'confined_space' },
    ]);
    await complete('head.production', approval, { approved: true });
    await statusIs(id, 'issued');
    expect((await work('employee', id, 'start')).status).toBe(200);

    // The 6 s validity ends during the work: suspended, only completion remains.
    await eventually(async () => (await permit(id)).suspensionReason === 'validity_expired', 'suspended at the end of validity', 30_000);
    expect((await work('employee', id, 'resume')).status).toBe(409);
    expect((await work('employee', id, 'complete')).status).toBe(200);

    // Nobody checks the site within 2 s of the watch falling due: each missed 2 s tells the next rung, by mail, critical.
    const watch = await openTask(workflowId, 'permit.watch');
    const mails = await eventually(
      async () => {
        const m = await ds()
          .getRepository(SinkMail)
          .createQueryBuilder('m')
          .where('m.subject LIKE :s', { s: '[CRITICAL] Overdue (escalation %): Fire watch check: %' })
          .getMany();
        return m.some((x) => x.subject.includes('(escalation 2)')) ? m : null;
      },
      'escalation mails of two rungs',
      30_000,
    );
    expect(mails.length).toBeGreaterThanOrEqual(2);
    expect((await ds().getRepository(Task).findOneByOrFail({ id: watch.id })).escalationLevel).toBeGreaterThanOrEqual(2);
    await complete('head.production', watch, { passed: true });
    await complete('head.production', await openTask(workflowId, 'permit.restore'), { passed: true });
    await statusIs(id, 'closed');
    expect((await permit(id)).compliant).toBe(false); // a missed watch, and work stopped by expiry
    expect((await facts(workflowId, 'hot_work.permit')).map((f) => f.value)).toEqual([0]);
    await usePolicy(fast, 'permit test');
    await recordHistory(system.client, workflowId, 'PermitWorkflow-expiry-watch-escalation');
    await recordHistory(system.client, workflowId, 'PermitWorkflow-one-step-expiry-watch-escalation');
  });

  it('a gas test gone stale during the approvals blocks issue until a fresh one passes', async () => {
    await usePolicy({ ...fast, permit: { ...fast.permit, gas: { ...fast.permit.gas, freshFor: 2 } } }, 'stale gas tests');
    const id = randomUUID();
    const operator = await personOf('employee');
    const r = await request('employee', { permitId: id, type: 'hot_work', level: 'second', crew: [{ personId: operator, role: 'operator' }] });
    expect(r.status).toBe(201);
    const { workflowId } = r.body as { workflowId: string };
    await complete('head.production', await openTask(workflowId, 'permit.measures'), { passed: true });
    expect((await gasTest(id, GOOD)).status).toBe(200);
    const approval = await openTask(workflowId, 'permit.approve', '/approve-1');
    await sleep(2500);
    await complete('head.production', approval, { approved: true });
    await statusIs(id, 'gas_testing');
    expect((await work('employee', id, 'start')).status).toBe(409);
    expect((await gasTest(id, { ...GOOD, lel: 11 })).body).toMatchObject({ passed: false, status: 'gas_testing' });
    expect((await permit(id)).status).toBe('gas_testing');
    await gasTest(id, GOOD);
    await statusIs(id, 'issued');
    await usePolicy(fast, 'permit test');
    await recordHistory(system.client, workflowId, 'PermitWorkflow-stale-gas-test');
    await recordHistory(system.client, workflowId, 'PermitWorkflow-one-step-stale-gas-test');
  });
});
