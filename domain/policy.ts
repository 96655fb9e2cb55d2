import { z } from 'zod';
import { SELF_REVIEW } from './candidates';
import { RISK_LEVELS_MATRIX } from './risk-matrix';
import { ActionPolicySchema, DEFAULT_ACTION_POLICY } from './corrective-action/policy';
import { DEFAULT_INCIDENT_POLICY, IncidentPolicySchema } from './incident/policy';
import { DEFAULT_PERMIT_POLICY, PermitPolicySchema } from './permit/policy';

/**
 * The policy: every duration, ladder, reminder, quiet-hours default and the risk matrix, as
 * versioned data. Workflows receive the policy in their input (never read it at run time), so
 * replay is deterministic and a process keeps the rules it started under. All durations are in
 * seconds so tests can shorten them to seconds.
 */
const seconds = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 3600);
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'expected HH:MM or HH:MM:SS');

export const QuietHoursSchema = z
  .object({
    start: timeOfDay,
    end: timeOfDay,
    timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone'),
  })
  .strict();
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const ESCALATION_STEPS = ['assignee', 'department_head', 'plant', 'company_safety_director'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export { assessRisk, RISK_LEVELS_MATRIX, type RiskMatrixLevel } from './risk-matrix';

export const PolicySchema = z
  .object({
    sla: z
      .object({
        hazardGrading: seconds,
        hazardAcknowledge: seconds,
        hazardRectify: seconds,
        emergencyAcknowledge: seconds,
        noticeAcknowledge: seconds,
        appealReview: seconds,
        approval: seconds,
        /** Length of one "overdue day" (a fact and an escalation each); shortened in tests. */
        hazardOverdueDay: seconds.default(86400),
        /** Post-incident review of an emergency (and its improvement actions) is due this long after it is under control. */
        emergencyReview: seconds.default(7 * 86400),
        /** Response targets per emergency task, measured from the alarm to the task's completion. */
        emergencyResponse: z
          .object({ evacuation: seconds, cutOff: seconds, medical: seconds })
          .strict()
          .default({ evacuation: 600, cutOff: 600, medical: 900 }),
        /** A published score may be appealed this long after publication. */
        appealWindow: seconds.default(7 * 86400),
        /** Joint risk assessment: each department's input, the safety hub's register, measure proposals, the control plan. */
        riskInput: seconds.default(3 * 86400),
        riskCompile: seconds.default(2 * 86400),
        riskMeasures: seconds.default(3 * 86400),
        riskPlan: seconds.default(2 * 86400),
        /** Joint verification of a control plan is due this long after its last measure's due date. */
        riskVerification: seconds.default(7 * 86400),
        /** Rectification SLA by the org level that owns the hazard. */
        levelRectify: z.object({ workshop: seconds, plant: seconds, headquarters: seconds }).strict(),
      })
      .strict(),
    escalation: z
      .object({
        ladder: z.array(z.enum(ESCALATION_STEPS)).min(1),
        /** After a breach, the next step follows every `stepAfter` seconds. */
        stepAfter: seconds,
      })
      .strict(),
    reminders: z
      .object({
        /** Offsets before a deadline at which the assignee is reminded. */
        beforeDeadline: z.array(seconds).max(5),
      })
      .strict(),
    quietHours: z
      .object({
        /** Used for people who have not set their own. null: no quiet hours. */
        default: QuietHoursSchema.nullable(),
      })
      .strict(),
    notifications: z
      .object({
        channels: z
          .object({
            critical: z.array(z.enum(['inapp', 'email', 'webhook'])),
            normal: z.array(z.enum(['inapp', 'email', 'webhook'])),
            info: z.array(z.enum(['inapp', 'email', 'webhook'])),
          })
          .strict(),
        /** Chat-bot style webhook for the safety hub; null: none. */
        webhookUrl: z.string().url().nullable(),
      })
      .strict(),
    /** Alerting (SPEC §5): how often the alert sweep evaluates the rules. Versions stored before it get the default. */
    alerts: z
      .object({
        /** Seconds between two alert sweeps (the interval of the sweep's Temporal Schedule). */
        sweepEvery: z.number().int().min(10).max(86400).default(300),
      })
      .strict()
      .default({ sweepEvery: 300 }),
    /**
     * Who a task is for (domain/candidates.ts): per task type, whether a holder of the candidate role
     * sitting in the task's own unit may decide it (a unit reviewing itself); unlisted types may.
     * Versions stored before it get the default (never for scores, appeals, adjustments, declarations).
     */
    tasks: z
      .object({ selfReview: z.record(z.string().max(64), z.boolean()) })
      .strict()
      .default({ selfReview: { ...SELF_REVIEW } }),
    /** Incidents (domain/incident/policy.ts). Versions stored before it get the default. */
    incident: IncidentPolicySchema.default(DEFAULT_INCIDENT_POLICY),
    /** Corrective actions' verification and effectiveness re-checks (domain/corrective-action/policy.ts). Versions stored before it get the default. */
    actions: ActionPolicySchema.default(DEFAULT_ACTION_POLICY),
    /** Permits to work (domain/permit/policy.ts, defaults from GB 30871). Versions stored before it get the default. */
    permit: PermitPolicySchema.default(DEFAULT_PERMIT_POLICY),
    riskMatrix: z
      .object({
        /** Scale of likelihood and severity (1..size). */
        size: z.number().int().min(3).max(10),
        /** Upper bound of likelihood × severity for each level, ascending; the last covers size². */
        bands: z.array(z.object({ level: z.enum(RISK_LEVELS_MATRIX), maxScore: z.number().int().positive() }).strict()).min(2),
        /** From this level up a hazard is "major". */
        majorFrom: z.enum(RISK_LEVELS_MATRIX),
      })
      .strict()
      .superRefine((m, ctx) => {
        for (let i = 1; i < m.bands.length; i++) {
          if (m.bands[i].maxScore <= m.bands[i - 1].maxScore) ctx.addIssue({ code: 'custom', path: ['bands', i, 'maxScore'], message: 'bands must ascend' });
        }
        if (m.bands[m.bands.length - 1].maxScore < m.size * m.size) {
          ctx.addIssue({ code: 'custom', path: ['bands', m.bands.length - 1, 'maxScore'], message: `the last band must reach ${m.size * m.size}` });
        }
        if (!m.bands.some((b) => b.level === m.majorFrom)) ctx.addIssue({ code: 'custom', path: ['majorFrom'], message: 'must be one of the band levels' });
      }),
  })
  .strict();

export type Policy = z.infer<typeof PolicySchema>;

const HOUR = 3600;
const DAY = 24 * HOUR;

/** SPEC defaults: 1 h grading, 24 h acknowledgement, 3 days rectification, 5 min emergency acknowledgement (responses 10 / 10 / 15 min, review within 7 days), level SLAs 24 h / 3 d / 1 week. */
export const DEFAULT_POLICY: Policy = {
  sla: {
    hazardGrading: HOUR,
    hazardAcknowledge: DAY,
    hazardRectify: 3 * DAY,
    emergencyAcknowledge: 5 * 60,
    noticeAcknowledge: DAY,
    appealReview: 5 * DAY,
    approval: 2 * DAY,
    hazardOverdueDay: DAY,
    emergencyReview: 7 * DAY,
    emergencyResponse: { evacuation: 10 * 60, cutOff: 10 * 60, medical: 15 * 60 },
    appealWindow: 7 * DAY,
    riskInput: 3 * DAY,
    riskCompile: 2 * DAY,
    riskMeasures: 3 * DAY,
    riskPlan: 2 * DAY,
    riskVerification: 7 * DAY,
    levelRectify: { workshop: DAY, plant: 3 * DAY, headquarters: 7 * DAY },
  },
  escalation: { ladder: [...ESCALATION_STEPS], stepAfter: 4 * HOUR },
  reminders: { beforeDeadline: [2 * HOUR] },
  quietHours: { default: { start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' } },
  notifications: {
    channels: { critical: ['inapp', 'email', 'webhook'], normal: ['inapp', 'email'], info: ['inapp'] },
    webhookUrl: null,
  },
  alerts: { sweepEvery: 300 },
  tasks: { selfReview: { ...SELF_REVIEW } },
  incident: DEFAULT_INCIDENT_POLICY,
  actions: DEFAULT_ACTION_POLICY,
  permit: DEFAULT_PERMIT_POLICY,
  riskMatrix: {
    size: 5,
    bands: [
      { level: 'low', maxScore: 4 },
      { level: 'medium', maxScore: 9 },
      { level: 'high', maxScore: 16 },
      { level: 'extreme', maxScore: 25 },
    ],
    majorFrom: 'high',
  },
};

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
