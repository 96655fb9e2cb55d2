import { type Page, XLSX_TYPE } from '../../shared/api/core';
import { api, failure, id, parseJson, query, session } from '../../shared/api/http';

export interface InspectionTemplateItem {
  code: string;
  title: string;
  category: string | null;
  maxScore: number;
  /** Relative weight in the 0–100 total. */
  weight: number;
}

export interface InspectionTemplate {
  id: string;
  code: string;
  name: string;
  description: string | null;
  active: boolean;
  items: InspectionTemplateItem[];
  maxTotal: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface InspectionTemplateInput {
  code: string;
  name: string;
  description?: string | null;
  active?: boolean;
  items: { code: string; title: string; category?: string | null; maxScore: number; weight: number }[];
}

export interface InspectionSummary {
  id: string;
  templateId: string;
  templateCode: string;
  templateName: string;
  orgUnitId: string;
  orgUnitName: string;
  /** YYYY-MM-DD. */
  inspectedOn: string;
  inspectorPersonId: string | null;
  inspectorName: string | null;
  /** `items`: scored item by item; `total`: only a total was recorded. */
  mode: 'items' | 'total';
  /** 0–100: Σ weight × score / maxScore ÷ Σ weight × 100 over the applicable items. */
  score: number;
  remarks: string | null;
  revision: number;
  factId: string;
  recordedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface InspectionItemView extends InspectionTemplateItem {
  /** null: not applicable. */
  score: number | null;
  remark: string | null;
}

export interface InspectionDetail extends InspectionSummary {
  items: InspectionItemView[];
  /** The inspection.scored fact scoring reads. */
  fact: { id: string; kind: string; value: number | null; orgUnitId: string | null; departmentHeadPersonId: string | null; occurredAt: string } | null;
}

/** Either `items` (one per checklist item; score null = not applicable) or `total` (0–100). */
export interface InspectionInput {
  templateId: string;
  orgUnitId: string;
  inspectedOn: string;
  inspectorPersonId?: string | null;
  items?: { code: string; score: number | null; remark?: string | null }[];
  total?: number;
  remarks?: string | null;
}

export type InspectionFilter = {
  orgUnitId?: string;
  templateId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
};

export interface TrainingSummary {
  id: string;
  code: string | null;
  title: string;
  topic: string;
  orgUnitId: string;
  orgUnitName: string;
  /** YYYY-MM-DD. */
  heldOn: string;
  trainer: string;
  participants: number;
  /** Participants with a recorded result. */
  recorded: number;
  attended: number;
  passed: number;
  createdBy: string;
  createdAt: string;
}

export interface TrainingParticipantView {
  personId: string;
  name: string;
  employeeNo: string;
  orgUnitId: string;
  attended: boolean | null;
  passed: boolean | null;
  remark: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  /** The training.attended fact: 1 attended and passed, 0 absent or failed. */
  fact: { id: string; value: number | null; occurredAt: string } | null;
}

export interface TrainingDetail extends TrainingSummary {
  participantList: TrainingParticipantView[];
}

export interface NewTraining {
  trainingId: string;
  code?: string | null;
  title: string;
  topic: string;
  orgUnitId: string;
  heldOn: string;
  trainer: string;
  participantIds: string[];
}

export interface TrainingResultInput {
  personId: string;
  attended: boolean;
  passed: boolean;
  remark?: string | null;
}

export type TrainingFilter = {
  orgUnitId?: string;
  personId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
};

/** One problem of an import file: the row as the user sees it (header = 1; 0 = the file) and the column. */
export interface ImportProblem {
  row: number;
  column: string | null;
  message: string;
}

/** The answer of the CSV / xlsx imports: `ok` with counts, or (400) every problem and nothing written. */
export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
  /** Set on a rejected file. */
  error?: { code: string; message: string };
}

export const listInspectionTemplates = (opts: { active?: boolean; q?: string; page?: number; pageSize?: number } = {}) =>
  api<Page<InspectionTemplate>>('GET', `/api/inspections/templates${query({ ...opts, pageSize: opts.pageSize ?? 200 })}`);

export const fetchInspectionTemplate = (templateId: string) => api<InspectionTemplate>('GET', `/api/inspections/templates/${id(templateId)}`);

export const createInspectionTemplate = (templateId: string, body: InspectionTemplateInput) =>
  api<InspectionTemplate>('POST', '/api/inspections/templates', { templateId, ...body });

export const updateInspectionTemplate = (templateId: string, body: InspectionTemplateInput) =>
  api<InspectionTemplate>('PUT', `/api/inspections/templates/${id(templateId)}`, body);

export const listInspections = (filter: InspectionFilter) => api<Page<InspectionSummary>>('GET', `/api/inspections${query(filter)}`);

export const fetchInspection = (inspectionId: string) => api<InspectionDetail>('GET', `/api/inspections/${id(inspectionId)}`);

export const recordInspection = (inspectionId: string, body: InspectionInput) => api<InspectionDetail>('POST', '/api/inspections', { inspectionId, ...body });

export const correctInspection = (inspectionId: string, body: InspectionInput) => api<InspectionDetail>('PUT', `/api/inspections/${id(inspectionId)}`, body);

export const listTrainings = (filter: TrainingFilter) => api<Page<TrainingSummary>>('GET', `/api/trainings${query(filter)}`);

export const fetchTraining = (trainingId: string) => api<TrainingDetail>('GET', `/api/trainings/${id(trainingId)}`);

export const createTraining = (body: NewTraining) => api<TrainingDetail>('POST', '/api/trainings', body);

export const recordTrainingResults = (trainingId: string, results: TrainingResultInput[]) =>
  api<{ recorded: number; corrected: number; unchanged: number }>('PUT', `/api/trainings/${id(trainingId)}/results`, { results });

/**
 * Uploads a CSV or xlsx file to an import endpoint (`/api/inspections/import`, `/api/trainings/import`)
 * as the raw request body. A rejected file (400 with the row report) resolves with `ok: false` and
 * the problems; other failures throw.
 */
export async function uploadImport(path: string, file: File, dryRun: boolean): Promise<ImportReport> {
  const xlsx = /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;
  const token = session.token;
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': xlsx ? XLSX_TYPE : 'text/csv' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${path}${query({ format: xlsx ? 'xlsx' : 'csv', dryRun: dryRun ? 'true' : undefined })}`, { method: 'POST', headers, body: file });
  const data = parseJson(await res.text());
  if (res.status === 400 && Array.isArray((data as Partial<ImportReport> | undefined)?.errors)) return data as ImportReport;
  if (!res.ok) throw failure(res, data, !!token);
  return data as ImportReport;
}
