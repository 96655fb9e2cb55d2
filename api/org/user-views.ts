import { In, type EntityManager } from 'typeorm';
import { OrgUnit, User, UserRole } from '../../db/entities';
import { ROLES, type Role } from '../../domain/org';
import { assertInScope } from '../platform/access';
import { nameOf } from '../platform/names';
import { z } from '../platform/openapi';
import type { Principal } from '../platform/route';

/** How the users API shows a login (never its password hash), and how it loads one in scope. */
export const QuietHoursView = z.object({ start: z.string(), end: z.string(), timeZone: z.string() }).openapi('QuietHours');

export const UserAccountView = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string().describe('The English display name'),
    displayNameZh: z.string().nullable().describe('The Chinese display name (null: displayName in both languages)'),
    orgUnitId: z.string(),
    orgUnitName: z.string().nullable(),
    personId: z.string().nullable(),
    active: z.boolean(),
    roles: z.array(z.enum(ROLES)),
    // A union with null, not .nullable(): zod-to-openapi 9 would document the QuietHours component itself as nullable.
    quietHours: z.union([QuietHoursView, z.null()]),
    substituteUserId: z.string().nullable(),
    locale: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('UserAccount');
export type UserAccountView = z.infer<typeof UserAccountView>;

export async function rolesOf(em: EntityManager, userIds: string[]): Promise<Map<string, Role[]>> {
  const rows = userIds.length ? await em.findBy(UserRole, { userId: In(userIds) }) : [];
  const out = new Map<string, Role[]>(userIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.userId)!.push(r.role);
  for (const list of out.values()) list.sort();
  return out;
}

export async function describeUsers(em: EntityManager, users: User[]): Promise<UserAccountView[]> {
  const unitIds = [...new Set(users.map((u) => u.orgUnitId))];
  const [roles, units] = await Promise.all([
    rolesOf(
      em,
      users.map((u) => u.id),
    ),
    unitIds.length ? em.findBy(OrgUnit, { id: In(unitIds) }) : [],
  ]);
  const unitNames = new Map(units.map((u) => [u.id, nameOf(u)]));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    displayNameZh: u.displayNameZh,
    orgUnitId: u.orgUnitId,
    orgUnitName: unitNames.get(u.orgUnitId) ?? null,
    personId: u.personId,
    active: u.active,
    roles: roles.get(u.id) ?? [],
    quietHours: u.quietHours,
    substituteUserId: u.substituteUserId,
    locale: u.locale,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  }));
}

/** What the audit log records of a user: no hash, no timestamps. */
export function userSnapshot(u: User, roles: Role[]) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    displayNameZh: u.displayNameZh,
    orgUnitId: u.orgUnitId,
    personId: u.personId,
    active: u.active,
    roles: [...roles].sort(),
    quietHours: u.quietHours,
    substituteUserId: u.substituteUserId,
    locale: u.locale,
  };
}

/** The user, if their org unit is in the caller's scope (one's own account always is); 404 otherwise. */
export async function loadUserInScope(em: EntityManager, p: Principal, id: string): Promise<User> {
  const user = await em.findOneBy(User, { id });
  const unit = user ? await em.findOneBy(OrgUnit, { id: user.orgUnitId }) : null;
  if (user?.id !== p.userId) assertInScope(p, unit?.path, 'User not found');
  return user!;
}
