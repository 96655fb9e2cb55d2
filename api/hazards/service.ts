import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { Brackets, In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { gatheringAudit } from '../../db/audit/audit-log';
import { Hazard, HazardEvent, OrgUnit, Person, Task, User } from '../../db/entities';
import { hazardProjectionOf, hazardUnitsOf, insertHazardProjection } from '../../db/projections/hazard';
import { writeOpenedHazardRow } from '../../db/projections/process-monitor';
import { openHazardIn } from '../../activities/hazards';
import { offerUnitChains, readUnitChains, unitPathsOf, type ChainUnit, type UnitChains } from '../../db/candidates';
import { currentPolicyShared } from '../../db/stores/policy-store';
import { insertedTask, insertTask } from '../../activities/tasks';
import { createNotificationOutbox, type OutboxWritten } from '../../activities/notifications';
import { createLogger, type Logger } from '../../app/logger';
import { SA } from '../../workflows/shared/search-attributes';
import { escapeLike, runQuery } from '../../db/sql';
import type { HazardCategory, HazardSeverity, HazardStatus } from '../../domain/hazard/constants';
import type { RiskMatrixLevel } from '../../domain/risk-matrix';
import {
  gradeTaskOf,
  gradingTaskUpdate,
  HANDING_OVER,
  hazardLink,
  hazardStateQuery,
  hazardWorkflowId,
  type HazardInput,
  type HazardState,
} from '../../workflows/hazard/messages';
import { HazardWorkflow } from '../../workflows/hazard/workflow';
import { assignedNotice } from '../../workflows/shared/human-task';
import { notifyInput } from '../../workflows/shared/notify';
import { inScope, mayRaiseIn, memberAncestorIds, seesEverything, listedUnit } from '../platform/access';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { ProcessBackedService, timelineOf } from '../platform/process-service';
import { executeUpdateWithStart, sendProcessUpdate } from '../platform/process-updates';
import type { Principal } from '../platform/route';
import type { TaskService } from '../tasks/service';
import type { EvidenceStore } from './evidence-store';
import { displayed, nameOf } from '../platform/names';
import { isUniqueViolation } from '../org/common';

export interface ReportInput {
  reportId: string;
  title: string;
  description: string;
  category: HazardCategory;
  area: string;
  orgUnitId?: string;
  suspectedSeverity: HazardSeverity;
  evidenceIds: string[];
}

export interface HazardFilter {
  status?: HazardStatus;
  severity?: string;
  category?: HazardCategory;
  orgUnitId?: string;
  overdue?: 'true' | 'false';
  area?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** One way a caller may see a hazard: narrows a query of `hazards()` to the hazards it lets them see. */
type VisibilityRule = (qb: SelectQueryBuilder<Hazard>) => SelectQueryBuilder<Hazard>;

/** Hazards through the API: report (idempotent), list from the projection, detail, actions. */
export class HazardService extends ProcessBackedService {
  constructor(
    ds: DataSource,
    client: Client,
    taskQueue: string,
    private readonly evidence: EvidenceStore,
    tasks: TaskService,
    temporalUiUrl: string | null,
    namespace: string,
    /** HAZARD_OPEN (app/config.ts). */
    private readonly opening: 'transaction' | 'update' = 'transaction',
    /** Where the grading notice's audience resolution reports a notice rerouted (nobody to tell), and a dispatcher not woken. */
    private readonly logger: Logger = createLogger(),
  ) {
    super(ds, client, taskQueue, tasks, temporalUiUrl, namespace);
    this.outbox = createNotificationOutbox({ dataSource: ds, now: () => new Date(), logger: this.logger });
  }

  /** The notification outbox: the grading task's notice is written with the task (`open`). */
  private readonly outbox: ReturnType<typeof createNotificationOutbox>;

  /** Starts the hazard's process; a resent report id returns the same hazard (`created: false`). */
  async report(p: Principal, r: ReportInput, fieldPrefix = 'body'): Promise<{ hazardId: string; workflowId: string; created: boolean }> {
    const workflowId = hazardWorkflowId(r.reportId);
    const resent = { hazardId: r.reportId, workflowId, created: false };
    const exists = () => this.ds.getRepository(Hazard).existsBy({ id: r.reportId });
    // Opened in one transaction, the hazard row's insert decides whether it is new: no look-up
    // first. The other ways look first (a resend must not reach Temporal's start).
    const inTransaction = this.ds.options.type !== 'sqljs' && this.opening === 'transaction';
    if (!inTransaction && (await exists())) return resent;
    let unit: ChainUnit;
    let read: UnitChains;
    try {
      ({ unit, read } = await this.reportUnit(p, r.orgUnitId, `${fieldPrefix}.orgUnitId`));
      await this.evidence.assertExist(r.evidenceIds, `${fieldPrefix}.evidenceIds`);
    } catch (err) {
      // A resend is the same hazard, whatever changed since (as when it was looked up first).
      if (inTransaction && (await exists())) return resent;
      throw err;
    }
    const input: HazardInput = {
      report: {
        hazardId: r.reportId,
        title: r.title,
        description: r.description,
        category: r.category,
        area: r.area,
        orgUnitId: unit.id,
        suspectedSeverity: r.suspectedSeverity,
        evidenceIds: r.evidenceIds,
        ...this.reportedBy(p),
      },
      ...(await this.policyInput(read.policyVersion ?? undefined)),
    };
    if (this.ds.options.type === 'sqljs') {
      // The embedded database has one connection, whose transactions are not isolated from each
      // other: none is held across a call to Temporal. The process writes the report and its first task.
      const created = await this.startOnce(HazardWorkflow, workflowId, input, () =>
        insertHazardProjection(this.ds.manager, input.report, workflowId, input.policyVersion),
      );
      return { hazardId: r.reportId, workflowId, created };
    }
    const created = this.opening === 'update' ? await this.openByUpdate(workflowId, input) : await this.open(workflowId, input, read);
    return { hazardId: r.reportId, workflowId, created };
  }

  /**
   * The unit a report is raised in (`raisedIn`: `orgUnitId`, else the caller's own; a 400 on
   * `field` unless the caller may raise there) with its ancestors and the caller's, the departments
   * under them and the policy version in force, all read in one statement: the opening needs the
   * unit's chain and departments too (`hazardUnitsOf`).
   */
  private async reportUnit(p: Principal, orgUnitId: string | undefined, field: string): Promise<{ unit: ChainUnit; read: UnitChains }> {
    const id = orgUnitId ?? p.orgUnitId;
    const read = await readUnitChains(this.ds, [id, ...p.orgUnitPath.split('/').filter(Boolean)], { departments: true, policyVersion: true });
    const unit = read.units.get(id);
    if (!unit || !(await mayRaiseIn(this.ds, p, unit as Pick<OrgUnit, 'path'> as OrgUnit)))
      throw new ValidationError([{ path: field, message: 'no such org unit in your plant' }]);
    return { unit, read };
  }

  /**
   * The policy in force as the process's input carries it: the shared, parsed-once version
   * (nothing here changes it); `newest`: its number, when read with other things just before.
   */
  protected override async policyInput(newest?: number) {
    const policy = await currentPolicyShared(this.ds, newest);
    return { policy: policy.document, policyVersion: policy.version };
  }

  /**
   * The other way measured for issue 22 (HAZARD_OPEN=update): update-with-start, answered by the
   * process once its first step wrote the report and the grading task. One round trip for the
   * caller too, but the process's first workflow task and local activity are on the way.
   */
  private async openByUpdate(workflowId: string, input: HazardInput): Promise<boolean> {
    const start = new WithStartWorkflowOperation(HazardWorkflow, {
      workflowId,
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    try {
      await executeUpdateWithStart(this.client, gradingTaskUpdate, start as WithStartWorkflowOperation<Workflow>);
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  /**
   * Opens a hazard in one round trip (issue 22): the report (projection row, timeline event, fact,
   * audit row), its grading task and the task's notice to the safety hub (its outbox rows) are
   * written in one transaction, and the process is started inside it, so the reporter's 201 comes
   * with the safety hub's task already in the inbox and its notice on the way. A start that fails
   * rolls the writes back (nothing half-written); a commit lost after the start is repaired by a
   * resend, which writes them again (keyed like the first: nothing twice). A resend racing the
   * first request waits on the row's lock and finds the hazard there: false.
   */
  private async open(workflowId: string, base: HazardInput, read?: UnitChains): Promise<boolean> {
    const { report, policy, policyVersion } = base;
    const units = await hazardUnitsOf(this.ds.manager, report.orgUnitId, read);
    const dueAt = new Date(Date.parse(report.reportedAt) + policy.sla.hazardGrading * 1000).toISOString();
    const task = gradeTaskOf(workflowId, report, units, policy, dueAt);
    // The notice the process's first step would write (workflows/hazard/workflow.ts `humanStep`),
    // built by the same code from the same task: the same outbox IDs, texts, audience and link.
    const notice = notifyInput(policy, assignedNotice(task, dueAt, hazardLink(report.hazardId)));
    const opened = { units, gradeTask: { id: task.id, dueAt, taskType: task.taskType, orgUnitId: task.orgUnitId } };
    // Null, with nothing written, when the hazard is there already (a resend; one racing the
    // first request waits on the row's lock, then finds it).
    // The report's and the task's audit entries are appended together (one stream: two statements).
    const write = (em: EntityManager): Promise<OutboxWritten | null> =>
      gatheringAudit(em, async () => {
        if (!(await openHazardIn(em, { report, workflowId, policyVersion, dueAt: new Date(dueAt) }))) return null;
        // The unit chains read for the report a moment ago serve the notice's audience too.
        if (read) offerUnitChains(em, read, true);
        const at = new Date();
        const taskRow = await insertTask(em, task, at);
        const created = taskRow && insertedTask(taskRow, at);
        // The monitor row from what was just written (no read-back after the commit).
        if (created && read)
          await writeOpenedHazardRow(
            em,
            { ...(hazardProjectionOf(report, workflowId, policyVersion) as Hazard), dueAt: new Date(dueAt) },
            [created],
            unitPathsOf(read),
          );
        // After the task: the notice finds its audience through it (its unit, its candidates'
        // delegations), as just written (a task there already is read).
        return this.outbox.writeOutboxRows(em, notice, created ? { task: created } : undefined);
      });
    let written: OutboxWritten | null;
    try {
      written = await this.ds.transaction(async (em) => {
        const w = await write(em);
        if (!w) return null;
        // The process is told the notice is written (`opened.notice`): it writes none of its own.
        const input: HazardInput = { ...base, opened: { ...opened, notice: w.recorded } };
        await this.client.workflow.start(HazardWorkflow, {
          workflowId,
          taskQueue: this.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          // What the process would otherwise upsert in its first workflow task.
          typedSearchAttributes: [
            { key: SA.processType, value: 'hazard' },
            { key: SA.status, value: 'grading' },
            { key: SA.severity, value: `suspected-${report.suspectedSeverity}` },
            { key: SA.orgUnit, value: report.orgUnitId },
            { key: SA.slaDeadline, value: new Date(dueAt) },
            { key: SA.overdue, value: false },
          ],
        });
        return w;
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        // A resend. Had the first request's commit been lost after its start, the process would run
        // without its report, task and notice: the resend writes them (idempotent, keyed like the
        // first; nothing when they are there).
        const repaired = await this.ds.transaction(write);
        if (repaired) await this.noticeCommitted(repaired);
        return false;
      }
      if (isUniqueViolation(err) && (await this.ds.getRepository(Hazard).existsBy({ id: report.hazardId }))) return false;
      throw err;
    }
    if (!written) return false;
    await this.noticeCommitted(written);
    return true;
  }

  /**
   * After the commit: the dispatcher woken for the notice (poked in-process when a delivery round
   * runs here). The report is opened whatever becomes of the wake (the start just reached Temporal,
   * so it rarely fails): a dispatcher not woken finds the rows at its next round, woken by any other
   * message or at the end of its idle sleep; answering an error would only bring a resend, which
   * finds the hazard there and wakes nothing either.
   */
  private async noticeCommitted(written: OutboxWritten): Promise<void> {
    try {
      await this.outbox.outboxCommitted(written, { client: this.client, taskQueue: this.taskQueue });
    } catch (err) {
      this.logger.warn({ err, dedupKey: written.recorded.dedupKey }, 'grading notice written, dispatcher not woken: it delivers at its next round');
    }
  }

  /** Hazards with the units they were found in (`ou`, must exist) and are assigned to (`rou`). */
  private hazards(): SelectQueryBuilder<Hazard> {
    return this.ds
      .getRepository(Hazard)
      .createQueryBuilder('h')
      .innerJoin(OrgUnit, 'ou', 'ou.id = h.org_unit_id')
      .leftJoin(OrgUnit, 'rou', 'rou.id = h.responsible_org_unit_id');
  }

  /**
   * Who may see a hazard, when not everyone in the query may: any one of these rules is enough.
   * Null when the caller sees every hazard: a group-wide role, or a scope that holds every org unit
   * (a group-level safety officer), for which the first rule holds for every hazard.
   */
  private async visibility(p: Principal): Promise<VisibilityRule[] | null> {
    if (seesEverything(p)) return null;
    const scope = `${escapeLike(p.orgUnitPath)}%`;
    if (!(await this.ds.getRepository(OrgUnit).createQueryBuilder('u').where('u.path NOT LIKE :scope', { scope }).getExists())) return null;
    const ancestors = memberAncestorIds(p);
    return [
      // found in the caller's scope
      (qb) => qb.andWhere('ou.path LIKE :scope', { scope }),
      // assigned to a unit in the caller's scope
      (qb) => qb.andWhere('rou.path LIKE :scope', { scope }),
      // reported by the caller
      (qb) => qb.andWhere('h.reporter_user_id = :me', { me: p.userId }),
      // assigned to a unit the caller belongs to, or one above it
      (qb) => qb.andWhere('rou.id IN (:...ancestors)', { ancestors }),
      // the process gave such a unit a task (a join: hazards with several such tasks come once out of the UNION)
      (qb) => qb.innerJoin(Task, 't', 't.workflow_id = h.workflow_id AND t.org_unit_id IN (:...ancestors)', { ancestors }),
    ];
  }

  /**
   * The ids of one page of the hazards in `qb` the caller may see, newest first, and how many there
   * are in all, in one pass (a window count). Each visibility rule is a branch of its own, joined by
   * UNION, so each is an index lookup (units by path, then hazards by unit; by reporter; by the
   * tasks' unit). As one OR over the joined units' paths no index served them: every hazard was
   * checked, for the page and again for the count (bench:api, 40,000 hazards: a department head's
   * first page took ~0.7 s). Callers who see everything page one SELECT the same way: for the count
   * alone MariaDB read every hazard through the unit join instead of using the filter's index.
   */
  private async visibleIds(p: Principal, qb: SelectQueryBuilder<Hazard>, offset: number, limit: number): Promise<{ ids: string[]; total: number }> {
    const rules = await this.visibility(p);
    const params: Record<string, unknown> = { offset, limit };
    const branches = (rules ?? [(q: SelectQueryBuilder<Hazard>) => q]).map((rule) => {
      const branch = rule(qb.clone().select('h.id', 'id').addSelect('h.reported_at', 'reported_at'));
      Object.assign(params, branch.getParameters());
      return branch.getQuery();
    });
    const visible = `(${branches.join(' UNION ')}) v`;
    const page = await runQuery<{ id: string; total: unknown }>(
      this.ds,
      `SELECT v.id AS id, COUNT(*) OVER () AS total FROM ${visible} ORDER BY v.reported_at DESC, v.id ASC LIMIT :limit OFFSET :offset`,
      params,
    );
    if (page.length || !offset) return { ids: page.map((r) => r.id), total: Number(page[0]?.total ?? 0) };
    // A page past the end: no row to carry the count.
    const [count] = await runQuery<{ n: unknown }>(this.ds, `SELECT COUNT(*) AS n FROM ${visible}`, params);
    return { ids: [], total: Number(count.n) };
  }

  /** Hazards by id, in the order of the ids. */
  private async byIds(ids: string[]): Promise<Hazard[]> {
    const rows = ids.length ? await this.ds.getRepository(Hazard).findBy({ id: In(ids) }) : [];
    const byId = new Map(rows.map((h) => [h.id, h]));
    return ids.map((id) => byId.get(id)).filter((h): h is Hazard => !!h);
  }

  async list(p: Principal, f: HazardFilter) {
    const qb = this.hazards();
    if (f.status) qb.andWhere('h.status = :status', { status: f.status });
    if (f.severity) qb.andWhere('h.severity = :severity', { severity: f.severity });
    if (f.category) qb.andWhere('h.category = :category', { category: f.category });
    if (f.overdue) qb.andWhere('h.overdue = :overdue', { overdue: f.overdue === 'true' });
    if (f.area) qb.andWhere('h.area LIKE :area', { area: `%${escapeLike(f.area)}%` });
    if (f.from) qb.andWhere('h.reported_at >= :from', { from: new Date(f.from) });
    if (f.to) qb.andWhere('h.reported_at < :to', { to: new Date(f.to) });
    if (f.orgUnitId) {
      const unit = await listedUnit(this.ds, f.orgUnitId);
      qb.andWhere(
        new Brackets((w) => w.where('ou.path LIKE :u', { u: `${escapeLike(unit.path)}%` }).orWhere('rou.path LIKE :u', { u: `${escapeLike(unit.path)}%` })),
      );
    }
    // The page's ids first (sorted and counted on ids and report times only), then only their rows in full.
    const { ids, total } = await this.visibleIds(p, qb, (f.page - 1) * f.pageSize, f.pageSize);
    return { items: await this.summaries(await this.byIds(ids)), total };
  }

  private async summaries(rows: Hazard[]) {
    const unitIds = [...new Set(rows.flatMap((h) => [h.orgUnitId, h.responsibleOrgUnitId]).filter((x): x is string => !!x))];
    const userIds = [...new Set(rows.map((h) => h.reporterUserId))];
    const [units, users] = await Promise.all([
      unitIds.length ? this.ds.getRepository(OrgUnit).findBy({ id: In(unitIds) }) : [],
      userIds.length ? this.ds.getRepository(User).findBy({ id: In(userIds) }) : [],
    ]);
    const name = (id: string | null) => {
      const unit = id ? units.find((u) => u.id === id) : undefined;
      return unit ? nameOf(unit) : null;
    };
    // The projection's varchar columns hold the domain's values (the workflow's activities write them).
    return rows.map((h) => ({
      id: h.id,
      workflowId: h.workflowId,
      title: h.title,
      category: h.category as HazardCategory,
      area: h.area,
      orgUnitId: h.orgUnitId,
      orgUnitName: name(h.orgUnitId) ?? '',
      status: h.status as HazardStatus,
      severity: h.severity as 'general' | 'major' | null,
      riskLevel: h.riskLevel as RiskMatrixLevel | null,
      riskScore: h.riskScore,
      responsibleOrgUnitId: h.responsibleOrgUnitId,
      responsibleOrgUnitName: name(h.responsibleOrgUnitId),
      dueAt: h.dueAt?.toISOString() ?? null,
      overdue: h.overdue,
      overdueDays: h.overdueDays,
      escalationLevel: h.escalationLevel,
      reworkCount: h.reworkCount,
      reportedAt: h.reportedAt.toISOString(),
      closedAt: h.closedAt?.toISOString() ?? null,
      reporter: displayed(users.find((u) => u.id === h.reporterUserId)),
    }));
  }

  /** Loads a hazard the caller may see, else 404. */
  async load(p: Principal, id: string): Promise<Hazard> {
    const { ids } = await this.visibleIds(p, this.hazards().andWhere('h.id = :id', { id }), 0, 1);
    const [h] = await this.byIds(ids);
    if (!h) throw new NotFoundError('No such hazard');
    return h;
  }

  async detail(p: Principal, id: string) {
    const h = await this.load(p, id);
    const [summary] = await this.summaries([h]);
    const rows = await this.ds.getRepository(Task).find({ where: { workflowId: h.workflowId }, order: { createdAt: 'ASC' } });
    const events = await this.ds.getRepository(HazardEvent).find({ where: { hazardId: h.id }, order: { at: 'ASC', id: 'ASC' } });
    const s = await this.liveState(h.workflowId, hazardStateQuery);
    const live: Pick<HazardState, 'phase' | 'round' | 'dueAt' | 'escalationLevel' | 'overdueDays' | 'reworkCount' | 'openTasks'> | null = s && {
      phase: s.phase,
      round: s.round,
      dueAt: s.dueAt,
      escalationLevel: s.escalationLevel,
      overdueDays: s.overdueDays,
      reworkCount: s.reworkCount,
      openTasks: s.openTasks,
    };
    return {
      hazard: {
        ...summary,
        description: h.description,
        suspectedSeverity: h.suspectedSeverity as HazardSeverity,
        evidenceIds: h.evidenceIds,
        riskLikelihood: h.riskLikelihood,
        riskSeverity: h.riskSeverity,
        gradedAt: h.gradedAt?.toISOString() ?? null,
        acknowledgedAt: h.acknowledgedAt?.toISOString() ?? null,
        cancelReason: h.cancelReason,
        policyVersion: h.policyVersion,
      },
      live,
      tasks: await this.visibleTasks(p, rows),
      timeline: timelineOf(events),
      temporalUiUrl: this.uiLink(h.workflowId),
    };
  }

  /** Sends an update to the hazard's process; the process's refusal becomes a 409 with its reason. */
  async act<R, A extends object>(p: Principal, id: string, update: UpdateDefinition<R, [A]>, arg: A): Promise<R> {
    const h = await this.load(p, id);
    return sendProcessUpdate(this.client, h.workflowId, update, arg, { handingOver: HANDING_OVER, ended: 'The hazard process has ended' });
  }

  /** Members of the responsible unit (or its supervisors and the safety hub) may report progress and ask for more time. */
  async assertResponsibleOrHub(p: Principal, h: Hazard): Promise<void> {
    if (seesEverything(p) || p.roles.includes('safety_officer')) return;
    const unit = h.responsibleOrgUnitId ? await this.ds.getRepository(OrgUnit).findOneBy({ id: h.responsibleOrgUnitId }) : null;
    if (unit && (p.memberPaths.some((m) => m.startsWith(unit.path)) || inScope(p, unit.path))) return;
    throw new ForbiddenError('Only the responsible department can do this');
  }

  async assertPersonIn(personId: string | null | undefined, unitId: string, path: string): Promise<void> {
    const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: unitId });
    if (!unit || !['department', 'workshop'].includes(unit.kind))
      throw new ValidationError([{ path: path.replace(/responsiblePersonId$/, 'responsibleOrgUnitId'), message: 'must be a department or workshop' }]);
    if (!personId) return;
    const person = await this.ds.getRepository(Person).findOneBy({ id: personId });
    const pu = person ? await this.ds.getRepository(OrgUnit).findOneBy({ id: person.orgUnitId }) : null;
    if (!pu || !pu.path.startsWith(unit.path)) throw new ValidationError([{ path, message: 'must be a person of the responsible unit' }]);
  }
}
