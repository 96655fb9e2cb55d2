import { isMonth, LTIFR_BASE_HOURS, MAX_MONTH_HOURS, monthOfCell, SEVERITY_BASE_HOURS, TRIR_BASE_HOURS } from '../../domain/incident/rates';
import { UtcOffsetMinutes } from '../dashboard/routes';
import { z } from '../platform/openapi';

/** What the worked-hours and safety-rate routes take and answer. */

export const Month = z.string().refine(isMonth, 'expected a month YYYY-MM').describe('A calendar month, YYYY-MM (the group’s time zone)');
const Hours = z.number().min(0).max(MAX_MONTH_HOURS).describe('Hours worked in the unit that month (all its people, overtime included)');

export const WorkedHoursBody = z
  .object({
    orgUnitId: z.string().uuid().describe('The unit the hours were worked in (in your scope)'),
    month: Month,
    hours: Hours,
  })
  .strict();
export type WorkedHoursInput = z.infer<typeof WorkedHoursBody>;

export const WorkedHoursView = z
  .object({
    id: z.string(),
    orgUnitId: z.string(),
    orgUnitCode: z.string().nullable(),
    orgUnitName: z.string(),
    month: z.string(),
    hours: z.number(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WorkedHours');
export type WorkedHoursView = z.infer<typeof WorkedHoursView>;

const scopeUnit = (what: string) =>
  z
    .string()
    .uuid()
    .optional()
    .describe(`${what} of this unit's subtree; default: the group (safety hub, managers, HR, auditors, admins) or your own unit (department heads)`);

/** The months of a query, both included; default: the twelve months ending with the current one. */
export const MonthRange = {
  from: Month.optional().describe('First month (included); default: 11 months before `to`'),
  to: Month.optional().describe('Last month (included); default: the current month in the group’s time zone'),
};

export const WorkedHoursFilters = { orgUnitId: scopeUnit('The entries'), ...MonthRange };

export const SafetyRatesQuery = z
  .object({
    orgUnitId: scopeUnit('Rates'),
    ...MonthRange,
    utcOffsetMinutes: UtcOffsetMinutes.describe(
      "The group's time zone as a UTC offset in minutes (+08:00 = 480): an incident counts in the month it occurred there",
    ),
  })
  .strict();

/**
 * A row of a worked-hours file: `unit` (the org unit's code), `month` (YYYY-MM, also 2025/3,
 * 2025年3月 or a date cell: its month) and `hours` (a number; thousands separators allowed).
 */
export const WorkedHoursRow = z.object({
  unit: z.string().trim().min(1).max(64),
  month: z.string().transform((s, ctx) => monthOfCell(s) ?? (ctx.addIssue({ code: 'custom', message: 'expected a month YYYY-MM' }), z.NEVER)),
  hours: z
    .string()
    .trim()
    .transform((s, ctx) => {
      const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replaceAll(',', '') : s;
      const n = /^\d+(\.\d+)?$/.test(plain) ? Number(plain) : NaN;
      if (!(n >= 0 && n <= MAX_MONTH_HOURS)) {
        ctx.addIssue({ code: 'custom', message: `expected hours, a number from 0 to ${MAX_MONTH_HOURS}` });
        return z.NEVER;
      }
      return n;
    }),
});

const ids = (what: string) => z.array(z.string()).describe(`Ids of the incidents behind ${what}, oldest first (drill-down: GET /api/incidents/{id})`);

const Figures = {
  hours: z
    .number()
    .nullable()
    .describe(
      'Hours worked in the subtree, each hour once: a unit’s own entry stands for its whole subtree that month, so the entries of units under it are left out; ' +
        'a unit without an entry counts the sum of its children’s. Null when no unit of it entered any',
    ),
  hoursEntries: z.number().int().describe('How many worked-hours entries (one per unit and month) make up hours (the entries counted)'),
  recordable: z.number().int().describe('Recordable incidents: medical treatment, lost time, fatality'),
  lostTime: z.number().int().describe('Lost-time injuries: lost time, fatality'),
  daysLost: z.number().int().describe('Days lost, summed over the counted incidents'),
  trir: z.number().nullable().describe(`Total recordable incident rate: recordable × ${TRIR_BASE_HOURS} / hours; null without hours`),
  ltifr: z.number().nullable().describe(`Lost-time injury frequency rate (百万工时伤害率): lostTime × ${LTIFR_BASE_HOURS} / hours; null without hours`),
  severityRate: z.number().nullable().describe(`Severity rate (伤害严重率): daysLost × ${SEVERITY_BASE_HOURS} / hours; null without hours`),
  incidentIds: z.object({ recordable: ids('recordable'), lostTime: ids('lostTime'), daysLost: ids('daysLost') }),
};

export const SafetyRatesView = z
  .object({
    scope: z.object({ orgUnitId: z.string(), name: z.string(), kind: z.string() }),
    from: z.string(),
    to: z.string(),
    utcOffsetMinutes: z.number().int(),
    bases: z.object({ trir: z.number(), ltifr: z.number(), severityRate: z.number() }).describe('Hours each rate is expressed per'),
    months: z.array(z.object({ month: z.string(), ...Figures }).openapi('SafetyRatesMonth')).describe('One row per month, in order: the trend'),
    total: z
      .object({ ...Figures, monthsWithoutHours: z.array(z.string()).describe('Months left out of the total: no unit entered hours for them') })
      .describe('The range as a whole, over the months with hours (their incidents only)'),
  })
  .openapi('SafetyRates');
