import { Brackets, In } from 'typeorm';
import { Certificate, OrgUnit, Permit, PermitCrewMember, PermitEvent, PermitGasTest, Person, Task, User, WorkArea } from '../../db/entities';
import { insertPermitProjection } from '../../db/projections/permit';
import { escapeLike } from '../../db/sql';
import { currentPolicy } from '../../db/stores/policy-store';
import { ACTIVE_PERMIT_STATUSES, type PermitStatus } from '../../domain/permit/constants';
import { conflictsWith, crewCertificateProblems, type Certificate as HeldCertificate } from '../../domain/permit/rules';
import { permitStateQuery, permitWorkflowId, recordGasTestUpdate, workActionUpdate, type PermitInput } from '../../workflows/permit/messages';
import { PermitWorkflow } from '../../workflows/permit/workflow';
import { SA } from '../../workflows/shared/search-attributes';
import { hasRole, mayRaiseIn, memberAncestorIds, seesEverything } from '../platform/access';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { ProcessBackedService, timelineOf } from '../platform/process-service';
import { sendProcessUpdate } from '../platform/process-updates';
import type { Principal } from '../platform/route';
import type { GasTestInputBody, PermitRequestInput } from './schemas';
import { displayed, named, nameOf } from '../platform/names';

export interface PermitFilter {
  type?: string;
  status?: string;
  areaId?: string;
  active?: boolean;
  page: number;
  pageSize: number;
}

/** Printed prefixes of the permit numbers (作业票编号), by type: the pinyin initials of the Chinese names. */
const PREFIX: Record<string, string> = {
  hot_work: 'DH',
  confined_space: 'SX',
  blind_plate: 'MB',
  work_at_height: 'GC',
  lifting: 'DZ',
  temporary_electricity: 'LD',
  excavation: 'DT',
  road_closure: 'DL',
};

const SAYS = { handingOver: 'handing over', ended: 'The permit is closed' };
const dateOnlyEnd = (d: string | null) => (d === null ? null : Date.parse(`${d}T23:59:59.999Z`));

