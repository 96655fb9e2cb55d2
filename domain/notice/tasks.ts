import { z } from 'zod';
import { type TaskTypeDef } from '../task-forms';

/** The task types of a safety notice: the form each is completed with. */
export const NOTICE_TASKS = {
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
} satisfies Record<string, TaskTypeDef>;
