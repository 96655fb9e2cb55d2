import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { decodeHistory } from '../../api/processes/history-decoder';
import { renderProcessEvents } from '../../domain/process-history';

/** The auditor's process entries of a recorded incident, without what differs between two runs of the same path (times, IDs, durations). */
function entries(fixture: string): string[] {
  const { history } = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/histories', `${fixture}.json`), 'utf8'));
  // Through the wire format: the JSON form keeps 64-bit times as strings, the decoder reads them as the SDK's longs.
  const { History } = temporal.api.history.v1;
  const events = decodeHistory(History.decode(History.encode(historyFromJSON(history)).finish()));
  return renderProcessEvents(events, { taskTitles: new Map(), unitNames: new Map() })
    .map((e) => `${e.kind} | ${e.text}`)
    .map((t) =>
      t
        .replace(/\d{1,2} \w{3} \d{4}, \d\d:\d\d/g, '<time>')
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
        .replace(/(Incident|CorrectiveAction|SafetyNotice):\S+/g, '<workflow>')
        .replace(/[\d.]+ (seconds?|minutes?|hours?)/g, '<duration>')
        .replace(/policy v\d+/, 'policy v<n>'),
    )
    .sort();
}

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
