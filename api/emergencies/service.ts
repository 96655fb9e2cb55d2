import type { UpdateDefinition } from '@temporalio/common';
import { Brackets, In } from 'typeorm';
import { Emergency, EmergencyEvent, OrgUnit, Task, User } from '../../db/entities';
import { insertEmergencyProjection } from '../../db/projections/emergency';
import { escapeLike } from '../../db/sql';
import type { EmergencyType, ResponseKind } from '../../domain/emergency/rules';
import {
  EMERGENCY_HANDING_OVER,
  emergencyStateQuery,
  emergencyWorkflowId,
  type EmergencyInput,
  type EmergencyPhase,
  type EmergencyState,
} from '../../workflows/emergency/messages';
import { EmergencyWorkflow } from '../../workflows/emergency/workflow';
import { followUpsOf } from './follow-ups';
import { inScope, memberAncestorIds, seesEverything, listedUnit, underUnit } from '../platform/access';
import { pageRows } from '../platform/pagination';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { ProcessBackedService, timelineOf } from '../platform/process-service';
import { sendProcessUpdate } from '../platform/process-updates';
import type { Principal } from '../platform/route';
import { displayed, named, nameOf } from '../platform/names';

export interface TriggerInput {
  emergencyId: string;
  type: EmergencyType;
  location: string;
  description: string;
  orgUnitId?: string;
  injuries: boolean;
  drill: boolean;
}

export interface EmergencyFilter {
  drill?: 'true' | 'false';
  status?: string;
  orgUnitId?: string;
  page: number;
  pageSize: number;
}

/** Emergencies through the API: trigger (idempotent), list from the projection, detail with live state, progress. */
export class EmergencyService extends ProcessBackedService {
  /** Starts the emergency's process; a resent emergency id returns the same emergency (`created: false`). */
  async trigger(p: Principal, r: TriggerInput): Promise<{ emergencyId: string; workflowId: string; created: boolean }> {
    const workflowId = emergencyWorkflowId(r.emergencyId);
    if (await this.ds.getRepository(Emergency).existsBy({ id: r.emergencyId })) return { emergencyId: r.emergencyId, workflowId, created: false };
    const unit = await this.raisedIn(p, r.orgUnitId);
    const input: EmergencyInput = {
      report: {
        emergencyId: r.emergencyId,
        type: r.type,
        location: r.location,
        description: r.description,
        orgUnitId: unit.id,
        injuries: r.injuries,
        drill: r.drill,
        ...this.reportedBy(p),
      },
      ...(await this.policyInput()),
    };
    // The workflow's first activity adds timeline, fact and audit to the projection.
    const created = await this.startOnce(EmergencyWorkflow, workflowId, input, () =>
      insertEmergencyProjection(this.ds.manager, input.report, workflowId, input.policyVersion),
    );
    return { emergencyId: r.emergencyId, workflowId, created };
  }

  /** Visible: the unit where it happens is in scope, the caller raised it, or one of its tasks is for a unit the caller belongs to. */
  private visibleQuery(p: Principal) {
    const qb = this.ds.getRepository(Emergency).createQueryBuilder('e').innerJoin(OrgUnit, 'ou', 'ou.id = e.org_unit_id');
    if (seesEverything(p)) return qb;
    const ancestors = memberAncestorIds(p);
    return qb.andWhere(
      new Brackets((w) => {
        w.where('ou.path LIKE :scope', { scope: `${escapeLike(p.orgUnitPath)}%` })
          .orWhere('e.reporter_user_id = :me', { me: p.userId })
          .orWhere('EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = e.workflow_id AND t.org_unit_id IN (:...ancestors))', { ancestors });
      }),
    );
  }

  async list(p: Principal, f: EmergencyFilter) {
    const qb = this.visibleQuery(p);
    if (f.drill) qb.andWhere('e.drill = :drill', { drill: f.drill === 'true' });
    if (f.status) qb.andWhere('e.status = :status', { status: f.status });
    if (f.orgUnitId) underUnit(qb, 'ou', await listedUnit(this.ds, f.orgUnitId));
    const [rows, total] = await pageRows(qb.orderBy('e.reportedAt', 'DESC').addOrderBy('e.id', 'ASC'), f);
    return { items: await this.summaries(rows), total };
  }

  private async summaries(rows: Emergency[]) {
    const unitIds = [...new Set(rows.map((e) => e.orgUnitId))];
    const userIds = [...new Set(rows.map((e) => e.reporterUserId))];
    const [units, users] = await Promise.all([
      unitIds.length ? this.ds.getRepository(OrgUnit).findBy({ id: In(unitIds) }) : [],
      userIds.length ? this.ds.getRepository(User).findBy({ id: In(userIds) }) : [],
    ]);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    // The projection's varchar columns hold the domain's values (the workflow's activities write them).
    return rows.map((e) => ({
      id: e.id,
      workflowId: e.workflowId,
      type: e.type as EmergencyType,
      location: e.location,
      orgUnitId: e.orgUnitId,
      orgUnitName: named(units.find((u) => u.id === e.orgUnitId)),
      injuries: e.injuries,
      drill: e.drill,
      status: e.status as EmergencyPhase,
      dueAt: iso(e.dueAt),
      overdue: e.overdue,
      escalationLevel: e.escalationLevel,
      reportedAt: e.reportedAt.toISOString(),
      acknowledgedAt: iso(e.acknowledgedAt),
      controlledAt: iso(e.controlledAt),
      reviewedAt: iso(e.reviewedAt),
      closedAt: iso(e.closedAt),
      reporter: displayed(users.find((u) => u.id === e.reporterUserId)),
    }));
  }

