import { DataSource, type EntityManager } from 'typeorm';
import { appendAudit } from '../db/audit/audit-log';
import { AssessmentCycle, ScoreResult, ScoreSnapshot } from '../db/entities';
import { currentSubjects, subjectKey } from '../db/stores/score-version-store';
import { getRuleset } from '../db/stores/ruleset-store';
import {
  applyCorrection,
  correctionsOf,
  parseCorrectionHeader,
  type CorrectableScore,
  type CorrectionHeader,
  type ScoreCorrection,
} from '../domain/scoring/corrections';
import type { SubjectResult } from '../domain/scoring';
import { permanentFailure } from './shared/failures';

/**
 * Versions made by appeals and manual adjustments: the version in force plus that one change, on
 * the line it names — nothing scored again, so no fact enters a published version unreviewed
 * (late facts come in only through recompute → a draft → review → publish). Corrections in force
 * stay in force: a new scoring of the cycle (a recompute's draft) carries them, and a draft
 * published after a newer correction gets it too.
 */

type Db = DataSource | EntityManager;

async function thresholdsOf(db: Db, rulesetVersion: number): Promise<{ excellent: number; qualified: number }> {
  // Through `db` itself, not another pool connection beside the transaction (a pool of transactions each waiting for one never gets it).
  const r = await getRuleset(db, rulesetVersion);
  if (!r) throw permanentFailure('NotFound', `ruleset version ${rulesetVersion} not found`);
  return r.document.ratingThresholds;
}

function latestPublished(db: Db, cycleId: string): Promise<ScoreSnapshot | null> {
  return db.getRepository(ScoreSnapshot).findOne({ where: { cycleId, status: 'published' }, order: { version: 'DESC' } });
}

/** A stored result row with corrections applied (total, rating, lines, dimension adjustments, flags). */
function correctRow(
  row: ScoreResult,
  items: readonly ScoreCorrection[],
  thresholds: { excellent: number; qualified: number },
): Pick<ScoreResult, 'total' | 'rating' | 'summary' | 'lines'> {
  const summary = JSON.parse(row.summary) as Record<string, unknown> & Pick<CorrectableScore, 'dimensionAdjustments' | 'flags'>;
  let score: CorrectableScore = {
    total: row.total,
    rating: row.rating as CorrectableScore['rating'],
    lines: JSON.parse(row.lines) as CorrectableScore['lines'],
    dimensionAdjustments: summary.dimensionAdjustments ?? {},
    flags: summary.flags ?? {},
  };
  for (const c of items) score = applyCorrection(score, c, thresholds);
  return {
    total: score.total,
    rating: score.rating,
    lines: JSON.stringify(score.lines),
    summary: JSON.stringify({ ...summary, dimensionAdjustments: score.dimensionAdjustments, flags: score.flags }),
  };
}

/**
 * A new scoring of a cycle (`writeSnapshot`) keeps the corrections in force in its published
 * version: applied to the fresh results in place; the header to record with the new version.
 */
export async function carryCorrections(ds: DataSource, cycleId: string, rulesetVersion: number, results: SubjectResult[]): Promise<CorrectionHeader> {
  const published = await latestPublished(ds, cycleId);
  const items = parseCorrectionHeader(published?.corrections).items;
  if (!items.length) return { basedOn: null, items: [] };
  const thresholds = await thresholdsOf(ds, rulesetVersion);
  for (let i = 0; i < results.length; i++) {
    const mine = correctionsOf(items, results[i]!.subjectType, results[i]!.subjectId);
    for (const c of mine) results[i] = applyCorrection(results[i]!, c, thresholds);
  }
  return { basedOn: null, items };
}

/**
 * Before a draft is published: corrections that came into force after it was scored (an appeal
 * decided while HR reviewed it) are applied to it, so publishing it never drops a decision.
 */
export async function catchUpCorrections(em: EntityManager, cycleId: string, version: number): Promise<void> {
  const draft = await em.getRepository(ScoreSnapshot).findOneByOrFail({ cycleId, version });
  const published = await latestPublished(em, cycleId);
  if (!published || published.version === version) return;
  const mine = parseCorrectionHeader(draft.corrections);
  const have = new Set(mine.items.map((c) => c.workflowId));
  const missing = parseCorrectionHeader(published.corrections).items.filter((c) => !have.has(c.workflowId));
  if (!missing.length) return;
  const thresholds = await thresholdsOf(em, draft.rulesetVersion);
  const subjects = [...new Set(missing.map((c) => subjectKey(c.subjectType, c.subjectId)))];
  for (const key of subjects) {
    const row = await em.getRepository(ScoreResult).findOneBy({ id: `${draft.id}/${key}`.slice(0, 255) });
    if (!row) continue; // not in this scoring (left the scope): nothing to correct
    await em.getRepository(ScoreResult).update(
      { id: row.id },
      correctRow(
        row,
        missing.filter((c) => subjectKey(c.subjectType, c.subjectId) === key),
        thresholds,
      ),
    );
  }
  await em
    .getRepository(ScoreSnapshot)
    .update({ id: draft.id }, { corrections: JSON.stringify({ basedOn: mine.basedOn, items: [...mine.items, ...missing] }) });
}

