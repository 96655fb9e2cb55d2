import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { appendAudit } from '../db/audit/audit-log';
import { Certificate, OrgUnit, Permit, PermitCrewMember, Person, User } from '../db/entities';
import { currentPolicy } from '../db/stores/policy-store';
import { todayIn } from '../domain/inspections/rules';
import { term, text } from '../domain/texts/text';
import { ACTIVE_PERMIT_STATUSES, CERTIFICATE_TYPES, type CertificateType, type CrewRole, type PermitType } from '../domain/permit/constants';
import type { PermitPolicy } from '../domain/permit/policy';
import { certificateReminderDue } from '../domain/permit/rules';
import type { Policy } from '../domain/policy';
import type { NotificationRequest } from '../workflows/notification/messages';
import type { CertificateLapse } from '../workflows/permit/messages';
import type { ActivityDeps } from './shared/deps';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a certificate counts today: not revoked, and its expiry day (the last valid one) not passed. */
export function isValidOn(c: Pick<Certificate, 'revokedAt' | 'expiresOn'>, today: string): boolean {
  return !c.revokedAt && (c.expiresOn === null || c.expiresOn >= today);
}

/** A running permit the lapse of a certificate concerns, and the signal its workflow gets. */
export interface PermitLapse {
  permitId: string;
  workflowId: string;
  lapse: CertificateLapse;
}

/**
 * The running permits (status in ACTIVE_PERMIT_STATUSES) on whose crew the holder of `cert` works
 * in a role the policy asks a certificate of its type for, when the holder has no other valid
 * certificate of that type (a renewed certificate is a new row: the old one lapsing changes
 * nothing). Each gets the `certificateLapsed` signal.
 */
export async function permitsAffectedBy(
  em: EntityManager,
  policy: PermitPolicy,
  cert: Certificate,
  reason: CertificateLapse['reason'],
  at: Date,
  today: string,
): Promise<PermitLapse[]> {
  const others = await em.findBy(Certificate, { personId: cert.personId, type: cert.type, revokedAt: IsNull() });
  if (others.some((c) => c.id !== cert.id && isValidOn(c, today))) return [];
  const crew = await em.findBy(PermitCrewMember, { personId: cert.personId });
  if (!crew.length) return [];
  const permits = await em.findBy(Permit, { id: In([...new Set(crew.map((m) => m.permitId))]), status: In([...ACTIVE_PERMIT_STATUSES]) });
  const type = cert.type as CertificateType;
  return permits
    .filter((p) => crew.some((m) => m.permitId === p.id && (policy.certificates[p.type as PermitType]?.[m.role as CrewRole] ?? []).includes(type)))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => ({
      permitId: p.id,
      workflowId: p.workflowId,
      lapse: { personId: cert.personId, certificateId: cert.id, type, reason, at: at.toISOString() },
    }));
}

export interface CertificateSweepResult {
  /** The policy in force (its notification channels and quiet hours go to the reminders). */
  policy: Policy;
  today: string;
  /** Reminders this sweep claimed (each certificate's reminder for a number of days goes once). */
  reminders: NotificationRequest[];
  /** Certificates this sweep found expired (each handled once). */
  expired: number;
  /** Running permits to tell that a crew member's certificate lapsed. */
  lapses: PermitLapse[];
}

/** At most this many certificates per sweep and kind (the rest on the next sweep); keeps the activity result bounded. */
export const MAX_CERTIFICATES_PER_SWEEP = 200;

/** Reminder notifications of a certificate (`days` before its expiry): to the holder's accounts and to the head of their unit (or the nearest department's). */
async function reminderRequests(em: EntityManager, cert: Certificate, days: number, sweepId: string): Promise<NotificationRequest[]> {
  const person = await em.findOneBy(Person, { id: cert.personId });
  if (!person) return [];
  const unit = await em.findOneBy(OrgUnit, { id: person.orgUnitId });
  const chain = unit ? await em.findBy(OrgUnit, { id: In(unit.path.split('/').filter(Boolean)) }) : [];
  const byId = new Map(chain.map((u) => [u.id, u]));
  const ancestors = (unit?.path.split('/').filter(Boolean) ?? []).map((id) => byId.get(id)).filter((u): u is OrgUnit => !!u);
  const headPersonId =
    (unit?.headPersonId && unit.headPersonId !== person.id ? unit.headPersonId : null) ??
    ancestors
      .filter((u) => u.kind === 'department' && u.headPersonId && u.headPersonId !== person.id)
      .map((u) => u.headPersonId!)
      .pop() ??
    null;
  const usersOf = async (personId: string | null) =>
    personId ? (await em.findBy(User, { personId, active: true })).map((u) => u.id).sort() : ([] as string[]);
  const holderUsers = await usersOf(person.id);
  const headUsers = await usersOf(headPersonId);
  const known = (CERTIFICATE_TYPES as readonly string[]).includes(cert.type);
  const what = text('certificate.what', { type: known ? term(`certificate.type.${cert.type as CertificateType}`) : cert.type, number: cert.number });
  const key = `certificate:${cert.id}:${cert.expiresOn}:${days}`;
  const link = `/certificates?personId=${encodeURIComponent(person.id)}`;
  const out: NotificationRequest[] = [];
  if (holderUsers.length)
    out.push({
      dedupKey: `${key}:holder`,
      audience: { kind: 'users', userIds: holderUsers },
      severity: 'normal',
      subject: text('certificate.notice.holder', { what, on: cert.expiresOn ?? '', days }),
      body: text('certificate.notice.holder_body', { what, on: cert.expiresOn ?? '' }),
      link,
      source: sweepId,
    });
  if (headUsers.length)
    out.push({
      dedupKey: `${key}:head`,
      audience: { kind: 'users', userIds: headUsers },
      severity: 'normal',
      subject: text('certificate.notice.head', { person: person.name, what, on: cert.expiresOn ?? '' }),
      body: text('certificate.notice.head_body', { person: person.name, employeeNo: person.employeeNo, what, on: cert.expiresOn ?? '' }),
      link,
      source: sweepId,
    });
  return out;
}

