import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../app/logger';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Request } from 'express';
import { AppError, localize, NotFoundError, ProcessTimeoutError, ServiceUnavailableError, type Language } from './errors';
import { UPDATE_DEADLINE_SECONDS } from './process-updates';

/**
 * Error codes of a database that cannot be reached or dropped the connection (mysql2 / Node
 * socket codes): the request may well succeed a little later, so the answer is a 503, not a 500.
 */
const DB_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'POOL_CLOSED',
]);
/** mysql2 errors without a code when a pooled connection died under a query. */
const DB_DOWN_MESSAGE = /closed state|connection lost|pool is closed|connection is closed|server has gone away/i;
/** What a client is told to wait before retrying while a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

type ErrorShape = {
  type?: string;
  status?: number;
  code?: string | number;
  message?: string;
  name?: string;
  limit?: number;
  expose?: boolean;
  fatal?: boolean;
  driverError?: unknown;
  cause?: unknown;
};

/** Is this (or what it wraps: TypeORM's `driverError`, a `cause`) a lost or refused database connection? */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  const e = err as ErrorShape | null;
  if (!e || typeof e !== 'object' || depth > 3) return false;
  if (typeof e.code === 'string' && DB_DOWN.has(e.code)) return true;
  if ((e.fatal === true || e.name === 'QueryFailedError') && typeof e.message === 'string' && DB_DOWN_MESSAGE.test(e.message)) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/** Maps anything thrown to a JSON error; never sends a stack trace. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as ErrorShape;
  if (e?.type === 'entity.parse.failed')
    return new AppError(400, 'invalid_json', 'The request body is not valid JSON', [{ path: 'body', message: 'malformed JSON' }]);
  if (e?.type === 'entity.too.large')
    return new AppError(413, 'payload_too_large', `The request body is too large${typeof e.limit === 'number' ? ` (at most ${megabytes(e.limit)} here)` : ''}`);
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return new AppError(415, 'unsupported_type', e.message ?? 'Unsupported charset or content encoding');
  // Only messages meant for the client (http-errors' `expose`, a path parameter that fails to decode); never e.g. a file system error's path.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new AppError(e.status, 'bad_request', (e.expose || err instanceof URIError) && e.message ? e.message : 'Bad request');
  if (isDatabaseUnavailable(err))
    return new ServiceUnavailableError('The database is unavailable; try again in a few seconds', 'database_unavailable', RETRY_AFTER_SECONDS);
  if (isTemporalUnavailable(err))
    return new ServiceUnavailableError('Temporal is unavailable; try again in a few seconds', 'temporal_unavailable', RETRY_AFTER_SECONDS);
  // An update sent without api/process-updates.ts that still ran into a deadline.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return new ProcessTimeoutError(UPDATE_DEADLINE_SECONDS);
  return null;
}

/**
 * gRPC UNAVAILABLE (14) from the Temporal client, also when wrapped: the client's retries give
 * up with a `ServiceError` ("Failed to start Workflow") whose `cause` carries the status.
 */
export function isTemporalUnavailable(err: unknown, depth = 0): boolean {
  const e = err as ErrorShape | null;
  if (!e || typeof e !== 'object' || depth > 3) return false;
  if (e.code === 14) return true;
  if (/ServiceError|ConnectionError/.test(e.name ?? '') && /UNAVAILABLE|connect/i.test(e.message ?? '')) return true;
  return isTemporalUnavailable(e.cause, depth + 1);
}

const megabytes = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;

/** The reader's language from `Accept-Language` (`zh`, `zh-CN`, `zh-Hans` → zh-CN); English otherwise. */
export function readerLanguage(req: Pick<Request, 'acceptsLanguages'>): Language {
  const best = req.acceptsLanguages('en', 'zh-CN', 'zh', 'zh-Hans');
  return typeof best === 'string' && best.startsWith('zh') ? 'zh-CN' : 'en';
}

/** What a 500 says (in the reader's language, through the error catalogue). */
const INTERNAL_ERROR = 'Internal error; it has been logged';

/** Answers every error as JSON in the reader's language (`Accept-Language`: the message and each field issue's). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError) {
      if (appError.status >= 500) logger.warn({ err, path: req.path }, appError.message);
      const retryAfter = appError instanceof ServiceUnavailableError || appError instanceof ProcessTimeoutError ? appError.retryAfterSeconds : null;
      if (retryAfter !== null) res.setHeader('Retry-After', String(retryAfter));
      res.status(appError.status).json(appError.toJSON(readerLanguage(req)));
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: localize(INTERNAL_ERROR, readerLanguage(req)) } });
  };
}

export const apiNotFound = (): never => {
  throw new NotFoundError('No such API route');
};
