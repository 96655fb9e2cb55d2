import { Brackets, In, IsNull, type DataSource, EntityManager } from 'typeorm';
import {
  candidacyLevels,
  candidatesOf,
  REQUEST_APPROVALS,
  type CandidateGraph,
  type CandidateReason,
  type CandidateTask,
  type CandidateUnit,
  type CandidateUser,
} from '../domain/candidates';
import { Declaration, HazardEvent, OrgUnit, Permit, ScoreAdjustment, ScoreAppeal, Task, User, UserRole } from './entities';
import { currentPolicyShared } from './stores/policy-store';

/** An org unit as the chains of units are read (`unitsWithAncestors`). */
export interface ChainUnit {
  id: string;
  parentId: string | null;
  kind: OrgUnit['kind'];
  name: string;
  path: string;
  headPersonId: string | null;
  departmentFunction: OrgUnit['departmentFunction'];
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const UNIT_COLUMNS = 'id, parent_id, kind, name, path, head_person_id, department_function';

/** What `readUnitChains` read. */
export interface UnitChains {
  /** The units asked for and every unit above them. */
  units: Map<string, ChainUnit>;
  /** With `departments`: the departments directly under any of `units` (a plant's are all so). */
  departments: ChainUnit[];
  /** With `policyVersion`: the newest policy version (`currentPolicyVersion`). */
  policyVersion: number | null;
}

/** Unit id → path of every unit a read brought (the chains and their departments). */
export function unitPathsOf(read: UnitChains): Map<string, string> {
  const paths = new Map<string, string>();
  for (const u of read.units.values()) paths.set(u.id, u.path);
  for (const d of read.departments) paths.set(d.id, d.path);
  return paths;
}

/** Chains read just before a transaction, offered to the reads inside it (`offerUnitChains`). */
const offered = new WeakMap<EntityManager, { read: UnitChains; departments: boolean }>();

/**
 * Offers `read` (read with `departments` or not, and with the policy version) to the reads of the
 * transaction `em`: a read there whose units are all in it takes their chains from it instead of
 * the database (the opening of a report read its unit's chain a moment before: bench:processes).
 */
export function offerUnitChains(em: EntityManager, read: UnitChains, departments: boolean): void {
  if (read.policyVersion !== null) offered.set(em, { read, departments });
}

/**
 * The chains of `ids` from those offered to `em`, or null when they are not all there (or not read
 * as asked). A department read as one under the chains (the safety department a report's grading
 * task is for) is there with its chain, but not the departments under it.
 */
function offeredChainsOf(em: EntityManager, ids: readonly string[], opts: { departments?: boolean; policyVersion?: boolean }): UnitChains | null {
  const o = offered.get(em);
  if (!o || (opts.departments && !o.departments)) return null;
  const known = new Map(o.read.units);
  if (!opts.departments) for (const d of o.read.departments) if (!known.has(d.id)) known.set(d.id, d);
  if (!ids.every((id) => known.has(id))) return null;
  const units = new Map<string, ChainUnit>();
  for (const id of ids) for (let u = known.get(id); u && !units.has(u.id); u = u.parentId ? known.get(u.parentId) : undefined) units.set(u.id, u);
  return {
    units,
    departments: opts.departments ? o.read.departments.filter((d) => d.parentId !== null && units.has(d.parentId)) : [],
    policyVersion: opts.policyVersion ? o.read.policyVersion : null,
  };
}

type ChainRow = {
  src: string;
  id: string;
  parent_id: string | null;
  kind: OrgUnit['kind'];
  name: string;
  path: string;
  head_person_id: string | null;
  department_function: string | null;
  pv?: number | string | null;
};

/**
 * The units `ids` and every unit above them, each once, in one statement: a recursive walk up
 * `parent_id` (an index lookup per level; MariaDB, MySQL 8 and SQLite alike). Ids that name no
 * unit are left out. The same statement can bring the departments directly under those units
 * (`departments`) and the newest policy version (`policyVersion`).
 */
export async function readUnitChains(
  db: DataSource | EntityManager,
  ids: readonly string[],
  opts: { departments?: boolean; policyVersion?: boolean } = {},
): Promise<UnitChains> {
  const start = [...new Set(ids)];
  if (!start.length) return { units: new Map(), departments: [], policyVersion: null };
  const known = db instanceof EntityManager ? offeredChainsOf(db, start, opts) : null;
  if (known) return known;
  const pv = opts.policyVersion ? ', (SELECT MAX(version) FROM policy_versions) AS pv' : '';
  let sql =
    `WITH RECURSIVE chain(${UNIT_COLUMNS}) AS (` +
    `SELECT ${UNIT_COLUMNS} FROM org_units WHERE id IN (${marks(start.length)}) ` +
    `UNION SELECT p.id, p.parent_id, p.kind, p.name, p.path, p.head_person_id, p.department_function FROM org_units p INNER JOIN chain c ON p.id = c.parent_id` +
    `) SELECT 'c' AS src, ${UNIT_COLUMNS}${pv} FROM chain`;
  if (opts.departments)
    sql +=
      ` UNION ALL SELECT 'd' AS src, d.id, d.parent_id, d.kind, d.name, d.path, d.head_person_id, d.department_function${pv} FROM org_units d` +
      ` WHERE d.kind = 'department' AND d.parent_id IN (SELECT id FROM chain)`;
  const rows = (await db.query(sql, start)) as ChainRow[];
  const unit = (r: ChainRow): ChainUnit => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    path: r.path,
    headPersonId: r.head_person_id,
    departmentFunction: r.department_function as OrgUnit['departmentFunction'],
  });
  const units = new Map(rows.filter((r) => r.src === 'c').map((r): [string, ChainUnit] => [r.id, unit(r)]));
  const departments = rows.filter((r) => r.src === 'd').map(unit);
  const found = rows[0]?.pv;
  return { units, departments, policyVersion: found == null ? null : Number(found) };
}

