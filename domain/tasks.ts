import { z } from 'zod';

/**
 * Task types: the form each kind of human task is completed with. The API validates a
 * completion's payload against the schema and shows the field list to the UI; processes add
 * their task types here.
 */
export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'boolean',
  'select',
  'number',
  'datetime',
  'orgUnit',
  'person',
  'evidence',
  'actions',
  'riskItems',
  'measureProposals',
  'controlPlan',
] as const;

export interface FormField {
  name: string;
  /**
   * `orgUnit`: an org unit id; `person`: a person id; `evidence`: ids of uploaded files (POST /api/evidence);
   * `actions`: a list of `{ orgUnitId, description }` (improvement actions, one per responsible department);
   * `riskItems`: a risk register, a list of `{ key?, title, source, likelihood, severity, ownerOrgUnitId }`;
   * `measureProposals`: a list of `{ itemKey, description }` — `itemKey` one of the task context's `items[].key`;
   * `controlPlan`: a list of `{ itemKey, description, ownerOrgUnitId, dueAt }` — proposals in the task context's `proposals`.
   */
  type: (typeof FORM_FIELD_TYPES)[number];
  required: boolean;
  options?: string[];
  maxLength?: number;
  min?: number;
  max?: number;
}

interface TaskTypeDef {
  schema: z.ZodType;
  fields: FormField[];
}

const evidenceId = z.string().regex(/^[0-9a-f]{64}$/, 'not an evidence id');
const itemKey = z.string().trim().min(1).max(80);
const isoDate = z.iso.datetime({ offset: true, message: 'expected an ISO date-time' });

/** A report of work done: a summary and, optionally, photos or documents. */
function workReport(): TaskTypeDef {
  return {
    schema: z.object({ summary: z.string().trim().min(1).max(5000), evidenceIds: z.array(evidenceId).max(20).default([]) }).strict(),
    fields: [
      { name: 'summary', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'evidenceIds', type: 'evidence', required: false },
    ],
  };
}

/** A verification: passed, or failed with the reason why. */
function verification(): TaskTypeDef {
  return {
    schema: z
      .object({ passed: z.boolean(), reason: z.string().trim().max(2000).optional() })
      .strict()
      .refine((v) => v.passed || (v.reason && v.reason.length > 0), { path: ['reason'], message: 'say why it failed' }),
    fields: [
      { name: 'passed', type: 'boolean', required: true },
      { name: 'reason', type: 'textarea', required: false, maxLength: 2000 },
    ],
  };
}

