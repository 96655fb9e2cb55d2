import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { anchorAuditStreams, appendAudit } from '../db/audit/audit-log';
import { Alert, AssessmentCycle, Emergency, Fact, Hazard, OrgUnit, Person, ScoreResult, ScoreSnapshot, Task, User, UserRole } from '../db/entities';
import { loadAlertRules } from '../db/stores/alert-store';
import { currentPolicy } from '../db/stores/policy-store';
import {
  evaluateAlertRules,
  lookbackMs,
  type AlertCandidate,
  type AlertData,
  type AlertRuleDef,
  type AudienceTarget,
  type ScoreRow,
  type UnitRow,
} from '../domain/alerts';
import { HAZARD_ENDED_STATUSES } from '../domain/hazard/constants';
import type { Policy } from '../domain/policy';
import { lines, parseStoredText, term, text } from '../domain/texts/text';
import { alertNotificationKey, MAX_NEW_ALERTS_PER_SWEEP, type FiredAlert } from '../workflows/alerts/messages';
import type { ActivityDeps } from './shared/deps';
import { fireAlertOnce } from './shared/fire-alert';

export interface SweepResult {
  /** The policy in force (its notification channels and quiet hours go to the notifications). */
  policy: Policy;
  rules: number;
  candidates: number;
  fired: FiredAlert[];
  /** Alerts whose condition is gone, now `resolved`. */
  resolved: number;
  /** Candidates left for the next sweep (more than one sweep fires). */
  deferred: number;
}

interface UserInfo {
  id: string;
  personId: string | null;
  unitPath: string;
  roles: Set<string>;
}

/**
 * The alert sweep: loads what the enabled rules need, evaluates them (domain/alerts.ts), inserts
 * the new alerts with INSERT … IGNORE on their de-duplication key — the sweep that inserted a row
 * is the one that notifies, so retries, repeated sweeps and competing workers never fire twice —
 * and resolves the alerts whose condition is gone. Every write carries its audit row.
 */
