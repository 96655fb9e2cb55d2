import { postPlacementIssues, unitPlacementIssues } from './rules';

describe('org placement rules', () => {
  it('accepts the hierarchy group → company → plant → department → workshop', () => {
    expect(unitPlacementIssues('group', null, null)).toEqual([]);
    expect(unitPlacementIssues('company', 'group', null)).toEqual([]);
    expect(unitPlacementIssues('company', 'company', null)).toEqual([]);
    expect(unitPlacementIssues('plant', 'company', null)).toEqual([]);
    expect(unitPlacementIssues('department', 'plant', 'safety')).toEqual([]);
    expect(unitPlacementIssues('department', 'company', 'hr')).toEqual([]);
    expect(unitPlacementIssues('workshop', 'department', null)).toEqual([]);
    expect(unitPlacementIssues('workshop', 'workshop', null)).toEqual([]);
  });

  it('rejects wrong parents, missing parents and parents of a root', () => {
    expect(unitPlacementIssues('workshop', 'plant', null)).toEqual([
      { field: 'parent', message: 'a workshop cannot sit under a plant (only under a department or workshop)' },
    ]);
    expect(unitPlacementIssues('plant', null, null)).toEqual([{ field: 'parent', message: 'a plant needs a parent (company)' }]);
    expect(unitPlacementIssues('group', 'group', null)).toEqual([{ field: 'parent', message: 'a group is a root and has no parent' }]);
  });

  it('requires a function exactly on departments', () => {
    expect(unitPlacementIssues('department', 'plant', null)).toEqual([{ field: 'departmentFunction', message: 'required for a department' }]);
    expect(unitPlacementIssues('workshop', 'department', 'production')).toEqual([{ field: 'departmentFunction', message: 'only departments have a function' }]);
  });

  it('keeps posts off the group', () => {
    expect(postPlacementIssues('group')).toHaveLength(1);
    expect(postPlacementIssues('workshop')).toEqual([]);
  });
});