/** Permits to work through the API: request (checked against certificates and running permits), gas tests, the work's moves, list and detail. */
export class PermitService extends ProcessBackedService {
  /** Requests a permit: the crew's certificates must cover the window; running permits it conflicts with are flagged to its approvers. */
  async request(p: Principal, b: PermitRequestInput) {
    const workflowId = permitWorkflowId(b.permitId);
    const number = `${PREFIX[b.type]}-${b.windowFrom.slice(0, 10).replaceAll('-', '')}-${b.permitId.slice(0, 6).toUpperCase()}`;
    const existing = await this.ds.getRepository(Permit).findOneBy({ id: b.permitId });
    if (existing) return { permitId: existing.id, workflowId, number: existing.number, created: false, conflicts: JSON.parse(existing.conflicts) as never[] };
    const area = await this.ds.getRepository(WorkArea).findOneBy({ id: b.areaId, active: true });
    if (!area) throw new ValidationError([{ path: 'body.areaId', message: 'no such work area' }]);
    if (b.equipmentId && !(await this.ds.getRepository(WorkArea).existsBy({ id: b.equipmentId, kind: 'equipment', active: true })))
      throw new ValidationError([{ path: 'body.equipmentId', message: 'no such equipment' }]);
    const unit = await this.ds.getRepository(OrgUnit).findOneByOrFail({ id: area.orgUnitId });
    if (!(await mayRaiseIn(this.ds, p, unit))) throw new ValidationError([{ path: 'body.areaId', message: 'not a work area of your plant' }]);
    const personIds = [...new Set(b.crew.map((c) => c.personId))];
    const [people, users, certificates] = await Promise.all([
      this.ds.getRepository(Person).findBy({ id: In(personIds), active: true }),
      this.ds.getRepository(User).findBy({ personId: In(personIds), active: true }),
      this.ds.getRepository(Certificate).findBy({ personId: In(personIds) }),
    ]);
    b.crew.forEach((c, i) => {
      if (!people.some((x) => x.id === c.personId)) throw new ValidationError([{ path: `body.crew.${i}.personId`, message: 'no such person' }]);
    });
    const policy = await currentPolicy(this.ds);
    const pp = policy.document.permit;
    const window = { from: Date.parse(b.windowFrom), to: Date.parse(b.windowTo) };
    const held: HeldCertificate[] = certificates.map((c) => ({
      personId: c.personId,
      type: c.type as never,
      expiresAt: dateOnlyEnd(c.expiresOn),
      revoked: c.revokedAt !== null,
    }));
    const problems = crewCertificateProblems(pp, b.type, b.crew, held, window);
    if (problems.length)
      throw new ValidationError(
        problems.map((x) => ({
          path: `body.crew.${b.crew.findIndex((c) => c.personId === x.personId && c.role === x.role)}.personId`,
          message: `${people.find((q) => q.id === x.personId)?.name ?? x.personId} (${x.role}) needs a valid certificate: ${x.needs.join(' or ')} (${x.reason === 'lapses' ? 'theirs expires before the work ends' : 'none held'})`,
        })),
      );
    const running = await this.ds.getRepository(Permit).findBy({ areaId: area.id, status: In([...ACTIVE_PERMIT_STATUSES]) });
    const conflicts = conflictsWith(
      pp,
      { type: b.type, areaId: area.id, from: window.from, to: window.to },
      running.map((x) => ({ id: x.id, type: x.type as never, areaId: x.areaId, from: x.windowFrom.getTime(), to: x.windowTo.getTime() })),
    ).map((c) => ({ permitId: c.id, number: running.find((x) => x.id === c.id)!.number, type: c.type }));
    const me = await this.ds.getRepository(User).findOneByOrFail({ id: p.userId });
    const input: PermitInput = {
      request: {
        permitId: b.permitId,
        number,
        type: b.type,
        level: b.level,
        areaId: area.id,
        areaName: area.name,
        equipmentId: b.equipmentId ?? null,
        orgUnitId: area.orgUnitId,
        workContent: b.workContent,
        windowFrom: new Date(window.from).toISOString(),
        windowTo: new Date(window.to).toISOString(),
        crew: b.crew.map((c) => {
          const u = users.find((x) => x.personId === c.personId);
          return {
            personId: c.personId,
            role: c.role,
            name: nameOf(people.find((x) => x.id === c.personId)!),
            userId: u?.id ?? null,
            username: u?.username ?? null,
          };
        }),
        contractor: b.contractor ?? null,
        jsa: b.jsa,
        measures: b.measures.map((m) => ({ kind: m.kind, description: m.description, lockNumber: m.lockNumber ?? null })),
        requesterUserId: p.userId,
        requesterUsername: p.username,
        requesterPersonId: me.personId,
        conflicts,
        requestedAt: new Date().toISOString(),
      },
      policy: policy.document,
      policyVersion: policy.version,
    };
    const created = await this.startOnce(
      PermitWorkflow,
      workflowId,
      input,
      () => this.ds.transaction((em) => insertPermitProjection(em, input.request, workflowId, input.policyVersion)),
      // What the process upserts in its first workflow task: there from the start, so the process is
      // known for what it is (the monitor's cancel) even once its first task is written (permit-one-step).
      [
        { key: SA.processType, value: 'permit' },
        { key: SA.status, value: 'preparing' },
        { key: SA.severity, value: `${input.request.type}:${input.request.level}` },
        { key: SA.orgUnit, value: input.request.orgUnitId },
      ],
    );
    return { permitId: b.permitId, workflowId, number, created, conflicts };
  }

