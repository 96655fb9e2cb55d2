import { computeFindings, findingsText, formatSeconds, responsesFor } from './rules';
import { DEFAULT_POLICY } from '../policy';

describe('emergency findings', () => {
  const t0 = '2026-11-21T08:00:00.000Z';
  const at = (s: number) => new Date(Date.parse(t0) + s * 1000).toISOString();

  it('attributes late steps to their departments, measured from the alarm against the policy', () => {
    const f = computeFindings(
      DEFAULT_POLICY,
      t0,
      [
        { step: 'onSite', orgUnitId: 's', orgUnitName: 'Safety Department', doneAt: at(240) },
        { step: 'evacuation', orgUnitId: 'p', orgUnitName: 'Production Department', doneAt: at(600) },
        { step: 'cutOff', orgUnitId: 'e', orgUnitName: 'Equipment Department', doneAt: at(900) },
        { step: 'medical', orgUnitId: 'h', orgUnitName: 'Human Resources', doneAt: null },
      ],
      at(3600),
    );
    expect(f.map((x) => [x.orgUnitName, x.lateSeconds])).toEqual([
      ['Equipment Department', 300],
      ['Human Resources', 2700],
    ]);
    expect(f[0].text).toBe('Equipment Department: cut-off of the source 5 min late (15 min after the alarm, target 10 min)');
    expect(f[1].text).toMatch(/never completed/);
    expect(findingsText([])).toMatch(/met/);
  });

  it('formats durations and picks responses', () => {
    expect([formatSeconds(1.4), formatSeconds(65), formatSeconds(3780)]).toEqual(['1 s', '1 min 5 s', '1 h 3 min']);
    expect(responsesFor(false)).toEqual(['evacuation', 'cutOff']);
    expect(responsesFor(true)).toEqual(['evacuation', 'cutOff', 'medical']);
  });
});
