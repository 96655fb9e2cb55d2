import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { CODEC_COOKIE, CODEC_PATH } from '../codec/routes';
import type { Router } from 'express';
import type { DataSource } from 'typeorm';
import { ROLES } from '../../domain/org';
import { EmergencyPhoneView, emergencyPhonesFor } from '../org/emergency-phones';
import { verifyPassword } from './password';
import { loadPrincipal } from './users';
import type { ApiDeps } from '../platform/deps';
import { UnauthorizedError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineRoute, type Principal } from '../platform/route';

export const LoginBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict()
  .openapi('LoginRequest');

export const UserView = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string().describe('The English display name'),
    displayNameZh: z.string().nullable().describe('The Chinese display name (null: displayName in both languages)'),
    roles: z.array(z.enum(ROLES)),
    orgUnitId: z.string(),
    personId: z.string().nullable(),
    emergencyPhones: z
      .array(EmergencyPhoneView)
      .describe("The emergency numbers of the user's unit and the units above it, nearest first: shown at once when raising an emergency, also offline"),
  })
  .openapi('CurrentUser');

const LoginResult = z.object({ token: z.string(), expiresAt: z.string(), user: UserView }).openapi('LoginResult');

export async function userView(ds: DataSource, p: Principal): Promise<z.infer<typeof UserView>> {
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    displayNameZh: p.displayNameZh ?? null,
    roles: p.roles,
    orgUnitId: p.orgUnitId,
    personId: p.personId,
    emergencyPhones: await emergencyPhonesFor(ds, p.orgUnitPath),
  };
}

// A fixed hash to compare against when the user does not exist, so timing does not reveal usernames.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function authRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    summary: 'Exchange a username and password for a bearer token',
    tags: ['auth'],
    access: 'public',
    body: LoginBody,
    responses: { 200: { description: 'Logged in', schema: LoginResult } },
    handler: async ({ body, res }) => {
      const principal = await loadPrincipal(deps.dataSource, { username: body.username });
      const ok = await verifyPassword(body.password, principal?.passwordHash ?? DUMMY_HASH);
      if (!principal || !ok) throw new UnauthorizedError('Wrong username or password');
      const { token, expiresAt } = await deps.tokens.issue({ id: principal.userId, username: principal.username, roles: principal.roles });
      // The Temporal UI decodes payloads through the app (api/codec): it sends this cookie, for that path only.
      res.cookie(CODEC_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: CODEC_PATH, expires: new Date(expiresAt), secure: res.req.secure });
      return { token, expiresAt, user: await userView(deps.dataSource, principal) };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/auth/me',
    operationId: 'getMe',
    summary: 'The logged-in user',
    tags: ['auth'],
    access: 'authenticated',
    responses: { 200: { description: 'Current user', schema: UserView } },
    handler: async ({ principal }) => userView(deps.dataSource, principal),
  });
}
