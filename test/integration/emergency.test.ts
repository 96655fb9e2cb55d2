import { randomUUID } from 'node:crypto';
import { fetchDecodedHistory } from '../../temporal/codec';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { In } from 'typeorm';
import { AuditEntry, CorrectiveAction, Emergency, EmergencyEvent, NotificationOutbox, OrgUnit, SinkMail, Task, User } from '../../db/entities';
import { formatDuration } from '../../domain/texts/render';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers } from '../support/api';
import { startTestSystem, testServices } from '../support/env';
import { CLOSED_EMERGENCY_TIMELINE } from '../support/fixtures';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const base: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** On-site within a minute; the equipment department has 2 s to cut off the source, so it is late. */
const paths: Policy = {
  ...base,
  sla: { ...DEFAULT_POLICY.sla, emergencyAcknowledge: 60, emergencyReview: 120, emergencyResponse: { evacuation: 60, cutOff: 2, medical: 60 } },
};
/** Safety has 2 s to be on site; the ladder climbs every 2 s. */
const fast: Policy = {
  ...paths,
  sla: { ...paths.sla, emergencyAcknowledge: 2, emergencyResponse: { evacuation: 60, cutOff: 60, medical: 60 } },
  escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 2 },
};

type System = Awaited<ReturnType<typeof startTestSystem>>;

/** API helpers bound to one running system. */
function helpers(get: () => System) {
  const api = apiHelpers(get);
  const { as, ds, openTask, complete } = api;
  const trigger = async (extra: Record<string, unknown> = {}) => {
    const emergencyId = randomUUID();
    const r = await (
      await as('employee')
    ).call('POST', '/api/emergencies', {
      emergencyId,
      type: 'gas_leak',
      location: 'Paint shop, booth 2',
      injuries: false,
      description: 'Strong smell of gas near the booth',
      ...extra,
    });
    expect(r.status).toBe(201);
    return { id: emergencyId, workflowId: r.body.workflowId as string };
  };
  const emergency = (id: string) => ds().getRepository(Emergency).findOneByOrFail({ id });
  const responders: Record<string, string> = { evacuation: 'head.production', cutOff: 'head.equipment', medical: 'hr' };
  /** Everyone does their part at once: on site, responses, under control, a review without actions. */
  const runToClosed = async (workflowId: string, kinds: string[], timeout = 20_000) => {
    await complete('safety', await openTask(workflowId, 'emergency.on_site', '', timeout), { onSite: true });
    for (const k of kinds)
      await complete(responders[k], await openTask(workflowId, 'emergency.response', `response-${k}`, timeout), { summary: `${k} done`, done: true });
    await complete('safety', await openTask(workflowId, 'emergency.under_control', '', timeout), { summary: 'Under control' });
    await complete('safety', await openTask(workflowId, 'emergency.review', '', timeout), { findings: 'Reviewed with the departments', actions: [] });
  };
  return { ...api, trigger, emergency, runToClosed };
}

