import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import jwt from 'jsonwebtoken';
import { QueryFailedError } from 'typeorm';
import { errorHandler } from '../../api/platform/error-handler';
import { MAX_PAGE_SIZE } from '../../api/platform/pagination';
import { createLogger } from '../../app/logger';
import { AssessmentCycle, Inspection, OrgUnit, Task, TrainingParticipant, User, UserRole } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import type { Role } from '../../domain/org';
import { startTestSystem } from '../support/env';
import { eventually } from '../support/wait';
import {
  fetchOpenApi,
  isWrite,
  label,
  LEAK,
  loginToken,
  operationsOf,
  PROTECTED_FIELDS,
  refusalProblem,
  send,
  validValue,
  type OpenApiDoc,
  type Operation,
  type RawResponse,
} from './support';

/**
 * The OWASP API Security Top 10 as tests, against the whole system (API + worker):
 * API1 object-level authorization across org units, API2 broken authentication, API3 mass
 * assignment and excessive data exposure, API4 unbounded resource use, API5 function-level
 * authorization from the route table (the document's x-access), API8 security misconfiguration.
 * test/integration/access.test.ts covers API keys and the basic token cases; this goes wider.
 */
const SECRET = 'test-secret-test-secret-test-secret-42';
const NOBODY = '00000000-0000-4000-8000-000000000000';
const DEMO_USERS: Record<string, Role> = {
  admin: 'admin',
  safety: 'safety_officer',
  hr: 'hr',
  manager: 'manager',
  auditor: 'auditor',
  'head.production': 'department_head',
  'head.equipment': 'department_head',
  employee: 'employee',
};

