import { TokenService } from '../../api/auth/tokens';
import { User } from '../../db/entities';
import { httpClient, startTestSystem } from '../support/env';

/** Credentials: API keys, token expiry and tampering, login rate limiting, security headers. */
describe('identity and access', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  beforeAll(async () => {
    system = await startTestSystem('api', { LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(() => system?.stop());

  it('lets a machine client in with an API key until it is revoked', async () => {
    const admin = httpClient(system.appUrl!);
    await admin.login('admin');
    const hr = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'hr' });
    const created = await admin.call('POST', '/api/api-keys', { name: 'payroll export', userId: hr.id });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sl_[0-9a-f]{12}_/);
    const list = await admin.call('GET', '/api/api-keys');
    // The secret is everything after `sl_<prefix>_` (it may itself contain "_": base64url).
    const secret = (created.body.key as string).slice('sl_'.length + 12 + 1);
    expect(secret.length).toBeGreaterThan(20);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const machine = httpClient(system.appUrl!);
    const me = await machine.call('GET', '/api/auth/me', undefined, { 'x-api-key': created.body.key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'hr', roles: ['hr'] });
    expect((await machine.call('GET', '/api/auth/me', undefined, { authorization: `ApiKey ${created.body.key}` })).status).toBe(200);
    expect((await machine.call('GET', '/api/auth/me', undefined, { 'x-api-key': `${created.body.key.slice(0, -2)}xx` })).status).toBe(401);
    expect((await machine.call('GET', '/api/auth/me', undefined, { 'x-api-key': 'nonsense' })).status).toBe(401);

    expect((await admin.call('DELETE', `/api/api-keys/${created.body.id}`)).body.revokedAt).not.toBeNull();
    const revoked = await machine.call('GET', '/api/auth/me', undefined, { 'x-api-key': created.body.key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);

    const employee = httpClient(system.appUrl!);
    await employee.login('employee');
    expect((await employee.call('POST', '/api/api-keys', { name: 'x', userId: hr.id })).status).toBe(403);
  });

  it('rejects expired and tampered tokens', async () => {
    const admin = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'admin' });
    const expired = await new TokenService(system.config.jwtSecret!, -10).issue({ id: admin.id, username: 'admin', roles: ['admin'] });
    const c = httpClient(system.appUrl!);
    const r = await c.call('GET', '/api/auth/me', undefined, { authorization: `Bearer ${expired.token}` });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toBe('Token expired');

    const forged = await new TokenService('another-secret-another-secret-123456', 3600).issue({ id: admin.id, username: 'admin', roles: ['admin'] });
    expect((await c.call('GET', '/api/auth/me', undefined, { authorization: `Bearer ${forged.token}` })).status).toBe(401);
    const good = await c.login('employee');
    const [h, , s] = good.token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: admin.id, iss: 'safeloop', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    expect((await c.call('GET', '/api/auth/me', undefined, { authorization: `Bearer ${h}.${payload}.${s}` })).status).toBe(401);
  });

  it('limits failed logins per user and address, without locking out others', async () => {
    const c = httpClient(system.appUrl!);
    for (let i = 0; i < 3; i++) expect((await c.call('POST', '/api/auth/login', { username: 'manager', password: `wrong-${i}` })).status).toBe(401);
    const blocked = await c.call('POST', '/api/auth/login', { username: 'manager', password: 'safeloop-demo' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect((await c.call('POST', '/api/auth/login', { username: 'hr', password: 'safeloop-demo' })).status).toBe(200);
  });

  it('sends security headers and never a stack trace', async () => {
    const r = await httpClient(system.appUrl!).call('GET', '/api/health');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
});