describe('emergency process', () => {
  let system: System;
  const h = helpers(() => system);
  const { as, unit, usePolicy, openTask, complete, trigger, emergency, facts, runToClosed } = h;
  let realId = '';

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  describe('paths', () => {
    beforeAll(() => usePolicy(paths, 'emergency path tests'));

    it('gas leak with an injury: alert at once, parallel responses with times, late equipment found by the review, actions tracked to closure', async () => {
      const e = await trigger({ injuries: true });
      realId = e.id;
      const equipment = await unit('DEMO-EQUIPMENT');
      const responses = await eventually(async () => {
        const t = await system.dataSource.getRepository(Task).findBy({ workflowId: e.workflowId, taskType: 'emergency.response' });
        return t.length === 3 ? t : null;
      }, 'three response tasks');
      const byKind = Object.fromEntries(responses.map((t) => [t.id.split('/response-')[1], t]));
      expect({ evacuation: byKind.evacuation.orgUnitId, cutOff: byKind.cutOff.orgUnitId, medical: byKind.medical.orgUnitId }).toEqual({
        evacuation: await unit('DEMO-PRODUCTION'),
        cutOff: equipment,
        medical: await unit('DEMO-HR'),
      });
      expect(responses.every((t) => t.priority === 'critical')).toBe(true);
      expect((await openTask(e.workflowId, 'emergency.on_site')).orgUnitId).toBe(await unit('DEMO-SAFETY'));

      // Safety, equipment and HR are alerted at once, critical.
      for (const to of ['safety@safeloop.example', 'head.equipment@safeloop.example', 'hr@safeloop.example']) {
        await eventually(
          () => system.dataSource.getRepository(SinkMail).findOneBy({ to, subject: '[CRITICAL] EMERGENCY: Gas leak at Paint shop, booth 2' }),
          `the alert mail to ${to}`,
        );
      }
      const inbox = (await (await as('hr')).call('GET', '/api/notifications')).body.items as { subject: string; severity: string }[];
      expect(inbox.find((n) => n.subject === 'EMERGENCY: Gas leak at Paint shop, booth 2')?.severity).toBe('critical');

      // Progress notes: the first one marks the equipment response started; other departments may not write its notes.
      const eq = await as('head.equipment');
      expect((await eq.call('POST', `/api/emergencies/${e.id}/progress`, { text: 'Main valve located, isolating' })).status).toBe(200);
      // A production operator may note evacuation progress, not the equipment department's work.
      expect((await (await as('employee')).call('POST', `/api/emergencies/${e.id}/progress`, { text: 'Valve is shut', response: 'cutOff' })).status).toBe(403);
      expect((await (await as('safety')).call('POST', `/api/emergencies/${e.id}/progress`, { text: 'Command post at gate 2' })).status).toBe(200);

      await complete('safety', await openTask(e.workflowId, 'emergency.on_site'), { onSite: true, note: 'At the booth' });
      await complete('head.production', byKind.evacuation, { summary: 'Paint shop evacuated, 14 people counted', done: true });
      await complete('hr', byKind.medical, { summary: 'Injured painter taken to hospital', done: true });
      const reported = (await emergency(e.id)).reportedAt.getTime();
      await new Promise((r) => setTimeout(r, Math.max(0, reported + 3500 - Date.now())));
      await complete('head.equipment', byKind.cutOff, { summary: 'Gas supply isolated at the main valve', done: true });

      const live = (await eq.call('GET', `/api/emergencies/${e.id}`)).body.live;
      const cut = live.responses.find((r: { kind: string }) => r.kind === 'cutOff');
      expect(cut).toMatchObject({ status: 'done', late: true, targetSeconds: 2, notes: 1, orgUnitName: 'Equipment Department' });
      expect(cut.startedAt).not.toBeNull();
      expect(live.responses.find((r: { kind: string }) => r.kind === 'evacuation')).toMatchObject({ status: 'done', late: false });

      await complete('safety', await openTask(e.workflowId, 'emergency.under_control'), { summary: 'Leak stopped, area ventilated' });
      const review = await openTask(e.workflowId, 'emergency.review');

      // The finding is computed from the recorded times: cut-off done − alarm − target.
      const cutDone = (await system.dataSource.getRepository(Task).findOneByOrFail({ id: byKind.cutOff.id })).completedAt!.getTime();
      const late = (cutDone - reported) / 1000 - 2;
      expect(late).toBeGreaterThan(1);
      expect(review.description).toContain(`Equipment Department: cut-off of the source ${formatDuration(late, 'en')} late`);
      expect(review.description).not.toContain('Production Department');
      const finding = await facts(e.workflowId, 'emergency.review_finding');
      expect(finding.length).toBe(1);
      const headEquipment = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'head.equipment' });
      expect(finding[0]).toMatchObject({ orgUnitId: equipment, personId: headEquipment.personId, attribution: 'department_head' });
      expect(finding[0].value).toBeCloseTo(late, 2);
      expect(JSON.parse(finding[0].data)).toMatchObject({ step: 'cutOff', orgUnitName: 'Equipment Department', targetSeconds: 2, drill: false });
      const response = (await facts(e.workflowId, 'emergency.response')).find((f) => f.orgUnitId === equipment)!;
      expect(response.value).toBeCloseTo((cutDone - reported) / 1000, 2);
      expect(JSON.parse(response.data).late).toBe(true);

      // The review names improvement actions; they must be real departments.
      const bad = await (
        await as('safety')
      ).call('POST', `/api/tasks/${encodeURIComponent(review.id)}/complete`, {
        payload: { findings: 'x', actions: [{ orgUnitId: await unit('DEMO-PLANT'), description: 'x' }] },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('body.payload.actions.0.orgUnitId');
      await complete('safety', review, {
        findings: 'Equipment took too long to isolate the gas supply',
        actions: [
          { orgUnitId: equipment, description: 'Fit a remote shut-off valve for booth 2' },
          { orgUnitId: await unit('DEMO-PRODUCTION'), description: 'Repeat the evacuation briefing' },
        ],
      });
      const actions = await eventually(async () => {
        const t = await system.dataSource.getRepository(Task).findBy({ workflowId: e.workflowId, taskType: 'emergency.improvement', status: 'open' });
        return t.length === 2 ? t : null;
      }, 'two improvement tasks');
      await eventually(async () => (await emergency(e.id)).status === 'improving', 'improving');
      await complete(
        'head.equipment',
        actions.find((t) => t.orgUnitId === equipment)!,
        { summary: 'Remote valve fitted' },
      );
      await new Promise((r) => setTimeout(r, 500));
      expect((await emergency(e.id)).status).toBe('improving'); // waits for every action
      await complete(
        'head.production',
        actions.find((t) => t.orgUnitId !== equipment)!,
        { summary: 'Briefing held' },
      );
      await eventually(async () => (await emergency(e.id)).status === 'closed', 'closed');
      // Each done action is watched for its effectiveness: re-checks from its completion, the first 30 days on.
      const watched = await eventually(async () => {
        const a = await system.dataSource.getRepository(CorrectiveAction).find({ where: { sourceType: 'emergency', sourceId: e.id }, order: { n: 'ASC' } });
        return a.length === 2 && a.every((x) => x.status === 'monitoring' && x.nextRecheckAt) ? a : null;
      }, 'two improvement actions under effectiveness re-checks');
      expect(watched.map((a) => a.orgUnitId).sort()).toEqual([equipment, await unit('DEMO-PRODUCTION')].sort());
      for (const a of watched) expect(a.nextRecheckAt!.getTime() - a.verifiedAt!.getTime()).toBe(DEFAULT_POLICY.actions.recheckAfter[0] * 1000);

      const kinds = (await facts(e.workflowId)).map((f) => f.kind).sort();
      expect(kinds).toEqual([
        'emergency.acknowledged',
        'emergency.action_completed',
        'emergency.action_completed',
        'emergency.controlled',
        'emergency.reported',
        'emergency.response',
        'emergency.response',
        'emergency.response',
        'emergency.review_finding',
      ]);
      expect((await facts(e.workflowId)).every((f) => JSON.parse(f.data).drill === false)).toBe(true);
      const detail = await (await as('safety')).call('GET', `/api/emergencies/${e.id}`);
      expect(detail.status).toBe(200);
      // A responding department sees the emergency and its own tasks.
      const theirs = await (await as('head.production')).call('GET', `/api/emergencies/${e.id}`);
      expect(theirs.body.tasks.map((t: { taskType: string }) => t.taskType).sort()).toEqual(['emergency.improvement', 'emergency.response']);
      expect(detail.body.live.phase).toBe('closed');
      expect(detail.body.timeline.map((x: { type: string }) => x.type)).toEqual(expect.arrayContaining([...CLOSED_EMERGENCY_TIMELINE]));
      expect(detail.body.tasks.length).toBe(8);
      expect((await (await as('safety')).call('GET', `/api/emergencies/${randomUUID()}`)).status).toBe(404);
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-injuries');
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-action-rechecks');
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-one-step-injuries');
    });

    it('a drill runs the same process, flagged: no medical task without injuries, facts carry drill, the list filters', async () => {
      const e = await trigger({ drill: true, type: 'fire', location: 'Warehouse B' });
      const employee = await as('employee');
      const again = await employee.call('POST', '/api/emergencies', {
        emergencyId: e.id,
        type: 'fire',
        location: 'Warehouse B',
        injuries: false,
        drill: true,
        description: 'resend',
      });
      expect([again.status, again.body.created]).toEqual([200, false]);
      await eventually(
        () => system.dataSource.getRepository(SinkMail).findOneBy({ to: 'hr@safeloop.example', subject: '[CRITICAL] EMERGENCY: DRILL: Fire at Warehouse B' }),
        'the drill alert',
      );
      await runToClosed(e.workflowId, ['evacuation', 'cutOff']);
      await eventually(async () => (await emergency(e.id)).status === 'closed', 'closed');
      const tasks = await system.dataSource.getRepository(Task).findBy({ workflowId: e.workflowId, taskType: 'emergency.response' });
      expect(tasks.map((t) => t.id.split('/').pop()).sort()).toEqual(['response-cutOff', 'response-evacuation']);
      const all = await facts(e.workflowId);
      expect(all.length).toBeGreaterThanOrEqual(5);
      expect(all.every((f) => JSON.parse(f.data).drill === true)).toBe(true);
      const ids = async (q: string) => ((await (await as('safety')).call('GET', `/api/emergencies${q}`)).body.items as { id: string }[]).map((x) => x.id);
      expect(await ids('?drill=true')).toEqual([e.id]);
      expect(await ids('?drill=false')).toEqual([realId]);
      expect((await ids('')).sort()).toEqual([e.id, realId].sort());
      expect((await (await as('safety')).call('GET', '/api/emergencies?drill=maybe')).status).toBe(400);
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-drill');
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-one-step-drill');
    });

    it('a cancelled emergency: its open tasks withdrawn and its projection cancelled after the step written last; the auditor sees its steps as before', async () => {
      const e = await trigger({ type: 'fire', location: 'Cancelled hall' });
      await eventually(
        async () => (await system.dataSource.getRepository(Task).countBy({ workflowId: e.workflowId, status: 'open' })) === 3,
        'three open tasks',
      );
      expect((await (await as('safety')).call('POST', `/api/emergencies/${e.id}/progress`, { text: 'False alarm suspected' })).status).toBe(200);
      await complete('safety', await openTask(e.workflowId, 'emergency.on_site'), { onSite: true });
      await eventually(async () => (await emergency(e.id)).status === 'responding', 'responding');
      const c = await (await as('safety')).call('POST', '/api/processes/cancel', { workflowIds: [e.workflowId], reason: 'False alarm' });
      expect(c.body.results).toEqual([{ workflowId: e.workflowId, ok: true }]);
      await eventually(async () => (await system.client.workflow.getHandle(e.workflowId).describe()).status.name === 'CANCELLED', 'workflow cancelled');
      expect(await system.dataSource.getRepository(Task).countBy({ workflowId: e.workflowId, status: 'open' })).toBe(0);
      expect((await emergency(e.id)).status).toBe('cancelled');
      const events = (await system.dataSource.getRepository(EmergencyEvent).findBy({ emergencyId: e.id })).map((x) => x.type).sort();
      expect(events).toEqual(['alerted', 'on_site', 'progress', 'reported']);

      const hist = (await (await as('auditor')).call('GET', `/api/processes/${encodeURIComponent(e.workflowId)}/history`)).body as {
        entries: { kind: string; text: string; source: string }[];
      };
      const process = hist.entries.filter((x) => x.source === 'process').map((x) => x.kind);
      const count = (k: string) => process.filter((x) => x === k).length;
      expect([count('task.handed'), count('notified'), process.at(-1)]).toEqual([3, 6, 'cancelled']); // three alerts, three tasks' notices
      expect(hist.entries.some((x) => x.text.startsWith('Record emergency reported'))).toBe(true);
      expect(hist.entries.filter((x) => x.kind === 'status' || x.kind === 'step').map((x) => x.text.split(' — ')[0])).toEqual(
        expect.arrayContaining(['Record emergency reported', 'Alerted', 'On site']),
      );
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-one-step-cancelled');
    });

    it('rejects bad input with field paths', async () => {
      const r = await (
        await as('employee')
      ).call('POST', '/api/emergencies', { emergencyId: 'nope', type: 'flood', location: '', injuries: 'yes', description: 'x' });
      expect(r.status).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.emergencyId', 'body.injuries', 'body.location', 'body.type']);
    });

    it('is raised with what and where only (issue 20); a resend is the same alarm; the reporter has the numbers to call with the session', async () => {
      const employee = await as('employee');
      const alarm = { emergencyId: randomUUID(), type: 'fire', location: 'Stamping line 2' };
      const first = await employee.call('POST', '/api/emergencies', alarm);
      expect(first.status).toBe(201);
      // A phone that queued it offline sends it again when it is not sure it arrived: no second alarm.
      const again = await employee.call('POST', '/api/emergencies', alarm);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ emergencyId: alarm.emergencyId, workflowId: first.body.workflowId, created: false });
      expect(await emergency(alarm.emergencyId)).toMatchObject({ type: 'fire', location: 'Stamping line 2', injuries: false, description: '' });

      // The stamping workshop's shift leader, then the plant's duty, fire station and clinic, then the group's public numbers.
      const me = await employee.call('GET', '/api/auth/me');
      expect(me.status).toBe(200);
      expect((me.body.emergencyPhones as { number: string }[]).map((p) => p.number)).toEqual([
        '139 1508 2231',
        '0512-6283 1110',
        '0512-6283 1119',
        '0512-6283 1120',
        '119',
        '120',
        '110',
      ]);
      expect(me.body.emergencyPhones[1]).toEqual({ label: '安全环保部 24h 值班', labelEn: 'Safety & environment, 24 h duty', number: '0512-6283 1110' });
    });

    it('keeps a unit’s emergency numbers: org writers set them (audited), bad numbers are 400s naming the field, others are refused, the reporter sees the change', async () => {
      const assembly = await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-WS-ASSEMBLY' });
      const path = `/api/org/units/${assembly.id}/emergency-phones`;
      const manager = await as('manager');
      const before = await manager.call('GET', path);
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ orgUnitId: assembly.id, canEdit: true });
      // The workshop's own numbers are replaced; those of the units above it stay.
      const own = new Set((before.body.phones as { number: string }[]).map((p) => p.number));
      const inherited = (before.body.shown as { number: string }[]).map((p) => p.number).filter((n) => !own.has(n));
      expect(own.size).toBeGreaterThan(0);

      const bad = await manager.call('PUT', path, {
        phones: [
          { label: '装配班长', labelEn: 'Assembly shift lead', number: 'call Li' },
          { label: '', labelEn: 'x', number: '119' },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.phones.0.number', 'body.phones.1.label']);
      expect((await (await as('employee')).call('PUT', path, { phones: [] })).status).toBe(403);

      const phone = { label: '装配班长', labelEn: 'Assembly shift lead', number: '138 0000 1234' };
      const set = await manager.call('PUT', path, { phones: [phone] });
      expect(set.status).toBe(200);
      expect(set.body.phones).toEqual([phone]);
      expect((set.body.shown as { number: string }[]).map((p) => p.number)).toEqual(['138 0000 1234', ...inherited]);
      expect((await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ id: assembly.id })).emergencyPhones).toEqual([phone]);
      const audit = await system.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'org.unit.emergency_phones_set', entityId: assembly.id });
      expect(JSON.parse(audit.after!)).toEqual({ phones: [phone] });

      // Someone of the assembly workshop is shown the new number first.
      const worker = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'employee' });
      const original = worker.orgUnitId;
      await system.dataSource.getRepository(User).update({ id: worker.id }, { orgUnitId: assembly.id });
      try {
        const me = await (await as('employee')).call('GET', '/api/auth/me');
        expect(me.body.emergencyPhones[0]).toEqual(phone);
      } finally {
        await system.dataSource.getRepository(User).update({ id: worker.id }, { orgUnitId: original });
      }
      const cleared = await manager.call('PUT', path, { phones: [] });
      expect([cleared.body.phones, cleared.body.shown.map((p: { number: string }) => p.number)]).toEqual([[], inherited]);
    });
    it('raises the department alerts together: the report and the unit look-up in one step, the three alerts at once (raise → last alert row and mail, printed)', async () => {
      const figures: { rows: number; mails: number }[] = [];
      const steps: string[][] = [];
      for (let i = 0; i < 3; i++) {
        const raised = Date.now();
        const e = await trigger({ type: 'fire', location: `Fan-out hall ${i + 1}` });
        const keys = (['safety', 'equipment', 'hr'] as const).map((d) => `${e.workflowId}/alert/${d}`);
        const rows = await eventually(async () => {
          const r = await system.dataSource.getRepository(NotificationOutbox).findBy({ dedupKey: In(keys) });
          return new Set(r.map((x) => x.dedupKey)).size === 3 && r.every((x) => x.state === 'sent') ? r : null;
        }, 'the three alerts delivered');
        const emails = rows.filter((r) => r.channel === 'email');
        expect(emails.length).toBeGreaterThanOrEqual(3);
        figures.push({
          rows: Math.max(...rows.map((r) => r.createdAt.getTime())) - raised,
          mails: Math.max(...emails.map((r) => r.sentAt!.getTime())) - raised,
        });
        // The report and the unit look-up are independent: scheduled by the same workflow task (as activities, or since the
        // patch `emergency-one-step` as local activities: the look-up's marker and that of the raise's step, which writes the report).
        const history = await fetchDecodedHistory(system.client, e.workflowId);
        const scheduled = (history.events ?? []).filter((x) =>
          ['recordEmergencyReported', 'resolveEmergencyUnits'].includes(x.activityTaskScheduledEventAttributes?.activityType?.name ?? ''),
        );
        const json = (p?: { payloads?: { data?: Uint8Array | null }[] | null } | null) =>
          p?.payloads?.[0]?.data ? (JSON.parse(Buffer.from(p.payloads[0].data).toString()) as Record<string, unknown>) : {};
        const marked = (history.events ?? []).filter((x) => {
          const m = x.markerRecordedEventAttributes;
          const type = json(m?.details?.data).activity_type;
          return type === 'resolveEmergencyUnits' || (type === 'recordEmergencyStep' && json(m?.details?.result).reported === true);
        });
        steps.push([
          ...scheduled.map((x) => String(x.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId)),
          ...marked.map((x) => String(x.markerRecordedEventAttributes!.workflowTaskCompletedEventId)),
        ]);
        if (i === 0) await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-fan-out');
        if (i === 0) await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-one-step-raise');
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      process.stdout.write(
        `emergency alerts, raise → last alert outbox row: ${figures.map((f) => f.rows).join(' / ')} ms (median ${median(figures.map((f) => f.rows))} ms); ` +
          `→ last alert mail sent: ${figures.map((f) => f.mails).join(' / ')} ms (median ${median(figures.map((f) => f.mails))} ms)\n`,
      );
      for (const s of steps) expect(s).toEqual([s[0], s[0]]);
    });
  });

  describe('SLA clock', () => {
    beforeAll(() => usePolicy(fast, 'emergency SLA tests (seconds)'));

    it('escalates when safety is not on site in time, with a mail at each rung', async () => {
      const e = await trigger({ type: 'chemical_spill', location: 'Acid store' });
      const mails = await eventually(async () => {
        const m = await system.dataSource
          .getRepository(SinkMail)
          .createQueryBuilder('m')
          .where('m.subject LIKE :s', { s: '[CRITICAL] Overdue (escalation %): Confirm on site: Chemical spill at Acid store' })
          .getMany();
        // Each recipient's mail is its own outbox row, delivered one after another: wait for the ones named below.
        const to = (n: number) => m.filter((x) => x.subject.startsWith(`[CRITICAL] Overdue (escalation ${n})`)).map((x) => x.to);
        return to(1).includes('safety@safeloop.example') && to(2).includes('manager@safeloop.example') ? m : null;
      }, 'mails of both escalations');
      const to = (n: number) => mails.filter((m) => m.subject.startsWith(`[CRITICAL] Overdue (escalation ${n})`)).map((m) => m.to);
      expect(to(1)).toContain('safety@safeloop.example'); // head of the safety department
      expect(to(2)).toContain('manager@safeloop.example'); // head of the plant
      await eventually(async () => (await emergency(e.id)).escalationLevel >= 2, 'the escalation level in the projection');
      expect((await emergency(e.id)).overdue).toBe(true);
      await runToClosed(e.workflowId, ['evacuation', 'cutOff']);
      await eventually(async () => (await emergency(e.id)).status === 'closed', 'closed');
      const ack = (await facts(e.workflowId, 'emergency.acknowledged'))[0];
      expect(JSON.parse(ack.data)).toMatchObject({ late: true });
      const finding = (await facts(e.workflowId, 'emergency.review_finding')).map((f) => JSON.parse(f.data));
      expect(finding.map((f) => [f.step, f.orgUnitName])).toEqual([['onSite', 'Safety Department']]);
      // The escalations are on the timeline; the live view names the on-site unit, its target and that it was late.
      const detail = (await (await as('safety')).call('GET', `/api/emergencies/${e.id}`)).body;
      const escalations = detail.timeline
        .filter((x: { type: string }) => x.type === 'escalated')
        .map((x: { data: { level: number; rung: string; step: string } }) => [x.data.step, x.data.level, x.data.rung]);
      expect(escalations.slice(0, 2)).toEqual([
        ['onSite', 1, 'department_head'],
        ['onSite', 2, 'plant'],
      ]);
      expect(detail.live.onSite).toMatchObject({ orgUnitName: 'Safety Department', targetSeconds: 2, late: true });
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-escalated');
      await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-one-step-escalated');
    });

    it('many progress notes: each recorded once, a run takes its share and hands over to a fresh one while the response and its escalation go on', async () => {
      // Five notes a run (the default is 200), so seventeen notes take four runs.
      const employee = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'employee' });
      const policyVersion = (await (await as('safety')).call('GET', '/api/policies/current')).body.version as number;
      const emergencyId = randomUUID();
      const workflowId = `Emergency:${emergencyId}`;
      const report = {
        emergencyId,
        type: 'fire',
        location: 'Press hall',
        description: 'Smoke from press 4',
        orgUnitId: employee.orgUnitId,
        injuries: false,
        drill: true,
        reporterUserId: employee.id,
        reporterPersonId: employee.personId,
        reporterUsername: 'employee',
        reportedAt: new Date().toISOString(),
      };
      const handle = await system.client.workflow.start('EmergencyWorkflow', {
        workflowId,
        taskQueue: system.config.temporal.taskQueue,
        args: [{ report, policy: fast, policyVersion, progressPerRun: 5 }],
      });
      await openTask(workflowId, 'emergency.response', 'response-evacuation');
      const safety = await as('safety');
      const note = (n: number) =>
        safety.call('POST', `/api/emergencies/${emergencyId}/progress`, {
          text: `note ${n}`,
          response: n % 2 ? 'evacuation' : 'cutOff',
          clientId: `note-${emergencyId}-${n}`,
        });
      const N = 17;
      for (let n = 1; n <= N; n++) {
        const r = await note(n);
        expect({ n, status: r.status, body: r.body }).toEqual({ n, status: 200, body: { n } });
        if (n === 3) expect((await note(2)).body).toEqual({ n: 2 }); // a resend in the same run
        if (n === 12) expect((await note(1)).body).toEqual({ n: 1 }); // a resend runs later: the answer was handed over
        if (n === 8) {
          // Completed late (its 2 s SLA passed; on a quick machine eight notes take less) and in a later run.
          const onSite = await openTask(workflowId, 'emergency.on_site');
          await new Promise((r) => setTimeout(r, Math.max(0, onSite.dueAt!.getTime() + 200 - Date.now())));
          await complete('safety', onSite, { onSite: true });
        }
      }
      await complete('head.production', await openTask(workflowId, 'emergency.response', 'response-evacuation'), { summary: 'evacuated', done: true });
      await complete('head.equipment', await openTask(workflowId, 'emergency.response', 'response-cutOff'), { summary: 'gas valve shut', done: true });
      expect((await note(N + 1)).status).toBe(409); // the response is over: no more notes
      await complete('safety', await openTask(workflowId, 'emergency.under_control'), { summary: 'Under control' });
      await complete('safety', await openTask(workflowId, 'emergency.review'), { findings: 'Reviewed', actions: [] });
      const result = await handle.result();
      expect([result.phase, result.progressCount, result.responses.map((r: { kind: string; notes: number }) => [r.kind, r.notes])]).toEqual([
        'closed',
        N,
        [
          ['evacuation', 9],
          ['cutOff', 8],
        ],
      ]);

      // Every note once, numbered 1..N, across the runs.
      const notes = (await system.dataSource.getRepository(EmergencyEvent).findBy({ emergencyId })).filter((x) => x.type === 'progress');
      expect(notes.map((x) => (JSON.parse(x.data) as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
      // The runs: each accepted at most five notes, every task was completed once over all of them.
      const runs: { runId: string; notes: number; events: number }[] = [];
      const completions = new Map<string, number>();
      for (let runId: string | undefined = undefined, i = 0; i < 20; i++) {
        const history = await fetchDecodedHistory(system.client, workflowId, runId);
        let accepted = 0;
        for (const ev of history.events ?? []) {
          const name = ev.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
          if (name === 'addProgress') accepted++;
          if (name === 'completeTask') {
            const arg = JSON.parse(
              Buffer.from(ev.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads![0].data!).toString(),
            ) as { taskId: string };
            completions.set(arg.taskId, (completions.get(arg.taskId) ?? 0) + 1);
          }
        }
        runs.unshift({ runId: runId ?? (await handle.describe()).runId, notes: accepted, events: history.events?.length ?? 0 });
        runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
        if (!runId) break;
      }
      process.stdout.write(
        `emergency with ${N} progress notes (5 a run): ${runs.length} runs of ${runs.map((r) => `${r.notes} notes/${r.events} events`).join(', ')}\n`,
      );
      expect(runs.length).toBeGreaterThanOrEqual(4);
      expect(runs.every((r) => r.notes <= 7)).toBe(true); // five, and a resend or two answered by a run
      expect([...completions.values()].every((c) => c === 1)).toBe(true);
      expect([...completions.keys()].length).toBe(5); // on site, evacuation, cut-off, under control, review
      expect(JSON.parse((await facts(workflowId, 'emergency.acknowledged'))[0].data)).toMatchObject({ late: true });
      expect((await system.dataSource.getRepository(Task).findBy({ workflowId })).every((t) => t.status === 'completed')).toBe(true);
      await recordHistory(system.client, workflowId, 'EmergencyWorkflow-handover-first-run', runs[0].runId);
      await recordHistory(system.client, workflowId, 'EmergencyWorkflow-handover-last-run', runs[runs.length - 1].runId);
      await recordHistory(system.client, workflowId, 'EmergencyWorkflow-one-step-handover-first-run', runs[0].runId);
      await recordHistory(system.client, workflowId, 'EmergencyWorkflow-one-step-handover-last-run', runs[runs.length - 1].runId);
    }, 180_000);
  });
});

