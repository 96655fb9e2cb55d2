import { randomUUID } from 'node:crypto';
import { AuditEntry, Hazard, HazardEvent, NotificationOutbox, ProcessMonitorRow, Task } from '../../db/entities';
import { refreshMonitorRow } from '../../db/projections/process-monitor';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { quietHoursOff } from '../support/notifications';
import { eventually } from '../support/wait';

/**
 * Issue 22: a report is answered with its grading task in one round trip, both ways the API can
 * open a hazard (HAZARD_OPEN): the task is in the inbox when the 201 arrives, written once, and a
 * resend — also one racing the first request — is the same hazard.
 */
describe.each(['transaction', 'update'] as const)('opening a hazard (HAZARD_OPEN=%s)', (mode) => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call } = apiHelpers(() => system);
  beforeAll(async () => {
    system = await startTestSystem('all', { HAZARD_OPEN: mode });
    await quietHoursOff(call);
  }, 180_000);
  afterAll(() => system?.stop());

  const body = (reportId: string) => ({
    reportId,
    title: `Loose handrail (${mode})`,
    description: 'On the stairs to the mezzanine',
    category: 'guarding',
    area: 'Stairs B',
    suspectedSeverity: 'medium',
    evidenceIds: [],
  });
  const rows = async (hazardId: string) => {
    const ds = system.dataSource;
    const h = await ds.getRepository(Hazard).findOneBy({ id: hazardId });
    return {
      hazard: h,
      tasks: h ? await ds.getRepository(Task).findBy({ workflowId: h.workflowId }) : [],
      events: await ds.getRepository(HazardEvent).findBy({ hazardId }),
      audit: await ds.getRepository(AuditEntry).findBy({ entityId: hazardId }),
      // The grading task's notice: written with the task by the API (transaction), or by the process's first step, which the update waits for (update).
      notice: h ? await ds.getRepository(NotificationOutbox).findBy({ dedupKey: `${h.workflowId}/grade/assigned` }) : [],
    };
  };

  it('answers the report with the grading task already in the safety hub’s inbox, its deadline on the hazard', async () => {
    const reportId = randomUUID();
    const r = await (await as('employee')).call('POST', '/api/hazards', body(reportId));
    expect(r.status).toBe(201);
    expect(r.body.created).toBe(true);
    // Read at once, no waiting: the answer means both are written.
    const { hazard, tasks, events, notice } = await rows(reportId);
    expect(hazard?.status).toBe('grading');
    expect(tasks).toEqual([expect.objectContaining({ taskType: 'hazard.grade', status: 'open', id: `${r.body.workflowId}/grade` })]);
    expect(events.map((e) => e.type)).toEqual(['reported']);
    expect(hazard!.dueAt?.getTime()).toBe(tasks[0].dueAt?.getTime());
    // The process monitor's row came with them (written in the opening transaction), as the
    // settler computes it from what is committed.
    const monitorRow = () => system.dataSource.getRepository(ProcessMonitorRow).findOneByOrFail({ workflowId: r.body.workflowId });
    const opened = await monitorRow();
    expect(opened).toMatchObject({
      type: 'hazard',
      status: 'grading',
      severity: 'suspected-medium',
      departmentId: null,
      markedOverdue: false,
      escalationLevel: 0,
    });
    expect(opened.deadline?.getTime()).toBe(tasks[0].dueAt?.getTime());
    expect(opened.stepTitles).toContain(tasks[0].title);
    await refreshMonitorRow(system.dataSource.manager, r.body.workflowId);
    expect(await monitorRow()).toEqual(opened);
    expect(notice.length).toBeGreaterThan(0);
    const inbox = await (await as('safety')).call('GET', '/api/tasks?view=team&pageSize=100');
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toContain(tasks[0].id);
    // The process goes on from there: the safety hub hears of the task, and grading it moves the hazard on.
    await eventually(
      async () => (await (await as('safety')).call('GET', '/api/notifications')).body.items.some((n: { link: string }) => n.link === `/hazards/${reportId}`),
      'the grading notice',
    );
  }, 60_000);

  if (mode === 'transaction')
    it('writes the opening without reading back what it holds: one read of the unit chains, no read of the task it wrote, the notice’s rows in one statement', async () => {
      const ds = system.dataSource;
      const logged: { query: string; params: unknown[] }[] = [];
      const logger = ds.logger;
      const counting = Object.create(logger) as typeof logger;
      counting.logQuery = (query: string, params?: unknown[]) => {
        logged.push({ query, params: params ?? [] });
      };
      (ds as { logger: typeof logger }).logger = counting;
      let r;
      try {
        r = await (await as('employee')).call('POST', '/api/hazards', body(randomUUID()));
      } finally {
        (ds as { logger: typeof logger }).logger = logger;
      }
      expect(r.status).toBe(201);
      const taskId = `${r.body.workflowId}/grade`;
      const hazard = await ds.getRepository(Hazard).findOneByOrFail({ workflowId: r.body.workflowId });
      const about = (l: { params: unknown[] }, v: string) => l.params.some((p) => p === v);
      // The report's unit's chain (with the departments under it, the safety department among them),
      // read before the transaction; the grading task's audience takes its unit's chain from it.
      const chains = logged.filter((l) => l.query.startsWith('WITH RECURSIVE chain'));
      expect(chains).toHaveLength(1);
      expect(about(chains[0], hazard.orgUnitId)).toBe(true);
      expect(logged.filter((l) => /^SELECT .* FROM .?tasks.? /.test(l.query) && about(l, taskId))).toEqual([]);
      const noticeRows = logged.filter((l) => /INTO .notification_outbox./.test(l.query) && about(l, `${taskId}/assigned`));
      expect(noticeRows).toHaveLength(1);
      // … and what it wrote is what a look-up would have found: the safety hub, on both channels.
      const notice = await ds.getRepository(NotificationOutbox).findBy({ dedupKey: `${taskId}/assigned` });
      expect(notice.map((n) => n.channel).sort()).toEqual(['email', 'inapp']);
    });

  it('a resend, and two sends racing, make one hazard with one task, one event and one report fact', async () => {
    const reportId = randomUUID();
    const client = await as('employee');
    const [a, b] = await Promise.all([client.call('POST', '/api/hazards', body(reportId)), client.call('POST', '/api/hazards', body(reportId))]);
    // One made it (201), the other found it (200), whichever came first.
    expect([a, b].map((x) => [x.status, x.body.created]).sort()).toEqual([
      [200, false],
      [201, true],
    ]);
    const again = await client.call('POST', '/api/hazards', body(reportId));
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    // A resend is the same hazard even when what it names would no longer pass (a unit gone since).
    const stale = await client.call('POST', '/api/hazards', { ...body(reportId), orgUnitId: randomUUID() });
    expect([stale.status, stale.body.created]).toEqual([200, false]);
    // A new report naming no unit is refused, as before.
    expect((await client.call('POST', '/api/hazards', { ...body(randomUUID()), orgUnitId: randomUUID() })).status).toBe(400);
    // Wait until the grading notice is delivered (written with the opening, or by the process's first step), then count.
    await eventually(
      async () => (await (await as('safety')).call('GET', '/api/notifications')).body.items.some((n: { link: string }) => n.link === `/hazards/${reportId}`),
      'the grading notice',
    );
    const { tasks, events, audit, notice } = await rows(reportId);
    expect(tasks).toHaveLength(1);
    expect(notice.length).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toEqual(['reported']);
    expect(audit.filter((x) => x.action === 'hazard.reported')).toHaveLength(1);
  }, 60_000);
});
