/**
 * The indicator library (SPEC §4) as data: what each indicator measures, which facts it reads
 * and how (a small predicate language a SQL GROUP BY can mirror), its thresholds for the three
 * ratings and whom a fact counts for. Rulesets embed copies of these definitions, so a published
 * ruleset keeps its thresholds even when the library changes later. Pure; safe to import from
 * workflow code.
 */
import { z } from 'zod';

/** The four core dimensions fixed at group level; never dropped from a weight set. */
export const DIMENSIONS = ['compliance_execution', 'risk_control', 'emergency_response', 'collaboration'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const INDICATOR_TYPES = ['rate', 'count', 'average_time', 'score', 'behaviour_scale'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export const DIRECTIONS = ['higher_better', 'lower_better'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const RATINGS = ['excellent', 'qualified', 'needs_improvement'] as const;
export type Rating = (typeof RATINGS)[number];

/** Subjects scored straight from facts; posts and companies are pooled from these. */
export const FACT_SUBJECT_TYPES = ['person', 'department'] as const;
export type FactSubjectType = (typeof FACT_SUBJECT_TYPES)[number];

/**
 * Whom a fact counts for (persons; departments always take the fact's department):
 * - `responsible`: the ruleset's attribution priority (direct → affected → site lead → department head),
 *   the first candidate who is a known subject;
 * - `person_only`: the fact's `personId` (participant, reporter, declarant), no fallback;
 * - `department_head`: the head of the fact's department (e.g. the inspected department).
 */
export const ATTRIBUTION_TARGETS = ['responsible', 'person_only', 'department_head'] as const;
export type AttributionTarget = (typeof ATTRIBUTION_TARGETS)[number];

export const RATER_ROLES = ['superior', 'peer', 'subordinate', 'external_expert'] as const;
export type RaterRole = (typeof RATER_ROLES)[number];

/** A fact column or a (nested) key of its `data`: `value`, `subjectId`, `data.onTime`, … */
export const FACT_FIELD = /^(value|subjectId|sourceWorkflowId|orgUnitId|personId|data\.[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
const factField = z.string().regex(FACT_FIELD, 'expected value, subjectId, sourceWorkflowId, orgUnitId, personId or data.<key>');
const factKind = z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, 'expected a fact kind such as hazard.closed');

export type ComparePredicate = { field: string; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: number | string | boolean };
export type TestPredicate = { field: string; op: 'is_true' | 'not_true' | 'present' | 'missing' };
/** A condition on one fact. Lists of predicates are ANDed; `anyOf` / `allOf` nest. */
export type Predicate = ComparePredicate | TestPredicate | { anyOf: Predicate[] } | { allOf: Predicate[] };

export const PredicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.object({ field: factField, op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']), value: z.union([z.number(), z.string(), z.boolean()]) }).strict(),
    z.object({ field: factField, op: z.enum(['is_true', 'not_true', 'present', 'missing']) }).strict(),
    z.object({ anyOf: z.array(PredicateSchema).min(1) }).strict(),
    z.object({ allOf: z.array(PredicateSchema).min(1) }).strict(),
  ]),
);

const kinds = z.array(factKind).min(1);
const where = z.array(PredicateSchema).default([]);

/**
 * How an indicator reads facts (per subject, over the period, after `where`):
 * - `rate`: % of matching facts that satisfy `success` (hits / n × 100);
 * - `count`: number of matching facts (pooled subjects: per member);
 * - `average`: mean of `value` (or of value / data[ratioTo] × scale), facts without a value skipped;
 * - `coverage`: % of the department's people with at least one matching fact;
 * - `ratings`: no facts, the weighted mean of behaviour ratings by several raters.
 */
export const MeasureSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('rate'), kinds, where, success: z.array(PredicateSchema).min(1) }).strict(),
  z.object({ op: z.literal('count'), kinds, where }).strict(),
  z
    .object({
      op: z.literal('average'),
      kinds,
      where,
      ratioTo: factField.optional(),
      scale: z.number().positive().default(1),
    })
    .strict(),
  z.object({ op: z.literal('coverage'), kinds, where }).strict(),
  z.object({ op: z.literal('ratings') }).strict(),
]);
export type Measure = z.infer<typeof MeasureSchema>;
export type MeasureInput = z.input<typeof MeasureSchema>;

/** Behaviour scale from a count: the first step whose `min` the count reaches gives its points. */
export const ScaleStepSchema = z.object({ min: z.number().min(0), points: z.number().min(0) }).strict();
export type ScaleStep = z.infer<typeof ScaleStepSchema>;

