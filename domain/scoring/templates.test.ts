/** Duty requirement templates: one post, one list. */
import { allPostProfiles } from '../org';
import { libraryIndicator } from './indicators';
import { dutyIndicatorCodes, dutyListFor, INDUSTRIES, INDUSTRY_TEMPLATES, parsePostProfile } from './templates';

describe('duty requirement templates', () => {
  it('every requirement names library indicators; codes are unique per template', () => {
    for (const industry of INDUSTRIES) {
      const reqs = INDUSTRY_TEMPLATES[industry].requirements;
      expect(new Set(reqs.map((r) => r.code)).size).toBe(reqs.length);
      for (const r of reqs) for (const c of r.indicatorCodes) expect(libraryIndicator(c)).toBeDefined();
    }
  });

  it('gives every post profile of every industry a non-empty list', () => {
    for (const industry of INDUSTRIES) for (const p of allPostProfiles()) expect(dutyListFor(p.code, industry).length).toBeGreaterThan(0);
  });

  it('one post, one list: the profile selects the requirements', () => {
    const codes = (profile: string, industry: (typeof INDUSTRIES)[number]) => dutyListFor(profile, industry).map((r) => r.code);
    expect(codes('frontline-production-normal', 'chemicals')).toEqual(['GEN-REPORT', 'GEN-TRAIN', 'GEN-RECTIFY', 'CHE-CHEM', 'CHE-WASTE', 'CHE-GUARD']);
    // High risk adds emergency duties and hot-work permits.
    expect(codes('frontline-production-high', 'chemicals')).toEqual([
      'GEN-REPORT',
      'GEN-TRAIN',
      'GEN-RECTIFY',
      'GEN-EMERGENCY',
      'CHE-CHEM',
      'CHE-HOTWORK',
      'CHE-WASTE',
      'CHE-GUARD',
    ]);
    // Managers lead, cooperate and own risk measures; functional posts have no shop-floor duties.
    expect(codes('middle-functional-normal', 'machining')).toEqual([
      'GEN-REPORT',
      'GEN-TRAIN',
      'GEN-RECTIFY',
      'GEN-EMERGENCY-LEAD',
      'GEN-COOPERATE',
      'GEN-RISK',
      'GEN-LEAD',
    ]);
    expect(codes('senior-production-normal', 'construction')).toContain('CON-SITE');
    expect(codes('frontline-rnd-normal', 'electronics')).toEqual(['GEN-REPORT', 'GEN-TRAIN', 'GEN-RECTIFY', 'ELE-CHEM', 'ELE-WASTE']);
  });

  it('lists the indicator codes of a post, sorted and unique', () => {
    const codes = dutyIndicatorCodes({ level: 'frontline', businessType: 'production', riskLevel: 'high' }, 'auto_parts');
    expect(codes).toEqual([...new Set(codes)].sort());
    expect(codes).toEqual(expect.arrayContaining(['guard_intact_rate', 'hot_work_permit_compliance', 'emergency_response_on_time', 'suggestions_made']));
    expect(codes).not.toContain('inspection_average_score');
  });

  it('rejects unknown profiles and industries', () => {
    expect(parsePostProfile('frontline-production-high')).toEqual({ level: 'frontline', businessType: 'production', riskLevel: 'high' });
    expect(parsePostProfile('chief-production-high')).toBeNull();
    expect(() => dutyListFor('nope', 'chemicals')).toThrow(/post profile/);
    expect(() => dutyListFor('frontline-production-high', 'mining' as never)).toThrow(/industry/);
  });
});
