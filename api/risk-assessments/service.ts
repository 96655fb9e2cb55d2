import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription } from '@temporalio/client';
import { Brackets, In, LessThan, Like } from 'typeorm';
import { OrgUnit, RiskAssessment, RiskAssessmentEvent, RiskMeasure, RiskRegisterItem, Task } from '../../db/entities';
import { insertRiskProjection } from '../../db/projections/risk-assessment';
import { escapeLike } from '../../db/sql';
import { getPolicy } from '../../db/stores/policy-store';
import { DEFAULT_POLICY } from '../../domain/policy';
import { compareRegisters, heatMap, type RiskInputDepartment, type RiskItem } from '../../domain/risk-assessment/rules';
import {
  riskAssessmentStateQuery,
  riskAssessmentWorkflowId,
  type MeasureState,
  type RiskAssessmentInput,
  type RiskAssessmentPhase,
  type RiskAssessmentState,
  type ScheduledRiskAssessment,
} from '../../workflows/risk-assessment/messages';
import { RiskAssessmentWorkflow } from '../../workflows/risk-assessment/workflow';
import { hasRole, inScope, memberAncestorIds, seesEverything, listedUnit, underUnit } from '../platform/access';
import { pageRows } from '../platform/pagination';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { ProcessBackedService, timelineOf } from '../platform/process-service';
import type { Principal } from '../platform/route';
import { named, nameOf } from '../platform/names';

export interface StartInput {
  assessmentId: string;
  title: string;
  area: string;
  orgUnitId: string;
  departments: RiskInputDepartment[];
}

export interface ScheduleInput {
  title: string;
  area: string;
  orgUnitId: string;
  departments: RiskInputDepartment[];
  /** Day of the month (1–28) and time (HH:MM, in `timeZone`) of the monthly run. */
  dayOfMonth: number;
  time: string;
  timeZone: string;
  paused: boolean;
  note?: string;
}

export interface RiskFilter {
  status?: string;
  orgUnitId?: string;
  scheduleId?: string;
  page: number;
  pageSize: number;
}

/** Schedules of this system are named after the unit they assess: one monthly assessment per unit. */
export function riskScheduleId(orgUnitId: string): string {
  return `RiskAssessmentMonthly:${orgUnitId}`;
}

const HUB_ROLES = ['safety_officer', 'admin'] as const;

function scheduleSpec(s: ScheduleInput) {
  const [hour, minute] = s.time.split(':').map(Number);
  return { calendars: [{ dayOfMonth: s.dayOfMonth, hour, minute, comment: 'monthly joint risk assessment' }], timezone: s.timeZone };
}

function scheduleAction(s: ScheduleInput, taskQueue: string) {
  const scheduleId = riskScheduleId(s.orgUnitId);
  const args: [RiskAssessmentInput] = [{ scheduled: { scheduleId, title: s.title, area: s.area, orgUnitId: s.orgUnitId, departments: s.departments } }];
  // Temporal appends the run's time to this ID: RiskAssessment:monthly-<unit>-<time>.
  return {
    type: 'startWorkflow' as const,
    workflowType: RiskAssessmentWorkflow,
    workflowId: riskAssessmentWorkflowId(`monthly-${s.orgUnitId}`),
    taskQueue,
    args,
  };
}

/** Creates a unit's monthly assessment schedule; false when it exists already. */
export async function createRiskSchedule(client: Client, taskQueue: string, s: ScheduleInput, note: string): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: riskScheduleId(s.orgUnitId),
      spec: scheduleSpec(s),
      action: scheduleAction(s, taskQueue),
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 day' },
      state: { paused: s.paused, note },
    });
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}

