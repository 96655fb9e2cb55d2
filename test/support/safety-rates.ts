/**
 * What a safety-rates figure (month or total) lists as `incidentIds`: the ids of the incidents
 * behind its recordable, lost-time and days-lost counts, in this order. Shared by the domain's
 * unit test (domain/incident/rates.test.ts) and the API's (test/integration/safety-rates.test.ts).
 */
export function incidentIds(recordable: { id: string }[], lostTime: { id: string }[], daysLost: { id: string }[]) {
  return {
    recordable: recordable.map((i) => i.id),
    lostTime: lostTime.map((i) => i.id),
    daysLost: daysLost.map((i) => i.id),
  };
}
