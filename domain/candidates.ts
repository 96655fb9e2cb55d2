/**
 * Who a task is for (SPEC §2): the one definition the inbox, claims, delegation, completion,
 * notifications, reminders and escalations all use. Pure: the caller loads the org graph
 * (db/candidates.ts) and asks.
 *
 * - A task without a candidate role is for its unit's **responders**: the unit's head plus the
 *   people the unit names as responders — not every member. A unit with none (a workshop without
 *   a head) hands its tasks to the nearest enclosing unit that has some.
 * - A task with a candidate role is for the **holders of that role whose scope covers the task's
 *   unit** (their login's unit is the task's unit or encloses it), the nearest enclosing unit that
 *   has holders first. Holders sitting in the task's unit itself count only where the task type
 *   lets a unit review itself (`SELF_REVIEW`; never for scores, appeals, adjustments,
 *   declarations) — except the unit's own head, who is responsible for it, and except at the top
 *   of the tree, where no holder above could review it.
 * - Escalation widens the circle one rung per level: at escalation level n the first n+1 rungs
 *   are candidates ("the ladder above it").
 * - The requester of an approval is never a candidate for it; when that empties the circle, the
 *   next rung up takes it.
 */

/** Why someone is a candidate: head or named responder of a unit, or holder of the role with that unit as scope. */
export type CandidateReason =
  | { kind: 'head'; unitId: string; unitName: string }
  | { kind: 'responder'; unitId: string; unitName: string }
  | { kind: 'role'; role: string; unitId: string; unitName: string };

export interface CandidateUnit {
  id: string;
  path: string;
  name: string;
  headPersonId: string | null;
}

export interface CandidateUser {
  userId: string;
  personId: string | null;
  /** The login's org unit: the root of the user's scope. */
  seatUnitId: string;
}

export interface CandidateGraph {
  /** Every unit on the chains asked about (a task's unit and its ancestors). */
  units: ReadonlyMap<string, CandidateUnit>;
  /** Person ids each unit names as responders. */
  responders: ReadonlyMap<string, readonly string[]>;
  /** Active logins by person id. */
  usersByPerson: ReadonlyMap<string, readonly CandidateUser[]>;
  /** Active holders of each role. */
  holders: ReadonlyMap<string, readonly CandidateUser[]>;
  /** The policy's `tasks.selfReview` (default `SELF_REVIEW`). */
  selfReview?: Readonly<Record<string, boolean>>;
}

export interface CandidateTask {
  orgUnitId: string;
  candidateRole: string | null;
  taskType: string;
  escalationLevel: number;
}

export interface Rung {
  unitId: string;
  members: Map<string, CandidateReason>;
}

/**
 * Task types whose unit may review itself: a holder of the candidate role sitting in the task's
 * own unit is a candidate. The default is yes; scores, appeals, adjustments and declarations
 * are never reviewed by the unit they are about. The policy's `tasks.selfReview` holds the map
 * in force (this is its default).
 */
export const SELF_REVIEW: Readonly<Record<string, boolean>> = {
  'assessment.review': false,
  'appeal.review': false,
  'adjustment.approve': false,
  'declaration.review': false,
};

export function selfReviewAllowed(taskType: string, policy: Readonly<Record<string, boolean>> = SELF_REVIEW): boolean {
  return policy[taskType] ?? true;
}

/** Task types decided by someone other than the person who asked for them. */
export const REQUEST_APPROVALS: readonly string[] = ['hazard.extension_approval', 'appeal.review', 'adjustment.approve', 'declaration.review'];

/** The unit and its ancestors, nearest first (units missing from the graph are skipped). */
export function chainOf(unitId: string, g: CandidateGraph): CandidateUnit[] {
  const unit = g.units.get(unitId);
  if (!unit) return [];
  return unit.path
    .split('/')
    .filter(Boolean)
    .reverse()
    .map((id) => g.units.get(id))
    .filter((u): u is CandidateUnit => !!u);
}

/** Rungs of responders from the unit up: each unit with a head or named responders who can log in. */
export function responderRungs(unitId: string, g: CandidateGraph): Rung[] {
  const rungs: Rung[] = [];
  for (const u of chainOf(unitId, g)) {
    const members = new Map<string, CandidateReason>();
    for (const personId of g.responders.get(u.id) ?? [])
      for (const user of g.usersByPerson.get(personId) ?? []) members.set(user.userId, { kind: 'responder', unitId: u.id, unitName: u.name });
    if (u.headPersonId)
      for (const user of g.usersByPerson.get(u.headPersonId) ?? []) members.set(user.userId, { kind: 'head', unitId: u.id, unitName: u.name });
    if (members.size) rungs.push({ unitId: u.id, members });
  }
  return rungs;
}

