/**
 * The one error hierarchy: every error a client can cause is an AppError with an HTTP status,
 * a stable code and, for validation, the field paths at fault. Anything else is a 500 that is
 * logged and never leaked.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON(): { error: { code: string; message: string; details?: FieldIssue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export class ValidationError extends AppError {
  constructor(details: FieldIssue[], message = `Invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`) {
    super(400, 'validation_failed', message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, 'not_found', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: FieldIssue[]) {
    super(409, 'conflict', message, details);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(
    message: string,
    code = 'service_unavailable',
    /** Seconds a client should wait before trying again (the `Retry-After` header). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(503, code, message);
  }
}
