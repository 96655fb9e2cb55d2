import { z } from 'zod';
import {
  CERTIFICATE_TYPES,
  CREW_ROLES,
  GAS_KINDS,
  isLevelOf,
  PERMIT_LEVELS,
  PERMIT_LEVELS_OF,
  PERMIT_TYPES,
  type PermitLevel,
  type PermitType,
} from './constants';

/**
 * The permit part of the policy, as versioned data (workflows get it in their input): who approves
 * each type and level, how long a permit is valid, which gas readings pass, how fresh a test must
 * be, when work must be re-tested, the post-work watch, which operations may not run side by side
 * in one area, and the certificates a crew needs. Durations in seconds so tests run them in seconds.
 *
 * Where the defaults come from (GB 30871-2022 危险化学品企业特殊作业安全规范, as we read it; a
 * plant checks them against its copy and its own rules, and changes them here as a new version):
 * - validity: 特级 and 一级 hot work at most 8 h, 二级 at most 72 h; confined-space entry at most
 *   24 h; temporary electricity 15 days (the standard's "generally not over 15 d"); work at height
 *   7 days. Blind plate, lifting, excavation and road closure: 24 h, our default (the standard ties
 *   them to the job, not to a duration);
 * - gas tests: taken at most 30 min before work starts; work interrupted for more than 60 min is
 *   tested again; a confined space monitored intermittently is re-tested at least every 2 h;
 * - limits: flammables below 10 % of the LEL; oxygen 19.5–21 % in a confined space (hot work: at
 *   least 19.5 % and not enriched above 23.5 %); H₂S at most 7 ppm and CO at most 17 ppm, the
 *   GBZ 2.1-2019 limits (H₂S MAC 10 mg/m³, CO PC-TWA 20 mg/m³) converted at 20 °C;
 * - approvals: the unit's head for every permit; the safety department too for 特级/一级 hot work,
 *   Ⅳ-level work at height and 一级/二级 lifting; the principal (manager) too for 特级 hot work and
 *   一级 lifting;
 * - the fire watch after hot work (30 min) and the step SLAs are our defaults, not the standard's.
 */
const seconds = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 3600);

/** A reading passes when it is at least `atLeast`, at most `atMost` and below `below` (each optional). */
const GasLimit = z.object({ atLeast: z.number().optional(), atMost: z.number().optional(), below: z.number().optional() }).strict();
export type GasLimit = z.infer<typeof GasLimit>;

