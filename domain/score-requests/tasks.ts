import { z } from 'zod';
import { evidenceId, type TaskTypeDef } from '../task-forms';

/** The task types of appeals, adjustments and self-declarations: the form each is completed with. */
export const SCORE_REQUEST_TASKS = {
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
