import fs from 'node:fs';
import path from 'node:path';
import { auditorEntries } from '../support/histories';

/** The auditor's process entries of a recorded permit, without what differs between two runs of the same path (times, IDs, durations). */
const entries = (fixture: string) =>
  auditorEntries(fixture, /(Permit):\S+/g, (t) =>
    t
      // A permit's name and a suspension's reason are worded by the texts of the day the fixture was recorded.
      .replace(/: [^:]+ [A-Z]{2}-\d{8}-[0-9A-F]{6}/g, ': <permit>')
      .replace(/permit suspended \([^)]*\)/g, 'permit suspended (<reason>)'),
  );

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
