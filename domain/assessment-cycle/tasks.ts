import { z } from 'zod';
import { isoDate, type TaskTypeDef } from '../task-forms';

/** The task types of an assessment cycle and its improvement plans: the form each is completed with. */
export const ASSESSMENT_CYCLE_TASKS = {
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
} satisfies Record<string, TaskTypeDef>;
