import { z } from 'zod';
import { evidenceId, workReport, type TaskTypeDef } from '../task-forms';

/** The task types of a corrective action: do it, verify it, re-check that it still works. */
export const CORRECTIVE_ACTION_TASKS = {
  'action.do': workReport(),
  'action.verify': {
    schema: z
      .object({ passed: z.boolean(), reason: z.string().trim().max(2000).optional() })
      .strict()
      .refine((v) => v.passed || !!v.reason, { path: ['reason'], message: 'say why it is not done' }),
    fields: [
      { name: 'passed', type: 'boolean', required: true },
      { name: 'reason', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'action.recheck': {
    schema: z
      .object({ effective: z.boolean(), note: z.string().trim().max(2000).optional(), evidenceIds: z.array(evidenceId).max(20).default([]) })
      .strict()
      .refine((v) => v.effective || !!v.note, { path: ['note'], message: 'say what no longer works' }),
    fields: [
      { name: 'effective', type: 'boolean', required: true },
      { name: 'note', type: 'textarea', required: false, maxLength: 2000 },
      { name: 'evidenceIds', type: 'evidence', required: false },
    ],
  },
} satisfies Record<string, TaskTypeDef>;
