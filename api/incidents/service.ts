import { createHash, randomInt } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { Brackets, In } from 'typeorm';
import { CorrectiveAction, Emergency, Evidence, Incident, IncidentEvent, OrgUnit, Person, Task, User } from '../../db/entities';
import { insertIncidentProjection } from '../../db/projections/incident';
import { escapeLike } from '../../db/sql';
import type { IncidentKind } from '../../domain/incident/constants';
import { incidentStateQuery, incidentWorkflowId, type IncidentInput, type IncidentReport } from '../../workflows/incident/messages';
import { IncidentWorkflow } from '../../workflows/incident/workflow';
import { SA } from '../../workflows/shared/search-attributes';
import { correctiveActionViews } from '../emergencies/follow-ups';
import type { EvidenceStore } from '../hazards/evidence-store';
import { memberAncestorIds, seesEverything } from '../platform/access';
import { NotFoundError, ValidationError } from '../platform/errors';
import { ProcessBackedService, timelineOf } from '../platform/process-service';
import type { Principal } from '../platform/route';
import type { AnonymousReportInput, ReportInput } from './schemas';
import { displayed, named } from '../platform/names';

export interface IncidentFilter {
  kind?: IncidentKind;
  status?: string;
  orgUnitId?: string;
  page: number;
  pageSize: number;
}

const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Incidents through the API: report (named or an anonymous near miss, idempotent), list, detail with live clocks, receipt look-up. */
export class IncidentService extends ProcessBackedService {
  constructor(
    ds: ConstructorParameters<typeof ProcessBackedService>[0],
    client: ConstructorParameters<typeof ProcessBackedService>[1],
    taskQueue: string,
    private readonly evidence: EvidenceStore,
    tasks: ConstructorParameters<typeof ProcessBackedService>[3],
    temporalUiUrl: string | null,
    namespace: string,
  ) {
    super(ds, client, taskQueue, tasks, temporalUiUrl, namespace);
  }

  /** A named report (an incident or near miss); an emergency's id fills what the report leaves out. */
  async report(p: Principal, r: ReportInput) {
    const emergency = r.emergencyId ? await this.ds.getRepository(Emergency).findOneBy({ id: r.emergencyId }) : null;
    if (r.emergencyId && !emergency) throw new ValidationError([{ path: 'body.emergencyId', message: 'no such emergency' }]);
    const user = await this.ds.getRepository(User).findOneByOrFail({ id: p.userId });
    const known = {
      ...r,
      title: r.title ?? `${emergency!.drill ? 'Drill' : 'Emergency'}: ${emergency!.type} at ${emergency!.location}`,
      description: r.description ?? emergency!.description,
      location: r.location ?? emergency!.location,
      occurredAt: r.occurredAt ?? emergency!.reportedAt.toISOString(),
    };
    return this.start(p, r.orgUnitId ?? emergency?.orgUnitId, known, {
      kind: r.kind,
      anonymous: false,
      injuredPeople: r.injuredPeople.map((x) => ({ name: x.name, personId: x.personId ?? null, injury: x.injury })),
      emergencyId: emergency?.id ?? null,
      reporterUserId: p.userId,
      reporterPersonId: user.personId,
      reporterUsername: p.username,
    });
  }

  /**
   * An anonymous near miss: the caller's identity is used only to check where they may report;
   * nothing about them reaches the database, the workflow's history, the audit log or the logs.
   * Photos they uploaded lose their uploader.
   */
  async reportAnonymously(p: Principal, r: AnonymousReportInput) {
    return this.start(p, r.orgUnitId, r, {
      kind: 'near_miss',
      anonymous: true,
      injuredPeople: [],
      emergencyId: null,
      reporterUserId: null,
      reporterPersonId: null,
      reporterUsername: null,
    });
  }

