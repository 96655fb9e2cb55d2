/**
 * Versioned scoring rules as JSON data (SPEC §4): the indicators in use (library copies and
 * approved business-line custom indicators), dimension weights per subject type, post profile
 * and department, penalty and bonus rules with caps, behaviour-rating weights, the attribution
 * priority and the history rules. `RulesetSchema` is the single validation (group caps included,
 * with precise paths); `DEFAULT_RULESET` carries the SPEC defaults. Pure; safe to import from
 * workflow code.
 */
import { z } from 'zod';
import {
  ATTRIBUTION_TARGETS,
  DIMENSIONS,
  FACT_FIELD,
  FACT_SUBJECT_TYPES,
  INDICATOR_LIBRARY,
  IndicatorBodySchema,
  PredicateSchema,
  indicatorIssues,
  libraryIndicator,
} from './indicators';
import { BUSINESS_TYPES, POST_LEVELS, RISK_LEVELS } from '../org';

export const SUBJECT_TYPES = ['person', 'post', 'department', 'company'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** Who a fact may name, in the order `responsible` attribution tries them. */
export const ATTRIBUTION_FIELDS = ['direct', 'affected', 'site_lead', 'department_head'] as const;
export type AttributionField = (typeof ATTRIBUTION_FIELDS)[number];

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case code such as hazard_overdue');
const weight = z.number().min(0).max(1);
const factField = z.string().regex(FACT_FIELD, 'expected value, subjectId, sourceWorkflowId, orgUnitId, personId or data.<key>');
const factKinds = z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, 'expected a fact kind such as hazard.closed')).min(1);
const points = z.number().positive().max(100);

/** Weights of the four core dimensions plus custom indicators (by code); together they sum to 1. */
export const WeightSetSchema = z
  .object({
    dimensions: z.object({ compliance_execution: weight, risk_control: weight, emergency_response: weight, collaboration: weight }).strict(),
    custom: z.record(z.string(), weight).default({}),
  })
  .strict();
export type WeightSet = z.infer<typeof WeightSetSchema>;

/** An indicator in use: a library copy (`custom: false`) or a business line's own, effective only once approved. */
export const IndicatorEntrySchema = IndicatorBodySchema.extend({
  custom: z.boolean().default(false),
  /** Custom indicators take effect only when approved by the group. */
  approved: z.boolean().optional(),
  /** Relative weight inside its dimension (core indicators; custom ones are weighted in the weight sets). */
  weight: z.number().positive().max(100).default(1),
  /**
   * Facts (or ratings) the indicator needs in the period before it counts: below, its line is
   * shown with the data it has but does not move the score (one failed training is the −2 rule,
   * not a 0 % pass rate).
   */
  minSample: z.number().int().min(1).max(10_000).default(1),
}).strict();
export type IndicatorEntry = z.infer<typeof IndicatorEntrySchema>;

const appliesTo = z.array(z.enum(FACT_SUBJECT_TYPES)).min(1);
/**
 * How a rule scores a department: `per_head` — the points its people's facts add up to, divided by
 * the department's headcount (a department is not worse for being larger); `direct` — the points
 * as they are (facts about the department itself: an inspection of it, an adjustment of its
 * score). Left out: `direct` for rules aimed at the department head, else `per_head` (when the
 * ruleset's `departments.normaliseByHeadcount` is on; off: every rule is direct).
 */
export type DepartmentScoring = 'per_head' | 'direct';

/**
 * Penalty / bonus rules. `per_fact`: points for every matching fact, optionally capped per group
 * (first present `groupBy` field, e.g. the hazard) and per period. `per_value`: the facts' values
 * × factor (declarations, manual adjustments), capped per period. `consecutive_improvement`: a
 * bonus when the total improved in each of the last `periods` periods (needs history).
 */
