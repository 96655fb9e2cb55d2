import { In, type DataSource } from 'typeorm';
import { AssessmentCycle, BehaviourRatingRow, Fact as FactRow, OrgUnit, Person, Post, PostProfile, ScoreResult, ScoreSnapshot } from '../../db/entities';
import { escapeLike } from '../../db/sql';
import { getRuleset } from '../../db/stores/ruleset-store';
import { currentSubjects, subjectKey } from '../../db/stores/score-version-store';
import { createHash } from 'node:crypto';
import {
  aggregateFacts,
  aggregationPlan,
  scoreFromAggregates,
  type Aggregate,
  type AggregateInput,
  type BehaviourRating,
  type Fact,
  type HistoryEntry,
  type Ruleset,
  type ScoringDepartment,
  type ScoringResult,
  type ScoringSubject,
  type SubjectResult,
} from '../../domain/scoring';
import { carryCorrections } from '../score-versions';
import { aggregateInSql } from './scoring-sql';
import { permanentFailure } from './failures';

/**
 * What scoring reads and writes, shared by the cycle's activities and the API (recompute,
 * what-if): the scope's subjects and departments, the period's facts, earlier cycles' results
 * (history) and the snapshot rows. One evaluation path: `scoreSubjects` of domain/scoring.
 */

export interface ScopeData {
  subjects: ScoringSubject[];
  departments: ScoringDepartment[];
  /** The scope is a company or the group: its cycle scores companies too (a department's or plant's does not). */
  scoreCompanies: boolean;
}

/** Persons (with their post profile and department) and departments under the scope unit. */
export async function loadScope(ds: DataSource, scopeOrgUnitId: string): Promise<ScopeData> {
  const scope = await ds.getRepository(OrgUnit).findOneByOrFail({ id: scopeOrgUnitId });
  const units = await ds
    .getRepository(OrgUnit)
    .createQueryBuilder('o')
    .where('o.path LIKE :p', { p: `${escapeLike(scope.path)}%` })
    .getMany();
  const ancestors = await ds.getRepository(OrgUnit).findBy({ id: In(scope.path.split('/').filter(Boolean)) });
  const all = new Map([...ancestors, ...units].map((u) => [u.id, u]));
  const chainOf = (u: OrgUnit) =>
    u.path
      .split('/')
      .filter(Boolean)
      .map((id) => all.get(id))
      .filter((x): x is OrgUnit => !!x);
  const nearest = (u: OrgUnit, kind: OrgUnit['kind']) =>
    chainOf(u)
      .filter((a) => a.kind === kind)
      .pop() ?? null;

  const departments: ScoringDepartment[] = units
    .filter((u) => u.kind === 'department')
    .map((d) => ({
      departmentId: d.id,
      headPersonId: d.headPersonId,
      orgUnitIds: units
        .filter((u) => u.id !== d.id && u.path.startsWith(d.path))
        .map((u) => u.id)
        .sort(),
      companyId: nearest(d, 'company')?.id ?? nearest(d, 'group')?.id ?? 'company',
    }))
    .sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1));

  const people = await ds
    .getRepository(Person)
    .createQueryBuilder('p')
    .innerJoin(OrgUnit, 'ou', 'ou.id = p.org_unit_id')
    .where('p.active = :a', { a: true })
    .andWhere('ou.path LIKE :p', { p: `${escapeLike(scope.path)}%` })
    .getMany();
  const posts = people.some((p) => p.postId)
    ? await ds.getRepository(Post).findBy({ id: In([...new Set(people.map((p) => p.postId).filter((x): x is string => !!x))]) })
    : [];
  const profiles = posts.length ? await ds.getRepository(PostProfile).findBy({ id: In([...new Set(posts.map((p) => p.profileId))]) }) : [];
  const subjects: ScoringSubject[] = people
    .map((p) => {
      const unit = all.get(p.orgUnitId)!;
      const dept = nearest(unit, 'department');
      const post = posts.find((x) => x.id === p.postId);
      const profile = post ? profiles.find((x) => x.id === post.profileId) : undefined;
      return {
        personId: p.id,
        postProfile: profile ? `${profile.level}-${profile.businessType}-${profile.riskLevel}` : 'frontline-functional-normal',
        orgUnitId: p.orgUnitId,
        departmentId: dept?.id ?? p.orgUnitId,
        isDepartmentHead: !!dept && dept.headPersonId === p.id,
        ...(post ? { postId: post.id } : {}),
      };
    })
    .sort((a, b) => (a.personId < b.personId ? -1 : 1));
  return { subjects, departments, scoreCompanies: scope.kind === 'company' || scope.kind === 'group' };
}

