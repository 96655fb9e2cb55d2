import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { JSON_LIMIT, MAX_JSON_DEPTH } from '../../api/platform/app';
import { MAX_EVIDENCE_BYTES } from '../../api/hazards/evidence-store';
import { startTestSystem } from '../support/env';
import { PNG } from '../support/fixtures';
import { checksumDiff, databaseChecksum, fetchOpenApi, loginToken, operationsOf, refusalProblem, send, type RawResponse } from './support';

/**
 * Upload and body limits: the raw-body routes (evidence, the three imports) refuse oversized
 * files with a JSON 413 naming the limit and wrong content types with a JSON 415 (evidence) or 400
 * (imports: `body` must be one of their file types); ordinary routes have a JSON body limit (413, never a 500), a nesting limit, and
 * refuse compressed bombs, unsupported charsets and encodings. Nothing refused is written.
 */
const MB = 1024 * 1024;
const IMPORT_LIMIT = 5 * MB;
const IMPORTS = ['/api/org/import?kind=people', '/api/inspections/import', '/api/trainings/import', '/api/certificates/import'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('upload and body limits', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let token: string;
  const evidenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-security-evidence-'));
  const post = (url: string, body: string | Buffer | undefined, contentType?: string, headers: Record<string, string> = {}) =>
    send(system.appUrl!, 'POST', url, { token, body, contentType, headers, timeoutMs: 30_000 });
  const expectRefused = (r: RawResponse, status: number, code?: string) => {
    expect([r.status, refusalProblem(r)]).toEqual([status, null]);
    if (code) expect(r.body?.error?.code).toBe(code);
  };

  beforeAll(async () => {
    system = await startTestSystem('api', { EVIDENCE_DIR: evidenceDir });
    token = await loginToken(system.appUrl!, 'admin');
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    fs.rmSync(evidenceDir, { recursive: true, force: true });
  });

  it('the raw-body routes of the document are the evidence upload and the five imports', async () => {
    const raw = operationsOf(await fetchOpenApi(system.appUrl!)).filter((o) => o.rawBody);
    expect(raw.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      'POST /api/certificates/import',
      'POST /api/evidence',
      'POST /api/inspections/import',
      'POST /api/org/import',
      'POST /api/trainings/import',
      'POST /api/worked-hours/import',
    ]);
  });

  it('oversized files are refused with a JSON 413 that names the limit, and nothing is stored', async () => {
    const before = await databaseChecksum(system.dataSource);
    const bigPng = Buffer.concat([PNG, Buffer.alloc(MAX_EVIDENCE_BYTES + 1 - PNG.length)]);
    const evidence = await post('/api/evidence', bigPng, 'image/png', { 'x-file-name': 'huge.png' });
    expectRefused(evidence, 413, 'payload_too_large');
    expect(evidence.body?.error?.message).toMatch(/10 MB/);
    for (const url of IMPORTS) {
      for (const [contentType, data] of [
        ['text/csv', Buffer.from(`employeeNo,name,orgUnitCode\n${'E1,x,DEMO-PLANT\n'.repeat(IMPORT_LIMIT / 16 + 10)}`)],
        [XLSX, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(IMPORT_LIMIT)])],
      ] as const) {
        const r = await post(url, data, contentType);
        expectRefused(r, 413, 'payload_too_large');
        expect(r.body?.error?.message).toMatch(/5 MB/);
      }
    }
    // A file just under the limit gets past the size check to the content checks.
    expectRefused(await post('/api/evidence', Buffer.alloc(MAX_EVIDENCE_BYTES - 1, 0x41), 'image/png'), 400, 'validation_failed');
    expect(checksumDiff(before, await databaseChecksum(system.dataSource))).toEqual([]);
    expect(fs.readdirSync(evidenceDir)).toEqual([]);
  });

  it('wrong content types are refused (evidence: 415; imports: 400 naming the types they take), empty files with 400, and nothing is stored', async () => {
    const before = await databaseChecksum(system.dataSource);
    for (const [contentType, body] of [
      ['text/html', '<html><script>alert(1)</script></html>'],
      ['application/x-msdownload', 'MZ\u0090\u0000'],
      ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['text/plain', 'hello'],
      ['application/json', '{"a": 1}'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nx\r\n--x--'],
    ] as const) {
      expectRefused(await post('/api/evidence', body, contentType), contentType === 'application/json' ? 400 : 415);
    }
    // The declared type must match the content: HTML sent as a PNG is not a PNG.
    expectRefused(await post('/api/evidence', '<html><script>alert(1)</script></html>', 'image/png'), 400, 'validation_failed');
    expectRefused(await post('/api/evidence', Buffer.alloc(0), 'image/png'), 400, 'validation_failed');
    for (const url of IMPORTS) {
      // The imports answer a body of another type with a 400 on `body` naming the file types they take.
      for (const contentType of ['application/json', 'text/plain', 'image/png', 'text/html', 'multipart/form-data; boundary=x']) {
        const r = await post(url, contentType === 'application/json' ? '{"rows": []}' : 'a,b\n1,2', contentType);
        expectRefused(r, 400, 'validation_failed');
        expect(r.body?.error?.details).toEqual([{ path: 'body', message: expect.stringContaining('text/csv') }]);
      }
      expectRefused(await post(url, undefined), 400, 'validation_failed');
      expectRefused(await post(url, Buffer.alloc(0), 'text/csv'), 400, 'validation_failed');
      // A corrupt spreadsheet is a problem with the file, not a server error.
      const corrupt = await post(url, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 0x41)]), XLSX);
      expect([corrupt.status, refusalProblem(corrupt)]).toEqual([400, null]);
    }
    expect(checksumDiff(before, await databaseChecksum(system.dataSource))).toEqual([]);
    expect(fs.readdirSync(evidenceDir)).toEqual([]);
  });

  it('evidence file names cannot traverse paths or break the response; a malformed one is a 400', async () => {
    expectRefused(await post('/api/evidence', PNG, 'image/png', { 'x-file-name': '%E0%A4%A' }), 400, 'validation_failed');
    expectRefused(await post('/api/evidence', PNG, 'image/png', { 'x-file-name': '%' }), 400, 'validation_failed');
    const stored = await post('/api/evidence', PNG, 'image/png', { 'x-file-name': encodeURIComponent('../../etc/passwd\r\nX-Evil: 1') });
    expect(stored.status).toBe(201);
    const id = (stored.body as unknown as { id: string; fileName: string }).id;
    expect((stored.body as unknown as { fileName: string }).fileName).not.toMatch(/[/\\\r\n]/);
    expect(fs.readdirSync(evidenceDir)).toEqual([id]);
    const download = await send(system.appUrl!, 'GET', `/api/evidence/${id}`, { token });
    expect(download.status).toBe(200);
    expect(download.headers.get('x-evil')).toBeNull();
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it(`ordinary routes take JSON up to ${JSON_LIMIT}: beyond it a JSON 413, never a 500`, async () => {
    expect(JSON_LIMIT).toBe('1mb');
    const before = await databaseChecksum(system.dataSource);
    const huge = JSON.stringify({
      reportId: '00000000-0000-4000-8000-000000000000',
      title: 'x',
      description: 'd'.repeat(MB),
      category: 'other',
      area: 'a',
      suspectedSeverity: 'low',
    });
    for (const [method, url] of [
      ['POST', '/api/hazards'],
      ['POST', '/api/auth/login'],
      ['PUT', '/api/rulesets/1'],
      ['PATCH', '/api/users/me'],
      ['POST', '/api/no-such-route'],
    ] as const) {
      const r = await send(system.appUrl!, method, url, { token, body: huge, contentType: 'application/json' });
      expectRefused(r, 413, 'payload_too_large');
      expect(r.body?.error?.message).toMatch(/1 MB/);
    }
    // Just under the limit it is the schema that refuses (the description is at most 5000 characters).
    const under = await post('/api/hazards', huge.replace('d'.repeat(MB), 'd'.repeat(MB - 4096)), 'application/json');
    expectRefused(under, 400, 'validation_failed');
    expect(under.body?.error?.details).toEqual([expect.objectContaining({ path: 'body.description' })]);
    expect(checksumDiff(before, await databaseChecksum(system.dataSource))).toEqual([]);
  });

  it(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused before any route sees it`, async () => {
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    for (const [url, body] of [
      ['/api/rulesets', `{"note": "deep", "document": ${deep(20_000)}}`],
      ['/api/rulesets/validate', `{"document": ${deep(MAX_JSON_DEPTH + 1)}}`],
      ['/api/hazards/sync', `{"reports": [${'['.repeat(50_000)}${']'.repeat(50_000)}]}`],
      ['/api/tasks/x/complete', `{"payload": ${deep(5_000)}}`],
    ]) {
      const r = await post(url, body, 'application/json');
      expectRefused(r, 400, 'validation_failed');
      expect(r.body?.error?.message).toMatch(/nested deeper than 64/);
    }
    // A sane depth is the schema's business.
    expect((await post('/api/rulesets/validate', `{"document": ${deep(10)}}`, 'application/json')).status).toBe(200);
  });

  it('compressed bombs, unsupported encodings and charsets are refused with 4xx JSON', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"title": "'), Buffer.alloc(50 * MB, 0x61), Buffer.from('"}')]));
    expect(bomb.length).toBeLessThan(MB);
    expectRefused(await post('/api/hazards', bomb, 'application/json', { 'content-encoding': 'gzip' }), 413, 'payload_too_large');
    const csvBomb = gzipSync(Buffer.alloc(50 * MB, 0x61));
    expectRefused(await post('/api/org/import?kind=people', csvBomb, 'text/csv', { 'content-encoding': 'gzip' }), 413, 'payload_too_large');
    expectRefused(await post('/api/hazards', 'not gzip at all', 'application/json', { 'content-encoding': 'gzip' }), 400);
    expectRefused(await post('/api/hazards', '{"a": 1}', 'application/json', { 'content-encoding': 'x-compress-9000' }), 415, 'unsupported_type');
    expectRefused(await post('/api/hazards', '{"a": 1}', 'application/json; charset=latin1'), 415, 'unsupported_type');
    expectRefused(await post('/api/hazards', '{"a": ', 'application/json'), 400, 'invalid_json');
  });
});
