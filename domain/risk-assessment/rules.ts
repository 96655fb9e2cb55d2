import type { Policy } from '../policy';
import { assessRisk, RISK_LEVELS_MATRIX, type RiskMatrixLevel } from '../risk-matrix';

/**
 * Joint risk assessment (联合风险评估) rules shared by the workflow, the API and the UI: who
 * gives which input, the register's item keys and levels (the policy's risk matrix), the
 * heat map, and the month-to-month comparison of two registers. Pure and deterministic.
 */

/** The departments that give input in parallel; each a plant department function. */
export const RISK_INPUT_DEPARTMENTS = ['production', 'equipment', 'hr'] as const;
export type RiskInputDepartment = (typeof RISK_INPUT_DEPARTMENTS)[number];

export interface RiskItemInput {
  /** Stable identity across months; derived from the title when not given. */
  key?: string;
  title: string;
  /** Where the risk comes from (process, equipment, people, environment…). */
  source: string;
  likelihood: number;
  severity: number;
  /** The department that owns the risk (default owner of its control measures). */
  ownerOrgUnitId: string;
}

export interface RiskItem extends Required<RiskItemInput> {
  score: number;
  level: RiskMatrixLevel;
}

/** A key that survives small edits of wording: lower-case words joined by dashes. */
export function riskKey(title: string): string {
  const k = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return k || 'item';
}

/** Levels every item with the policy's matrix; keys are made unique in order (a-2, a-3…). */
export function levelItems(policy: Policy, items: RiskItemInput[]): RiskItem[] {
  const seen = new Map<string, number>();
  return items.map((i) => {
    let key = riskKey(i.key?.trim() ? i.key : i.title);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key = `${key}-${n}`;
    const r = assessRisk(policy, i.likelihood, i.severity);
    return {
      key,
      title: i.title,
      source: i.source,
      likelihood: i.likelihood,
      severity: i.severity,
      ownerOrgUnitId: i.ownerOrgUnitId,
      score: r.score,
      level: r.level,
    };
  });
}

/** Counts per cell of the likelihood × severity matrix (`cells[l-1][s-1]`), with each cell's level. */
export function heatMap(
  policy: Policy,
  items: Pick<RiskItem, 'likelihood' | 'severity'>[],
): { size: number; cells: { likelihood: number; severity: number; count: number; level: RiskMatrixLevel }[][] } {
  const size = policy.riskMatrix.size;
  const cells = Array.from({ length: size }, (_, l) =>
    Array.from({ length: size }, (_, s) => ({ likelihood: l + 1, severity: s + 1, count: 0, level: assessRisk(policy, l + 1, s + 1).level })),
  );
  for (const i of items)
    if (i.likelihood >= 1 && i.likelihood <= size && i.severity >= 1 && i.severity <= size) cells[i.likelihood - 1][i.severity - 1].count++;
  return { size, cells };
}

export type RiskChange = 'new' | 'removed' | 'raised' | 'lowered' | 'unchanged';

export interface RiskComparison {
  key: string;
  title: string;
  change: RiskChange;
  before: Pick<RiskItem, 'likelihood' | 'severity' | 'score' | 'level'> | null;
  after: Pick<RiskItem, 'likelihood' | 'severity' | 'score' | 'level'> | null;
}

/** This register against an earlier one, item by item (by key): new, removed, raised, lowered, unchanged. */
export function compareRegisters(previous: RiskItem[], current: RiskItem[]): RiskComparison[] {
  const pick = (i: RiskItem) => ({ likelihood: i.likelihood, severity: i.severity, score: i.score, level: i.level });
  const before = new Map(previous.map((i) => [i.key, i]));
  const out: RiskComparison[] = current.map((c) => {
    const p = before.get(c.key);
    if (!p) return { key: c.key, title: c.title, change: 'new', before: null, after: pick(c) };
    const rank = (i: RiskItem) => RISK_LEVELS_MATRIX.indexOf(i.level) * 1000 + i.score;
    const change: RiskChange = rank(c) > rank(p) ? 'raised' : rank(c) < rank(p) ? 'lowered' : 'unchanged';
    return { key: c.key, title: c.title, change, before: pick(p), after: pick(c) };
  });
  const now = new Set(current.map((i) => i.key));
  for (const p of previous) if (!now.has(p.key)) out.push({ key: p.key, title: p.title, change: 'removed', before: pick(p), after: null });
  return out;
}

/** The verification of a control plan is due this long after the plan's last due date. */
export function verificationDueAt(policy: Policy, measureDueDates: string[]): string {
  const last = Math.max(...measureDueDates.map((d) => Date.parse(d)));
  return new Date(last + policy.sla.riskVerification * 1000).toISOString();
}
