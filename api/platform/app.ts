import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { UNLOGGED_INCIDENT_PATHS } from '../incidents/routes';
import type { DataSource } from 'typeorm';
import swaggerUi from 'swagger-ui-express';
import { User } from '../../db/entities';
import { verifyApiKey } from '../auth/api-keys';
import { loadPrincipal } from '../auth/users';
import type { ApiDeps } from './deps';
import { apiNotFound, errorHandler, readerLanguage } from './error-handler';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from './errors';
import { isReadOnly } from './access';
import { buildOpenApiDocument, createOpenApiRegistry } from './openapi';
import { registerRoutes } from './routes';
import { readerContext } from './reader';
import { CODEC_PATH, codecCookieToken, codecCors } from '../codec/routes';
import { httpMetrics } from '../../app/metrics';
import { mountOps, newOpsState } from '../../app/ops';

/** Polled by machines every few seconds: not worth a log line each. */
const OPS_PATHS = new Set(['/api/health', '/livez', '/readyz', '/metrics']);

/** The largest JSON request body (files go to their own routes with their own limits). */
export const JSON_LIMIT = '1mb';
/**
 * The deepest JSON request body: no request needs more, and code that walks client data
 * recursively (JSON.stringify for audit rows and Temporal payloads) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** The HTTP application: API under `/api`, the web UI at `/`. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      crossOriginEmbedderPolicy: false,
      // Evidence thumbnails are shown from object URLs of authenticated downloads.
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'blob:'] } },
    }),
  );
  // Answers compressed (brotli, else gzip, as the client accepts): the frontline reads them on phones over weak networks.
  // The built UI's files come precompressed (serveWebUi); this covers the API's JSON and anything not precompressed.
  app.use(compression());
  app.use(httpMetrics);
  // Probes and metrics at the root, as orchestrators and Prometheus expect them (app/ops.ts); not logged.
  mountOps(app, { dataSource: deps.dataSource, temporal: deps.temporal, state: deps.ops ?? newOpsState(), metricsToken: deps.metricsToken ?? null });
  // Anonymous near-miss reports and receipt look-ups are not logged: an address or a receipt code in a log would undo the anonymity.
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => OPS_PATHS.has(req.url ?? '') || UNLOGGED_INCIDENT_PATHS.some((p) => (req.url ?? '').startsWith(p)) },
    }),
  );
  app.use('/api', express.json({ limit: JSON_LIMIT }), refuseDeepJson);
  app.post('/api/auth/login', loginRateLimit(deps.loginRateLimit, deps.dataSource));
  app.use(CODEC_PATH, codecCors(deps.temporal.uiUrl)); // the Temporal UI's preflight, before credentials are asked for
  app.use('/api', authenticate(deps));
  app.use('/api', readerContext); // after the body and the credentials are read: the handlers render texts in the reader's language

  const registry = createOpenApiRegistry();
  const router = express.Router();
  registerRoutes(router, registry, deps);
  app.use(router);

  const openapi = buildOpenApiDocument(registry);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(undefined, { swaggerOptions: { url: '/api/openapi.json' }, customSiteTitle: 'SafeLoop API' }));
  app.use('/api', apiNotFound);

  if (deps.webDir && fs.existsSync(path.join(deps.webDir, 'index.html'))) serveWebUi(app, deps.webDir);
  app.use((req, res) => {
    res.status(404).json(new NotFoundError('Not found').toJSON(readerLanguage(req)));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** Files of the built UI the build also wrote as .br and .gz (web/vite.config.mts). */
const PRECOMPRESSED = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt']);
const ENCODED_SUFFIX = { br: '.br', gzip: '.gz' } as const;

/**
 * The built web UI (web/dist): its files, precompressed when the client accepts it, and index.html
 * for every other path outside /api (the UI's own router reads the path).
 * - /assets/* have content hashes in their names: cached for a year, never revalidated;
 * - everything else (index.html, the service worker, its registration, the manifest, icons):
 *   `no-cache`, revalidated by ETag on every use, so a new build is picked up at once;
 * - a missing /assets/ file is a 404, not index.html (a stale tab asking for a chunk of an
 *   older build gets an error it can act on, not HTML parsed as a script).
 */
