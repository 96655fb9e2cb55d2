import { type HazardSeverity, type HazardStatus, type RiskLevel, type TaskView } from '../../shared/api';
import type { Schemas } from '../../shared/api/client';
import { listingEvery } from '../../shared/api/lists';

/** A risk matrix as the policy defines it: score = likelihood × severity, levelled by ascending bands; major from a level up. */
type PolicyMatrix = Schemas['PolicyVersion']['document']['riskMatrix'];
/** (A risk assessment's tasks carry only the bands: they level, and never split major from general.) */
export type RiskMatrix = Pick<PolicyMatrix, 'bands'> & Partial<Pick<PolicyMatrix, 'majorFrom'>>;

const LEVEL_ORDER = listingEvery<RiskLevel>()(['low', 'medium', 'high', 'extreme']);
const isLevel = (v: unknown): v is RiskLevel => typeof v === 'string' && (LEVEL_ORDER as readonly string[]).includes(v);

/**
 * The matrix a task's process grades with, read defensively from its context (`riskMatrix`, or a
 * risk assessment's `bands`); null for a task created before processes sent it (no preview then:
 * the server grades with its policy, and the web keeps no copy of the policy's default).
 */
export function riskMatrixOf(context: Record<string, unknown> | null | undefined): RiskMatrix | null {
  const m = (context?.riskMatrix ?? context) as { bands?: unknown; majorFrom?: unknown } | undefined;
  const bands = Array.isArray(m?.bands)
    ? (m.bands as unknown[]).filter((b): b is { level: RiskLevel; maxScore: number } => {
        const x = b as { level?: unknown; maxScore?: unknown } | null;
        return !!x && isLevel(x.level) && typeof x.maxScore === 'number';
      })
    : [];
  if (bands.length < 2) return null;
  return isLevel(m?.majorFrom) ? { bands, majorFrom: m.majorFrom } : { bands };
}

/** The grade's preview while the officer chooses: the server grades with the same matrix (the one in the task). */
export function assessRisk(likelihood: number, severity: number, matrix: RiskMatrix): { score: number; level: RiskLevel; severity: HazardSeverity } {
  const score = likelihood * severity;
  const level = (matrix.bands.find((b) => score <= b.maxScore) ?? matrix.bands[matrix.bands.length - 1]).level;
  return { score, level, severity: matrix.majorFrom && LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(matrix.majorFrom) ? 'major' : 'general' };
}

export const RISK_COLORS: Record<RiskLevel, string> = { low: 'green', medium: 'gold', high: 'orange', extreme: 'red' };

export const STATUS_COLORS: Record<HazardStatus, string> = {
  grading: 'purple',
  acknowledging: 'geekblue',
  rectifying: 'blue',
  major_actions: 'volcano',
  verifying: 'cyan',
  closed: 'green',
  cancelled: 'default',
};

/** The statuses of a process still under way (all but closed and cancelled). */
export const OPEN_STATUSES: readonly HazardStatus[] = listingEvery<Exclude<HazardStatus, 'closed' | 'cancelled'>>()([
  'grading',
  'acknowledging',
  'rectifying',
  'major_actions',
  'verifying',
]);

/** A v4 UUID; crypto.randomUUID needs a secure context, so plain-http LAN deployments get the fallback. */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "3 d 04:05:06" / "04:05:06" for a duration in ms (sign ignored). */
export function formatDuration(ms: number, dayUnit: string): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  const hms = [Math.floor((total % 86400) / 3600), Math.floor((total % 3600) / 60), total % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${d} ${dayUnit} ${hms}` : hms;
}

/** The hazard a task belongs to (its workflow is `Hazard:<id>`), for a link to its page. */
export function hazardIdOf(task: Pick<TaskView, 'processType' | 'workflowId'>): string | null {
  return task.processType === 'hazard' && task.workflowId.startsWith('Hazard:') ? task.workflowId.slice('Hazard:'.length) : null;
}

/** The emergency a task belongs to (its workflow is `Emergency:<id>`), for a link to its command view. */
export function emergencyIdOf(task: Pick<TaskView, 'processType' | 'workflowId'>): string | null {
  return task.processType === 'emergency' && task.workflowId.startsWith('Emergency:') ? task.workflowId.slice('Emergency:'.length) : null;
}
