import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { errorHandler, readerLanguage, toAppError } from './error-handler';
import { NotFoundError, ProcessTimeoutError, ServiceUnavailableError } from './errors';

/** What a lost database or Temporal looks like to the API, as the drivers report it (fault suite: test/faults). */
describe('dependency outages map to 503', () => {
  const mysqlError = (code: string | undefined, message: string) => Object.assign(new Error(message), { code, fatal: true });

  it.each([
    ['refused', mysqlError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3306')],
    ['reset', mysqlError('ECONNRESET', 'read ECONNRESET')],
    ['lost', mysqlError('PROTOCOL_CONNECTION_LOST', 'Connection lost: The server closed the connection.')],
    ['a pooled connection that died under a transaction (no code)', mysqlError(undefined, "Can't add new command when connection is in closed state")],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], mysqlError('ETIMEDOUT', 'connect ETIMEDOUT'))],
  ])('the database: %s', (_what, err) => {
    const e = toAppError(err);
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e!.toJSON()).toEqual({ error: { code: 'database_unavailable', message: 'The database is unavailable; try again in a few seconds' } });
    expect((e as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('Temporal, also when the client gives up with a wrapped status 14', () => {
    const unavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    const wrapped = Object.assign(new Error('Failed to start Workflow'), { name: 'ServiceError', cause: unavailable });
    for (const err of [unavailable, wrapped]) expect(toAppError(err)?.toJSON().error.code).toBe('temporal_unavailable');
  });

  it('leaves other failures alone (a 500, logged)', () => {
    expect(toAppError(new Error('boom'))).toBeNull();
    expect(toAppError(Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY', fatal: false }))).toBeNull();
    expect(toAppError(new QueryFailedError('INSERT', [], Object.assign(new Error("Unknown column 'x'"), { code: 'ER_BAD_FIELD_ERROR' })))).toBeNull();
  });
});

describe('an update the process did not answer in time', () => {
  it('is a 504 with Retry-After, in the reader’s language', () => {
    const e = toAppError(new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled'));
    expect(e).toBeInstanceOf(ProcessTimeoutError);
    expect([e!.status, (e as ProcessTimeoutError).retryAfterSeconds]).toEqual([504, 5]);
    expect(e!.toJSON().error).toEqual({
      code: 'process_timeout',
      message: expect.stringMatching(/^The process did not answer within \d+ s\. Your request may still take effect/),
    });
    expect(e!.toJSON('zh-CN').error.message).toMatch(/^流程未在 \d+ 秒内响应/);
  });

  it('answers in Chinese when the reader prefers it (express picks the best of en, zh-CN, zh, zh-Hans)', () => {
    const req = (best: string | false) => ({ acceptsLanguages: () => best }) as never;
    expect((['zh-CN', 'zh', 'zh-Hans', 'en', false] as const).map((best) => readerLanguage(req(best)))).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'en', 'en']);
  });
});

describe('the error handler answers in the reader’s language', () => {
  const logger = { warn: jest.fn(), error: jest.fn() } as never;
  const answer = (err: unknown, best: string | false) => {
    const res = { statusCode: 0, body: undefined as unknown, setHeader: jest.fn() };
    Object.assign(res, { status: (s: number) => ((res.statusCode = s), res), json: (b: unknown) => ((res.body = b), res) });
    errorHandler(logger)(err, { path: '/api/x', method: 'GET', acceptsLanguages: () => best } as never, res as never, jest.fn());
    return [res.statusCode, res.body];
  };

  it('its own messages: a 500, invalid JSON, a database that is down', () => {
    expect(answer(new Error('boom'), 'zh-CN')).toEqual([500, { error: { code: 'internal', message: '服务器内部错误，已记录日志' } }]);
    expect(answer(new Error('boom'), false)).toEqual([500, { error: { code: 'internal', message: 'Internal error; it has been logged' } }]);
    expect(answer(Object.assign(new SyntaxError('Unexpected end'), { type: 'entity.parse.failed', status: 400 }), 'zh')).toEqual([
      400,
      { error: { code: 'invalid_json', message: '请求内容不是有效的 JSON', details: [{ path: 'body', message: 'JSON 格式错误' }] } },
    ]);
    expect(answer(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413, limit: 2 * 1024 * 1024 }), 'zh-CN')[1]).toEqual({
      error: { code: 'payload_too_large', message: '请求内容过大（此处最多 2 MB）' },
    });
    expect(answer(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'zh-CN')[1]).toEqual({
      error: { code: 'database_unavailable', message: '数据库暂时不可用，请几秒后重试' },
    });
  });

  it('a thrown AppError: English without a preference', () => {
    expect(answer(new NotFoundError('No such API route'), 'zh-CN')[1]).toEqual({ error: { code: 'not_found', message: '没有这个接口' } });
    expect(answer(new NotFoundError('No such API route'), 'en')[1]).toEqual({ error: { code: 'not_found', message: 'No such API route' } });
  });
});
