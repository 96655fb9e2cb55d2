import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Names in the UI language: org units, people, posts, inspection templates, rules and indicators
 * carry `name` (English) and `nameZh` (Chinese); accounts `displayName` and `displayNameZh`. A
 * missing Chinese name falls back to the English one (the server's domain/texts/names.ts).
 */
export interface Named {
  name: string;
  nameZh?: string | null;
}
export interface DisplayNamed {
  displayName: string;
  displayNameZh?: string | null;
}

const chinese = (language: string) => language.toLowerCase().startsWith('zh');

/** The name a reader of `language` sees. */
export function localName(row: Named, language: string): string {
  return chinese(language) && row.nameZh ? row.nameZh : row.name;
}

/** An account's display name for a reader of `language`. */
export function localDisplayName(user: DisplayNamed, language: string): string {
  return chinese(language) && user.displayNameZh ? user.displayNameZh : user.displayName;
}

/** `localName` in the current UI language. */
export function useLocalName(): (row: Named) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useCallback((row: Named) => localName(row, language), [language]);
}

/** `localDisplayName` in the current UI language. */
export function useLocalDisplayName(): (user: DisplayNamed) => string {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useCallback((user: DisplayNamed) => localDisplayName(user, language), [language]);
}