  /** Loads an emergency the caller may see, else 404. */
  async load(p: Principal, id: string): Promise<Emergency> {
    const e = await this.visibleQuery(p).andWhere('e.id = :id', { id }).getOne();
    if (!e) throw new NotFoundError('No such emergency');
    return e;
  }

  /** Projection, the live state from the workflow (with each department's elapsed time), tasks and timeline. */
  async detail(p: Principal, id: string) {
    const e = await this.load(p, id);
    const [summary] = await this.summaries([e]);
    const rows = await this.ds.getRepository(Task).find({ where: { workflowId: e.workflowId }, order: { createdAt: 'ASC' } });
    const events = await this.ds.getRepository(EmergencyEvent).find({ where: { emergencyId: e.id }, order: { at: 'ASC', id: 'ASC' } });
    const state = await this.liveState(e.workflowId, emergencyStateQuery);
    // The process holds the units' names as they were at the alarm; the reader gets today's, in their language.
    const units = await this.ds.getRepository(OrgUnit).find({ select: { id: true, name: true, nameZh: true } });
    const byId = new Map(units.map((u) => [u.id, nameOf(u)]));
    const byName = new Map(units.map((u) => [u.name, nameOf(u)]));
    const timeline = timelineOf(events).map((x) =>
      x.type === 'alerted' && Array.isArray(x.data.departments)
        ? { ...x, data: { ...x.data, departments: x.data.departments.map((n) => (typeof n === 'string' ? (byName.get(n) ?? n) : n)) } }
        : x,
    );
    return {
      emergency: { ...summary, description: e.description, policyVersion: e.policyVersion },
      live: state && liveView(state, new Date(), (id) => byId.get(id) ?? state.units?.names[id] ?? null),
      tasks: await this.visibleTasks(p, rows),
      timeline,
      temporalUiUrl: this.uiLink(e.workflowId),
    };
  }

  /** The incidents reported from the emergency and its improvement actions under effectiveness re-checks, with their tasks the caller may see. */
  async followUps(p: Principal, id: string) {
    const e = await this.load(p, id);
    const { workflowIds, ...found } = await followUpsOf(this.ds, e.id);
    const rows = workflowIds.length ? await this.ds.getRepository(Task).find({ where: { workflowId: In(workflowIds) }, order: { createdAt: 'ASC' } }) : [];
    return { ...found, tasks: await this.visibleTasks(p, rows) };
  }

  /** Sends an update to the emergency's process; the process's refusal becomes a 409 with its reason. */
  async act<R, A extends object>(p: Principal, id: string, update: UpdateDefinition<R, [A]>, arg: A): Promise<R> {
    const e = await this.load(p, id);
    return sendProcessUpdate(this.client, e.workflowId, update, arg, { handingOver: EMERGENCY_HANDING_OVER, ended: 'The emergency process has ended' });
  }

  /**
   * Which response a progress note is about: the one named (the caller must belong to its unit,
   * or be the safety hub), else the caller's own department's; the safety hub may add general notes.
   */
  async progressTarget(p: Principal, id: string, named: ResponseKind | undefined): Promise<ResponseKind | null> {
    const e = await this.load(p, id);
    const s = await this.liveState(e.workflowId, emergencyStateQuery);
    if (!s) throw new ConflictError('The emergency process has ended');
    const hub = seesEverything(p) || p.roles.includes('safety_officer');
    const units = await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(s.responses.map((r) => r.orgUnitId))]) });
    const mine = s.responses.filter((r) => {
      const u = units.find((x) => x.id === r.orgUnitId);
      return !!u && (p.memberPaths.some((m) => m.startsWith(u.path)) || inScope(p, u.path));
    });
    if (named) {
      if (!s.responses.some((r) => r.kind === named))
        throw new ValidationError([{ path: 'body.response', message: 'this emergency has no such response task' }]);
      if (!hub && !mine.some((r) => r.kind === named)) throw new ForbiddenError('Only the responding department or the safety hub can do this');
      return named;
    }
    if (mine.length === 1) return mine[0].kind;
    if (hub || mine.length > 1) return null;
    throw new ForbiddenError('Only the responding departments or the safety hub can do this');
  }
}

/** The live state for the command view: each department's status and elapsed time since the alarm. */
export function liveView(s: EmergencyState, at: Date, unitName: (id: string) => string | null = (id) => s.units?.names[id] ?? null) {
  const elapsed = (doneAt: string | null) => Math.round(((doneAt ? Date.parse(doneAt) : at.getTime()) - Date.parse(s.reportedAt)) / 100) / 10;
  return {
    phase: s.phase,
    drill: s.drill,
    injuries: s.injuries,
    reportedAt: s.reportedAt,
    elapsedSeconds: elapsed(s.closedAt ?? s.controlledAt),
    onSite: {
      ...s.onSite,
      orgUnitName: unitName(s.onSite.orgUnitId),
      targetSeconds: s.onSiteTargetSeconds ?? null,
      late: s.onSite.delaySeconds === null || s.onSiteTargetSeconds === undefined ? null : s.onSite.delaySeconds > s.onSiteTargetSeconds,
      elapsedSeconds: elapsed(s.onSite.doneAt),
    },
    responses: s.responses.map((r) => ({ ...r, orgUnitName: unitName(r.orgUnitId), elapsedSeconds: elapsed(r.doneAt) })),
    controlledAt: s.controlledAt,
    findings: s.findings,
    review: s.review,
    actions: s.actions.map((x) => ({ ...x, orgUnitName: unitName(x.orgUnitId) })),
    progressCount: s.progressCount,
    openTasks: s.openTasks,
    closedAt: s.closedAt,
  };
}
