import type { Policy } from './policy';

/**
 * The risk matrix, without the policy's schemas: workflows import this (building zod schemas in
 * every workflow sandbox would cost each workflow start tens of milliseconds).
 */
export const RISK_LEVELS_MATRIX = ['low', 'medium', 'high', 'extreme'] as const;
export type RiskMatrixLevel = (typeof RISK_LEVELS_MATRIX)[number];

/** Risk matrix: likelihood × severity → level, and whether that makes a hazard major. */
export function assessRisk(policy: Policy, likelihood: number, severity: number): { score: number; level: RiskMatrixLevel; major: boolean } {
  const { size, bands, majorFrom } = policy.riskMatrix;
  for (const [name, v] of [
    ['likelihood', likelihood],
    ['severity', severity],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > size) throw new RangeError(`${name} must be an integer from 1 to ${size}`);
  }
  const score = likelihood * severity;
  const band = bands.find((b) => score <= b.maxScore) ?? bands[bands.length - 1];
  const rank = (l: RiskMatrixLevel) => RISK_LEVELS_MATRIX.indexOf(l);
  return { score, level: band.level, major: rank(band.level) >= rank(majorFrom) };
}
