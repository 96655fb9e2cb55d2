import { z } from 'zod';
import { INCIDENT_LEVELS, type IncidentConsequence, type IncidentKind, type IncidentLevel } from './constants';

/**
 * The incident part of the policy: SLAs of each step, the regulation's level thresholds and what
 * must be reported to the authority, as versioned data (workflows get it in their input). The
 * defaults follow 《生产安全事故报告和调查处理条例》 (国务院令第493号): levels by deaths, serious
 * injuries (incl. acute industrial poisoning) and direct economic loss; the unit reports to the
 * county-level authority within 1 hour. Durations in seconds so tests run them in seconds.
 */
const seconds = z
  .number()
  .int()
  .positive()
  .max(366 * 24 * 3600);

/** The least that puts an incident at a level: any one of the three reaches it. */
const LevelThreshold = z
  .object({
    level: z.enum(INCIDENT_LEVELS),
    minDeaths: z.number().int().min(0),
    minSeriousInjuries: z.number().int().min(0),
    minDirectLossYuan: z.number().min(0),
  })
  .strict();

export const IncidentPolicySchema = z
  .object({
    sla: z
      .object({
        /** The safety hub classifies a report within this. */
        classify: seconds,
        /** A reportable incident is reported to the authority within this (the regulation: 1 hour). */
        regulatoryReport: seconds,
        /** After a missed report deadline, the next rung of the ladder is told every this long. */
        regulatoryEscalateEvery: seconds,
        /** The investigation: a near miss, an incident below the reportable line, and per level. */
        investigation: z.object({ nearMiss: seconds, minor: seconds, general: seconds, larger: seconds, major: seconds, especially_major: seconds }).strict(),
        /** Responsibility determination after the investigation. */
        responsibility: seconds,
        /** Closing (lessons learned) once every action is verified. */
        close: seconds,
      })
      .strict(),
    /** Highest first: the first threshold any figure reaches gives the level; below them all, 一般. */
    levels: z.array(LevelThreshold).max(3),
    /** Reported to the authority (and "serious" for scoring: `incident.serious`) when any figure reaches its minimum. */
    reportable: z.object({ minDeaths: z.number().int().min(0), minSeriousInjuries: z.number().int().min(0), minDirectLossYuan: z.number().min(0) }).strict(),
  })
  .strict();
export type IncidentPolicy = z.infer<typeof IncidentPolicySchema>;

const HOUR = 3600;
const DAY = 24 * HOUR;

export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  sla: {
    classify: 2 * HOUR,
    regulatoryReport: HOUR,
    regulatoryEscalateEvery: HOUR / 2,
    investigation: { nearMiss: 7 * DAY, minor: 15 * DAY, general: 30 * DAY, larger: 60 * DAY, major: 60 * DAY, especially_major: 60 * DAY },
    responsibility: 7 * DAY,
    close: 3 * DAY,
  },
  levels: [
    { level: 'especially_major', minDeaths: 30, minSeriousInjuries: 100, minDirectLossYuan: 100_000_000 },
    { level: 'major', minDeaths: 10, minSeriousInjuries: 50, minDirectLossYuan: 50_000_000 },
    { level: 'larger', minDeaths: 3, minSeriousInjuries: 10, minDirectLossYuan: 10_000_000 },
  ],
  reportable: { minDeaths: 1, minSeriousInjuries: 1, minDirectLossYuan: 1_000_000 },
};

/** What the classification counted. */
export interface Casualties {
  deaths: number;
  seriousInjuries: number;
  directLossYuan: number;
}

const reaches = (c: Casualties, t: { minDeaths: number; minSeriousInjuries: number; minDirectLossYuan: number }) =>
  (t.minDeaths > 0 && c.deaths >= t.minDeaths) ||
  (t.minSeriousInjuries > 0 && c.seriousInjuries >= t.minSeriousInjuries) ||
  (t.minDirectLossYuan > 0 && c.directLossYuan >= t.minDirectLossYuan);

/** Whether the authority must be told (and the incident is serious for scoring). A near miss never is. */
export function isReportable(p: IncidentPolicy, kind: IncidentKind, c: Casualties): boolean {
  return kind === 'incident' && reaches(c, p.reportable);
}

/** The regulation's level of a reportable incident (null below the reportable line or for a near miss). */
export function incidentLevel(p: IncidentPolicy, kind: IncidentKind, c: Casualties): IncidentLevel | null {
  if (!isReportable(p, kind, c)) return null;
  return p.levels.find((t) => reaches(c, t))?.level ?? 'general';
}

/** The investigation's SLA for what was classified. */
export function investigationSla(p: IncidentPolicy, kind: IncidentKind, level: IncidentLevel | null): number {
  if (kind === 'near_miss') return p.sla.investigation.nearMiss;
  return level ? p.sla.investigation[level] : p.sla.investigation.minor;
}

/** Whether a consequence counts as recordable for TRIR; lost time and fatality also for LTIFR. */
export function isRecordable(c: IncidentConsequence): boolean {
  return c === 'medical_treatment' || c === 'lost_time' || c === 'fatality';
}
