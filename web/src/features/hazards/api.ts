import { byId, byQuery, client, dataOf, type Body, type Ok, type Query, type Schemas } from '../../shared/api/client';
import { listingEvery } from '../../shared/api/lists';
import type { HazardSummary, Hazard } from '../../shared/api/types';

export type { HazardSummary, Hazard };

export type HazardCategory = HazardSummary['category'];

export const HAZARD_CATEGORIES = listingEvery<HazardCategory>()([
  'guarding',
  'electrical',
  'fire',
  'chemical',
  'housekeeping',
  'ppe',
  'lifting',
  'vehicle',
  'environment',
  'other',
]);

export type HazardStatus = HazardSummary['status'];

export const HAZARD_STATUSES = listingEvery<HazardStatus>()(['grading', 'acknowledging', 'rectifying', 'major_actions', 'verifying', 'closed', 'cancelled']);

export type SuspectedSeverity = Hazard['suspectedSeverity'];

/** A graded hazard's severity. */
export type HazardSeverity = NonNullable<HazardSummary['severity']>;

export type RiskLevel = NonNullable<HazardSummary['riskLevel']>;

/** One entry of a hazard's timeline; unknown types are shown by their raw name. */
export type HazardEvent = Schemas['HazardEvent'];

export type HazardDetail = Ok<'getHazard'>;

export type NewHazard = Body<'reportHazard'>;

export type HazardCreated = Ok<'reportHazard'>;

export type HazardFilter = Query<'listHazards'>;

export const createHazard = (body: NewHazard) => dataOf(client.POST('/api/hazards', { body }));

export const listHazards = (filter: HazardFilter) => dataOf(client.GET('/api/hazards', byQuery(filter)));

export const fetchHazard = (hazardId: string) => dataOf(client.GET('/api/hazards/{id}', byId(hazardId)));

/** `clientId` (newClientId()): the same for a retry of the same note, so it is recorded once. */
export const addHazardProgress = (hazardId: string, text: string, evidenceIds: string[], clientId: string) =>
  dataOf(client.POST('/api/hazards/{id}/progress', { ...byId(hazardId), body: { text, evidenceIds, clientId } }));

export const requestHazardExtension = (hazardId: string, newDueAt: string, reason: string, clientId: string) =>
  dataOf(client.POST('/api/hazards/{id}/extension', { ...byId(hazardId), body: { newDueAt, reason, clientId } }));

export const cancelHazard = (hazardId: string, reason: string, duplicateOf?: string) =>
  dataOf(client.POST('/api/hazards/{id}/cancel', { ...byId(hazardId), body: duplicateOf ? { reason, duplicateOf } : { reason } }));

export const reassignHazard = (hazardId: string, responsibleOrgUnitId: string, responsiblePersonId?: string) =>
  dataOf(
    client.POST('/api/hazards/{id}/reassign', {
      ...byId(hazardId),
      body: responsiblePersonId ? { responsibleOrgUnitId, responsiblePersonId } : { responsibleOrgUnitId },
    }),
  );
