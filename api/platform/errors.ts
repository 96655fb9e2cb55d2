import { zhCN } from './error-texts.zh-CN';

/**
 * The one error hierarchy: every error a client can cause is an AppError with an HTTP status,
 * a stable code and, for validation, the field paths at fault. Anything else is a 500 that is
 * logged and never leaked.
 */
export interface FieldIssue {
  path: string;
  message: string;
  /** The message in other languages, when known where the issue was made (zod's locales); the catalogue otherwise. Never sent as such. */
  translations?: Partial<Record<Language, string>>;
}

/** The languages the web is in; an error's message is English unless the reader asks for another (`Accept-Language`). */
export type Language = 'en' | 'zh-CN';

/**
 * An English message in the reader's language, gettext-style: the catalogue of each language
 * (api/platform/error-texts.*.ts) maps the exact English text or a pattern of it; a message it
 * does not know stays English (the catalogue's test names every message thrown that it lacks).
 */
export function localize(message: string, language: Language): string {
  return language === 'zh-CN' ? (zhCN(message) ?? message) : message;
}

const issueIn = (d: FieldIssue, language: Language): string => d.translations?.[language] ?? localize(d.message, language);

export class AppError extends Error {
  /** The message in the other languages a reader may ask for; English is `message`. */
  translations: Partial<Record<Language, string>> = {};

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The body sent: the message and each detail's in `language` (the error's own translation first, then the catalogue). */
  toJSON(language: Language = 'en'): { error: { code: string; message: string; details?: FieldIssue[] } } {
    const details = this.details?.map((d) => ({ path: d.path, message: issueIn(d, language) }));
    return { error: { code: this.code, message: this.messageIn(language), ...(details ? { details } : {}) } };
  }

  protected messageIn(language: Language): string {
    return this.translations[language] ?? localize(this.message, language);
  }
}

export class ValidationError extends AppError {
  /** The message was composed of the details ("Invalid request: a: b; c: d"), so it is composed again in another language. */
  private readonly composed: boolean;

  constructor(details: FieldIssue[], message?: string) {
    super(400, 'validation_failed', message ?? `Invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
    this.composed = message === undefined;
  }

  protected override messageIn(language: Language): string {
    if (this.translations[language] || !this.composed || language === 'en') return super.messageIn(language);
    return `请求无效：${this.details!.map((d) => `${d.path}：${issueIn(d, language)}`).join('；')}`;
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

/**
 * A process did not answer an update in time: a step it runs keeps failing or waits on
 * something that is down, or no worker is running. The update may still be applied later (a
 * resend with the same update id gets its result), so the reader is told to look before repeating.
 */
export class ProcessTimeoutError extends AppError {
  /** Seconds a client should wait before looking again (the `Retry-After` header). */
  readonly retryAfterSeconds = 5;

  constructor(readonly seconds: number) {
    super(
      504,
      'process_timeout',
      `The process did not answer within ${seconds} s. Your request may still take effect: look again in a moment before you repeat it.`,
    );
    this.translations = { 'zh-CN': `流程未在 ${seconds} 秒内响应。您的请求可能仍会生效：请稍后查看，再决定是否重新提交。` };
  }
}
