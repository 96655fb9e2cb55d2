import { client, dataOf, type Body, type Ok, type Query } from '../../shared/api/client';
import { listingEvery, present } from '../../shared/api/lists';
import type { IncidentSummary, IncidentLive, CorrectiveAction } from '../../shared/api/types';

export type { IncidentSummary, IncidentLive, CorrectiveAction };

export type IncidentKind = IncidentSummary['kind'];

export const INCIDENT_KINDS = listingEvery<IncidentKind>()(['incident', 'near_miss']);

export type IncidentStatus = IncidentSummary['status'];

export const INCIDENT_STATUSES = listingEvery<IncidentStatus>()(['classifying', 'investigating', 'determining', 'actions', 'closing', 'closed', 'cancelled']);

export type IncidentCategory = NonNullable<IncidentSummary['category']>;

export const INCIDENT_CATEGORIES = listingEvery<IncidentCategory>()([
  'struck_by_object',
  'vehicle',
  'machinery',
  'lifting',
  'electric_shock',
  'drowning',
  'burn_scald',
  'fire',
  'fall_from_height',
  'collapse',
  'roof_fall',
  'water_inrush',
  'blasting',
  'explosive_explosion',
  'gas_explosion',
  'boiler_explosion',
  'vessel_explosion',
  'other_explosion',
  'poisoning_asphyxiation',
  'other_injury',
]);

export type IncidentConsequence = NonNullable<IncidentSummary['consequence']>;

export const INCIDENT_CONSEQUENCES = listingEvery<IncidentConsequence>()(['none', 'first_aid', 'medical_treatment', 'lost_time', 'fatality']);

export type IncidentLevel = NonNullable<IncidentSummary['level']>;

export type IncidentDetail = Ok<'getIncident'>;

export type IncidentInvestigation = NonNullable<IncidentDetail['investigation']>;

export type FishboneCategory = IncidentInvestigation['fishbone'][number]['category'];

export const FISHBONE_CATEGORIES = listingEvery<FishboneCategory>()(['man', 'machine', 'material', 'method', 'environment', 'management']);

export type IncidentReceipt = Ok<'getIncidentReceipt'>;

export type IncidentReported = Ok<'reportIncident'>;

export type NewIncident = Body<'reportIncident'>;

export type NewAnonymousNearMiss = Body<'reportNearMissAnonymously'>;

export type IncidentFilter = Query<'listIncidents'>;

export const reportIncident = (body: NewIncident) => dataOf(client.POST('/api/incidents', { body }));

/** No reporter identity is stored: the receipt code (chosen here) is the only way back to the report. */
export const reportNearMissAnonymously = (body: NewAnonymousNearMiss) => dataOf(client.POST('/api/incidents/anonymous', { body }));

export const listIncidents = (filter: IncidentFilter) => dataOf(client.GET('/api/incidents', { params: { query: present(filter) } }));

export const fetchIncident = (incidentId: string) => dataOf(client.GET('/api/incidents/{id}', { params: { path: { id: incidentId } } }));

export const fetchIncidentReceipt = (code: string) => dataOf(client.GET('/api/incidents/receipt/{code}', { params: { path: { code } } }));
