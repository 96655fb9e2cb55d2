import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { loadPrincipal } from './auth/users';
import type { ApiDeps } from './deps';
import { apiNotFound, errorHandler } from './error-handler';
import { ForbiddenError, UnauthorizedError } from './errors';
import { isReadOnly } from './access';
import { buildOpenApiDocument, createOpenApiRegistry } from './openapi';
import { registerRoutes } from './routes';

/** The HTTP application: API under `/api`, the web UI at `/`. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet({ crossOriginEmbedderPolicy: false }));
  app.use(pinoHttp({ logger: deps.logger, autoLogging: { ignore: (req) => req.url === '/api/health' } }));
  app.use('/api', express.json({ limit: '1mb' }));
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

/** Resolves `Authorization: Bearer <token>` to a principal; a bad token is a 401 right away. */
function authenticate(deps: ApiDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
    const { userId } = await deps.tokens.verify(m[1]);
    const principal = await loadPrincipal(deps.dataSource, { id: userId });
    if (!principal) throw new UnauthorizedError('User unknown or disabled');
    const { passwordHash: _omit, ...rest } = principal;
    if (isReadOnly(rest) && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) throw new ForbiddenError('Auditors have read-only access');
    res.locals.principal = rest;
    next();
  };
}