export interface CorrectionRequest extends Omit<ScoreCorrection, 'version'> {
  cycleId: string;
}

/**
 * Publishes `the version in force + this correction` as the cycle's next version, once per
 * workflow (a retry returns the version made). One transaction, the cycle row locked: two
 * decisions at once make two versions one after the other, the second on top of the first.
 */
export async function publishCorrection(ds: DataSource, c: CorrectionRequest, at: Date, progress: (done: number) => void): Promise<number> {
  return ds.transaction(async (em) => {
    const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
    const cycle = await em
      .getRepository(AssessmentCycle)
      .findOneOrFail({ where: { id: c.cycleId }, ...(mysql ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    const done = await em.getRepository(ScoreSnapshot).findOneBy({ cycleId: cycle.id, note: c.workflowId });
    if (done) return done.version;
    const base = await latestPublished(em, cycle.id);
    if (!base) throw permanentFailure('InvalidInput', `cycle ${cycle.id} has no published version to correct`);
    const last = await em
      .getRepository(ScoreSnapshot)
      .createQueryBuilder('s')
      .select('MAX(s.version)', 'v')
      .where('s.cycle_id = :id', { id: cycle.id })
      .getRawOne<{ v: number | string }>();
    const version = Number(last?.v ?? 0) + 1;
    const { cycleId, ...rest } = c;
    const correction: ScoreCorrection = { ...rest, version };
    const thresholds = await thresholdsOf(em, base.rulesetVersion);
    const target = await em.getRepository(ScoreResult).findOneBy({ snapshotId: base.id, subjectType: c.subjectType, subjectId: c.subjectId });
    if (!target) throw permanentFailure('InvalidInput', `no ${c.subjectType} ${c.subjectId} in version ${base.version} of ${cycleId}`);
    const prior = parseCorrectionHeader(base.corrections);

    await em.getRepository(ScoreSnapshot).update({ cycleId: cycle.id, status: 'published' }, { status: 'superseded' });
    const sid = `${cycle.id}#${version}`;
    await em.getRepository(ScoreSnapshot).insert({
      id: sid,
      cycleId: cycle.id,
      version,
      reason: c.kind,
      status: 'published',
      rulesetVersion: base.rulesetVersion,
      inputHash: base.inputHash,
      factCount: base.factCount,
      subjectCount: base.subjectCount,
      note: c.workflowId,
      createdBy: c.decidedBy,
      publishedAt: at,
      corrections: JSON.stringify({ basedOn: base.version, items: [...prior.items, correction] }),
    });
    // Every row of the version in force, as it is (its frozen subject too); the one subject corrected.
    const PAGE = 500;
    for (let skip = 0; ; skip += PAGE) {
      const rows = await em.getRepository(ScoreResult).find({ where: { snapshotId: base.id }, order: { id: 'ASC' }, skip, take: PAGE });
      if (!rows.length) break;
      const legacy = rows.filter((r) => !r.subject);
      const now = legacy.length ? await currentSubjects(em, legacy) : new Map();
      const copies = rows.map((r) => ({
        ...r,
        ...(r.id === target.id ? correctRow(r, [correction], thresholds) : {}),
        id: `${sid}/${r.subjectType}/${r.subjectId}`.slice(0, 255),
        snapshotId: sid,
        subject: r.subject ?? JSON.stringify(now.get(subjectKey(r.subjectType, r.subjectId))),
      }));
      for (let i = 0; i < copies.length; i += 250) await em.getRepository(ScoreResult).insert(copies.slice(i, i + 250));
      progress(skip + rows.length);
    }
    await em.getRepository(AssessmentCycle).update({ id: cycle.id }, { currentSnapshot: version });
    const corrected = await em.getRepository(ScoreResult).findOneByOrFail({ id: `${sid}/${c.subjectType}/${c.subjectId}`.slice(0, 255) });
    await appendAudit(em, {
      actorType: 'workflow',
      actor: c.workflowId,
      onBehalfOf: c.decidedBy,
      action: `cycle.${c.kind}_applied`,
      entityType: 'assessment_cycle',
      entityId: cycle.id,
      before: { version: base.version, total: target.total, rating: target.rating },
      after: {
        version,
        basedOn: base.version,
        inputHash: base.inputHash,
        subjectType: c.subjectType,
        subjectId: c.subjectId,
        lineCode: c.lineCode,
        delta: c.delta,
        total: corrected.total,
        rating: corrected.rating,
        reasonCode: c.reasonCode,
        text: c.kind === 'appeal' ? c.decision : c.reason,
        proposedBy: c.proposedBy,
        approvedBy: c.decidedBy,
      },
      orgUnitId: cycle.scopeOrgUnitId,
      at,
    });
    return version;
  });
}
