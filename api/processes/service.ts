import { randomUUID } from 'node:crypto';
import { fetchDecodedHistory } from '../../temporal/codec';
import type { WorkflowExecutionDescription, WorkflowExecutionInfo } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { In, type FindOperator } from 'typeorm';
import { appendAudit } from '../../db/audit/audit-log';
import {
  AssessmentCycle,
  AuditEntry,
  CorrectiveAction,
  Declaration,
  Emergency,
  Hazard,
  Incident,
  Permit,
  OrgUnit,
  RiskAssessment,
  SavedView,
  ScoreAdjustment,
  ScoreAppeal,
  Task,
  User,
} from '../../db/entities';
import { mergeTimeline, renderAudit, renderProcessEvents, type AuditLite, type TimelineEntry } from '../../domain/process-history';
import { adjustmentWorkflowId } from '../../workflows/adjustment/messages';
import { appealWorkflowId } from '../../workflows/appeal/messages';
import { cycleWorkflowId } from '../../workflows/assessment-cycle/messages';
import { correctiveActionWorkflowId } from '../../workflows/corrective-action/messages';
import { declarationWorkflowId } from '../../workflows/declaration/messages';
import { emergencyWorkflowId } from '../../workflows/emergency/messages';
import { cancelHazardUpdate, hazardWorkflowId } from '../../workflows/hazard/messages';
import { incidentWorkflowId } from '../../workflows/incident/messages';
import { permitWorkflowId } from '../../workflows/permit/messages';
import { RISK_ASSESSMENT_PREFIX, riskAssessmentWorkflowOf } from '../../workflows/risk-assessment/messages';
import { SA } from '../../workflows/shared/search-attributes';
import { hasRole, inScope, seesEverything } from '../platform/access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { ProcessBackedService } from '../platform/process-service';
import { updateHandle, updateRefusal } from '../platform/process-updates';
import type { Principal } from '../platform/route';
import { decodeHistory } from './history-decoder';
import type { MonitorItem, MonitorStep, SavedMonitorFilters } from './monitor-schema';
import type { MessageKey } from '../../domain/texts/catalog';
import { term } from '../../domain/texts/text';
import { forReader, reader, said } from '../platform/reader';
import { nameOf } from '../platform/names';
import { asDate, monitorPage, PROJECTED_TYPES, WORKFLOW_TYPE_OF, type MonitorSqlRow } from './monitor-sql';

/** Process types the monitor shows (notification deliveries and probes are plumbing, not processes). */
export const PROCESS_TYPES = [
  'hazard',
  'emergency',
  'risk_assessment',
  'assessment_cycle',
  'improvement_plan',
  'appeal',
  'adjustment',
  'declaration',
  'notice',
  'incident',
  'corrective_action',
  'permit',
] as const;
export type ProcessType = (typeof PROCESS_TYPES)[number];

/** The most running processes one monitor request reads from visibility (the response says when it was cut). */
const SCAN_LIMIT = 5000;
/**
 * How long one visibility scan serves further monitor requests with the same query. Every
 * request re-reads steps, holders and deadlines from the database; only the list of running
 * executions may be this old. Concurrent requests share one scan instead of each paging
 * thousands of executions out of Temporal (bench:api: with 7,000 running processes four
 * concurrent scans tripped the dev server's persistence rate limit).
 */
const SCAN_REUSE_MS = 2000;

interface Scan {
  executions: WorkflowExecutionInfo[];
  truncated: boolean;
}

export interface MonitorQuery {
  type?: ProcessType[];
  status?: string;
  overdue?: boolean;
  orgUnitId?: string;
  assignee?: string;
  q?: string;
  sort: 'breach' | 'started' | 'escalation';
  page: number;
  pageSize: number;
}

type Unit = Pick<OrgUnit, 'id' | 'name' | 'nameZh' | 'path' | 'kind'>;

