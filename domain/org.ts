/**
 * Organisation vocabulary (SPEC §2): pure values shared by the API, the database layer and
 * workflow code. Nothing here touches I/O.
 */
export const ORG_UNIT_KINDS = ['group', 'company', 'plant', 'department', 'workshop'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** Which kinds may sit directly under which (a post hangs off any unit below the group). */
export const ORG_UNIT_PARENT: Record<OrgUnitKind, readonly OrgUnitKind[]> = {
  group: [],
  company: ['group', 'company'],
  plant: ['company'],
  department: ['company', 'plant'],
  workshop: ['department', 'workshop'],
};

export const DEPARTMENT_FUNCTIONS = ['safety', 'production', 'equipment', 'hr', 'procurement', 'finance', 'environment'] as const;
export type DepartmentFunction = (typeof DEPARTMENT_FUNCTIONS)[number];

export const POST_LEVELS = ['frontline', 'middle', 'senior'] as const;
export type PostLevel = (typeof POST_LEVELS)[number];

export const BUSINESS_TYPES = ['production', 'rnd', 'functional'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export const RISK_LEVELS = ['high', 'normal'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const ROLES = ['employee', 'department_head', 'safety_officer', 'hr', 'manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Stable code of a post profile, e.g. `frontline-production-high`. */
export function postProfileCode(level: PostLevel, businessType: BusinessType, riskLevel: RiskLevel): string {
  return `${level}-${businessType}-${riskLevel}`;
}

/** Every combination of the three profile axes: the profiles a group starts with. */
export function allPostProfiles(): { code: string; level: PostLevel; businessType: BusinessType; riskLevel: RiskLevel }[] {
  return POST_LEVELS.flatMap((level) =>
    BUSINESS_TYPES.flatMap((businessType) =>
      RISK_LEVELS.map((riskLevel) => ({ code: postProfileCode(level, businessType, riskLevel), level, businessType, riskLevel })),
    ),
  );
}

/**
 * Materialised path of an org unit: the ids from the root down, each followed by `/`.
 * A unit is inside another's subtree exactly when its path starts with the other's path.
 */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export function isInSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}
