import { parsePeriod, periodContaining, periodsBefore, previousPeriod } from './period';

/** The period labelled `label`, from `start` to `end` (ISO instants). */
const span = (label: string, start: string, end: string) => ({ label, start, end });

describe('assessment periods (UTC+8)', () => {
  it('months, quarters and ISO weeks contain their instant', () => {
    expect(periodContaining('monthly', '2026-11-21T10:00:00Z')).toEqual({
      cadence: 'monthly',
      label: '2026-11',
      start: '2026-10-31T16:00:00.000Z',
      end: '2026-11-30T16:00:00.000Z',
    });
    expect(periodContaining('monthly', '2026-11-30T17:00:00Z').label).toBe('2026-12'); // already December in Shanghai
    expect(periodContaining('quarterly', '2026-11-21T10:00:00Z')).toMatchObject(span('2026-Q4', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'));
    expect(periodContaining('weekly', '2026-11-21T10:00:00Z')).toMatchObject(span('2026-W47', '2026-11-15T16:00:00.000Z', '2026-11-22T16:00:00.000Z'));
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

describe('the period a scheduled run scores, in the schedule’s own time zone', () => {
  const run = (cadence: 'weekly' | 'monthly' | 'quarterly', scheduledAt: string, tz: string) => previousPeriod(cadence, scheduledAt, tz);

  it('east of +08 (Pacific/Auckland, NZDT +13): the month that just ended, not the month before last', () => {
    // 1 December 00:30 in Auckland is still 30 November in Shanghai.
    expect(run('monthly', '2026-11-30T11:30:00Z', 'Pacific/Auckland')).toEqual({
      cadence: 'monthly',
      label: '2026-11',
      start: '2026-10-31T11:00:00.000Z',
      end: '2026-11-30T11:00:00.000Z',
    });
    expect(previousPeriod('monthly', '2026-11-30T11:30:00Z').label).toBe('2026-10'); // what a fixed +08:00 made of it
    // Year and quarter boundary: 1 January 2027 00:30 NZDT.
    expect(run('monthly', '2026-12-31T11:30:00Z', 'Pacific/Auckland')).toMatchObject(span('2026-12', '2026-11-30T11:00:00.000Z', '2026-12-31T11:00:00.000Z'));
    expect(run('quarterly', '2026-12-31T11:30:00Z', 'Pacific/Auckland')).toMatchObject(span('2026-Q4', '2026-09-30T11:00:00.000Z', '2026-12-31T11:00:00.000Z'));
    // ISO week 53 of 2026 ends on Monday 4 January 2027 in Auckland.
    expect(run('weekly', '2027-01-03T11:30:00Z', 'Pacific/Auckland')).toMatchObject(span('2026-W53', '2026-12-27T11:00:00.000Z', '2027-01-03T11:00:00.000Z'));
  });

  it('across a DST change the period runs from local midnight to local midnight (Auckland: +12 → +13 on 27 September)', () => {
    expect(run('monthly', '2026-09-30T11:30:00Z', 'Pacific/Auckland')).toMatchObject(span('2026-09', '2026-08-31T12:00:00.000Z', '2026-09-30T11:00:00.000Z'));
    expect(run('quarterly', '2026-09-30T11:30:00Z', 'Pacific/Auckland')).toMatchObject(span('2026-Q3', '2026-06-30T12:00:00.000Z', '2026-09-30T11:00:00.000Z'));
  });

  it('west of UTC (America/New_York, EDT → EST on 1 November 2026)', () => {
    // 1 November 00:30 EDT: October.
    expect(run('monthly', '2026-11-01T04:30:00Z', 'America/New_York')).toMatchObject(span('2026-10', '2026-10-01T04:00:00.000Z', '2026-11-01T04:00:00.000Z'));
    // 1 December 00:30 EST: November, 30 days and one hour long.
    expect(run('monthly', '2026-12-01T05:30:00Z', 'America/New_York')).toMatchObject(span('2026-11', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'));
    expect(run('quarterly', '2027-01-01T05:30:00Z', 'America/New_York')).toMatchObject(span('2026-Q4', '2026-10-01T04:00:00.000Z', '2027-01-01T05:00:00.000Z'));
    // The week that holds the change: Monday 26 October 00:00 EDT to Monday 2 November 00:00 EST.
    expect(run('weekly', '2026-11-02T05:30:00Z', 'America/New_York')).toMatchObject(span('2026-W44', '2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z'));
    // A run at 21:00 on 31 December in New York is already 2027 in UTC and Shanghai, still 2026-12 here.
    expect(periodContaining('monthly', '2027-01-01T02:00:00Z', 'America/New_York').label).toBe('2026-12');
  });

  it('UTC', () => {
    expect(run('monthly', '2026-12-01T00:30:00Z', 'UTC')).toEqual({
      cadence: 'monthly',
      label: '2026-11',
      start: '2026-11-01T00:00:00.000Z',
      end: '2026-12-01T00:00:00.000Z',
    });
    expect(run('quarterly', '2027-01-01T00:00:00Z', 'UTC')).toMatchObject(span('2026-Q4', '2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'));
    expect(run('weekly', '2026-01-05T00:00:00Z', 'UTC')).toMatchObject(span('2026-W01', '2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z'));
  });

  it('caught-up runs score the period of their scheduled time, each a different one', () => {
    const labels = ['2026-09-30T11:30:00Z', '2026-10-31T11:30:00Z', '2026-11-30T11:30:00Z'].map((t) => run('monthly', t, 'Pacific/Auckland').label);
    expect(labels).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('a fixed offset and its IANA zone agree; a zone’s labels parse back; the periods before one', () => {
    for (const t of ['2026-11-21T10:00:00Z', '2026-12-31T16:30:00Z', '2027-01-03T15:59:59Z']) {
      for (const c of ['weekly', 'monthly', 'quarterly'] as const) expect(periodContaining(c, t, 'Asia/Shanghai')).toEqual(periodContaining(c, t));
    }
    expect(parsePeriod('2026-11', 'Pacific/Auckland')).toMatchObject({ start: '2026-10-31T11:00:00.000Z', end: '2026-11-30T11:00:00.000Z' });
    expect(parsePeriod('2026-W53', 'America/New_York')).toMatchObject({ start: '2026-12-28T05:00:00.000Z', end: '2027-01-04T05:00:00.000Z' });
    expect(periodsBefore(parsePeriod('2027-01', 'UTC')!, 3, 'UTC').map((p) => p.label)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(periodsBefore(parsePeriod('2027-W01', 'UTC')!, 2, 'UTC').map((p) => p.label)).toEqual(['2026-W52', '2026-W53']);
  });

  it('a day whose midnight DST skips starts at its first instant (America/Santiago, 6 September 2026)', () => {
    // Chile springs forward at 24:00 on Saturday 5 September: Sunday starts at 01:00 -03.
    expect(periodContaining('weekly', '2026-09-07T12:00:00Z', 'America/Santiago')).toMatchObject({ label: '2026-W37', start: '2026-09-07T03:00:00.000Z' });
    expect(periodContaining('monthly', '2026-09-15T12:00:00Z', 'America/Santiago')).toMatchObject({
      start: '2026-09-01T04:00:00.000Z',
      end: '2026-10-01T03:00:00.000Z',
    });
  });
});
