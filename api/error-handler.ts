import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../app/logger';
import { AppError, NotFoundError, ServiceUnavailableError } from './errors';

const DB_DOWN = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'POOL_CLOSED']);

/** Maps anything thrown to a JSON error; never sends a stack trace. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; code?: string | number; message?: string; name?: string; limit?: number; expose?: boolean };
  if (e?.type === 'entity.parse.failed') return new AppError(400, 'invalid_json', 'The request body is not valid JSON', [{ path: 'body', message: 'malformed JSON' }]);
  if (e?.type === 'entity.too.large') return new AppError(413, 'payload_too_large', `The request body is too large${typeof e.limit === 'number' ? ` (at most ${megabytes(e.limit)} here)` : ''}`);
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') return new AppError(415, 'unsupported_type', e.message ?? 'Unsupported charset or content encoding');
  // Only messages meant for the client (http-errors' `expose`, a path parameter that fails to decode); never e.g. a file system error's path.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new AppError(e.status, 'bad_request', (e.expose || err instanceof URIError) && e.message ? e.message : 'Bad request');
  if (typeof e?.code === 'string' && DB_DOWN.has(e.code)) return new ServiceUnavailableError('The database is unreachable; try again shortly');
  // gRPC UNAVAILABLE (14) from the Temporal client.
  if (e?.code === 14 || /ServiceError|ConnectionError/.test(e?.name ?? '') && /UNAVAILABLE|connect/i.test(e.message ?? '')) {
    return new ServiceUnavailableError('Temporal is unreachable; try again shortly');
  }
  return null;
}

const megabytes = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError) {
      if (appError.status >= 500) logger.warn({ err, path: req.path }, appError.message);
      res.status(appError.status).json(appError.toJSON());
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Internal error; it has been logged' } });
  };
}

export const apiNotFound = (): never => {
  throw new NotFoundError('No such API route');
};