/**
 * The certificates sweep (daily, by its schedule): the expiry reminders the policy's
 * `permit.certificateReminderDays` make due (90 / 30 / 7 days before), each claimed once per
 * certificate and number of days by a conditional update of `reminded_days` — the sweep whose
 * update took the row is the one that notifies, so retries and overlapping sweeps never remind
 * twice — and the certificates that expired (`reminded_days` 0 once handled), with the running
 * permits of their holders to signal.
 */
export function createCertificateActivities({ dataSource: ds, now }: Pick<ActivityDeps, 'dataSource' | 'now'>) {
  return {
    async sweepCertificates({ sweepId }: { sweepId: string }): Promise<CertificateSweepResult> {
      return sweepCertificates(ds, now(), sweepId);
    },
  };
}

export async function sweepCertificates(ds: DataSource, at: Date, sweepId: string): Promise<CertificateSweepResult> {
  const policy = (await currentPolicy(ds)).document;
  const permitPolicy = policy.permit;
  const today = todayIn(at);
  const horizon = addDays(today, Math.max(0, ...permitPolicy.certificateReminderDays));
  const reminders: NotificationRequest[] = [];
  const lapses: PermitLapse[] = [];

  const due = await ds
    .getRepository(Certificate)
    .createQueryBuilder('c')
    .where('c.revoked_at IS NULL AND c.expires_on IS NOT NULL')
    .andWhere('c.expires_on >= :today AND c.expires_on <= :horizon', { today, horizon })
    .orderBy('c.expires_on', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .getMany();
  let claimed = 0;
  for (const c of due) {
    if (claimed >= MAX_CERTIFICATES_PER_SWEEP) break;
    const days = certificateReminderDue(permitPolicy, Date.parse(`${c.expiresOn}T00:00:00Z`), Date.parse(`${today}T00:00:00Z`));
    if (days === null || (c.remindedDays !== null && c.remindedDays <= days)) continue;
    const took = await ds.transaction(async (em) => {
      const r = await em
        .createQueryBuilder()
        .update(Certificate)
        .set({ remindedDays: days })
        .where('id = :id AND expires_on = :expiresOn AND revoked_at IS NULL', { id: c.id, expiresOn: c.expiresOn })
        .andWhere('(reminded_days IS NULL OR reminded_days > :days)', { days })
        .execute();
      if (!r.affected) return false;
      await appendAudit(em, {
        actorType: 'workflow',
        actor: sweepId,
        action: 'certificate.reminded',
        entityType: 'certificate',
        entityId: c.id,
        before: { remindedDays: c.remindedDays },
        after: { remindedDays: days, expiresOn: c.expiresOn },
        orgUnitId: null,
        at,
      });
      reminders.push(...(await reminderRequests(em, c, days, sweepId)));
      return true;
    });
    if (took) claimed++;
  }

  const expired = await ds
    .getRepository(Certificate)
    .createQueryBuilder('c')
    .where('c.revoked_at IS NULL AND c.expires_on IS NOT NULL AND c.expires_on < :today', { today })
    .andWhere('(c.reminded_days IS NULL OR c.reminded_days <> 0)')
    .orderBy('c.expires_on', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .limit(MAX_CERTIFICATES_PER_SWEEP)
    .getMany();
  let handled = 0;
  for (const c of expired) {
    await ds.transaction(async (em) => {
      const r = await em
        .createQueryBuilder()
        .update(Certificate)
        .set({ remindedDays: 0 })
        .where('id = :id AND (reminded_days IS NULL OR reminded_days <> 0)', { id: c.id })
        .execute();
      if (!r.affected) return;
      handled++;
      const affected = await permitsAffectedBy(em, permitPolicy, c, 'expired', at, today);
      await appendAudit(em, {
        actorType: 'workflow',
        actor: sweepId,
        action: 'certificate.expired',
        entityType: 'certificate',
        entityId: c.id,
        before: { remindedDays: c.remindedDays },
        after: { remindedDays: 0, expiresOn: c.expiresOn, permits: affected.map((a) => a.permitId) },
        orgUnitId: null,
        at,
      });
      lapses.push(...affected);
    });
  }
  return { policy, today, reminders, expired: handled, lapses };
}

export type CertificateActivities = ReturnType<typeof createCertificateActivities>;
