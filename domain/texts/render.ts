/**
 * Turns stored texts into words in a reader's language: i18next looks the message up (English
 * when a key has no Chinese, the key itself when unknown) and interpolates the parameters, which
 * are formatted here first — times in the organisation's time zone, durations in words, terms and
 * nested texts in the same language. Not for workflow code (Intl and i18next stay out of it).
 */
import i18next, { type TFunction } from 'i18next';
import { explanationIn } from '../scoring/explain';
import { CATALOG, type Language } from './catalog';
import { isText, type Text, type TextParam } from './text';

/** The organisation's time zone unless a reader's view says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface RenderOptions {
  timeZone?: string;
}

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: CATALOG.en }, 'zh-CN': { translation: CATALOG['zh-CN'] } },
  lng: 'en',
  fallbackLng: 'en',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
});
const translators = new Map<Language, TFunction>();
const translator = (lang: Language): TFunction => {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = i18n.getFixedT(lang)));
  return t;
};

/** A stored value in `lang`: a plain string stays as it is (a person's own words, a row from before texts). */
export function renderText(value: string | Text, lang: Language, options?: RenderOptions): string;
export function renderText(value: string | Text | null, lang: Language, options?: RenderOptions): string | null;
export function renderText(value: string | Text | null, lang: Language, options: RenderOptions = {}): string | null {
  if (value === null || typeof value === 'string') return value;
  // One step renders the same text several times (the task's stored texts, its notice's
  // subject and body per recipient, the audit row, the monitor's titles): i18next's lookup and
  // interpolation cost more than the key below (bench:processes).
  const key = `${lang}|${options.timeZone ?? ''}|${JSON.stringify(value)}`;
  const known = rendered.get(key);
  if (known !== undefined) return known;
  const params: Record<string, string | number> = {};
  for (const [name, p] of Object.entries(value.params ?? {})) params[name] = renderParam(p, lang, options);
  const out = translator(lang)(value.key, params) as string;
  if (rendered.size >= RENDERED_MAX) rendered.clear();
  rendered.set(key, out);
  return out;
}

/** Texts rendered lately (the catalog is fixed for the life of the process, so a text's words are too). */
const rendered = new Map<string, string>();
const RENDERED_MAX = 2_000;

function renderParam(p: TextParam, lang: Language, options: RenderOptions): string | number {
  if (typeof p === 'string' || typeof p === 'number') return p;
  if (isText(p)) return renderText(p, lang, options);
  if ('time' in p) return formatTime(p.time, lang, options.timeZone);
  if ('seconds' in p) return formatDuration(p.seconds, lang);
  if ('lines' in p) return p.lines.map((l) => renderParam(l, lang, options)).join('\n');
  if ('names' in p) return p.names.map((n) => (lang === 'zh-CN' && n.zh ? n.zh : n.en)).join(lang === 'zh-CN' ? '、' : ', ');
  if ('explanation' in p) return explanationIn(p.explanation, lang);
  return translator(lang)(p.term) as string;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** "2026/12/6 10:04" (zh-CN), "6 Dec 2026, 10:04" (en): the organisation's wall clock, 24-hour. */
export function formatTime(iso: string, lang: Language, timeZone = DEFAULT_TIME_ZONE): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const id = `${lang}|${timeZone}`;
  let f = timeFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone,
      year: 'numeric',
      month: lang === 'zh-CN' ? 'numeric' : 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(id, f);
  }
  return f.format(ms);
}

const UNITS = [
  ['duration.days', 86_400],
  ['duration.hours', 3_600],
  ['duration.minutes', 60],
  ['duration.seconds', 1],
] as const;
/** In words, the two largest units that are not zero: "2 hours 30 minutes", "2小时30分钟", "45 seconds". */
export function formatDuration(seconds: number, lang: Language): string {
  const t = translator(lang);
  let rest = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  for (const [key, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) parts.push(t(key, { count: n }) as string);
    else if (parts.length) break;
  }
  if (!parts.length) return t('duration.seconds', { count: 0 }) as string;
  return parts.length === 1 ? parts[0] : (t('duration.join', { a: parts[0], b: parts[1] }) as string);
}
