import { byId, client, dataOf, type Ok } from '../../shared/api/client';

/** What followed an emergency: the incidents reported from it and its improvement actions under effectiveness re-checks, with their tasks. */
export type EmergencyFollowUps = Ok<'getEmergencyFollowUps'>;

export const fetchEmergencyFollowUps = (emergencyId: string) => dataOf(client.GET('/api/emergencies/{id}/follow-ups', byId(emergencyId)));
