import fs from 'node:fs';
import path from 'node:path';
import { auditorEntries } from '../support/histories';

/** The auditor's process entries of a recorded incident, without what differs between two runs of the same path (times, IDs, durations). */
const entries = (fixture: string) => auditorEntries(fixture, /(Incident|CorrectiveAction|SafetyNotice):\S+/g);

/** Whether the fixture holds the process's end (the older fixtures of two paths were recorded once the projection said closed, before the workflow's last commands). */
function finished(fixture: string): boolean {
  const { history } = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/histories', `${fixture}.json`), 'utf8'));
  return (history.events as { eventType: string }[]).some((e) => /^EVENT_TYPE_WORKFLOW_EXECUTION_(COMPLETED|CANCELED)$/.test(e.eventType));
}

describe('process history of an incident written one step a transaction (patch incident-one-step)', () => {
  // Each pair: the same path through the process recorded before the patch (one activity a write) and after it.
  it.each([
    ['IncidentWorkflow', 'IncidentWorkflow-one-step'],
    ['IncidentWorkflow-near-miss', 'IncidentWorkflow-one-step-near-miss'],
    ['IncidentWorkflow-not-reportable', 'IncidentWorkflow-one-step-not-reportable'],
    ['IncidentWorkflow-cancelled', 'IncidentWorkflow-one-step-cancelled'],
  ])('shows the auditor the entries of %s for %s', (before, after) => {
    const shown = entries(after);
    expect(finished(after)).toBe(true);
    if (!finished(before)) {
      // Recorded before the process ended: it lacks at most the process's last step after the closed
      // transition (the reporter's notice, which the one-step shape writes with it) and its end.
      const tail = (e: string) => e === 'completed | Process completed' || /^notified \| Notified \(info\): Closed: /.test(e);
      expect(shown.filter(tail).length).toBeGreaterThan(0);
      expect(shown.filter((e) => !tail(e))).toEqual(entries(before).filter((e) => !tail(e)));
      return;
    }
    expect(shown).toEqual(entries(before));
  });
});
