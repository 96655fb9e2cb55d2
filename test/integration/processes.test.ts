import { randomUUID } from 'node:crypto';
import { Emergency, Hazard, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, evidencePhoto, reportHazard } from '../support/api';
import { httpClient, startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';
import { SA } from '../../workflows/shared/search-attributes';

/** Slow enough that nothing breaches during a path test. */
const relaxed: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** Grading due in 2 s, escalation every 2 s. */
const fast: Policy = { ...relaxed, sla: { ...DEFAULT_POLICY.sla, hazardGrading: 2 }, escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 2 } };

interface Item {
  workflowId: string;
  type: string;
  subject: string;
  status: string | null;
  severity: string | null;
  orgUnitId: string | null;
  slaDeadline: string | null;
  secondsToBreach: number | null;
  overdue: boolean;
  escalationLevel: number;
  orgUnitName: string | null;
  steps: { taskId: string; title: string; orgUnitName: string; assignee: string | null; dueAt: string | null }[];
  temporalUiUrl: string | null;
}
interface Entry {
  at: string;
  source: string;
  kind: string;
  actor: string;
  text: string;
}

describe('safety hub monitor and auditor timeline', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, unit, usePolicy, openTask, complete } = apiHelpers(() => system);
  const report = (title: string) => reportHazard(as, 'employee', { title, description: `${title} — seen on the round`, suspectedSeverity: 'high' });
  const monitor = async (username: string, query = '') => {
    const r = await (await as(username)).call('GET', `/api/processes${query}`);
    if (r.status !== 200) throw new Error(`monitor ${r.status} ${r.text}`);
    return r.body as { items: Item[]; total: number; counts: { overdue: number }; serverTime: string };
  };
  const listed = (username: string, workflowId: string, query = '?pageSize=200') =>
    monitor(username, query).then((m) => m.items.find((i) => i.workflowId === workflowId));

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  it('shows a running hazard with the right deadline and holder, drops it when it closes, and the auditor reads every step in order', async () => {
    await usePolicy(relaxed, 'monitor path');
    const h = await report('Loose handrail on the mezzanine');
    const grade = await openTask(h.workflowId, 'hazard.grade');
    const item = await eventually(() => listed('safety', h.workflowId, '?type=hazard&pageSize=200'), 'the hazard in the monitor');
    expect(item).toMatchObject({ type: 'hazard', subject: 'Loose handrail on the mezzanine', overdue: false, escalationLevel: 0 });
    expect(item.slaDeadline).toBe(grade.dueAt!.toISOString());
    expect(item.secondsToBreach).toBeGreaterThan(0);
    expect(item.steps).toEqual([expect.objectContaining({ taskId: grade.id, title: grade.title, orgUnitName: 'Safety Department', assignee: null })]);
    expect(item.temporalUiUrl === null || item.temporalUiUrl.includes(encodeURIComponent(h.workflowId))).toBe(true);

    // Scope and roles: the production head sees a hazard reported in a production workshop, the equipment head does not yet; employees have no monitor.
    expect(await listed('head.production', h.workflowId)).toBeDefined();
    expect(await listed('head.equipment', h.workflowId)).toBeUndefined();
    expect((await (await as('employee')).call('GET', '/api/processes')).status).toBe(403);
    const bad = await (await as('safety')).call('GET', '/api/processes?type=hazard,volcano&sort=random');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.sort', 'query.type']);

    // Filters: text, overdue=false, a unit the hazard is not in.
    expect((await monitor('safety', '?q=handrail%20on%20the%20mezz')).items.map((i) => i.workflowId)).toEqual([h.workflowId]);
    expect((await monitor('safety', `?overdue=false&type=hazard&pageSize=200`)).items.map((i) => i.workflowId)).toContain(h.workflowId);
    expect((await monitor('safety', `?orgUnitId=${await unit('DEMO-HR')}&pageSize=200`)).items.map((i) => i.workflowId)).not.toContain(h.workflowId);

    // Run it to the end.
    await complete('safety', grade, { likelihood: 2, severity: 3, responsibleOrgUnitId: await unit('DEMO-EQUIPMENT') });
    await eventually(
      async () => (await listed('head.equipment', h.workflowId))?.steps[0]?.title.startsWith('Acknowledge'),
      'the equipment head sees it, holding the acknowledgement',
    );
    await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true, comment: 'On it' });
    const photo = await evidencePhoto(as, 'head.equipment', 'handrail.png');
    await complete('head.equipment', await openTask(h.workflowId, 'hazard.rectify'), { summary: 'Handrail bolted', evidenceIds: [photo.body.id] });
    await complete('safety', await openTask(h.workflowId, 'hazard.verify', 'verify-safety-1'), { passed: true });
    await complete('head.production', await openTask(h.workflowId, 'hazard.verify', 'verify-production-1'), { passed: true });
    await eventually(async () => (await system.dataSource.getRepository(Hazard).findOneByOrFail({ id: h.id })).status === 'closed', 'closed');
    await eventually(async () => (await listed('safety', h.workflowId)) === undefined, 'the closed hazard gone from the monitor', 30_000);

    // The auditor's timeline of the closed hazard: every step, in order, with its actor. (The monitor
    // reads the projection, which says closed as the last step is recorded, a moment before the run ends.)
    await system.client.workflow.getHandle(h.workflowId).result();
    const r = await (await as('auditor')).call('GET', `/api/processes/${encodeURIComponent(h.workflowId)}/history`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ workflowId: h.workflowId, status: 'COMPLETED', processType: 'hazard', source: 'temporal+audit' });
    const entries = r.body.entries as Entry[];
    const times = entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const decisions = entries.filter((e) => e.kind === 'decision').map((e) => [e.actor, e.text]);
    expect(decisions).toEqual([
      ['safety', expect.stringMatching(/^Completed "Grade hazard/)],
      ['head.equipment', expect.stringMatching(/^Completed "Acknowledge/)],
      ['head.equipment', expect.stringMatching(/^Completed "Rectify/)],
      ['safety', expect.stringMatching(/^Completed "Verify/)],
      ['head.production', expect.stringMatching(/^Completed "Verify/)],
    ]);
    expect(entries[0]).toMatchObject({ kind: 'started', actor: 'employee' });
    expect(entries[0].text).toMatch(/under policy v\d+/);
    expect(entries.at(-1)).toMatchObject({ kind: 'completed' });
    const handed = entries.filter((e) => e.kind === 'task.handed').map((e) => e.text);
    expect(handed[0]).toMatch(/^Task "Grade hazard.*" handed to Safety Department/);
    expect(handed.length).toBe(5);
    const statuses = entries.filter((e) => e.kind === 'status').map((e) => e.text);
    expect(statuses.at(-1)).toMatch(/status closed/);
    // Order: each decision comes after the task it answers was handed out.
    const at = (kind: string, re: RegExp) => entries.findIndex((e) => e.kind === kind && re.test(e.text));
    expect(at('task.handed', /Grade/)).toBeLessThan(at('decision', /Grade/));
    expect(at('decision', /Grade/)).toBeLessThan(at('task.handed', /Acknowledge/));
    expect(at('decision', /Rectify/)).toBeLessThan(at('task.handed', /Verify/));

    // Exports: the same timeline as JSON and as printable HTML.
    const token = (await httpClient(system.appUrl!).login('auditor')).token as string;
    const json = await fetch(`${system.appUrl}/api/processes/${encodeURIComponent(h.workflowId)}/history/export?format=json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="process-history-Hazard_.*\.json"/);
    expect(((await json.json()) as { entries: Entry[] }).entries.map((e) => e.text)).toEqual(entries.map((e) => e.text));
    const html = await fetch(`${system.appUrl}/api/processes/${encodeURIComponent(h.workflowId)}/history/export?format=html`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const page = await html.text();
    expect(page).toContain(h.workflowId);
    expect((page.match(/<tr><td class="n">/g) ?? []).length).toBe(entries.length);

    // Out of scope or unknown → 404; employees have no auditor view.
    expect((await (await as('auditor')).call('GET', `/api/processes/${encodeURIComponent(`Hazard:${randomUUID()}`)}/history`)).status).toBe(404);
    expect((await (await as('employee')).call('GET', `/api/processes/${encodeURIComponent(h.workflowId)}/history`)).status).toBe(403);
  });

  it('an SLA breach shows as overdue with its escalation level (first by time to breach), the timeline names the SLA that fired, and a bulk cancel goes through the hazard process', async () => {
    await usePolicy(fast, 'monitor breach');
    const h = await report('Oil on the forklift lane');
    await openTask(h.workflowId, 'hazard.grade');
    const item = await eventually(
      async () => {
        const i = await listed('safety', h.workflowId, '?overdue=true&pageSize=200');
        return i && i.escalationLevel >= 1 ? i : null;
      },
      'the hazard overdue and escalated in the monitor',
      30_000,
    );
    expect(item.secondsToBreach).toBeLessThanOrEqual(0);
    expect(item.overdue).toBe(true);
    // The monitor reads the projections; what it says agrees with the workflow's own search attributes.
    const sa = (await system.client.workflow.getHandle(h.workflowId).describe()).typedSearchAttributes;
    expect(sa.get(SA.overdue)).toBe(true);
    expect(item).toMatchObject({ status: sa.get(SA.status), severity: sa.get(SA.severity), orgUnitId: sa.get(SA.orgUnit) });
    expect(item.slaDeadline).toBe(sa.get(SA.slaDeadline)?.toISOString());
    const steps = await system.dataSource.getRepository(Task).findBy({ workflowId: h.workflowId, status: 'open' });
    expect(item.escalationLevel).toBeLessThanOrEqual(Math.max(...steps.map((t) => t.escalationLevel)));
    expect((await monitor('safety', '?overdue=false&pageSize=200')).items.map((i) => i.workflowId)).not.toContain(h.workflowId);
    const sorted = await monitor('safety', '?sort=breach&pageSize=200');
    const breaches = sorted.items.map((i) => i.secondsToBreach ?? Infinity);
    expect([...breaches].sort((a, b) => a - b)).toEqual(breaches);
    expect(sorted.counts.overdue).toBeGreaterThanOrEqual(1);

    const hist = (await (await as('safety')).call('GET', `/api/processes/${encodeURIComponent(h.workflowId)}/history`)).body as { entries: Entry[] };
    // The policy's 2 s grading SLA, with the due time: not the length of whatever timer ran last.
    expect(hist.entries.find((e) => e.kind === 'sla.fired')?.text).toMatch(
      /^SLA of "Grade hazard.*" passed: it was due \d{1,2} \w{3} \d{4}, \d{2}:\d{2}, 2 seconds after it was handed out; policy SLA hazardGrading 2 seconds$/,
    );
    expect(hist.entries.find((e) => e.kind === 'escalated')?.text).toMatch(/escalation level 1/);

    // Bulk cancel: only admins and the safety hub; a reason is required.
    expect((await (await as('head.production')).call('POST', '/api/processes/cancel', { workflowIds: [h.workflowId], reason: 'duplicate' })).status).toBe(403);
    const noReason = await (await as('admin')).call('POST', '/api/processes/cancel', { workflowIds: [], reason: 'x' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.reason', 'body.workflowIds']);
    const r = await (
      await as('admin')
    ).call('POST', '/api/processes/cancel', { workflowIds: [h.workflowId, 'Hazard:not-a-process'], reason: 'Duplicate of an earlier report' });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      { workflowId: h.workflowId, ok: true },
      { workflowId: 'Hazard:not-a-process', ok: false, error: 'No such process' },
    ]);
    await eventually(async () => (await system.dataSource.getRepository(Hazard).findOneByOrFail({ id: h.id })).status === 'cancelled', 'hazard cancelled');
    expect(await system.dataSource.getRepository(Task).countBy({ workflowId: h.workflowId, status: 'open' })).toBe(0);
    await eventually(async () => (await listed('safety', h.workflowId)) === undefined, 'gone from the monitor', 30_000);
    await usePolicy(relaxed, 'back to relaxed');
  });

  it('cancels an emergency through its workflow (tasks withdrawn, projection cancelled, reason in the timeline) and reassigns open steps', async () => {
    const emergencyId = randomUUID();
    const e = await (
      await as('employee')
    ).call('POST', '/api/emergencies', {
      emergencyId,
      type: 'fire',
      location: 'Drill: warehouse B',
      injuries: false,
      drill: true,
      description: 'Quarterly fire drill',
    });
    expect(e.status).toBe(201);
    const workflowId = e.body.workflowId as string;
    await eventually(async () => (await system.dataSource.getRepository(Task).countBy({ workflowId, status: 'open' })) > 0, 'emergency tasks');
    const item = await eventually(() => listed('safety', workflowId, '?type=emergency&pageSize=200'), 'the drill in the monitor');
    expect(item.subject).toBe('Drill: fire at Drill: warehouse B');

    // Reassign every open step to the safety officer: the evacuation and cut-off are not his to take
    // (reassignment keeps the rules), so nothing moves.
    const safetyUser = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'safety' });
    const admin = await as('admin');
    const refused = await admin.call('POST', '/api/processes/reassign', { workflowIds: [workflowId], toUserId: safetyUser.id });
    expect(refused.body.results[0]).toMatchObject({ workflowId, ok: false, error: expect.stringMatching(/^safety could not have been given/) });
    expect(await system.dataSource.getRepository(Task).countBy({ workflowId, status: 'open', assigneeUserId: safetyUser.id })).toBe(0);
    // Once production and equipment name him a responder too, he may take them all.
    const responders = async (code: string) =>
      (await admin.call('GET', `/api/org/units/${await unit(code)}/responders`)).body.responders.map((r: { personId: string }) => r.personId) as string[];
    const before = { production: await responders('DEMO-PRODUCTION'), equipment: await responders('DEMO-EQUIPMENT') };
    for (const [code, ids] of [
      ['DEMO-PRODUCTION', before.production],
      ['DEMO-EQUIPMENT', before.equipment],
    ] as const) {
      expect((await admin.call('PUT', `/api/org/units/${await unit(code)}/responders`, { personIds: [...ids, safetyUser.personId] })).status).toBe(200);
    }
    const re = await admin.call('POST', '/api/processes/reassign', { workflowIds: [workflowId], toUserId: safetyUser.id });
    expect(re.status).toBe(200);
    expect(re.body.results[0]).toMatchObject({ workflowId, ok: true });
    for (const [code, ids] of [
      ['DEMO-PRODUCTION', before.production],
      ['DEMO-EQUIPMENT', before.equipment],
    ] as const) {
      expect((await admin.call('PUT', `/api/org/units/${await unit(code)}/responders`, { personIds: ids })).status).toBe(200);
    }
    const open = await system.dataSource.getRepository(Task).findBy({ workflowId, status: 'open' });
    expect(open.length).toBe(re.body.results[0].tasks);
    expect(open.every((t) => t.assigneeUserId === safetyUser.id)).toBe(true);
    expect((await listed('safety', workflowId, `?assignee=safety&type=emergency&pageSize=200`))?.workflowId).toBe(workflowId);

    const c = await (await as('safety')).call('POST', '/api/processes/cancel', { workflowIds: [workflowId], reason: 'Drill called off: storm warning' });
    expect(c.body.results).toEqual([{ workflowId, ok: true }]);
    await eventually(async () => (await system.client.workflow.getHandle(workflowId).describe()).status.name === 'CANCELLED', 'workflow cancelled');
    expect(await system.dataSource.getRepository(Task).countBy({ workflowId, status: 'open' })).toBe(0);
    expect((await system.dataSource.getRepository(Emergency).findOneByOrFail({ id: emergencyId })).status).toBe('cancelled');
    const again = await (await as('safety')).call('POST', '/api/processes/cancel', { workflowIds: [workflowId], reason: 'again' });
    expect(again.body.results[0]).toMatchObject({ ok: false, error: 'The process has already ended' });

    const hist = (await (await as('auditor')).call('GET', `/api/processes/${encodeURIComponent(workflowId)}/history`)).body as {
      status: string;
      entries: Entry[];
    };
    expect(hist.status).toBe('CANCELLED');
    const kinds = hist.entries.map((e) => e.kind);
    expect(kinds.indexOf('process.cancel_requested')).toBeGreaterThan(0);
    expect(hist.entries.find((e) => e.kind === 'process.cancel_requested')).toMatchObject({ actor: 'safety', source: 'audit' });
    expect(hist.entries.find((e) => e.kind === 'process.cancel_requested')!.text).toContain('Drill called off: storm warning');
    expect(kinds.filter((k) => k === 'task.delegated').length).toBe(open.length);
    expect(kinds.at(-1)).toBe('cancelled');
    await recordHistory(system.client, workflowId, 'EmergencyWorkflow-cancelled');
  });

  it('saves, lists and deletes monitor views (shared ones by the safety hub only)', async () => {
    const safety = await as('safety');
    const v = await safety.call('POST', '/api/processes/views', {
      name: 'Overdue hazards',
      shared: true,
      filters: { type: 'hazard', overdue: 'true', sort: 'breach' },
    });
    expect(v.status).toBe(201);
    expect(v.body.filters).toEqual({ type: 'hazard', overdue: 'true', sort: 'breach' });
    expect((await safety.call('POST', '/api/processes/views', { name: 'Overdue hazards', filters: {} })).status).toBe(409);
    const head = await as('head.production');
    expect((await head.call('POST', '/api/processes/views', { name: 'Mine', shared: true, filters: {} })).status).toBe(403);
    expect((await head.call('POST', '/api/processes/views', { name: 'Bad', filters: { type: 'volcano' } })).body.error.details[0].path).toBe(
      'body.filters.type',
    );
    expect((await head.call('POST', '/api/processes/views', { name: 'Mine', filters: { overdue: 'true' } })).status).toBe(201);
    const seen = (await head.call('GET', '/api/processes/views')).body.items.map((i: { name: string; mine: boolean }) => [i.name, i.mine]);
    expect(seen).toEqual([
      ['Mine', true],
      ['Overdue hazards', false],
    ]);
    expect((await head.call('DELETE', `/api/processes/views/${v.body.id}`)).status).toBe(403);
    expect((await safety.call('DELETE', `/api/processes/views/${v.body.id}`)).status).toBe(204);
    expect((await head.call('GET', '/api/processes/views')).body.items.map((i: { name: string }) => i.name)).toEqual(['Mine']);
  });
});