export function createAlertActivities({ dataSource: ds, now, logger }: Pick<ActivityDeps, 'dataSource' | 'now' | 'logger'>) {
  /** Adds the rows of `entity` (queried as `alias`) that meet both conditions to `into`, by id: a row two rules need is read into one map. */
  async function collect<T extends { id: string }>(
    into: Map<string, T>,
    entity: EntityTarget<T>,
    alias: string,
    where: [string, ObjectLiteral],
    andWhere: [string, ObjectLiteral],
  ): Promise<void> {
    const rows = await ds
      .getRepository(entity)
      .createQueryBuilder(alias)
      .where(...where)
      .andWhere(...andWhere)
      .getMany();
    for (const r of rows) into.set(r.id, r);
  }

  async function loadData(rules: AlertRuleDef[], at: Date): Promise<AlertData> {
    const enabled = rules.filter((r) => r.enabled);
    const of = <K extends AlertRuleDef['kind']>(kind: K) => enabled.filter((r): r is AlertRuleDef<K> => r.kind === kind);
    const since = new Date(at.getTime() - lookbackMs(enabled));
    const units: UnitRow[] = (await ds.getRepository(OrgUnit).find({ select: ['id', 'parentId', 'kind', 'name', 'nameZh', 'path'] })).map((u) => ({
      id: u.id,
      parentId: u.parentId,
      kind: u.kind,
      name: u.name,
      nameZh: u.nameZh,
      path: u.path,
    }));

    const hazardRows = new Map<string, Hazard>();
    if (of('overdue').some((r) => r.params.hazards))
      await collect(hazardRows, Hazard, 'h', ['h.overdue = :o', { o: true }], ['h.status NOT IN (:...closed)', { closed: [...HAZARD_ENDED_STATUSES] }]);
    if (of('recurring_hazard').length) await collect(hazardRows, Hazard, 'h', ['h.reported_at > :since', { since }], ['h.status <> :c', { c: 'cancelled' }]);

    const taskRows = new Map<string, Task>();
    const overdueTasks = of('overdue').filter((r) => r.params.tasks);
    if (overdueTasks.length) {
      const hours = Math.min(...overdueTasks.map((r) => r.params.taskOverdueHours));
      const limit = new Date(at.getTime() - hours * 3600_000);
      await collect(taskRows, Task, 't', ['t.status = :s', { s: 'open' }], ['t.due_at < :limit', { limit }]);
    }
    if (of('sla_breach_rate').length)
      await collect(taskRows, Task, 't', ['t.due_at >= :since AND t.due_at < :at', { since, at }], ['t.status <> :c', { c: 'cancelled' }]);

    const clusters = of('incident_cluster');
    const emergencies = clusters.length
      ? await ds.getRepository(Emergency).createQueryBuilder('e').where('e.drill = :d', { d: false }).andWhere('e.reported_at > :since', { since }).getMany()
      : [];
    const facts = clusters.some((r) => r.params.includeSeriousFacts)
      ? await ds
          .getRepository(Fact)
          .createQueryBuilder('f')
          .where('f.kind = :k', { k: 'incident.serious' })
          .andWhere('f.occurred_at > :since', { since })
          .getMany()
      : [];

    return {
      now: at,
      units,
      hazards: [...hazardRows.values()].map((h) => ({
        id: h.id,
        workflowId: h.workflowId,
        title: h.title,
        category: h.category,
        area: h.area,
        orgUnitId: h.orgUnitId,
        responsibleOrgUnitId: h.responsibleOrgUnitId,
        responsiblePersonId: h.responsiblePersonId,
        status: h.status,
        overdue: h.overdue,
        dueAt: h.dueAt,
        reportedAt: h.reportedAt,
      })),
      tasks: [...taskRows.values()].map((t) => ({
        id: t.id,
        workflowId: t.workflowId,
        processType: t.processType,
        title: t.title,
        titleText: parseStoredText(t.titleText),
        orgUnitId: t.orgUnitId,
        status: t.status,
        dueAt: t.dueAt,
        completedAt: t.completedAt,
        assigneeUserId: t.assigneeUserId,
      })),
      emergencies: emergencies.map((e) => ({
        id: e.id,
        workflowId: e.workflowId,
        type: e.type,
        location: e.location,
        orgUnitId: e.orgUnitId,
        drill: e.drill,
        reportedAt: e.reportedAt,
      })),
      incidentFacts: facts.map((f) => ({ id: f.id, sourceWorkflowId: f.sourceWorkflowId, orgUnitId: f.orgUnitId, occurredAt: f.occurredAt })),
      scores: of('low_score').length ? await latestPublishedScores(Math.max(...of('low_score').map((r) => r.params.threshold)), units) : [],
    };
  }

  /** Person and department totals below `below` in the newest published snapshot of each scope's latest published cycle. */
  async function latestPublishedScores(below: number, units: UnitRow[]): Promise<ScoreRow[]> {
    const cycles = await ds
      .getRepository(AssessmentCycle)
      .createQueryBuilder('c')
      .where('c.status = :s', { s: 'published' })
      .andWhere('c.published_at IS NOT NULL')
      .orderBy('c.published_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .getMany();
    const latest = new Map<string, AssessmentCycle>();
    for (const c of cycles) if (!latest.has(c.scopeOrgUnitId)) latest.set(c.scopeOrgUnitId, c);
    const out: ScoreRow[] = [];
    for (const c of latest.values()) {
      const snap = await ds.getRepository(ScoreSnapshot).findOne({ where: { cycleId: c.id, status: 'published' }, order: { version: 'DESC' } });
      if (!snap) continue;
      const rows = await ds
        .getRepository(ScoreResult)
        .createQueryBuilder('r')
        .where('r.snapshot_id = :id', { id: snap.id })
        .andWhere('r.subject_type IN (:...types)', { types: ['person', 'department'] })
        .andWhere('r.total < :below', { below })
        .getMany();
      const people = await ds.getRepository(Person).findBy({ id: In([...rows.filter((r) => r.subjectType === 'person').map((r) => r.subjectId), '-']) });
      for (const r of rows) {
        const subject = r.subjectType === 'person' ? people.find((p) => p.id === r.subjectId) : units.find((u) => u.id === r.subjectId);
        out.push({
          cycleId: c.id,
          period: c.period,
          snapshotVersion: snap.version,
          publishedAt: c.publishedAt!,
          scopeOrgUnitId: c.scopeOrgUnitId,
          subjectType: r.subjectType as 'person' | 'department',
          subjectId: r.subjectId,
          name: subject?.name ?? r.subjectId,
          nameZh: subject?.nameZh ?? null,
          departmentId: r.departmentId,
          total: r.total,
          rating: r.rating,
        });
      }
    }
    return out;
  }

  /** Resolves a rule's audience for one alert to active user ids (see AUDIENCE_TARGETS). */
  function audienceResolver(units: UnitRow[], users: UserInfo[]) {
    const unitById = new Map(units.map((u) => [u.id, u]));
    const chain = (u: UnitRow) =>
      u.path
        .split('/')
        .filter(Boolean)
        .map((id) => unitById.get(id))
        .filter((x): x is UnitRow => !!x);
    const nearest = (u: UnitRow, kind: string) =>
      chain(u)
        .reverse()
        .find((x) => x.kind === kind);
    const headsOf = async (unitIds: string[]) => {
      const heads = (await ds.getRepository(OrgUnit).findBy({ id: In([...unitIds, '-']) })).map((u) => u.headPersonId).filter((x): x is string => !!x);
      return users.filter((x) => x.personId && heads.includes(x.personId)).map((x) => x.id);
    };
    const covering = (u: UnitRow | undefined, role: string) => users.filter((x) => x.roles.has(role) && (!u || u.path.startsWith(x.unitPath))).map((x) => x.id);
    return async (c: AlertCandidate): Promise<string[]> => {
      const unit = c.orgUnitId ? unitById.get(c.orgUnitId) : undefined;
      const ids = new Set<string>();
      for (const target of c.audience as AudienceTarget[]) {
        switch (target) {
          case 'safety': {
            covering(unit, 'safety_officer').forEach((id) => ids.add(id));
            const site = unit ? (nearest(unit, 'plant') ?? nearest(unit, 'company')) : undefined;
            if (site) {
              const safetyDepts = units.filter((x) => x.kind === 'department' && x.path.startsWith(site.path)).map((x) => x.id);
              const fns = await ds.getRepository(OrgUnit).findBy({ id: In([...safetyDepts, '-']), departmentFunction: 'safety' });
              (await headsOf(fns.map((f) => f.id))).forEach((id) => ids.add(id));
            }
            break;
          }
          case 'department_head':
            if (unit) (await headsOf([(nearest(unit, 'department') ?? unit).id])).forEach((id) => ids.add(id));
            break;
          case 'managers':
            covering(unit, 'manager').forEach((id) => ids.add(id));
            break;
          case 'hr':
            covering(unit, 'hr').forEach((id) => ids.add(id));
            break;
          case 'subject':
            for (const x of users)
              if ((c.subject.userId && x.id === c.subject.userId) || (c.subject.personId && x.personId === c.subject.personId)) ids.add(x.id);
            break;
        }
      }
      return [...ids].sort();
    };
  }

  async function activeUsers(): Promise<UserInfo[]> {
    const rows = await ds
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(OrgUnit, 'ou', 'ou.id = u.org_unit_id')
      .select(['u.id AS id', 'u.person_id AS personId', 'ou.path AS unitPath'])
      .where('u.active = :a', { a: true })
      .getRawMany<{ id: string; personId: string | null; unitPath: string }>();
    const roles = new Map<string, Set<string>>();
    for (const r of await ds.getRepository(UserRole).find()) roles.set(r.userId, (roles.get(r.userId) ?? new Set()).add(r.role));
    return rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? new Set() }));
  }

  function notificationOf(alertId: string, c: AlertCandidate, recipients: string[], sweepId: string): FiredAlert['notification'] {
    if (recipients.length === 0) return null;
    const records = c.detail.records
      .slice(0, 10)
      .map((r) =>
        r.workflowId && r.workflowId !== r.id
          ? text('alert.notice.record_of', { type: term(`alert.record.${r.type}`), id: r.id, workflowId: r.workflowId })
          : text('alert.notice.record', { type: term(`alert.record.${r.type}`), id: r.id }),
      );
    const more = c.detail.records.length > 10 ? [text('alert.notice.more', { count: c.detail.records.length - 10 })] : [];
    return {
      dedupKey: alertNotificationKey(c.dedupKey),
      audience: { kind: 'users', userIds: recipients },
      severity: c.severity,
      subject: text('alert.notice.subject', { title: c.titleText }),
      body: text('alert.notice.body', { summary: c.detail.summaryText ?? c.detail.summary, records: lines([...records, ...more]) }),
      link: `/alerts/${alertId}`,
      source: sweepId,
    };
  }

  /**
   * Inserts one candidate unless its key exists. Returns the alert when this sweep fired it (also
   * on a retry of the same sweep, whose earlier attempt inserted it), else null.
   */
  async function fire(c: AlertCandidate, recipients: string[], sweepId: string, at: Date): Promise<{ id: string; inserted: boolean } | null> {
    // What the alert says, in its row and in the audit entry alike.
    const said = { dedupKey: c.dedupKey, ruleId: c.ruleId, ruleVersion: c.ruleVersion, kind: c.kind, severity: c.severity, title: c.title };
    return fireAlertOnce(
      ds,
      {
        ...said,
        detail: JSON.stringify({ ...c.detail, titleText: c.titleText }),
        orgUnitId: c.orgUnitId,
        recipients: JSON.stringify(recipients),
        firedBy: sweepId,
      },
      at,
      { ...said, records: c.detail.records, recipients },
    );
  }

  /** Open or acknowledged alerts of these rules whose condition no longer holds become `resolved`. */
  async function resolveGone(rules: AlertRuleDef[], current: Set<string>, sweepId: string, at: Date): Promise<number> {
    if (rules.length === 0) return 0;
    const live = await ds
      .getRepository(Alert)
      .find({ where: { ruleId: In(rules.map((r) => r.id)), status: In(['open', 'acknowledged']) }, select: ['id', 'dedupKey', 'status', 'orgUnitId'] });
    let resolved = 0;
    for (const a of live) {
      if (current.has(a.dedupKey)) continue;
      await ds.transaction(async (em) => {
        const r = await em
          .getRepository(Alert)
          .createQueryBuilder()
          .update()
          .set({ status: 'resolved', resolvedAt: at })
          .where('id = :id', { id: a.id })
          .andWhere('status IN (:...s)', { s: ['open', 'acknowledged'] })
          .execute();
        if (!r.affected) return;
        resolved++;
        await appendAudit(em, {
          actorType: 'workflow',
          actor: sweepId,
          action: 'alert.resolved',
          entityType: 'alert',
          entityId: a.id,
          before: { status: a.status },
          after: { status: 'resolved', reason: 'condition no longer holds' },
          orgUnitId: a.orgUnitId,
          at,
        });
      });
    }
    return resolved;
  }

  return {
    async sweepAlerts(input: { sweepId: string }): Promise<SweepResult> {
      const at = now();
      const policy = (await currentPolicy(ds)).document;
      const { rules, invalid } = await loadAlertRules(ds);
      if (invalid.length) logger.warn({ invalid }, 'alert rules with invalid stored parameters are skipped');
      const enabled = rules.filter((r) => r.enabled);
      const data = await loadData(enabled, at);
      const candidates = evaluateAlertRules(enabled, data);
      const users = await activeUsers();
      const recipientsOf = audienceResolver(data.units, users);

      // Most candidates fired long ago: look their keys up in batches, resolve recipients only for the rest.
      const firedBy = new Map<string, string>();
      for (let i = 0; i < candidates.length; i += 500) {
        const keys = candidates.slice(i, i + 500).map((c) => c.dedupKey);
        for (const a of await ds.getRepository(Alert).find({ where: { dedupKey: In(keys) }, select: ['dedupKey', 'firedBy'] }))
          firedBy.set(a.dedupKey, a.firedBy);
      }
      const fired: FiredAlert[] = [];
      let deferred = 0;
      for (const c of candidates) {
        const by = firedBy.get(c.dedupKey);
        if (by !== undefined && by !== input.sweepId) continue;
        if (fired.length >= MAX_NEW_ALERTS_PER_SWEEP) {
          deferred++;
          continue;
        }
        const recipients = await recipientsOf(c);
        const r = await fire(c, recipients, input.sweepId, at);
        if (!r) continue;
        const row = await ds.getRepository(Alert).findOneByOrFail({ id: r.id });
        fired.push({ alertId: r.id, dedupKey: c.dedupKey, notification: notificationOf(r.id, c, JSON.parse(row.recipients) as string[], input.sweepId) });
      }
      const resolved = await resolveGone(enabled, new Set(candidates.map((c) => c.dedupKey)), input.sweepId, at);
      if (fired.length || resolved) logger.info({ sweep: input.sweepId, fired: fired.length, resolved }, 'alert sweep');
      // The scheduled sweep also anchors the audit streams that advanced (db/audit/audit-log.ts): it
      // bounds the window in which a stream's newest entries are protected by their own chain only.
      // Idempotent; a failure here is logged and left to the next sweep or verify, not retried with the sweep.
      try {
        const anchored = await anchorAuditStreams(ds);
        if (anchored) logger.info({ sweep: input.sweepId, anchored }, 'audit streams anchored');
      } catch (err) {
        logger.warn({ err, sweep: input.sweepId }, 'anchoring the audit streams failed; the next sweep tries again');
      }
      return { policy, rules: enabled.length, candidates: candidates.length, fired, resolved, deferred };
    },
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;
