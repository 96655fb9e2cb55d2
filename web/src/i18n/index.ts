import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { useCallback } from 'react';
import { loadedBundles, loadTexts, onTexts, setTextLanguage, textLanguage, type TextBundle } from './bundles';
import { isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, type Language } from './language';
import type { MessageTree } from './types';

export { initialLanguage, LANGUAGES, type Language } from './language';
export { loadTexts, type TextBundle } from './bundles';

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

/** Switches the UI language and remembers it for the next visit. */
export async function setLanguage(lang: Language): Promise<void> {
  localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  await loadTexts(loadedBundles(textLanguage()), lang); // the texts shown so far, in the new language
  setTextLanguage(lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

/** Fetches bundles; a failure (no network and not cached) leaves their keys showing rather than no app. */
function fetchAllTextsOf(bundles: readonly TextBundle[]): Promise<void> {
  return loadTexts(bundles).catch(() => undefined);
}

const fetchAllTexts = () => fetchAllTextsOf(['frontline', 'office']);

/**
 * Resolves when i18next is set up with the texts a visit starts with (the frontline bundle, ./bundles.ts):
 * the app renders then. Bundles fetched later are added as they come.
 */
export const textsReady: Promise<void> = fetchAllTextsOf(['frontline']).then(async () => {
  const resources: Record<string, { translation: MessageTree }> = {};
  onTexts((lang, texts) => {
    if (i18n.isInitialized) i18n.addResourceBundle(lang, 'translation', texts, true, true);
    else resources[lang] = { translation: { ...resources[lang]?.translation, ...texts } };
  });
  await i18n.use(initReactI18next).init({
    resources,
    partialBundledLanguages: true,
    initAsync: false,
    lng: textLanguage(),
    fallbackLng: false, // each language's bundles have every key (typed), and only the UI's language is fetched
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes
    // One namespace, keys nested by dots. Said explicitly, so i18next does not test every key with its
    // "natural language key?" regular expressions on every t() call (≈ 40 % of t()'s time at the first
    // render of the report form on a phone, issue 20).
    keySeparator: '.',
    nsSeparator: false,
    returnNull: false,
    // A key of a bundle not fetched yet (a page that did not ask for the office texts, see ../pages.ts):
    // fetch the rest; the components re-render when it is added (bindI18nStore).
    saveMissing: true,
    missingKeyHandler: () => void fetchAllTexts(),
    react: { bindI18nStore: 'added' },
  });
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
        if (!instance.exists(key)) {
          void fetchAllTexts(); // perhaps a key of the office bundle not fetched yet: shown once it is
          continue;
        }
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
