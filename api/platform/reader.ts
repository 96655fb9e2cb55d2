import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { Language, MessageKey } from '../../domain/texts/catalog';
import { DEFAULT_TIME_ZONE, renderText } from '../../domain/texts/render';
import { parseStoredText, text, type TextParam } from '../../domain/texts/text';
import { readerLanguage } from './error-handler';

/**
 * Who is reading this answer: their language (Accept-Language, which the web sets to the UI's)
 * and the organisation's time zone. Services render stored server texts for them through
 * `forReader` without passing the request down.
 */
interface Reader {
  language: Language;
  timeZone: string;
}
const current = new AsyncLocalStorage<Reader>();

/** Middleware: the rest of the request runs knowing its reader. */
export function readerContext(req: Request, _res: Response, next: NextFunction): void {
  current.run({ language: readerLanguage(req), timeZone: DEFAULT_TIME_ZONE }, next);
}

/** The reader of the request being answered (English outside a request). */
export const reader = (): Reader => current.getStore() ?? { language: 'en', timeZone: DEFAULT_TIME_ZONE };

/**
 * A stored server text in the reader's language: `stored` is the JSON of its message key and
 * parameters (a `…_text` column); `words` what the row holds in plain words (English, or a
 * person's own words), shown as it is when there is no key.
 */
export function forReader(stored: string | null | undefined, words: string): string;
export function forReader(stored: string | null | undefined, words: string | null): string | null;
export function forReader(stored: string | null | undefined, words: string | null): string | null {
  const text = parseStoredText(stored);
  if (!text) return words;
  const { language, timeZone } = reader();
  return renderText(text, language, { timeZone });
}

/** A server text the API composes now (not stored), in the reader's language. */
export function said(key: MessageKey, params?: Record<string, TextParam>): string {
  const { language, timeZone } = reader();
  return renderText(text(key, params), language, { timeZone });
}
