import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { EntityManager } from 'typeorm';
import { User, UserRole } from '../../db/entities';
import { ROLES, type Role } from '../../domain/org';
import { QuietHoursSchema } from '../../domain/policy';
import { hasRole, requireRole } from '../platform/access';
import { hashPassword, verifyPassword } from '../auth/password';
import type { ApiDeps } from '../platform/deps';
import { ConflictError, ForbiddenError } from '../platform/errors';
import { z } from '../platform/openapi';
import { PageQuery, pagedSchema, pageOf } from '../platform/pagination';
import { defineAddRoute, defineGetRoute, defineUpdateRoute } from '../platform/resource-routes';
import { defineRoute, type Principal } from '../platform/route';
import {
  audit,
  changed,
  Id,
  IdParams,
  insertCopy,
  invalid,
  likeContains,
  listedInScope,
  loadUnitInScope,
  Name,
  NameZh,
  pageWindow,
  uniqueOr409,
} from '../org/common';
import { loadPersonInScope } from '../org/people-routes';
import { describeUsers, loadUserInScope, rolesOf, UserAccountView, userSnapshot } from '../org/user-views';

/** Roles only an administrator may grant, take away, or manage the holders of. */
const PRIVILEGED: readonly Role[] = ['admin', 'auditor'];
/** Who manages accounts: administrators anywhere, HR in their scope (never privileged accounts). */
const ACCOUNT_MANAGERS: Role[] = ['admin', 'hr'];
/** May list the accounts in their scope (supervisors pick substitutes and delegates from it). */
const ACCOUNT_READERS: Role[] = [...ACCOUNT_MANAGERS, 'manager', 'department_head', 'safety_officer', 'auditor'];

const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits, ".", "_", "@" and "-" only');
const Password = z.string().min(10, 'at least 10 characters').max(256);
const Roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'roles must not repeat');
const QuietHours = QuietHoursSchema.describe('Non-critical notifications are held until the end; may span midnight (22:00 → 07:00)');

const CreateUserBody = z
  .object({
    username: Username,
    displayName: Name,
    displayNameZh: NameZh.optional(),
    password: Password,
    orgUnitId: Id,
    personId: Id.nullable().optional(),
    roles: Roles,
  })
  .strict()
  .openapi('CreateUser');

const UpdateUserBody = z
  .object({
    displayName: Name.optional(),
    displayNameZh: NameZh.optional(),
    active: z.boolean().optional(),
    roles: Roles.optional(),
    orgUnitId: Id.optional(),
    quietHours: QuietHours.nullable().optional(),
    substituteUserId: Id.nullable().optional().describe('Who may act on your tasks while you are away'),
    locale: z.enum(['en', 'zh-CN']).optional(),
  })
  .strict()
  .openapi('UpdateUser');
type UpdateUserBody = z.infer<typeof UpdateUserBody>;

const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(256).optional().describe('Required for your own password'), newPassword: Password })
  .strict()
  .openapi('ChangePassword');

const UsersQuery = PageQuery.extend({
  orgUnitId: Id.optional().describe('Only users of this unit and the units below it'),
  q: z.string().trim().min(1).max(100).optional().describe('Part of the username or display name'),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
});

const TAGS = ['users'];

/**
 * Logins (`/api/users`): administrators manage every account; HR manages accounts in its scope
 * but never grants or touches admin/auditor; everyone edits their own quiet hours, substitute
 * and language; nobody changes their own roles, status or unit.
 */
