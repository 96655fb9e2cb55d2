import { fetchFile } from '../../shared/api/core';
import { client, dataOf, type Ok, type Query } from '../../shared/api/client';
import { query } from '../../shared/api/http';
import { listingEvery } from '../../shared/api/lists';

/** The file formats offered for download (the server also answers JSON). */
export type ExportFormat = Exclude<NonNullable<Query<'exportCollaborationReport'>['format']>, 'json'>;

/** The subject types a results export is made for. */
export type ExportSubjectType = NonNullable<Query<'exportAssessmentResults'>['subjectType']>;

export const EXPORT_SUBJECT_TYPES = listingEvery<ExportSubjectType>()(['person', 'post', 'department']);

/** The monthly collaboration report per department. */
export type CollaborationReport = Ok<'exportCollaborationReport'>;

/** A department's row: handoffs, on-time rate (0–1), median response, hazards closed, training participation (0–1), collaboration score. */
export type CollaborationRow = CollaborationReport['items'][number];

/** A cycle's results as a file (a frozen snapshot: the published one unless `version` names another). */
export const downloadAssessmentResults = (q: Query<'exportAssessmentResults'> & { subjectType: ExportSubjectType; format: ExportFormat }) =>
  fetchFile(`/api/exports/assessment-results${query(q)}`, `safeloop-results.${q.format}`);

/** The report inline: the route's JSON answer (its other media types are the downloads). */
export const fetchCollaborationReport = async (period: string): Promise<CollaborationReport> =>
  (await dataOf(client.GET('/api/exports/collaboration-report', { params: { query: { period, format: 'json', download: 'false' } } }))) as CollaborationReport;

export const downloadCollaborationReport = (period: string, format: ExportFormat) =>
  fetchFile(`/api/exports/collaboration-report${query({ period, format })}`, `safeloop-collaboration-${period}.${format}`);