describe('OWASP API Security Top 10', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let doc: OpenApiDoc;
  let ops: Operation[];
  const tokens: Record<string, string> = {};
  const ds = () => system.dataSource;
  const call = (user: string | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    send(system.appUrl!, method, url, {
      token: user ? tokens[user] : undefined,
      body: body === undefined ? undefined : JSON.stringify(body),
      contentType: body === undefined ? undefined : 'application/json',
      headers,
    });
  const unit = async (code: string) => (await ds().getRepository(OrgUnit).findOneByOrFail({ code })).id;
  const user = (username: string) => ds().getRepository(User).findOneByOrFail({ username });
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  /** A refusal (JSON 4xx with error.code) with one of the allowed statuses. */
  const expectStatus = (r: RawResponse, ...allowed: number[]) => {
    if (!allowed.includes(r.status) || refusalProblem(r)) throw new Error(`expected ${allowed.join(' or ')}, got ${r.status}: ${r.text.slice(0, 300)}`);
  };
  /** `user` creates a record (POST, or PUT of a schedule): the answer is 201; its body. */
  const created = async <T>(user: string, method: 'POST' | 'PUT', url: string, body: unknown): Promise<T> => {
    const r = await call(user, method, url, body);
    expect(r.status).toBe(201);
    return r.body as unknown as T;
  };

  beforeAll(async () => {
    system = await startTestSystem('all');
    doc = await fetchOpenApi(system.appUrl!);
    ops = operationsOf(doc);
    for (const u of Object.keys(DEMO_USERS)) tokens[u] = await loginToken(system.appUrl!, u);
  }, 120_000);
  afterAll(() => system?.stop());

  describe('API1 object-level authorization: a department head acts only on records of their own subtree', () => {
    const other: { hazardId: string; taskId: string; emergencyId: string; inspectionId: string; trainingId: string; cycleId: string } = {
      hazardId: '',
      taskId: '',
      emergencyId: '',
      inspectionId: '',
      trainingId: '',
      cycleId: '',
    };
    let equipmentHead: User;
    let productionHead: User;
    let employee: User;

    beforeAll(async () => {
      [equipmentHead, productionHead, employee] = await Promise.all([user('head.equipment'), user('head.production'), user('employee')]);
      const equipment = await unit('DEMO-EQUIPMENT');
      // A hazard of the equipment department, waiting to be graded by the safety department.
      other.hazardId = randomUUID();
      const { workflowId } = await created<{ workflowId: string }>('head.equipment', 'POST', '/api/hazards', {
        reportId: other.hazardId,
        title: 'Oil leak under press 7',
        description: 'Hydraulic oil on the floor',
        category: 'housekeeping',
        area: 'Maintenance bay',
        suspectedSeverity: 'medium',
      });
      other.taskId = (
        await eventually(async () => ds().getRepository(Task).findOneBy({ workflowId, taskType: 'hazard.grade', status: 'open' }), 'the grading task')
      ).id;
      // An emergency drill in a second plant: none of the first plant's departments responds to it.
      const plant2 = await created<{ id: string }>('admin', 'POST', '/api/org/units', {
        parentId: await unit('DEMO-CO'),
        kind: 'plant',
        name: 'Second Plant',
        code: 'SEC-PLANT-2',
      });
      other.emergencyId = randomUUID();
      await created('admin', 'POST', '/api/emergencies', {
        emergencyId: other.emergencyId,
        type: 'fire',
        location: 'Warehouse B',
        orgUnitId: plant2.id,
        injuries: false,
        drill: true,
        description: 'Evacuation drill',
      });
      // An inspection and a training of the equipment department.
      const template = await created<{ id: string }>('safety', 'POST', '/api/inspections/templates', {
        code: 'SEC-WALK',
        name: 'Walk-through',
        items: [{ code: 'G1', title: 'Guards in place', maxScore: 10 }],
      });
      other.inspectionId = randomUUID();
      await created('safety', 'POST', '/api/inspections', {
        inspectionId: other.inspectionId,
        templateId: template.id,
        orgUnitId: equipment,
        inspectedOn: day(2),
        total: 80,
      });
      other.trainingId = randomUUID();
      await created('hr', 'POST', '/api/trainings', {
        trainingId: other.trainingId,
        title: 'Lockout/tagout',
        topic: 'LOTO',
        orgUnitId: equipment,
        heldOn: day(2),
        trainer: 'Chief engineer',
        participantIds: [equipmentHead.personId],
      });
      // A published assessment cycle of the company: everyone has a score.
      const { cycleId, workflowId: cycleWorkflow } = await created<{ cycleId: string; workflowId: string }>('hr', 'POST', '/api/assessment-cycles', {
        scopeOrgUnitId: await unit('DEMO-CO'),
        period: periodContaining('monthly', new Date()).label,
      });
      other.cycleId = cycleId;
      const review = await eventually(
        async () => ds().getRepository(Task).findOneBy({ workflowId: cycleWorkflow, taskType: 'assessment.review', status: 'open' }),
        'the review task',
        45_000,
      );
      expect((await call('hr', 'POST', `/api/tasks/${encodeURIComponent(review.id)}/complete`, { payload: { decision: 'publish', note: 'ok' } })).status).toBe(
        200,
      );
      await eventually(
        async () => (await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).status === 'published',
        'the cycle published',
        45_000,
      );
    }, 120_000);

    it('hazards and their tasks: not readable, not claimable, not delegable, not completable', async () => {
      const before = await ds().getRepository(Task).findOneByOrFail({ id: other.taskId });
      const t = `/api/tasks/${encodeURIComponent(other.taskId)}`;
      const h = `/api/hazards/${other.hazardId}`;
      for (const [method, url, body] of [
        ['GET', h],
        ['POST', `${h}/progress`, { text: 'We fixed it' }],
        ['POST', `${h}/extension`, { newDueAt: new Date(Date.now() + 864e5).toISOString(), reason: 'Parts' }],
        ['GET', t],
        ['POST', `${t}/claim`],
        ['POST', `${t}/unclaim`],
        ['POST', `${t}/delegate`, { toUserId: productionHead.id }],
        ['POST', `${t}/follow-up`, { followUpAt: new Date(Date.now() + 864e5).toISOString() }],
        ['POST', `${t}/complete`, { payload: { likelihood: 1, severity: 1, responsibleOrgUnitId: await unit('DEMO-PRODUCTION') } }],
      ] as const) {
        expectStatus(await call('head.production', method, url, body), 403, 404);
      }
      expect(await ds().getRepository(Task).findOneByOrFail({ id: other.taskId })).toEqual(before);
      const lists = [
        await call('head.production', 'GET', '/api/hazards?pageSize=200'),
        await call('head.production', 'GET', '/api/tasks?view=team&pageSize=200'),
      ];
      for (const l of lists) expect(JSON.stringify(l.body)).not.toMatch(new RegExp(`${other.hazardId}|${other.taskId}`));
      // Sanity: the records exist and their own department sees them.
      expect((await call('head.equipment', 'GET', h)).status).toBe(200);
      expect((await call('safety', 'GET', t)).status).toBe(200);
    });

    it('emergencies of another plant: not readable, no progress notes', async () => {
      for (const u of ['head.production', 'employee']) {
        expectStatus(await call(u, 'GET', `/api/emergencies/${other.emergencyId}`), 404);
        expectStatus(await call(u, 'POST', `/api/emergencies/${other.emergencyId}/progress`, { text: 'All out', response: 'evacuation' }), 403, 404);
        expect(JSON.stringify((await call(u, 'GET', '/api/emergencies?pageSize=200')).body)).not.toContain(other.emergencyId);
      }
      expect((await call('admin', 'GET', `/api/emergencies/${other.emergencyId}`)).status).toBe(200);
    });

    it('inspections and trainings of another department: not readable, not correctable', async () => {
      const inspection = await ds().getRepository(Inspection).findOneByOrFail({ id: other.inspectionId });
      const participants = await ds().getRepository(TrainingParticipant).findBy({ trainingId: other.trainingId });
      const production = await unit('DEMO-PRODUCTION');
      expectStatus(await call('head.production', 'GET', `/api/inspections/${other.inspectionId}`), 404);
      expectStatus(
        await call('head.production', 'PUT', `/api/inspections/${other.inspectionId}`, {
          templateId: inspection.templateId,
          orgUnitId: production,
          inspectedOn: day(2),
          total: 5,
        }),
        403,
        404,
      );
      expectStatus(await call('head.production', 'GET', `/api/trainings/${other.trainingId}`), 404);
      expectStatus(
        await call('head.production', 'PUT', `/api/trainings/${other.trainingId}/results`, {
          results: [{ personId: equipmentHead.personId, attended: false, passed: false }],
        }),
        403,
        404,
      );
      expect(await ds().getRepository(Inspection).findOneByOrFail({ id: other.inspectionId })).toEqual(inspection);
      expect(await ds().getRepository(TrainingParticipant).findBy({ trainingId: other.trainingId })).toEqual(participants);
      expect((await call('head.equipment', 'GET', `/api/inspections/${other.inspectionId}`)).status).toBe(200);
      expect((await call('head.equipment', 'GET', `/api/trainings/${other.trainingId}`)).status).toBe(200);
    });

    it("scores: a department head reads only their subtree's, an employee only their own", async () => {
      const c = encodeURIComponent(other.cycleId);
      expectStatus(await call('head.production', 'GET', `/api/scores/${c}/person/${equipmentHead.personId}`), 404);
      expectStatus(await call('head.production', 'GET', `/api/scores/${c}/person/${equipmentHead.personId}/facts`), 404);
      expectStatus(await call('head.production', 'GET', `/api/scores/${c}/department/${await unit('DEMO-EQUIPMENT')}`), 404);
      const ranking = await call('head.production', 'GET', `/api/assessment-cycles/${c}/results?subjectType=person&pageSize=200`);
      expect(ranking.status).toBe(200);
      expect(JSON.stringify(ranking.body)).not.toContain(equipmentHead.personId!);
      expectStatus(await call('employee', 'GET', `/api/scores/${c}/person/${productionHead.personId}`), 404);
      expectStatus(await call('employee', 'GET', `/api/scores/${c}/person/${equipmentHead.personId}/facts`), 404);
      expectStatus(await call('employee', 'GET', `/api/assessment-cycles/${c}/results?subjectType=person`), 403);
      // Sanity: the scores exist for those allowed to see them.
      expect((await call('employee', 'GET', `/api/scores/${c}/person/${employee.personId}`)).status).toBe(200);
      expect((await call('head.production', 'GET', `/api/scores/${c}/person/${employee.personId}`)).status).toBe(200);
      expect((await call('head.equipment', 'GET', `/api/scores/${c}/person/${equipmentHead.personId}`)).status).toBe(200);
    });
  });

  describe('API2 broken authentication', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const later = () => Math.floor(Date.now() / 1000) + 3600;

    it('tampered, unsigned, wrongly signed, expired, premature, foreign and orphaned tokens are 401 on reads and writes', async () => {
      const admin = await user('admin');
      const claims = { username: 'admin', roles: ['admin'], exp: later() };
      const sign = (payload: object, opts: jwt.SignOptions = {}, secret: jwt.Secret = SECRET) =>
        jwt.sign(payload, secret, { algorithm: 'HS256', subject: admin.id, issuer: 'safeloop', ...opts });
      const [h, , s] = tokens.employee.split('.');
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const disabled = await created<{ id: string }>('admin', 'POST', '/api/users', {
        username: 'sec.leaver',
        displayName: 'Leaver',
        password: 'leaver-password-1',
        orgUnitId: await unit('DEMO-FINANCE'),
        roles: ['employee'],
      });
      const leaverToken = await loginToken(system.appUrl!, 'sec.leaver', 'leaver-password-1');
      expect((await call('admin', 'PATCH', `/api/users/${disabled.id}`, { active: false })).status).toBe(200);
      const bad: Record<string, string> = {
        'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: admin.id, iss: 'safeloop', exp: later() })}.`,
        'alg None with the old signature': `${b64({ alg: 'None', typ: 'JWT' })}.${b64({ sub: admin.id, iss: 'safeloop', exp: later() })}.${s}`,
        'changed payload': `${h}.${b64({ sub: admin.id, iss: 'safeloop', username: 'admin', roles: ['admin'], exp: later() })}.${s}`,
        'wrong signature': sign(claims, {}, 'another-secret-another-secret-123456'),
        'HS512 with the right secret': sign(claims, { algorithm: 'HS512' }),
        'RS256 with another key': jwt.sign(claims, rsa, { algorithm: 'RS256', subject: admin.id, issuer: 'safeloop' }),
        expired: sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }),
        'not yet valid': sign(claims, { notBefore: 3600 }),
        'another issuer': sign(claims, { issuer: 'evil' }),
        'no subject': jwt.sign(claims, SECRET, { algorithm: 'HS256', issuer: 'safeloop' }),
        'unknown user': sign(claims, { subject: randomUUID() }),
        'deactivated user': leaverToken,
        truncated: tokens.admin.slice(0, -5),
      };
      const failures: string[] = [];
      for (const [what, token] of Object.entries(bad)) {
        for (const [method, url, body] of [
          ['GET', '/api/auth/me'],
          ['GET', '/api/users'],
          ['POST', '/api/api-keys', { name: 'x', userId: admin.id }],
          ['DELETE', `/api/org/units/${await unit('DEMO-FINANCE')}`],
        ] as const) {
          const r = await send(system.appUrl!, method, url, {
            headers: { authorization: `Bearer ${token}` },
            body: body && JSON.stringify(body),
            contentType: body && 'application/json',
          });
          if (r.status !== 401 || refusalProblem(r)) failures.push(`${what}: ${method} ${url} → ${r.status} ${r.text.slice(0, 120)}`);
        }
      }
      expect(failures).toEqual([]);
      expect((await send(system.appUrl!, 'GET', '/api/auth/me', { headers: { authorization: `Bearer ${bad.expired}` } })).body?.error?.message).toBe(
        'Token expired',
      );
      expect(await ds().getRepository(OrgUnit).existsBy({ code: 'DEMO-FINANCE' })).toBe(true);
    });

    it('roles come from the database, not from the token', async () => {
      const employee = await user('employee');
      const forged = jwt.sign({ username: 'admin', roles: ['admin'], exp: later() }, SECRET, { algorithm: 'HS256', subject: employee.id, issuer: 'safeloop' });
      const me = await send(system.appUrl!, 'GET', '/api/auth/me', { headers: { authorization: `Bearer ${forged}` } });
      expect(me.body).toMatchObject({ username: 'employee', roles: ['employee'] });
      expectStatus(
        await send(system.appUrl!, 'POST', '/api/api-keys', {
          headers: { authorization: `Bearer ${forged}` },
          body: JSON.stringify({ name: 'x', userId: employee.id }),
          contentType: 'application/json',
        }),
        403,
      );
    });

    it('no token, a garbage header or a token in the query string is 401 on every non-public route of the document', async () => {
      const failures: string[] = [];
      const garbage = [
        'Bearer',
        'Bearer x.y.z',
        'Basic YWRtaW46c2FmZWxvb3AtZGVtbw==',
        `Bearer ${'a.'.repeat(3000)}`,
        'ApiKey sl_000000000000_x',
        `Token ${tokens.admin}`,
      ];
      // Every route gets no header (with a token in the query string) and two of the garbage headers, in turn.
      for (const [i, op] of ops.filter((o) => o.access !== 'public').entries()) {
        const url = op.path.replace(/\{\w+\}/g, NOBODY);
        for (const authorization of [garbage[i % garbage.length], garbage[(i + 3) % garbage.length], undefined]) {
          const r = await send(system.appUrl!, op.method, authorization ? url : `${url}?token=${tokens.admin}&access_token=${tokens.admin}`, {
            headers: authorization ? { authorization } : {},
          });
          if (r.status !== 401 || refusalProblem(r))
            failures.push(`${label(op)} with ${authorization?.slice(0, 20) ?? 'a query-string token'} → ${r.status} ${r.text.slice(0, 100)}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('failed logins are limited per account and address: the configured limit, then 429 with a message, whatever the spelling of the name', async () => {
      const limit = system.config.loginRateLimit;
      expect(limit).toBe(10); // app/config.ts: LOGIN_RATE_LIMIT defaults to 10 failures per 15 minutes
      const login = (username: string, password: string) =>
        send(system.appUrl!, 'POST', '/api/auth/login', { body: JSON.stringify({ username, password }), contentType: 'application/json' });
      // The limiter reads the name before the schema does: a name that is no string is still a 400.
      for (const username of [{ toString: 'x', valueOf: 1 }, ['manager'], 42, null]) {
        expectStatus(
          await send(system.appUrl!, 'POST', '/api/auth/login', { body: JSON.stringify({ username, password: 'x' }), contentType: 'application/json' }),
          400,
        );
      }
      for (let i = 0; i < limit; i++) expectStatus(await login('manager', `wrong-${i}`), 401);
      const blocked = await login('manager', 'safeloop-demo');
      expectStatus(blocked, 429);
      expect(blocked.body?.error).toMatchObject({ code: 'too_many_attempts', message: expect.stringMatching(/Too many failed logins.*15 minutes/) });
      expect(blocked.headers.get('ratelimit-policy')).toMatch(new RegExp(`${limit}`));
      // The database matches names case-, accent- and space-insensitively: no other spelling of the account gets fresh attempts.
      for (const spelling of ['MANAGER', ' manager ', 'Manager', 'mánager']) expectStatus(await login(spelling, 'safeloop-demo'), 429);
      // Other accounts from the same address are not locked out.
      expect((await login('hr', 'safeloop-demo')).status).toBe(200);
    });
  });

  describe('API3 mass assignment and excessive data exposure', () => {
    const PROTECTED = [...PROTECTED_FIELDS, 'approvedBy', 'passwordHash', 'orgUnitPath', 'recordedBy', 'revision', 'isAdmin'];

    it('every JSON body refuses fields its schema does not name (protected fields included), naming them', async () => {
      const failures: string[] = [];
      for (const op of ops.filter((o) => isWrite(o) && o.jsonBody)) {
        const extra = PROTECTED.filter((f) => !(f in (op.jsonBody!.properties ?? {})));
        const who = Object.keys(DEMO_USERS).find((u) =>
          op.access === 'public' || op.access === 'authenticated' ? u === 'admin' : op.access.includes(DEMO_USERS[u]),
        )!;
        const body = {
          ...(validValue(doc, op.jsonBody!, () => 'mass assignment') as object),
          ...Object.fromEntries(extra.map((f) => [f, f === 'roles' ? ['admin'] : 'x'])),
        };
        const r = await call(who, op.method, op.path.replace(/\{\w+\}/g, NOBODY), body);
        const named = extra.filter((f) => !String(r.body?.error?.message).includes(`"${f}"`));
        if (r.status !== 400 || refusalProblem(r) || named.length) failures.push(`${label(op)} as ${who} → ${r.status}; not named: ${named.join(', ')}`);
      }
      expect(failures).toEqual([]);
    });

    it('nobody grants themselves roles, status or a unit; HR never grants admin or auditor', async () => {
      const employee = await user('employee');
      const roles = async (id: string) => (await ds().getRepository(UserRole).findBy({ userId: id })).map((r) => r.role).sort();
      expectStatus(await call('employee', 'PATCH', '/api/users/me', { roles: ['admin'] }), 403);
      expectStatus(await call('employee', 'PATCH', '/api/users/me', { active: false }), 403);
      expectStatus(await call('employee', 'PATCH', `/api/users/${employee.id}`, { orgUnitId: await unit('DEMO-GROUP') }), 403);
      expectStatus(await call('hr', 'PATCH', `/api/users/${employee.id}`, { roles: ['admin'] }), 403);
      expectStatus(await call('hr', 'PATCH', `/api/users/${employee.id}`, { roles: ['employee', 'auditor'] }), 403);
      expectStatus(
        await call('hr', 'POST', '/api/users', {
          username: 'sec.sneaky',
          displayName: 'Sneaky',
          password: 'sneaky-password-1',
          orgUnitId: await unit('DEMO-HR'),
          roles: ['admin'],
        }),
        403,
      );
      expect(await roles(employee.id)).toEqual(['employee']);
      expect(await user('employee')).toEqual(employee);
      expect(await ds().getRepository(User).existsBy({ username: 'sec.sneaky' })).toBe(false);
    });

    it('no response carries a password hash or an API key secret', async () => {
      const key = await created<{ key: string }>('admin', 'POST', '/api/api-keys', { name: 'exposure check', userId: (await user('hr')).id });
      for (const [u, url] of [
        ['admin', '/api/users?pageSize=200'],
        ['admin', `/api/users/${(await user('employee')).id}`],
        ['employee', '/api/users/me'],
        ['employee', '/api/auth/me'],
        ['admin', '/api/api-keys'],
        ['admin', '/api/org/people?pageSize=200'],
        ['auditor', '/api/audit?pageSize=200'],
      ]) {
        const r = await call(u, 'GET', url);
        expect(r.status).toBe(200);
        expect(r.text).not.toMatch(/passwordHash|password_hash|secretHash|secret_hash|scrypt\$/);
      }
      // The secret is everything after `sl_<prefix>_` (it may itself contain "_": base64url).
      const secret = key.key.slice('sl_'.length + 12 + 1);
      expect(secret.length).toBeGreaterThan(20);
      expect((await call('admin', 'GET', '/api/api-keys')).text).not.toContain(secret);
    });
  });

  describe('API4 unbounded resource use', () => {
    /** Lists without paging, each bounded by what it lists (the test fails when a new one appears unreviewed). */
    const UNPAGED: Record<string, string> = {
      '/api/org/tree': 'the org units in scope: the organisation itself',
      '/api/org/post-profiles': '18 fixed post profiles',
      '/api/policies': 'policy versions, published by hand by admins and the safety hub (no documents in the list)',
      '/api/api-keys': 'API keys, created by hand by admins',
      '/api/risk-assessments/schedules': 'one schedule per org unit',
      '/api/risk-assessments/{id}/register': 'the register of one assessment',
      '/api/rulesets': 'ruleset versions, written by hand (no documents in the list)',
      '/api/indicators': 'the fixed indicator library',
      '/api/assessment-cycles/schedules': 'one schedule per scope and cadence',
      '/api/scores/me': 'one score per published cycle of the caller',
      '/api/scores/ratings': 'the ratings of one person for one period',
      '/api/appeals': `capped at ${MAX_PAGE_SIZE}, newest first`,
      '/api/adjustments': 'capped at 500, newest first',
      '/api/declarations': `capped at ${MAX_PAGE_SIZE}, newest first`,
      '/api/improvement-plans': `capped at ${MAX_PAGE_SIZE}`,
      '/api/alert-rules': 'one rule per alert kind',
      '/api/processes/views': "the caller's own saved views and the hub's shared ones",
      '/api/inspections/templates/{id}': 'one template (at most 200 items by its schema)',
      '/api/exports/collaboration-report': 'one row per department in scope, for one month',
    };
    const isList = (o: Operation) => !!o.okSchema && (o.okSchema.type === 'array' || o.okSchema.properties?.items?.type === 'array');
    const capParam = (o: Operation) => o.queryParams.find((q) => q.name === 'pageSize' || q.name === 'limit');

    it(`every list route either caps its page size at ${MAX_PAGE_SIZE} or is a reviewed bounded list`, async () => {
      const lists = ops.filter((o) => o.method === 'GET' && (isList(o) || capParam(o)));
      expect(
        lists
          .filter((o) => !capParam(o))
          .map((o) => o.path)
          .sort(),
      ).toEqual(Object.keys(UNPAGED).sort());
      const failures: string[] = [];
      for (const op of lists.filter(capParam)) {
        const cap = capParam(op)!;
        expect(cap.schema.maximum).toBeLessThanOrEqual(MAX_PAGE_SIZE);
        const base = op.path.replace(/\{\w+\}/g, NOBODY);
        const required = op.queryParams
          .filter((q) => q.required)
          .map(
            (q) =>
              `${q.name}=${encodeURIComponent(
                String(
                  validValue(
                    doc,
                    q.schema,
                    () => 'x',
                    () => NOBODY,
                  ),
                ),
              )}`,
          );
        for (const v of ['100000', '201', '0', '-1', '1e9', 'NaN', 'Infinity', '10.5', '']) {
          const r = await call('admin', 'GET', `${base}?${[...required, `${cap.name}=${v}`].join('&')}`);
          if (r.status !== 400 || refusalProblem(r) || !JSON.stringify(r.body?.error?.details).includes(`query.${cap.name}`))
            failures.push(`${label(op)} ${cap.name}=${v} → ${r.status}`);
        }
        if (cap.name === 'pageSize') {
          const page = await call('admin', 'GET', `${base}?${[...required, 'page=100001'].join('&')}`);
          if (page.status !== 400) failures.push(`${label(op)} page=100001 → ${page.status}`);
        }
      }
      expect(failures).toEqual([]);
      // At the cap, a list answers with at most that many items.
      for (const url of ['/api/org/people', '/api/users', '/api/audit', '/api/tasks?view=team', '/api/hazards']) {
        const r = await call('admin', 'GET', `${url}${url.includes('?') ? '&' : '?'}pageSize=${MAX_PAGE_SIZE}`);
        expect(r.status).toBe(200);
        expect((r.body as unknown as { items: unknown[] }).items.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
      }
    });

    it('arrays in bodies are capped by their schemas', async () => {
      const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
      expectStatus(await call('admin', 'POST', '/api/hazards/sync', { reports: Array.from({ length: 101 }, () => ({})) }), 400);
      expectStatus(await call('admin', 'POST', '/api/processes/cancel', { workflowIds: ids(101), reason: 'bulk' }), 400);
      expectStatus(
        await call('admin', 'POST', '/api/notifications', { audience: { kind: 'users', userIds: ids(501) }, severity: 'info', subject: 's', body: 'b' }),
        400,
      );
      expectStatus(
        await call('hr', 'POST', '/api/trainings', {
          trainingId: randomUUID(),
          title: 't',
          topic: 't',
          orgUnitId: await unit('DEMO-HR'),
          heldOn: day(1),
          trainer: 't',
          participantIds: ids(1001),
        }),
        400,
      );
    });
  });

  describe('API5 function-level authorization', () => {
    it('every route limited to roles (x-access in the document) refuses every demo user without them with 403', async () => {
      const limited = ops.filter((o) => Array.isArray(o.access));
      expect(limited.length).toBeGreaterThan(30);
      const failures: string[] = [];
      let checked = 0;
      for (const op of limited) {
        const url = op.path.replace(/\{\w+\}/g, NOBODY);
        for (const [u, role] of Object.entries(DEMO_USERS).filter(([, r]) => !(op.access as Role[]).includes(r))) {
          const r = await call(
            u,
            op.method,
            url,
            op.jsonBody
              ? validValue(
                  doc,
                  op.jsonBody,
                  () => 'function level',
                  () => NOBODY,
                )
              : undefined,
          );
          checked++;
          if (r.status !== 403 || refusalProblem(r)) failures.push(`${label(op)} as ${u} (${role}) → ${r.status} ${r.text.slice(0, 100)}`);
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(150);
    });

    it('auditors are read-only: every write route of the document is 403', async () => {
      const failures: string[] = [];
      for (const op of ops.filter(isWrite)) {
        const r = await call(
          'auditor',
          op.method,
          op.path.replace(/\{\w+\}/g, NOBODY),
          op.jsonBody
            ? validValue(
                doc,
                op.jsonBody,
                () => 'auditor',
                () => NOBODY,
              )
            : undefined,
        );
        if (r.status !== 403 || refusalProblem(r)) failures.push(`${label(op)} → ${r.status}`);
      }
      expect(failures).toEqual([]);
    });

    it('checks made in handlers hold: org writes, risk assessments, cycles', async () => {
      const employee = await user('employee');
      expectStatus(await call('employee', 'PATCH', `/api/org/units/${employee.orgUnitId}`, { name: 'Renamed by an employee' }), 403);
      expectStatus(await call('employee', 'DELETE', `/api/org/posts/${NOBODY}`), 403, 404);
      expectStatus(await call('employee', 'PATCH', `/api/org/people/${employee.personId}`, { name: 'Renamed' }), 403);
      expectStatus(
        await call('employee', 'POST', '/api/risk-assessments', { assessmentId: `sec-${randomUUID()}`, title: 't', area: 'a', orgUnitId: employee.orgUnitId }),
        403,
      );
      expectStatus(await call('head.production', 'POST', `/api/users/${(await user('admin')).id}/password`, { newPassword: 'taken-over-123' }), 403, 404);
      expect((await ds().getRepository(OrgUnit).findOneByOrFail({ id: employee.orgUnitId })).name).toBe('Stamping Workshop');
    });

    it('cycle schedule routes touch only cycle schedules of the caller’s scope (not risk-assessment or alert schedules)', async () => {
      const plant = await unit('DEMO-PLANT');
      const group = await unit('DEMO-GROUP');
      const { scheduleId: riskId } = await created<{ scheduleId: string }>('safety', 'PUT', '/api/risk-assessments/schedules', {
        area: 'Whole plant',
        orgUnitId: plant,
        paused: true,
      });
      const { scheduleId: cycleId } = await created<{ scheduleId: string }>('admin', 'PUT', '/api/assessment-cycles/schedules', {
        scopeOrgUnitId: group,
        cadence: 'quarterly',
        paused: true,
      });
      try {
        const sweep = `AlertSweep:${system.config.temporal.taskQueue}`;
        for (const [u, id] of [
          ['hr', riskId],
          ['hr', sweep],
          ['manager', riskId],
          ['manager', cycleId], // the group's schedule: outside a plant manager's scope
        ]) {
          expectStatus(await call(u, 'POST', `/api/assessment-cycles/schedules/${encodeURIComponent(id)}/trigger`), 403, 404);
          expectStatus(await call(u, 'DELETE', `/api/assessment-cycles/schedules/${encodeURIComponent(id)}`), 403, 404);
        }
        expect((await call('safety', 'GET', `/api/risk-assessments/schedules/${encodeURIComponent(riskId)}`)).status).toBe(200);
        expect(JSON.stringify((await call('admin', 'GET', '/api/assessment-cycles/schedules')).body)).toContain(cycleId);
        await expect(system.client.schedule.getHandle(sweep).describe()).resolves.toBeTruthy();
      } finally {
        await call('safety', 'DELETE', `/api/risk-assessments/schedules/${encodeURIComponent(riskId)}`);
        await call('admin', 'DELETE', `/api/assessment-cycles/schedules/${encodeURIComponent(cycleId)}`);
      }
    });
  });

  describe('API8 security misconfiguration', () => {
    it('helmet headers on answers, errors and the docs; no X-Powered-By, no server banner', async () => {
      for (const [u, url] of [
        [null, '/api/health'],
        ['admin', '/api/org/tree'],
        [null, '/api/org/tree'],
        ['admin', '/api/no-such-route'],
        [null, '/api/openapi.json'],
        [null, '/api/docs/'],
      ] as const) {
        const r = await call(u, 'GET', url);
        const h = Object.fromEntries(r.headers);
        expect(h).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'strict-transport-security': expect.stringContaining('max-age='),
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-resource-policy': 'same-origin',
          'content-security-policy': expect.stringContaining("default-src 'self'"),
        });
        expect(h['content-security-policy']).toContain("frame-ancestors 'self'");
        expect(h['content-security-policy']).toContain("object-src 'none'");
        expect(h['x-powered-by']).toBeUndefined();
        expect(h.server).toBeUndefined();
      }
    });

    it('CORS is not open: no cross-origin grant on requests or preflights, credentials never', async () => {
      for (const [method, url, headers] of [
        ['GET', '/api/health', { origin: 'https://evil.example' }],
        ['GET', '/api/auth/me', { origin: 'null', authorization: `Bearer ${tokens.admin}` }],
        [
          'OPTIONS',
          '/api/hazards',
          { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
        ],
        ['OPTIONS', '/api/auth/login', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }],
      ] as const) {
        const r = await send(system.appUrl!, method, url, { headers });
        expect(r.headers.get('access-control-allow-origin')).toBeNull();
        expect(r.headers.get('access-control-allow-credentials')).toBeNull();
        expect(r.headers.get('access-control-allow-headers')).toBeNull();
      }
    });

    it('TRACE does not echo requests', async () => {
      // fetch refuses to send TRACE: a raw request, as an attacker's client would send it.
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          `${system.appUrl}/api/health`,
          { method: 'TRACE', headers: { 'x-secret': 'should-not-echo', cookie: 'session=should-not-echo' } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(text).not.toContain('should-not-echo');
    });

    it('4xx and 5xx bodies carry no stack trace, SQL or file paths', async () => {
      // Real refusals of the running API.
      for (const r of [
        await send(system.appUrl!, 'POST', '/api/hazards', { token: tokens.admin, body: '{"broken": ', contentType: 'application/json' }),
        await call('admin', 'GET', '/api/hazards?pageSize=abc'),
        await call('admin', 'GET', '/api/tasks/%E0%A4%A'),
        await call('admin', 'GET', `/api/org/units/${'x'.repeat(37)}`),
      ]) {
        expect([r.status, refusalProblem(r)]).toEqual([expect.any(Number), null]);
        expect(r.text).not.toMatch(LEAK);
      }
      // The error handler itself, given the worst: driver errors with SQL, programming errors, errors with file paths.
      const app = express();
      app.get('/sql', () => {
        throw new QueryFailedError(
          'SELECT password_hash FROM `users` WHERE id = ?',
          ['x'],
          Object.assign(new Error("ER_PARSE_ERROR: You have an error in your SQL syntax near 'x'"), { code: 'ER_PARSE_ERROR', sqlMessage: 'syntax' }),
        );
      });
      app.get('/bug', () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id') at /srv/app/api/tasks/task-service.ts:12:3");
      });
      app.get('/fs', () => {
        throw Object.assign(new Error("ENOENT: no such file or directory, stat '/srv/app/web/dist/index.html'"), { status: 404, code: 'ENOENT' });
      });
      app.use(errorHandler(createLogger('silent')));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        for (const [url, status] of [
          ['/sql', 500],
          ['/bug', 500],
          ['/fs', 404],
        ] as const) {
          const r = await send(base, 'GET', url);
          expect([r.status, refusalProblem(r) ?? 'ok']).toEqual([status, status === 500 ? 'status 500' : 'ok']);
          expect(r.text).not.toMatch(LEAK);
          expect(r.text).not.toMatch(/\/srv\/|password_hash|SQL syntax|TypeError/);
        }
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});