export function userRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const ds = deps.dataSource;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/users',
    operationId: 'listUsers',
    summary: 'Accounts in your scope',
    tags: TAGS,
    access: ACCOUNT_READERS,
    query: UsersQuery,
    responses: { 200: { description: 'One page of accounts', schema: pagedSchema(UserAccountView).openapi('UserAccountPage') } },
    handler: async ({ query, principal }) => {
      const qb = await listedInScope(ds.manager, principal, User, 'acct', query);
      if (query.q)
        qb.andWhere(`(acct.username LIKE :q ESCAPE '!' OR acct.displayName LIKE :q ESCAPE '!' OR acct.displayNameZh LIKE :q ESCAPE '!')`, {
          q: likeContains(query.q),
        });
      if (query.role) qb.andWhere('EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = acct.id AND r.role = :role)', { role: query.role });
      const { skip, take } = pageWindow(query);
      const [users, total] = await qb.orderBy('acct.username', 'ASC').offset(skip).limit(take).getManyAndCount();
      return pageOf(await describeUsers(ds.manager, users), total, query);
    },
  });

  // `/me` routes come before `/:id`, which would otherwise take "me" for an id.
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/users/me',
    operationId: 'getMyAccount',
    summary: 'Your own account, with quiet hours, substitute and language',
    tags: TAGS,
    access: 'authenticated',
    responses: { 200: { description: 'Your account', schema: UserAccountView } },
    handler: async ({ principal }) => view(ds.manager, await loadUserInScope(ds.manager, principal, principal.userId)),
  });

  defineRoute(router, registry, {
    method: 'patch',
    path: '/api/users/me',
    operationId: 'updateMyAccount',
    summary: 'Change your own quiet hours, substitute or language',
    tags: TAGS,
    access: 'authenticated',
    body: UpdateUserBody,
    responses: { 200: { description: 'Updated', schema: UserAccountView }, 403: { description: 'Not yours to change' } },
    handler: async ({ body, principal }) =>
      ds.transaction(async (em) => updateUser(em, principal, await loadUserInScope(em, principal, principal.userId), body)),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/users/me/password',
    operationId: 'changeMyPassword',
    summary: 'Change your own password (current password required)',
    tags: TAGS,
    access: 'authenticated',
    body: ChangePasswordBody,
    responses: { 204: { description: 'Changed' } },
    handler: async ({ body, principal }) => changePassword(ds.manager, principal, principal.userId, body),
  });

  defineGetRoute(router, registry, {
    path: '/api/users/:id',
    operationId: 'getUser',
    summary: 'An account in your scope',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    item: UserAccountView,
    answer: 'The account',
    refusals: { 403: 'Not an account manager', 404: 'No such account in your scope' },
    get: async (principal, params) => {
      const user = await loadUserInScope(ds.manager, principal, params.id);
      if (user.id !== principal.userId) requireRole(principal, ...ACCOUNT_MANAGERS);
      return view(ds.manager, user);
    },
  });

  defineAddRoute(router, registry, {
    path: '/api/users',
    operationId: 'createUser',
    summary: 'Create an account (HR: not with admin or auditor roles)',
    tags: TAGS,
    access: ACCOUNT_MANAGERS,
    body: CreateUserBody,
    item: UserAccountView,
    refusals: { 403: 'Role not yours to grant', 404: 'Unit not in your scope', 409: 'Username or person taken' },
    add: async (principal, body) => {
      const p = principal;
      assertMayGrant(p, body.roles);
      const passwordHash = await hashPassword(body.password);
      return ds.transaction(async (em) => {
        const unit = await loadUnitInScope(em, p, body.orgUnitId);
        const personId = body.personId ?? null;
        if (personId) await assertPersonLinkable(em, p, personId);
        if (await usernameTaken(em, body.username))
          throw new ConflictError(`Username ${body.username} is taken`, [{ path: 'body.username', message: 'already in use' }]);
        const user = em.create(User, {
          id: randomUUID(),
          username: body.username,
          displayName: body.displayName,
          displayNameZh: body.displayNameZh ?? null,
          passwordHash,
          personId,
          orgUnitId: unit.id,
          active: true,
          quietHours: null,
          substituteUserId: null,
          locale: 'en',
        });
        await uniqueOr409('body.username', 'Username', () => insertCopy(em, User, user));
        await em.insert(
          UserRole,
          body.roles.map((role) => ({ userId: user.id, role })),
        );
        await audit(em, p, { action: 'user.created', entityType: 'user', entityId: user.id, after: userSnapshot(user, body.roles), orgUnitId: unit.id });
        return view(em, await em.findOneByOrFail(User, { id: user.id }));
      });
    },
  });

  defineUpdateRoute(router, registry, {
    method: 'patch',
    path: '/api/users/:id',
    operationId: 'updateUser',
    summary: 'Change an account (yours: quiet hours, substitute, language only)',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    body: UpdateUserBody,
    item: UserAccountView,
    answer: 'Updated',
    refusals: { 403: 'Not yours to change', 404: 'No such account in your scope' },
    update: async (principal, params, body) => ds.transaction(async (em) => updateUser(em, principal, await loadUserInScope(em, principal, params.id), body)),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/users/:id/password',
    operationId: 'setUserPassword',
    summary: 'Set a password: your own (with the current one) or, as administrator, anyone’s',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    body: ChangePasswordBody,
    responses: { 204: { description: 'Changed' }, 403: { description: 'Not yours to change' }, 404: { description: 'No such account in your scope' } },
    handler: async ({ params, body, principal }) => changePassword(ds.manager, principal, params.id, body),
  });
}

