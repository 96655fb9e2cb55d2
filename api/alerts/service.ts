import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { In, type DataSource } from 'typeorm';
import { appendAudit } from '../../db/audit/audit-log';
import { Alert, AlertRule, OrgUnit } from '../../db/entities';
import { escapeLike } from '../../db/sql';
import { ruleDefOf } from '../../db/stores/alert-store';
import { ALERT_PARAM_SCHEMAS, type AlertCandidate, type AlertKind, type AlertSeverity, type AlertStatus, type AudienceTarget } from '../../domain/alerts';
import { alertSweepWorkflowId, type AlertSweepInput, type AlertSweepResult } from '../../workflows/alerts/messages';
import { AlertSweepWorkflow } from '../../workflows/alerts/workflow';
import { actorOf, hasRole, seesEverything, listedUnit, underUnit } from '../platform/access';
import { pageRows } from '../platform/pagination';
import { ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError, ValidationError } from '../platform/errors';
import type { Principal } from '../platform/route';
import { named } from '../platform/names';
import { forReader } from '../platform/reader';
import type { Text } from '../../domain/texts/text';

export interface AlertFilter {
  status?: AlertStatus;
  kind?: AlertKind | 'missed_schedule';
  severity?: AlertSeverity;
  orgUnitId?: string;
  page: number;
  pageSize: number;
}

export interface RuleChange {
  name?: string;
  nameZh?: string | null;
  enabled?: boolean;
  severity?: AlertSeverity;
  params?: Record<string, unknown>;
  audience?: AudienceTarget[];
  /** Optimistic concurrency: the version the change is based on. */
  version?: number;
}

/** Who may acknowledge an alert besides its recipients. */
const ACK_ROLES = ['safety_officer', 'admin', 'manager', 'department_head', 'hr'] as const;
const SWEEP_TIMEOUT_MS = 60_000;

/** Fired alerts (list, detail, acknowledge) and their rules (list, edit, evaluate now). */
export class AlertService {
  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  private visible(p: Principal) {
    const qb = this.ds.getRepository(Alert).createQueryBuilder('a').leftJoin(OrgUnit, 'ou', 'ou.id = a.org_unit_id');
    if (!seesEverything(p)) qb.andWhere('ou.path LIKE :scope', { scope: `${escapeLike(p.orgUnitPath)}%` });
    return qb;
  }