const finite = z.number().finite();

/** An indicator definition without its code (rulesets key them by code). */
export const IndicatorBodySchema = z
  .object({
    name: z.string().min(1),
    nameZh: z.string().min(1),
    dimension: z.enum(DIMENSIONS),
    type: z.enum(INDICATOR_TYPES),
    direction: z.enum(DIRECTIONS),
    unit: z.enum(['percent', 'count', 'seconds', 'points']),
    /** Rating thresholds on the indicator's own unit; below `qualified` (above, when lower is better) is needs improvement. */
    thresholds: z.object({ excellent: finite, qualified: finite }).strict(),
    measure: MeasureSchema,
    /** For a behaviour scale read from a count: steps with descending `min`. */
    scale: z.array(ScaleStepSchema).min(1).optional(),
    attribution: z.enum(ATTRIBUTION_TARGETS),
    subjects: z.array(z.enum(FACT_SUBJECT_TYPES)).min(1),
    /** Rated behaviour: flag the subject when the raters and this fact-based indicator disagree by two rating levels. */
    crossCheck: z.string().optional(),
  })
  .strict();
export type IndicatorBody = z.infer<typeof IndicatorBodySchema>;
export type IndicatorBodyInput = z.input<typeof IndicatorBodySchema>;
export type IndicatorDef = IndicatorBody & { code: string };
export type IndicatorDefInput = IndicatorBodyInput & { code: string };

/** Problems with one indicator definition that the field types cannot express (paths relative to it). */
export function indicatorIssues(def: IndicatorBody): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const { excellent, qualified } = def.thresholds;
  if (def.direction === 'higher_better' ? excellent < qualified : excellent > qualified) {
    out.push({
      path: ['thresholds', 'excellent'],
      message: def.direction === 'higher_better' ? 'excellent must be ≥ qualified when higher is better' : 'excellent must be ≤ qualified when lower is better',
    });
  }
  const allowed: Record<IndicatorType, Measure['op'][]> = {
    rate: ['rate', 'coverage'],
    count: ['count'],
    average_time: ['average'],
    score: ['average'],
    behaviour_scale: ['count', 'ratings'],
  };
  if (!allowed[def.type].includes(def.measure.op)) {
    out.push({ path: ['measure', 'op'], message: `a ${def.type} indicator reads facts with ${allowed[def.type].join(' or ')}` });
  }
  if (def.type === 'behaviour_scale' && def.measure.op === 'count' && !def.scale)
    out.push({ path: ['scale'], message: 'a behaviour scale read from a count needs scale steps' });
  if (def.scale) {
    for (let i = 1; i < def.scale.length; i++) {
      if (def.scale[i].min >= def.scale[i - 1].min) out.push({ path: ['scale', i, 'min'], message: 'scale steps must have descending min' });
    }
  }
  if (def.measure.op === 'coverage' && def.subjects.includes('person')) out.push({ path: ['subjects'], message: 'coverage is measured for departments only' });
  if (def.measure.op === 'ratings' && def.subjects.includes('department'))
    out.push({ path: ['subjects'], message: 'behaviour ratings are given to persons only' });
  if (def.crossCheck !== undefined && def.measure.op !== 'ratings') out.push({ path: ['crossCheck'], message: 'only rated indicators are cross-checked' });
  return out;
}

const eq = (field: string, value: number | string | boolean): Predicate => ({ field, op: 'eq', value });
const notTrue = (field: string): Predicate => ({ field, op: 'not_true' });
/** Finished on time: `data.onTime` when the process records it, else no overdue day was counted. */
const ON_TIME: Predicate = {
  anyOf: [{ field: 'data.onTime', op: 'is_true' }, { allOf: [{ field: 'data.onTime', op: 'missing' }, eq('data.overdueDays', 0)] }],
};
/** A `training.attended` fact of someone who attended (1 passed, 0 failed; −1 is an absence). */
const ATTENDED: Predicate = { field: 'value', op: 'gte', value: 0 };
const compliant = (kind: string) => ({ op: 'rate' as const, kinds: [kind], success: [eq('value', 1)] });
const PD: FactSubjectType[] = ['person', 'department'];
const HOUR = 3600;

/** What an indicator's type says unless the indicator says otherwise: which way is better, and its unit. */
const TYPE_DEFAULTS: Record<IndicatorType, Pick<IndicatorBodyInput, 'direction' | 'unit'>> = {
  rate: { direction: 'higher_better', unit: 'percent' },
  count: { direction: 'lower_better', unit: 'count' },
  average_time: { direction: 'lower_better', unit: 'seconds' },
  score: { direction: 'higher_better', unit: 'points' },
  behaviour_scale: { direction: 'higher_better', unit: 'points' },
};