  /** A gas test of the permit: anyone holding the policy's gas-tester certificate (or the safety hub) records it. */
  async recordGasTest(p: Principal, id: string, b: GasTestInputBody) {
    const permit = await this.load(p, id);
    const pp = (await currentPolicy(this.ds)).document.permit;
    if (pp.gasTesterCertificate && !hasRole(p, 'safety_officer')) {
      const today = new Date().toISOString().slice(0, 10);
      const ok =
        p.personId &&
        (await this.ds
          .getRepository(Certificate)
          .createQueryBuilder('c')
          .where('c.person_id = :me AND c.type = :type AND c.revoked_at IS NULL', { me: p.personId, type: pp.gasTesterCertificate })
          .andWhere(new Brackets((w) => w.where('c.expires_on IS NULL').orWhere('c.expires_on >= :today', { today })))
          .getExists());
      if (!ok) throw new ForbiddenError(`Recording gas tests needs a valid ${pp.gasTesterCertificate} certificate`);
    }
    const r = await sendProcessUpdate(
      this.client,
      permit.workflowId,
      recordGasTestUpdate,
      { testId: b.testId, takenAt: b.takenAt ?? new Date().toISOString(), readings: b.readings, testerUserId: p.userId, testerUsername: p.username },
      SAYS,
    );
    return {
      testId: r.testId,
      passed: r.verdict.passed,
      failures: r.verdict.failures.map((f) => ({ kind: f.kind, value: f.value })),
      missing: r.verdict.missing,
      effect: r.effect,
      status: r.status,
    };
  }

  /** The work's moves: the requester, a crew member with a login, or the area's department head / the safety hub. */
  async work(p: Principal, id: string, action: 'start' | 'pause' | 'resume' | 'complete', clientId: string) {
    const permit = await this.load(p, id);
    const crew = await this.ds.getRepository(PermitCrewMember).findBy({ permitId: id });
    const onCrew = !!p.personId && crew.some((c) => c.personId === p.personId);
    if (permit.requesterUserId !== p.userId && !onCrew && !hasRole(p, 'department_head', 'safety_officer'))
      throw new ForbiddenError('Only the requester, the crew, the area owner or the safety hub move the work');
    const state = await sendProcessUpdate(
      this.client,
      permit.workflowId,
      workActionUpdate,
      { action, byUserId: p.userId, byUsername: p.username, clientId },
      SAYS,
    );
    return { ...(await this.detail(p, id)), status: state.status };
  }

  /** Visible: the area's unit is in scope, the caller requested it or is on its crew, or one of its tasks is for a unit the caller belongs to. */
  private visibleQuery(p: Principal) {
    const qb = this.ds.getRepository(Permit).createQueryBuilder('x').innerJoin(OrgUnit, 'ou', 'ou.id = x.org_unit_id');
    if (seesEverything(p)) return qb;
    const ancestors = memberAncestorIds(p);
    return qb.andWhere(
      new Brackets((w) => {
        w.where('ou.path LIKE :scope', { scope: `${escapeLike(p.orgUnitPath)}%` })
          .orWhere('x.requester_user_id = :me', { me: p.userId })
          .orWhere('EXISTS (SELECT 1 FROM permit_crew c WHERE c.permit_id = x.id AND c.person_id = :person)', { person: p.personId ?? '-' })
          .orWhere('EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = x.workflow_id AND t.org_unit_id IN (:...ancestors))', { ancestors });
      }),
    );
  }

  async list(p: Principal, f: PermitFilter) {
    const qb = this.visibleQuery(p);
    if (f.type) qb.andWhere('x.type = :type', { type: f.type });
    if (f.status) qb.andWhere('x.status = :status', { status: f.status });
    if (f.active) qb.andWhere('x.status IN (:...active)', { active: [...ACTIVE_PERMIT_STATUSES] });
    if (f.areaId) qb.andWhere('(x.area_id = :area OR x.equipment_id = :area)', { area: f.areaId });
    const [rows, total] = await qb
      .orderBy('x.windowFrom', 'DESC')
      .addOrderBy('x.id', 'ASC')
      .skip((f.page - 1) * f.pageSize)
      .take(f.pageSize)
      .getManyAndCount();
    return { items: await this.summaries(rows), total };
  }

