/**
 * The permit's rules as pure functions of the policy (domain/permit/policy.ts): gas readings
 * against the limits, a test's freshness, approvers by level and who may not approve, the validity
 * window, simultaneous-operation conflicts and the certificates a crew lacks. The workflow, the
 * activities and the API all decide with these, so a rule lives in one place. Deterministic.
 */
import type { CertificateType, CrewRole, GasKind, PermitLevel, PermitType } from './constants';
import { GAS_KINDS } from './constants';
import { permitKey, type ApproverRole, type GasLimit, type PermitPolicy } from './policy';

export type GasReadings = Partial<Record<GasKind, number>>;

/** A reading outside its limit: which bound it broke. */
export interface GasFailure {
  kind: GasKind;
  value: number;
  limit: GasLimit;
}

export interface GasVerdict {
  /** Every limited gas was read, and every reading is within its limit. */
  passed: boolean;
  failures: GasFailure[];
  /** Gases the policy limits for this type that the test did not read. */
  missing: GasKind[];
}

/** The limits a type is tested against; null when the type needs no gas test. */
export function gasLimitsFor(policy: PermitPolicy, type: PermitType): Partial<Record<GasKind, GasLimit>> | null {
  const limits = policy.gas.limits[type];
  return limits && Object.keys(limits).length > 0 ? limits : null;
}

export const needsGasTest = (policy: PermitPolicy, type: PermitType): boolean => gasLimitsFor(policy, type) !== null;

const within = (value: number, l: GasLimit): boolean =>
  (l.atLeast === undefined || value >= l.atLeast) && (l.atMost === undefined || value <= l.atMost) && (l.below === undefined || value < l.below);

/** Judges a gas test's readings for a type: any reading out of limits, or any limited gas not read, fails. */
export function judgeGasTest(policy: PermitPolicy, type: PermitType, readings: GasReadings): GasVerdict {
  const limits = gasLimitsFor(policy, type) ?? {};
  const failures: GasFailure[] = [];
  const missing: GasKind[] = [];
  for (const kind of GAS_KINDS) {
    const limit = limits[kind];
    if (!limit) continue;
    const value = readings[kind];
    if (typeof value !== 'number' || !Number.isFinite(value)) missing.push(kind);
    else if (!within(value, limit)) failures.push({ kind, value, limit });
  }
  return { passed: failures.length === 0 && missing.length === 0, failures, missing };
}

/** A test taken at `takenAt` still counts at `at` (both epoch ms): not from the future, and at most `freshFor` old. */
export const isGasTestFresh = (policy: PermitPolicy, takenAt: number, at: number): boolean => takenAt <= at && at - takenAt <= policy.gas.freshFor * 1000;

/** The approver roles of a type and level, in the order they approve. */
export const approversFor = (policy: PermitPolicy, type: PermitType, level: PermitLevel): readonly ApproverRole[] =>
  policy.approvals[permitKey(type, level)] ?? [];

/** Why someone may not approve a step of a permit (null: they may). */
export type ApprovalRefusal = 'requester' | 'crew' | 'lacks_role' | 'delegate_lacks_role';

/**
 * Whether a person may approve the step of `role`: never the requester or a member of the crew
 * (nobody approves their own work), and only with the role itself — a delegate acting for a holder
 * must hold the role too (delegation never lends a right).
 */
export function approvalRefusal(p: {
  approverUserId: string;
  approverRoles: readonly string[];
  requesterUserId: string;
  crewUserIds: readonly string[];
  role: ApproverRole;
  /** Set when the approver acts on a task delegated to them. */
  delegated?: boolean;
}): ApprovalRefusal | null {
  if (p.approverUserId === p.requesterUserId) return 'requester';
  if (p.crewUserIds.includes(p.approverUserId)) return 'crew';
  if (!p.approverRoles.includes(p.role)) return p.delegated ? 'delegate_lacks_role' : 'lacks_role';
  return null;
}

/** The end of an issued permit's validity (epoch ms): the requested end, or the policy's longest validity from issue, whichever is first. */
export function validUntil(policy: PermitPolicy, type: PermitType, level: PermitLevel, issuedAt: number, requestedEnd: number): number {
  const longest = issuedAt + policy.validity[permitKey(type, level)] * 1000;
  return Math.min(longest, requestedEnd);
}

/** A permit holding an area for a time window (epoch ms). */
export interface AreaPermit {
  id: string;
  type: PermitType;
  areaId: string;
  from: number;
  to: number;
}

/** Types the policy forbids side by side with `type`. */
export function conflictingTypes(policy: PermitPolicy, type: PermitType): PermitType[] {
  const out = new Set<PermitType>();
  for (const [a, b] of policy.conflicts) {
    if (a === type) out.add(b);
    if (b === type) out.add(a);
  }
  return [...out];
}

/** Running permits in the same area, with overlapping windows, of a type the policy forbids beside the request's. */
export function conflictsWith(policy: PermitPolicy, request: Omit<AreaPermit, 'id'> & { id?: string }, running: readonly AreaPermit[]): AreaPermit[] {
  const types = conflictingTypes(policy, request.type);
  return running.filter((p) => p.id !== request.id && p.areaId === request.areaId && types.includes(p.type) && p.from < request.to && request.from < p.to);
}

export interface CrewMember {
  personId: string;
  role: CrewRole;
}

export interface Certificate {
  personId: string;
  type: CertificateType;
  /** Epoch ms; null: does not expire. */
  expiresAt: number | null;
  revoked: boolean;
}

/** A crew member without a certificate the policy asks of their role, valid through the window. */
export interface CertificateProblem {
  personId: string;
  role: CrewRole;
  needs: CertificateType[];
  /** missing: none held; lapses: one held, but it expires before the window ends. */
  reason: 'missing' | 'lapses';
}

/** The certificates each member of a crew lacks for a permit of `type` worked from `from` to `to` (epoch ms). */
export function crewCertificateProblems(
  policy: PermitPolicy,
  type: PermitType,
  crew: readonly CrewMember[],
  certificates: readonly Certificate[],
  window: { from: number; to: number },
): CertificateProblem[] {
  const required = policy.certificates[type] ?? {};
  const problems: CertificateProblem[] = [];
  for (const member of crew) {
    const needs = required[member.role];
    if (!needs?.length) continue;
    const held = certificates.filter((c) => c.personId === member.personId && needs.includes(c.type) && !c.revoked);
    if (held.some((c) => c.expiresAt === null || c.expiresAt >= window.to)) continue;
    const current = held.some((c) => c.expiresAt !== null && c.expiresAt > window.from);
    problems.push({ personId: member.personId, role: member.role, needs: [...needs], reason: current ? 'lapses' : 'missing' });
  }
  return problems;
}

/** The reminder (days before expiry) due at `now` for a certificate expiring at `expiresAt`: the smallest threshold already reached; null when none is. */
export function certificateReminderDue(policy: PermitPolicy, expiresAt: number, now: number): number | null {
  const daysLeft = (expiresAt - now) / 86_400_000;
  if (daysLeft < 0) return null;
  const reached = policy.certificateReminderDays.filter((d) => daysLeft <= d);
  return reached.length ? Math.min(...reached) : null;
}