  private async views(rows: Alert[]) {
    const units = await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(rows.map((r) => r.orgUnitId).filter((x): x is string => !!x)), '-']) });
    const rules = await this.ds.getRepository(AlertRule).findBy({ id: In([...new Set(rows.map((r) => r.ruleId)), '-']) });
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return rows.map((a) => {
      const detail = JSON.parse(a.detail) as AlertCandidate['detail'] & { titleText?: Text };
      const say = (t: Text | undefined, words: string) => (t ? forReader(JSON.stringify(t), words) : words);
      return {
        id: a.id,
        dedupKey: a.dedupKey,
        ruleId: a.ruleId,
        ruleName: named(rules.find((r) => r.id === a.ruleId)) || a.ruleId,
        ruleVersion: a.ruleVersion,
        kind: a.kind as AlertKind,
        severity: a.severity as AlertSeverity,
        title: say(detail.titleText, a.title),
        summary: say(detail.summaryText, detail.summary),
        records: detail.records,
        figures: detail.figures,
        orgUnitId: a.orgUnitId,
        orgUnitName: named(units.find((u) => u.id === a.orgUnitId)) || null,
        recipientCount: (JSON.parse(a.recipients) as string[]).length,
        status: a.status as AlertStatus,
        firstFiredAt: a.firstFiredAt.toISOString(),
        firedBy: a.firedBy,
        acknowledgedBy: a.acknowledgedBy,
        acknowledgedAt: iso(a.acknowledgedAt),
        acknowledgeNote: a.acknowledgeNote,
        resolvedAt: iso(a.resolvedAt),
      };
    });
  }

  async list(p: Principal, f: AlertFilter) {
    const qb = this.visible(p);
    if (f.status) qb.andWhere('a.status = :status', { status: f.status });
    if (f.kind) qb.andWhere('a.kind = :kind', { kind: f.kind });
    if (f.severity) qb.andWhere('a.severity = :severity', { severity: f.severity });
    if (f.orgUnitId) underUnit(qb, 'ou', await listedUnit(this.ds, f.orgUnitId));
    const [rows, total] = await pageRows(qb.orderBy('a.firstFiredAt', 'DESC').addOrderBy('a.id', 'ASC'), f);
    return { items: await this.views(rows), total };
  }

  private async load(p: Principal, id: string): Promise<Alert> {
    const a = await this.visible(p).andWhere('a.id = :id', { id }).getOne();
    if (!a) throw new NotFoundError('No such alert');
    return a;
  }

  async get(p: Principal, id: string) {
    return (await this.views([await this.load(p, id)]))[0];
  }

  /** Recipients and the safety hub, managers, department heads and HR of the scope acknowledge; once. */
  async acknowledge(p: Principal, id: string, note: string | null) {
    const a = await this.load(p, id);
    if (!hasRole(p, ...ACK_ROLES) && !(JSON.parse(a.recipients) as string[]).includes(p.userId))
      throw new ForbiddenError('Only the alert’s recipients and the safety hub, managers, department heads or HR acknowledge alerts');
    if (a.status !== 'open') throw new ConflictError(`The alert is already ${a.status}`);
    const at = new Date();
    await this.ds.transaction(async (em) => {
      const r = await em
        .getRepository(Alert)
        .createQueryBuilder()
        .update()
        .set({ status: 'acknowledged', acknowledgedBy: p.username, acknowledgedAt: at, acknowledgeNote: note })
        .where('id = :id AND status = :open', { id, open: 'open' })
        .execute();
      if (!r.affected) throw new ConflictError('The alert is no longer open');
      await appendAudit(em, {
        ...actorOf(p),
        action: 'alert.acknowledged',
        entityType: 'alert',
        entityId: id,
        before: { status: a.status },
        after: { status: 'acknowledged', note },
        orgUnitId: a.orgUnitId,
        at,
      });
    });
    return this.get(p, id);
  }

  // ---- rules ------------------------------------------------------------------------------------

  private ruleView(r: AlertRule) {
    const def = ruleDefOf(r);
    return {
      id: r.id,
      kind: r.kind as AlertKind,
      name: r.name,
      nameZh: r.nameZh,
      enabled: r.enabled,
      severity: r.severity as AlertSeverity,
      params: def?.params ?? (JSON.parse(r.params) as Record<string, unknown>),
      audience: def?.audience ?? (JSON.parse(r.audience) as AudienceTarget[]),
      /** False when the stored parameters no longer validate (the sweep skips the rule). */
      valid: def !== null,
      version: r.version,
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  async rules() {
    return (await this.ds.getRepository(AlertRule).find({ order: { id: 'ASC' } })).map((r) => this.ruleView(r));
  }

  async updateRule(p: Principal, id: string, change: RuleChange) {
    const before = await this.ds.getRepository(AlertRule).findOneBy({ id });
    if (!before) throw new NotFoundError('No such alert rule');
    if (change.version !== undefined && change.version !== before.version)
      throw new ConflictError(`The rule was changed meanwhile (version ${before.version}); reload and try again`);
    const kind = before.kind as AlertKind;
    let params = JSON.parse(before.params) as unknown;
    if (change.params !== undefined) {
      const parsed = ALERT_PARAM_SCHEMAS[kind].safeParse(change.params);
      if (!parsed.success)
        throw new ValidationError(parsed.error.issues.map((i) => ({ path: ['body', 'params', ...i.path.map(String)].join('.'), message: i.message })));
      params = parsed.data;
    }
    const after = {
      name: change.name ?? before.name,
      nameZh: change.nameZh === undefined ? before.nameZh : change.nameZh || null,
      enabled: change.enabled ?? before.enabled,
      severity: change.severity ?? before.severity,
      params: JSON.stringify(params),
      audience: JSON.stringify(change.audience ?? JSON.parse(before.audience)),
      version: before.version + 1,
      updatedBy: p.username,
    };
    await this.ds.transaction(async (em) => {
      const r = await em
        .getRepository(AlertRule)
        .createQueryBuilder()
        .update()
        .set(after)
        .where('id = :id AND version = :v', { id, v: before.version })
        .execute();
      if (!r.affected) throw new ConflictError('The rule was changed meanwhile; reload and try again');
      await appendAudit(em, {
        ...actorOf(p),
        action: 'alert_rule.updated',
        entityType: 'alert_rule',
        entityId: id,
        before: {
          name: before.name,
          nameZh: before.nameZh,
          enabled: before.enabled,
          severity: before.severity,
          params: JSON.parse(before.params),
          audience: JSON.parse(before.audience),
          version: before.version,
        },
        after: { ...after, params, audience: JSON.parse(after.audience) },
      });
    });
    return this.ruleView(await this.ds.getRepository(AlertRule).findOneByOrFail({ id }));
  }

  /** Runs a sweep now (the same workflow the schedule runs) and returns what it fired in the caller's scope. */
  async evaluate(p: Principal) {
    const workflowId = alertSweepWorkflowId(`manual-${randomUUID()}`);
    await this.ds.transaction((em) =>
      appendAudit(em, { ...actorOf(p), action: 'alert_sweep.requested', entityType: 'alert_sweep', entityId: workflowId, after: { workflowId } }),
    );
    const input: AlertSweepInput = { trigger: 'manual', requestedBy: p.username };
    const handle = await this.client.workflow.start(AlertSweepWorkflow, {
      workflowId,
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowExecutionTimeout: '15 minutes',
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ServiceUnavailableError(`The sweep ${workflowId} is still running; its alerts will appear in the list`)),
        SWEEP_TIMEOUT_MS,
      );
    });
    let result: AlertSweepResult;
    try {
      result = await Promise.race([handle.result() as Promise<AlertSweepResult>, timeout]);
    } catch (err) {
      if (err instanceof WorkflowFailedError) throw new ServiceUnavailableError(`The sweep ${workflowId} failed; see its history in Temporal`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    const rows = result.fired.length ? await this.visible(p).andWhere('a.id IN (:...ids)', { ids: result.fired }).orderBy('a.dedupKey', 'ASC').getMany() : [];
    return {
      workflowId,
      rules: result.rules,
      candidates: result.candidates,
      fired: result.fired.length,
      notified: result.notified,
      resolved: result.resolved,
      deferred: result.deferred,
      alerts: await this.views(rows),
    };
  }
}
