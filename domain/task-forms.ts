import { z } from 'zod';

/**
 * What every task form is made of: field types, the field and type definitions, and the pieces
 * several processes' forms share (evidence ids, a work report, a verification). Each process
 * declares its own task types in domain/<process>/tasks.ts; domain/tasks.ts lists them.
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
  'people',
  'orgUnits',
  'timeline',
  'whys',
  'fishbone',
  'correctiveActions',
  'responsibilities',
] as const;

export interface FormField {
  name: string;
  /**
   * `orgUnit`: an org unit id; `person`: a person id; `evidence`: ids of uploaded files (POST /api/evidence);
   * `actions`: a list of `{ orgUnitId, description }` (improvement actions, one per responsible department);
   * `riskItems`: a risk register, a list of `{ key?, title, source, likelihood, severity, ownerOrgUnitId }`;
   * `measureProposals`: a list of `{ itemKey, description }` — `itemKey` one of the task context's `items[].key`;
   * `controlPlan`: a list of `{ itemKey, description, ownerOrgUnitId, dueAt }` — proposals in the task context's `proposals`;
   * `people` / `orgUnits`: lists of person / org unit ids;
   * `timeline`: a list of `{ at, what }` (an incident's events); `whys`: a list of answers (the 5-why chain, root cause last);
   * `fishbone`: a list of `{ category, cause }` with category one of 人/机/料/法/环/管 (`man` … `management`);
   * `correctiveActions`: a list of `{ kind, orgUnitId, description, dueAt }`; `responsibilities`: a list of `{ personId, level, note? }`.
   */
  type: (typeof FORM_FIELD_TYPES)[number];
  required: boolean;
  options?: string[];
  maxLength?: number;
  min?: number;
  max?: number;
}

export interface TaskTypeDef {
  schema: z.ZodType;
  fields: FormField[];
}

export const evidenceId = z.string().regex(/^[0-9a-f]{64}$/, 'not an evidence id');
export const itemKey = z.string().trim().min(1).max(80);
export const isoDate = z.iso.datetime({ offset: true, message: 'expected an ISO date-time' });

/** A report of work done: a summary and, optionally, photos or documents. */
export function workReport(): TaskTypeDef {
  return {
    schema: z.object({ summary: z.string().trim().min(1).max(5000), evidenceIds: z.array(evidenceId).max(20).default([]) }).strict(),
    fields: [
      { name: 'summary', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'evidenceIds', type: 'evidence', required: false },
    ],
  };
}

/** A verification: passed, or failed with the reason why. */
export function verification(): TaskTypeDef {
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