/** The fact kinds a ruleset reads (what to load). */
export function kindsOf(ruleset: Ruleset): string[] {
  return [...new Set(aggregationPlan(ruleset).flatMap((e) => e.kinds))].sort();
}

/** The period's facts of the kinds the ruleset reads. */
/** A stored fact as the scoring engine reads it. */
function factOf(r: FactRow): Fact {
  return {
    id: r.id,
    kind: r.kind,
    personId: r.personId,
    attribution: r.attribution,
    orgUnitId: r.orgUnitId,
    departmentHeadPersonId: r.departmentHeadPersonId,
    sourceWorkflowId: r.sourceWorkflowId,
    subjectId: r.subjectId,
    value: r.value,
    occurredAt: r.occurredAt.toISOString(),
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

export async function loadFacts(ds: DataSource, ruleset: Ruleset, period: { start: string; end: string }): Promise<Fact[]> {
  const kinds = kindsOf(ruleset);
  if (!kinds.length) return [];
  const rows = await ds
    .getRepository(FactRow)
    .createQueryBuilder('f')
    .where('f.kind IN (:...kinds)', { kinds })
    .andWhere('f.occurred_at >= :start AND f.occurred_at < :end', { start: new Date(period.start), end: new Date(period.end) })
    .getMany();
  return rows.map(factOf);
}

/** Published results of the scope's earlier cycles of the same cadence, newest last (up to 6 periods). */
export async function loadHistory(ds: DataSource, scopeOrgUnitId: string, cadence: string, before: string): Promise<HistoryEntry[]> {
  const cycles = await ds
    .getRepository(AssessmentCycle)
    .createQueryBuilder('c')
    .where('c.scope_org_unit_id = :s AND c.cadence = :c AND c.status = :p AND c.period_end <= :b', {
      s: scopeOrgUnitId,
      c: cadence,
      p: 'published',
      b: new Date(before),
    })
    .orderBy('c.period_end', 'DESC')
    .limit(6)
    .getMany();
  const out: HistoryEntry[] = [];
  for (const c of cycles.reverse()) {
    const rows = await ds.getRepository(ScoreResult).findBy({ snapshotId: snapshotId(c.id, c.currentSnapshot) });
    for (const r of rows) {
      const summary = JSON.parse(r.summary) as {
        dimensionScores: HistoryEntry['dimensionScores'];
        dimensionAdjustments?: HistoryEntry['dimensionAdjustments'];
      };
      out.push({
        subjectType: r.subjectType as HistoryEntry['subjectType'],
        subjectId: r.subjectId,
        periodEnd: c.periodEnd.toISOString(),
        total: r.total,
        rating: r.rating as HistoryEntry['rating'],
        dimensionScores: summary.dimensionScores,
        dimensionAdjustments: summary.dimensionAdjustments,
      });
    }
  }
  return out;
}

/** The period's behaviour ratings of the scope's people (several raters each). */
export async function loadRatings(ds: DataSource, period: string, personIds: string[]): Promise<BehaviourRating[]> {
  const rows = await ds.getRepository(BehaviourRatingRow).find({ where: { period }, order: { id: 'ASC' } });
  const known = new Set(personIds);
  return rows
    .filter((r) => known.has(r.personId))
    .map((r) => ({
      personId: r.personId,
      indicatorCode: r.indicatorCode,
      raterRole: r.raterRole as BehaviourRating['raterRole'],
      raterId: r.raterPersonId,
      score: r.score,
    }));
}

export function snapshotId(cycleId: string, version: number): string {
  return `${cycleId}#${version}`;
}

/**
 * Scores a cycle's scope and period under a ruleset version: the one evaluation path for run,
 * recompute and what-if. On MySQL / MariaDB the counting is pushed down to SQL (fact classes,
 * activities/shared/scoring-sql.ts); on the embedded database the facts are aggregated in process. Either
 * way `scoreFromAggregates` evaluates the rules, and the input hash covers the ruleset, subjects,
 * history, every aggregate and every fact that reached a subject of the scope (nothing else: an
 * unrelated fact elsewhere in the group reproduces the hash).
 */
export async function scoreCycleInput(
  ds: DataSource,
  cycle: Pick<AssessmentCycle, 'scopeOrgUnitId' | 'cadence' | 'period' | 'periodStart' | 'periodEnd'>,
  ruleset: Ruleset,
  timings?: Record<string, number>,
): Promise<{ result: ScoringResult; factCount: number; input: AggregateInput }> {
  const period = { start: cycle.periodStart.toISOString(), end: cycle.periodEnd.toISOString() };
  const scope = await loadScope(ds, cycle.scopeOrgUnitId);
  const history = await loadHistory(ds, cycle.scopeOrgUnitId, cycle.cadence, period.start);
  let aggregates: Aggregate[];
  let factCount: number;
  let factsHash: string;
  if (ds.options.type === 'mysql' || ds.options.type === 'mariadb') {
    const sql = await aggregateInSql(ds, ruleset, period, scope.subjects, scope.departments, timings);
    ({ aggregates, factsHash } = sql);
    factCount = sql.scopeFactCount;
  } else {
    const facts = await loadFacts(ds, ruleset, period);
    aggregates = aggregateFacts(facts, { ruleset, subjects: scope.subjects, departments: scope.departments, period }).aggregates;
    // Only the scope's facts (behind some row of a known subject): a fact elsewhere reproduces the hash.
    const used = new Set<string>();
    for (const a of aggregates) for (const id of a.factIds) used.add(id);
    const ids = [...used].sort();
    factCount = ids.length;
    factsHash = createHash('sha256').update(ids.join('\n')).digest('hex');
  }
  const ratings = await loadRatings(
    ds,
    cycle.period,
    scope.subjects.map((x) => x.personId),
  );
  const input: AggregateInput = {
    ruleset,
    period,
    subjects: scope.subjects,
    departments: scope.departments,
    history,
    ratings,
    aggregates,
    scoreCompanies: scope.scoreCompanies,
  };
  const t = performance.now();
  const result = scoreFromAggregates(aggregates, input);
  if (timings) timings.evaluate = (timings.evaluate ?? 0) + performance.now() - t;
  result.inputHash = createHash('sha256').update(`${result.inputHash}\n${factsHash}`).digest('hex');
  return { result, factCount, input };
}

export async function rulesetOf(ds: DataSource, version: number): Promise<Ruleset> {
  const r = await getRuleset(ds, version);
  if (!r) throw permanentFailure('NotFound', `ruleset version ${version} not found`);
  return r.document;
}

const MAX_IDS_PER_LINE = 100;

/** A result as a `score_results` row (fact ids per line capped; `n` keeps the count). */
export function resultRow(cycleId: string, version: number, r: SubjectResult): Partial<ScoreResult> {
  const sid = snapshotId(cycleId, version);
  return {
    id: `${sid}/${r.subjectType}/${r.subjectId}`.slice(0, 255),
    snapshotId: sid,
    cycleId,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    departmentId: r.departmentId,
    total: r.total,
    rating: r.rating,
    summary: JSON.stringify({
      dimensionScores: r.dimensionScores,
      dimensionAdjustments: r.dimensionAdjustments,
      weights: r.weights,
      weightSource: r.weightSource,
      flags: r.flags,
      members: r.memberIds.length,
    }),
    lines: JSON.stringify(r.lines.map((l) => ({ ...l, factIds: l.factIds.slice(0, MAX_IDS_PER_LINE) }))),
    inputHash: r.inputHash,
  };
}

/** Writes a snapshot's header and results, in chunks (a retry skips what is there). */
export async function writeSnapshot(
  ds: DataSource,
  s: {
    cycleId: string;
    version: number;
    reason: string;
    status: 'draft' | 'published';
    rulesetVersion: number;
    note: string;
    createdBy: string;
    factCount: number;
    result: ScoringResult;
  },
  onChunk: (done: number, total: number) => Promise<void>,
): Promise<void> {
  const id = snapshotId(s.cycleId, s.version);
  // Appeals and adjustments in force stay in force in a new scoring of the cycle (activities/score-versions.ts).
  const corrections = await carryCorrections(ds, s.cycleId, s.rulesetVersion, s.result.results);
  await ds
    .createQueryBuilder()
    .insert()
    .into(ScoreSnapshot)
    .values({
      id,
      cycleId: s.cycleId,
      version: s.version,
      reason: s.reason,
      status: s.status,
      rulesetVersion: s.rulesetVersion,
      inputHash: s.result.inputHash,
      factCount: s.factCount,
      subjectCount: s.result.results.length,
      note: s.note,
      createdBy: s.createdBy,
      publishedAt: null,
      corrections: corrections.items.length ? JSON.stringify(corrections) : null,
    })
    .orIgnore()
    .execute();
  // The subjects as they are now, kept in the version: it shows the same names forever.
  const subjects = await currentSubjects(ds, s.result.results);
  const rows = s.result.results.map((r) => ({
    ...resultRow(s.cycleId, s.version, r),
    subject: JSON.stringify(subjects.get(subjectKey(r.subjectType, r.subjectId))),
  }));
  const CHUNK = 250;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await ds
      .createQueryBuilder()
      .insert()
      .into(ScoreResult)
      .values(rows.slice(i, i + CHUNK))
      .orIgnore()
      .execute();
    await onChunk(Math.min(i + CHUNK, rows.length), rows.length);
  }
}

/**
 * Every fact behind one subject's lines in a cycle (the drill-down of a score line): the
 * subject's candidate facts, attributed fact by fact with the same code as the cycle, so the
 * ids are exact whichever way the cycle counted.
 */
export async function factsBehind(
  ds: DataSource,
  cycle: Pick<AssessmentCycle, 'scopeOrgUnitId' | 'periodStart' | 'periodEnd'>,
  ruleset: Ruleset,
  subjectType: 'person' | 'department',
  subjectId: string,
  code?: string,
): Promise<{ code: string; groupKey: string | null; n: number; factIds: string[] }[]> {
  const period = { start: cycle.periodStart.toISOString(), end: cycle.periodEnd.toISOString() };
  const scope = await loadScope(ds, cycle.scopeOrgUnitId);
  const kinds = kindsOf(ruleset);
  if (!kinds.length) return [];
  const qb = ds
    .getRepository(FactRow)
    .createQueryBuilder('f')
    .where('f.kind IN (:...kinds)', { kinds })
    .andWhere('f.occurred_at >= :start AND f.occurred_at < :end', { start: new Date(period.start), end: new Date(period.end) });
  if (subjectType === 'person') {
    qb.andWhere('(f.person_id = :id OR f.department_head_person_id = :id OR f.data LIKE :like OR f.org_unit_id IN (:...units))', {
      id: subjectId,
      like: `%${escapeLike(subjectId)}%`,
      units: [...scope.departments.filter((d) => d.headPersonId === subjectId).flatMap((d) => [d.departmentId, ...(d.orgUnitIds ?? [])]), '-'],
    });
  } else {
    const d = scope.departments.find((x) => x.departmentId === subjectId);
    const members = scope.subjects.filter((s) => s.departmentId === subjectId).map((s) => s.personId);
    qb.andWhere('(f.org_unit_id IN (:...units) OR f.person_id IN (:...members))', { units: [subjectId, ...(d?.orgUnitIds ?? [])], members: [...members, '-'] });
  }
  const rows = await qb.getMany();
  const facts: Fact[] = rows.map(factOf);
  const { aggregates } = aggregateFacts(facts, { ruleset, subjects: scope.subjects, departments: scope.departments, period });
  return aggregates
    .filter((a) => a.subjectType === subjectType && a.subjectId === subjectId && (!code || a.code === code))
    .map((a) => ({ code: a.code, groupKey: a.groupKey, n: a.n, factIds: a.factIds }));
}