/** A unit's name in the reader's language (null: no such unit). */
const unitName = (units: Map<string, Unit>, id: string): string | null => {
  const unit = units.get(id);
  return unit ? nameOf(unit) : null;
};

/**
 * The safety hub's view of every process in flight: Temporal visibility (our search attributes)
 * joined with the inbox (current steps, assignees, deadlines, escalation) and the projections
 * (subjects). Bulk actions go through the workflows: hazards by their cancel update, the others
 * by a cancellation request their workflows honour (workflows/shared/cancellation.ts).
 */
export class ProcessService extends ProcessBackedService {
  /** Scans in flight or finished within SCAN_REUSE_MS, by visibility query. */
  private readonly scans = new Map<string, { at: number; scan: Promise<Scan> }>();

  private scan(visibilityQuery: string): Promise<Scan> {
    const now = Date.now();
    for (const [k, v] of this.scans) if (now - v.at > SCAN_REUSE_MS) this.scans.delete(k);
    const cached = this.scans.get(visibilityQuery);
    if (cached) return cached.scan;
    const scan = (async () => {
      const executions: WorkflowExecutionInfo[] = [];
      for await (const w of this.client.workflow.list({ query: visibilityQuery })) {
        if (executions.length >= SCAN_LIMIT) return { executions, truncated: true };
        executions.push(w);
      }
      return { executions, truncated: false };
    })();
    const entry = { at: now, scan };
    this.scans.set(visibilityQuery, entry);
    // A failed scan is not reused; a finished one counts from when it finished.
    scan.then(
      () => (entry.at = Date.now()),
      () => this.scans.get(visibilityQuery) === entry && this.scans.delete(visibilityQuery),
    );
    return scan;
  }

  private async units(): Promise<Map<string, Unit>> {
    const rows = await this.ds.getRepository(OrgUnit).find({ select: { id: true, name: true, nameZh: true, path: true, kind: true } });
    return new Map(rows.map((u) => [u.id, u]));
  }

  private visibilityQuery(types: readonly string[], running: boolean, extra = ''): string {
    const q = (s: string) => `'${s.replace(/'/g, '')}'`;
    return [
      `TaskQueue = ${q(this.taskQueue)}`,
      running ? `ExecutionStatus = 'Running'` : null,
      `SafeLoopProcessType IN (${types.map(q).join(', ')})`,
      extra || null,
    ]
      .filter(Boolean)
      .join(' AND ');
  }

