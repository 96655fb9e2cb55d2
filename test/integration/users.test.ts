import { AuditEntry, OrgUnit, Person, User, UserRole } from '../../db/entities';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { usersOf } from '../support/as-user';
import { httpClient, startTestSystem } from '../support/env';

/**
 * The users API: who may create and change accounts and grant which roles, what everybody may
 * change on their own account, password changes, scopes, and that no hash ever leaves.
 */
describe('users API', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let as: ReturnType<typeof usersOf>['as'];
  const unitId = async (code: string) => (await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code })).id;
  const userId = async (username: string) => (await system.dataSource.getRepository(User).findOneByOrFail({ username })).id;
  const rolesOf = async (username: string) =>
    (await system.dataSource.getRepository(UserRole).findBy({ userId: await userId(username) })).map((r) => r.role).sort();
  const paths = (r: { body: { error: { details?: { path: string }[] } } }) => (r.body.error.details ?? []).map((d) => d.path);
  const login = async (username: string, password: string) => (await httpClient(system.appUrl!).call('POST', '/api/auth/login', { username, password })).status;

  beforeAll(async () => {
    system = await startTestSystem('api');
    as = usersOf(system.appUrl!).as;
  });
  afterAll(() => system?.stop());

  it('lets HR create accounts in its scope, but never with admin or auditor roles', async () => {
    const hr = as('hr');
    const stamping = await unitId('DEMO-WS-STAMPING');
    const admin = await hr.call('POST', '/api/users', {
      username: 'sneaky',
      displayName: 'Sneaky',
      password: 'long-enough-1',
      orgUnitId: stamping,
      roles: ['employee', 'admin'],
    });
    expect(admin.status).toBe(403);
    expect(
      (await hr.call('POST', '/api/users', { username: 'sneaky', displayName: 'S', password: 'long-enough-1', orgUnitId: stamping, roles: ['auditor'] }))
        .status,
    ).toBe(403);
    expect(
      (
        await hr.call('POST', '/api/users', {
          username: 'outside',
          displayName: 'O',
          password: 'long-enough-1',
          orgUnitId: await unitId('DEMO-GROUP'),
          roles: ['employee'],
        })
      ).status,
    ).toBe(404);

    const person = await system.dataSource.getRepository(Person).findOneByOrFail({ employeeNo: 'E1008' });
    const linked = await hr.call('POST', '/api/users', {
      username: 'liu2',
      displayName: 'Liu again',
      password: 'long-enough-1',
      orgUnitId: stamping,
      personId: person.id,
      roles: ['employee'],
    });
    expect(linked.status).toBe(409);
    expect(paths(linked)).toEqual(['body.personId']);

    const created = await hr.call('POST', '/api/users', {
      username: 'operator.wu',
      displayName: 'Operator Wu',
      password: 'long-enough-1',
      orgUnitId: stamping,
      roles: ['employee'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'operator.wu',
      displayName: 'Operator Wu',
      orgUnitId: stamping,
      orgUnitName: 'Stamping Workshop',
      roles: ['employee'],
      active: true,
      locale: 'en',
      quietHours: null,
    });
    expect(created.text).not.toMatch(/passwordHash|scrypt\$/);
    expect(await login('operator.wu', 'long-enough-1')).toBe(200);
    const audit = await system.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'user.created', entityId: created.body.id });
    expect(audit.actor).toBe('hr');
    expect(audit.after).not.toMatch(/scrypt|password/i);

    const taken = await as('admin').call('POST', '/api/users', {
      username: 'OPERATOR.WU',
      displayName: 'X',
      password: 'long-enough-1',
      orgUnitId: stamping,
      roles: ['employee'],
    });
    expect(taken.status).toBe(409);
    const invalid = await as('admin').call('POST', '/api/users', {
      username: 'x y',
      displayName: '',
      password: 'short',
      orgUnitId: stamping,
      roles: [],
      passwordHash: 'x',
    });
    expect(invalid.status).toBe(400);
    expect(paths(invalid).sort()).toEqual(['body', 'body.displayName', 'body.password', 'body.roles', 'body.username']);
    expect(
      (
        await as('manager').call('POST', '/api/users', {
          username: 'm1',
          displayName: 'M',
          password: 'long-enough-1',
          orgUnitId: stamping,
          roles: ['employee'],
        })
      ).status,
    ).toBe(403);
  });

  it('lets only administrators grant admin or auditor, and nobody change their own roles', async () => {
    const target = await userId('head.equipment');
    const hrGrant = await as('hr').call('PATCH', `/api/users/${target}`, { roles: ['department_head', 'admin'] });
    expect(hrGrant.status).toBe(403);
    const hrOk = await as('hr').call('PATCH', `/api/users/${target}`, { roles: ['department_head', 'safety_officer'] });
    expect(hrOk.status).toBe(200);
    expect(hrOk.body.roles).toEqual(['department_head', 'safety_officer']);
    // HR cannot touch privileged accounts, which sit above its scope anyway.
    expect((await as('hr').call('PATCH', `/api/users/${await userId('auditor')}`, { displayName: 'X' })).status).toBe(404);

    const adminGrant = await as('admin').call('PATCH', `/api/users/${target}`, { roles: ['department_head', 'auditor'] });
    expect(adminGrant.status).toBe(200);
    expect(await rolesOf('head.equipment')).toEqual(['auditor', 'department_head']);
    const audit = await system.dataSource.getRepository(AuditEntry).findBy({ action: 'user.updated', entityId: target });
    expect(audit.map((a) => a.actor)).toEqual(['hr', 'admin']);
    expect(JSON.parse(audit[1].before!).roles).toEqual(['department_head', 'safety_officer']);

    for (const [who, path] of [
      ['admin', `/api/users/${await userId('admin')}`],
      ['admin', '/api/users/me'],
      ['hr', '/api/users/me'],
      ['employee', '/api/users/me'],
    ]) {
      const r = await as(who).call('PATCH', path, { roles: ['admin', 'employee'] });
      expect(r.status).toBe(403);
    }
    expect((await as('hr').call('PATCH', '/api/users/me', { active: false })).status).toBe(403);
    expect(await rolesOf('admin')).toEqual(['admin']);
    expect(await rolesOf('hr')).toEqual(['hr']);
  });

  it('lets every user set their own quiet hours, substitute and language, and nothing else', async () => {
    const employee = as('employee');
    const substitute = await userId('head.production');
    const r = await employee.call('PATCH', '/api/users/me', {
      quietHours: { start: '22:00', end: '07:00:00', timeZone: 'Asia/Shanghai' },
      substituteUserId: substitute,
      locale: 'zh-CN',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      username: 'employee',
      quietHours: { start: '22:00', end: '07:00:00', timeZone: 'Asia/Shanghai' },
      substituteUserId: substitute,
      locale: 'zh-CN',
    });
    const me = await employee.call('GET', '/api/users/me');
    expect(me.body.locale).toBe('zh-CN');
    const byId = await employee.call('PATCH', `/api/users/${me.body.id}`, { quietHours: null });
    expect(byId.status).toBe(200);
    expect(byId.body.quietHours).toBeNull();

    const bad = await employee.call('PATCH', '/api/users/me', {
      quietHours: { start: '25:00', end: '07:00', timeZone: 'Mars/Base' },
      locale: 'fr',
      substituteUserId: me.body.id,
    });
    expect(bad.status).toBe(400);
    expect(paths(bad).sort()).toEqual(['body.locale', 'body.quietHours.start', 'body.quietHours.timeZone']);
    expect(paths(await employee.call('PATCH', '/api/users/me', { substituteUserId: me.body.id }))).toEqual(['body.substituteUserId']);
    expect((await employee.call('PATCH', '/api/users/me', { displayName: 'The Boss' })).status).toBe(403);
    expect((await employee.call('PATCH', `/api/users/${substitute}`, { locale: 'en' })).status).toBe(404);
    expect((await employee.call('GET', `/api/users/${substitute}`)).status).toBe(404);
    expect((await employee.call('GET', '/api/users')).status).toBe(403);
    expect((await as('auditor').call('PATCH', '/api/users/me', { locale: 'en' })).status).toBe(403);
  });

  it('requires the current password to change one’s own; administrators reset anyone’s', async () => {
    const employee = as('employee');
    const missing = await employee.call('POST', '/api/users/me/password', { newPassword: 'brand-new-pass-1' });
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['body.currentPassword']);
    const wrong = await employee.call('POST', '/api/users/me/password', { currentPassword: 'not-it', newPassword: 'brand-new-pass-1' });
    expect(paths(wrong)).toEqual(['body.currentPassword']);
    expect(paths(await employee.call('POST', '/api/users/me/password', { currentPassword: 'safeloop-demo', newPassword: 'short' }))).toEqual([
      'body.newPassword',
    ]);
    expect((await employee.call('POST', '/api/users/me/password', { currentPassword: 'safeloop-demo', newPassword: 'brand-new-pass-1' })).status).toBe(204);
    expect(await login('employee', 'safeloop-demo')).toBe(401);
    expect(await login('employee', 'brand-new-pass-1')).toBe(200);

    const employeeId = await userId('employee');
    expect((await as('hr').call('POST', `/api/users/${employeeId}/password`, { newPassword: 'hr-sets-this-1' })).status).toBe(403);
    expect((await as('admin').call('POST', `/api/users/${employeeId}/password`, { newPassword: 'admin-reset-01' })).status).toBe(204);
    expect(await login('employee', 'admin-reset-01')).toBe(200);
    const actions = (await system.dataSource.getRepository(AuditEntry).findBy({ entityId: employeeId })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.password.changed', 'user.password.reset']));
  });

  it('lists accounts in scope, paginated, and deactivates logins', async () => {
    const hr = await as('hr').call('GET', '/api/users?pageSize=200');
    expect(hr.status).toBe(200);
    const names = hr.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['hr', 'manager', 'employee', 'head.production']));
    expect(names).not.toContain('admin');
    expect(names).not.toContain('auditor');
    expect(hr.text).not.toMatch(/passwordHash|scrypt\$/);

    const page = await as('admin').call('GET', '/api/users?pageSize=2&page=1&role=department_head');
    expect(page.body).toMatchObject({ total: 2, page: 1, pageSize: 2 });
    expect(page.body.items.map((u: { username: string }) => u.username)).toEqual(['head.equipment', 'head.production']);
    expect(paths(await as('admin').call('GET', '/api/users?pageSize=201'))).toEqual(['query.pageSize']);
    expect((await as('hr').call('GET', `/api/users/${await userId('admin')}`)).status).toBe(404);

    const wu = await userId('operator.wu');
    expect((await as('manager').call('PATCH', `/api/users/${wu}`, { active: false })).status).toBe(403);
    expect((await as('hr').call('PATCH', `/api/users/${wu}`, { active: false })).status).toBe(200);
    expect(await login('operator.wu', 'long-enough-1')).toBe(401);
    expect((await verifyAuditLog(system.dataSource)).ok).toBe(true);
  });
});
