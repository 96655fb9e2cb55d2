import type { Language } from './catalog';

/**
 * Names in two languages: org units, people, posts, inspection templates, rules and indicators
 * carry `name` (English) and `nameZh` (Chinese); accounts `displayName` and `displayNameZh`. A
 * missing Chinese name falls back to the English one (a name typed once serves both languages).
 */
export interface Named {
  name: string;
  nameZh?: string | null;
}

export interface DisplayNamed {
  displayName: string;
  displayNameZh?: string | null;
}

/** The name a reader of `language` sees. */
export function localName(row: Named, language: Language): string {
  return language === 'zh-CN' && row.nameZh ? row.nameZh : row.name;
}

/** An account's display name for a reader of `language`. */
export function localDisplayName(user: DisplayNamed, language: Language): string {
  return language === 'zh-CN' && user.displayNameZh ? user.displayNameZh : user.displayName;
}
