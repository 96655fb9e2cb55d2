import { In, LessThanOrEqual } from 'typeorm';
import { AssessmentCycle, OrgUnit, User, UserRole } from '../db/entities';
import { CYCLE_SCHEDULE_ALERT, MISSED_PERIOD_LOOKBACK, periodsBefore, type AssessmentPeriod } from '../domain/assessment-cycle/period';
import type { CycleScheduleCheck, ScheduledCycle } from '../workflows/assessment-cycle/messages';
import { alertNotificationKey } from '../workflows/alerts/messages';
import type { ActivityDeps } from './shared/deps';
import { fireAlertOnce } from './shared/fire-alert';

/** Who hears about a cycle schedule's trouble: HR (who run cycles) and safety officers whose scope covers the scope, and admins. */
const AUDIENCE_ROLES = ['hr', 'safety_officer', 'admin'];

export interface CheckCycleScheduleInput {
  scheduled: ScheduledCycle;
  /** The period this run scores. */
  period: AssessmentPeriod;
  scheduledAt: string;
  startedAt: string;
  catchupWindowSeconds: number;
  launcherWorkflowId: string;
}

/**
 * A scheduled cycle run checks its own schedule: was it started later than the catch-up window
 * after its scheduled time, and did an earlier period's run never come (Temporal skipped it after
 * an outage longer than the window) so that period was never scored? Each finding is an alert
 * (kind `missed_schedule`) inserted once by its de-duplication key, with its audit row; a period
 * counts as due only once its own window has closed, and only when the schedule existed then or
 * the scope had been scored before it.
 */
