import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { decodeHistory } from '../../api/processes/history-decoder';
import { renderProcessEvents } from '../../domain/process-history';

/** The auditor's process entries of a recorded permit, without what differs between two runs of the same path (times, IDs, durations). */
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
        .replace(/(Permit):\S+/g, '<workflow>')
        // A permit's name and a suspension's reason are worded by the texts of the day the fixture was recorded.
        .replace(/: [^:]+ [A-Z]{2}-\d{8}-[0-9A-F]{6}/g, ': <permit>')
        .replace(/permit suspended \([^)]*\)/g, 'permit suspended (<reason>)')
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

describe('process history of a permit written one step a transaction (patch permit-one-step)', () => {
  // Each pair: the same path through the process recorded before the patch (one activity a write) and after it.
  it.each([
    ['PermitWorkflow-hot-work', 'PermitWorkflow-one-step-hot-work'],
    ['PermitWorkflow-confined-space-suspensions', 'PermitWorkflow-one-step-confined-space-suspensions'],
    ['PermitWorkflow-expiry-watch-escalation', 'PermitWorkflow-one-step-expiry-watch-escalation'],
  ])('shows the auditor the entries of %s for %s', (before, after) => {
    expect(finished(before) && finished(after)).toBe(true);
    expect(entries(after)).toEqual(entries(before));
  });

  it('shows the auditor the entries of PermitWorkflow-stale-gas-test for PermitWorkflow-one-step-stale-gas-test (both recorded once issued, the work not started)', () => {
    const [before, after] = ['PermitWorkflow-stale-gas-test', 'PermitWorkflow-one-step-stale-gas-test'];
    expect(finished(before) || finished(after)).toBe(false);
    expect(entries(after)).toEqual(entries(before));
  });
});
