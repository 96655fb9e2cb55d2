import { allPostProfiles, BUSINESS_TYPES, childPath, isInSubtree, POST_LEVELS, postProfileCode, RISK_LEVELS } from './org';

describe('org vocabulary', () => {
  it('has one post profile for every level × business type × risk level', () => {
    const profiles = allPostProfiles();
    expect(profiles).toHaveLength(POST_LEVELS.length * BUSINESS_TYPES.length * RISK_LEVELS.length);
    expect(new Set(profiles.map((p) => p.code)).size).toBe(profiles.length);
    expect(profiles).toContainEqual({ code: 'frontline-production-high', level: 'frontline', businessType: 'production', riskLevel: 'high' });
    expect(postProfileCode('senior', 'functional', 'normal')).toBe('senior-functional-normal');
  });

  it('places a unit inside every ancestor subtree and nowhere else', () => {
    const group = childPath(null, 'g');
    const plant = childPath(childPath(group, 'c'), 'p');
    const other = childPath(group, 'c2');
    expect(plant).toBe('/g/c/p/');
    expect(isInSubtree(plant, group)).toBe(true);
    expect(isInSubtree(plant, plant)).toBe(true);
    expect(isInSubtree(plant, other)).toBe(false);
    // A sibling whose id starts with the same characters is not inside.
    expect(isInSubtree(childPath(group, 'c10'), childPath(group, 'c1'))).toBe(false);
  });
});
