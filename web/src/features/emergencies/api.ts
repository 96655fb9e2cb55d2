import { client, dataOf, type Body, type Ok, type Query, type Schemas } from '../../shared/api/client';
import { listingEvery, present } from '../../shared/api/lists';
import type { EmergencySummary, Emergency, EmergencyLive } from '../../shared/api/types';

export type { EmergencySummary, Emergency, EmergencyLive };

export type EmergencyType = EmergencySummary['type'];

export const EMERGENCY_TYPES = listingEvery<EmergencyType>()(['gas_leak', 'fire', 'chemical_spill', 'injury', 'power_failure', 'other']);

export type EmergencyStatus = EmergencySummary['status'];

export const EMERGENCY_STATUSES = listingEvery<EmergencyStatus>()(['acknowledging', 'responding', 'reviewing', 'improving', 'closed']);

/** A response of the process: evacuation, cut-off of the source, medical liaison (only when someone is injured). */
export type EmergencyResponse = EmergencyLive['responses'][number];

/** The parallel response tasks; `medical` only when someone is injured. */
export type ResponseKind = EmergencyResponse['kind'];

export const RESPONSE_KINDS = listingEvery<ResponseKind>()(['evacuation', 'cutOff', 'medical']);

export type EmergencyFinding = EmergencyLive['findings'][number];

/** One entry of an emergency's timeline; unknown types are shown by their raw name. */
export type EmergencyEvent = Schemas['EmergencyEvent'];

export type EmergencyDetail = Ok<'getEmergency'>;

export type NewEmergency = Body<'raiseEmergency'>;

export type EmergencyCreated = Ok<'raiseEmergency'>;

export type EmergencyFilter = Query<'listEmergencies'>;

export const raiseEmergency = (body: NewEmergency) => dataOf(client.POST('/api/emergencies', { body }));

export const listEmergencies = (filter: EmergencyFilter) => dataOf(client.GET('/api/emergencies', { params: { query: present(filter) } }));

export const fetchEmergency = (emergencyId: string) => dataOf(client.GET('/api/emergencies/{id}', { params: { path: { id: emergencyId } } }));

/** A progress note; `response` names the response it is about (default: the caller's department's). */
export const addEmergencyProgress = (emergencyId: string, text: string, response: ResponseKind | undefined, clientId: string) =>
  dataOf(
    client.POST('/api/emergencies/{id}/progress', {
      params: { path: { id: emergencyId } },
      body: response ? { text, response, clientId } : { text, clientId },
    }),
  );
