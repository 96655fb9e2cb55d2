import { ORG_UNIT_PARENT, type DepartmentFunction, type OrgUnitKind } from '../../domain/org';

/**
 * Placement rules of the organisation tree, as plain issues so the routes can report them as
 * field paths (`body.parentId`) and the importer as cells (`parentCode` in row 7).
 */
export interface RuleIssue {
  field: 'parent' | 'departmentFunction' | 'orgUnit';
  message: string;
}

/** May a unit of `kind` sit under a unit of `parentKind` (null: no parent)? */
export function unitParentIssues(kind: OrgUnitKind, parentKind: OrgUnitKind | null): RuleIssue[] {
  const allowed = ORG_UNIT_PARENT[kind];
  if (parentKind === null) return allowed.length ? [{ field: 'parent', message: `a ${kind} needs a parent (${allowed.join(' or ')})` }] : [];
  if (allowed.includes(parentKind)) return [];
  return [
    {
      field: 'parent',
      message: allowed.length ? `a ${kind} cannot sit under a ${parentKind} (only under a ${allowed.join(' or ')})` : `a ${kind} is a root and has no parent`,
    },
  ];
}

/** Departments carry exactly one of the seven functions; other units none. */
export function departmentFunctionIssues(kind: OrgUnitKind, departmentFunction: DepartmentFunction | null): RuleIssue[] {
  if (kind === 'department' && !departmentFunction) return [{ field: 'departmentFunction', message: 'required for a department' }];
  if (kind !== 'department' && departmentFunction) return [{ field: 'departmentFunction', message: 'only departments have a function' }];
  return [];
}

export function unitPlacementIssues(kind: OrgUnitKind, parentKind: OrgUnitKind | null, departmentFunction: DepartmentFunction | null): RuleIssue[] {
  return [...unitParentIssues(kind, parentKind), ...departmentFunctionIssues(kind, departmentFunction)];
}

/** A post hangs off any unit below the group. */
export function postPlacementIssues(unitKind: OrgUnitKind): RuleIssue[] {
  return unitKind === 'group' ? [{ field: 'orgUnit', message: 'posts belong to a unit below the group' }] : [];
}