export const RuleSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('per_fact'),
      kind: z.enum(['penalty', 'bonus']),
      name: z.string().min(1),
      /** The Chinese name (name is the English one). */
      nameZh: z.string().min(1).optional(),
      dimension: z.enum(DIMENSIONS).nullable(),
      factKinds,
      where: z.array(PredicateSchema).default([]),
      /** 0 records the facts on the score (a line the person sees) without changing it. */
      points: z.number().min(0).max(100),
      groupBy: z.array(factField).min(1).optional(),
      capPerGroup: points.optional(),
      capPerPeriod: points.optional(),
      target: z.enum(ATTRIBUTION_TARGETS),
      appliesTo,
      departmentScoring: z.enum(['per_head', 'direct']).optional(),
      flag: z.enum(['specialReview']).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('per_value'),
      kind: z.enum(['penalty', 'bonus', 'adjustment']),
      name: z.string().min(1),
      /** The Chinese name (name is the English one). */
      nameZh: z.string().min(1).optional(),
      dimension: z.enum(DIMENSIONS).nullable(),
      factKinds,
      where: z.array(PredicateSchema).default([]),
      factor: z.number().positive().default(1),
      capPerPeriod: points.optional(),
      target: z.enum(ATTRIBUTION_TARGETS),
      appliesTo,
      departmentScoring: z.enum(['per_head', 'direct']).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('consecutive_improvement'),
      kind: z.literal('bonus'),
      name: z.string().min(1),
      /** The Chinese name (name is the English one). */
      nameZh: z.string().min(1).optional(),
      dimension: z.enum(DIMENSIONS).nullable(),
      periods: z.number().int().min(2).max(24),
      points,
      appliesTo: z.array(z.enum(SUBJECT_TYPES)).min(1),
    })
    .strict(),
]);
export type Rule = z.infer<typeof RuleSchema>;
export type FactRule = Extract<Rule, { type: 'per_fact' | 'per_value' }>;

const PROFILE_PATTERN = new RegExp(`^(${[...POST_LEVELS, '\\*'].join('|')})-(${[...BUSINESS_TYPES, '\\*'].join('|')})-(${[...RISK_LEVELS, '\\*'].join('|')})$`);

