import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { ZodType } from 'zod';
import type { Role } from '../../domain/org';
import { ForbiddenError, UnauthorizedError, ValidationError, type FieldIssue } from './errors';
import { zodIssue } from './error-texts.zh-CN';
import { ErrorBody, z } from './openapi';

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  /** The display name in Chinese (null: displayName in both languages). */
  displayNameZh?: string | null;
  roles: Role[];
  orgUnitId: string;
  /** Materialised path of the user's org unit: the root of their data scope. */
  orgUnitPath: string;
  /** Units the user belongs to as a member (their login's unit and their person's unit): task candidacy. */
  memberPaths: string[];
  personId: string | null;
  /** Set when the request authenticated with an API key. */
  apiKeyId?: string;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Infer<T> = T extends ZodType ? z.infer<T> : undefined;
/** `public`: no token; `authenticated`: any user; or the roles allowed. */
export type Access = 'public' | 'authenticated' | readonly Role[];
/** The caller: always known on a route that requires a login (the access check refused the request otherwise), maybe absent on a public one. */
export type PrincipalOf<A extends Access> = A extends 'public' ? Principal | null : Principal;

type Responses = Record<number, { description: string; schema?: ZodType; files?: readonly string[] }>;
/**
 * What a handler may return: a body its 2xx responses' schemas describe (any value when a 2xx
 * has none), so a schema cannot document a type the route does not send (a field it leaves out
 * goes unnoticed, though). A handler that answers by itself (a file, a status chosen at run
 * time) returns undefined.
 */
type OkBody<R extends Responses> = {
  [K in keyof R]: `${K & number}` extends `2${string}` ? (R[K] extends { schema: infer S extends ZodType } ? z.input<S> : unknown) : never;
}[keyof R];

export interface RouteSpec<
  P extends ZodType | undefined,
  Q extends ZodType | undefined,
  B extends ZodType | undefined,
  A extends Access = Access,
  R extends Responses = Responses,
> {
  method: Method;
  /** Express-style path, e.g. `/api/org/:id`. */
  path: string;
  /**
   * The operation's name in the OpenAPI document and the generated web client: camelCase, unique
   * (a verb and what it acts on, e.g. `reportHazard`, `listHazards`, `getHazard`).
   */
  operationId: string;
  summary: string;
  tags: string[];
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A non-JSON request body (an uploaded file), documented with these media types; the handler
   * reads `req.body` as parsed by `middleware` (e.g. `express.raw`).
   */
  rawBody?: { contentTypes: readonly string[]; description: string };
  /** Express middleware for this route only, run after the access check and before validation. */
  middleware?: readonly RequestHandler[];
  /**
   * What the route answers, by status: `schema` describes a JSON body; `files` names the media
   * types of a file the handler sends itself (CSV, xlsx, HTML, an upload), documented as binary.
   */
  responses: R;
  handler: (ctx: {
    params: Infer<P>;
    query: Infer<Q>;
    body: Infer<B>;
    principal: PrincipalOf<A>;
    req: Request;
    res: Response;
  }) => Promise<OkBody<R> | undefined>;
}

/** What names and guards a route, for builders of one kind of route (a paged list, an import) that make the rest. */
export type RouteHeading<A extends Access = Access> = Pick<
  RouteSpec<undefined, undefined, undefined, A>,
  'path' | 'operationId' | 'summary' | 'tags' | 'access'
>;

const OPERATION_ID = /^[a-z][A-Za-z0-9]*$/;

/**
 * Declares a route once: the same zod schemas validate the request, type the handler (its
 * arguments and what it returns) and describe the route in the OpenAPI document. The handler's
 * return value is sent as JSON with the first 2xx status of `responses` (unless it already
 * responded); responses are not validated at run time.
 */
export function defineRoute<
  P extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  B extends ZodType | undefined = undefined,
  A extends Access = Access,
  R extends Responses = Responses,
