import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { verifyApiKey } from './auth/api-keys';
import { loadPrincipal } from './auth/users';
import type { ApiDeps } from './deps';
import { apiNotFound, errorHandler } from './error-handler';
import { AppError, ForbiddenError, UnauthorizedError } from './errors';
import { isReadOnly } from './access';
import { buildOpenApiDocument, createOpenApiRegistry } from './openapi';
import { registerRoutes } from './routes';

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
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/api/health' } }));
  app.use('/api', express.json({ limit: '1mb' }));
  app.post('/api/auth/login', loginRateLimit(deps.loginRateLimit));
  app.use('/api', authenticate(deps));

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

  if (deps.webDir && fs.existsSync(path.join(deps.webDir, 'index.html'))) {
    const webDir = deps.webDir;
    app.use(express.static(webDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.sendFile(path.join(webDir, 'index.html'));
    });
  }
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'Not found' } });
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * Resolves `Authorization: Bearer <token>` (people) or `X-API-Key: <key>` /
 * `Authorization: ApiKey <key>` (machine clients) to a principal; a bad credential is a 401 at once.
 */
/** Failed logins per username and address: after `limit` in 15 minutes, 429 until the window passes. */
function loginRateLimit(limit: number) {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase().slice(0, 64)}`,
    handler: (_req, _res, next) => next(new AppError(429, 'too_many_attempts', 'Too many failed logins; try again in 15 minutes')),
  });
}

function authenticate(deps: ApiDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
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
    if (isReadOnly(rest) && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) throw new ForbiddenError('Auditors have read-only access');
    res.locals.principal = rest;
    next();
  };
}