/** The units `ids` and every unit above them, each once, in one statement (`readUnitChains`). */
export async function unitsWithAncestors(db: DataSource | EntityManager, ids: readonly string[]): Promise<Map<string, ChainUnit>> {
  return (await readUnitChains(db, ids)).units;
}

/** The units of `chain` above (or at) the unit with `path`, nearest first. */
export function chainOf(chain: ReadonlyMap<string, ChainUnit>, path: string): ChainUnit[] {
  return path
    .split('/')
    .filter(Boolean)
    .reverse()
    .map((id) => chain.get(id))
    .filter((u): u is ChainUnit => !!u);
}

/** The nearest unit of one of `kinds` among `chain` (nearest first), if any. */
export function nearestOf(chain: readonly ChainUnit[], kinds: readonly OrgUnit['kind'][]): ChainUnit | undefined {
  return chain.find((u) => kinds.includes(u.kind));
}

/**
 * The responders of `unitIds` and the active logins of those responders and of the persons in
 * `headPersonIds`, in one statement.
 */
async function respondersAndLogins(
  db: DataSource | EntityManager,
  unitIds: readonly string[],
  headPersonIds: readonly string[],
): Promise<{ responderRows: { orgUnitId: string; personId: string }[]; personUsers: CandidateUser[] }> {
  if (!unitIds.length && !headPersonIds.length) return { responderRows: [], personUsers: [] };
  const persons: string[] = [];
  const params: unknown[] = [];
  const parts: string[] = [];
  if (unitIds.length) {
    parts.push(
      `SELECT r.org_unit_id AS unitId, r.person_id AS personId, NULL AS userId, NULL AS seatUnitId FROM unit_responders r WHERE r.org_unit_id IN (${marks(unitIds.length)})`,
    );
    params.push(...unitIds);
    persons.push(`u.person_id IN (SELECT r2.person_id FROM unit_responders r2 WHERE r2.org_unit_id IN (${marks(unitIds.length)}))`);
  }
  if (headPersonIds.length) persons.push(`u.person_id IN (${marks(headPersonIds.length)})`);
  parts.push(
    `SELECT NULL AS unitId, u.person_id AS personId, u.id AS userId, u.org_unit_id AS seatUnitId FROM users u WHERE u.active = 1 AND (${persons.join(' OR ')})`,
  );
  if (unitIds.length) params.push(...unitIds);
  params.push(...headPersonIds);
  const rows = (await db.query(parts.join(' UNION ALL '), params)) as {
    unitId: string | null;
    personId: string;
    userId: string | null;
    seatUnitId: string | null;
  }[];
  const responderRows: { orgUnitId: string; personId: string }[] = [];
  const personUsers: CandidateUser[] = [];
  for (const r of rows) {
    if (r.userId) personUsers.push({ userId: r.userId, personId: r.personId, seatUnitId: r.seatUnitId! });
    else responderRows.push({ orgUnitId: r.unitId!, personId: r.personId });
  }
  return { responderRows, personUsers };
}

