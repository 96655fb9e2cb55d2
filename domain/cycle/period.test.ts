import { parsePeriod, periodContaining, previousPeriod } from './period';

describe('assessment periods (UTC+8)', () => {
  it('months, quarters and ISO weeks contain their instant', () => {
    expect(periodContaining('monthly', '2026-11-21T10:00:00Z')).toEqual({ cadence: 'monthly', label: '2026-11', start: '2026-10-31T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' });
    expect(periodContaining('monthly', '2026-11-30T17:00:00Z').label).toBe('2026-12'); // already December in Shanghai
    expect(periodContaining('quarterly', '2026-11-21T10:00:00Z')).toMatchObject({ label: '2026-Q4', start: '2026-09-30T16:00:00.000Z', end: '2026-12-31T16:00:00.000Z' });
    expect(periodContaining('weekly', '2026-11-21T10:00:00Z')).toMatchObject({ label: '2026-W47', start: '2026-11-15T16:00:00.000Z', end: '2026-11-22T16:00:00.000Z' });
    expect(periodContaining('weekly', '2027-01-01T04:00:00Z').label).toBe('2026-W53');
  });

  it('previous periods and labels round-trip', () => {
    expect(previousPeriod('monthly', '2026-12-01T00:30:00Z').label).toBe('2026-11');
    expect(previousPeriod('quarterly', '2027-01-01T01:00:00Z').label).toBe('2026-Q4');
    for (const l of ['2026-11', '2026-Q1', '2026-W01', '2026-W47', '2026-W53']) expect(parsePeriod(l)?.label).toBe(l);
    expect(parsePeriod('2025-W53')).toBeNull();
    expect(parsePeriod('2026-13')).toBeNull();
  });
});
