/** Number helpers of the scoring engine: rounding, clamping, one value per dimension. Pure. */
import type { Dimension } from './indicators';
import type { DimensionScores } from './types';

export function mapDims(f: (d: Dimension) => number): DimensionScores {
  return {
    compliance_execution: f('compliance_execution'),
    risk_control: f('risk_control'),
    emergency_response: f('emergency_response'),
    collaboration: f('collaboration'),
  };
}

export function clamp(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

/** 2 decimals, half away from zero, tolerant of binary noise (1.005 → 1.01). */
export function round2(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-7) / 100;
  return x < 0 && r !== 0 ? -r : r;
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