/**
 * The org graph domain/candidates.ts reasons over, loaded with SQL: the units (all of them, or the
 * chains of the given units), their responders, the logins of heads and responders, and the
 * active holders of the given roles.
 */
export async function loadCandidateGraph(
  db: DataSource | EntityManager,
  opts: { unitIds?: readonly string[]; roles?: readonly string[] } = {},
): Promise<CandidateGraph> {
  let units: { id: string; path: string; name: string; headPersonId: string | null }[];
  let policyVersion: number | null = null;
  if (opts.unitIds) {
    // The units and their chains in one statement, which also says which policy is in force.
    const read = await readUnitChains(db, opts.unitIds, { policyVersion: true });
    units = [...read.units.values()];
    policyVersion = read.policyVersion;
  } else {
    units = await db.getRepository(OrgUnit).find();
  }
  const unitIds = units.map((u) => u.id);
  const heads = [...new Set(units.map((u) => u.headPersonId).filter((x): x is string => !!x))];
  const { responderRows, personUsers } = await respondersAndLogins(db, unitIds, heads);
  const roles = [...new Set(opts.roles ?? [])];
  const holderRows = roles.length
    ? await db
        .getRepository(User)
        .createQueryBuilder('u')
        .innerJoin(UserRole, 'r', 'r.user_id = u.id')
        .select(['u.id AS userId', 'u.person_id AS personId', 'u.org_unit_id AS seatUnitId', 'r.role AS role'])
        .where('u.active = :active', { active: true })
        .andWhere('r.role IN (:...roles)', { roles })
        .getRawMany<CandidateUser & { role: string }>()
    : [];
  const usersByPerson = new Map<string, CandidateUser[]>();
  for (const u of personUsers) usersByPerson.set(u.personId!, [...(usersByPerson.get(u.personId!) ?? []), u]);
  const responders = new Map<string, string[]>();
  for (const r of responderRows) responders.set(r.orgUnitId, [...(responders.get(r.orgUnitId) ?? []), r.personId]);
  const holders = new Map<string, CandidateUser[]>();
  for (const h of holderRows) holders.set(h.role, [...(holders.get(h.role) ?? []), { userId: h.userId, personId: h.personId, seatUnitId: h.seatUnitId }]);
  // Through `db` itself: inside a transaction, another connection from the pool could be the one that never comes (every connection held by a transaction waiting for one).
  // Read only: the shared, parsed-once view of the version in force.
  const policy = await currentPolicyShared(db, policyVersion ?? undefined);
  return {
    selfReview: policy.document.tasks.selfReview,
    units: new Map(units.map((u): [string, CandidateUnit] => [u.id, { id: u.id, path: u.path, name: u.name, headPersonId: u.headPersonId }])),
    responders,
    usersByPerson,
    holders,
  };
}