/** Joint risk assessments through the API: start (idempotent), monthly schedules, list, detail with register and heat map. */
export class RiskAssessmentService extends ProcessBackedService {
  /** The unit to assess: a plant, department or workshop in the caller's scope (the safety hub's). */
  private async unitToAssess(p: Principal, orgUnitId: string): Promise<OrgUnit> {
    if (!hasRole(p, ...HUB_ROLES)) throw new ForbiddenError('Only the safety hub starts risk assessments');
    const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: orgUnitId });
    if (!unit || !inScope(p, unit.path) || !['plant', 'department', 'workshop'].includes(unit.kind))
      throw new ValidationError([{ path: 'body.orgUnitId', message: 'must be a plant, department or workshop in your scope' }]);
    return unit;
  }

  /** Starts an ad hoc assessment; a resent assessment id returns the same one (`created: false`). */
  async start(p: Principal, r: StartInput): Promise<{ assessmentId: string; workflowId: string; created: boolean }> {
    const workflowId = riskAssessmentWorkflowId(r.assessmentId);
    if (await this.ds.getRepository(RiskAssessment).existsBy({ id: r.assessmentId })) return { assessmentId: r.assessmentId, workflowId, created: false };
    const unit = await this.unitToAssess(p, r.orgUnitId);
    const input: RiskAssessmentInput = {
      request: {
        assessmentId: r.assessmentId,
        title: r.title,
        area: r.area,
        orgUnitId: unit.id,
        departments: r.departments,
        initiatedBy: p.username,
        startedAt: new Date().toISOString(),
        scheduleId: null,
      },
      ...(await this.policyInput()),
    };
    const created = await this.startOnce(RiskAssessmentWorkflow, workflowId, input, async () =>
      insertRiskProjection(this.ds.manager, input.request, workflowId, (await this.plantOf(unit)).id, input.policyVersion),
    );
    return { assessmentId: r.assessmentId, workflowId, created };
  }

  private async plantOf(unit: OrgUnit): Promise<OrgUnit> {
    if (unit.kind === 'plant') return unit;
    const chain = await this.ds.getRepository(OrgUnit).findBy({ id: In(unit.path.split('/').filter(Boolean)) });
    return chain.filter((u) => u.kind === 'plant').sort((a, b) => b.path.length - a.path.length)[0] ?? unit;
  }

  /** Visible: the unit assessed is in scope, or one of its tasks is for a unit the caller belongs to. */
  private visibleQuery(p: Principal) {
    const qb = this.ds.getRepository(RiskAssessment).createQueryBuilder('r').innerJoin(OrgUnit, 'ou', 'ou.id = r.org_unit_id');
    if (seesEverything(p)) return qb;
    const ancestors = memberAncestorIds(p);
    return qb.andWhere(
      new Brackets((w) => {
        // A measure's tasks belong to its child workflow, `<assessment workflow>/measure-<n>`.
        const measures =
          this.ds.options.type === 'mysql' || this.ds.options.type === 'mariadb' ? "CONCAT(r.workflow_id, '/measure-%')" : "r.workflow_id || '/measure-%'";
        w.where('ou.path LIKE :scope', { scope: `${escapeLike(p.orgUnitPath)}%` }).orWhere(
          `EXISTS (SELECT 1 FROM tasks t WHERE (t.workflow_id = r.workflow_id OR t.workflow_id LIKE ${measures}) AND t.org_unit_id IN (:...ancestors))`,
          { ancestors },
        );
      }),
    );
  }

  async list(p: Principal, f: RiskFilter) {
    const qb = this.visibleQuery(p);
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.scheduleId) qb.andWhere('r.schedule_id = :sid', { sid: f.scheduleId });
    if (f.orgUnitId) underUnit(qb, 'ou', await listedUnit(this.ds, f.orgUnitId));
    const [rows, total] = await pageRows(qb.orderBy('r.startedAt', 'DESC').addOrderBy('r.id', 'ASC'), f);
    return { items: await this.summaries(rows), total };
  }

  private async summaries(rows: RiskAssessment[]) {
    const unitIds = [...new Set(rows.flatMap((r) => [r.orgUnitId, ...(JSON.parse(r.gaps) as { orgUnitId: string }[]).map((g) => g.orgUnitId)]))];
    const units = unitIds.length ? await this.ds.getRepository(OrgUnit).findBy({ id: In(unitIds) }) : [];
    const name = (id: string) => named(units.find((u) => u.id === id));
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return rows.map((r) => ({
      id: r.id,
      workflowId: r.workflowId,
      title: r.title,
      area: r.area,
      orgUnitId: r.orgUnitId,
      orgUnitName: name(r.orgUnitId),
      // Written by the workflow: its departments, phase and gaps.
      departments: JSON.parse(r.departments) as RiskInputDepartment[],
      status: r.status as RiskAssessmentPhase,
      scheduleId: r.scheduleId,
      initiatedBy: r.initiatedBy,
      gaps: (JSON.parse(r.gaps) as RiskAssessmentState['gaps']).map((g) => ({ ...g, orgUnitName: name(g.orgUnitId) })),
      itemCount: r.itemCount,
      measureCount: r.measureCount,
      failedMeasures: r.failedMeasures,
      dueAt: iso(r.dueAt),
      overdue: r.overdue,
      escalationLevel: r.escalationLevel,
      startedAt: r.startedAt.toISOString(),
      compiledAt: iso(r.compiledAt),
      closedAt: iso(r.closedAt),
      policyVersion: r.policyVersion,
    }));
  }

  async load(p: Principal, id: string): Promise<RiskAssessment> {
    const r = await this.visibleQuery(p).andWhere('r.id = :id', { id }).getOne();
    if (!r) throw new NotFoundError('No such risk assessment');
    return r;
  }

  private async registerOf(assessmentId: string): Promise<RiskItem[]> {
    const rows = await this.ds.getRepository(RiskRegisterItem).find({ where: { assessmentId }, order: { position: 'ASC' } });
    return rows.map((i) => ({
      key: i.key,
      title: i.title,
      source: i.source,
      likelihood: i.likelihood,
      severity: i.severity,
      score: i.score,
      level: i.level as RiskItem['level'],
      ownerOrgUnitId: i.ownerOrgUnitId,
    }));
  }

  /**
   * The register of an assessment (its own version), the heat map on the policy's matrix, and the
   * comparison with the previous compiled register of the same unit (month to month).
   */
  async register(p: Principal, id: string, compareTo?: string) {
    const r = await this.load(p, id);
    const items = await this.registerOf(r.id);
    const policy = (await getPolicy(this.ds, r.policyVersion))?.document ?? DEFAULT_POLICY;
    let previous: RiskAssessment | null = null;
    if (compareTo) previous = await this.load(p, compareTo);
    else if (r.compiledAt) {
      previous = await this.ds
        .getRepository(RiskAssessment)
        .findOne({ where: { orgUnitId: r.orgUnitId, compiledAt: LessThan(r.compiledAt) }, order: { compiledAt: 'DESC' } });
    }
    const before = previous ? await this.registerOf(previous.id) : [];
    const owners = await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set([...items, ...before].map((i) => i.ownerOrgUnitId)).values(), '-']) });
    return {
      assessmentId: r.id,
      policyVersion: r.policyVersion,
      compiledAt: r.compiledAt?.toISOString() ?? null,
      items: items.map((i) => ({ ...i, ownerOrgUnitName: named(owners.find((u) => u.id === i.ownerOrgUnitId)) })),
      heatMap: heatMap(policy, items),
      previous: previous
        ? { assessmentId: previous.id, title: previous.title, compiledAt: previous.compiledAt?.toISOString() ?? null, heatMap: heatMap(policy, before) }
        : null,
      comparison: previous ? compareRegisters(before, items) : [],
    };
  }

  /** Projection, live state from the workflow, register, measures, tasks and timeline. */
  async detail(p: Principal, id: string) {
    const r = await this.load(p, id);
    const [summary] = await this.summaries([r]);
    // The assessment's own tasks and those of its measures (child workflows `<assessment workflow>/measure-<n>`).
    const rows = await this.ds
      .getRepository(Task)
      .find({ where: [{ workflowId: r.workflowId }, { workflowId: Like(`${escapeLike(r.workflowId)}/measure-%`) }], order: { createdAt: 'ASC' } });
    const events = await this.ds.getRepository(RiskAssessmentEvent).find({ where: { assessmentId: r.id }, order: { at: 'ASC', id: 'ASC' } });
    const measures = await this.ds.getRepository(RiskMeasure).find({ where: { assessmentId: r.id }, order: { n: 'ASC' } });
    const units = measures.length ? await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(measures.map((m) => m.ownerOrgUnitId))]) }) : [];
    const state = await this.liveState(r.workflowId, riskAssessmentStateQuery);
    // Open tasks of its measures are held by their child workflows: the inbox says which.
    const held = new Set(state?.openTasks.map((t) => t.id));
    const measureTasks = rows
      .filter((t) => t.workflowId !== r.workflowId && t.status === 'open' && !held.has(t.id))
      .map((t) => ({ id: t.id, taskType: t.taskType }));
    // The process holds the units' names as they were at its start; the reader gets today's, in their language.
    const liveUnits = state?.units ? await this.ds.getRepository(OrgUnit).findBy({ id: In(Object.keys(state.units.names)) }) : [];
    const localUnits = state?.units && {
      ...state.units,
      names: Object.fromEntries(Object.entries(state.units.names).map(([id, n]) => [id, named(liveUnits.find((u) => u.id === id)) || n])),
    };
    const live: unknown = state && { ...state, units: localUnits, openTasks: [...state.openTasks, ...measureTasks] };
    return {
      assessment: summary,
      live,
      register: await this.register(p, id),
      measures: measures.map((m) => ({
        id: m.id,
        n: m.n,
        itemKey: m.itemKey,
        description: m.description,
        ownerOrgUnitId: m.ownerOrgUnitId,
        ownerOrgUnitName: named(units.find((u) => u.id === m.ownerOrgUnitId)),
        dueAt: m.dueAt.toISOString(),
        status: m.status as MeasureState['status'],
        doneAt: m.doneAt?.toISOString() ?? null,
        verifiedAt: m.verifiedAt?.toISOString() ?? null,
        verifiedBy: m.verifiedBy,
        reason: m.reason,
        hazardId: m.hazardId,
      })),
      tasks: await this.visibleTasks(p, rows),
      timeline: timelineOf(events),
      temporalUiUrl: this.uiLink(r.workflowId),
    };
  }

  // ---- monthly schedules (Temporal Schedules) ------------------------------------------------

  private scheduleView(d: ScheduleDescription, unitName: string) {
    const action = d.action as { args?: unknown[] };
    const scheduled = (action.args?.[0] as { scheduled?: ScheduledRiskAssessment } | undefined)?.scheduled;
    const cal = d.spec.calendars?.[0];
    const first = (v: unknown) => (Array.isArray(v) ? (v[0] as { start?: number } | number | undefined) : undefined);
    const num = (v: unknown) => {
      const f = first(v);
      return typeof f === 'number' ? f : (f?.start ?? 0);
    };
    return {
      scheduleId: d.scheduleId,
      title: scheduled?.title ?? '',
      area: scheduled?.area ?? '',
      orgUnitId: scheduled?.orgUnitId ?? '',
      orgUnitName: unitName,
      departments: scheduled?.departments ?? [],
      dayOfMonth: num(cal?.dayOfMonth),
      time: `${String(num(cal?.hour)).padStart(2, '0')}:${String(num(cal?.minute)).padStart(2, '0')}`,
      timeZone: d.spec.timezone ?? 'UTC',
      paused: d.state.paused,
      note: d.state.note ?? null,
      nextRuns: (d.info.nextActionTimes ?? []).slice(0, 3).map((t) => t.toISOString()),
      recentRuns: (d.info.recentActions ?? []).slice(-5).map((a) => ({ at: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId })),
      runs: d.info.numActionsTaken,
      missedRuns: d.info.numActionsMissedCatchupWindow,
    };
  }

  /** Creates (or replaces the settings of) the unit's monthly assessment schedule. */
  async saveSchedule(p: Principal, s: ScheduleInput): Promise<{ created: boolean; schedule: ReturnType<RiskAssessmentService['scheduleView']> }> {
    const unit = await this.unitToAssess(p, s.orgUnitId);
    const scheduleId = riskScheduleId(unit.id);
    const settings = { ...s, orgUnitId: unit.id };
    const created = await createRiskSchedule(this.client, this.taskQueue, settings, s.note ?? `set by ${p.username}`);
    if (!created) {
      const action = scheduleAction(settings, this.taskQueue);
      await this.client.schedule.getHandle(scheduleId).update((prev) => ({
        ...prev,
        spec: scheduleSpec(settings),
        action: { ...prev.action, ...action },
        state: { ...prev.state, paused: s.paused, note: s.note ?? `changed by ${p.username}` },
      }));
    }
    return { created, schedule: await this.getSchedule(p, scheduleId) };
  }

  /** Schedules of units the caller can see. */
  async listSchedules(p: Principal) {
    const out: ReturnType<RiskAssessmentService['scheduleView']>[] = [];
    for await (const s of this.client.schedule.list()) {
      if (!s.scheduleId.startsWith('RiskAssessmentMonthly:')) continue;
      const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: s.scheduleId.slice('RiskAssessmentMonthly:'.length) });
      if (!unit || !inScope(p, unit.path)) continue;
      try {
        out.push(this.scheduleView(await this.client.schedule.getHandle(s.scheduleId).describe(), nameOf(unit)));
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
    }
    return out.sort((a, b) => a.orgUnitName.localeCompare(b.orgUnitName));
  }

  async getSchedule(p: Principal, scheduleId: string) {
    const unit = scheduleId.startsWith('RiskAssessmentMonthly:')
      ? await this.ds.getRepository(OrgUnit).findOneBy({ id: scheduleId.slice('RiskAssessmentMonthly:'.length) })
      : null;
    if (!unit || !inScope(p, unit.path)) throw new NotFoundError('No such schedule');
    try {
      return this.scheduleView(await this.client.schedule.getHandle(scheduleId).describe(), nameOf(unit));
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new NotFoundError('No such schedule');
      throw err;
    }
  }

  /** Pause or resume, with a note. */
  async setPaused(p: Principal, scheduleId: string, paused: boolean, note: string) {
    if (!hasRole(p, ...HUB_ROLES)) throw new ForbiddenError('Only the safety hub manages risk assessment schedules');
    await this.getSchedule(p, scheduleId);
    const h = this.client.schedule.getHandle(scheduleId);
    if (paused) await h.pause(`${note} (${p.username})`);
    else await h.unpause(`${note} (${p.username})`);
    return this.getSchedule(p, scheduleId);
  }

  /** Runs the schedule's action now (an extra monthly run). */
  async triggerSchedule(p: Principal, scheduleId: string) {
    if (!hasRole(p, ...HUB_ROLES)) throw new ForbiddenError('Only the safety hub manages risk assessment schedules');
    await this.getSchedule(p, scheduleId);
    await this.client.schedule.getHandle(scheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  }

  async deleteSchedule(p: Principal, scheduleId: string) {
    if (!hasRole(p, ...HUB_ROLES)) throw new ForbiddenError('Only the safety hub manages risk assessment schedules');
    await this.getSchedule(p, scheduleId);
    await this.client.schedule.getHandle(scheduleId).delete();
  }
}
