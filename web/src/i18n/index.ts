import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { useCallback } from 'react';
import { en, zhCN } from './resources';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'safeloop.lang';

function isLanguage(value: string | null | undefined): value is Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '');
}

/** The saved choice, else the browser's language (any Chinese → zh-CN), else English. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

/** Switches the UI language and remembers it for the next visit. */
export async function setLanguage(lang: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

/**
 * Translation of a key computed at run time (task types, field names, values from the API):
 * the first of `keys` that exists, else `fallback` (usually the raw value), so a task type added
 * by a process before its translations still shows something sensible.
 */
export function useLabel(): (keys: string | string[], fallback: string) => string {
  const { t, i18n: instance } = useTranslation();
  return useCallback(
    (keys: string | string[], fallback: string) => {
      for (const key of Array.isArray(keys) ? keys : [keys]) {
        if (!instance.exists(key)) continue;
        const value: unknown = instance.t(key as never, { returnObjects: true });
        if (typeof value === 'string') return value;
      }
      return fallback;
    },
    // t changes identity when the language changes, so the labels follow it.
    [t, instance],
  );
}

export default i18n;
