import { ScheduleOverlapPolicy } from '@temporalio/client';
import { Alert, AssessmentCycle, AuditEntry, NotificationOutbox, OrgUnit } from '../../db/entities';
import { upgradeCycleSchedules } from '../../api/assessment-cycles/service';
import { periodContaining, previousPeriod, type AssessmentPeriod } from '../../domain/assessment-cycle/period';
import { alertNotificationKey } from '../../workflows/alerts/messages';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

/**
 * A cycle schedule in a zone east of +08:00, driven through Temporal's own backfill (runs with a
 * scheduled time in the past, as after an outage): each caught-up run scores the period before
 * its scheduled time in the schedule's zone, a period whose run never came is an alert, and so
 * is a run that started later than the catch-up window.
 */
describe('assessment cycle schedules', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call, ds } = apiHelpers(() => system);
  const TZ = 'Pacific/Auckland';

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  it('caught-up runs score their own periods in the schedule’s time zone; a skipped period and late runs raise alerts', async () => {
    const scope = (await ds().getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-PLANT' })).id;
    const put = await call('hr', 'PUT', '/api/assessment-cycles/schedules', { scopeOrgUnitId: scope, cadence: 'monthly', time: '00:30', timeZone: TZ });
    expect(put.status).toBe(201);
    expect(put.body.missedRuns).toBe(0); // Temporal's count of runs skipped beyond the catch-up window
    const scheduleId = put.body.scheduleId as string;
    const handle = system.client.schedule.getHandle(scheduleId);
    try {
      const d = await handle.describe();
      // A bounded catch-up window (3 days for a monthly schedule), not Temporal's default year.
      expect(d.policies.catchupWindow).toBe(3 * 86_400_000);
      expect(d.spec.timezone).toBe(TZ);

      // Months counted back from the current one in Auckland; a run is due at 00:30 on the 1st.
      const months: AssessmentPeriod[] = [periodContaining('monthly', new Date(), TZ)];
      for (let i = 1; i <= 5; i++) months.push(periodContaining('monthly', new Date(Date.parse(months[i - 1].start) - 1), TZ));
      const dueAt = (m: AssessmentPeriod) => new Date(Date.parse(m.start) + 30 * 60_000);

      // An outage: the runs of the 1st of months[4] and months[3] are caught up (backfilled) now.
      await handle.backfill([
        { start: new Date(dueAt(months[4]).getTime() - 60_000), end: new Date(dueAt(months[3]).getTime() + 60_000), overlap: ScheduleOverlapPolicy.ALLOW_ALL },
      ]);
      const first = await eventually(
        async () => {
          const rows = await ds()
            .getRepository(AssessmentCycle)
            .find({ where: { scopeOrgUnitId: scope }, order: { periodStart: 'ASC' } });
          return rows.length >= 2 && rows;
        },
        'two cycles from the caught-up runs',
        60_000,
      );
      // Different periods, each the month before its scheduled time in Auckland, from local midnight to local midnight.
      expect(first.map((c) => ({ period: c.period, start: c.periodStart.toISOString(), end: c.periodEnd.toISOString(), startedBy: c.startedBy }))).toEqual(
        [months[5], months[4]].map((m) => ({ period: m.label, start: m.start, end: m.end, startedBy: 'schedule' })),
      );
      // A fixed +08:00 would have scored the months before last (00:30 on the 1st in Auckland is the last day of the month before in Shanghai).
      expect(previousPeriod('monthly', dueAt(months[4])).label).not.toBe(months[5].label);

      // The run of months[2]'s 1st never came; the run of months[1]'s 1st is caught up: months[2]'s period (months[3]) was never scored.
      await handle.backfill([
        { start: new Date(dueAt(months[1]).getTime() - 60_000), end: new Date(dueAt(months[1]).getTime() + 60_000), overlap: ScheduleOverlapPolicy.ALLOW_ALL },
      ]);
      const third = await eventually(
        () =>
          ds()
            .getRepository(AssessmentCycle)
            .findOneBy({ id: `${scope}:${months[2].label}` }),
        'the cycle of the third caught-up run',
        60_000,
      );
      expect([third.periodStart.toISOString(), third.periodEnd.toISOString()]).toEqual([months[2].start, months[2].end]);
      expect(
        await ds()
          .getRepository(AssessmentCycle)
          .findOneBy({ id: `${scope}:${months[3].label}` }),
      ).toBeNull();

      const missedKey = `cycle-schedule:${scheduleId}:${months[3].label}:missed`;
      const missed = await eventually(() => ds().getRepository(Alert).findOneBy({ dedupKey: missedKey }), 'the missed-period alert', 30_000);
      expect(missed).toMatchObject({ kind: 'missed_schedule', ruleId: 'cycle_schedule', orgUnitId: scope, status: 'open' });
      expect(JSON.parse(missed.recipients).length).toBeGreaterThan(0);
      const late = await eventually(
        async () => {
          const rows = await ds()
            .getRepository(Alert)
            .createQueryBuilder('a')
            .where('a.dedup_key LIKE :k', { k: `cycle-schedule:${scheduleId}:%:late` })
            .getMany();
          return rows.length === 3 && rows;
        },
        'a late-run alert for each caught-up run',
        30_000,
      );
      expect(late.map((a) => a.dedupKey).sort()).toEqual([months[2], months[4], months[5]].map((m) => `cycle-schedule:${scheduleId}:${m.label}:late`).sort());
      // The safety hub sees it among the alerts, with its audit entry and its notification.
      const listed = await eventually(async () => {
        const items = (await call('safety', 'GET', '/api/alerts?pageSize=100')).body.items as { dedupKey: string; kind: string; title: string }[];
        return items.find((a) => a.dedupKey === missedKey);
      }, 'the alert in the safety officer’s list');
      expect(listed.kind).toBe('missed_schedule');
      expect(listed.title).toContain(months[3].label);
      // …and can filter for them.
      const filtered = (await call('safety', 'GET', '/api/alerts?pageSize=100&kind=missed_schedule')).body.items as { kind: string; dedupKey: string }[];
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((a) => a.kind === 'missed_schedule')).toBe(true);
      expect(filtered.map((a) => a.dedupKey)).toContain(missedKey);
      expect(await ds().getRepository(AuditEntry).findOneBy({ action: 'alert.fired', entityId: missed.id })).not.toBeNull();
      await eventually(
        async () =>
          (await ds()
            .getRepository(NotificationOutbox)
            .countBy({ dedupKey: alertNotificationKey(missedKey) })) > 0,
        'the alert’s notification in the outbox',
        30_000,
      );

      // The run that found the gap, kept as a replay fixture of the patched launcher.
      await system.client.workflow.getHandle(missed.firedBy).result();
      await recordHistory(system.client, missed.firedBy, 'AssessmentCycleLauncherWorkflow-scheduled-time');
    } finally {
      expect((await call('hr', 'DELETE', `/api/assessment-cycles/schedules/${encodeURIComponent(scheduleId)}`)).status).toBe(204);
    }
  }, 240_000);

  it('a schedule saved before (no zone in its args, Temporal’s default one-year catch-up) is brought up to date at start', async () => {
    const scope = (await ds().getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-PLANT' })).id;
    const scheduleId = `AssessmentCycle:quarterly:${scope}`;
    const handle = await system.client.schedule.create({
      scheduleId,
      spec: { calendars: [{ dayOfMonth: 1, month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], hour: 2, minute: 0 }], timezone: 'America/New_York' },
      action: {
        type: 'startWorkflow',
        workflowType: 'AssessmentCycleLauncherWorkflow',
        workflowId: `AssessmentCycleLaunch:quarterly:${scope}`,
        taskQueue: system.config.temporal.taskQueue,
        args: [{ scheduled: { scheduleId, scopeOrgUnitId: scope, cadence: 'quarterly' } }],
      },
      state: { paused: true },
    });
    try {
      expect((await handle.describe()).policies.catchupWindow).toBe(365 * 86_400_000);
      // Listing schedules is eventually consistent: the new one shows up after a moment.
      await eventually(async () => (await upgradeCycleSchedules(system.client)).upgraded.includes(scheduleId), 'the old-shape schedule upgraded', 30_000);
      const d = await handle.describe();
      expect(d.policies.catchupWindow).toBe(7 * 86_400_000);
      expect((d.action as { args: { scheduled: Record<string, unknown> }[] }).args[0].scheduled).toMatchObject({
        scheduleId,
        cadence: 'quarterly',
        timeZone: 'America/New_York',
        catchupWindowSeconds: 7 * 86_400,
      });
      expect((await upgradeCycleSchedules(system.client)).upgraded).not.toContain(scheduleId);
    } finally {
      await handle.delete();
    }
  });
});