>(router: Router, registry: OpenAPIRegistry, spec: RouteSpec<P, Q, B, A, R>): void {
  // Checked at start-up: the generated client names its functions and types by operationId.
  if (!OPERATION_ID.test(spec.operationId)) throw new Error(`${spec.method.toUpperCase()} ${spec.path}: operationId "${spec.operationId}" is not camelCase`);
  const taken = registry.definitions.find((d) => d.type === 'route' && d.route.operationId === spec.operationId);
  if (taken?.type === 'route')
    throw new Error(
      `${spec.method.toUpperCase()} ${spec.path}: operationId "${spec.operationId}" is already used by ${taken.route.method.toUpperCase()} ${taken.route.path}`,
    );
  const okStatus = Number(Object.keys(spec.responses).find((s) => s.startsWith('2')) ?? 200);
  const validates = !!(spec.body || spec.rawBody || spec.query || spec.params);
  const doc: RouteConfig = {
    method: spec.method,
    path: spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
    operationId: spec.operationId,
    summary: spec.summary,
    tags: spec.tags,
    security: spec.access === 'public' ? [] : [{ bearerAuth: [] }],
    // Who may call it: clients (and the security tests) read the access rule from the document.
    'x-access': typeof spec.access === 'string' ? spec.access : [...spec.access],
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.rawBody
        ? {
            body: {
              required: true,
              description: spec.rawBody.description,
              content: Object.fromEntries(spec.rawBody.contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
            },
          }
        : {}),
    },
    responses: Object.fromEntries([
      ...Object.entries(spec.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema || r.files || (status === '400' && validates)
            ? {
                content: {
                  // A route's own 400 (an import's row report) can also be the generic invalid-input error.
                  ...(status === '400' && validates
                    ? { 'application/json': { schema: r.schema ? z.union([r.schema, ErrorBody]) : ErrorBody } }
                    : r.schema
                      ? { 'application/json': { schema: r.schema } }
                      : {}),
                  ...Object.fromEntries((r.files ?? []).map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
                },
              }
            : {}),
        },
      ]),
      ...(validates && !('400' in spec.responses)
        ? [['400', { description: 'Invalid input (field paths in details)', content: { 'application/json': { schema: ErrorBody } } }]]
        : []),
      ...(spec.access !== 'public' ? [['401', { description: 'Missing or invalid token', content: { 'application/json': { schema: ErrorBody } } }]] : []),
    ]),
  };
  registry.registerPath(doc);

  const authorize = (_req: Request, res: Response, next: NextFunction) => {
    const principal = (res.locals.principal as Principal | undefined) ?? null;
    if (spec.access !== 'public') {
      if (!principal) throw new UnauthorizedError();
      if (spec.access !== 'authenticated' && !principal.roles.some((r) => (spec.access as readonly Role[]).includes(r))) {
        throw new ForbiddenError();
      }
    }
    next();
  };

  router[spec.method](spec.path, authorize, ...(spec.middleware ?? []), async (req: Request, res: Response, _next: NextFunction) => {
    const principal = (res.locals.principal as Principal | undefined) ?? null;
    const issues: FieldIssue[] = [];
    const params = parsePart(spec.params, req.params, 'params', issues);
    const query = parsePart(spec.query, req.query, 'query', issues);
    const body = parsePart(spec.body, req.body, 'body', issues);
    // A route without a request body refuses one rather than silently ignoring what was sent.
    if (!spec.body && !spec.rawBody && hasContent(req.body)) issues.push({ path: 'body', message: 'this route takes no request body' });
    if (issues.length) throw new ValidationError(issues);
    const result = await spec.handler({ params, query, body, principal, req, res } as never);
    if (!res.headersSent) {
      if (result === undefined) res.status(okStatus === 200 ? 204 : okStatus).end();
      else res.status(okStatus).json(result);
    }
  });
}

/**
 * Answers an idempotent create or save: 201 with `body` when the request created it, 200 when a
 * resend found it already there (or a save changed what existed). The route documents both.
 */
export function answerCreated(res: Response, r: { created: boolean }, body: unknown = r): undefined {
  res.status(r.created ? 201 : 200).json(body);
  return undefined;
}

function hasContent(body: unknown): boolean {
  return body !== undefined && !(typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body) && Object.keys(body).length === 0);
}

/** zod's own wording in English (its default), to tell its messages from a schema's own. */
const zodEnglish = z.locales.en().localeError;
const zodSaid = (issue: z.core.$ZodIssue): string | undefined => {
  const said = zodEnglish(issue as z.core.$ZodRawIssue);
  return typeof said === 'string' ? said : (said?.message ?? undefined);
};

/**
 * Validates one part of the request, adding its issues with their paths. An issue worded by zod
 * itself carries its Chinese (./error-texts.zh-CN's `zodIssue`; the issue keeps its input for
 * that: missing or of another type); a message of the schema's own (a refine's, an `error`
 * option's) goes through the error catalogue when the error is sent.
 */
function parsePart(schema: ZodType | undefined, value: unknown, where: string, issues: FieldIssue[]): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? {}, { reportInput: true });
  if (r.success) return r.data;
  for (const i of r.error.issues) {
    const chinese = zodSaid(i) === i.message ? zodIssue(i) : undefined;
    issues.push({ path: [where, ...i.path.map(String)].join('.'), message: i.message, ...(chinese ? { translations: { 'zh-CN': chinese } } : {}) });
  }
  return undefined;
}