  /**
   * The monitor: the kinds with a projection (PROJECTED_TYPES, nearly all that runs) filtered,
   * scoped, sorted and paged in SQL; the few other kinds still from Temporal visibility, filtered
   * here and merged into the same order. Only the page's processes are then read in full (steps,
   * holders, subjects).
   */
  async list(p: Principal, query: MonitorQuery, now = new Date()) {
    const types = query.type?.length ? query.type : PROCESS_TYPES;
    const units = await this.units();
    const scopeRoot = query.orgUnitId ? units.get(query.orgUnitId) : null;
    if (query.orgUnitId && !scopeRoot) throw new ValidationError([{ path: 'query.orgUnitId', message: 'no such org unit' }]);
    const projected = PROJECTED_TYPES.filter((t) => (types as readonly string[]).includes(t));
    const visible = types.filter((t) => !(PROJECTED_TYPES as readonly string[]).includes(t));

    // Visibility for the kinds without a projection: few, filtered in memory as before.
    let others: MonitorItem[] = [];
    let truncated = false;
    if (visible.length) {
      const scan = await this.scan(this.visibilityQuery(visible, true, query.status ? `SafeLoopStatus = '${query.status.replace(/'/g, '')}'` : ''));
      truncated = scan.truncated;
      const ids = scan.executions.map((w) => w.workflowId);
      const openTasks = await this.openTasks(ids);
      const subjects = await this.subjects(ids);
      others = scan.executions
        .map((w) => this.item(w, units, openTasks.get(w.workflowId) ?? [], subjects.get(w.workflowId), now))
        .filter((it) => {
          const paths = [it.departmentId, it.orgUnitId, ...it.steps.map((s) => s.orgUnitId)]
            .map((id) => (id ? units.get(id)?.path : undefined))
            .filter((x): x is string => !!x);
          if (!seesEverything(p) && !paths.some((path) => inScope(p, path))) return false;
          if (scopeRoot && !paths.some((path) => path.startsWith(scopeRoot.path))) return false;
          if (query.overdue !== undefined && it.overdue !== query.overdue) return false;
          if (query.assignee && !it.steps.some((s) => s.assignee === query.assignee)) return false;
          if (query.q) {
            const needle = query.q.toLowerCase();
            if (![it.subject, it.workflowId, ...it.steps.map((s) => s.title)].some((s) => s.toLowerCase().includes(needle))) return false;
          }
          return true;
        })
        .sort(monitorOrder(query.sort));
    }

    // The projected kinds in SQL: with no others, the page itself; else the first page × pageSize, merged with the others.
    const start = (query.page - 1) * query.pageSize;
    const { rows, counts: sqlCounts } = await monitorPage(
      this.ds,
      {
        types: projected,
        status: query.status,
        overdue: query.overdue,
        scopePath: seesEverything(p) ? null : p.orgUnitPath,
        underPath: scopeRoot?.path,
        assignee: query.assignee,
        q: query.q,
        sort: query.sort,
        now,
      },
      others.length ? 0 : start,
      others.length ? start + query.pageSize : query.pageSize,
    );
    const ids = rows.map((r) => r.workflowId);
    const [openTasks, subjects] = await Promise.all([this.openTasks(ids), this.subjects(ids)]);
    const fromSql = rows.map((r) => this.projectedItem(r, units, openTasks.get(r.workflowId) ?? [], subjects.get(r.workflowId), now));
    const items = others.length ? [...fromSql, ...others].sort(monitorOrder(query.sort)).slice(start, start + query.pageSize) : fromSql;
    const counts = {
      total: sqlCounts.total + others.length,
      overdue: sqlCounts.overdue + others.filter((i) => i.overdue).length,
      escalated: sqlCounts.escalated + others.filter((i) => i.escalationLevel > 0).length,
    };
    return { items, total: counts.total, page: query.page, pageSize: query.pageSize, counts, truncated, serverTime: now.toISOString() };
  }

  /** A monitor item from the database's row (the run ID is Temporal's: the item links to the workflow's latest run). */
  private projectedItem(
    r: MonitorSqlRow,
    units: Map<string, Unit>,
    tasks: MonitorStep[],
    subject: { text: string; escalationLevel: number } | undefined,
    now: Date,
  ): MonitorItem {
    const deadline = r.deadline?.toISOString() ?? null;
    return {
      workflowId: r.workflowId,
      runId: null,
      type: r.type,
      workflowType: WORKFLOW_TYPE_OF[r.type],
      subject: subject?.text ?? tasks[0]?.title ?? r.workflowId,
      status: r.status,
      severity: r.severity,
      orgUnitId: r.orgUnitId,
      orgUnitName: r.orgUnitId ? unitName(units, r.orgUnitId) : null,
      departmentId: r.departmentId,
      departmentName: r.departmentId ? unitName(units, r.departmentId) : null,
      startedAt: r.startedAt.toISOString(),
      slaDeadline: deadline,
      secondsToBreach: r.deadline ? Math.round((r.deadline.getTime() - now.getTime()) / 1000) : null,
      overdue: r.overdue,
      escalationLevel: r.escalationLevel,
      steps: tasks.map((t) => ({ ...t, orgUnitName: unitName(units, t.orgUnitId) ?? t.orgUnitId })),
      temporalUiUrl: this.uiLink(r.workflowId),
    };
  }