describe('emergency with a worker restart', () => {
  let system: System;
  const workers: WorkerProcess[] = [];
  const { complete, openTask, trigger, usePolicy, facts } = helpers(() => system);

  /** A real worker process (SIGKILL kills the worker itself, not a wrapper: no orphan keeps working). */
  function startWorker(): WorkerProcess {
    const w = startWorkerProcess(`emergency-${workers.length}`, {
      DATABASE_URL: system.config.database.kind === 'mysql' ? system.config.database.url : '',
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      SMTP_URL: '',
    });
    workers.push(w);
    return w;
  }

  beforeAll(async () => {
    system = await startTestSystem('api'); // the worker runs as a separate process
    await usePolicy(paths, 'emergency worker-restart test');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await system?.stop();
  });

  it('finishes after a SIGKILL mid-emergency and a restart, with nothing duplicated', async () => {
    const worker = startWorker();
    const e = await trigger({ injuries: true, type: 'fire', location: 'Boiler house' });
    await eventually(
      async () => (await system.dataSource.getRepository(Task).countBy({ workflowId: e.workflowId, taskType: 'emergency.response' })) === 3,
      'three response tasks',
      60_000,
    );
    const onSite = await openTask(e.workflowId, 'emergency.on_site', '', 60_000);

    await worker.kill();
    // The update waits for a worker. A new worker slower to come back than the API's update deadline
    // gets a 504 (process_timeout); the same person's repeat attaches to the same update and gets its result.
    const completeOnSite = (attempt = 1): Promise<unknown> =>
      complete('safety', onSite, { onSite: true }).catch((err: Error) =>
        attempt < 4 && / 504 /.test(err.message) ? completeOnSite(attempt + 1) : Promise.reject(err),
      );
    const pending = completeOnSite();
    await new Promise((r) => setTimeout(r, 1500));
    startWorker();
    await pending;

    for (const [k, u] of [
      ['evacuation', 'head.production'],
      ['cutOff', 'head.equipment'],
      ['medical', 'hr'],
    ]) {
      await complete(u, await openTask(e.workflowId, 'emergency.response', `response-${k}`, 60_000), { summary: `${k} done`, done: true });
    }
    await complete('safety', await openTask(e.workflowId, 'emergency.under_control', '', 60_000), { summary: 'Fire out' });
    const equipment = (await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-EQUIPMENT' })).id;
    await complete('safety', await openTask(e.workflowId, 'emergency.review', '', 60_000), {
      findings: 'Slow isolation',
      actions: [{ orgUnitId: equipment, description: 'Drill the isolation procedure' }],
    });
    await complete('head.equipment', await openTask(e.workflowId, 'emergency.improvement', '', 60_000), { summary: 'Drilled' });

    const result = await system.client.workflow.getHandle(e.workflowId).result();
    expect(result.phase).toBe('closed');
    const kinds = (await facts(e.workflowId)).map((f) => f.kind);
    const count = (k: string) => kinds.filter((x) => x === k).length;
    expect([
      count('emergency.reported'),
      count('emergency.acknowledged'),
      count('emergency.response'),
      count('emergency.controlled'),
      count('emergency.action_completed'),
    ]).toEqual([1, 1, 3, 1, 1]);
    expect(count('emergency.review_finding')).toBe(result.findings.length);
    const tasks = await system.dataSource.getRepository(Task).findBy({ workflowId: e.workflowId });
    expect(tasks.map((t) => t.taskType).sort()).toEqual([
      'emergency.improvement',
      'emergency.on_site',
      'emergency.response',
      'emergency.response',
      'emergency.response',
      'emergency.review',
      'emergency.under_control',
    ]);
    expect(tasks.every((t) => t.status === 'completed')).toBe(true);
    expect((await verifyAuditLog(system.dataSource)).ok).toBe(true);
    await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-worker-restart');
    await recordHistory(system.client, e.workflowId, 'EmergencyWorkflow-one-step-worker-restart');
  });
});
