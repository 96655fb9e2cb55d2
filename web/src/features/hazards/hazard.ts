import type { HazardSeverity, HazardStatus, RiskLevel, TaskView } from '../../shared/api';

/**
 * The default risk matrix of the policy (SPEC §3): score = likelihood × severity; low ≤ 4,
 * medium ≤ 9, high ≤ 16, extreme above; major from high. The server grades with the policy in
 * force; this is the preview the grading form shows while the safety officer types.
 */
const BANDS: { level: RiskLevel; maxScore: number }[] = [
  { level: 'low', maxScore: 4 },
  { level: 'medium', maxScore: 9 },
  { level: 'high', maxScore: 16 },
  { level: 'extreme', maxScore: Number.POSITIVE_INFINITY },
];

export function assessRisk(likelihood: number, severity: number): { score: number; level: RiskLevel; severity: HazardSeverity } {
  const score = likelihood * severity;
  const level = BANDS.find((b) => score <= b.maxScore)!.level;
  return { score, level, severity: level === 'high' || level === 'extreme' ? 'major' : 'general' };
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

export const OPEN_STATUSES: HazardStatus[] = ['grading', 'acknowledging', 'rectifying', 'major_actions', 'verifying'];

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