  private item(
    w: WorkflowExecutionInfo,
    units: Map<string, Unit>,
    tasks: MonitorStep[],
    subject: { text: string; escalationLevel: number } | undefined,
    now: Date,
  ): MonitorItem {
    const sa = w.typedSearchAttributes;
    const orgUnitId = sa.get(SA.orgUnit) ?? null;
    const departmentId = sa.get(SA.department) ?? null;
    const saDeadline = sa.get(SA.slaDeadline) ?? null;
    const taskDeadlines = tasks
      .map((t) => t.dueAt)
      .filter((d): d is string => !!d)
      .sort();
    const deadline = taskDeadlines[0] ?? saDeadline?.toISOString() ?? null;
    const secondsToBreach = deadline ? Math.round((Date.parse(deadline) - now.getTime()) / 1000) : null;
    const overdue = Boolean(sa.get(SA.overdue)) || (secondsToBreach !== null && secondsToBreach < 0);
    return {
      workflowId: w.workflowId,
      runId: w.runId,
      // The visibility query asked for PROCESS_TYPES only.
      type: (sa.get(SA.processType) as ProcessType | undefined) ?? 'unknown',
      workflowType: w.type,
      subject: subject?.text ?? tasks[0]?.title ?? w.workflowId,
      status: sa.get(SA.status) ?? null,
      severity: sa.get(SA.severity) ?? null,
      orgUnitId,
      orgUnitName: orgUnitId ? unitName(units, orgUnitId) : null,
      departmentId,
      departmentName: departmentId ? unitName(units, departmentId) : null,
      startedAt: w.startTime.toISOString(),
      slaDeadline: deadline,
      secondsToBreach,
      overdue,
      escalationLevel: Math.max(subject?.escalationLevel ?? 0, ...tasks.map((t) => t.escalationLevel)),
      steps: tasks.map((t) => ({ ...t, orgUnitName: unitName(units, t.orgUnitId) ?? t.orgUnitId })),
      temporalUiUrl: this.uiLink(w.workflowId, w.runId),
    };
  }

  private async openTasks(workflowIds: string[]): Promise<Map<string, MonitorStep[]>> {
    const out = new Map<string, MonitorStep[]>();
    for (let i = 0; i < workflowIds.length; i += 500) {
      const chunk = workflowIds.slice(i, i + 500);
      if (!chunk.length) continue;
      const rows = await this.ds
        .getRepository(Task)
        .createQueryBuilder('t')
        .leftJoin(User, 'u', 'u.id = t.assignee_user_id')
        .select([
          't.id AS id',
          't.workflow_id AS workflowId',
          't.title AS title',
          't.title_text AS titleText',
          't.org_unit_id AS orgUnitId',
          't.candidate_role AS candidateRole',
          't.due_at AS dueAt',
          't.escalation_level AS escalationLevel',
          'u.username AS assignee',
        ])
        // A risk assessment's measures hold their tasks in child workflows (`<assessment>/measure-<n>`): steps of the assessment.
        .where(
          // Only a page with an assessment on it looks for measures (the LIKE reads every open step).
          chunk.some((id) => id.startsWith(RISK_ASSESSMENT_PREFIX))
            ? 't.status = :open AND (t.workflow_id IN (:...ids) OR t.workflow_id LIKE :measures)'
            : 't.status = :open AND t.workflow_id IN (:...ids)',
          { open: 'open', ids: chunk, measures: `${RISK_ASSESSMENT_PREFIX}%/measure-%` },
        )
        .orderBy('t.created_at', 'ASC')
        .getRawMany<{
          id: string;
          workflowId: string;
          title: string;
          titleText: string | null;
          orgUnitId: string;
          candidateRole: string | null;
          dueAt: Date | string | null;
          escalationLevel: number | string;
          assignee: string | null;
        }>();
      for (const r of rows) {
        const process = riskAssessmentWorkflowOf(r.workflowId);
        if (!chunk.includes(process)) continue;
        const list = out.get(process) ?? [];
        list.push({
          taskId: r.id,
          title: forReader(r.titleText, r.title),
          orgUnitId: r.orgUnitId,
          orgUnitName: '',
          candidateRole: r.candidateRole,
          assignee: r.assignee,
          dueAt: r.dueAt ? asDate(r.dueAt).toISOString() : null,
          escalationLevel: Number(r.escalationLevel),
        });
        out.set(process, list);
      }
    }
    return out;
  }

