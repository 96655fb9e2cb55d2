import { Brackets, In, type DataSource, type EntityManager } from 'typeorm';
import type { FactInput } from '../../db/projections/facts';
import { Fact, OrgUnit, Person, Training, TrainingParticipant, User } from '../../db/entities';
import { dayToInstant, todayIn } from '../../domain/inspections/rules';
import { planAttendanceImport, resultIssue, trainingFactId, trainingFactValue, trainingSource, type PlannedResult } from '../../domain/trainings/rules';
import { hasRole, inScope, seesEverything, listedUnit, underUnit } from '../platform/access';
import { pageRows } from '../platform/pagination';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../platform/errors';
import { factChanged, frozenConflict, headsOf, publishedCycleCovering, rejectProblems, writeFact } from '../inspections/common';
import { z } from '../platform/openapi';
import { audit, isUniqueViolation } from '../org/common';
import { findByKey, findIn, auditImport, importReport, validateRows, type ImportProblem, type ImportReport } from '../org/import';
import type { Table } from '../org/table';
import type { Principal } from '../platform/route';
import { escapeLike } from '../../db/sql';
import { named } from '../platform/names';

/** Who organises sessions and records results: the safety hub, HR (training) and department heads, each in their scope. */
export const TRAINERS = ['admin', 'safety_officer', 'hr', 'department_head'] as const;

export interface TrainingInput {
  code?: string | null;
  title: string;
  topic: string;
  orgUnitId: string;
  heldOn: string;
  trainer: string;
  participantIds: string[];
}

export interface ResultInput {
  personId: string;
  attended: boolean;
  passed: boolean;
  remark?: string | null;
}

export interface TrainingFilter {
  orgUnitId?: string;
  personId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface ResultCounts {
  recorded: number;
  corrected: number;
  unchanged: number;
}

/**
 * Training sessions, their participants and results. Each recorded result is one
 * `training.attended` fact (`training:<id>/<personId>`, value 1 attended and passed, 0 absent
 * or failed), written in the same transaction as the result and its audit row.
 */
export class TrainingService {
  constructor(private readonly ds: DataSource) {}

  private assertWriter(p: Principal): void {
    if (!hasRole(p, ...TRAINERS)) throw new ForbiddenError('Only the safety hub, HR and department heads organise trainings');
  }

  /** People by id that the caller may enrol and record: active, in the caller's scope. */
  private async peopleInScope(em: EntityManager, p: Principal, ids: string[]): Promise<Map<string, { person: Person; unit: OrgUnit }>> {
    const people = ids.length ? await em.findBy(Person, { id: In([...new Set(ids)]) }) : [];
    const units = people.length ? await em.findBy(OrgUnit, { id: In([...new Set(people.map((x) => x.orgUnitId))]) }) : [];
    const out = new Map<string, { person: Person; unit: OrgUnit }>();
    for (const person of people) {
      const unit = units.find((u) => u.id === person.orgUnitId);
      if (person.active && unit && inScope(p, unit.path)) out.set(person.id, { person, unit });
    }
    return out;
  }

