import { z } from './openapi';

/**
 * An IANA time zone for a schedule, canonicalised (`asia/shanghai` → `Asia/Shanghai`): Temporal
 * resolves schedule time zones with Go's case-sensitive tz database and refuses one it does not
 * know, so what passes here must be a name it knows — a bad zone is a 400 here, not a 500 there.
 */
export const TimeZone = z
  .string()
  .max(64)
  .transform((tz, ctx) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'unknown IANA time zone' });
      return z.NEVER;
    }
  });
