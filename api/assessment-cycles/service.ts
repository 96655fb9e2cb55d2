import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type CalendarSpec, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { factsBehind, rulesetOf, scoreCycleInput, snapshotId, writeSnapshot } from '../../activities/shared/scoring-data';
import { appendAudit } from '../../db/audit/audit-log';
import { AssessmentCycle, BehaviourRatingRow, Fact, OrgUnit, Person, Post, ScoreResult, ScoreSnapshot, Task } from '../../db/entities';
import { escapeLike } from '../../db/sql';
import { shownSubjects, subjectKey, supersededBy } from '../../db/stores/score-version-store';
import { currentPolicy } from '../../db/stores/policy-store';
import { currentRuleset, getRuleset } from '../../db/stores/ruleset-store';
import { CYCLE_CATCHUP_WINDOW_SECONDS, parsePeriod, type Cadence } from '../../domain/assessment-cycle/period';
import { whatIf } from '../../domain/scoring';
import { explanationIn } from '../../domain/scoring/explain';
import { reader } from '../platform/reader';
import { cycleId, cycleStateQuery, cycleWorkflowId, type CycleInput, type ScheduledCycle } from '../../workflows/assessment-cycle/messages';
import { AssessmentCycleLauncherWorkflow, AssessmentCycleWorkflow } from '../../workflows/assessment-cycle/workflow';
import { hasRole, inScope, seesEverything } from '../platform/access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import type { Principal } from '../platform/route';
import { named, nameOf } from '../platform/names';

/** A stored line as the evidence drill-down reads it. */
interface EvidenceLine {
  indicatorCode?: string;
  ruleCode?: string;
  n: number;
  factIds: string[];
}

/** Who runs cycles and reads everyone's scores in their scope. */
export const CYCLE_ROLES = ['admin', 'hr', 'manager'] as const;

export function cycleScheduleId(scopeOrgUnitId: string, cadence: Cadence): string {
  return `AssessmentCycle:${cadence}:${scopeOrgUnitId}`;
}

const CRON: Record<Cadence, Pick<CalendarSpec, 'dayOfWeek' | 'dayOfMonth' | 'month'>> = {
  weekly: { dayOfWeek: 'MONDAY' },
  monthly: { dayOfMonth: 1 },
  quarterly: { dayOfMonth: 1, month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'] },
};

/**
 * Brings cycle schedules saved before the launcher scored in the schedule's own zone up to date
 * (idempotent, at every start): Temporal's catch-up window bounded per cadence instead of its
 * default year, and the zone, window and set-up time carried in the action's args.
 */
export async function upgradeCycleSchedules(client: Client): Promise<{ upgraded: string[] }> {
  const upgraded: string[] = [];
  for await (const s of client.schedule.list()) {
    const m = /^AssessmentCycle:(weekly|monthly|quarterly):(.+)$/.exec(s.scheduleId);
    if (!m) continue;
    const cadence = m[1] as Cadence;
    const window = CYCLE_CATCHUP_WINDOW_SECONDS[cadence];
    const handle = client.schedule.getHandle(s.scheduleId);
    const argsOf = (d: { action: unknown }) => ((d.action as { args?: unknown[] }).args?.[0] as { scheduled?: ScheduledCycle } | undefined)?.scheduled;
    const current = (d: { action: unknown; policies: { catchupWindow?: number } }) => {
      const scheduled = argsOf(d);
      return !scheduled || (!!scheduled.timeZone && scheduled.catchupWindowSeconds === window && Number(d.policies.catchupWindow ?? Infinity) <= window * 1000);
    };
    try {
      if (current(await handle.describe())) continue;
      await handle.update((prev) => {
        const scheduled = argsOf(prev)!;
        const next: ScheduledCycle = {
          ...scheduled,
          timeZone: scheduled.timeZone ?? (prev.spec.timezone || 'UTC'),
          catchupWindowSeconds: window,
          since: scheduled.since ?? new Date().toISOString(),
        };
        return {
          ...prev,
          action: { ...prev.action, args: [{ scheduled: next }] } as typeof prev.action,
          policies: { ...prev.policies, catchupWindow: window * 1000 },
        };
      });
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) continue;
      throw err;
    }
    upgraded.push(s.scheduleId);
  }
  return { upgraded };
}

