import { randomUUID } from 'node:crypto';
import { ProbeRun } from '../../db/entities';
import { probeWorkflowId } from '../../workflows/probe/messages';
import { SA } from '../../workflows/shared/search-attributes';
import { httpClient, startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';

/**
 * The platform loop, for real: the API starts a workflow on the Temporal dev server, the worker
 * runs its activity, the activity writes a MariaDB row, and the test reads that row back.
 */
describe('platform: API → Temporal → worker → database', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    system = await startTestSystem();
    http = httpClient(system.appUrl!);
  });
  afterAll(() => system?.stop());

  it('reports database and Temporal healthy', async () => {
    const r = await http.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.body.database).toMatchObject({ status: 'ok' });
    expect(r.body.database.detail).toMatch(/^mysql:\/\//);
    expect(r.body.temporal).toMatchObject({ status: 'ok', namespace: 'default', detail: system.temporalAddress });
  });

  it('runs a probe workflow whose activity writes a row, idempotently per probe id', async () => {
    await http.login('admin');
    const probeId = randomUUID();
    const first = await http.call('POST', '/api/system/probes', { probeId, message: 'loop check' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ probeId, workflowId: `Probe:${probeId}`, message: 'loop check', requestedBy: 'admin' });

    // The row is really in MariaDB.
    const row = await system.dataSource.getRepository(ProbeRun).findOneByOrFail({ workflowId: probeWorkflowId(probeId) });
    expect(row.message).toBe('loop check');
    expect(row.createdAt.toISOString()).toBe(first.body.recordedAt);

    // A resend is the same probe: same workflow, same row, nothing new.
    const again = await http.call('POST', '/api/system/probes', { probeId, message: 'loop check' });
    expect(again.status).toBe(201);
    expect(again.body.recordedAt).toBe(first.body.recordedAt);
    expect(await system.dataSource.getRepository(ProbeRun).countBy({ workflowId: probeWorkflowId(probeId) })).toBe(1);

    const handle = system.client.workflow.getHandle(probeWorkflowId(probeId));
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get(SA.processType)).toBe('probe');
    expect(description.typedSearchAttributes.get(SA.status)).toBe('recorded');

    const read = await http.call('GET', `/api/system/probes/${probeId}`);
    expect(read.status).toBe(200);
    expect(read.body.recordedAt).toBe(first.body.recordedAt);

    await recordHistory(system.client, handle.workflowId, 'ProbeWorkflow');
  });

  it('answers bad input with 400 and the field paths, never a 500', async () => {
    await http.login('admin');
    const invalid = await http.call('POST', '/api/system/probes', { probeId: 'not-a-uuid', message: '', extra: true });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    const paths = invalid.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.probeId', 'body.message', 'body']));

    const badJson = await http.call('POST', '/api/system/probes', '{"probeId": ', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('invalid_json');

    const wrongType = await http.call('POST', '/api/auth/login', { username: 42, password: ['x'] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.password', 'body.username']);

    const badParam = await http.call('GET', '/api/system/probes/xyz');
    expect(badParam.status).toBe(400);
    expect(badParam.body.error.details[0].path).toBe('params.probeId');

    const unknown = await http.call('GET', '/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: 'No such API route' } });
    expect(unknown.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers errors in the reader’s language (Accept-Language), the field paths kept; English without the header', async () => {
    await http.login('admin');
    const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' };
    // zod's own message, from its Chinese locale.
    const badParam = await http.call('GET', '/api/system/probes/xyz', undefined, zh);
    expect(badParam.status).toBe(400);
    expect(badParam.body.error).toEqual({
      code: 'validation_failed',
      message: '请求无效：params.probeId：UUID格式不正确',
      details: [{ path: 'params.probeId', message: 'UUID格式不正确' }],
    });
    const english = await http.call('GET', '/api/system/probes/xyz');
    expect(english.body.error).toEqual({
      code: 'validation_failed',
      message: 'Invalid request: params.probeId: Invalid UUID',
      details: [{ path: 'params.probeId', message: 'Invalid UUID' }],
    });

    // A service's own ValidationError, through the catalogue.
    const key = { name: 'feed', userId: randomUUID() };
    const noUser = await http.call('POST', '/api/api-keys', key, zh);
    expect([noUser.status, noUser.body.error]).toEqual([
      400,
      { code: 'validation_failed', message: '请求无效：body.userId：没有这个在用的用户', details: [{ path: 'body.userId', message: '没有这个在用的用户' }] },
    ]);
    expect((await http.call('POST', '/api/api-keys', key)).body.error.details).toEqual([{ path: 'body.userId', message: 'no such active user' }]);

    // A zod type error and a missing field in the same body; the error handler's own messages.
    const mixed = await http.call('POST', '/api/system/probes', { probeId: 42 }, { 'accept-language': 'zh' });
    expect(mixed.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.message', 'body.probeId']);
    expect(mixed.body.error.message).toMatch(/^请求无效：/);
    expect(mixed.body.error.details.every((d: { message: string }) => /[\u4e00-\u9fff]/.test(d.message))).toBe(true);
    expect((await http.call('GET', '/api/no-such-thing', undefined, zh)).body.error.message).toBe('没有这个接口');
    const badJson = await http.call('POST', '/api/system/probes', '{"probeId": ', { 'content-type': 'application/json', ...zh });
    expect(badJson.body.error).toEqual({ code: 'invalid_json', message: '请求内容不是有效的 JSON', details: [{ path: 'body', message: 'JSON 格式错误' }] });
  });

  it('requires a valid token and the right role', async () => {
    http.logout();
    const anonymous = await http.call('POST', '/api/system/probes', { probeId: randomUUID(), message: 'x' });
    expect(anonymous.status).toBe(401);

    const tampered = await http.call('GET', '/api/auth/me', undefined, { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.invalid' });
    expect(tampered.status).toBe(401);

    const wrongPassword = await http.call('POST', '/api/auth/login', { username: 'admin', password: 'nope' });
    expect(wrongPassword.status).toBe(401);

    const login = await http.login('employee');
    expect(login.user).toMatchObject({ username: 'employee', roles: ['employee'] });
    expect(login.user).not.toHaveProperty('passwordHash');
    const me = await http.call('GET', '/api/auth/me');
    expect(me.body.username).toBe('employee');
    const forbidden = await http.call('POST', '/api/system/probes', { probeId: randomUUID(), message: 'x' });
    expect(forbidden.status).toBe(403);
  });

  it('serves an OpenAPI document built from the request schemas, the docs page and the web UI', async () => {
    const doc = await http.call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/auth/login', '/api/system/probes', '/api/system/probes/{probeId}']),
    );
    const probeBody = doc.body.paths['/api/system/probes'].post.requestBody.content['application/json'].schema;
    const resolved = probeBody.$ref ? doc.body.components.schemas[probeBody.$ref.split('/').pop()] : probeBody;
    expect(resolved.required).toEqual(expect.arrayContaining(['probeId', 'message']));

    const docs = await http.call('GET', '/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui');

    const web = await http.call('GET', '/');
    expect(web.status).toBe(200);
    expect(web.text).toContain('<div id="root">');
    const deepLink = await http.call('GET', '/tasks/123');
    expect(deepLink.status).toBe(200);
    expect(deepLink.text).toContain('<div id="root">');
  });
});

describe('health when the database is gone', () => {
  it('answers 503 with the database marked down and Temporal still ok', async () => {
    const system = await startTestSystem('api');
    try {
      await system.dataSource.destroy();
      const r = await httpClient(system.appUrl!).call('GET', '/api/health');
      expect(r.status).toBe(503);
      expect(r.body.status).toBe('degraded');
      expect(r.body.database.status).toBe('down');
      expect(r.body.temporal.status).toBe('ok');
    } finally {
      await system.stop();
    }
  });
});
