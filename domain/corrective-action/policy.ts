import { z } from 'zod';

/**
 * Corrective actions (整改措施) everywhere in SafeLoop: how long verification may take and when the
 * effectiveness re-checks fall after it (default 30 / 60 / 90 days), as versioned policy data.
 */
const seconds = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 3600);

export const ActionPolicySchema = z
  .object({
    /** The verifying department checks a done action within this. */
    verify: seconds,
    /** Effectiveness re-checks, each this long after the action was verified, ascending. */
    recheckAfter: z
      .array(seconds)
      .max(6)
      .refine((a) => a.every((x, i) => i === 0 || x > a[i - 1]), 'must ascend'),
    /** A re-check task is due this long after it falls. */
    recheck: seconds,
  })
  .strict();
export type ActionPolicy = z.infer<typeof ActionPolicySchema>;

const DAY = 24 * 3600;

export const DEFAULT_ACTION_POLICY: ActionPolicy = { verify: 3 * DAY, recheckAfter: [30 * DAY, 60 * DAY, 90 * DAY], recheck: 7 * DAY };