  private async start(
    p: Principal,
    orgUnitId: string | undefined,
    r: AnonymousReportInput | (ReportInput & { title: string; description: string; location: string; occurredAt: string }),
    who: Pick<IncidentReport, 'kind' | 'anonymous' | 'injuredPeople' | 'emergencyId' | 'reporterUserId' | 'reporterPersonId' | 'reporterUsername'>,
  ) {
    const workflowId = incidentWorkflowId(r.incidentId);
    const resend = (code: string | null) => ({ incidentId: r.incidentId, workflowId, created: false, receiptCode: code });
    if (await this.ds.getRepository(Incident).existsBy({ id: r.incidentId })) return resend(r.receiptCode ?? null);
    const unit = await this.raisedIn(p, orgUnitId);
    if (Date.parse(r.occurredAt) > Date.now() + 5 * 60_000) throw new ValidationError([{ path: 'body.occurredAt', message: 'cannot be in the future' }]);
    await this.evidence.assertExist(r.evidenceIds, 'body.evidenceIds');
    if (who.anonymous && r.evidenceIds.length) {
      const mine = await this.ds.getRepository(Evidence).findBy({ id: In(r.evidenceIds), uploadedBy: In([p.username, 'anonymous']) });
      if (mine.length !== new Set(r.evidenceIds).size) throw new ValidationError([{ path: 'body.evidenceIds', message: 'attach only photos you uploaded' }]);
    }
    const receiptCode = r.receiptCode ?? Array.from({ length: 12 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('');
    const receiptHash = sha256(receiptCode);
    if (await this.ds.getRepository(Incident).existsBy({ receiptHash }))
      throw new ValidationError([{ path: 'body.receiptCode', message: 'choose another code' }]);
    const input: IncidentInput = {
      report: {
        incidentId: r.incidentId,
        title: r.title,
        description: r.description,
        location: r.location,
        orgUnitId: unit.id,
        occurredAt: new Date(r.occurredAt).toISOString(),
        immediateActions: r.immediateActions,
        evidenceIds: r.evidenceIds,
        reportedAt: new Date().toISOString(),
        ...who,
      },
      receiptHash,
      ...(await this.policyInput()),
    };
    try {
      await this.client.workflow.start(IncidentWorkflow, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...(who.anonymous ? {} : { memo: { startedBy: p.username } }),
        // What the process upserts in its first workflow task: there from the start, so the process is
        // known for what it is (the monitor's cancel) even once its first task is written (incident-one-step).
        typedSearchAttributes: [
          { key: SA.processType, value: 'incident' },
          { key: SA.status, value: 'classifying' },
          { key: SA.severity, value: input.report.kind },
          { key: SA.orgUnit, value: input.report.orgUnitId },
        ],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return resend(r.receiptCode ?? null);
      throw err;
    }
    await this.ds.transaction(async (em) => {
      // The list and detail answer at once; the workflow's first activity adds the timeline and audit.
      await insertIncidentProjection(em, input.report, receiptHash, workflowId, input.policyVersion);
      if (who.anonymous && r.evidenceIds.length) await em.getRepository(Evidence).update({ id: In(r.evidenceIds) }, { uploadedBy: 'anonymous' });
    });
    return { incidentId: r.incidentId, workflowId, created: true, receiptCode };
  }

  /** Visible: the unit where it happened is in scope, the caller reported it (not anonymously), or one of its tasks is for a unit the caller belongs to. */
  private visibleQuery(p: Principal) {
    const qb = this.ds.getRepository(Incident).createQueryBuilder('i').innerJoin(OrgUnit, 'ou', 'ou.id = i.org_unit_id');
    if (seesEverything(p)) return qb;
    const ancestors = memberAncestorIds(p);
    return qb.andWhere(
      new Brackets((w) => {
        w.where('ou.path LIKE :scope', { scope: `${escapeLike(p.orgUnitPath)}%` })
          .orWhere('i.reporter_user_id = :me', { me: p.userId })
          .orWhere('EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = i.workflow_id AND t.org_unit_id IN (:...ancestors))', { ancestors });
      }),
    );
  }

  async list(p: Principal, f: IncidentFilter) {
    const qb = this.visibleQuery(p);
    if (f.kind) qb.andWhere('i.kind = :kind', { kind: f.kind });
    if (f.status) qb.andWhere('i.status = :status', { status: f.status });
    if (f.orgUnitId) {
      const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: f.orgUnitId });
      if (!unit) throw new ValidationError([{ path: 'query.orgUnitId', message: 'no such org unit' }]);
      qb.andWhere('ou.path LIKE :u', { u: `${escapeLike(unit.path)}%` });
    }
    const [rows, total] = await qb
      .orderBy('i.occurredAt', 'DESC')
      .addOrderBy('i.id', 'ASC')
      .skip((f.page - 1) * f.pageSize)
      .take(f.pageSize)
      .getManyAndCount();
    return { items: await this.summaries(rows), total };
  }

  private async summaries(rows: Incident[]) {
    const unitIds = [...new Set(rows.map((e) => e.orgUnitId))];
    const userIds = [...new Set(rows.flatMap((e) => (e.reporterUserId ? [e.reporterUserId] : [])))];
    const [units, users] = await Promise.all([
      unitIds.length ? this.ds.getRepository(OrgUnit).findBy({ id: In(unitIds) }) : [],
      userIds.length ? this.ds.getRepository(User).findBy({ id: In(userIds) }) : [],
    ]);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    // The projection's varchar columns hold the domain's values (the workflow's activities write them).
    return rows.map((i) => ({
      id: i.id,
      workflowId: i.workflowId,
      kind: i.kind as never,
      anonymous: i.anonymous,
      title: i.title,
      location: i.location,
      orgUnitId: i.orgUnitId,
      orgUnitName: named(units.find((u) => u.id === i.orgUnitId)),
      occurredAt: i.occurredAt.toISOString(),
      reportedAt: i.reportedAt.toISOString(),
      status: i.status as never,
      category: i.category as never,
      consequence: i.consequence as never,
      level: i.level as never,
      reportable: i.reportable,
      deaths: i.deaths,
      seriousInjuries: i.seriousInjuries,
      minorInjuries: i.minorInjuries,
      daysLost: i.daysLost,
      directLossYuan: Number(i.directLossYuan),
      dueAt: iso(i.dueAt),
      overdue: i.overdue,
      escalationLevel: i.escalationLevel,
      regulatoryDueAt: iso(i.regulatoryDueAt),
      regulatoryReportedAt: iso(i.regulatoryReportedAt),
      actionsTotal: i.actionsTotal,
      actionsVerified: i.actionsVerified,
      closedAt: iso(i.closedAt),
      reporter: i.anonymous ? null : displayed(users.find((u) => u.id === i.reporterUserId)) || null,
    }));
  }

  async load(p: Principal, id: string): Promise<Incident> {
    const i = await this.visibleQuery(p).andWhere('i.id = :id', { id }).getOne();
    if (!i) throw new NotFoundError('No such incident');
    return i;
  }

  /** Projection, the live clocks from the workflow, the investigation report, its actions with their re-checks, tasks and timeline. */
  async detail(p: Principal, id: string) {
    const i = await this.load(p, id);
    const [summary] = await this.summaries([i]);
    const [rows, events, actions, state] = await Promise.all([
      this.ds.getRepository(Task).find({ where: { workflowId: i.workflowId }, order: { createdAt: 'ASC' } }),
      this.ds.getRepository(IncidentEvent).find({ where: { incidentId: i.id }, order: { at: 'ASC', id: 'ASC' } }),
      this.ds.getRepository(CorrectiveAction).find({ where: { sourceType: 'incident', sourceId: i.id }, order: { n: 'ASC' } }),
      this.liveState(i.workflowId, incidentStateQuery),
    ]);
    // Events and the process hold people's names as they were; the reader gets them in their language.
    const withPerson = (x: unknown): x is { personId: string; name?: unknown } =>
      !!x && typeof x === 'object' && typeof (x as { personId?: unknown }).personId === 'string';
    const raw = timelineOf(events);
    const blamedIds = raw.flatMap((e) => (Array.isArray(e.data.responsibilities) ? e.data.responsibilities.filter(withPerson).map((r) => r.personId) : []));
    const blamed = blamedIds.length ? await this.ds.getRepository(Person).findBy({ id: In([...new Set(blamedIds)]) }) : [];
    const timeline = raw.map((e) =>
      Array.isArray(e.data.responsibilities)
        ? {
            ...e,
            data: {
              ...e.data,
              responsibilities: e.data.responsibilities.map((r) =>
                withPerson(r) ? { ...r, name: named(blamed.find((x) => x.id === r.personId)) || r.name } : r,
              ),
            },
          }
        : e,
    );
    const investigated = timeline.find((e) => e.type === 'investigated')?.data as Record<string, unknown> | undefined;
    // The process holds the team's names as they were chosen; the reader gets them in their language.
    const teamIds = state ? [...(state.lead ? [state.lead.personId] : []), ...state.members.map((m) => m.personId)] : [];
    const team = teamIds.length ? await this.ds.getRepository(Person).findBy({ id: In(teamIds) }) : [];
    const teamName = (m: { personId: string; name: string }) => named(team.find((x) => x.id === m.personId)) || m.name;
    return {
      incident: {
        ...summary,
        description: i.description,
        immediateActions: i.immediateActions,
        injuredPeople: JSON.parse(i.injuredPeople) as { name: string; personId: string | null; injury: string }[],
        evidenceIds: JSON.parse(i.evidenceIds) as string[],
        emergencyId: i.emergencyId,
        policyVersion: i.policyVersion,
      },
      live: state && {
        phase: state.phase,
        lead: state.lead && { personId: state.lead.personId, name: teamName(state.lead), orgUnitId: state.lead.orgUnitId },
        members: state.members.map((m) => ({ personId: m.personId, name: teamName(m), orgUnitId: m.orgUnitId })),
        regulatory: state.regulatory,
        clock: state.clock,
        responsibilities: state.responsibilities,
        openTasks: state.openTasks,
      },
      investigation: investigated
        ? {
            timeline: investigated.timeline as { at: string; what: string }[],
            whys: investigated.whys as string[],
            fishbone: investigated.fishbone as never,
            rootCause: String(investigated.rootCause),
            summary: String(investigated.summary),
            evidenceIds: investigated.evidenceIds as string[],
          }
        : null,
      actions: await correctiveActionViews(this.ds, actions),
      tasks: await this.visibleTasks(p, [...rows, ...(await this.actionTasks(actions))]),
      timeline,
      temporalUiUrl: this.uiLink(i.workflowId),
    };
  }

  private async actionTasks(actions: CorrectiveAction[]): Promise<Task[]> {
    if (!actions.length) return [];
    return this.ds.getRepository(Task).find({ where: { workflowId: In(actions.map((a) => a.workflowId)) }, order: { createdAt: 'ASC' } });
  }

  /** What the holder of a receipt code may know: how far the report got. */
  async receipt(code: string) {
    const i = await this.ds.getRepository(Incident).findOneBy({ receiptHash: sha256(code.trim().toUpperCase()) });
    if (!i) throw new NotFoundError('No report with this receipt code');
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      kind: i.kind as never,
      title: i.title,
      status: i.status as never,
      reportedAt: i.reportedAt.toISOString(),
      classifiedAt: iso(i.classifiedAt),
      investigatedAt: iso(i.investigatedAt),
      actionsTotal: i.actionsTotal,
      actionsVerified: i.actionsVerified,
      closedAt: iso(i.closedAt),
    };
  }
}
