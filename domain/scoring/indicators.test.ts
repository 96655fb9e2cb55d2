/** The indicator library as data, and how measured values become points and ratings. */
import { indicatorPointsFor, ratingOf } from './measure';
import { DEPARTMENT_COLLABORATION_INDICATORS, DIMENSIONS, INDICATOR_LIBRARY, IndicatorBodySchema, indicatorIssues, libraryIndicator } from './indicators';

describe('indicator library', () => {
  it('is valid data with unique codes, every dimension covered', () => {
    const codes = INDICATOR_LIBRARY.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const { code: _code, ...body } of INDICATOR_LIBRARY) {
      const parsed = IndicatorBodySchema.parse(body);
      expect(indicatorIssues(parsed)).toEqual([]);
    }
    for (const d of DIMENSIONS) expect(INDICATOR_LIBRARY.some((i) => i.dimension === d)).toBe(true);
    for (const t of ['rate', 'count', 'average_time', 'score', 'behaviour_scale']) expect(INDICATOR_LIBRARY.some((i) => i.type === t)).toBe(true);
  });

  it('carries the articles’ thresholds', () => {
    expect(libraryIndicator('chemical_storage_compliance')!.thresholds).toEqual({ excellent: 100, qualified: 100 });
    expect(libraryIndicator('hazard_rectification_on_time')!.thresholds).toEqual({ excellent: 100, qualified: 98 });
    expect(libraryIndicator('guard_intact_rate')!.thresholds.qualified).toBe(100);
    expect(libraryIndicator('hot_work_permit_compliance')!.thresholds.qualified).toBe(100);
    expect(libraryIndicator('hazardous_waste_compliance')!.thresholds.qualified).toBe(100);
    expect(libraryIndicator('suggestions_made')!.scale).toEqual([
      { min: 3, points: 5 },
      { min: 1, points: 3 },
      { min: 0, points: 0 },
    ]);
    for (const c of DEPARTMENT_COLLABORATION_INDICATORS) expect(libraryIndicator(c)!.dimension).toBe('collaboration');
  });

  it('reports inconsistent definitions with their field', () => {
    const { code: _code, ...raw } = libraryIndicator('hazard_rework_count')!;
    const body = IndicatorBodySchema.parse(raw);
    expect(indicatorIssues({ ...body, thresholds: { excellent: 2, qualified: 1 } })).toEqual([expect.objectContaining({ path: ['thresholds', 'excellent'] })]);
    expect(indicatorIssues({ ...body, type: 'rate' })).toEqual([expect.objectContaining({ path: ['measure', 'op'] })]);
    expect(indicatorIssues({ ...body, type: 'behaviour_scale', direction: 'higher_better', thresholds: { excellent: 5, qualified: 3 } })).toEqual([
      expect.objectContaining({ path: ['scale'] }),
    ]);
  });
});

describe('indicator points and ratings', () => {
  const rate = { direction: 'higher_better' as const, thresholds: { excellent: 100, qualified: 98 } };
  const time = { direction: 'lower_better' as const, thresholds: { excellent: 180, qualified: 300 } };
  const rework = { direction: 'lower_better' as const, thresholds: { excellent: 0, qualified: 1 } };
  const incidents = { direction: 'lower_better' as const, thresholds: { excellent: 0, qualified: 0 } };

  it('higher is better: 100 at excellent, 80 at qualified, proportional below', () => {
    expect(indicatorPointsFor(100, rate, 80)).toBe(100);
    expect(indicatorPointsFor(99, rate, 80)).toBeCloseTo(90);
    expect(indicatorPointsFor(98, rate, 80)).toBe(80);
    expect(indicatorPointsFor(49, rate, 80)).toBeCloseTo(40);
    expect(indicatorPointsFor(0, rate, 80)).toBe(0);
    expect([ratingOf(100, rate), ratingOf(98, rate), ratingOf(97.9, rate)]).toEqual(['excellent', 'qualified', 'needs_improvement']);
  });

  it('lower is better: times and counts', () => {
    expect(indicatorPointsFor(120, time, 80)).toBe(100);
    expect(indicatorPointsFor(240, time, 80)).toBeCloseTo(90);
    expect(indicatorPointsFor(300, time, 80)).toBe(80);
    expect(indicatorPointsFor(600, time, 80)).toBeCloseTo(40);
    expect([ratingOf(180, time), ratingOf(300, time), ratingOf(301, time)]).toEqual(['excellent', 'qualified', 'needs_improvement']);
    expect([0, 1, 2, 4].map((v) => indicatorPointsFor(v, rework, 80))).toEqual([100, 80, 40, 20]);
    expect([0, 1, 3].map((v) => indicatorPointsFor(v, incidents, 80))).toEqual([100, 40, 20]);
  });
});