export const RulesetSchema = z
  .object({
    version: z.string().min(1).max(64),
    name: z.string().min(1),
    nameZh: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Score of a dimension (or custom indicator) without any data this period: nothing to deduct from. */
    base: z.number().min(0).max(100).default(100),
    /** Ratings of a total score. */
    ratingThresholds: z
      .object({ excellent: z.number().min(0).max(100), qualified: z.number().min(0).max(100) })
      .strict()
      .default({ excellent: 90, qualified: 70 }),
    /** Points (0–100) an indicator earns exactly at its qualified threshold; at excellent it earns 100. */
    indicatorPoints: z
      .object({ qualified: z.number().min(1).max(99) })
      .strict()
      .default({ qualified: 80 }),
    groupCaps: z
      .object({
        /** Sum of the custom indicator weights of any weight set. */
        customWeightMax: weight.default(0.2),
        /** Collaboration share of every department weight set. */
        departmentCollaborationMin: weight.default(0.15),
      })
      .strict()
      .default({ customWeightMax: 0.2, departmentCollaborationMin: 0.15 }),
    indicators: z.record(code, IndicatorEntrySchema),
    weights: z
      .object({
        bySubjectType: z.object({ person: WeightSetSchema, post: WeightSetSchema, department: WeightSetSchema, company: WeightSetSchema }).strict(),
        /** Keys are post profile codes, `*` matching any value of an axis: `*-*-high` = every high-risk post. The most specific match wins. */
        byPostProfile: z.record(z.string(), WeightSetSchema).default({}),
        /** Department id → its own weights. */
        byDepartment: z.record(z.string().min(1), WeightSetSchema).default({}),
      })
      .strict(),
    rules: z.record(code, RuleSchema),
    departments: z
      .object({
        /** Rules summing over people divide a department's points by its headcount (see `DepartmentScoring`). */
        normaliseByHeadcount: z.boolean(),
      })
      .strict()
      .default({ normaliseByHeadcount: true }),
    behaviour: z
      .object({
        raterWeights: z.object({ superior: weight, peer: weight, subordinate: weight, external_expert: weight }).strict(),
        /** Ratings are given on 0..scaleMax. */
        scaleMax: z.number().positive().max(100),
      })
      .strict()
      .default({ raterWeights: { superior: 0.4, peer: 0.2, subordinate: 0.2, external_expert: 0.2 }, scaleMax: 5 }),
    attribution: z
      .object({ priority: z.array(z.enum(ATTRIBUTION_FIELDS)).min(1) })
      .strict()
      .default({ priority: [...ATTRIBUTION_FIELDS] }),
    history: z
      .object({
        /** Weight moved onto last period's shortfall dimension (from the others, none below its floor); 0 turns it off. */
        shortfallBoost: z.number().min(0).max(0.5),
        /** Flag `consecutiveNeedsImprovement` after this many needs-improvement periods in a row. */
        needsImprovementStreak: z.number().int().min(2).max(24),
      })
      .strict()
      .default({ shortfallBoost: 0.05, needsImprovementStreak: 2 }),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    if (r.ratingThresholds.excellent < r.ratingThresholds.qualified) issue(['ratingThresholds', 'excellent'], 'excellent must be ≥ qualified');
    const priority = r.attribution.priority;
    priority.forEach((p, i) => {
      if (priority.indexOf(p) !== i) issue(['attribution', 'priority', i], `${p} is listed twice`);
    });
    if (Object.values(r.behaviour.raterWeights).every((w) => w === 0)) issue(['behaviour', 'raterWeights'], 'at least one rater role needs a weight');

    for (const [c, ind] of Object.entries(r.indicators)) {
      for (const i of indicatorIssues(ind)) issue(['indicators', c, ...i.path], i.message);
      const inLibrary = libraryIndicator(c) !== undefined;
      if (!ind.custom && !inLibrary)
        issue(['indicators', c, 'custom'], `${c} is not in the indicator library; a business line's own indicator must be marked custom`);
      if (ind.custom && inLibrary) issue(['indicators', c, 'custom'], `${c} is a library indicator and cannot be custom`);
      if (ind.crossCheck !== undefined) {
        const other = r.indicators[ind.crossCheck];
        if (!other || other.measure.op === 'ratings') issue(['indicators', c, 'crossCheck'], `${ind.crossCheck} is not a fact-based indicator of this ruleset`);
      }
      if (r.rules[c]) issue(['rules', c], `${c} is already an indicator code`);
    }

    for (const [c, rule] of Object.entries(r.rules)) {
      if (rule.type === 'per_fact' && rule.capPerGroup !== undefined && !rule.groupBy) issue(['rules', c, 'capPerGroup'], 'a cap per group needs groupBy');
    }

    const sets: { path: (string | number)[]; set: WeightSet; department: boolean }[] = [
      ...(['person', 'post', 'department', 'company'] as const).map((t) => ({
        path: ['weights', 'bySubjectType', t],
        set: r.weights.bySubjectType[t],
        department: t === 'department',
      })),
      ...Object.entries(r.weights.byPostProfile).map(([k, set]) => ({ path: ['weights', 'byPostProfile', k], set, department: false })),
      ...Object.entries(r.weights.byDepartment).map(([k, set]) => ({ path: ['weights', 'byDepartment', k], set, department: true })),
    ];
    for (const k of Object.keys(r.weights.byPostProfile)) {
      if (!PROFILE_PATTERN.test(k)) issue(['weights', 'byPostProfile', k], 'expected level-businessType-risk, each part a value or *');
    }
    for (const { path, set, department } of sets) {
      for (const d of DIMENSIONS) {
        if (!(set.dimensions[d] > 0)) issue([...path, 'dimensions', d], `${d} is a core dimension and cannot be dropped (weight must be > 0)`);
      }
      if (department && set.dimensions.collaboration < r.groupCaps.departmentCollaborationMin) {
        issue(
          [...path, 'dimensions', 'collaboration'],
          `collaboration must be at least ${r.groupCaps.departmentCollaborationMin} of a department's score (got ${set.dimensions.collaboration})`,
        );
      }
      let customSum = 0;
      for (const [c, w] of Object.entries(set.custom)) {
        customSum += w;
        const ind = r.indicators[c];
        if (!ind) issue([...path, 'custom', c], `${c} is not an indicator of this ruleset`);
        else if (!ind.custom) issue([...path, 'custom', c], `${c} is a core indicator; it is weighted through its dimension`);
        else if (ind.approved !== true && w > 0) issue([...path, 'custom', c], `custom indicator ${c} is not approved and cannot take effect`);
      }
      if (customSum > r.groupCaps.customWeightMax + 1e-9)
        issue([...path, 'custom'], `custom indicator weights total ${round6(customSum)}, above the group cap ${r.groupCaps.customWeightMax}`);
      const total = DIMENSIONS.reduce((s, d) => s + set.dimensions[d], 0) + customSum;
      if (Math.abs(total - 1) > 1e-9) issue(path, `weights must sum to 1 (got ${round6(total)})`);
    }
  });

