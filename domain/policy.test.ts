import { assessRisk, DEFAULT_POLICY, PolicySchema } from './policy';
import { deliveryTime, quietWindowFrom } from './quiet-hours';

describe('policy', () => {
  it('has the SPEC defaults and validates', () => {
    expect(PolicySchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.sla).toMatchObject({ hazardGrading: 3600, hazardAcknowledge: 86400, hazardRectify: 259200, emergencyAcknowledge: 300 });
    expect(DEFAULT_POLICY.sla.levelRectify).toEqual({ workshop: 86400, plant: 259200, headquarters: 604800 });
    expect(DEFAULT_POLICY.escalation.ladder).toEqual(['assignee', 'department_head', 'plant', 'company_safety_director']);
  });

  it('names the field at fault', () => {
    const bad = structuredClone(DEFAULT_POLICY) as unknown as { sla: { hazardGrading: number }; riskMatrix: { bands: { maxScore: number }[] } };
    bad.sla.hazardGrading = -1;
    bad.riskMatrix.bands[1].maxScore = 2;
    const r = PolicySchema.safeParse(bad);
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['sla.hazardGrading', 'riskMatrix.bands.1.maxScore']));
  });

  it('grades risk with the matrix', () => {
    expect(assessRisk(DEFAULT_POLICY, 1, 1)).toEqual({ score: 1, level: 'low', major: false });
    expect(assessRisk(DEFAULT_POLICY, 3, 3)).toEqual({ score: 9, level: 'medium', major: false });
    expect(assessRisk(DEFAULT_POLICY, 4, 3)).toEqual({ score: 12, level: 'high', major: true });
    expect(assessRisk(DEFAULT_POLICY, 5, 5)).toEqual({ score: 25, level: 'extreme', major: true });
    expect(() => assessRisk(DEFAULT_POLICY, 6, 1)).toThrow(/likelihood/);
  });
});

describe('quiet hours', () => {
  const q = { start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' };
  it('defers non-critical messages inside the window to its end, across midnight', () => {
    // 23:30 in Shanghai = 15:30 UTC
    const at = new Date('2026-11-21T15:30:00Z');
    expect(deliveryTime(at, q, 'normal')?.toISOString()).toBe('2026-11-21T23:00:00.000Z');
    expect(deliveryTime(at, q, 'info')?.toISOString()).toBe('2026-11-21T23:00:00.000Z');
    expect(deliveryTime(at, q, 'critical')).toBeNull();
    // 06:59:30 local → 30 s later
    expect(deliveryTime(new Date('2026-11-21T22:59:30Z'), q, 'normal')?.toISOString()).toBe('2026-11-21T23:00:00.000Z');
  });

  it('delivers at once outside the window or without quiet hours', () => {
    expect(deliveryTime(new Date('2026-11-21T04:00:00Z'), q, 'normal')).toBeNull(); // 12:00 local
    expect(deliveryTime(new Date('2026-11-21T23:00:00Z'), q, 'normal')).toBeNull(); // 07:00 local: window over
    expect(deliveryTime(new Date(), null, 'normal')).toBeNull();
  });

  it('builds short windows for tests', () => {
    const at = new Date('2026-11-21T10:00:00.250Z');
    const w = quietWindowFrom(at, 5);
    expect(w).toEqual({ start: '10:00:00', end: '10:00:05', timeZone: 'UTC' });
    expect(deliveryTime(at, w, 'normal')?.toISOString()).toBe('2026-11-21T10:00:05.000Z');
  });
});

describe('policy defaults for later additions', () => {
  it('parses a stored policy written before the emergency targets existed', () => {
    const old = structuredClone(DEFAULT_POLICY) as unknown as { sla: Record<string, unknown> };
    delete old.sla.emergencyReview;
    delete old.sla.emergencyResponse;
    delete old.sla.hazardOverdueDay;
    const parsed = PolicySchema.parse(old);
    expect(parsed.sla.emergencyReview).toBe(7 * 86400);
    expect(parsed.sla.emergencyResponse).toEqual({ evacuation: 600, cutOff: 600, medical: 900 });
  });
});