/** Rungs of role holders whose scope covers the unit, nearest enclosing unit first. */
export function roleRungs(unitId: string, role: string, selfReview: boolean, g: CandidateGraph): Rung[] {
  const bySeat = new Map<string, CandidateUser[]>();
  for (const h of g.holders.get(role) ?? []) bySeat.set(h.seatUnitId, [...(bySeat.get(h.seatUnitId) ?? []), h]);
  const rungs: Rung[] = [];
  /** Holders sitting in the unit itself who may not review it (unless nobody above can). */
  const selfHolders = new Map<string, CandidateReason>();
  for (const u of chainOf(unitId, g)) {
    const own = u.id === unitId;
    const members = new Map<string, CandidateReason>();
    for (const h of bySeat.get(u.id) ?? []) {
      const reason: CandidateReason = { kind: 'role', role, unitId: u.id, unitName: u.name };
      if (own && !selfReview && !(u.headPersonId && h.personId === u.headPersonId)) selfHolders.set(h.userId, reason);
      else members.set(h.userId, reason);
    }
    if (members.size) rungs.push({ unitId: u.id, members });
  }
  // At the top of the tree (no holder above, e.g. the company's own cycle) the unit's holders review it: someone must.
  if (!rungs.length && selfHolders.size) rungs.push({ unitId, members: selfHolders });
  return rungs;
}

export function rungsFor(task: Pick<CandidateTask, 'orgUnitId' | 'candidateRole' | 'taskType'>, g: CandidateGraph): Rung[] {
  return task.candidateRole
    ? roleRungs(task.orgUnitId, task.candidateRole, selfReviewAllowed(task.taskType, g.selfReview), g)
    : responderRungs(task.orgUnitId, g);
}

/**
 * The candidates of a task with why each one is: the first `escalationLevel + 1` rungs, less
 * the excluded (the requester of an approval); if nobody is left, the next rung that has someone.
 */
export function candidatesOf(task: CandidateTask, g: CandidateGraph, exclude: ReadonlySet<string> = new Set()): Map<string, CandidateReason> {
  const out = new Map<string, CandidateReason>();
  const rungs = rungsFor(task, g);
  for (const [i, rung] of rungs.entries()) {
    if (i > Math.max(0, task.escalationLevel) && out.size > 0) break;
    for (const [userId, reason] of rung.members) if (!exclude.has(userId) && !out.has(userId)) out.set(userId, reason);
  }
  return out;
}

/**
 * Where a user is a candidate, for inbox queries: for each unit, the lowest escalation level at
 * which the user's rung is reached. Computed over every unit of the graph; `exclude` is ignored
 * here (the caller filters approvals the user asked for).
 */
export function candidacyLevels(userId: string, role: string | null, selfReview: boolean, g: CandidateGraph): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of g.units.values()) {
    const rungs = role ? roleRungs(u.id, role, selfReview, g) : responderRungs(u.id, g);
    const i = rungs.findIndex((r) => r.members.has(userId));
    if (i >= 0) out.set(u.id, i);
  }
  return out;
}

export interface DelegationTarget {
  userId: string;
  personId: string | null;
  seatUnitId: string;
  roles: readonly string[];
  /** Paths of the units the user belongs to (login's unit, person's unit). */
  memberPaths: readonly string[];
}

/**
 * Could the task have been given to this user? (Delegation and reassignment keep the rules.)
 * A role task: a holder of the role whose scope covers the task's unit (a holder inside the unit
 * only where the unit may review itself, or its head), never the requester. A unit task: a
 * responder of the unit or of a unit above it, or a member of the unit.
 */
export function mayBeGiven(
  task: Pick<CandidateTask, 'orgUnitId' | 'candidateRole' | 'taskType'>,
  g: CandidateGraph,
  u: DelegationTarget,
  requesters: ReadonlySet<string> = new Set(),
): boolean {
  if (requesters.has(u.userId)) return false;
  const unit = g.units.get(task.orgUnitId);
  if (!unit) return false;
  if (task.candidateRole) {
    if (!u.roles.includes(task.candidateRole)) return false;
    return roleRungs(task.orgUnitId, task.candidateRole, selfReviewAllowed(task.taskType, g.selfReview), g).some((r) => r.members.has(u.userId));
  }
  if (responderRungs(task.orgUnitId, g).some((r) => r.members.has(u.userId))) return true;
  return u.memberPaths.some((m) => m.startsWith(unit.path));
}
