import { auditorEntries } from '../support/histories';

/** The auditor's process entries of a recorded emergency, without what differs between two runs of the same path (times, IDs, durations). */
const entries = (fixture: string) => auditorEntries(fixture, /Emergency:\S+/g);

describe('process history of an emergency written one step a transaction (patch emergency-one-step)', () => {
  // Each pair: the same path through the process recorded before the patch (one activity a write) and after it.
  it.each([
    ['EmergencyWorkflow-drill', 'EmergencyWorkflow-one-step-drill'],
    ['EmergencyWorkflow-action-rechecks', 'EmergencyWorkflow-one-step-injuries'],
  ])('shows the auditor the entries of %s for %s', (before, after) => {
    expect(entries(after)).toEqual(entries(before));
  });
});
