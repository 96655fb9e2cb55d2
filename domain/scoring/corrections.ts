/**
 * Corrections of a published score: an accepted appeal or an approved manual adjustment changes
 * exactly what it says — its points, on the line it names (or the total, as a line of its own),
 * with its reason and decision beside that line — and nothing else is scored again. Pure and
 * deterministic (no clock, no database).
 */
import type { Dimension, Rating } from './indicators';
import type { ScoreLine } from './types';

/** One accepted appeal or approved adjustment, as kept with every version it is in force in. */
export interface ScoreCorrection {
  kind: 'appeal' | 'adjustment';
  /** The appeal or adjustment process (`Appeal:<id>`, `Adjustment:<id>`): one correction each. */
  workflowId: string;
  /** The version it was first applied in. */
  version: number;
  subjectType: 'person' | 'department';
  subjectId: string;
  /** The disputed line (an indicator or rule code); null: the total. */
  lineCode: string | null;
  /** Points added to the total (signed). */
  delta: number;
  reasonCode: string;
  /** Why it was asked: the appellant's reason, the proposer's text. */
  reason: string;
  /** The decision's reason, when there is one. */
  decision: string | null;
  proposedBy: string;
  decidedBy: string;
}

/** A correction as shown beside the line it changed. */
export type LineCorrection = Omit<ScoreCorrection, 'subjectType' | 'subjectId' | 'lineCode'>;

/** A line with the corrections on it: `adjustment` is their Σ points on the total. */
export type CorrectedLine = ScoreLine & { adjustment?: number; corrections?: LineCorrection[] };

/** What a correction changes in a subject's score (a fresh result or a stored row alike). */
export interface CorrectableScore {
  total: number;
  rating: Rating;
  lines: CorrectedLine[];
  dimensionAdjustments: Partial<Record<Dimension, number>>;
  flags: { consecutiveNeedsImprovement?: boolean };
}

export interface CorrectionHeader {
  /** The version an appeal or adjustment version copied (null: a scored version). */
  basedOn: number | null;
  /** Every correction in force in the version, oldest first. */
  items: ScoreCorrection[];
}

export function parseCorrectionHeader(json: string | null | undefined): CorrectionHeader {
  if (!json) return { basedOn: null, items: [] };
  return JSON.parse(json) as CorrectionHeader;
}

export function lineCodeOf(l: ScoreLine): string {
  return l.kind === 'indicator' ? l.indicatorCode : l.ruleCode;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const clamp = (x: number) => Math.min(100, Math.max(0, x));

/**
 * The score with one correction applied: the named line carries it (a rule line's points change
 * by `delta`; an indicator line, scored 0–100 on its own scale, keeps its points and shows the
 * `adjustment` to the total); the total moves by `delta` (clamped to 0–100) and the rating
 * follows it. A correction of the total, or of a line the score no longer has, is a line of its
 * own (`manual_adjustment`, `manual_adjustment_department`). The input is not changed.
 */
export function applyCorrection<T extends CorrectableScore>(score: T, c: ScoreCorrection, thresholds: { excellent: number; qualified: number }): T {
  const note: LineCorrection = {
    kind: c.kind,
    workflowId: c.workflowId,
    version: c.version,
    delta: c.delta,
    reasonCode: c.reasonCode,
    reason: c.reason,
    decision: c.decision,
    proposedBy: c.proposedBy,
    decidedBy: c.decidedBy,
  };
  const lines = score.lines.map((l) => ({ ...l }));
  let i = c.lineCode === null ? -1 : lines.findIndex((l) => lineCodeOf(l) === c.lineCode);
  if (i < 0) {
    const own = c.subjectType === 'department' ? 'manual_adjustment_department' : 'manual_adjustment';
    const explanation = c.lineCode === null ? `${c.kind} of the total` : `${c.kind} of the line ${c.lineCode}, which this version no longer has`;
    lines.push({ kind: c.delta < 0 ? 'penalty' : 'bonus', ruleCode: own, dimension: null, value: 0, points: 0, rating: null, n: 0, factIds: [], explanation });
    i = lines.length - 1;
  }
  const line = lines[i]!;
  if (line.kind !== 'indicator') {
    line.points = round2(line.points + c.delta);
    if (line.ruleCode === 'manual_adjustment' || line.ruleCode === 'manual_adjustment_department') line.value = round2(line.value + c.delta);
  }
  line.adjustment = round2((line.adjustment ?? 0) + c.delta);
  line.corrections = [...(line.corrections ?? []), note];
  const dimensionAdjustments = { ...score.dimensionAdjustments };
  if (line.dimension) dimensionAdjustments[line.dimension] = round2((dimensionAdjustments[line.dimension] ?? 0) + c.delta);
  const total = round2(clamp(score.total + c.delta));
  const rating: Rating = total >= thresholds.excellent ? 'excellent' : total >= thresholds.qualified ? 'qualified' : 'needs_improvement';
  // A streak of "needs improvement" ends when the corrected rating is no longer one.
  const flags = {
    ...score.flags,
    ...(score.flags.consecutiveNeedsImprovement && rating !== 'needs_improvement' ? { consecutiveNeedsImprovement: false } : {}),
  };
  return { ...score, lines, dimensionAdjustments, total, rating, flags };
}

/** The corrections of one subject, in order. */
export function correctionsOf(items: readonly ScoreCorrection[], subjectType: string, subjectId: string): ScoreCorrection[] {
  return items.filter((c) => c.subjectType === subjectType && c.subjectId === subjectId);
}
