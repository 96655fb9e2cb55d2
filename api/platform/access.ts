import { In, type DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { OrgUnit } from '../../db/entities';
import type { Role } from '../../domain/org';
import { escapeLike, likePrefix } from '../../db/sql';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';

export { escapeLike };
import type { Principal } from './route';

/**
 * Data scope: a user sees the subtree of their own org unit; admins and auditors see the whole
 * group. Auditors are read-only everywhere (enforced for every non-GET request in api/app.ts).
 * Anything outside the scope is reported as "not found", never as "forbidden", so its existence
 * does not leak.
 */
export const GROUP_WIDE_ROLES: readonly Role[] = ['admin', 'auditor'];

export function seesEverything(p: Principal): boolean {
  return p.roles.some((r) => GROUP_WIDE_ROLES.includes(r));
}

export function inScope(p: Principal, orgUnitPath: string): boolean {
  return seesEverything(p) || orgUnitPath.startsWith(p.orgUnitPath);
}

/** Throws 404 unless the record's org unit is in the caller's scope. */
export function assertInScope(p: Principal, orgUnitPath: string | null | undefined, what = 'Not found'): void {
  if (!orgUnitPath || !inScope(p, orgUnitPath)) throw new NotFoundError(what);
}

/**
 * Restricts a query to the caller's scope. `unitAlias` must be an alias of `org_units` joined in
 * the query (or the org units themselves).
 */
export function scopeQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, p: Principal, unitAlias: string): SelectQueryBuilder<T> {
  if (seesEverything(p)) return qb;
  return qb.andWhere(`${unitAlias}.path LIKE :scopePath`, { scopePath: `${escapeLike(p.orgUnitPath)}%` });
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!hasRole(p, ...roles)) throw new ForbiddenError();
}

export function isReadOnly(p: Principal): boolean {
  return p.roles.includes('auditor');
}

/** Who did it, for the audit log. */
export function actorOf(p: Principal): { actorType: 'user'; actor: string } {
  return { actorType: 'user', actor: p.username };
}

/** Ids of every unit the user belongs to, with their ancestors: the units whose tasks they may take. */
export function memberAncestorIds(p: Principal): string[] {
  return [...new Set(p.memberPaths.flatMap((m) => m.split('/').filter(Boolean)))];
}

/** Hazards and emergencies may be raised anywhere in the caller's own plant (or company when not in a plant). */
export async function mayRaiseIn(ds: DataSource, p: Principal, unit: OrgUnit): Promise<boolean> {
  if (seesEverything(p) || inScope(p, unit.path)) return true;
  const mine = await ds.getRepository(OrgUnit).findBy({ id: In(p.orgUnitPath.split('/').filter(Boolean)) });
  const site = mine.filter((u) => u.kind === 'plant').sort((a, b) => b.path.length - a.path.length)[0] ?? mine.find((u) => u.kind === 'company');
  return !!site && unit.path.startsWith(site.path);
}

/**
 * The unit a list is narrowed to (its `orgUnitId` query parameter): a 400 when there is no such
 * unit or, when `scope` names the caller, none in their scope.
 */
export async function listedUnit(ds: DataSource, id: string, scope?: Principal): Promise<OrgUnit> {
  const unit = await ds.getRepository(OrgUnit).findOneBy({ id });
  if (!unit || (scope && !inScope(scope, unit.path)))
    throw new ValidationError([{ path: 'query.orgUnitId', message: scope ? 'no such org unit in your scope' : 'no such org unit' }]);
  return unit;
}

/** `qb` narrowed to the rows whose unit (joined as `unitAlias`) is `unit` or a unit below it. */
export function underUnit<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, unitAlias: string, unit: Pick<OrgUnit, 'path'>): SelectQueryBuilder<T> {
  return qb.andWhere(`${unitAlias}.path LIKE :underUnit ESCAPE '!'`, { underUnit: likePrefix(unit.path) });
}
