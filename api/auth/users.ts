import type { DataSource } from 'typeorm';
import { OrgUnit, Person, User, UserRole } from '../../db/entities';
import type { Role } from '../../domain/org';
import type { Principal } from '../platform/route';

/** Loads an active user with roles as the request's principal; null when unknown or disabled. */
export async function loadPrincipal(
  dataSource: DataSource,
  where: { id: string } | { username: string },
): Promise<(Principal & { passwordHash: string }) | null> {
  const user = await dataSource.getRepository(User).findOneBy(where);
  if (!user || !user.active) return null;
  const [roles, unit] = await Promise.all([
    dataSource.getRepository(UserRole).findBy({ userId: user.id }),
    dataSource.getRepository(OrgUnit).findOneBy({ id: user.orgUnitId }),
  ]);
  if (!unit) return null;
  const person = user.personId ? await dataSource.getRepository(Person).findOneBy({ id: user.personId }) : null;
  const personUnit = person && person.orgUnitId !== unit.id ? await dataSource.getRepository(OrgUnit).findOneBy({ id: person.orgUnitId }) : null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    displayNameZh: user.displayNameZh,
    roles: roles.map((r) => r.role as Role).sort(),
    orgUnitId: user.orgUnitId,
    orgUnitPath: unit.path,
    memberPaths: personUnit ? [unit.path, personUnit.path] : [unit.path],
    personId: user.personId,
    passwordHash: user.passwordHash,
  };
}