  /** Creates a session with its participants (no results yet); a resend with the same content returns it. */
  async create(p: Principal, trainingId: string, b: TrainingInput): Promise<{ training: Awaited<ReturnType<TrainingService['detail']>>; created: boolean }> {
    this.assertWriter(p);
    const created = await this.ds.transaction(async (em) => {
      const unit = await em.findOneBy(OrgUnit, { id: b.orgUnitId });
      if (!unit || !inScope(p, unit.path)) throw new NotFoundError('No such org unit in your scope');
      const people = await this.peopleInScope(em, p, b.participantIds);
      const issues: FieldIssue[] = [];
      const seen = new Set<string>();
      b.participantIds.forEach((id, i) => {
        if (seen.has(id)) issues.push({ path: `body.participantIds.${i}`, message: 'listed twice' });
        else if (!people.has(id)) issues.push({ path: `body.participantIds.${i}`, message: 'no active person with this id in your scope' });
        seen.add(id);
      });
      if (issues.length) throw new ValidationError(issues);

      const existing = await em.findOneBy(Training, { id: trainingId });
      if (existing) {
        const enrolled = (await em.findBy(TrainingParticipant, { trainingId })).map((x) => x.personId).sort();
        const same =
          existing.title === b.title &&
          existing.topic === b.topic &&
          existing.orgUnitId === b.orgUnitId &&
          existing.heldOn === b.heldOn &&
          existing.trainer === b.trainer &&
          (existing.code ?? null) === (b.code ?? null) &&
          JSON.stringify(enrolled) === JSON.stringify([...b.participantIds].sort());
        if (!same) throw new ConflictError('This training id is already used by a different session');
        return false;
      }
      if (b.code && (await em.existsBy(Training, { code: b.code })))
        throw new ConflictError(`Training code ${b.code} is already in use`, [{ path: 'body.code', message: 'already in use' }]);
      try {
        await em.insert(Training, {
          id: trainingId,
          code: b.code ?? null,
          title: b.title,
          topic: b.topic,
          orgUnitId: unit.id,
          heldOn: b.heldOn,
          trainer: b.trainer,
          createdBy: p.username,
        });
        if (b.participantIds.length)
          await em.insert(
            TrainingParticipant,
            b.participantIds.map((id) => ({
              trainingId,
              personId: id,
              orgUnitId: people.get(id)!.person.orgUnitId,
              attended: null,
              passed: null,
              remark: null,
              factId: null,
              recordedBy: null,
              recordedAt: null,
            })),
          );
      } catch (err) {
        if (isUniqueViolation(err))
          throw new ConflictError('This training (or its code) was just created by another request; send it again', [
            { path: 'body.code', message: 'already in use' },
          ]);
        throw err;
      }
      await audit(em, p, {
        action: 'training.created',
        entityType: 'training',
        entityId: trainingId,
        after: { ...b, code: b.code ?? null },
        orgUnitId: unit.id,
      });
      return true;
    });
    return { training: await this.detail(p, trainingId), created };
  }

  /** Visible: the organising unit is in scope, or the caller took part. */
  private visibleQuery(em: EntityManager, p: Principal) {
    const qb = em.getRepository(Training).createQueryBuilder('t').innerJoin(OrgUnit, 'ou', 'ou.id = t.org_unit_id');
    if (seesEverything(p)) return qb;
    return qb.andWhere(
      new Brackets((w) => {
        w.where('ou.path LIKE :scope', { scope: `${escapeLike(p.orgUnitPath)}%` });
        if (p.personId) w.orWhere('EXISTS (SELECT 1 FROM training_participants tp WHERE tp.training_id = t.id AND tp.person_id = :me)', { me: p.personId });
      }),
    );
  }

  private async load(em: EntityManager, p: Principal, id: string): Promise<Training> {
    const t = await this.visibleQuery(em, p).andWhere('t.id = :id', { id }).getOne();
    if (!t) throw new NotFoundError('No such training');
    return t;
  }

  /** A session the caller may record results of (its unit in their scope and a writer role); else 404 / 403. */
  private async loadWritable(em: EntityManager, p: Principal, id: string): Promise<{ training: Training; unit: OrgUnit }> {
    const training = await this.load(em, p, id);
    const unit = await em.findOneByOrFail(OrgUnit, { id: training.orgUnitId });
    if (!hasRole(p, ...TRAINERS) || !inScope(p, unit.path)) throw new ForbiddenError('Only the organisers of this training record its results');
    return { training, unit };
  }

  async list(p: Principal, f: TrainingFilter) {
    const qb = this.visibleQuery(this.ds.manager, p);
    if (f.orgUnitId) underUnit(qb, 'ou', await listedUnit(this.ds, f.orgUnitId, p));
    if (f.personId) qb.andWhere('EXISTS (SELECT 1 FROM training_participants fp WHERE fp.training_id = t.id AND fp.person_id = :pid)', { pid: f.personId });
    if (f.from) qb.andWhere('t.held_on >= :from', { from: f.from });
    if (f.to) qb.andWhere('t.held_on <= :to', { to: f.to });
    const [rows, total] = await pageRows(qb.orderBy('t.heldOn', 'DESC').addOrderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'ASC'), f);
    return { items: await this.summaries(rows), total };
  }

