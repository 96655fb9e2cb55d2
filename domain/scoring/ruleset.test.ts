/** Ruleset validation (group caps with field paths), defaults, weight-set choice and the version diff. */
import { forkliftCheck } from './fixtures';
import { libraryIndicator } from './indicators';
import { DEFAULT_RULESET, diffRulesets, InvalidRulesetError, parseRuleset, RulesetSchema, validateRuleset, weightSetFor, type Ruleset } from './ruleset';

/** A mutable deep copy of the defaults typed loosely, for breaking on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const draft = (): any => structuredClone(DEFAULT_RULESET);

const CUSTOM = forkliftCheck('Forklift pre-use checks done', '叉车班前点检完成率', ['person', 'department'], { approved: true });

function issuesOf(json: unknown): { path: string; message: string }[] {
  const r = validateRuleset(json);
  if (r.ok) throw new Error('expected the ruleset to be refused');
  return r.issues;
}

describe('ruleset schema', () => {
  it('the defaults are valid, JSON-serialisable and a fixed point of parsing', () => {
    const json = JSON.parse(JSON.stringify(DEFAULT_RULESET));
    expect(json).toEqual(DEFAULT_RULESET);
    expect(RulesetSchema.parse(json)).toEqual(DEFAULT_RULESET);
    expect(validateRuleset(json)).toEqual({ ok: true, ruleset: DEFAULT_RULESET });
  });

  it('has the SPEC §4 defaults', () => {
    const r = DEFAULT_RULESET;
    expect(r.base).toBe(100);
    expect(r.rules.hazard_overdue).toMatchObject({ points: 5, capPerGroup: 20, groupBy: ['data.hazardId', 'subjectId'] });
    expect(r.rules.inspection_below_threshold).toMatchObject({ points: 10, target: 'department_head', where: [{ field: 'value', op: 'lt', value: 80 }] });
    expect(r.rules.failed_training).toMatchObject({ points: 2 });
    expect(r.rules.serious_incident).toMatchObject({ points: 30, flag: 'specialReview' });
    expect(r.rules.consecutive_improvement).toMatchObject({ periods: 3, points: 3 });
    expect(r.rules.self_declaration).toMatchObject({ capPerPeriod: 5 });
    expect(r.attribution.priority).toEqual(['direct', 'affected', 'site_lead', 'department_head']);
    expect(r.weights.byPostProfile['*-*-high'].dimensions.emergency_response).toBeGreaterThan(r.weights.bySubjectType.person.dimensions.emergency_response);
    expect(r.weights.bySubjectType.department.dimensions.collaboration).toBeGreaterThanOrEqual(0.15);
  });

  it('fills defaults for the optional sections', () => {
    const { behaviour: _b, history: _h, groupCaps: _g, attribution: _a, ratingThresholds: _r, indicatorPoints: _i, ...rest } = draft();
    const r = parseRuleset(rest);
    expect(r.groupCaps).toEqual({ customWeightMax: 0.2, departmentCollaborationMin: 0.15 });
    expect(r.history).toEqual({ shortfallBoost: 0.05, needsImprovementStreak: 2 });
    expect(r.behaviour.raterWeights.superior).toBe(0.4);
  });

  it('refuses a dropped core dimension, with its path', () => {
    const r = draft();
    r.weights.bySubjectType.person.dimensions = { compliance_execution: 0.4, risk_control: 0.4, emergency_response: 0, collaboration: 0.2 };
    expect(issuesOf(r)).toEqual([{ path: 'weights.bySubjectType.person.dimensions.emergency_response', message: expect.stringMatching(/core dimension/) }]);
    const missing = draft();
    delete missing.weights.byPostProfile['*-*-high'].dimensions.collaboration;
    expect(issuesOf(missing).map((i) => i.path)).toContain('weights.byPostProfile.*-*-high.dimensions.collaboration');
  });

  it('refuses a department weight set with collaboration under 15 %', () => {
    const r = draft();
    r.weights.byDepartment.d1 = { dimensions: { compliance_execution: 0.35, risk_control: 0.35, emergency_response: 0.2, collaboration: 0.1 }, custom: {} };
    r.weights.bySubjectType.department.dimensions = { compliance_execution: 0.3, risk_control: 0.3, emergency_response: 0.26, collaboration: 0.14 };
    const issues = issuesOf(r);
    expect(issues.map((i) => i.path)).toEqual([
      'weights.bySubjectType.department.dimensions.collaboration',
      'weights.byDepartment.d1.dimensions.collaboration',
    ]);
    expect(issues[0].message).toMatch(/at least 0\.15/);
    // Persons may go lower: the minimum is for departments.
    const p = draft();
    p.weights.bySubjectType.person.dimensions = { compliance_execution: 0.35, risk_control: 0.35, emergency_response: 0.2, collaboration: 0.1 };
    expect(validateRuleset(p).ok).toBe(true);
  });

  it('refuses weights that do not sum to 1', () => {
    const r = draft();
    r.weights.bySubjectType.company.dimensions.collaboration = 0.25;
    expect(issuesOf(r)).toEqual([{ path: 'weights.bySubjectType.company', message: 'weights must sum to 1 (got 1.05)' }]);
  });

  it('takes an approved custom indicator within the group cap', () => {
    const r = draft();
    r.indicators.forklift_check = CUSTOM;
    r.weights.bySubjectType.person = {
      dimensions: { compliance_execution: 0.25, risk_control: 0.25, emergency_response: 0.15, collaboration: 0.15 },
      custom: { forklift_check: 0.2 },
    };
    expect(validateRuleset(r).ok).toBe(true);
  });

  it('refuses custom weights above the group cap', () => {
    const r = draft();
    r.indicators.forklift_check = CUSTOM;
    r.weights.bySubjectType.person = {
      dimensions: { compliance_execution: 0.2, risk_control: 0.25, emergency_response: 0.15, collaboration: 0.15 },
      custom: { forklift_check: 0.25 },
    };
    expect(issuesOf(r)).toEqual([{ path: 'weights.bySubjectType.person.custom', message: 'custom indicator weights total 0.25, above the group cap 0.2' }]);
  });

  it('refuses weight on a custom indicator that is not approved', () => {
    const r = draft();
    r.indicators.forklift_check = { ...CUSTOM, approved: false };
    r.weights.bySubjectType.person = {
      dimensions: { compliance_execution: 0.3, risk_control: 0.25, emergency_response: 0.15, collaboration: 0.2 },
      custom: { forklift_check: 0.1 },
    };
    expect(issuesOf(r)).toEqual([
      { path: 'weights.bySubjectType.person.custom.forklift_check', message: 'custom indicator forklift_check is not approved and cannot take effect' },
    ]);
    // Defined but unweighted, it is a valid (pending) draft.
    r.weights.bySubjectType.person = DEFAULT_RULESET.weights.bySubjectType.person;
    expect(validateRuleset(r).ok).toBe(true);
  });

  it('keeps library and custom indicators apart', () => {
    const r = draft();
    r.indicators.made_up = { ...CUSTOM, custom: false };
    r.indicators.training_pass_rate = { ...r.indicators.training_pass_rate, custom: true, approved: true };
    r.weights.bySubjectType.post.custom = { hazard_rework_count: 0.1 };
    expect(issuesOf(r).map((i) => i.path)).toEqual([
      'indicators.training_pass_rate.custom',
      'indicators.made_up.custom',
      'weights.bySubjectType.post.custom.hazard_rework_count',
      'weights.bySubjectType.post',
    ]);
  });

  it('checks thresholds, rules, profile patterns and the attribution priority', () => {
    const r = draft();
    r.indicators.hazard_rectification_on_time.thresholds = { excellent: 90, qualified: 98 };
    r.rules.hazard_overdue.groupBy = undefined;
    r.weights.byPostProfile['chief-*-*'] = r.weights.byPostProfile['*-*-high'];
    r.attribution.priority = ['direct', 'direct'];
    r.ratingThresholds = { excellent: 60, qualified: 70 };
    expect(issuesOf(r).map((i) => i.path)).toEqual([
      'ratingThresholds.excellent',
      'attribution.priority.1',
      'indicators.hazard_rectification_on_time.thresholds.excellent',
      'rules.hazard_overdue.capPerGroup',
      'weights.byPostProfile.chief-*-*',
    ]);
  });

  it('throws an error with the issues from parseRuleset', () => {
    const r = draft();
    r.weights.bySubjectType.company.dimensions.collaboration = 0;
    expect(() => parseRuleset(r)).toThrow(InvalidRulesetError);
    expect(() => parseRuleset(r)).toThrow(/weights\.bySubjectType\.company\.dimensions\.collaboration/);
  });
});

describe('weight sets', () => {
  const r: Ruleset = parseRuleset({
    ...draft(),
    weights: {
      ...DEFAULT_RULESET.weights,
      byPostProfile: {
        '*-*-high': DEFAULT_RULESET.weights.byPostProfile['*-*-high'],
        'senior-*-high': { dimensions: { compliance_execution: 0.2, risk_control: 0.3, emergency_response: 0.35, collaboration: 0.15 } },
      },
      byDepartment: { d9: { dimensions: { compliance_execution: 0.25, risk_control: 0.25, emergency_response: 0.25, collaboration: 0.25 } } },
    },
  });
  it('picks the department override, else the most specific profile pattern, else the subject type', () => {
    expect(weightSetFor(r, 'department', { departmentId: 'd9' }).source).toBe('weights.byDepartment.d9');
    expect(weightSetFor(r, 'department', { departmentId: 'd1' }).source).toBe('weights.bySubjectType.department');
    expect(weightSetFor(r, 'person', { postProfile: 'senior-production-high' }).source).toBe('weights.byPostProfile.senior-*-high');
    expect(weightSetFor(r, 'post', { postProfile: 'frontline-rnd-high' }).source).toBe('weights.byPostProfile.*-*-high');
    expect(weightSetFor(r, 'person', { postProfile: 'frontline-rnd-normal' }).source).toBe('weights.bySubjectType.person');
    expect(weightSetFor(r, 'company').source).toBe('weights.bySubjectType.company');
  });
});

describe('diffRulesets', () => {
  it('lists changed, added and removed fields by path', () => {
    const b = draft();
    b.version = 'default-3';
    b.rules.hazard_overdue.points = 10;
    b.indicators.hazard_rectification_on_time.thresholds.qualified = 95;
    b.weights.byDepartment.d1 = { dimensions: { compliance_execution: 0.25, risk_control: 0.25, emergency_response: 0.25, collaboration: 0.25 }, custom: {} };
    delete b.rules.self_declaration;
    b.attribution.priority = ['department_head', 'direct'];
    expect(diffRulesets(DEFAULT_RULESET, b)).toEqual([
      { path: 'attribution.priority', before: ['direct', 'affected', 'site_lead', 'department_head'], after: ['department_head', 'direct'] },
      { path: 'indicators.hazard_rectification_on_time.thresholds.qualified', before: 98, after: 95 },
      { path: 'rules.hazard_overdue.points', before: 5, after: 10 },
      { path: 'rules.self_declaration', before: DEFAULT_RULESET.rules.self_declaration },
      { path: 'version', before: 'default-2', after: 'default-3' },
      { path: 'weights.byDepartment.d1', after: b.weights.byDepartment.d1 },
    ]);
    expect(diffRulesets(DEFAULT_RULESET, draft())).toEqual([]);
  });

  it('library copies in the defaults match the library', () => {
    for (const [code, entry] of Object.entries(DEFAULT_RULESET.indicators))
      expect(entry).toMatchObject({ thresholds: libraryIndicator(code)!.thresholds, custom: false });
  });
});
