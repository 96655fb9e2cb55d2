import { auditorEntries } from '../support/histories';

/** The auditor's process entries of a recorded risk assessment (or measure), without what differs between two runs of the same path (times, IDs, durations). */
const entries = (fixture: string) => auditorEntries(fixture, /RiskAssessment:\S+/g);

describe('process history of a risk assessment written one step a transaction (patch risk-assessment-one-step)', () => {
  // Each pair: the same path through the process recorded before the patch (one activity a write) and after it.
  it.each([
    ['RiskAssessmentWorkflow-measure-children', 'RiskAssessmentWorkflow-one-step-full'],
    ['RiskMeasureWorkflow-rechecks', 'RiskMeasureWorkflow-one-step-passed'],
    ['RiskMeasureWorkflow-failed', 'RiskMeasureWorkflow-one-step-failed'],
    ['RiskAssessmentWorkflow-scheduled', 'RiskAssessmentWorkflow-one-step-scheduled'],
  ])('shows the auditor the entries of %s for %s', (before, after) => {
    expect(entries(after)).toEqual(entries(before));
  });

  it('shows the same entries for a department that missed its input (gap), apart from how far its ladder climbed before the recording', () => {
    // Both recorded while HR's task still climbs its ladder (a rung every 2 s): the rungs, their
    // timers, notices and clock updates depend on when the test recorded it; so does which of the
    // round's tasks (one due time) the renderer names for the round's own timer.
    const timed = /^(escalated|timer\.fired|sla\.fired) \||Overdue \(escalation|^step \| Record risk transition$/;
    const steady = (fixture: string) => entries(fixture).filter((e) => !timed.test(e));
    expect(steady('RiskAssessmentWorkflow-one-step-input-gap')).toEqual(steady('RiskAssessmentWorkflow-input-gap'));
    expect(steady('RiskAssessmentWorkflow-input-gap')).toEqual(
      expect.arrayContaining(['step | Gap (1 scoring fact recorded)', 'status | Inputs closed — status compiling']),
    );
  });
});