function serveWebUi(app: Express, webDir: string): void {
  const cacheControl = (res: Response, file: string) => {
    const immutable = path.relative(webDir, file).split(path.sep)[0] === 'assets';
    res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
  const encodedFiles = Object.fromEntries(
    Object.entries(ENCODED_SUFFIX).map(([encoding, suffix]) => [
      encoding,
      express.static(webDir, {
        index: false,
        cacheControl: false,
        setHeaders: (res: Response, file: string) => {
          const original = file.slice(0, -suffix.length);
          res.setHeader('Content-Encoding', encoding);
          res.type(path.extname(original));
          cacheControl(res, original);
        },
      }),
    ]),
  ) as Record<keyof typeof ENCODED_SUFFIX, ReturnType<typeof express.static>>;

  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !PRECOMPRESSED.has(path.extname(req.path))) return next();
    res.vary('Accept-Encoding');
    // Brotli when accepted (smaller), else gzip; `accepts` would pick by the client's order, which lists gzip first.
    const accepted = req.acceptsEncodings();
    const encoding = accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : null;
    if (!encoding) return next();
    const url = req.url;
    const query = url.indexOf('?');
    req.url = query < 0 ? url + ENCODED_SUFFIX[encoding] : url.slice(0, query) + ENCODED_SUFFIX[encoding] + url.slice(query);
    // No such encoded file (a small one, below the build's threshold): the plain file below.
    encodedFiles[encoding](req, res, (err?: unknown) => {
      req.url = url;
      next(err);
    });
  });
  app.use(express.static(webDir, { index: false, cacheControl: false, setHeaders: cacheControl }));
  app.use('/assets', (req, res) => {
    res.status(404).json(new NotFoundError('Not found').toJSON(readerLanguage(req)));
  });
  app.get(/^\/(?!api\/).*/, (_req, res) => {
    res.sendFile(path.join(webDir, 'index.html'), { cacheControl: false, headers: { 'Cache-Control': 'no-cache' } });
  });
}

/** Refuses a JSON body nested deeper than MAX_JSON_DEPTH (walked without recursion). */
function refuseDeepJson(req: Request, _res: Response, next: NextFunction): void {
  const stack: [unknown, number][] = [[req.body, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_JSON_DEPTH) return next(new ValidationError([{ path: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]));
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  next();
}

/**
 * Failed logins per account and address: after `limit` in 15 minutes, 429 until the window passes.
 * The database matches usernames case-, accent- and space-insensitively (" Manager", "mánager"),
 * so the count is kept per account the name resolves to, not per spelling.
 */
function loginRateLimit(limit: number, dataSource: DataSource) {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: async (req) => {
      const raw = (req.body as { username?: unknown } | undefined)?.username;
      // Not String(raw): a JSON object with a "toString" key would throw (a 500); the login schema refuses non-strings anyway.
      const name = typeof raw === 'string' ? raw.trim().slice(0, 64) : '';
      const account = name ? await dataSource.getRepository(User).findOne({ where: { username: name }, select: { id: true } }) : null;
      return `${ipKeyGenerator(req.ip ?? '')}|${account ? `user:${account.id}` : `name:${name.toLowerCase()}`}`;
    },
    handler: (_req, _res, next) => next(new AppError(429, 'too_many_attempts', 'Too many failed logins; try again in 15 minutes')),
  });
}

/**
 * Resolves `Authorization: Bearer <token>` (people) or `X-API-Key: <key>` /
 * `Authorization: ApiKey <key>` (machine clients) to a principal; a bad credential is a 401 at once.
 */
function authenticate(deps: ApiDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const cookieToken = codecCookieToken(req);
    const header = req.headers.authorization ?? (cookieToken ? `Bearer ${cookieToken}` : undefined);
    const apiKeyHeader = req.headers['x-api-key'];
    if (!header && !apiKeyHeader) return next();
    let userId: string;
    let apiKeyId: string | undefined;
    const bearer = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const apiKey = typeof apiKeyHeader === 'string' ? apiKeyHeader : header ? /^ApiKey\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (bearer) ({ userId } = await deps.tokens.verify(bearer[1]));
    else if (apiKey) {
      const key = await verifyApiKey(deps.dataSource, apiKey);
      userId = key.userId;
      apiKeyId = key.id;
    } else throw new UnauthorizedError('Authorization header must be "Bearer <token>" or "ApiKey <key>"');
    const principal = await loadPrincipal(deps.dataSource, { id: userId });
    if (!principal) throw new UnauthorizedError('User unknown or disabled');
    const { passwordHash: _omit, ...rest } = { ...principal, ...(apiKeyId ? { apiKeyId } : {}) };
    // Decoding payloads for the Temporal UI is a read, though it is a POST.
    const reads = ['GET', 'HEAD', 'OPTIONS'].includes(req.method) || req.originalUrl === `${CODEC_PATH}/decode`;
    if (isReadOnly(rest) && !reads) throw new ForbiddenError('Auditors have read-only access');
    res.locals.principal = rest;
    next();
  };
}