  /**
   * What each process is about, from its projection (hazard title, emergency type and place, …).
   * Each kind's projection is read only for the IDs of that kind (by the workflow ID's prefix),
   * the kinds on the page at once: a page of hazards is one query, not one per kind.
   */
  private async subjects(workflowIds: string[]): Promise<Map<string, { text: string; escalationLevel: number }>> {
    type Subject = [workflowId: string, subject: { text: string; escalationLevel: number }];
    const kinds: { prefix: string; load: (where: { workflowId: FindOperator<string> }) => Promise<Subject[]> }[] = [
      {
        prefix: hazardWorkflowId(''),
        load: async (where) =>
          (await this.ds.getRepository(Hazard).find({ where, select: { workflowId: true, title: true, escalationLevel: true } })).map((h) => [
            h.workflowId,
            { text: h.title, escalationLevel: h.escalationLevel },
          ]),
      },
      {
        prefix: emergencyWorkflowId(''),
        load: async (where) =>
          (
            await this.ds.getRepository(Emergency).find({ where, select: { workflowId: true, type: true, location: true, drill: true, escalationLevel: true } })
          ).map((e) => [
            e.workflowId,
            {
              text: said(e.drill ? 'monitor.drill' : 'monitor.emergency', { type: term(`emergency.type.${e.type}` as MessageKey), location: e.location }),
              escalationLevel: e.escalationLevel,
            },
          ]),
      },
      {
        prefix: RISK_ASSESSMENT_PREFIX,
        load: async (where) =>
          (await this.ds.getRepository(RiskAssessment).find({ where, select: { workflowId: true, title: true, escalationLevel: true } })).map((r) => [
            r.workflowId,
            { text: r.title, escalationLevel: r.escalationLevel },
          ]),
      },
      {
        prefix: cycleWorkflowId(''),
        load: async (where) =>
          (await this.ds.getRepository(AssessmentCycle).find({ where, select: { workflowId: true, period: true, cadence: true } })).map((c) => [
            c.workflowId,
            { text: said('monitor.cycle', { period: c.period, cadence: term(`cadence.${c.cadence}` as MessageKey) }), escalationLevel: 0 },
          ]),
      },
      {
        prefix: declarationWorkflowId(''),
        load: async (where) =>
          (await this.ds.getRepository(Declaration).find({ where, select: { workflowId: true, title: true } })).map((d) => [
            d.workflowId,
            { text: said('monitor.declaration', { title: d.title }), escalationLevel: 0 },
          ]),
      },
      {
        prefix: appealWorkflowId(''),
        load: async (where) =>
          (await this.ds.getRepository(ScoreAppeal).find({ where, select: { workflowId: true, lineCode: true, level: true, cycleId: true } })).map((a) => [
            a.workflowId,
            { text: said('monitor.appeal', { level: a.level, line: a.lineCode, cycle: a.cycleId }), escalationLevel: 0 },
          ]),
      },
      {
        prefix: permitWorkflowId(''),
        load: async (where) =>
          (
            await this.ds
              .getRepository(Permit)
              .find({ where, select: { workflowId: true, number: true, type: true, workContent: true, escalationLevel: true } })
          ).map((x) => [
            x.workflowId,
            {
              text: said('monitor.permit', { number: x.number, type: term(`permit.type.${x.type}` as MessageKey), work: x.workContent }),
              escalationLevel: x.escalationLevel,
            },
          ]),
      },
      {
        prefix: incidentWorkflowId(''),
        load: async (where) =>
          (await this.ds.getRepository(Incident).find({ where, select: { workflowId: true, kind: true, title: true, escalationLevel: true } })).map((x) => [
            x.workflowId,
            { text: said(x.kind === 'near_miss' ? 'monitor.near_miss' : 'monitor.incident', { title: x.title }), escalationLevel: x.escalationLevel },
          ]),
      },
      {
        // A corrective action waiting for its next effectiveness re-check has no open step: its due date is that re-check (the SLA deadline attribute).
        prefix: correctiveActionWorkflowId(''),
        load: async (where) =>
          (
            await this.ds
              .getRepository(CorrectiveAction)
              .find({ where, select: { workflowId: true, n: true, kind: true, description: true, sourceType: true } })
          ).map((c) => [
            c.workflowId,
            {
              text: said(c.kind === 'preventive' ? 'monitor.preventive' : 'monitor.corrective', {
                n: c.n,
                source: term(`source.${c.sourceType}` as MessageKey),
                description: c.description,
              }),
              escalationLevel: 0,
            },
          ]),
      },
      {
        prefix: adjustmentWorkflowId(''),
        load: async (where) =>
          (await this.ds.getRepository(ScoreAdjustment).find({ where, select: { workflowId: true, cycleId: true, delta: true, subjectType: true } })).map(
            (a) => [
              a.workflowId,
              {
                text: said('monitor.adjustment', {
                  delta: `${a.delta > 0 ? '+' : ''}${a.delta}`,
                  subject: term(`source.${a.subjectType}` as MessageKey),
                  cycle: a.cycleId,
                }),
                escalationLevel: 0,
              },
            ],
          ),
      },
    ];
    const reads: Promise<Subject[]>[] = [];
    for (const kind of kinds) {
      const ids = workflowIds.filter((id) => id.startsWith(kind.prefix));
      for (let i = 0; i < ids.length; i += 500) reads.push(kind.load({ workflowId: In(ids.slice(i, i + 500)) }));
    }
    return new Map((await Promise.all(reads)).flat());
  }

