import type { DataSource } from 'typeorm';
import { OrgUnit, Person, User, UserRole } from '../../db/entities';
import type { Role } from '../../domain/org';
import type { Principal } from '../platform/route';

/** Loads an active user with roles as the request's principal; null when unknown or disabled. */
export async function loadPrincipal(
  dataSource: DataSource,
  where: { id: string } | { username: string },
): Promise<(Principal & { passwordHash: string }) | null> {
  // One statement (a row per role): this runs on every authenticated request.
  const byId = 'id' in where;
  const rows = await dataSource
    .getRepository(User)
    .createQueryBuilder('u')
    .innerJoin(OrgUnit, 'ou', 'ou.id = u.orgUnitId')
    .leftJoin(Person, 'p', 'p.id = u.personId')
    .leftJoin(OrgUnit, 'pu', 'pu.id = p.orgUnitId')
    .leftJoin(UserRole, 'r', 'r.userId = u.id')
    .select('u.id', 'id')
    .addSelect('u.username', 'username')
    .addSelect('u.displayName', 'displayName')
    .addSelect('u.displayNameZh', 'displayNameZh')
    .addSelect('u.orgUnitId', 'orgUnitId')
    .addSelect('u.personId', 'personId')
    .addSelect('u.passwordHash', 'passwordHash')
    .addSelect('u.active', 'active')
    .addSelect('ou.path', 'unitPath')
    .addSelect('pu.id', 'personUnitId')
    .addSelect('pu.path', 'personUnitPath')
    .addSelect('r.role', 'role')
    .where(byId ? 'u.id = :key' : 'u.username = :key', { key: byId ? where.id : where.username })
    .getRawMany<{
      id: string;
      username: string;
      displayName: string;
      displayNameZh: string | null;
      orgUnitId: string;
      personId: string | null;
      passwordHash: string;
      active: boolean | number | string;
      unitPath: string;
      personUnitId: string | null;
      personUnitPath: string | null;
      role: string | null;
    }>();
  const user = rows[0];
  // (A user without an org unit row is refused, as is an inactive one.)
  if (!user || !(user.active === true || Number(user.active) === 1)) return null;
  const unit = { id: user.orgUnitId, path: user.unitPath };
  const personUnit = user.personUnitId && user.personUnitId !== unit.id && user.personUnitPath ? { path: user.personUnitPath } : null;
  const roles = [...new Set(rows.map((r) => r.role).filter((r): r is string => r !== null))];
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    displayNameZh: user.displayNameZh,
    roles: roles.map((r) => r as Role).sort(),
    orgUnitId: user.orgUnitId,
    orgUnitPath: unit.path,
    memberPaths: personUnit ? [unit.path, personUnit.path] : [unit.path],
    personId: user.personId,
    passwordHash: user.passwordHash,
  };
}
