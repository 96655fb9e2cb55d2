import { applyCorrection, type CorrectableScore, type ScoreCorrection } from './corrections';
import { overduePenalty } from './fixtures';

const thresholds = { excellent: 90, qualified: 60 };
/** A person with one hazard overdue 5 days under the default ruleset: −25 capped at −20 → 80, qualified. */
const at80 = (): CorrectableScore => ({
  total: 80,
  rating: 'qualified',
  lines: [
    overduePenalty(['f1', 'f2', 'f3', 'f4', 'f5'], '5 overdue days x -5 = -25, capped at -20'),
    {
      kind: 'indicator',
      indicatorCode: 'guard_intact_rate',
      dimension: 'compliance_execution',
      custom: false,
      value: 50,
      points: 40,
      rating: 'needs_improvement',
      n: 4,
      weight: 0.1,
      factIds: ['g1'],
      explanation: 'x',
    },
  ],
  dimensionAdjustments: { risk_control: -20 },
  flags: { consecutiveNeedsImprovement: false },
});
const appeal = (over: Partial<ScoreCorrection> = {}): ScoreCorrection => ({
  kind: 'appeal',
  workflowId: 'Appeal:a1',
  version: 2,
  subjectType: 'person',
  subjectId: 'p1',
  lineCode: 'hazard_overdue',
  delta: 3,
  reasonCode: 'appeal',
  reason: 'Two of the days the hazard was with another department',
  decision: 'Reassignment record confirms it',
  proposedBy: 'employee',
  decidedBy: 'head.production',
  ...over,
});

describe('corrections: an appeal or adjustment changes exactly what it says', () => {
  it('an appeal accepted with +3 on the overdue line of a person at 80 gives 83, on that line, with its reason and decision beside it; the input is unchanged', () => {
    const before = at80();
    const frozen = JSON.stringify(before);
    const after = applyCorrection(before, appeal(), thresholds);
    expect(after.total).toBe(83);
    expect(after.rating).toBe('qualified');
    expect(after.lines).toHaveLength(2);
    expect(after.lines[0]).toMatchObject({ ruleCode: 'hazard_overdue', points: -17, adjustment: 3, n: 5, factIds: ['f1', 'f2', 'f3', 'f4', 'f5'] });
    // The line records the decision as it was made: the appeal without what locates it (subject and line).
    const { subjectType: _subjectType, subjectId: _subjectId, lineCode: _lineCode, ...recorded } = appeal();
    expect(after.lines[0]!.corrections).toEqual([recorded]);
    expect(after.lines[1]).toEqual(before.lines[1]);
    expect(after.dimensionAdjustments).toEqual({ risk_control: -17 });
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('an indicator line keeps its own 0–100 points and shows the adjustment to the total; a second correction adds up', () => {
    const once = applyCorrection(at80(), appeal({ lineCode: 'guard_intact_rate', delta: 5 }), thresholds);
    const twice = applyCorrection(once, appeal({ workflowId: 'Appeal:a2', version: 3, lineCode: 'guard_intact_rate', delta: 6 }), thresholds);
    expect(twice.lines[1]).toMatchObject({ indicatorCode: 'guard_intact_rate', points: 40, adjustment: 11 });
    expect(twice.lines[1]!.corrections!.map((c) => c.workflowId)).toEqual(['Appeal:a1', 'Appeal:a2']);
    expect([twice.total, twice.rating]).toEqual([91, 'excellent']);
    expect(twice.dimensionAdjustments.compliance_execution).toBe(11);
  });

  it('a correction of the total is a line of its own; the total stays within 0–100 and the rating follows it', () => {
    const r = applyCorrection(at80(), appeal({ kind: 'adjustment', workflowId: 'Adjustment:x', lineCode: null, delta: -30 }), thresholds);
    expect(r.lines[2]).toMatchObject({ kind: 'penalty', ruleCode: 'manual_adjustment', points: -30, adjustment: -30, dimension: null });
    expect([r.total, r.rating]).toEqual([50, 'needs_improvement']);
    expect(applyCorrection(at80(), appeal({ lineCode: null, delta: 40 }), thresholds).total).toBe(100);
    const dept = applyCorrection(at80(), appeal({ subjectType: 'department', lineCode: null, delta: 2 }), thresholds);
    expect(dept.lines[2]).toMatchObject({ kind: 'bonus', ruleCode: 'manual_adjustment_department', points: 2 });
  });

  it('a "needs improvement" streak ends when the corrected rating is no longer one', () => {
    const low = { ...at80(), total: 58, rating: 'needs_improvement' as const, flags: { consecutiveNeedsImprovement: true } };
    expect(applyCorrection(low, appeal(), thresholds).flags.consecutiveNeedsImprovement).toBe(false);
    expect(applyCorrection(low, appeal({ delta: 1 }), thresholds).flags.consecutiveNeedsImprovement).toBe(true);
  });
});
