import { DEFAULT_POLICY, PolicySchema } from '../policy';
import { DEFAULT_INCIDENT_POLICY as P, incidentLevel, investigationSla, isReportable } from './policy';
import { ClassificationSchema } from './tasks';

const c = (deaths: number, seriousInjuries: number, directLossYuan: number) => ({ deaths, seriousInjuries, directLossYuan });

describe('incident levels (《生产安全事故报告和调查处理条例》 as policy data)', () => {
  it.each([
    [c(0, 0, 0), null],
    [c(0, 0, 999_999), null],
    [c(0, 0, 1_000_000), 'general'],
    [c(1, 0, 0), 'general'],
    [c(2, 9, 9_999_999), 'general'],
    [c(3, 0, 0), 'larger'],
    [c(0, 10, 0), 'larger'],
    [c(0, 0, 10_000_000), 'larger'],
    [c(9, 49, 49_999_999), 'larger'],
    [c(10, 0, 0), 'major'],
    [c(0, 50, 0), 'major'],
    [c(29, 99, 99_999_999), 'major'],
    [c(30, 0, 0), 'especially_major'],
    [c(0, 100, 0), 'especially_major'],
    [c(0, 0, 100_000_000), 'especially_major'],
  ])('%j → %s', (casualties, level) => {
    expect(incidentLevel(P, 'incident', casualties)).toBe(level);
    expect(isReportable(P, 'incident', casualties)).toBe(level !== null);
  });

  it('a near miss is never reportable and has no level', () => {
    expect(isReportable(P, 'near_miss', c(1, 1, 1e9))).toBe(false);
    expect(incidentLevel(P, 'near_miss', c(1, 1, 1e9))).toBeNull();
  });

  it('the investigation SLA follows the level', () => {
    expect(investigationSla(P, 'near_miss', null)).toBe(P.sla.investigation.nearMiss);
    expect(investigationSla(P, 'incident', null)).toBe(P.sla.investigation.minor);
    expect(investigationSla(P, 'incident', 'major')).toBe(P.sla.investigation.major);
  });

  it('a policy stored before incidents existed gets the defaults', () => {
    const { incident: _i, actions: _a, ...old } = DEFAULT_POLICY;
    const parsed = PolicySchema.parse(old);
    expect(parsed.incident).toEqual(P);
    expect(parsed.actions.recheckAfter).toEqual([30, 60, 90].map((d) => d * 86400));
  });

  it('classification checks that the figures agree with the consequence', () => {
    const lead = '00000000-0000-4000-8000-000000000001';
    const bad = ClassificationSchema.safeParse({ category: 'machinery', consequence: 'fatality', deaths: 0, investigationLeadPersonId: lead });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toContain('deaths');
    expect(ClassificationSchema.safeParse({ category: 'machinery', consequence: 'lost_time', daysLost: 3, investigationLeadPersonId: lead }).success).toBe(
      true,
    );
  });
});