  private async summaries(rows: Permit[]) {
    const areaIds = [...new Set(rows.map((x) => x.areaId))];
    const userIds = [...new Set(rows.map((x) => x.requesterUserId))];
    const [areas, users] = await Promise.all([
      areaIds.length ? this.ds.getRepository(WorkArea).findBy({ id: In(areaIds) }) : [],
      userIds.length ? this.ds.getRepository(User).findBy({ id: In(userIds) }) : [],
    ]);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return rows.map((x) => ({
      id: x.id,
      workflowId: x.workflowId,
      number: x.number,
      type: x.type as never,
      level: x.level as never,
      status: x.status as PermitStatus,
      areaId: x.areaId,
      areaName: areas.find((a) => a.id === x.areaId)?.name ?? '',
      orgUnitId: x.orgUnitId,
      workContent: x.workContent,
      windowFrom: x.windowFrom.toISOString(),
      windowTo: x.windowTo.toISOString(),
      issuedAt: iso(x.issuedAt),
      validUntil: iso(x.validUntil),
      lastGasTestAt: iso(x.lastGasTestAt),
      nextClock: x.nextClockAt && x.nextClock ? { kind: x.nextClock, at: x.nextClockAt.toISOString() } : null,
      suspensionReason: x.suspensionReason as never,
      suspensions: x.suspensions,
      compliant: x.compliant,
      requester: displayed(users.find((u) => u.id === x.requesterUserId)) || null,
    }));
  }

  async load(p: Principal, id: string): Promise<Permit> {
    const x = await this.visibleQuery(p).andWhere('x.id = :id', { id }).getOne();
    if (!x) throw new NotFoundError('No such permit');
    return x;
  }

  /** Projection, crew, JSA and measures, gas tests, tasks and timeline. */
  async detail(p: Principal, id: string) {
    const x = await this.load(p, id);
    const [summary] = await this.summaries([x]);
    const [crew, tests, rows, events] = await Promise.all([
      this.ds.getRepository(PermitCrewMember).findBy({ permitId: id }),
      this.ds.getRepository(PermitGasTest).find({ where: { permitId: id }, order: { takenAt: 'ASC' } }),
      this.ds.getRepository(Task).find({ where: { workflowId: x.workflowId }, order: { createdAt: 'ASC' } }),
      this.ds.getRepository(PermitEvent).find({ where: { permitId: id }, order: { at: 'ASC', id: 'ASC' } }),
    ]);
    const people = crew.length ? await this.ds.getRepository(Person).findBy({ id: In(crew.map((c) => c.personId)) }) : [];
    const testerIds = [...new Set(tests.map((t) => t.testerUserId))];
    const testers = testerIds.length ? await this.ds.getRepository(User).findBy({ id: In(testerIds) }) : [];
    const state = await this.liveState(x.workflowId, permitStateQuery);
    return {
      ...summary,
      ...(state ? { nextClock: state.nextClock } : {}),
      contractor: x.contractor,
      crew: crew.map((c) => ({ personId: c.personId, name: named(people.find((q) => q.id === c.personId)), role: c.role as never })),
      jsa: JSON.parse(x.jsa) as never,
      measures: JSON.parse(x.measures) as never,
      conflicts: JSON.parse(x.conflicts) as never,
      gasTests: tests.map((t) => ({
        id: t.id,
        takenAt: t.takenAt.toISOString(),
        tester: displayed(testers.find((u) => u.id === t.testerUserId)) || null,
        readings: JSON.parse(t.readings) as never,
        passed: t.passed,
      })),
      tasks: await this.visibleTasks(p, rows),
      timeline: timelineOf(events),
      temporalUrl: this.uiLink(x.workflowId),
    };
  }
}