const APPROVER_ROLES = ['department_head', 'safety_officer', 'manager'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** `hot_work:first`, `confined_space:standard`: a key of the per-level tables. */
export type PermitKey = `${PermitType}:${PermitLevel}`;
export const permitKey = (type: PermitType, level: PermitLevel): PermitKey => `${type}:${level}`;
const ALL_KEYS = PERMIT_TYPES.flatMap((type) => PERMIT_LEVELS_OF[type].map((level) => permitKey(type, level)));
const KeyOf = z.string().refine((k) => {
  const [type, level] = k.split(':');
  return (PERMIT_TYPES as readonly string[]).includes(type) && isLevelOf(type as PermitType, level);
}, 'must be <type>:<level> of a permit type and one of its levels');

export const PermitPolicySchema = z
  .object({
    /** Approver roles in order, per type and level (every key must be present). */
    approvals: z
      .record(KeyOf, z.array(z.enum(APPROVER_ROLES)).min(1).max(4))
      .refine((t) => ALL_KEYS.every((k) => k in t), 'every type and level needs its approvers'),
    /** The longest validity of an issued permit, per type and level. */
    validity: z.record(KeyOf, seconds).refine((t) => ALL_KEYS.every((k) => k in t), 'every type and level needs its validity'),
    gas: z
      .object({
        /** Limits per type that needs a gas test; a type without an entry needs none. */
        limits: z.partialRecord(z.enum(PERMIT_TYPES), z.partialRecord(z.enum(GAS_KINDS), GasLimit)),
        /** A test passes for issue/start only if taken at most this long before. */
        freshFor: seconds,
        /** Work paused longer than this needs a new test before it resumes. */
        pauseRetestAfter: seconds,
        /** Periodic re-tests while working, per type (a missed one suspends). */
        retestEvery: z.partialRecord(z.enum(PERMIT_TYPES), seconds),
      })
      .strict(),
    /** The post-work watch, per type: the check falls `after` the completion and is due `within` after that. */
    watch: z.partialRecord(z.enum(PERMIT_TYPES), z.object({ after: seconds, within: seconds }).strict()),
    sla: z
      .object({
        /** The area owner confirms the JSA and safety measures within this. */
        measures: seconds,
        /** Each approver decides within this. */
        approval: seconds,
        /** After issue, a gas tester tests within this (when the last test is stale). */
        gasTest: seconds,
        /** A suspended permit is resumed (new test), renewed or closed within this. */
        suspended: seconds,
        /** The area owner confirms the site restored within this. */
        restore: seconds,
        /** A missed step (watch check, approval, confirmation) escalates every this long. */
        escalateEvery: seconds,
      })
      .strict(),
    /** Types that may not run side by side in one area (either order): a request is flagged to its approvers. */
    conflicts: z.array(z.tuple([z.enum(PERMIT_TYPES), z.enum(PERMIT_TYPES)])).max(28),
    /** Certificates each crew role needs, per type (a certificate of any one listed type, valid for the whole window). */
    certificates: z.partialRecord(z.enum(PERMIT_TYPES), z.partialRecord(z.enum(CREW_ROLES), z.array(z.enum(CERTIFICATE_TYPES)).min(1))),
    /** The certificate a gas tester must hold (null: anyone trained by the plant, unchecked). */
    gasTesterCertificate: z.enum(CERTIFICATE_TYPES).nullable(),
    /** Reminders before a certificate expires, in days, descending. */
    certificateReminderDays: z
      .array(z.number().int().positive().max(366))
      .max(5)
      .refine((a) => a.every((x, i) => i === 0 || x < a[i - 1]), 'must descend'),
  })
  .strict();
export type PermitPolicy = z.infer<typeof PermitPolicySchema>;

const MIN = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;

const HEAD: ApproverRole[] = ['department_head'];
const HEAD_SAFETY: ApproverRole[] = ['department_head', 'safety_officer'];
const ALL_THREE: ApproverRole[] = ['department_head', 'safety_officer', 'manager'];

const SIMPLE = (rest: PermitType[], value: number): Record<string, number> => Object.fromEntries(rest.map((t) => [permitKey(t, 'standard'), value]));

export const DEFAULT_PERMIT_POLICY: PermitPolicy = {
  approvals: {
    'hot_work:special': ALL_THREE,
    'hot_work:first': HEAD_SAFETY,
    'hot_work:second': HEAD,
    'confined_space:standard': HEAD,
    'blind_plate:standard': HEAD,
    'work_at_height:I': HEAD,
    'work_at_height:II': HEAD,
    'work_at_height:III': HEAD,
    'work_at_height:IV': HEAD_SAFETY,
    'lifting:first': ALL_THREE,
    'lifting:second': HEAD_SAFETY,
    'lifting:third': HEAD,
    'temporary_electricity:standard': HEAD,
    'excavation:standard': HEAD,
    'road_closure:standard': HEAD,
  },
  validity: {
    'hot_work:special': 8 * HOUR,
    'hot_work:first': 8 * HOUR,
    'hot_work:second': 72 * HOUR,
    'confined_space:standard': 24 * HOUR,
    'work_at_height:I': 7 * DAY,
    'work_at_height:II': 7 * DAY,
    'work_at_height:III': 7 * DAY,
    'work_at_height:IV': 7 * DAY,
    'lifting:first': 24 * HOUR,
    'lifting:second': 24 * HOUR,
    'lifting:third': 24 * HOUR,
    'temporary_electricity:standard': 15 * DAY,
    ...SIMPLE(['blind_plate', 'excavation', 'road_closure'], 24 * HOUR),
  },
  gas: {
    limits: {
      hot_work: { lel: { below: 10 }, o2: { atLeast: 19.5, atMost: 23.5 } },
      confined_space: { o2: { atLeast: 19.5, atMost: 21 }, lel: { below: 10 }, h2s: { atMost: 7 }, co: { atMost: 17 } },
    },
    freshFor: 30 * MIN,
    pauseRetestAfter: 60 * MIN,
    retestEvery: { confined_space: 2 * HOUR },
  },
  watch: { hot_work: { after: 30 * MIN, within: 15 * MIN } },
  sla: { measures: 4 * HOUR, approval: 2 * HOUR, gasTest: 30 * MIN, suspended: 4 * HOUR, restore: 24 * HOUR, escalateEvery: 15 * MIN },
  conflicts: [
    ['hot_work', 'confined_space'],
    ['hot_work', 'blind_plate'],
    ['lifting', 'work_at_height'],
  ],
  certificates: {
    hot_work: { operator: ['welding'] },
    temporary_electricity: { operator: ['electrician'] },
    work_at_height: { operator: ['height'] },
    lifting: { operator: ['crane'], supervisor: ['rigger', 'crane'] },
    confined_space: { operator: ['confined_space'], guardian: ['confined_space'] },
  },
  gasTesterCertificate: 'gas_tester',
  certificateReminderDays: [90, 30, 7],
};

/** The levels (as keys) the policy's tables know, for messages. */
export const PERMIT_KEYS: readonly PermitKey[] = ALL_KEYS;
export { APPROVER_ROLES, PERMIT_LEVELS };