export type Ruleset = z.infer<typeof RulesetSchema>;
export type RulesetInput = z.input<typeof RulesetSchema>;

export interface RulesetIssue {
  /** Dotted field path, as the API reports it (`weights.byDepartment.d1.dimensions.collaboration`). */
  path: string;
  message: string;
}

export type RulesetValidation = { ok: true; ruleset: Ruleset } | { ok: false; issues: RulesetIssue[] };

export function validateRuleset(json: unknown): RulesetValidation {
  const r = RulesetSchema.safeParse(json);
  if (r.success) return { ok: true, ruleset: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}

/** A ruleset that fails validation, with its issues. */
export class InvalidRulesetError extends Error {
  constructor(readonly issues: RulesetIssue[]) {
    super(`invalid ruleset: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidRulesetError';
  }
}

export function parseRuleset(json: unknown): Ruleset {
  const v = validateRuleset(json);
  if (!v.ok) throw new InvalidRulesetError(v.issues);
  return v.ruleset;
}

/** How a rule scores a department under this ruleset. */
export function departmentScoringOf(ruleset: Pick<Ruleset, 'departments'>, rule: FactRule): DepartmentScoring {
  if (!ruleset.departments.normaliseByHeadcount) return 'direct';
  return rule.departmentScoring ?? (rule.target === 'department_head' ? 'direct' : 'per_head');
}

/** Is the indicator in effect (core, or custom and approved)? */
export function indicatorActive(entry: IndicatorEntry): boolean {
  return !entry.custom || entry.approved === true;
}

/**
 * The weight set of a subject: a department override, else the most specific matching post
 * profile pattern (ties: the smaller key), else the subject type's.
 */
export function weightSetFor(
  ruleset: Ruleset,
  subjectType: SubjectType,
  at: { postProfile?: string | null; departmentId?: string | null } = {},
): { set: WeightSet; source: string } {
  if (subjectType === 'department' && at.departmentId && ruleset.weights.byDepartment[at.departmentId]) {
    return { set: ruleset.weights.byDepartment[at.departmentId], source: `weights.byDepartment.${at.departmentId}` };
  }
  if ((subjectType === 'person' || subjectType === 'post') && at.postProfile) {
    const parts = at.postProfile.split('-');
    let best: { key: string; specificity: number } | null = null;
    for (const key of Object.keys(ruleset.weights.byPostProfile).sort()) {
      const kp = key.split('-');
      if (kp.length !== 3 || parts.length !== 3 || !kp.every((k, i) => k === '*' || k === parts[i])) continue;
      const specificity = kp.filter((k) => k !== '*').length;
      if (!best || specificity > best.specificity) best = { key, specificity };
    }
    if (best) return { set: ruleset.weights.byPostProfile[best.key], source: `weights.byPostProfile.${best.key}` };
  }
  return { set: ruleset.weights.bySubjectType[subjectType], source: `weights.bySubjectType.${subjectType}` };
}

export interface RulesetChange {
  /** Dotted path of the changed field; a whole added or removed entry is one change. */
  path: string;
  before?: unknown;
  after?: unknown;
}

/** Field-by-field differences between two rulesets (the UI's version diff), in sorted path order. */
export function diffRulesets(a: unknown, b: unknown): RulesetChange[] {
  const out: RulesetChange[] = [];
  walk(a, b, []);
  return out;

  function walk(x: unknown, y: unknown, path: string[]): void {
    if (isPlainObject(x) && isPlainObject(y)) {
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) walk(x[k], y[k], [...path, k]);
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) {
        if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ path: path.join('.'), before: x, after: y });
        return;
      }
      x.forEach((_, i) => walk(x[i], y[i], [...path, String(i)]));
      return;
    }
    if (x === y) return;
    const change: RulesetChange = { path: path.join('.') };
    if (x !== undefined) change.before = x;
    if (y !== undefined) change.after = y;
    out.push(change);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const dims = (ce: number, rc: number, er: number, co: number): WeightSet => ({
  dimensions: { compliance_execution: ce, risk_control: rc, emergency_response: er, collaboration: co },
  custom: {},
});

/**
 * Library indicators no process feeds yet (nothing in SafeLoop writes their facts): left out of
 * the defaults, so nobody is rated on data that cannot exist. A business line that records them
 * adds them back.
 */
export const UNFED_INDICATORS: readonly string[] = [
  'chemical_storage_compliance',
  'guard_intact_rate',
  'hazardous_waste_compliance',
  'hot_work_permit_compliance',
  'suggestions_made',
];

/**
 * Facts (or ratings) each default indicator needs in the period before it counts: a rate or an
 * average from one or two facts says little (one failed training is the −2 rule, not a 0 % pass
 * rate); a count of reworks or late steps counts from the first; ratings need three raters' marks.
 */
export const DEFAULT_MIN_SAMPLE: Readonly<Record<string, number>> = {
  inspection_average_score: 2,
  training_pass_rate: 3,
  safety_leadership_behaviour: 3,
  hazard_rectification_on_time: 3,
  hazard_verification_pass_rate: 3,
  hazard_rework_count: 1,
  risk_measure_on_time: 3,
  risk_measure_verification_rate: 3,
  emergency_acknowledge_time: 3,
  emergency_response_on_time: 3,
  emergency_response_time_vs_target: 3,
  emergency_action_on_time: 3,
  emergency_review_findings: 1,
  report_timeliness: 3,
  handoff_response_time: 3,
  collab_rectification_on_time: 3,
  training_participation: 3,
  cooperation_behaviour: 3,
};

/**
 * The defaults, faithful to the source model: everyone starts at `base` 100 and the articles'
 * penalties and bonuses adjust it; indicators refine the score only where they have their minimum
 * sample. With these rules and nothing else in the period: no facts → 100; one failed training →
 * 98; one hazard 5 days overdue → 80 (−25 capped at −20); hazards 5 and 2 days overdue → 70; the
 * head of a department inspected at 72 → 90; self-declarations of 4 + 3 → 100 (cap +5, clamped)
 * (domain/scoring/examples.test.ts).
 */
export const DEFAULT_RULESET: Ruleset = RulesetSchema.parse({
  version: 'default-2',
  name: 'SafeLoop defaults (SPEC §4): base 100, adjusted by the rules',
  nameZh: 'SafeLoop 默认规则（SPEC §4）：基础分 100，按规则增减',
  description:
    'Base 100 for everyone; penalties and bonuses as the articles write them; an indicator counts only once it has its minimum sample (minSample); departments: penalties of their people divided by headcount, inspections of the department direct.',
  base: 100,
  ratingThresholds: { excellent: 90, qualified: 70 },
  indicatorPoints: { qualified: 80 },
  groupCaps: { customWeightMax: 0.2, departmentCollaborationMin: 0.15 },
  indicators: Object.fromEntries(
    INDICATOR_LIBRARY.filter((d) => !UNFED_INDICATORS.includes(d.code)).map(({ code: c, ...body }) => [
      c,
      { ...body, custom: false, weight: 1, minSample: DEFAULT_MIN_SAMPLE[c] ?? 3 },
    ]),
  ),
  weights: {
    bySubjectType: {
      person: dims(0.3, 0.3, 0.2, 0.2),
      post: dims(0.3, 0.3, 0.2, 0.2),
      department: dims(0.25, 0.3, 0.2, 0.25),
      company: dims(0.3, 0.3, 0.2, 0.2),
    },
    byPostProfile: {
      // High-risk posts weight emergency response higher.
      '*-*-high': dims(0.25, 0.3, 0.3, 0.15),
    },
    byDepartment: {},
  },
  rules: {
    hazard_overdue: {
      type: 'per_fact',
      kind: 'penalty',
      name: 'Hazard overdue past its SLA: −5 per day, at most −20 per hazard',
      nameZh: '隐患超期未整改：每天扣 5 分，每项隐患最多扣 20 分',
      dimension: 'risk_control',
      factKinds: ['hazard.overdue_day'],
      points: 5,
      groupBy: ['data.hazardId', 'subjectId'],
      capPerGroup: 20,
      target: 'responsible',
      appliesTo: ['person', 'department'],
    },
    inspection_below_threshold: {
      type: 'per_fact',
      kind: 'penalty',
      name: 'Inspection scored below 80: −10 for the department head',
      nameZh: '安全检查低于 80 分：部门负责人扣 10 分',
      dimension: 'compliance_execution',
      factKinds: ['inspection.scored'],
      where: [{ field: 'value', op: 'lt', value: 80 }],
      points: 10,
      target: 'department_head',
      appliesTo: ['person', 'department'],
    },
    failed_training: {
      type: 'per_fact',
      kind: 'penalty',
      name: 'Failed safety training: −2 per participant',
      nameZh: '安全培训考核不合格：每人扣 2 分',
      dimension: 'compliance_execution',
      factKinds: ['training.attended'],
      where: [{ field: 'value', op: 'eq', value: 0 }],
      points: 2,
      target: 'person_only',
      appliesTo: ['person', 'department'],
    },
    training_absence: {
      type: 'per_fact',
      kind: 'penalty',
      name: 'Absent from safety training: no penalty (counts against training coverage)',
      nameZh: '缺席安全培训：不扣分（计入培训覆盖率）',
      dimension: 'compliance_execution',
      factKinds: ['training.attended'],
      where: [{ field: 'value', op: 'eq', value: -1 }],
      points: 0,
      target: 'person_only',
      appliesTo: ['person', 'department'],
    },
    serious_incident: {
      type: 'per_fact',
      kind: 'penalty',
      name: 'Serious incident: −30 and a special review',
      nameZh: '严重事故：扣 30 分并专项审查',
      dimension: 'risk_control',
      factKinds: ['incident.serious'],
      points: 30,
      target: 'responsible',
      appliesTo: ['person', 'department'],
      flag: 'specialReview',
    },
    improvement_plan_completed: {
      type: 'per_fact',
      kind: 'bonus',
      name: 'Improvement plan completed: +2, at most +4 per period',
      nameZh: '完成能力提升计划：加 2 分，每期最多加 4 分',
      dimension: null,
      factKinds: ['improvement_plan.completed'],
      where: [{ field: 'value', op: 'eq', value: 1 }],
      points: 2,
      capPerPeriod: 4,
      target: 'responsible',
      appliesTo: ['person', 'department'],
    },
    self_declaration: {
      type: 'per_value',
      kind: 'bonus',
      name: 'Approved self-declaration: at most +5 per period',
      nameZh: '自助申报（已批准）：每期最多加 5 分',
      dimension: null,
      factKinds: ['declaration.approved'],
      factor: 1,
      capPerPeriod: 5,
      target: 'person_only',
      appliesTo: ['person'],
    },
    manual_adjustment: {
      type: 'per_value',
      kind: 'adjustment',
      name: 'Manual adjustment by HR / a manager (with a reason)',
      nameZh: '人力资源或经理人工调整（须说明理由）',
      dimension: null,
      factKinds: ['score.adjustment'],
      where: [{ field: 'data.subjectType', op: 'ne', value: 'department' }],
      factor: 1,
      target: 'person_only',
      appliesTo: ['person'],
    },
    manual_adjustment_department: {
      type: 'per_value',
      kind: 'adjustment',
      name: 'Manual adjustment of a department score (with a reason)',
      nameZh: '部门分数人工调整（须说明理由）',
      dimension: null,
      factKinds: ['score.adjustment'],
      where: [{ field: 'data.subjectType', op: 'eq', value: 'department' }],
      factor: 1,
      target: 'responsible',
      appliesTo: ['department'],
      departmentScoring: 'direct',
    },
    consecutive_improvement: {
      type: 'consecutive_improvement',
      kind: 'bonus',
      name: '3 consecutive improving periods: +3',
      nameZh: '连续 3 期进步：加 3 分',
      dimension: null,
      periods: 3,
      points: 3,
      appliesTo: ['person', 'department'],
    },
  },
  departments: { normaliseByHeadcount: true },
  behaviour: { raterWeights: { superior: 0.4, peer: 0.2, subordinate: 0.2, external_expert: 0.2 }, scaleMax: 5 },
  attribution: { priority: ['direct', 'affected', 'site_lead', 'department_head'] },
  history: { shortfallBoost: 0.05, needsImprovementStreak: 2 },
} satisfies RulesetInput);