/** Assessment cycles, snapshots and scores through the API. */
export class CycleService {
  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  private async scopeUnit(p: Principal, id: string, field: string): Promise<OrgUnit> {
    const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id });
    if (!unit || !inScope(p, unit.path)) throw new ValidationError([{ path: field, message: 'no such org unit in your scope' }]);
    return unit;
  }

  /** Starts the cycle of a scope and period (idempotent: the same scope and period is the same cycle). */
  async start(p: Principal, b: { scopeOrgUnitId: string; period: string; rulesetVersion?: number }) {
    if (!hasRole(p, ...CYCLE_ROLES)) throw new ForbiddenError('Only HR, managers and admins run assessment cycles');
    const unit = await this.scopeUnit(p, b.scopeOrgUnitId, 'body.scopeOrgUnitId');
    const period = parsePeriod(b.period);
    if (!period) throw new ValidationError([{ path: 'body.period', message: 'expected 2026-11 (month), 2026-Q4 (quarter) or 2026-W47 (ISO week)' }]);
    if (Date.parse(period.start) > Date.now()) throw new ValidationError([{ path: 'body.period', message: 'the period has not started yet' }]);
    if (b.rulesetVersion !== undefined) {
      const r = await getRuleset(this.ds, b.rulesetVersion);
      if (!r || r.status !== 'published') throw new ValidationError([{ path: 'body.rulesetVersion', message: 'must be a published ruleset version' }]);
    }
    const id = cycleId(unit.id, period.label);
    const workflowId = cycleWorkflowId(id);
    const policy = await currentPolicy(this.ds);
    const input: CycleInput = {
      request: {
        cycleId: id,
        scopeOrgUnitId: unit.id,
        cadence: period.cadence,
        period: period.label,
        periodStart: period.start,
        periodEnd: period.end,
        rulesetVersion: b.rulesetVersion ?? null,
        startedBy: p.username,
      },
      policy: policy.document,
      policyVersion: policy.version,
    };
    try {
      await this.client.workflow.start(AssessmentCycleWorkflow, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      return { cycleId: id, workflowId, created: true };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { cycleId: id, workflowId, created: false };
      throw err;
    }
  }

  /** Cycles of scopes inside the caller's subtree, and of the scopes the caller belongs to (their company's cycle). */
  private async visible(p: Principal) {
    const qb = this.ds.getRepository(AssessmentCycle).createQueryBuilder('c').innerJoin(OrgUnit, 'ou', 'ou.id = c.scope_org_unit_id');
    if (!seesEverything(p)) {
      const ancestors = p.orgUnitPath.split('/').filter(Boolean);
      qb.andWhere('(ou.path LIKE :scope OR ou.id IN (:...ancestors))', { scope: `${escapeLike(p.orgUnitPath)}%`, ancestors });
    }
    return qb;
  }

  async list(p: Principal, f: { status?: string; page: number; pageSize: number }) {
    const qb = await this.visible(p);
    if (f.status) qb.andWhere('c.status = :s', { s: f.status });
    const [rows, total] = await qb
      .orderBy('c.periodStart', 'DESC')
      .addOrderBy('c.id')
      .skip((f.page - 1) * f.pageSize)
      .take(f.pageSize)
      .getManyAndCount();
    return { items: rows.map((c) => this.summary(c)), total };
  }

  private summary(c: AssessmentCycle) {
    return {
      id: c.id,
      workflowId: c.workflowId,
      scopeOrgUnitId: c.scopeOrgUnitId,
      cadence: c.cadence,
      period: c.period,
      periodStart: c.periodStart.toISOString(),
      periodEnd: c.periodEnd.toISOString(),
      rulesetVersion: c.rulesetVersion,
      status: c.status,
      progress: { done: c.progressDone, total: c.progressTotal },
      currentSnapshot: c.currentSnapshot,
      startedBy: c.startedBy,
      reviewedBy: c.reviewedBy,
      publishedAt: c.publishedAt?.toISOString() ?? null,
    };
  }

  async load(p: Principal, id: string): Promise<AssessmentCycle> {
    const c = await (await this.visible(p)).andWhere('c.id = :id', { id }).getOne();
    if (!c) throw new NotFoundError('No such assessment cycle');
    return c;
  }

  async detail(p: Principal, id: string) {
    const c = await this.load(p, id);
    const snapshots = await this.ds.getRepository(ScoreSnapshot).find({ where: { cycleId: c.id }, order: { version: 'ASC' } });
    let live: unknown = null;
    try {
      live = await this.client.workflow.getHandle(c.workflowId).query(cycleStateQuery);
    } catch {
      live = null;
    }
    const tasks = await this.ds.getRepository(Task).find({ where: { workflowId: c.workflowId }, order: { createdAt: 'ASC' } });
    const scope = await this.ds.getRepository(OrgUnit).findOneBy({ id: c.scopeOrgUnitId });
    const successor = supersededBy(snapshots);
    return {
      cycle: { ...this.summary(c), scopeName: named(scope) || null },
      live,
      tasks: tasks.map((t) => ({
        id: t.id,
        taskType: t.taskType,
        title: t.title,
        status: t.status,
        dueAt: t.dueAt?.toISOString() ?? null,
        completedBy: t.completedBy,
        completedAt: t.completedAt?.toISOString() ?? null,
      })),
      snapshots: snapshots.map((s) => ({
        version: s.version,
        reason: s.reason,
        status: s.status,
        supersededBy: successor.get(s.version) ?? null,
        rulesetVersion: s.rulesetVersion,
        inputHash: s.inputHash,
        factCount: s.factCount,
        subjectCount: s.subjectCount,
        note: s.note,
        createdBy: s.createdBy,
        createdAt: s.createdAt.toISOString(),
        publishedAt: s.publishedAt?.toISOString() ?? null,
      })),
    };
  }

  /** A snapshot's results of one subject type, best first (the ranking); people see only their own unless they run cycles. */
  async results(p: Principal, id: string, q: { subjectType: string; version?: number; page: number; pageSize: number }) {
    const c = await this.load(p, id);
    if (!hasRole(p, ...CYCLE_ROLES, 'auditor', 'department_head', 'safety_officer'))
      throw new ForbiddenError('Rankings are for managers, HR and department heads');
    const version = q.version ?? c.currentSnapshot;
    const qb = this.ds
      .getRepository(ScoreResult)
      .createQueryBuilder('r')
      .where('r.snapshot_id = :sid AND r.subject_type = :t', { sid: snapshotId(c.id, version), t: q.subjectType });
    // People and posts of other departments stay outside a department head's subtree.
    if (!seesEverything(p) && !hasRole(p, ...CYCLE_ROLES) && (q.subjectType === 'person' || q.subjectType === 'post')) {
      qb.andWhere('r.department_id IN (SELECT u.id FROM org_units u WHERE u.path LIKE :mine)', { mine: `${escapeLike(p.orgUnitPath)}%` });
    }
    const [rows, total] = await qb
      .orderBy('r.total', 'DESC')
      .addOrderBy('r.subjectId', 'ASC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const shown = await shownSubjects(this.ds, rows);
    return {
      version,
      items: rows.map((r, i) => ({
        rank: (q.page - 1) * q.pageSize + i + 1,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        name: shown.get(subjectKey(r.subjectType, r.subjectId))?.name ?? r.subjectId,
        departmentId: r.departmentId,
        total: r.total,
        rating: r.rating,
        ...(JSON.parse(r.summary) as object),
      })),
      total,
    };
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const uuids = ids.filter((x) => /^[0-9a-f-]{36}$/.test(x));
    const [people, units, posts] = uuids.length
      ? await Promise.all([
          this.ds.getRepository(Person).findBy({ id: In(uuids) }),
          this.ds.getRepository(OrgUnit).findBy({ id: In(uuids) }),
          this.ds.getRepository(Post).findBy({ id: In(uuids) }),
        ])
      : [[], [], []];
    return new Map([...people, ...units, ...posts].map((x) => [x.id, nameOf(x)] as const));
  }

  /** One subject's score lines in a snapshot (the report): a person may read their own. */
  async subject(p: Principal, id: string, subjectType: string, subjectId: string, version?: number) {
    const c = await this.load(p, id).catch(async (err) => {
      if (subjectType !== 'person' || subjectId !== p.personId) throw err;
      return this.ds.getRepository(AssessmentCycle).findOneByOrFail({ id });
    });
    const own = subjectType === 'person' && subjectId === p.personId;
    if (!own && !hasRole(p, ...CYCLE_ROLES, 'auditor', 'department_head', 'safety_officer')) throw new NotFoundError('No such score');
    // Drafts are for those who run cycles; everyone else sees published versions (and superseded ones, kept readable).
    const drafts = hasRole(p, ...CYCLE_ROLES, 'auditor');
    const snaps = await this.ds.getRepository(ScoreSnapshot).find({ where: { cycleId: c.id }, order: { version: 'ASC' } });
    const visible = new Map(snaps.filter((x) => drafts || x.status !== 'draft').map((x) => [x.version, x]));
    const all = await this.ds.getRepository(ScoreResult).find({ where: { cycleId: c.id, subjectType, subjectId }, order: { snapshotId: 'ASC' } });
    const versions = all.filter((v) => visible.has(Number(v.snapshotId.split('#').pop())));
    const published = snaps.filter((x) => x.status === 'published').pop()?.version;
    const pick = version ?? (drafts ? c.currentSnapshot : published);
    const r = pick === undefined || !visible.has(pick) ? undefined : versions.find((x) => x.snapshotId === snapshotId(c.id, pick));
    if (!r || pick === undefined) throw new NotFoundError('No such score (not published yet?)');
    if (!own && !drafts && !seesEverything(p)) {
      const dept = r.departmentId ? await this.ds.getRepository(OrgUnit).findOneBy({ id: r.departmentId }) : null;
      if (!dept || !inScope(p, dept.path)) throw new NotFoundError('No such score');
    }
    // The subject as this version shows it (frozen when it was written): a later rename changes nothing.
    const shown = (await shownSubjects(this.ds, [r])).get(subjectKey(r.subjectType, r.subjectId));
    const successor = supersededBy(snaps);
    return {
      cycleId: c.id,
      period: c.period,
      version: pick,
      status: visible.get(pick)!.status,
      supersededBy: successor.get(pick) ?? null,
      versions: versions.map((v) => {
        const n = Number(v.snapshotId.split('#').pop());
        return {
          version: n,
          total: v.total,
          rating: v.rating,
          status: visible.get(n)!.status,
          supersededBy: successor.get(n) ?? null,
          reason: visible.get(n)!.reason,
        };
      }),
      rulesetVersion: visible.get(pick)!.rulesetVersion,
      subjectType,
      subjectId,
      name: shown?.name ?? subjectId,
      subject: shown ?? null,
      total: r.total,
      rating: r.rating,
      inputHash: r.inputHash,
      ...(JSON.parse(r.summary) as object),
      // Each line's explanation in the reader's language (the engine wrote it in English).
      lines: (JSON.parse(r.lines) as { explanation?: string }[]).map((l) =>
        typeof l.explanation === 'string' ? { ...l, explanation: explanationIn(l.explanation, reader().language) } : l,
      ),
    };
  }

  /** Every fact behind a subject's lines (or one line's code): the evidence drill-down. */
  async evidence(p: Principal, id: string, subjectType: string, subjectId: string, code?: string, version?: number) {
    if (subjectType !== 'person' && subjectType !== 'department')
      throw new ValidationError([{ path: 'params.subjectType', message: 'facts are attributed to persons and departments' }]);
    const report = await this.subject(p, id, subjectType, subjectId, version);
    const c = await this.ds.getRepository(AssessmentCycle).findOneByOrFail({ id: report.cycleId });
    const snap = await this.ds.getRepository(ScoreSnapshot).findOneByOrFail({ id: snapshotId(c.id, report.version) });
    const groups = await factsBehind(this.ds, c, await rulesetOf(this.ds, snap.rulesetVersion), subjectType, subjectId, code);
    return {
      cycleId: c.id,
      version: report.version,
      subjectType,
      subjectId,
      lines: await this.asTheVersionSawIt(c.id, report.version, report.lines as EvidenceLine[], groups),
    };
  }

  /**
   * The evidence of a frozen version, never a fact that came later: a line's own fact ids when
   * the version holds them all, else the facts recorded by the time the version was scored (an
   * appeal or adjustment version keeps the scoring it copied).
   */
  private async asTheVersionSawIt(
    cycleId: string,
    version: number,
    lines: EvidenceLine[],
    groups: { code: string; groupKey: string | null; n: number; factIds: string[] }[],
  ) {
    const byCode = new Map(lines.map((l) => [l.indicatorCode ?? l.ruleCode ?? '', l]));
    const snaps = await this.ds.getRepository(ScoreSnapshot).find({ where: { cycleId }, order: { version: 'ASC' } });
    const scoredAt = snaps.filter((s) => s.version <= version && s.reason !== 'appeal' && s.reason !== 'adjustment').pop()?.createdAt ?? new Date(0);
    const out = [];
    for (const g of groups) {
      const line = byCode.get(g.code);
      if (!line) continue; // not a line of this version
      let ids: string[];
      if (line.factIds.length > 0 && line.factIds.length >= line.n) {
        const own = new Set(line.factIds);
        ids = g.factIds.filter((id) => own.has(id));
      } else {
        const recorded = new Set<string>();
        for (let i = 0; i < g.factIds.length; i += 1000) {
          const rows = await this.ds
            .getRepository(Fact)
            .find({ where: { id: In(g.factIds.slice(i, i + 1000)), createdAt: LessThanOrEqual(scoredAt) }, select: { id: true } });
          for (const r of rows) recorded.add(r.id);
        }
        ids = g.factIds.filter((id) => recorded.has(id));
      }
      if (ids.length === g.factIds.length) out.push(g);
      else if (ids.length) out.push({ ...g, n: ids.length, factIds: ids });
    }
    return out;
  }

  /**
   * A behaviour rating of a person for a period by the caller (a person): as their superior (a
   * department head or manager whose scope holds the person), a peer (same department), a
   * subordinate (the person heads the caller's department) or an external expert (auditor or
   * safety officer account). A second rating by the same rater replaces the first.
   */
  async rate(
    p: Principal,
    b: {
      personId: string;
      indicatorCode: string;
      raterRole: 'superior' | 'peer' | 'subordinate' | 'external_expert';
      score: number;
      period: string;
      comment?: string;
    },
  ) {
    if (!p.personId) throw new ForbiddenError('Only people rate behaviour (your login has no person)');
    if (b.personId === p.personId) throw new ValidationError([{ path: 'body.personId', message: 'you cannot rate yourself' }]);
    const period = parsePeriod(b.period);
    if (!period) throw new ValidationError([{ path: 'body.period', message: 'expected 2026-11, 2026-Q4 or 2026-W47' }]);
    const ruleset = (await currentRuleset(this.ds)).document;
    const ind = ruleset.indicators[b.indicatorCode];
    if (!ind || ind.measure.op !== 'ratings')
      throw new ValidationError([
        {
          path: 'body.indicatorCode',
          message: `not a rated behaviour indicator; one of ${Object.keys(ruleset.indicators)
            .filter((c) => ruleset.indicators[c].measure.op === 'ratings')
            .join(', ')}`,
        },
      ]);
    if (b.score > ruleset.behaviour.scaleMax) throw new ValidationError([{ path: 'body.score', message: `from 0 to ${ruleset.behaviour.scaleMax}` }]);
    const [person, me] = await Promise.all([
      this.ds.getRepository(Person).findOneBy({ id: b.personId, active: true }),
      this.ds.getRepository(Person).findOneByOrFail({ id: p.personId }),
    ]);
    const personUnit = person ? await this.ds.getRepository(OrgUnit).findOneBy({ id: person.orgUnitId }) : null;
    if (!person || !personUnit || (!inScope(p, personUnit.path) && b.raterRole !== 'subordinate' && b.raterRole !== 'peer'))
      throw new ValidationError([{ path: 'body.personId', message: 'no such person in your scope' }]);
    const myUnit = await this.ds.getRepository(OrgUnit).findOneByOrFail({ id: me.orgUnitId });
    const deptOf = async (u: OrgUnit) =>
      (await this.ds.getRepository(OrgUnit).findBy({ id: In(u.path.split('/').filter(Boolean)) }))
        .filter((x) => x.kind === 'department')
        .sort((a, c) => c.path.length - a.path.length)[0] ?? null;
    const [hisDept, myDept] = await Promise.all([deptOf(personUnit), deptOf(myUnit)]);
    const allowed: Record<typeof b.raterRole, boolean> = {
      superior: hasRole(p, 'department_head', 'manager', 'admin') && inScope(p, personUnit.path),
      peer: !!hisDept && hisDept.id === myDept?.id,
      subordinate: !!myDept && myDept.headPersonId === b.personId,
      external_expert: hasRole(p, 'auditor', 'safety_officer'),
    };
    if (!allowed[b.raterRole]) throw new ForbiddenError(`You are not this person's ${b.raterRole.replace('_', ' ')}`);
    const row = {
      period: period.label,
      personId: b.personId,
      indicatorCode: b.indicatorCode,
      raterRole: b.raterRole,
      raterPersonId: p.personId,
      score: b.score,
      comment: b.comment ?? '',
      ratedBy: p.username,
    };
    await this.ds.transaction(async (em) => {
      const existing = await em
        .getRepository(BehaviourRatingRow)
        .findOneBy({ period: row.period, personId: row.personId, indicatorCode: row.indicatorCode, raterPersonId: row.raterPersonId });
      if (existing) await em.getRepository(BehaviourRatingRow).update({ id: existing.id }, row);
      else await em.getRepository(BehaviourRatingRow).insert({ id: randomUUID(), ...row });
      await appendAudit(em, {
        actorType: 'user',
        actor: p.username,
        action: 'score.rated',
        entityType: 'person',
        entityId: b.personId,
        before: existing ? { score: existing.score, raterRole: existing.raterRole } : undefined,
        after: row,
        orgUnitId: person.orgUnitId,
      });
    });
    return row;
  }

  async ratingsOf(p: Principal, personId: string, period: string) {
    const person = await this.ds.getRepository(Person).findOneBy({ id: personId });
    const unit = person ? await this.ds.getRepository(OrgUnit).findOneBy({ id: person.orgUnitId }) : null;
    if (!unit || (personId !== p.personId && !inScope(p, unit.path))) throw new NotFoundError('No such person');
    const rows = await this.ds.getRepository(BehaviourRatingRow).find({ where: { personId, period }, order: { indicatorCode: 'ASC', raterRole: 'ASC' } });
    return {
      items: rows.map((r) => ({
        indicatorCode: r.indicatorCode,
        raterRole: r.raterRole,
        score: r.score,
        comment: r.comment,
        ratedBy: r.ratedBy,
        at: r.createdAt.toISOString(),
      })),
    };
  }

  /** The caller's own published scores, newest period first. */
  async mine(p: Principal) {
    if (!p.personId) return { items: [] };
    const rows = await this.ds
      .getRepository(ScoreResult)
      .createQueryBuilder('r')
      .innerJoin(AssessmentCycle, 'c', 'c.id = r.cycle_id')
      .innerJoin(ScoreSnapshot, 's', 's.id = r.snapshot_id')
      .where('r.subject_type = :t AND r.subject_id = :me AND s.status = :pub', { t: 'person', me: p.personId, pub: 'published' })
      .orderBy('c.period_start', 'DESC')
      .getMany();
    const cycles = rows.length ? await this.ds.getRepository(AssessmentCycle).findBy({ id: In(rows.map((r) => r.cycleId)) }) : [];
    return {
      items: rows.map((r) => ({
        cycleId: r.cycleId,
        period: cycles.find((c) => c.id === r.cycleId)?.period ?? '',
        version: Number(r.snapshotId.split('#').pop()),
        total: r.total,
        rating: r.rating,
      })),
    };
  }

  /**
   * Scores the cycle again under its own frozen ruleset. Same inputs → the same hash (reproduced);
   * late facts → a new draft snapshot version, never a silent change of the published one.
   */
  async recompute(p: Principal, id: string, note: string) {
    if (!hasRole(p, ...CYCLE_ROLES)) throw new ForbiddenError('Only HR, managers and admins recompute cycles');
    const c = await this.load(p, id);
    if (!c.currentSnapshot) throw new ConflictError('The cycle has not been scored yet');
    const current = await this.ds.getRepository(ScoreSnapshot).findOneByOrFail({ id: snapshotId(c.id, c.currentSnapshot) });
    const ruleset = await rulesetOf(this.ds, current.rulesetVersion);
    const { result, factCount } = await scoreCycleInput(this.ds, c, ruleset);
    if (result.inputHash === current.inputHash) return { reproduced: true, inputHash: result.inputHash, version: current.version, newVersion: null };
    const last = await this.ds
      .getRepository(ScoreSnapshot)
      .createQueryBuilder('s')
      .select('MAX(s.version)', 'v')
      .where('s.cycle_id = :id', { id: c.id })
      .getRawOne<{ v: number | string }>();
    const version = Number(last?.v ?? 0) + 1;
    await writeSnapshot(
      this.ds,
      { cycleId: c.id, version, reason: 'late_facts', status: 'draft', rulesetVersion: current.rulesetVersion, note, createdBy: p.username, factCount, result },
      async () => undefined,
    );
    await this.ds.transaction((em) =>
      appendAudit(em, {
        actorType: 'user',
        actor: p.username,
        action: 'cycle.rescored',
        entityType: 'assessment_cycle',
        entityId: c.id,
        before: { version: current.version, inputHash: current.inputHash },
        after: { version, inputHash: result.inputHash, reason: 'late_facts', note },
        orgUnitId: c.scopeOrgUnitId,
      }),
    );
    return { reproduced: false, inputHash: result.inputHash, version: current.version, newVersion: version };
  }

  /** A draft (or any) ruleset over a cycle's period and scope: per-subject differences from the cycle's own version. */
  async whatIf(p: Principal, version: number, cycle: string) {
    if (!hasRole(p, ...CYCLE_ROLES, 'safety_officer')) throw new ForbiddenError();
    const c = await this.load(p, cycle);
    const draft = await getRuleset(this.ds, version);
    if (!draft) throw new NotFoundError('No such ruleset version');
    const base = await rulesetOf(this.ds, c.rulesetVersion);
    const { result, input } = await scoreCycleInput(this.ds, c, base);
    const { differences } = whatIf(result, draft.document, input);
    const names = await this.names(differences.map((d) => d.subjectId));
    return {
      cycleId: c.id,
      baseVersion: c.rulesetVersion,
      draftVersion: version,
      differences: differences.map((d) => ({ ...d, name: names.get(d.subjectId) ?? d.subjectId })),
    };
  }

  // ---- schedules: weekly / monthly / quarterly per scope --------------------------------------
  /**
   * The schedule's action carries its time zone and catch-up window (the launcher scores the
   * period before each run's scheduled time in that zone) and when it was set up; Temporal's
   * catch-up window is bounded per cadence (domain/assessment-cycle/period.ts), never its default year.
   */
  async saveSchedule(p: Principal, b: { scopeOrgUnitId: string; cadence: Cadence; paused: boolean; time: string; timeZone: string }) {
    if (!hasRole(p, ...CYCLE_ROLES)) throw new ForbiddenError();
    const unit = await this.scopeUnit(p, b.scopeOrgUnitId, 'body.scopeOrgUnitId');
    const scheduleId = cycleScheduleId(unit.id, b.cadence);
    const [hour, minute] = b.time.split(':').map(Number);
    const spec = { calendars: [{ ...CRON[b.cadence], hour, minute, comment: `${b.cadence} assessment cycle` }], timezone: b.timeZone };
    const catchupWindowSeconds = CYCLE_CATCHUP_WINDOW_SECONDS[b.cadence];
    const scheduled = (since: string): ScheduledCycle => ({
      scheduleId,
      scopeOrgUnitId: unit.id,
      cadence: b.cadence,
      timeZone: b.timeZone,
      catchupWindowSeconds,
      since,
    });
    const action = {
      type: 'startWorkflow' as const,
      workflowType: AssessmentCycleLauncherWorkflow,
      workflowId: `AssessmentCycleLaunch:${b.cadence}:${unit.id}`,
      taskQueue: this.taskQueue,
      args: [{ scheduled: scheduled(new Date().toISOString()) }] as [CycleInput],
    };
    const policies = { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: catchupWindowSeconds * 1000 };
    let created = true;
    try {
      await this.client.schedule.create({ scheduleId, spec, action, policies, state: { paused: b.paused, note: `set by ${p.username}` } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      created = false;
      await this.client.schedule.getHandle(scheduleId).update((prev) => {
        const before = (prev.action as { args?: unknown[] }).args?.[0] as { scheduled?: ScheduledCycle } | undefined;
        const since = before?.scheduled?.since ?? new Date().toISOString();
        return {
          ...prev,
          spec,
          action: { ...prev.action, args: [{ scheduled: scheduled(since) }] } as typeof prev.action,
          policies: { ...prev.policies, ...policies },
          state: { ...prev.state, paused: b.paused, note: `changed by ${p.username}` },
        };
      });
    }
    return { created, schedule: await this.describeSchedule(scheduleId) };
  }

  async describeSchedule(scheduleId: string) {
    try {
      const d = await this.client.schedule.getHandle(scheduleId).describe();
      return {
        scheduleId,
        paused: d.state.paused,
        nextRuns: (d.info.nextActionTimes ?? []).slice(0, 3).map((t) => t.toISOString()),
        recentRuns: (d.info.recentActions ?? []).map((a) => ({ at: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId })),
        runs: d.info.numActionsTaken,
        missedRuns: d.info.numActionsMissedCatchupWindow,
      };
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new NotFoundError('No such schedule');
      throw err;
    }
  }

  /** Cycle schedules of scopes the caller can see. */
  async listSchedules(p: Principal) {
    const out = [];
    for await (const s of this.client.schedule.list()) {
      const m = /^AssessmentCycle:(weekly|monthly|quarterly):(.+)$/.exec(s.scheduleId);
      if (!m) continue;
      const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: m[2] });
      if (!unit || !inScope(p, unit.path)) continue;
      try {
        out.push({ ...(await this.describeSchedule(s.scheduleId)), cadence: m[1], scopeOrgUnitId: unit.id, scopeName: nameOf(unit) });
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    return out.sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
  }

  /** Only a cycle schedule of a scope the caller sees: never another kind of schedule (risk assessments, the alert sweep) or another scope's. */
  private async assertScheduleInScope(p: Principal, scheduleId: string): Promise<void> {
    const m = /^AssessmentCycle:(weekly|monthly|quarterly):(.+)$/.exec(scheduleId);
    const unit = m ? await this.ds.getRepository(OrgUnit).findOneBy({ id: m[2] }) : null;
    if (!unit || !inScope(p, unit.path)) throw new NotFoundError('No such schedule');
  }

  async triggerSchedule(p: Principal, scheduleId: string) {
    if (!hasRole(p, ...CYCLE_ROLES)) throw new ForbiddenError();
    await this.assertScheduleInScope(p, scheduleId);
    await this.describeSchedule(scheduleId);
    await this.client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  }

  async deleteSchedule(p: Principal, scheduleId: string) {
    if (!hasRole(p, ...CYCLE_ROLES)) throw new ForbiddenError();
    await this.assertScheduleInScope(p, scheduleId);
    await this.describeSchedule(scheduleId);
    await this.client.schedule.getHandle(scheduleId).delete();
  }
}