export function createCycleScheduleActivities({ dataSource: ds }: Pick<ActivityDeps, 'dataSource'>) {
  async function recipients(scope: OrgUnit): Promise<string[]> {
    const users = await ds
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(OrgUnit, 'ou', 'ou.id = u.org_unit_id')
      .innerJoin(UserRole, 'r', 'r.user_id = u.id')
      .select('u.id', 'id')
      .addSelect('ou.path', 'path')
      .where('u.active = :a', { a: true })
      .andWhere('r.role IN (:...roles)', { roles: AUDIENCE_ROLES })
      .getRawMany<{ id: string; path: string }>();
    return [...new Set(users.filter((u) => scope.path.startsWith(u.path)).map((u) => u.id))].sort();
  }

  /** Inserts the alert unless its key exists; returns it when this run fired it (also on a retry of this run). */
  async function fire(
    a: { dedupKey: string; title: string; summary: string; figures: Record<string, string | number>; severity: 'normal' | 'critical' },
    scope: OrgUnit,
    input: CheckCycleScheduleInput,
    to: string[],
  ): Promise<CycleScheduleCheck['fired'][number] | null> {
    const detail = {
      summary: a.summary,
      records: [{ type: CYCLE_SCHEDULE_ALERT.recordType, id: input.scheduled.scheduleId, workflowId: input.launcherWorkflowId }],
      figures: a.figures,
    };
    const fired = await fireAlertOnce(
      ds,
      {
        dedupKey: a.dedupKey,
        ruleId: CYCLE_SCHEDULE_ALERT.ruleId,
        ruleVersion: 1,
        kind: CYCLE_SCHEDULE_ALERT.kind,
        severity: a.severity,
        title: a.title,
        detail: JSON.stringify(detail),
        orgUnitId: scope.id,
        recipients: JSON.stringify(to),
        firedBy: input.launcherWorkflowId,
      },
      new Date(input.startedAt),
      {
        dedupKey: a.dedupKey,
        ruleId: CYCLE_SCHEDULE_ALERT.ruleId,
        kind: CYCLE_SCHEDULE_ALERT.kind,
        severity: a.severity,
        title: a.title,
        figures: a.figures,
        recipients: to,
      },
    );
    const id = fired?.id;
    if (!id) return null;
    return {
      alertId: id,
      notification: to.length
        ? {
            dedupKey: alertNotificationKey(a.dedupKey),
            audience: { kind: 'users', userIds: to },
            severity: a.severity,
            subject: `Alert: ${a.title}`.slice(0, 300),
            body: a.summary,
            link: `/alerts/${id}`,
            source: input.launcherWorkflowId,
          }
        : null,
    };
  }

  return {
    async checkCycleSchedule(input: CheckCycleScheduleInput): Promise<CycleScheduleCheck> {
      const { scheduled, period } = input;
      const zone = scheduled.timeZone ?? 480;
      const windowMs = input.catchupWindowSeconds * 1000;
      const scheduledAt = Date.parse(input.scheduledAt);
      const late = Date.parse(input.startedAt) - scheduledAt > windowMs;

      const earlier = periodsBefore(period, MISSED_PERIOD_LOOKBACK[scheduled.cadence], zone).filter((q) => Date.parse(q.end) + windowMs < scheduledAt);
      const first = earlier.length
        ? await ds.getRepository(AssessmentCycle).findOne({
            where: {
              scopeOrgUnitId: scheduled.scopeOrgUnitId,
              cadence: scheduled.cadence,
              periodStart: LessThanOrEqual(new Date(earlier[earlier.length - 1].start)),
            },
            order: { periodStart: 'ASC' },
          })
        : null;
      const since = scheduled.since ? Date.parse(scheduled.since) : Infinity;
      const due = earlier.filter((q) => Date.parse(q.end) >= since || (first !== null && first.periodStart.getTime() <= Date.parse(q.start)));
      const scored = due.length
        ? new Set(
            (
              await ds
                .getRepository(AssessmentCycle)
                .find({ where: { scopeOrgUnitId: scheduled.scopeOrgUnitId, period: In(due.map((q) => q.label)) }, select: ['period'] })
            ).map((c) => c.period),
          )
        : new Set<string>();
      const missed = due.filter((q) => !scored.has(q.label));

      const fired: CycleScheduleCheck['fired'] = [];
      if (!late && missed.length === 0) return { missed: [], late, fired };
      const scope = await ds.getRepository(OrgUnit).findOneByOrFail({ id: scheduled.scopeOrgUnitId });
      const to = await recipients(scope);
      const tz = scheduled.timeZone ?? '+08:00';
      const hours = (ms: number) => Math.round(ms / 360_000) / 10;
      for (const q of missed) {
        const f = await fire(
          {
            dedupKey: `cycle-schedule:${scheduled.scheduleId}:${q.label}:missed`,
            severity: 'normal',
            title: `The ${scheduled.cadence} assessment cycle ${q.label} of ${scope.name} was never scored`,
            summary: `Schedule ${scheduled.scheduleId} (${tz}) did not run for ${q.label} within its catch-up window of ${hours(windowMs)} h, and no cycle of ${q.label} was started by hand. Start it from the assessment cycles page if it should be scored.`,
            figures: { period: q.label, periodStart: q.start, periodEnd: q.end, catchupWindowHours: hours(windowMs), foundBy: period.label },
          },
          scope,
          input,
          to,
        );
        if (f) fired.push(f);
      }
      if (late) {
        const f = await fire(
          {
            dedupKey: `cycle-schedule:${scheduled.scheduleId}:${period.label}:late`,
            severity: 'normal',
            title: `The ${scheduled.cadence} assessment cycle ${period.label} of ${scope.name} started late`,
            summary: `Schedule ${scheduled.scheduleId} (${tz}) was due at ${input.scheduledAt} and ran at ${input.startedAt}, ${hours(Date.parse(input.startedAt) - scheduledAt)} h later (catch-up window ${hours(windowMs)} h). It scored ${period.label} (${period.start} – ${period.end}); facts recorded after the period are not in it.`,
            figures: {
              period: period.label,
              scheduledAt: input.scheduledAt,
              startedAt: input.startedAt,
              lateHours: hours(Date.parse(input.startedAt) - scheduledAt),
              catchupWindowHours: hours(windowMs),
            },
          },
          scope,
          input,
          to,
        );
        if (f) fired.push(f);
      }
      return { missed: missed.map((q) => q.label), late, fired };
    },
  };
}

export type CycleScheduleActivities = ReturnType<typeof createCycleScheduleActivities>;
