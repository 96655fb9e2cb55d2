import { z } from 'zod';
import { workReport, type TaskTypeDef } from '../task-forms';

/** The task types of an emergency: the form each is completed with. */
export const EMERGENCY_TASKS = {
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
} satisfies Record<string, TaskTypeDef>;
