import { CERTIFICATE_TYPES, CERTIFICATE_TYPE_NAMES_ZH, type CertificateType as CertificateTypeValue } from '../../domain/permit/constants';
import { readDayCell } from '../../domain/inspections/rules';
import { Day } from '../inspections/common';
import { z } from '../platform/openapi';

/** What the certificates register's routes take and answer. */

export const CertificateType = z
  .enum(CERTIFICATE_TYPES)
  .describe('特种作业操作证 categories, crane operators and riggers, and the plant’s own gas-tester and confined-space training')
  .openapi('CertificateType');

/** Where a certificate stands today: `expiring` once its first reminder is due (the policy’s largest reminder day). */
export const CERTIFICATE_STATUSES = ['valid', 'expiring', 'expired', 'revoked'] as const;
export const CertificateStatus = z.enum(CERTIFICATE_STATUSES).openapi('CertificateStatus');
export type CertificateStatus = z.infer<typeof CertificateStatus>;

const Number_ = z.string().trim().min(1).max(64).describe('The certificate’s number as printed on it (unique per type)');
const OptionalDay = Day.nullable().optional();

export const CertificateBody = z
  .object({
    personId: z.string().trim().min(1).max(36).describe('The holder (a person in your scope)'),
    type: CertificateType,
    number: Number_,
    issuedOn: Day.describe('Issued on, YYYY-MM-DD'),
    expiresOn: OptionalDay.describe('Valid through this day, YYYY-MM-DD; null: does not expire'),
    reviewOn: OptionalDay.describe('The next review (复审), YYYY-MM-DD, when the certificate has one'),
  })
  .strict();
export type CertificateInput = z.infer<typeof CertificateBody>;

export const CertificatePatch = z
  .object({
    type: CertificateType.optional(),
    number: Number_.optional(),
    issuedOn: Day.optional(),
    expiresOn: OptionalDay.describe('A new expiry restarts the reminders'),
    reviewOn: OptionalDay,
  })
  .strict();
export type CertificatePatch = z.infer<typeof CertificatePatch>;

export const RevokeBody = z.object({ reason: z.string().trim().min(1).max(500).describe('Why it is revoked (kept with the certificate)') }).strict();

export const CertificateView = z
  .object({
    id: z.string(),
    personId: z.string(),
    personName: z.string(),
    employeeNo: z.string(),
    orgUnitId: z.string().describe('The holder’s unit'),
    orgUnitName: z.string(),
    type: CertificateType,
    number: z.string(),
    issuedOn: z.string(),
    expiresOn: z.string().nullable(),
    reviewOn: z.string().nullable(),
    status: CertificateStatus,
    daysLeft: z.number().int().nullable().describe('Days from today (the group’s time zone) to the expiry day; negative once expired; null: does not expire'),
    revokedAt: z.string().nullable(),
    revokedReason: z.string().nullable(),
    remindedDays: z.number().int().nullable().describe('The last expiry reminder sent (days before expiry; 0: the expiry itself was handled)'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Certificate');
export type CertificateView = z.infer<typeof CertificateView>;

export const RevokeResult = z
  .object({
    certificate: CertificateView,
    permitsSignalled: z.array(z.string()).describe('Running permits of the holder told that the certificate lapsed (they suspend)'),
  })
  .openapi('CertificateRevoked');

const flag = (what: string) => z.enum(['true', 'false']).optional().describe(what);

export const CertificateFilters = {
  personId: z.string().max(36).optional().describe('One holder’s certificates'),
  orgUnitId: z.string().max(36).optional().describe('Holders in this unit and the units below it'),
  type: CertificateType.optional(),
  expiringWithinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3660)
    .optional()
    .describe('Not expired, and expiring within this many days from today (revoked ones left out)'),
  expired: flag('true: only expired ones (the expiry day has passed); false: none of them'),
  revoked: flag('true: only revoked ones; false: none of them'),
  q: z.string().trim().max(100).optional().describe('Part of the holder’s name or employee number, or of the certificate number'),
};

/** A certificate type as a file gives it: its code (`welding`) or its Chinese name (`焊接与热切割作业`). */
export function certificateTypeOfCell(cell: string): CertificateTypeValue | null {
  const t = cell.trim();
  const byCode = CERTIFICATE_TYPES.find((c) => c.toLowerCase() === t.toLowerCase());
  return byCode ?? CERTIFICATE_TYPES.find((c) => CERTIFICATE_TYPE_NAMES_ZH[c] === t) ?? null;
}

/** A day cell (`YYYY-MM-DD`, `YYYY/MM/DD` or an Excel date); empty is null (required columns are checked by the import). */
const dayCell = z
  .string()
  .nullable()
  .transform((v, ctx) => {
    if (v === null) return null;
    const day = readDayCell(v);
    if (day === null) {
      ctx.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD' });
      return z.NEVER;
    }
    return day;
  });

/** The columns of a certificates file (employeeNo, type, number, issued, expiry, review). */
export const CERTIFICATE_COLUMNS = ['employeeNo', 'type', 'number', 'issued', 'expiry', 'review'] as const;

export const CertificateRow = z.object({
  employeeNo: z.string().trim().min(1).max(64),
  type: z.string().transform((v, ctx) => {
    const type = certificateTypeOfCell(v);
    if (!type) {
      ctx.addIssue({ code: 'custom', message: `unknown certificate type (one of ${CERTIFICATE_TYPES.join(', ')}, or its Chinese name)` });
      return z.NEVER;
    }
    return type;
  }),
  number: z.string().trim().min(1).max(64),
  issued: dayCell,
  expiry: dayCell,
  review: dayCell,
});