/** A library entry as written below: its dimension from its group; direction and unit from its type; counted for the responsible person and the department unless it says otherwise. */
type LibraryEntry = Omit<IndicatorDefInput, 'dimension' | 'direction' | 'unit' | 'attribution' | 'subjects'> &
  Partial<Pick<IndicatorDefInput, 'direction' | 'unit' | 'attribution' | 'subjects'>>;

function inDimension(dimension: Dimension, entries: LibraryEntry[]): IndicatorDefInput[] {
  return entries.map(({ code, name, nameZh, type, direction, unit, thresholds, measure, scale, attribution = 'responsible', subjects = PD, crossCheck }) => ({
    code,
    name,
    nameZh,
    dimension,
    type,
    direction: direction ?? TYPE_DEFAULTS[type].direction,
    unit: unit ?? TYPE_DEFAULTS[type].unit,
    thresholds,
    measure,
    ...(scale && { scale }),
    attribution,
    subjects,
    ...(crossCheck !== undefined && { crossCheck }),
  }));
}

/** The seeded library (thresholds from the source articles), by dimension. */
export const INDICATOR_LIBRARY: readonly IndicatorDefInput[] = [
  ...inDimension('compliance_execution', [
    {
      code: 'chemical_storage_compliance',
      name: 'Chemical storage compliance',
      nameZh: '化学品存储合规率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 100 },
      measure: compliant('chemical_storage.check'),
    },
    {
      code: 'guard_intact_rate',
      name: 'Machine guards intact',
      nameZh: '防护装置完好率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 100 },
      measure: compliant('guard.check'),
    },
    {
      code: 'hot_work_permit_compliance',
      name: 'Hot-work permit compliance',
      nameZh: '动火作业审批合规率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 100 },
      measure: compliant('hot_work.permit'),
    },
    {
      code: 'permit_approval_compliance',
      name: 'Work-permit approval correctness',
      nameZh: '作业票证审批规范性',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 95 },
      measure: compliant('permit.compliance'),
    },
    {
      code: 'hazardous_waste_compliance',
      name: 'Hazardous-waste handling compliance',
      nameZh: '危废处置合规率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 100 },
      measure: compliant('hazardous_waste.check'),
    },
    {
      code: 'inspection_average_score',
      name: 'Safety inspection average score',
      nameZh: '安全检查平均得分',
      type: 'score',
      thresholds: { excellent: 90, qualified: 80 },
      measure: { op: 'average', kinds: ['inspection.scored'] },
      attribution: 'department_head',
    },
    {
      code: 'training_pass_rate',
      name: 'Safety training pass rate',
      nameZh: '安全培训考核合格率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 90 },
      measure: { op: 'rate', kinds: ['training.attended'], where: [ATTENDED], success: [eq('value', 1)] },
      attribution: 'person_only',
    },
    {
      code: 'safety_leadership_behaviour',
      name: 'Safety leadership behaviour (rated)',
      nameZh: '安全领导力行为（多方评价）',
      type: 'behaviour_scale',
      thresholds: { excellent: 4, qualified: 3 },
      measure: { op: 'ratings' },
      attribution: 'person_only',
      subjects: ['person'],
      crossCheck: 'hazard_rectification_on_time',
    },
  ]),
  ...inDimension('risk_control', [
    {
      code: 'hazard_rectification_on_time',
      name: 'Hazard rectification on time',
      nameZh: '隐患整改按期完成率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 98 },
      measure: { op: 'rate', kinds: ['hazard.closed'], success: [ON_TIME] },
    },
    {
      code: 'hazard_verification_pass_rate',
      name: 'Rectification verified first time',
      nameZh: '整改验收通过率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 90 },
      measure: { op: 'rate', kinds: ['hazard.verification'], success: [eq('value', 1)] },
    },
    {
      code: 'hazard_rework_count',
      name: 'Rectification reworks',
      nameZh: '整改返工次数',
      type: 'count',
      thresholds: { excellent: 0, qualified: 1 },
      measure: { op: 'count', kinds: ['hazard.rework'] },
    },
    {
      code: 'risk_measure_on_time',
      name: 'Risk control measures completed on time',
      nameZh: '风险管控措施按期完成率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 95 },
      measure: { op: 'rate', kinds: ['risk.measure_completed'], success: [{ field: 'data.onTime', op: 'is_true' }] },
    },
    {
      code: 'risk_measure_verification_rate',
      name: 'Risk control measures verified effective',
      nameZh: '风险管控措施验证有效率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 90 },
      measure: { op: 'rate', kinds: ['risk.measure_verified'], success: [eq('value', 1)] },
    },
  ]),
  ...inDimension('emergency_response', [
    {
      code: 'emergency_acknowledge_time',
      name: 'Emergency on-site confirmation time',
      nameZh: '应急到场确认时间',
      type: 'average_time',
      thresholds: { excellent: 180, qualified: 300 },
      measure: { op: 'average', kinds: ['emergency.acknowledged'] },
    },
    {
      code: 'emergency_response_on_time',
      name: 'Emergency responses within target',
      nameZh: '应急响应按时率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 90 },
      measure: { op: 'rate', kinds: ['emergency.response'], success: [notTrue('data.late')] },
    },
    {
      code: 'emergency_response_time_vs_target',
      name: 'Emergency response time vs target',
      nameZh: '应急响应时间/目标',
      type: 'average_time',
      unit: 'percent',
      thresholds: { excellent: 80, qualified: 100 },
      measure: { op: 'average', kinds: ['emergency.response'], ratioTo: 'data.targetSeconds', scale: 100 },
    },
    {
      code: 'emergency_action_on_time',
      name: 'Post-incident improvement actions on time',
      nameZh: '应急改进措施按期完成率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 90 },
      measure: { op: 'rate', kinds: ['emergency.action_completed'], success: [{ field: 'data.onTime', op: 'is_true' }] },
    },
    {
      code: 'emergency_review_findings',
      name: 'Late steps found in emergency reviews',
      nameZh: '应急复盘发现的延误',
      type: 'count',
      thresholds: { excellent: 0, qualified: 1 },
      measure: { op: 'count', kinds: ['emergency.review_finding'] },
    },
  ]),
  ...inDimension('collaboration', [
    {
      code: 'report_timeliness',
      name: 'Report timeliness',
      nameZh: '信息报送及时率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 95 },
      measure: { op: 'rate', kinds: ['risk.input'], success: [notTrue('data.late'), notTrue('data.gap')] },
    },
    {
      code: 'handoff_response_time',
      name: 'Response time to handoffs',
      nameZh: '协同任务响应时间',
      type: 'average_time',
      thresholds: { excellent: 4 * HOUR, qualified: 24 * HOUR },
      measure: { op: 'average', kinds: ['hazard.acknowledged'] },
    },
    {
      code: 'collab_rectification_on_time',
      name: 'Handoff tasks completed on time',
      nameZh: '协同整改按期完成率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 95 },
      measure: { op: 'rate', kinds: ['hazard.closed', 'risk.measure_completed', 'emergency.action_completed'], success: [ON_TIME] },
      subjects: ['department'],
    },
    {
      code: 'training_participation',
      name: 'Training participation',
      nameZh: '培训参与率',
      type: 'rate',
      thresholds: { excellent: 100, qualified: 90 },
      measure: { op: 'coverage', kinds: ['training.attended'], where: [ATTENDED] },
      attribution: 'person_only',
      subjects: ['department'],
    },
    {
      code: 'suggestions_made',
      name: 'Hazards reported and safety suggestions made',
      nameZh: '隐患上报与安全建议',
      type: 'behaviour_scale',
      thresholds: { excellent: 5, qualified: 3 },
      measure: { op: 'count', kinds: ['hazard.reported', 'suggestion.made'] },
      scale: [
        { min: 3, points: 5 },
        { min: 1, points: 3 },
        { min: 0, points: 0 },
      ],
      attribution: 'person_only',
      subjects: ['person'],
    },
    {
      code: 'cooperation_behaviour',
      name: 'Cooperation behaviour (rated)',
      nameZh: '协作配合行为（多方评价）',
      type: 'behaviour_scale',
      thresholds: { excellent: 4, qualified: 3 },
      measure: { op: 'ratings' },
      attribution: 'person_only',
      subjects: ['person'],
      crossCheck: 'handoff_response_time',
    },
  ]),
];

const LIBRARY_BY_CODE = new Map(INDICATOR_LIBRARY.map((d) => [d.code, d]));

export function libraryIndicator(code: string): IndicatorDefInput | undefined {
  return LIBRARY_BY_CODE.get(code);
}

/** The department collaboration indicators SPEC §4 names (≥ 15 % of a department's score goes to their dimension). */
export const DEPARTMENT_COLLABORATION_INDICATORS = [
  'report_timeliness',
  'collab_rectification_on_time',
  'handoff_response_time',
  'training_participation',
] as const;
