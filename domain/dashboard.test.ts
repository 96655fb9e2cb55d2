import fc from 'fast-check';
import {
  bucketIndex,
  buckets,
  change,
  defaultPeriod,
  departmentsOf,
  KPI_META,
  KPI_NAMES,
  kpiValue,
  mean,
  median,
  parseInstant,
  percentile,
  periodIssue,
  previousPeriod,
  processLink,
  rank,
  rate,
} from './dashboard';

const DAY = 86_400_000;
const d = (s: string) => new Date(s);

describe('dashboard figures', () => {
  it('rates, means and KPI values; nothing to divide by is null', () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(0, 0)).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
    expect(kpiValue('ratio', 2, 4)).toBe(0.5);
    expect(kpiValue('mean', 552, 3)).toBe(184);
    expect(kpiValue('per100', 2, 12)).toBeCloseTo(16.6667, 4);
    expect(kpiValue('count', 7, null)).toBe(7);
    expect(kpiValue('ratio', 0, 0)).toBeNull();
    expect(change(0.5, 1 / 3)).toBeCloseTo(1 / 6, 10);
    expect(change(null, 1)).toBeNull();
  });

  it('medians and percentiles interpolate between closest ranks', () => {
    expect(median([48, 24, 480])).toBe(48);
    expect(median([4, 10])).toBe(7);
    expect(median([])).toBeNull();
    expect(percentile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5], 100)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5], 95)).toBeCloseTo(4.8, 10);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('a median has as many values at or below it as at or above it, within the range', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), (xs) => {
        const m = median(xs)!;
        const below = xs.filter((x) => x <= m).length;
        const above = xs.filter((x) => x >= m).length;
        return below >= xs.length / 2 && above >= xs.length / 2 && m >= Math.min(...xs) && m <= Math.max(...xs);
      }),
    );
  });

  it('percentiles are monotonic in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (xs, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          return percentile(xs, lo)! <= percentile(xs, hi)!;
        },
      ),
    );
  });

  it('every KPI is described once, with the parts its kind needs', () => {
    expect(Object.keys(KPI_META).sort()).toEqual([...KPI_NAMES].sort());
    for (const k of KPI_NAMES) expect(KPI_META[k].kind === 'count').toBe(KPI_META[k].denominator === null);
  });
});