async function view(em: EntityManager, user: User): Promise<UserAccountView> {
  return (await describeUsers(em, [user]))[0];
}

async function updateUser(em: EntityManager, p: Principal, user: User, body: UpdateUserBody): Promise<UserAccountView> {
  const self = user.id === p.userId;
  if (self && (body.roles !== undefined || body.active !== undefined || body.orgUnitId !== undefined)) {
    throw new ForbiddenError('Nobody changes their own roles, status or org unit; ask an administrator');
  }
  if (!self || body.displayName !== undefined || body.displayNameZh !== undefined) requireRole(p, ...ACCOUNT_MANAGERS);
  const roles = (await rolesOf(em, [user.id])).get(user.id)!;
  if (!self && !hasRole(p, 'admin') && roles.some((r) => PRIVILEGED.includes(r)))
    throw new ForbiddenError('Only administrators manage administrator and auditor accounts');
  if (body.roles) assertMayGrant(p, body.roles);

  const before = userSnapshot(user, roles);
  if (body.orgUnitId !== undefined) user.orgUnitId = (await loadUnitInScope(em, p, body.orgUnitId)).id;
  if (body.substituteUserId) {
    const substitute = body.substituteUserId === user.id ? null : await em.findOneBy(User, { id: body.substituteUserId, active: true });
    if (!substitute) throw invalid('body.substituteUserId', 'must be another active user');
  }
  if (body.displayName !== undefined) user.displayName = body.displayName;
  if (body.displayNameZh !== undefined) user.displayNameZh = body.displayNameZh;
  if (body.active !== undefined) user.active = body.active;
  if (body.quietHours !== undefined) user.quietHours = body.quietHours;
  if (body.substituteUserId !== undefined) user.substituteUserId = body.substituteUserId;
  if (body.locale !== undefined) user.locale = body.locale;
  const after = userSnapshot(user, body.roles ?? roles);
  if (changed(before, after)) {
    const { id, roles: newRoles, username: _username, personId: _personId, ...fields } = after;
    await em.update(User, { id }, fields);
    if (body.roles) {
      await em.delete(UserRole, { userId: id });
      await em.insert(
        UserRole,
        newRoles.map((role) => ({ userId: id, role })),
      );
    }
    await audit(em, p, { action: 'user.updated', entityType: 'user', entityId: id, before, after, orgUnitId: user.orgUnitId });
  }
  return view(em, await em.findOneByOrFail(User, { id: user.id }));
}

async function changePassword(em: EntityManager, p: Principal, userId: string, body: z.infer<typeof ChangePasswordBody>): Promise<void> {
  const user = await loadUserInScope(em, p, userId);
  const self = user.id === p.userId;
  if (self) {
    if (!body.currentPassword) throw invalid('body.currentPassword', 'required to change your own password');
    if (!(await verifyPassword(body.currentPassword, user.passwordHash))) throw invalid('body.currentPassword', 'is not your current password');
  } else requireRole(p, 'admin');
  const passwordHash = await hashPassword(body.newPassword);
  await em.transaction(async (tx) => {
    await tx.update(User, { id: user.id }, { passwordHash });
    await audit(tx, p, { action: self ? 'user.password.changed' : 'user.password.reset', entityType: 'user', entityId: user.id, orgUnitId: user.orgUnitId });
  });
}

function assertMayGrant(p: Principal, roles: readonly Role[]): void {
  if (!hasRole(p, 'admin') && roles.some((r) => PRIVILEGED.includes(r))) throw new ForbiddenError('Only administrators grant the admin and auditor roles');
}

/** A person in the caller's scope who has no login yet. */
async function assertPersonLinkable(em: EntityManager, p: Principal, personId: string): Promise<void> {
  await loadPersonInScope(em, p, personId).catch(() => {
    throw invalid('body.personId', 'no such person in your scope');
  });
  if (await em.existsBy(User, { personId }))
    throw new ConflictError('That person already has a login', [{ path: 'body.personId', message: 'already linked to a user' }]);
}

async function usernameTaken(em: EntityManager, username: string): Promise<boolean> {
  return (await em.createQueryBuilder(User, 'acct').where('LOWER(acct.username) = LOWER(:username)', { username }).getCount()) > 0;
}
