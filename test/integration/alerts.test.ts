import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../db/audit/audit-log';
import {
  Alert,
  AssessmentCycle,
  AuditAnchor,
  AuditEntry,
  Emergency,
  Fact,
  Hazard,
  Notification,
  OrgUnit,
  Person,
  ScoreResult,
  ScoreSnapshot,
  SinkMail,
  Task,
  User,
} from '../../db/entities';
import { monthIn } from '../../domain/alerts';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { quietWindowFrom } from '../../domain/quiet-hours';
import { alertSweepScheduleId } from '../../workflows/alerts/messages';
import { startTestSystem } from '../support/env';
import { usersOf } from '../support/as-user';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

/** No default quiet hours, so normal alerts go out at once unless a user set their own. */
const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface AlertJson {
  id: string;
  dedupKey: string;
  kind: string;
  ruleId: string;
  severity: string;
  title: string;
  orgUnitId: string | null;
  status: string;
  records: { type: string; id: string; workflowId: string | null }[];
  figures: Record<string, number | string>;
}

/**
 * Alerting rules against the real Temporal dev server and MariaDB: each rule fires exactly once
 * with the records behind it, repeated and concurrent sweeps fire nothing new, notifications carry
 * the rule's severity (quiet hours defer normal ones, critical ones go at once), rules are edited
 * by the safety hub only with validated parameters, and alerts are scoped to the org subtree.
 */
