import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { decodeHistory } from '../../api/processes/history-decoder';
import { renderProcessEvents } from '../../domain/process-history';

/** The auditor's process entries of a recorded emergency, without what differs between two runs of the same path (times, IDs, durations). */
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
        .replace(/Emergency:\S+/g, '<workflow>')
        .replace(/[\d.]+ (seconds?|minutes?)/g, '<duration>')
        .replace(/policy v\d+/, 'policy v<n>'),
    )
    .sort();
}

describe('process history of an emergency written one step a transaction (patch emergency-one-step)', () => {
  // Each pair: the same path through the process recorded before the patch (one activity a write) and after it.
  it.each([
    ['EmergencyWorkflow-drill', 'EmergencyWorkflow-one-step-drill'],
    ['EmergencyWorkflow-action-rechecks', 'EmergencyWorkflow-one-step-injuries'],
  ])('shows the auditor the entries of %s for %s', (before, after) => {
    expect(entries(after)).toEqual(entries(before));
  });
});