const TASK_TYPES = {
  'notice.acknowledge': {
    schema: z
      .object({
        understood: z.literal(true, { message: 'must be confirmed' }),
        comment: z.string().trim().max(2000).optional(),
      })
      .strict(),
    fields: [
      { name: 'understood', type: 'boolean', required: true },
      { name: 'comment', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'hazard.grade': {
    schema: z
      .object({
        likelihood: z.number().int().min(1).max(10),
        severity: z.number().int().min(1).max(10),
        responsibleOrgUnitId: z.string().uuid(),
        responsiblePersonId: z.string().uuid().optional(),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
    fields: [
      { name: 'likelihood', type: 'number', required: true, min: 1, max: 5 },
      { name: 'severity', type: 'number', required: true, min: 1, max: 5 },
      { name: 'responsibleOrgUnitId', type: 'orgUnit', required: true },
      { name: 'responsiblePersonId', type: 'person', required: false },
      { name: 'note', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'hazard.acknowledge': {
    schema: z.object({ understood: z.literal(true, { message: 'must be confirmed' }), comment: z.string().trim().max(2000).optional() }).strict(),
    fields: [
      { name: 'understood', type: 'boolean', required: true },
      { name: 'comment', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'hazard.rectify': {
    schema: z
      .object({ summary: z.string().trim().min(1).max(5000), evidenceIds: z.array(evidenceId).min(1, 'attach at least one photo or document').max(20) })
      .strict(),
    fields: [
      { name: 'summary', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'evidenceIds', type: 'evidence', required: true },
    ],
  },
  'hazard.major_action': workReport(),
  'hazard.verify': verification(),
  'hazard.extension_approval': {
    schema: z.object({ approved: z.boolean(), reason: z.string().trim().min(1).max(2000) }).strict(),
    fields: [
      { name: 'approved', type: 'boolean', required: true },
      { name: 'reason', type: 'textarea', required: true, maxLength: 2000 },
    ],
  },
  'emergency.on_site': {
    schema: z.object({ onSite: z.literal(true, { message: 'must be confirmed' }), note: z.string().trim().max(2000).optional() }).strict(),
    fields: [
      { name: 'onSite', type: 'boolean', required: true },
      { name: 'note', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'emergency.response': {
    schema: z.object({ summary: z.string().trim().min(1).max(5000), done: z.literal(true, { message: 'must be confirmed' }) }).strict(),
    fields: [
      { name: 'summary', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'done', type: 'boolean', required: true },
    ],
  },
  'emergency.under_control': {
    schema: z.object({ summary: z.string().trim().min(1).max(5000) }).strict(),
    fields: [{ name: 'summary', type: 'textarea', required: true, maxLength: 5000 }],
  },
  'emergency.review': {
    schema: z
      .object({
        findings: z.string().trim().min(1).max(10000),
        actions: z
          .array(z.object({ orgUnitId: z.string().uuid(), description: z.string().trim().min(1).max(2000) }).strict())
          .max(20)
          .default([]),
      })
      .strict(),
    fields: [
      { name: 'findings', type: 'textarea', required: true, maxLength: 10000 },
      { name: 'actions', type: 'actions', required: false },
    ],
  },
  'emergency.improvement': workReport(),
  'risk.input': {
    schema: z.object({ assessment: z.string().trim().min(1).max(10000), concerns: z.string().trim().max(5000).optional() }).strict(),
    fields: [
      { name: 'assessment', type: 'textarea', required: true, maxLength: 10000 },
      { name: 'concerns', type: 'textarea', required: false, maxLength: 5000 },
    ],
  },
  'risk.compile': {
    schema: z
      .object({
        items: z
          .array(
            z
              .object({
                key: itemKey.optional(),
                title: z.string().trim().min(1).max(300),
                source: z.string().trim().min(1).max(100),
                likelihood: z.number().int().min(1).max(10),
                severity: z.number().int().min(1).max(10),
                ownerOrgUnitId: z.string().uuid(),
              })
              .strict(),
          )
          .min(1, 'the register needs at least one risk')
          .max(100),
        summary: z.string().trim().max(5000).optional(),
      })
      .strict(),
    fields: [
      { name: 'items', type: 'riskItems', required: true },
      { name: 'summary', type: 'textarea', required: false, maxLength: 5000 },
    ],
  },
  'risk.measures': {
    schema: z.object({ proposals: z.array(z.object({ itemKey, description: z.string().trim().min(1).max(2000) }).strict()).max(50) }).strict(),
    fields: [{ name: 'proposals', type: 'measureProposals', required: true }],
  },
  'risk.plan': {
    schema: z
      .object({
        measures: z
          .array(z.object({ itemKey, description: z.string().trim().min(1).max(2000), ownerOrgUnitId: z.string().uuid(), dueAt: isoDate }).strict())
          .min(1, 'the plan needs at least one measure')
          .max(50),
        note: z.string().trim().max(5000).optional(),
      })
      .strict(),
    fields: [
      { name: 'measures', type: 'controlPlan', required: true },
      { name: 'note', type: 'textarea', required: false, maxLength: 5000 },
    ],
  },
  'risk.measure': workReport(),
  'risk.verify': verification(),
  'assessment.review': {
    schema: z.object({ decision: z.enum(['publish', 'rescore']), note: z.string().trim().min(1).max(2000) }).strict(),
    fields: [
      { name: 'decision', type: 'select', required: true, options: ['publish', 'rescore'] },
      { name: 'note', type: 'textarea', required: true, maxLength: 2000 },
    ],
  },
  'improvement.plan': {
    schema: z.object({ targets: z.string().trim().min(1).max(5000), measures: z.string().trim().min(1).max(5000), dueAt: isoDate }).strict(),
    fields: [
      { name: 'targets', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'measures', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'dueAt', type: 'datetime', required: true },
    ],
  },
  'improvement.check': {
    schema: z.object({ completed: z.boolean(), note: z.string().trim().min(1).max(2000) }).strict(),
    fields: [
      { name: 'completed', type: 'boolean', required: true },
      { name: 'note', type: 'textarea', required: true, maxLength: 2000 },
    ],
  },
  'appeal.review': {
    schema: z
      .object({
        decision: z.enum(['uphold', 'adjust']),
        delta: z.number().min(-100).max(100).optional(),
        reason: z.string().trim().min(1).max(5000),
        evidenceIds: z.array(evidenceId).max(20).default([]),
      })
      .strict()
      .refine((v) => v.decision === 'uphold' || (v.delta !== undefined && v.delta !== 0), { path: ['delta'], message: 'an adjustment needs a non-zero delta' }),
    fields: [
      { name: 'decision', type: 'select', required: true, options: ['uphold', 'adjust'] },
      { name: 'delta', type: 'number', required: false, min: -100, max: 100 },
      { name: 'reason', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'evidenceIds', type: 'evidence', required: false },
    ],
  },
  'adjustment.approve': {
    schema: z.object({ approved: z.boolean(), reason: z.string().trim().min(1).max(2000) }).strict(),
    fields: [
      { name: 'approved', type: 'boolean', required: true },
      { name: 'reason', type: 'textarea', required: true, maxLength: 2000 },
    ],
  },
  'declaration.review': {
    schema: z
      .object({ approved: z.boolean(), points: z.number().min(0).max(20).optional(), reason: z.string().trim().min(1).max(2000) })
      .strict()
      .refine((v) => !v.approved || (v.points !== undefined && v.points > 0), { path: ['points'], message: 'approved declarations need points' }),
    fields: [
      { name: 'approved', type: 'boolean', required: true },
      { name: 'points', type: 'number', required: false, min: 0, max: 20 },
      { name: 'reason', type: 'textarea', required: true, maxLength: 2000 },
    ],
  },
} satisfies Record<string, TaskTypeDef>;

export type TaskType = keyof typeof TASK_TYPES;

export function isTaskType(t: string): t is TaskType {
  return Object.prototype.hasOwnProperty.call(TASK_TYPES, t);
}

export function taskTypeDef(t: string): TaskTypeDef {
  if (!isTaskType(t)) throw new Error(`unknown task type ${t}`);
  return TASK_TYPES[t];
}

/**
 * The form of one task: its type's fields, with the likelihood and severity scales of a grading
 * task set to the risk matrix the process graded with (its context's `riskMatrix.size`), so a
 * policy with another matrix size offers the right buttons.
 */
export function formFieldsOf(taskType: string, context: Record<string, unknown> | null): FormField[] {
  const fields = taskTypeDef(taskType).fields;
  const matrix = context?.riskMatrix as { size?: unknown } | undefined;
  const size = matrix && typeof matrix.size === 'number' && Number.isInteger(matrix.size) && matrix.size >= 2 && matrix.size <= 10 ? matrix.size : null;
  if (size === null) return fields;
  return fields.map((f) => ((f.name === 'likelihood' || f.name === 'severity') && f.type === 'number' ? { ...f, max: size } : f));
}
