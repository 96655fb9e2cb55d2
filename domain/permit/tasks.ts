import { z } from 'zod';
import { verification, type TaskTypeDef } from '../task-forms';

/**
 * The inbox tasks of a permit to work: the area owner confirms the JSA and safety measures (or
 * sends the request back with why), each approver of the level approves or refuses, the fire
 * watch checks the site after hot work, and the area owner confirms the site restored. Gas tests
 * and the work's start, pauses and completion are recorded on the permit itself (they are not
 * inbox steps: the crew and the tester act on site, from the permit's page or its QR code).
 */
export const PERMIT_TASKS = {
  'permit.measures': verification(),
  'permit.approve': {
    schema: z
      .object({ approved: z.boolean(), reason: z.string().trim().max(2000).optional() })
      .strict()
      .refine((v) => v.approved || (v.reason && v.reason.length > 0), { path: ['reason'], message: 'say why it is refused' }),
    fields: [
      { name: 'approved', type: 'boolean', required: true },
      { name: 'reason', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'permit.watch': verification(),
  'permit.restore': verification(),
} satisfies Record<string, TaskTypeDef>;