describe('alerts', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let users: ReturnType<typeof usersOf>;
  const as = (username: string) => users.as(username);
  const ds = () => system.dataSource;
  const unit = async (code: string) => ds().getRepository(OrgUnit).findOneByOrFail({ code });
  const user = (username: string) => ds().getRepository(User).findOneByOrFail({ username });
  const evaluate = async (username = 'safety') => {
    const r = await as(username).call('POST', '/api/alert-rules/evaluate');
    expect(r.status).toBe(200);
    return r.body as { workflowId: string; fired: number; notified: number; resolved: number; alerts: AlertJson[] };
  };
  const byRule = (alerts: AlertJson[], ruleId: string) => alerts.filter((a) => a.ruleId === ruleId);

  const ids = {
    overdueHazard: randomUUID(),
    recurring: [randomUUID(), randomUUID(), randomUUID()],
    otherArea: randomUUID(),
    emergencies: [randomUUID(), randomUUID()],
    drill: randomUUID(),
    overdueTask: `Notice:${randomUUID()}/acknowledge`,
    slaTasks: Array.from({ length: 5 }, (_, i) => `Notice:${randomUUID()}/sla-${i}`),
    fact: `Inspection:${randomUUID()}/serious`,
  };
  const hazardRow = (id: string, over: Partial<Hazard>): Partial<Hazard> => ({
    id,
    workflowId: `Hazard:${id}`,
    title: `Hazard ${id.slice(0, 8)}`,
    description: 'inserted by the alerts test',
    category: 'guarding',
    area: 'Press line 3',
    suspectedSeverity: 'medium',
    evidenceIds: [],
    reporterUserId: randomUUID(),
    reporterPersonId: null,
    status: 'closed',
    reportedAt: new Date(Date.now() - DAY),
    policyVersion: 1,
    ...over,
  });
  const taskRow = (id: string, over: Partial<Task>): Partial<Task> => ({
    id,
    workflowId: id.split('/')[0],
    processType: 'notice',
    taskType: 'notice.acknowledge',
    title: `Task ${id.slice(7, 15)}`,
    description: null,
    candidateRole: null,
    assigneeUserId: null,
    status: 'open',
    ...over,
  });

  beforeAll(async () => {
    system = await startTestSystem();
    users = usersOf(system.appUrl!);
    expect((await as('safety').call('POST', '/api/policies', { document: policy, note: 'alerts test: no default quiet hours' })).status).toBe(201);

    const [stamping, assembly, production, equipment, maint, plant] = await Promise.all(
      ['DEMO-WS-STAMPING', 'DEMO-WS-ASSEMBLY', 'DEMO-PRODUCTION', 'DEMO-EQUIPMENT', 'DEMO-WS-MAINT', 'DEMO-PLANT'].map(unit),
    );
    const now = Date.now();
    // Within this month (Asia/Shanghai) and in the past, however close the month's start is.
    const monthStart = monthIn(new Date(now), 'Asia/Shanghai').start.getTime();
    const thisMonth = (hoursAgo: number) => new Date(Math.max(monthStart + 60_000, now - hoursAgo * HOUR));

    // 1. overdue: a hazard its process flagged overdue, and a task 30 h past due.
    await ds()
      .getRepository(Hazard)
      .insert(
        hazardRow(ids.overdueHazard, {
          title: 'Guard missing on press 3',
          status: 'rectifying',
          overdue: true,
          dueAt: new Date(now - 2 * DAY),
          orgUnitId: stamping.id,
          responsibleOrgUnitId: stamping.id,
        }),
      );
    await ds()
      .getRepository(Task)
      .insert(taskRow(ids.overdueTask, { title: 'Acknowledge LOTO audit', orgUnitId: equipment.id, dueAt: new Date(now - 30 * HOUR) }));
    // 3. recurring hazard: three electrical reports at the paint booth within 30 days (and one elsewhere).
    for (const [i, id] of ids.recurring.entries())
      await ds()
        .getRepository(Hazard)
        .insert(
          hazardRow(id, {
            category: 'electrical',
            area: i === 1 ? 'paint booth ' : 'Paint booth',
            orgUnitId: assembly.id,
            reportedAt: new Date(now - (2 + i * 5) * DAY),
          }),
        );
    await ds()
      .getRepository(Hazard)
      .insert(hazardRow(ids.otherArea, { category: 'electrical', area: 'Conveyor 2', orgUnitId: assembly.id }));
    // 4. incident cluster in the equipment department: two real emergencies and a serious incident; the drill does not count.
    const emergency = (id: string, drill: boolean, daysAgo: number): Partial<Emergency> => ({
      id,
      workflowId: `Emergency:${id}`,
      type: 'fire',
      location: 'Press maintenance bay',
      description: 'inserted by the alerts test',
      orgUnitId: maint.id,
      injuries: false,
      drill,
      reporterUserId: randomUUID(),
      reporterPersonId: null,
      status: 'closed',
      reportedAt: new Date(now - daysAgo * DAY),
      policyVersion: 1,
    });
    await ds()
      .getRepository(Emergency)
      .insert([emergency(ids.emergencies[0], false, 3), emergency(ids.emergencies[1], false, 10), emergency(ids.drill, true, 1)]);
    await ds()
      .getRepository(Fact)
      .insert({
        id: ids.fact,
        kind: 'incident.serious',
        personId: null,
        attribution: 'none',
        orgUnitId: equipment.id,
        departmentHeadPersonId: null,
        sourceWorkflowId: ids.fact.split('/')[0],
        subjectId: ids.fact.split('/')[0].slice(11),
        value: 1,
        occurredAt: new Date(now - 5 * DAY),
        data: '{}',
        policyVersion: 1,
      });
    // 5. SLA breach rate in production: of five tasks due this month two were done late and one is open past due.
    const [late1, late2, open, ok1, ok2] = ids.slaTasks;
    await ds()
      .getRepository(Task)
      .insert([
        taskRow(late1, { orgUnitId: stamping.id, status: 'completed', dueAt: thisMonth(3), completedAt: thisMonth(1) }),
        taskRow(late2, { orgUnitId: production.id, status: 'completed', dueAt: thisMonth(3), completedAt: thisMonth(2) }),
        taskRow(open, { orgUnitId: production.id, dueAt: thisMonth(1) }),
        taskRow(ok1, { orgUnitId: production.id, status: 'completed', dueAt: thisMonth(1), completedAt: thisMonth(2) }),
        taskRow(ok2, { orgUnitId: stamping.id, status: 'completed', dueAt: thisMonth(1), completedAt: thisMonth(3) }),
      ]);
    // 2. low score: in the latest published cycle the employee is below 60; an older cycle's low score does not count.
    const employee = await ds().getRepository(Person).findOneByOrFail({ email: 'employee@safeloop.example' });
    const headProduction = await ds().getRepository(Person).findOneByOrFail({ email: 'head.production@safeloop.example' });
    for (const [period, publishedAt, scores] of [
      ['2026-01', new Date(now - 40 * DAY), [[headProduction.id, 'person', 30]]],
      [
        '2026-02',
        new Date(now - 10 * DAY),
        [
          [employee.id, 'person', 42],
          [headProduction.id, 'person', 88],
          [production.id, 'department', 75],
        ],
      ],
    ] as const) {
      const cycleId = `${plant.id}:${period}`;
      await ds()
        .getRepository(AssessmentCycle)
        .insert({
          id: cycleId,
          workflowId: `AssessmentCycle:${cycleId}`,
          scopeOrgUnitId: plant.id,
          cadence: 'monthly',
          period,
          periodStart: new Date(now - 60 * DAY),
          periodEnd: new Date(now - 30 * DAY),
          rulesetVersion: 1,
          status: 'published',
          currentSnapshot: 1,
          startedBy: 'hr',
          publishedAt,
        });
      await ds()
        .getRepository(ScoreSnapshot)
        .insert({
          id: `${cycleId}#1`,
          cycleId,
          version: 1,
          reason: 'initial',
          status: 'published',
          rulesetVersion: 1,
          inputHash: 'x'.repeat(64),
          factCount: 0,
          subjectCount: scores.length,
          note: '',
          createdBy: 'hr',
          publishedAt,
        });
      for (const [subjectId, subjectType, total] of scores) {
        await ds()
          .getRepository(ScoreResult)
          .insert({
            id: `${cycleId}#1/${subjectType}/${subjectId}`,
            snapshotId: `${cycleId}#1`,
            cycleId,
            subjectType,
            subjectId,
            departmentId: production.id,
            total,
            rating: total < 60 ? 'needs_improvement' : 'qualified',
            summary: '{}',
            lines: '[]',
            inputHash: 'x'.repeat(64),
          });
      }
    }
  });
  afterAll(() => system?.stop());

  let first: Awaited<ReturnType<typeof evaluate>>;

  it('fires each rule exactly once with the records behind it, and notifies with the rule’s severity', async () => {
    first = await evaluate();
    const a = first.alerts;
    expect(first.fired).toBe(6);
    expect(a.map((x) => x.kind).sort()).toEqual(['incident_cluster', 'low_score', 'overdue', 'overdue', 'recurring_hazard', 'sla_breach_rate']);

    const overdue = byRule(a, 'overdue');
    expect(overdue.map((x) => x.records[0]).sort((x, y) => x.type.localeCompare(y.type))).toEqual([
      { type: 'hazard', id: ids.overdueHazard, workflowId: `Hazard:${ids.overdueHazard}` },
      { type: 'task', id: ids.overdueTask, workflowId: ids.overdueTask.split('/')[0] },
    ]);
    const [low] = byRule(a, 'low_score');
    expect(low).toMatchObject({ severity: 'normal', figures: { total: 42, period: '2026-02' } });
    const [recurring] = byRule(a, 'recurring_hazard');
    expect(recurring.records.map((r) => r.id).sort()).toEqual([...ids.recurring].sort());
    expect(recurring.figures).toMatchObject({ count: 3, category: 'electrical' });
    const [cluster] = byRule(a, 'incident_cluster');
    expect(cluster).toMatchObject({
      severity: 'critical',
      orgUnitId: (await unit('DEMO-EQUIPMENT')).id,
      figures: { count: 3, emergencies: 2, seriousFacts: 1 },
    });
    expect(cluster.records.map((r) => r.id).sort()).toEqual([...ids.emergencies, ids.fact].sort());
    const [sla] = byRule(a, 'sla_breach_rate');
    expect(sla).toMatchObject({ orgUnitId: (await unit('DEMO-PRODUCTION')).id, figures: { due: 5, late: 3, open: 1 } });

    // Every alert row is audited.
    for (const x of a) expect(await ds().getRepository(AuditEntry).findOneBy({ entityType: 'alert', entityId: x.id, action: 'alert.fired' })).not.toBeNull();

    // The critical cluster alert reaches the safety hub by mail at once ([CRITICAL]) and in-app as critical.
    const safety = await user('safety');
    const mail = await eventually(
      () =>
        ds()
          .getRepository(SinkMail)
          .findOneBy({ to: 'safety@safeloop.example', subject: `[CRITICAL] Alert: ${cluster.title}` }),
      'the critical alert mail',
    );
    expect(mail.text).toContain(ids.emergencies[0]);
    const inapp = await eventually(
      () =>
        ds()
          .getRepository(Notification)
          .findOneBy({ id: `alert:${cluster.dedupKey}|${safety.id}|inapp`, status: 'sent' }),
      'the in-app alert',
    );
    expect(inapp).toMatchObject({ severity: 'critical', source: first.workflowId, link: `/alerts/${cluster.id}` });
    // The overdue hazard goes to the head of production as a normal notification.
    const head = await user('head.production');
    const hazardAlert = overdue.find((x) => x.records[0].type === 'hazard')!;
    expect(
      await eventually(
        () =>
          ds()
            .getRepository(Notification)
            .findOneBy({ id: `alert:${hazardAlert.dedupKey}|${head.id}|inapp`, status: 'sent' }),
        'the head’s notification',
      ),
    ).toMatchObject({ severity: 'normal' });
    const headInbox = await as('head.production').call('GET', '/api/notifications');
    expect(headInbox.body.items.some((n: { subject: string }) => n.subject === `Alert: ${hazardAlert.title}`)).toBe(true);

    await system.client.workflow.getHandle(first.workflowId).result();
    await recordHistory(system.client, first.workflowId, 'AlertSweepWorkflow');
  });

  it('fires nothing new when evaluated again, nor when two sweeps race over a new alert', async () => {
    const again = await evaluate();
    expect(again).toMatchObject({ fired: 0, notified: 0, alerts: [] });
    expect(await ds().getRepository(Alert).count()).toBe(6);

    const taskId = `Notice:${randomUUID()}/race`;
    await ds()
      .getRepository(Task)
      .insert(taskRow(taskId, { orgUnitId: (await unit('DEMO-EQUIPMENT')).id, dueAt: new Date(Date.now() - 48 * HOUR) }));
    const [x, y] = await Promise.all([evaluate(), evaluate('admin')]);
    expect(x.fired + y.fired).toBe(1);
    const rows = await ds()
      .getRepository(Alert)
      .createQueryBuilder('a')
      .where('a.dedup_key LIKE :k', { k: `overdue:task:${taskId}:%` })
      .getMany();
    expect(rows).toHaveLength(1);
    expect(await ds().getRepository(AuditEntry).countBy({ entityId: rows[0].id, action: 'alert.fired' })).toBe(1);
    expect([x.workflowId, y.workflowId]).toContain(rows[0].firedBy);
  });

  it('runs on a Temporal Schedule with the policy’s interval, which can be triggered on demand', async () => {
    const handle = system.client.schedule.getHandle(alertSweepScheduleId(system.config.temporal.taskQueue));
    const d = await handle.describe();
    expect(d.spec.intervals?.[0]?.every).toBe(300_000);
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'AlertSweepWorkflow' });
    // An audit stream not anchored yet: the scheduled sweep anchors it.
    const stream = `kind:alert-test-${randomUUID()}`;
    await appendAudit(ds().manager, { actorType: 'system', actor: 'alerts-test', action: 'thing.changed', entityType: 'thing', entityId: 'x', stream });
    expect(await ds().getRepository(AuditAnchor).countBy({ stream })).toBe(0);
    await handle.trigger();
    const run = await eventually(async () => (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId, 'a scheduled sweep');
    const result = await system.client.workflow.getHandle(run).result();
    expect(result).toMatchObject({ rules: 5, fired: [] });
    expect(await ds().getRepository(AuditAnchor).findOneBy({ stream })).toMatchObject({ stream, streamSeq: 1 });
  });

  it('lets only the safety hub and admins edit rules; parameters are validated per kind with field paths', async () => {
    expect((await as('employee').call('PUT', '/api/alert-rules/recurring_hazard', { enabled: false })).status).toBe(403);
    expect((await as('employee').call('POST', '/api/alert-rules/evaluate')).status).toBe(403);
    expect((await as('auditor').call('PUT', '/api/alert-rules/recurring_hazard', { enabled: false })).status).toBe(403);
    const bad = await as('safety').call('PUT', '/api/alert-rules/recurring_hazard', { params: { windowDays: 0, minCount: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.params.windowDays']);
    const badAudience = await as('safety').call('PUT', '/api/alert-rules/recurring_hazard', { audience: ['everyone'] });
    expect(badAudience.status).toBe(400);
    expect(badAudience.body.error.details[0].path).toBe('body.audience.0');
    expect((await as('safety').call('PUT', '/api/alert-rules/nope', { enabled: false })).status).toBe(404);

    const rules = await as('employee').call('GET', '/api/alert-rules');
    expect(rules.status).toBe(200);
    expect(rules.body.map((r: { id: string }) => r.id)).toEqual(['incident_cluster', 'low_score', 'overdue', 'recurring_hazard', 'sla_breach_rate']);
    const recurring = rules.body.find((r: { id: string }) => r.id === 'recurring_hazard');
    expect(recurring).toMatchObject({
      enabled: true,
      severity: 'normal',
      version: 1,
      params: { minCount: 3, windowDays: 30, groupBy: 'location', categories: [] },
      audience: ['safety', 'department_head'],
    });
    expect((await as('safety').call('PUT', '/api/alert-rules/recurring_hazard', { enabled: false, version: 7 })).status).toBe(409);
  });

  it('stops firing a disabled rule', async () => {
    const r = await as('safety').call('PUT', '/api/alert-rules/recurring_hazard', { enabled: false, version: 1 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ enabled: false, version: 2, updatedBy: 'safety' });
    expect(
      await ds().getRepository(AuditEntry).findOneBy({ entityType: 'alert_rule', entityId: 'recurring_hazard', action: 'alert_rule.updated' }),
    ).not.toBeNull();

    const assembly = await unit('DEMO-WS-ASSEMBLY');
    for (let i = 0; i < 3; i++)
      await ds()
        .getRepository(Hazard)
        .insert(hazardRow(randomUUID(), { category: 'chemical', area: 'Solvent store', orgUnitId: assembly.id }));
    expect((await evaluate()).fired).toBe(0);

    expect((await as('safety').call('PUT', '/api/alert-rules/recurring_hazard', { enabled: true })).status).toBe(200);
    const back = await evaluate();
    expect(back.alerts.map((a) => [a.kind, a.figures.category])).toEqual([['recurring_hazard', 'chemical']]);
  });

  it('scopes alerts to the org subtree; acknowledging is audited and happens once', async () => {
    const all = await as('admin').call('GET', '/api/alerts?pageSize=200');
    expect(all.body.total).toBe(8);
    const equipment = await unit('DEMO-EQUIPMENT');
    const units = await ds().getRepository(OrgUnit).find();
    const inEquipment = (a: AlertJson) => units.find((u) => u.id === a.orgUnitId)?.path.startsWith(equipment.path);

    const head = await as('head.equipment').call('GET', '/api/alerts?pageSize=200');
    expect(head.status).toBe(200);
    expect(head.body.items.length).toBe(3); // two overdue tasks and the incident cluster
    expect(head.body.items.every(inEquipment)).toBe(true);
    const critical = await as('head.equipment').call('GET', '/api/alerts?severity=critical&kind=incident_cluster');
    expect(critical.body.items).toHaveLength(1);
    const production = (all.body.items as AlertJson[]).find((a) => a.kind === 'sla_breach_rate')!;
    expect((await as('head.equipment').call('GET', `/api/alerts/${production.id}`)).status).toBe(404);
    expect((await as('head.equipment').call('POST', `/api/alerts/${production.id}/acknowledge`, {})).status).toBe(404);
    expect((await as('safety').call('GET', `/api/alerts?orgUnitId=${equipment.id}`)).body.total).toBe(3);

    // The employee sees the overdue hazard of his workshop but is neither a recipient nor in charge.
    const hazardAlert = (all.body.items as AlertJson[]).find((a) => a.records[0]?.id === ids.overdueHazard)!;
    expect((await as('employee').call('GET', `/api/alerts/${hazardAlert.id}`)).status).toBe(200);
    expect((await as('employee').call('POST', `/api/alerts/${hazardAlert.id}/acknowledge`, {})).status).toBe(403);
    const ack = await as('head.production').call('POST', `/api/alerts/${hazardAlert.id}/acknowledge`, { note: 'Guard ordered, fitted Friday' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'head.production', acknowledgeNote: 'Guard ordered, fitted Friday' });
    expect((await as('head.production').call('POST', `/api/alerts/${hazardAlert.id}/acknowledge`, {})).status).toBe(409);
    const audit = await ds().getRepository(AuditEntry).findOneByOrFail({ entityId: hazardAlert.id, action: 'alert.acknowledged' });
    expect(audit.actor).toBe('head.production');
    expect((await as('auditor').call('POST', `/api/alerts/${hazardAlert.id}/acknowledge`, {})).status).toBe(403);
    expect((await as('safety').call('GET', '/api/alerts?status=acknowledged')).body.items.map((a: AlertJson) => a.id)).toEqual([hazardAlert.id]);

    // The hazard is closed: the next sweep resolves its alert.
    await ds().getRepository(Hazard).update({ id: ids.overdueHazard }, { overdue: false, status: 'closed' });
    expect((await evaluate()).resolved).toBe(1);
    expect((await as('safety').call('GET', `/api/alerts/${hazardAlert.id}`)).body.status).toBe('resolved');
  });

  it('defers a normal alert for a user in quiet hours and sends a critical one at once', async () => {
    const employee = await user('employee');
    const stamping = await unit('DEMO-WS-STAMPING');
    await ds()
      .getRepository(User)
      .update({ id: employee.id }, { quietHours: quietWindowFrom(new Date(), 120) });
    expect((await as('safety').call('PUT', '/api/alert-rules/overdue', { audience: ['subject'] })).status).toBe(200);
    const overdueTask = async (title: string) => {
      const id = `Notice:${randomUUID()}/quiet`;
      await ds()
        .getRepository(Task)
        .insert(taskRow(id, { title, orgUnitId: stamping.id, assigneeUserId: employee.id, dueAt: new Date(Date.now() - 26 * HOUR) }));
    };
    await overdueTask('Quiet normal');
    const normal = (await evaluate()).alerts.find((a) => a.title === 'Overdue task: Quiet normal')!;
    const deferred = await eventually(
      () =>
        ds()
          .getRepository(Notification)
          .findOneBy({ id: `alert:${normal.dedupKey}|${employee.id}|email` }),
      'the deferred notification',
    );
    expect(deferred).toMatchObject({ status: 'deferred', severity: 'normal' });
    expect(deferred.deliverAfter!.getTime()).toBeGreaterThan(Date.now());

    expect((await as('safety').call('PUT', '/api/alert-rules/overdue', { severity: 'critical' })).status).toBe(200);
    await overdueTask('Quiet critical');
    const critical = (await evaluate()).alerts.find((a) => a.title === 'Overdue task: Quiet critical')!;
    expect(critical.severity).toBe('critical');
    await eventually(
      () => ds().getRepository(SinkMail).findOneBy({ to: 'employee@safeloop.example', subject: '[CRITICAL] Alert: Overdue task: Quiet critical' }),
      'the critical mail during quiet hours',
    );
    expect(await ds().getRepository(SinkMail).findOneBy({ subject: 'Alert: Overdue task: Quiet normal' })).toBeNull();
    await ds().getRepository(User).update({ id: employee.id }, { quietHours: null });
  });
});