  private async summaries(rows: Training[]) {
    const ids = rows.map((t) => t.id);
    const [units, participants] = await Promise.all([
      rows.length ? this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(rows.map((t) => t.orgUnitId))]) }) : [],
      ids.length ? this.ds.getRepository(TrainingParticipant).findBy({ trainingId: In(ids) }) : [],
    ]);
    return rows.map((t) => {
      const mine = participants.filter((x) => x.trainingId === t.id);
      const recorded = mine.filter((x) => x.attended !== null);
      return {
        id: t.id,
        code: t.code,
        title: t.title,
        topic: t.topic,
        orgUnitId: t.orgUnitId,
        orgUnitName: named(units.find((u) => u.id === t.orgUnitId)),
        heldOn: t.heldOn,
        trainer: t.trainer,
        participants: mine.length,
        recorded: recorded.length,
        attended: recorded.filter((x) => x.attended).length,
        passed: recorded.filter((x) => x.attended && x.passed).length,
        createdBy: t.createdBy,
        createdAt: t.createdAt.toISOString(),
      };
    });
  }

  /** A session with each participant's result and fact. */
  async detail(p: Principal, id: string) {
    const t = await this.load(this.ds.manager, p, id);
    const [summary] = await this.summaries([t]);
    const rows = await this.ds.getRepository(TrainingParticipant).findBy({ trainingId: id });
    const people = rows.length ? await this.ds.getRepository(Person).findBy({ id: In(rows.map((r) => r.personId)) }) : [];
    const facts = rows.some((r) => r.factId) ? await this.ds.getRepository(Fact).findBy({ id: In(rows.flatMap((r) => (r.factId ? [r.factId] : []))) }) : [];
    return {
      ...summary,
      participantList: rows
        .map((r) => {
          const person = people.find((x) => x.id === r.personId);
          const fact = facts.find((f) => f.id === r.factId);
          return {
            personId: r.personId,
            name: named(person),
            employeeNo: person?.employeeNo ?? '',
            orgUnitId: r.orgUnitId,
            attended: r.attended,
            passed: r.passed,
            remark: r.remark,
            recordedBy: r.recordedBy,
            recordedAt: r.recordedAt?.toISOString() ?? null,
            fact: fact ? { id: fact.id, value: fact.value, occurredAt: fact.occurredAt.toISOString() } : null,
          };
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.personId < b.personId ? -1 : 1)),
    };
  }

  // ———————————————————————————————————————— results ————————————————————————————————————————

  /**
   * Records (or corrects) results: one fact per participant. People not enrolled yet are
   * enrolled (walk-ins) when they are in the caller's scope. The same result again is a no-op;
   * a changed result replaces its fact in place, unless a published assessment cycle already
   * counts it (old or new version): then nothing is written and the request is a 409.
   */
  async recordResults(p: Principal, id: string, results: ResultInput[]): Promise<ResultCounts> {
    return this.ds.transaction(async (em) => {
      const { training } = await this.loadWritable(em, p, id);
      if (training.heldOn > todayIn(new Date())) throw new ConflictError(`The session is on ${training.heldOn}: record its results from that day on`);
      const issues: FieldIssue[] = [];
      const enrolled = new Map((await em.findBy(TrainingParticipant, { trainingId: id })).map((x) => [x.personId, x]));
      const newcomers = await this.peopleInScope(
        em,
        p,
        results.filter((r) => !enrolled.has(r.personId)).map((r) => r.personId),
      );
      const seen = new Set<string>();
      results.forEach((r, i) => {
        if (seen.has(r.personId)) issues.push({ path: `body.results.${i}.personId`, message: 'listed twice' });
        else if (!enrolled.has(r.personId) && !newcomers.has(r.personId))
          issues.push({ path: `body.results.${i}.personId`, message: 'not a participant, nor an active person in your scope' });
        seen.add(r.personId);
        const problem = resultIssue(r);
        if (problem) issues.push({ path: `body.results.${i}.passed`, message: problem });
      });
      if (issues.length) throw new ValidationError(issues);
      const planned = results.map((r) => ({
        row: 0,
        trainingId: id,
        personId: r.personId,
        attended: r.attended,
        passed: r.attended && r.passed,
        remark: r.remark ?? null,
      }));
      const outcome = await this.applyResults(em, p, training, planned, new Map([...newcomers].map(([k, v]) => [k, v.person.orgUnitId])));
      if (outcome.frozen) throw frozenConflict(outcome.frozen, 'A result of this training');
      return outcome.counts;
    });
  }

  /**
   * Plans and (unless `dryRun`) writes results of one session: inserts walk-ins, writes facts,
   * updates participant rows, one audit row for the session. Nothing is written when any changed
   * result is frozen (`frozen` names the cycle and the rows).
   */
  private async applyResults(
    em: EntityManager,
    p: Principal,
    training: Training,
    planned: PlannedResult[],
    newcomerUnits: Map<string, string>,
    dryRun = false,
  ): Promise<{ counts: ResultCounts; frozen: Awaited<ReturnType<typeof publishedCycleCovering>>; frozenRows: number[] }> {
    const enrolled = new Map((await em.findBy(TrainingParticipant, { trainingId: training.id })).map((x) => [x.personId, x]));
    const unitIds = [...new Set(planned.map((r) => enrolled.get(r.personId)?.orgUnitId ?? newcomerUnits.get(r.personId)!))];
    const units = unitIds.length ? await em.findBy(OrgUnit, { id: In(unitIds) }) : [];
    const heads = await headsOf(em, units);
    const recordedFacts = await findByKey(
      em,
      Fact,
      'id',
      planned.map((r) => trainingFactId(training.id, r.personId)),
    );
    const occurredAt = dayToInstant(training.heldOn);
    const counts: ResultCounts = { recorded: 0, corrected: 0, unchanged: 0 };
    const writes: { r: PlannedResult; unitId: string; fact: FactInput; kind: 'recorded' | 'corrected'; before: TrainingParticipant | null }[] = [];
    const changedFacts: { occurredAt: string | Date; orgUnitId: string | null; row: number }[] = [];
    for (const r of planned) {
      const current = enrolled.get(r.personId) ?? null;
      const unitId = current?.orgUnitId ?? newcomerUnits.get(r.personId)!;
      const recorded = recordedFacts.get(trainingFactId(training.id, r.personId));
      const fact: FactInput = {
        id: trainingFactId(training.id, r.personId),
        kind: 'training.attended',
        personId: r.personId,
        attribution: 'direct',
        orgUnitId: unitId,
        // A correction keeps the head recorded that day.
        departmentHeadPersonId: recorded ? recorded.departmentHeadPersonId : (heads.get(unitId) ?? null),
        sourceWorkflowId: trainingSource(training.id),
        subjectId: training.id,
        value: trainingFactValue(r),
        occurredAt,
        data: { trainingId: training.id, title: training.title, topic: training.topic, attended: r.attended, passed: r.passed },
        policyVersion: null,
      };
      if (current && current.attended !== null && current.attended === r.attended && current.passed === r.passed && (current.remark ?? null) === r.remark) {
        counts.unchanged++;
        continue;
      }
      const wasRecorded = !!current && current.attended !== null;
      // A remark may change at any time; a result scoring reads may not once it is published.
      if (recorded && factChanged(recorded, fact)) changedFacts.push({ occurredAt: recorded.occurredAt, orgUnitId: recorded.orgUnitId, row: r.row });
      writes.push({ r, unitId, fact, kind: wasRecorded ? 'corrected' : 'recorded', before: current });
      counts[wasRecorded ? 'corrected' : 'recorded']++;
    }
    const frozen = changedFacts.length ? await publishedCycleCovering(em, changedFacts) : null;
    if (frozen || dryRun || writes.length === 0) return { counts, frozen, frozenRows: frozen ? changedFacts.map((f) => f.row) : [] };

    const now = new Date();
    for (const w of writes) {
      const fields = { attended: w.r.attended, passed: w.r.passed, remark: w.r.remark, factId: w.fact.id, recordedBy: p.username, recordedAt: now };
      if (w.before) await em.update(TrainingParticipant, { trainingId: training.id, personId: w.r.personId }, fields);
      else await em.insert(TrainingParticipant, { trainingId: training.id, personId: w.r.personId, orgUnitId: w.unitId, ...fields });
      await writeFact(em, w.fact);
    }
    await audit(em, p, {
      action: 'training.results.recorded',
      entityType: 'training',
      entityId: training.id,
      before: writes
        .filter((w) => w.before && w.before.attended !== null)
        .map((w) => ({ personId: w.r.personId, attended: w.before!.attended, passed: w.before!.passed, remark: w.before!.remark })),
      after: writes.map((w) => ({
        personId: w.r.personId,
        attended: w.r.attended,
        passed: w.r.passed,
        remark: w.r.remark,
        factValue: w.fact.value,
        kind: w.kind,
      })),
      orgUnitId: training.orgUnitId,
    });
    return { counts, frozen: null, frozenRows: [] };
  }

  // ———————————————————————————————————————— import ————————————————————————————————————————

  /**
   * Attendance from a table (see `AttendanceRow`), all or nothing across every session named in
   * it. Results are upserted like `recordResults`, so re-importing a file is a no-op.
   */
  async import(p: Principal, table: Table, dryRun: boolean, format: string): Promise<ImportReport> {
    this.assertWriter(p);
    return this.ds.transaction(async (em) => {
      const problems: ImportProblem[] = [];
      const rows = validateRows(table, AttendanceRow, ['training', 'person', 'attended'], problems);
      const refs = rows.map((r) => r.training);
      const trainings = [
        ...(await findIn(em, Training, 'code', refs)),
        ...(await findIn(
          em,
          Training,
          'id',
          refs.filter((r) => /^[0-9a-f-]{36}$/i.test(r)),
        )),
      ];
      const tUnits = trainings.length ? await em.findBy(OrgUnit, { id: In([...new Set(trainings.map((t) => t.orgUnitId))]) }) : [];
      const writable = (t: Training) => {
        const u = tUnits.find((x) => x.id === t.orgUnitId);
        return !!u && inScope(p, u.path) && t.heldOn <= todayIn(new Date());
      };
      const trainingByRef = new Map<string, { id: string; writable: boolean }>();
      for (const t of trainings) {
        trainingByRef.set(t.id, { id: t.id, writable: writable(t) });
        if (t.code) trainingByRef.set(t.code, { id: t.id, writable: writable(t) });
      }
      const names = rows.map((r) => r.person);
      const byNo = await findIn(em, Person, 'employeeNo', names);
      const users = await findIn(em, User, 'username', names);
      const ids = [...new Set([...byNo.map((x) => x.id), ...users.flatMap((u) => (u.personId ? [u.personId] : []))])];
      const enrolled =
        ids.length && trainings.length ? await em.findBy(TrainingParticipant, { trainingId: In(trainings.map((t) => t.id)), personId: In(ids) }) : [];
      const inScopePeople = await this.peopleInScope(em, p, ids);
      // Known people pass the lookup; whether each may be recorded in their session is checked below.
      const personByRef = new Map<string, { id: string; inScope: boolean }>();
      for (const u of users) if (u.personId) personByRef.set(u.username, { id: u.personId, inScope: true });
      for (const x of byNo) personByRef.set(x.employeeNo, { id: x.id, inScope: true });

      const plan = planAttendanceImport(
        rows.map((r) => ({ row: r.row, training: r.training, person: r.person, attended: r.attended, passed: r.passed, remark: r.remark })),
        { trainings: trainingByRef, people: personByRef },
      );
      problems.push(...plan.problems);
      // Participants of the session may be recorded even if they moved out of the caller's scope since; walk-ins must be in it.
      for (const r of plan.results) {
        if (!enrolled.some((e) => e.trainingId === r.trainingId && e.personId === r.personId) && !inScopePeople.has(r.personId)) {
          problems.push({ row: r.row, column: 'person', message: 'not a participant of this session, nor an active person in your scope' });
        }
      }
      rejectProblems(problems, dryRun);

      const total: ResultCounts = { recorded: 0, corrected: 0, unchanged: 0 };
      const bySession = new Map<string, PlannedResult[]>();
      for (const r of plan.results) bySession.set(r.trainingId, [...(bySession.get(r.trainingId) ?? []), r]);
      const newcomerUnits = new Map([...inScopePeople].map(([k, v]) => [k, v.person.orgUnitId]));
      // Plan every session first (dry), so a frozen result anywhere writes nothing anywhere.
      for (const pass of dryRun ? [true] : [true, false]) {
        for (const [trainingId, results] of bySession) {
          const training = trainings.find((t) => t.id === trainingId)!;
          const outcome = await this.applyResults(em, p, training, results, newcomerUnits, pass);
          if (outcome.frozen)
            problems.push(
              ...outcome.frozenRows.map((row) => ({
                row,
                column: 'attended',
                message: `changes a result already part of the published scores of cycle ${outcome.frozen!.period}`,
              })),
            );
          if (pass) for (const k of ['recorded', 'corrected', 'unchanged'] as const) total[k] += outcome.counts[k];
        }
        rejectProblems(problems, dryRun);
      }
      const report = importReport(dryRun, { created: total.recorded, updated: total.corrected, unchanged: total.unchanged });
      if (!dryRun && report.imported > 0) await auditImport(em, p, 'training', { format, rows: table.rows.length, sessions: bySession.size, ...total });
      return report;
    });
  }
}

/**
 * The columns of an attendance file: `training` (the session's code or id), `person` (employee
 * number or username), `attended` and `passed` (yes/no; `passed` may be empty when absent),
 * `remark`.
 */
export const AttendanceRow = z.object({
  training: z.string().trim().min(1).max(64),
  person: z.string().trim().min(1).max(64),
  attended: z.string().trim().min(1).max(16),
  passed: z.string().trim().max(16).nullable(),
  remark: z.string().trim().max(1000).nullable(),
});
