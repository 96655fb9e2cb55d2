import type { DataSource } from 'typeorm';
import type { Role } from '../../domain/org';
import type { Principal } from '../platform/route';

/** Loads an active user with roles as the request's principal; null when unknown or disabled. */
/**
 * The principal's statement, written out once (MySQL/MariaDB and SQLite alike): the query builder
 * rebuilt it on every authenticated request.
 */
const PRINCIPAL_SELECT =
  'SELECT `u`.`id` AS id, `u`.`username` AS username, `u`.`display_name` AS displayName, `u`.`display_name_zh` AS displayNameZh, ' +
  '`u`.`org_unit_id` AS orgUnitId, `u`.`person_id` AS personId, `u`.`password_hash` AS passwordHash, `u`.`active` AS active, ' +
  '`ou`.`path` AS unitPath, `pu`.`id` AS personUnitId, `pu`.`path` AS personUnitPath, `r`.`role` AS role FROM `users` `u` ' +
  'INNER JOIN `org_units` `ou` ON `ou`.`id` = `u`.`org_unit_id` LEFT JOIN `people` `p` ON `p`.`id` = `u`.`person_id` ' +
  'LEFT JOIN `org_units` `pu` ON `pu`.`id` = `p`.`org_unit_id` LEFT JOIN `user_roles` `r` ON `r`.`user_id` = `u`.`id` WHERE ';
const PRINCIPAL_BY_ID = `${PRINCIPAL_SELECT}\`u\`.\`id\` = ?`;
const PRINCIPAL_BY_USERNAME = `${PRINCIPAL_SELECT}\`u\`.\`username\` = ?`;

export async function loadPrincipal(
  dataSource: DataSource,
  where: { id: string } | { username: string },
): Promise<(Principal & { passwordHash: string }) | null> {
  // One statement (a row per role): this runs on every authenticated request.
  const byId = 'id' in where;
  const rows = (await dataSource.query(byId ? PRINCIPAL_BY_ID : PRINCIPAL_BY_USERNAME, [byId ? where.id : where.username])) as {
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
  }[];
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
