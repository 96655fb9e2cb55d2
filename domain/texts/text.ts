/**
 * Text the server writes for people — a task's title, a notification, a timeline line — kept as a
 * message key and its parameters, so each reader gets it in their own language (and a mail in its
 * recipient's), with times in the organisation's time zone. Workflows build these values (plain
 * data: no i18n library, nothing non-deterministic); domain/texts/render.ts turns them into words.
 */
import type { MessageKey } from './catalog';

/** A point in time (ISO 8601), shown as a date and time in the organisation's time zone. */
export interface TimeParam {
  time: string;
}
/** A length of time in seconds, shown in words ("2 hours 30 minutes", "2小时30分钟"). */
export interface DurationParam {
  seconds: number;
}
/** A value of a closed list (a hazard category, a department): the catalogue names it per language. */
export interface TermParam {
  term: MessageKey;
}
/** Names of things with a name per language (org units, people): listed in the reader's language, the English name where there is no Chinese one. */
export interface NamesParam {
  names: { en: string; zh?: string | null }[];
}
/** Lines, each a parameter of its own, shown one under the other. */
export interface LinesParam {
  lines: TextParam[];
}
/** A score line's explanation as the engine wrote it (English), shown in the reader's language. */
export interface ExplanationParam {
  explanation: string;
}
export type TextParam = string | number | TimeParam | DurationParam | TermParam | LinesParam | NamesParam | ExplanationParam | Text;

export interface Text {
  key: MessageKey;
  params?: Record<string, TextParam>;
}

/** `text('task.hazard.grade', { title })`: the message `key` with its parameters. */
export function text(key: MessageKey, params?: Record<string, TextParam>): Text {
  return params ? { key, params } : { key };
}

/** A time parameter. */
export const when = (time: string | Date): TimeParam => ({ time: typeof time === 'string' ? time : time.toISOString() });

/** A duration parameter. */
export const during = (seconds: number): DurationParam => ({ seconds });

/** Names in the reader's language, listed ("A, B" / "A、B"). */
export const named = (names: { en: string; zh?: string | null }[]): NamesParam => ({ names });

/** Lines shown one under the other. */
export const lines = (items: TextParam[]): LinesParam => ({ lines: items });

/** A score line's explanation parameter. */
export const explained = (explanation: string): ExplanationParam => ({ explanation });

/** A term parameter (a value of a closed list, named by the catalogue). */
export const term = (key: MessageKey): TermParam => ({ term: key });

export function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && typeof (value as Text).key === 'string' && !Array.isArray(value);
}

/** A stored text column's value: the JSON of a Text, or null (a row written before texts, or plain). */
export function parseStoredText(json: string | null | undefined): Text | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return isText(v) ? v : null;
  } catch {
    return null;
  }
}
