import { Context } from '@temporalio/activity';
import { In } from 'typeorm';
import { appendAudit } from '../db/audit/audit-log';
import { AssessmentCycle, AuditEntry, OrgUnit, Person, ScoreResult, ScoreSnapshot, User } from '../db/entities';
import { currentPolicy } from '../db/stores/policy-store';
import { currentRuleset } from '../db/stores/ruleset-store';
import { DIMENSIONS, type Dimension, type Rating, type ScoreLine, type SubjectFlags } from '../domain/scoring';
import { explained, lines as lines_, term, text } from '../domain/texts/text';
import type { Policy } from '../domain/policy';
import type { CycleRequest, SnapshotSummary } from '../workflows/assessment-cycle/messages';
import type { ActivityDeps } from './shared/deps';
import { createNotificationOutbox, type DeliveryItem } from './notifications';
import { catchUpCorrections } from './score-versions';
import { rulesetOf, scoreCycleInput, snapshotId, writeSnapshot } from './shared/scoring-data';

export interface ImprovementCandidate {
  personId: string;
  personName: string;
  personUserId: string | null;
  orgUnitId: string;
  departmentId: string | null;
  total: number;
  shortfall: Dimension | null;
  consecutive: boolean;
}

/** The assessment cycle's work: freeze, score (heartbeating, progress in the projection), publish, reports. */
export function createAssessmentCycleActivities(deps: ActivityDeps) {
  const { dataSource: ds, now } = deps;
  const outbox = createNotificationOutbox(deps);

  return {
    /** The policy in force when a scheduled cycle starts (recorded in history). */
    async currentPolicyForCycle(): Promise<{ policy: Policy; version: number }> {
      const p = await currentPolicy(ds);
      return { policy: p.document, version: p.version };
    },

    /** Creates the cycle row and freezes the ruleset version (the given one, else the newest published). */
    async freezeCycle(input: { request: CycleRequest; workflowId: string }): Promise<{ rulesetVersion: number }> {
      const r = input.request;
      return ds.transaction(async (em) => {
        const existing = await em.getRepository(AssessmentCycle).findOneBy({ id: r.cycleId });
        if (existing) return { rulesetVersion: existing.rulesetVersion };
        const version = r.rulesetVersion ?? (await currentRuleset(ds)).version;
        const row: Partial<AssessmentCycle> = {
          id: r.cycleId,
          workflowId: input.workflowId,
          scopeOrgUnitId: r.scopeOrgUnitId,
          cadence: r.cadence,
          period: r.period,
          periodStart: new Date(r.periodStart),
          periodEnd: new Date(r.periodEnd),
          rulesetVersion: version,
          status: 'scoring',
          startedBy: r.startedBy,
        };
        await em.getRepository(AssessmentCycle).insert(row);
        await appendAudit(em, {
          actorType: 'workflow',
          actor: input.workflowId,
          onBehalfOf: r.startedBy,
          action: 'cycle.started',
          entityType: 'assessment_cycle',
          entityId: r.cycleId,
          after: row,
          orgUnitId: r.scopeOrgUnitId,
          at: now(),
        });
        return { rulesetVersion: version };
      });
    },

    /**
     * Scores the scope into snapshot `version` under the cycle's frozen ruleset: loads the facts,
     * evaluates, writes the results in chunks, heartbeating and keeping the progress in the cycle
     * row. Deterministic, so a retry writes the same rows (already-written ones are skipped).
     */
    async scoreSnapshot(input: { cycleId: string; version: number; reason: string; by: string; note: string }): Promise<SnapshotSummary> {
      const cycle = await ds.getRepository(AssessmentCycle).findOneByOrFail({ id: input.cycleId });
      const ruleset = await rulesetOf(ds, cycle.rulesetVersion);
      Context.current().heartbeat({ phase: 'loading' });
      const { result, factCount } = await scoreCycleInput(ds, cycle, ruleset);
      const total = result.results.length;
      await ds.getRepository(AssessmentCycle).update({ id: cycle.id }, { progressDone: 0, progressTotal: total, status: 'scoring' });
      await writeSnapshot(
        ds,
        {
          cycleId: cycle.id,
          version: input.version,
          reason: input.reason,
          status: 'draft',
          rulesetVersion: cycle.rulesetVersion,
          note: input.note,
          createdBy: input.by,
          factCount,
          result,
        },
        async (done) => {
          Context.current().heartbeat({ phase: 'writing', done, total });
          await ds.getRepository(AssessmentCycle).update({ id: cycle.id }, { progressDone: done });
        },
      );
      const persons = result.results.filter((r) => r.subjectType === 'person');
      const summary: SnapshotSummary = {
        version: input.version,
        inputHash: result.inputHash,
        subjects: total,
        facts: factCount,
        persons: persons.length,
        needsImprovement: persons.filter((r) => r.rating === 'needs_improvement').length,
        consecutiveNeedsImprovement: persons.filter((r) => r.flags.consecutiveNeedsImprovement).length,
        specialReview: result.results.filter((r) => r.flags.specialReview).length,
      };
      await ds.transaction(async (em) => {
        await em
          .getRepository(AssessmentCycle)
          .update(
            { id: cycle.id },
            { status: 'review', currentSnapshot: cycle.status === 'published' ? cycle.currentSnapshot : input.version, progressDone: total },
          );
        // A retry after a commit whose completion was lost (the worker died) audits the version once.
        const scored = await em
          .getRepository(AuditEntry)
          .find({ where: { entityType: 'assessment_cycle', entityId: cycle.id, action: 'cycle.scored' }, select: { seq: true, after: true } });
        if (scored.some((a) => (JSON.parse(a.after ?? '{}') as { version?: number }).version === input.version)) return;
        await appendAudit(em, {
          actorType: 'workflow',
          actor: cycle.workflowId,
          onBehalfOf: input.by,
          action: 'cycle.scored',
          entityType: 'assessment_cycle',
          entityId: cycle.id,
          after: { ...summary, reason: input.reason, rulesetVersion: cycle.rulesetVersion },
          orgUnitId: cycle.scopeOrgUnitId,
          at: now(),
        });
      });
      return summary;
    },

    /** Publishes a snapshot version: it becomes what people see; earlier published versions are superseded. */
    async publishSnapshot(input: { cycleId: string; version: number; by: string; note: string }): Promise<string> {
      return ds.transaction(async (em) => {
        const cycle = await em.getRepository(AssessmentCycle).findOneByOrFail({ id: input.cycleId });
        const snap = await em.getRepository(ScoreSnapshot).findOneByOrFail({ id: snapshotId(input.cycleId, input.version) });
        if (snap.status === 'published') return snap.publishedAt!.toISOString();
        const at = now();
        // An appeal or adjustment decided while the draft was in review stays in force.
        await catchUpCorrections(em, input.cycleId, input.version);
        await em.getRepository(ScoreSnapshot).update({ cycleId: input.cycleId, status: 'published' }, { status: 'superseded' });
        await em.getRepository(ScoreSnapshot).update({ id: snap.id }, { status: 'published', publishedAt: at });
        await em
          .getRepository(AssessmentCycle)
          .update({ id: cycle.id }, { status: 'published', currentSnapshot: input.version, publishedAt: at, reviewedBy: input.by });
        await appendAudit(em, {
          actorType: 'user',
          actor: input.by,
          action: 'cycle.published',
          entityType: 'assessment_cycle',
          entityId: cycle.id,
          after: { version: input.version, inputHash: snap.inputHash, note: input.note },
          orgUnitId: cycle.scopeOrgUnitId,
          at,
        });
        return at.toISOString();
      });
    },

    /**
     * Mails (and puts in the in-app inbox) each scored person who has a login their report: total,
     * rating, the dimension breakdown and the shortfalls with the evidence behind each, through the
     * notification outbox. Idempotent per person and snapshot.
     */
    async sendScoreReports(input: { cycleId: string; version: number; link: string }): Promise<number> {
      const cycle = await ds.getRepository(AssessmentCycle).findOneByOrFail({ id: input.cycleId });
      const rows = await ds.getRepository(ScoreResult).findBy({ snapshotId: snapshotId(input.cycleId, input.version), subjectType: 'person' });
      const users = rows.length ? await ds.getRepository(User).findBy({ personId: In(rows.map((r) => r.subjectId)), active: true }) : [];
      const people = users.length ? await ds.getRepository(Person).findBy({ id: In(users.map((u) => u.personId!)) }) : [];
      let sent = 0;
      for (const u of users.sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const r = rows.find((x) => x.subjectId === u.personId)!;
        const summary = JSON.parse(r.summary) as { dimensionScores: Record<Dimension, number> };
        const lines = JSON.parse(r.lines) as ScoreLine[];
        const shortfalls = lines.filter((l) => (l.kind === 'indicator' && l.rating === 'needs_improvement') || (l.kind === 'penalty' && l.points < 0));
        const dimensions = lines_(
          DIMENSIONS.map((d) => text('score.report.dimension', { dimension: term(`dimension.${d}`), score: summary.dimensionScores[d] })),
        );
        const body = text('score.report.body', {
          period: cycle.period,
          total: r.total,
          rating: term(`rating.${r.rating as Rating}`),
          dimensions,
          shortfalls: shortfalls.length
            ? text('score.report.shortfalls', {
                lines: lines_(
                  shortfalls.map((l) => {
                    const said = { code: l.kind === 'indicator' ? l.indicatorCode : l.ruleCode, explanation: explained(l.explanation) };
                    return l.factIds.length
                      ? text('score.report.line_records', { ...said, records: `${l.factIds.slice(0, 5).join(', ')}${l.n > 5 ? ', …' : ''}` })
                      : text('score.report.line', said);
                  }),
                ),
              })
            : text('score.report.no_shortfalls'),
        });
        const request = {
          dedupKey: `Report:${input.cycleId}#${input.version}:${u.id}`,
          audience: { kind: 'users' as const, userIds: [u.id] },
          severity: 'normal' as const,
          subject: text('score.report.subject', { period: cycle.period, total: r.total }),
          body,
          link: input.link,
          source: cycle.workflowId,
        };
        const person = people.find((p) => p.id === u.personId);
        const items: DeliveryItem[] = [
          { id: `${request.dedupKey}/inapp`, channel: 'inapp', recipientUserId: u.id, address: null },
          ...(person?.email ? [{ id: `${request.dedupKey}/email`, channel: 'email' as const, recipientUserId: u.id, address: person.email }] : []),
        ];
        // Into the outbox (the item IDs as when they were sent from here, so a report sent before
        // is not sent again: delivery skips an ID already sent); the dispatcher sends them at the
        // notifications' rate instead of this activity mailing a whole company in a burst.
        const at = now();
        await ds.transaction((em) =>
          outbox.writeOutboxItems(
            em,
            request,
            items.map((item) => ({ item, dueAt: at })),
          ),
        );
        sent++;
        Context.current().heartbeat({ sent });
      }
      if (sent) await outbox.wakeDispatcher();
      return sent;
    },

    /** Persons rated "needs improvement" in a snapshot, with their weakest dimension and whether it is the second time in a row. */
    async needsImprovement(input: { cycleId: string; version: number }): Promise<ImprovementCandidate[]> {
      const rows = await ds.getRepository(ScoreResult).find({
        where: { snapshotId: snapshotId(input.cycleId, input.version), subjectType: 'person', rating: 'needs_improvement' },
        order: { subjectId: 'ASC' },
      });
      const people = rows.length ? await ds.getRepository(Person).findBy({ id: In(rows.map((r) => r.subjectId)) }) : [];
      const units = people.length ? await ds.getRepository(OrgUnit).findBy({ id: In([...new Set(people.map((p) => p.orgUnitId))]) }) : [];
      const users = people.length ? await ds.getRepository(User).findBy({ personId: In(people.map((p) => p.id)), active: true }) : [];
      return rows.map((r) => {
        const flags = (JSON.parse(r.summary) as { flags: SubjectFlags }).flags;
        const p = people.find((x) => x.id === r.subjectId);
        return {
          personId: r.subjectId,
          personName: p?.name ?? r.subjectId,
          personUserId: users.find((u) => u.personId === r.subjectId)?.id ?? null,
          orgUnitId: p?.orgUnitId ?? units[0]?.id ?? '',
          departmentId: r.departmentId,
          total: r.total,
          shortfall: flags.shortfallDimension,
          consecutive: flags.consecutiveNeedsImprovement,
        };
      });
    },
  };
}

export type AssessmentCycleActivities = ReturnType<typeof createAssessmentCycleActivities>;