/** Usernames of who asked for each approval task (the requester never decides it). */
export async function requestersOf(
  db: DataSource | EntityManager,
  tasks: readonly Pick<Task, 'id' | 'workflowId' | 'taskType'>[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const of = (type: string) => tasks.filter((t) => t.taskType === type);
  const extensions = of('hazard.extension_approval');
  if (extensions.length) {
    const events = await db
      .getRepository(HazardEvent)
      .findBy({ type: 'extension_requested', hazardId: In([...new Set(extensions.map((t) => t.workflowId.split(':').pop()!))]) });
    for (const e of events) {
      const taskId = (JSON.parse(e.data) as { taskId?: string }).taskId;
      if (taskId) out.set(taskId, e.actor);
    }
  }
  const byWorkflow = async (type: string, rows: (wfs: string[]) => Promise<{ workflowId: string; by: string }[]>) => {
    const ts = of(type);
    if (!ts.length) return;
    const found = await rows([...new Set(ts.map((t) => t.workflowId))]);
    for (const t of ts) {
      const r = found.find((x) => x.workflowId === t.workflowId);
      if (r) out.set(t.id, r.by);
    }
  };
  await byWorkflow('appeal.review', async (wfs) =>
    (await db.getRepository(ScoreAppeal).findBy({ workflowId: In(wfs) })).map((a) => ({ workflowId: a.workflowId, by: a.appellant })),
  );
  await byWorkflow('adjustment.approve', async (wfs) =>
    (await db.getRepository(ScoreAdjustment).findBy({ workflowId: In(wfs) })).map((a) => ({ workflowId: a.workflowId, by: a.proposedBy })),
  );
  await byWorkflow('declaration.review', async (wfs) =>
    (await db.getRepository(Declaration).findBy({ workflowId: In(wfs) })).map((a) => ({ workflowId: a.workflowId, by: a.declaredBy })),
  );
  // A permit's approvals: never its requester (the workflow also refuses the crew).
  await byWorkflow('permit.approve', async (wfs) => {
    const permits = await db.getRepository(Permit).findBy({ workflowId: In(wfs) });
    const users = permits.length ? await db.getRepository(User).findBy({ id: In(permits.map((x) => x.requesterUserId)) }) : [];
    return permits.flatMap((x) => {
      const u = users.find((y) => y.id === x.requesterUserId);
      return u ? [{ workflowId: x.workflowId, by: u.username }] : [];
    });
  });
  return out;
}

export type TaskForCandidates = CandidateTask & Pick<Task, 'id' | 'workflowId'>;

/** The candidates (user id → why) of each task, the requester of an approval left out. */
export async function resolveCandidates(
  db: DataSource | EntityManager,
  tasks: readonly TaskForCandidates[],
): Promise<Map<string, Map<string, CandidateReason>>> {
  const out = new Map<string, Map<string, CandidateReason>>();
  if (!tasks.length) return out;
  const [graph, requesters] = await Promise.all([
    loadCandidateGraph(db, { unitIds: tasks.map((t) => t.orgUnitId), roles: tasks.map((t) => t.candidateRole).filter((r): r is string => !!r) }),
    requestersOf(db, tasks),
  ]);
  const requesterNames = [...new Set(requesters.values())];
  const requesterUsers = requesterNames.length ? await db.getRepository(User).findBy({ username: In(requesterNames) }) : [];
  for (const t of tasks) {
    const by = requesters.get(t.id);
    const exclude = new Set(by ? requesterUsers.filter((u) => u.username === by).map((u) => u.id) : []);
    out.set(t.id, candidatesOf(t, graph, exclude));
  }
  return out;
}

/** One task's candidates. */
export async function candidatesOfTask(db: DataSource | EntityManager, task: TaskForCandidates): Promise<Map<string, CandidateReason>> {
  return (await resolveCandidates(db, [task])).get(task.id)!;
}

/**
 * Restricts an inbox query (tasks aliased `t`) to the open, unassigned tasks the user is a
 * candidate for, with the same rule as `resolveCandidates`: per unit and role, the escalation
 * level from which the user's rung is reached; approvals the user asked for are left out.
 */
export async function whereCandidate(db: DataSource | EntityManager, user: { userId: string; username: string; roles: readonly string[] }): Promise<Brackets> {
  const graph = await loadCandidateGraph(db, { roles: user.roles });
  const neverSelf = Object.entries(graph.selfReview ?? {})
    .filter(([, v]) => !v)
    .map(([k]) => k);
  const clauses: { sql: string; params: Record<string, unknown> }[] = [];
  let n = 0;
  const add = (role: string | null, typeFilter: 'self' | 'noself' | null, levels: Map<string, number>) => {
    if (typeFilter === 'noself' && !neverSelf.length) return; // every task type may review itself
    if (typeFilter === 'self' && !neverSelf.length) typeFilter = null;
    const byLevel = new Map<number, string[]>();
    for (const [unitId, level] of levels) byLevel.set(level, [...(byLevel.get(level) ?? []), unitId]);
    for (const [level, unitIds] of byLevel) {
      const k = n++;
      const parts = [role ? `t.candidate_role = :cr${k}` : 't.candidate_role IS NULL', `t.org_unit_id IN (:...cu${k})`];
      if (level > 0) parts.push(`t.escalation_level >= :cl${k}`);
      if (typeFilter === 'noself') parts.push(`t.task_type IN (:...nst${k})`);
      if (typeFilter === 'self') parts.push(`t.task_type NOT IN (:...nst${k})`);
      clauses.push({ sql: `(${parts.join(' AND ')})`, params: { [`cr${k}`]: role, [`cu${k}`]: unitIds, [`cl${k}`]: level, [`nst${k}`]: neverSelf } });
    }
  };
  add(null, null, candidacyLevels(user.userId, null, true, graph));
  const roleUnits = new Set<string>();
  for (const role of user.roles) {
    for (const selfReview of [true, false]) {
      const levels = candidacyLevels(user.userId, role, selfReview, graph);
      add(role, selfReview ? 'self' : 'noself', levels);
      for (const unitId of levels.keys()) roleUnits.add(unitId);
    }
  }
  // An approval whose nearest holder asked for it goes to the next rung before any escalation:
  // those few are checked one by one with the full rule.
  const approvals = roleUnits.size
    ? await db.getRepository(Task).find({
        where: {
          status: 'open',
          assigneeUserId: IsNull(),
          taskType: In([...REQUEST_APPROVALS]),
          candidateRole: In([...user.roles]),
          orgUnitId: In([...roleUnits]),
        },
        take: 500,
      })
    : [];
  const resolved = await resolveCandidates(db, approvals);
  const passedOn = approvals.filter((t) => resolved.get(t.id)?.has(user.userId)).map((t) => t.id);
  const requested = await requestedBy(db, user.username);
  if (passedOn.length) clauses.push({ sql: 't.id IN (:...passedOn)', params: { passedOn } });
  return new Brackets((w) => {
    if (!clauses.length) {
      w.where('1 = 0');
      return;
    }
    w.where(
      new Brackets((c) => {
        for (const [i, cl] of clauses.entries()) {
          if (i === 0) c.where(cl.sql, cl.params);
          else c.orWhere(cl.sql, cl.params);
        }
      }),
    );
    if (requested.taskIds.length) w.andWhere('t.id NOT IN (:...reqIds)', { reqIds: requested.taskIds });
    if (requested.workflowIds.length)
      w.andWhere('NOT (t.task_type IN (:...reqTypes) AND t.workflow_id IN (:...reqWfs))', { reqTypes: REQUEST_APPROVALS, reqWfs: requested.workflowIds });
  });
}

/** Approval tasks and processes the user asked for. */
async function requestedBy(db: DataSource | EntityManager, username: string): Promise<{ taskIds: string[]; workflowIds: string[] }> {
  const [events, appeals, adjustments, declarations] = await Promise.all([
    db.getRepository(HazardEvent).findBy({ type: 'extension_requested', actor: username }),
    db.getRepository(ScoreAppeal).findBy({ appellant: username, status: 'open' }),
    db.getRepository(ScoreAdjustment).findBy({ proposedBy: username, status: 'pending' }),
    db.getRepository(Declaration).findBy({ declaredBy: username, status: 'pending' }),
  ]);
  return {
    taskIds: events.map((e) => (JSON.parse(e.data) as { taskId?: string }).taskId).filter((x): x is string => !!x),
    workflowIds: [...appeals, ...adjustments, ...declarations].map((r) => r.workflowId),
  };
}