describe('dashboard periods (UTC+8)', () => {
  it('parses days as midnight in the offset and instants as given; rejects the rest', () => {
    expect(parseInstant('2025-03-01')?.toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(parseInstant('2025-03-01', 0)?.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(parseInstant('2025-03-01T10:00:00+08:00')?.toISOString()).toBe('2025-03-01T02:00:00.000Z');
    expect(parseInstant('2025-03-01T10:00Z')?.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    for (const bad of ['2025-02-30', '2025-13-01', '2025-03-01T10:00', 'yesterday', '1741000000']) expect(parseInstant(bad)).toBeNull();
  });

  it('the previous period has the same length and ends where the period starts', () => {
    const p = { from: d('2025-02-28T16:00:00Z'), to: d('2025-03-31T16:00:00Z') };
    expect(previousPeriod(p)).toEqual({ from: d('2025-01-28T16:00:00Z'), to: p.from });
  });

  it('the default period is the twelve months ending with the current one', () => {
    expect(defaultPeriod(d('2026-11-21T10:00:00Z'))).toEqual({ from: d('2025-11-30T16:00:00Z'), to: d('2026-11-30T16:00:00Z') });
    expect(defaultPeriod(d('2026-11-30T17:00:00Z')).to).toEqual(d('2026-12-31T16:00:00Z')); // already December in Shanghai
  });

  it('rejects empty, reversed and over-long periods with the field at fault', () => {
    expect(periodIssue({ from: d('2025-03-01T00:00:00Z'), to: d('2025-03-01T00:00:00Z') })).toEqual({ field: 'to', message: 'must be later than from' });
    expect(periodIssue({ from: d('2022-01-01T00:00:00Z'), to: d('2025-03-01T00:00:00Z') })?.field).toBe('from');
    expect(periodIssue({ from: d('2022-03-01T00:00:00Z'), to: d('2025-03-01T00:00:00Z') })).toBeNull();
  });

  it('months and ISO weeks in the offset, clipped to the period', () => {
    const p = { from: parseInstant('2025-01-15')!, to: parseInstant('2025-04-01')! };
    expect(buckets(p, 'month').map((b) => [b.label, b.from.toISOString(), b.to.toISOString()])).toEqual([
      ['2025-01', '2025-01-14T16:00:00.000Z', '2025-01-31T16:00:00.000Z'],
      ['2025-02', '2025-01-31T16:00:00.000Z', '2025-02-28T16:00:00.000Z'],
      ['2025-03', '2025-02-28T16:00:00.000Z', '2025-03-31T16:00:00.000Z'],
    ]);
    const w = buckets({ from: parseInstant('2026-12-28')!, to: parseInstant('2027-01-13')! }, 'week');
    expect(w.map((b) => b.label)).toEqual(['2026-W53', '2027-W01', '2027-W02']);
    expect(w[0].from.toISOString()).toBe('2026-12-27T16:00:00.000Z'); // Monday 00:00 in Shanghai
    expect(w[2].to.toISOString()).toBe('2027-01-12T16:00:00.000Z'); // clipped
  });

  it('buckets tile the period exactly: every instant falls in exactly one', () => {
    const instant = fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01') });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 400 * DAY }),
        fc.constantFrom('month' as const, 'week' as const),
        fc.integer({ min: -720, max: 840 }),
        fc.integer({ min: 0, max: 1000 }),
        (from, len, g, offset, at) => {
          const p = { from: new Date(from), to: new Date(from + len) };
          const bs = buckets(p, g, offset);
          if (bs[0].from.getTime() !== from || bs[bs.length - 1].to.getTime() !== from + len) return false;
          for (let i = 1; i < bs.length; i++) if (bs[i].from.getTime() !== bs[i - 1].to.getTime() || bs[i].from >= bs[i].to) return false;
          const t = new Date(from + Math.floor((len * at) / 1001));
          return bs.filter((b) => b.from <= t && t < b.to).length === 1 && bucketIndex(bs, t) >= 0;
        },
      ),
    );
  });
});

describe('dashboard organisation and rankings', () => {
  it('a unit belongs to its department; units above departments stand for themselves', () => {
    const u = (id: string, kind: string, path: string) => ({ id, kind, path });
    const m = departmentsOf([
      u('g', 'group', '/g/'),
      u('p', 'plant', '/g/p/'),
      u('d', 'department', '/g/p/d/'),
      u('w', 'workshop', '/g/p/d/w/'),
      u('w2', 'workshop', '/g/p/d/w/w2/'),
    ]);
    expect(Object.fromEntries(m)).toEqual({ g: 'g', p: 'p', d: 'd', w: 'd', w2: 'd' });
  });

  it('ranks best or worst first by the direction, missing values last, ties by weight then name', () => {
    const e = (key: string, value: number | null, denominator = 1) => ({ key, name: key.toUpperCase(), value, numerator: 0, denominator });
    const rows = [e('b', 0.5), e('a', 0.5), e('c', null), e('d', 0.9), e('e', 0.5, 3)];
    expect(rank(rows, 'higher', 'best').map((r) => [r.rank, r.key])).toEqual([
      [1, 'd'],
      [2, 'e'],
      [3, 'a'],
      [4, 'b'],
      [5, 'c'],
    ]);
    expect(rank(rows, 'higher', 'worst').map((r) => r.key)).toEqual(['e', 'a', 'b', 'd', 'c']);
    expect(rank(rows, 'lower', 'best').map((r) => r.key)).toEqual(['e', 'a', 'b', 'd', 'c']);
  });

  it('links processes to their pages', () => {
    expect(processLink('Hazard:abc')).toBe('/hazards/abc');
    expect(processLink('Incident:abc')).toBe('/incidents/abc');
    expect(processLink('RiskAssessment:monthly-x')).toBe('/risk-assessments/monthly-x');
    expect(processLink('RiskAssessment:a1/measure-12')).toBe('/risk-assessments/a1'); // a measure's child workflow
    expect(processLink('ImprovementPlan:c:p')).toBe('/improvement-plans/ImprovementPlan%3Ac%3Ap');
    expect(processLink('inspection:1')).toBeNull();
    expect(processLink(null)).toBeNull();
  });
});