  /** The process's org unit path (for scope checks) and its visibility record; 404 when unknown or out of scope. */
  private async describe(p: Principal, workflowId: string) {
    let info: WorkflowExecutionDescription;
    try {
      info = await this.client.workflow.getHandle(workflowId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundError('No such process');
      throw err;
    }
    if (info.taskQueue !== this.taskQueue) throw new NotFoundError('No such process');
    const sa = info.typedSearchAttributes;
    const type = sa.get(SA.processType) ?? null;
    const unitIds = [sa.get(SA.department), sa.get(SA.orgUnit)].filter((x): x is string => !!x);
    const taskUnits = await this.ds.getRepository(Task).find({ where: { workflowId }, select: { orgUnitId: true } });
    const units = await this.ds.getRepository(OrgUnit).findBy({ id: In([...unitIds, ...taskUnits.map((t) => t.orgUnitId)]) });
    if (!seesEverything(p) && !units.some((u) => inScope(p, u.path))) throw new NotFoundError('No such process');
    return { info, type };
  }

  async cancel(p: Principal, workflowIds: string[], reason: string) {
    const results: { workflowId: string; ok: boolean; error?: string }[] = [];
    for (const workflowId of workflowIds) {
      try {
        const { info, type } = await this.describe(p, workflowId);
        if (info.status.name !== 'RUNNING') throw new ConflictError('The process has already ended');
        if (!type || !(PROCESS_TYPES as readonly string[]).includes(type)) throw new ConflictError('This kind of process cannot be cancelled here');
        const handle = this.client.workflow.getHandle(workflowId);
        if (type === 'hazard') {
          await updateHandle(this.client, workflowId).executeUpdate(cancelHazardUpdate, { args: [{ by: p.username, reason, duplicateOf: null }] });
        } else {
          await this.ds.transaction((em) =>
            appendAudit(em, {
              actorType: 'user',
              actor: p.username,
              action: 'process.cancel_requested',
              entityType: 'process',
              entityId: workflowId,
              after: { reason, processType: type },
            }),
          );
          await handle.cancel();
        }
        results.push({ workflowId, ok: true });
      } catch (err) {
        results.push({ workflowId, ok: false, error: updateRefusal(err) ?? (err as Error).message });
      }
    }
    this.scans.clear(); // what the caller looks at next is the monitor
    return { results };
  }

  /** Hands every open step of the processes to one person (as a supervisor's delegation of each task). */
  async reassign(p: Principal, workflowIds: string[], toUserId: string) {
    const target = await this.ds.getRepository(User).findOneBy({ id: toUserId, active: true });
    if (!target) throw new ValidationError([{ path: 'body.toUserId', message: 'no such active user' }]);
    const results: { workflowId: string; ok: boolean; tasks: number; error?: string }[] = [];
    for (const workflowId of workflowIds) {
      try {
        const { info } = await this.describe(p, workflowId);
        if (info.status.name !== 'RUNNING') throw new ConflictError('The process has already ended');
        const open = await this.ds.getRepository(Task).findBy({ workflowId, status: 'open' });
        if (!open.length) throw new ConflictError('The process has no open step to reassign');
        for (const t of open) await this.tasks.checkDelegation(p, t.id, toUserId); // all or none
        for (const t of open) await this.tasks.delegate(p, t.id, toUserId);
        results.push({ workflowId, ok: true, tasks: open.length });
      } catch (err) {
        results.push({ workflowId, ok: false, tasks: 0, error: (err as Error).message });
      }
    }
    return { results };
  }

  /** Display names by username: a timeline names people, its entries keep their usernames. */
  async displayNames(): Promise<Map<string, string>> {
    const users = await this.ds.getRepository(User).find({ select: { username: true, displayName: true } });
    return new Map(users.map((u) => [u.username, u.displayName]));
  }

  /** The auditor's timeline: Temporal history in business words merged with the audit log. */
  async history(p: Principal, workflowId: string) {
    const tasks = await this.ds
      .getRepository(Task)
      .find({ where: { workflowId }, select: { id: true, title: true, titleText: true, orgUnitId: true }, order: { createdAt: 'ASC' } });
    const projectionIds = await this.projectionIds(workflowId);
    let described: Awaited<ReturnType<ProcessService['describe']>> | null = null;
    let events: Awaited<ReturnType<typeof decodeHistory>> = [];
    try {
      described = await this.describe(p, workflowId);
      events = decodeHistory(await fetchDecodedHistory(this.client, workflowId));
    } catch (err) {
      // Past Temporal's retention the audit log alone tells the story (scope from the projection's tasks).
      if (!(err instanceof NotFoundError) || (!tasks.length && !projectionIds.length)) throw err;
      const units = await this.ds.getRepository(OrgUnit).findBy({ id: In(tasks.map((t) => t.orgUnitId)) });
      if (!seesEverything(p) && !units.some((u) => inScope(p, u.path))) throw err;
    }
    const units = await this.units();
    const ctx = {
      language: reader().language,
      timeZone: reader().timeZone,
      people: await this.displayNames(),
      taskTitles: new Map(tasks.map((t) => [t.id, forReader(t.titleText, t.title)])),
      unitNames: new Map([...units.values()].map((u) => [u.id, nameOf(u)])),
    };
    const auditRows = await this.ds
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.entity_id IN (:...ids) OR a.actor = :wf', { ids: [workflowId, ...projectionIds, ...tasks.map((t) => t.id)], wf: workflowId })
      .orderBy('a.seq', 'ASC')
      .getMany();
    const audit: AuditLite[] = auditRows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorType: described ? r.actorType : 'replayed',
      actor: r.actor,
      onBehalfOf: r.onBehalfOf,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null,
    }));
    const processPart = renderProcessEvents(events, ctx);
    // A completion is in the history as the decision the workflow received; the audit row would repeat it.
    const auditPart = renderAudit(described ? audit.filter((a) => a.action !== 'task.completed') : audit, ctx);
    const timeline: TimelineEntry[] = mergeTimeline(processPart, auditPart);
    const info = described?.info;
    return {
      workflowId,
      runId: info?.runId ?? null,
      workflowType: info?.type ?? null,
      processType: described?.type ?? null,
      status: info?.status.name ?? 'UNKNOWN',
      startedAt: info?.startTime.toISOString() ?? null,
      closedAt: info?.closeTime?.toISOString() ?? null,
      source: described ? ('temporal+audit' as const) : ('audit' as const),
      temporalUiUrl: info ? this.uiLink(workflowId, info.runId) : null,
      entries: timeline,
      generatedAt: new Date().toISOString(),
      generatedBy: p.username,
    };
  }

  private async projectionIds(workflowId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const entity of [Hazard, Emergency, RiskAssessment, AssessmentCycle, ScoreAppeal, ScoreAdjustment, Declaration] as const) {
      const row = await this.ds.getRepository(entity).findOne({ where: { workflowId }, select: { id: true } as never });
      if (row) ids.push((row as { id: string }).id);
    }
    return ids;
  }

  // Saved views of the monitor (filters by name; own or shared).

  async views(p: Principal) {
    const rows = await this.ds.getRepository(SavedView).find({
      where: [
        { page: 'processes', ownerUserId: p.userId },
        { page: 'processes', shared: true },
      ],
      order: { name: 'ASC' },
    });
    const owners = await this.ds.getRepository(User).findBy({ id: In([...new Set(rows.map((r) => r.ownerUserId))]) });
    const name = new Map(owners.map((u) => [u.id, u.username]));
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        shared: r.shared,
        owner: name.get(r.ownerUserId) ?? null,
        mine: r.ownerUserId === p.userId,
        filters: JSON.parse(r.filters) as SavedMonitorFilters,
      })),
    };
  }

  async saveView(p: Principal, b: { name: string; shared: boolean; filters: SavedMonitorFilters }) {
    if (b.shared && !hasRole(p, 'safety_officer', 'admin')) throw new ForbiddenError('Only the safety hub shares views');
    const repo = this.ds.getRepository(SavedView);
    if (await repo.existsBy({ ownerUserId: p.userId, page: 'processes', name: b.name }))
      throw new ConflictError('You already have a view with that name', [{ path: 'body.name', message: 'already in use' }]);
    const id = randomUUID();
    await repo.insert({ id, page: 'processes', name: b.name, ownerUserId: p.userId, shared: b.shared, filters: JSON.stringify(b.filters) });
    return { id, name: b.name, shared: b.shared, owner: p.username, mine: true, filters: b.filters };
  }

  async deleteView(p: Principal, id: string) {
    const repo = this.ds.getRepository(SavedView);
    const v = await repo.findOneBy({ id });
    if (!v || (v.ownerUserId !== p.userId && !v.shared)) throw new NotFoundError('No such view');
    if (v.ownerUserId !== p.userId && !hasRole(p, 'admin')) throw new ForbiddenError('Only its owner or an admin deletes a view');
    await repo.delete({ id });
  }
}

/** The monitor's order in memory, the same as orderSql's (the workflow ID breaks ties), for merging visibility's items into the database's. */
export function monitorOrder(sort: MonitorQuery['sort']): (a: MonitorItem, b: MonitorItem) => number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const deadline = (i: MonitorItem) => (i.slaDeadline ? Date.parse(i.slaDeadline) : Infinity);
  const breach = (a: MonitorItem, b: MonitorItem) =>
    // Infinity - Infinity is NaN, which falls through like 0.
    deadline(a) - deadline(b) || Date.parse(a.startedAt) - Date.parse(b.startedAt) || cmp(a.workflowId, b.workflowId);
  if (sort === 'breach') return breach;
  if (sort === 'escalation') return (a, b) => b.escalationLevel - a.escalationLevel || breach(a, b);
  return (a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || cmp(a.workflowId, b.workflowId);
}
