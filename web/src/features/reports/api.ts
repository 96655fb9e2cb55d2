import type { SubjectType } from '../scores/api';
import { fetchFile } from '../../shared/api/core';
import { api, query } from '../../shared/api/http';

export type ExportFormat = 'xlsx' | 'csv';

/** The subject types a results export is made for. */
export const EXPORT_SUBJECT_TYPES = ['person', 'post', 'department'] as const satisfies readonly SubjectType[];

export type ExportSubjectType = (typeof EXPORT_SUBJECT_TYPES)[number];

export interface CollaborationRow {
  departmentId: string;
  departmentName: string;
  handoffsReceived: number;
  handoffsSent: number;
  completedOnTime: number;
  completedLate: number;
  openOverdue: number;
  /** 0–1. */
  onTimeRate: number | null;
  medianResponseHours: number | null;
  /** Where the handed-over tasks came from, most first. */
  fromDepartments: { departmentId: string; departmentName: string; count: number }[];
  hazardsClosed: number;
  hazardsClosedOnTime: number;
  /** 0–1: share of the department's people with a passed training in the month. */
  trainingParticipation: number | null;
  collaborationScore: number | null;
}

export interface CollaborationReport {
  period: string;
  from: string;
  to: string;
  generatedAt: string;
  items: CollaborationRow[];
}

/** A cycle's results as a file (a frozen snapshot: the published one unless `version` names another). */
export const downloadAssessmentResults = (q: { cycleId: string; version?: number; subjectType: ExportSubjectType; format: ExportFormat }) =>
  fetchFile(`/api/exports/assessment-results${query(q)}`, `safeloop-results.${q.format}`);

export const fetchCollaborationReport = (period: string) =>
  api<CollaborationReport>('GET', `/api/exports/collaboration-report${query({ period, format: 'json', download: 'false' })}`);

export const downloadCollaborationReport = (period: string, format: ExportFormat) =>
  fetchFile(`/api/exports/collaboration-report${query({ period, format })}`, `safeloop-collaboration-${period}.${format}`);
