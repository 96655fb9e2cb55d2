import { XLSX_TYPE } from '../../shared/api/core';
import { client, dataOf, type Body, type Query, type Schemas } from '../../shared/api/client';
import { failure, parseJson, query, session } from '../../shared/api/http';
import { present } from '../../shared/api/lists';
import type { InspectionTemplate } from '../../shared/api/types';

/** `weight`: relative weight in the 0–100 total. */
export type InspectionTemplateItem = Schemas['InspectionTemplate']['items'][number];

export type { InspectionTemplate };

export type InspectionTemplateInput = Body<'updateInspectionTemplate'>;

/**
 * `inspectedOn`: YYYY-MM-DD; `mode` items: scored item by item, total: only a total was recorded;
 * `score` 0–100: Σ weight × score / maxScore ÷ Σ weight × 100 over the applicable items.
 */
export type InspectionSummary = Schemas['InspectionSummary'];

/** `score` null: not applicable. */
export type InspectionItemView = Schemas['Inspection']['items'][number];

/** With `fact`, the inspection.scored fact scoring reads. */
export type InspectionDetail = Schemas['Inspection'];

/** Either `items` (one per checklist item; score null = not applicable) or `total` (0–100). */
export type InspectionInput = Body<'correctInspection'>;

export type InspectionFilter = Query<'listInspections'>;

/** `heldOn`: YYYY-MM-DD; `recorded`: participants with a recorded result. */
export type TrainingSummary = Schemas['TrainingSummary'];

/** `fact`: the training.attended fact, 1 attended and passed, 0 absent or failed. */
export type TrainingParticipantView = Schemas['Training']['participantList'][number];

export type TrainingDetail = Schemas['Training'];

export type NewTraining = Body<'createTraining'>;

export type TrainingResultInput = Body<'recordTrainingResults'>['results'][number];

export type TrainingFilter = Query<'listTrainings'>;

/** One problem of an import file: the row as the user sees it (header = 1; 0 = the file) and the column. */
export type ImportProblem = Schemas['ImportProblem'];

/** The answer of the CSV / xlsx imports: `ok` with counts, or (400) every problem and nothing written (then with `error`). */
export type ImportReport = Schemas['ImportReport'] & { error?: Pick<Schemas['Error']['error'], 'code' | 'message'> };

export const listInspectionTemplates = (opts: { active?: boolean; q?: string; page?: number; pageSize?: number } = {}) =>
  dataOf(
    client.GET('/api/inspections/templates', {
      params: {
        query: present({
          ...opts,
          active: opts.active === undefined ? undefined : opts.active ? ('true' as const) : ('false' as const),
          pageSize: opts.pageSize ?? 200,
        }),
      },
    }),
  );

export const createInspectionTemplate = (templateId: string, body: InspectionTemplateInput) =>
  dataOf(client.POST('/api/inspections/templates', { body: { templateId, ...body } }));

export const updateInspectionTemplate = (templateId: string, body: InspectionTemplateInput) =>
  dataOf(client.PUT('/api/inspections/templates/{id}', { params: { path: { id: templateId } }, body }));

export const listInspections = (filter: InspectionFilter) => dataOf(client.GET('/api/inspections', { params: { query: present(filter) } }));

export const fetchInspection = (inspectionId: string) => dataOf(client.GET('/api/inspections/{id}', { params: { path: { id: inspectionId } } }));

export const recordInspection = (inspectionId: string, body: InspectionInput) => dataOf(client.POST('/api/inspections', { body: { inspectionId, ...body } }));

export const correctInspection = (inspectionId: string, body: InspectionInput) =>
  dataOf(client.PUT('/api/inspections/{id}', { params: { path: { id: inspectionId } }, body }));

export const listTrainings = (filter: TrainingFilter) => dataOf(client.GET('/api/trainings', { params: { query: present(filter) } }));

export const fetchTraining = (trainingId: string) => dataOf(client.GET('/api/trainings/{id}', { params: { path: { id: trainingId } } }));

export const createTraining = (body: NewTraining) => dataOf(client.POST('/api/trainings', { body }));

export const recordTrainingResults = (trainingId: string, results: TrainingResultInput[]) =>
  dataOf(client.PUT('/api/trainings/{id}/results', { params: { path: { id: trainingId } }, body: { results } }));

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
