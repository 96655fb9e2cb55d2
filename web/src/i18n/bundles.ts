/**
 * The UI texts in two bundles per language, fetched as needed (issue 20: a phone on a weak network
 * fetches only the language it shows, and the office pages' texts only when it opens one):
 * - frontline: the shell, the login page and the frontline's pages (report a hazard, raise an
 *   emergency, the tasks): what a visit starts with;
 * - office: every other page's, fetched with the first such page (../pages.ts).
 *
 * Typing is unchanged: ./resources.ts merges all features' texts into the reference bundle `t` is
 * checked against (only its types are used at run time); below, a namespace in neither bundle is a
 * type error. No i18next here: the boot script (../boot.ts) starts the fetch before the app's code
 * has arrived; ./index.ts registers the texts with i18next as they come.
 */
import type { en as All } from './resources';
import type { texts as Frontline } from './bundles/frontline.en';
import type { texts as Office } from './bundles/office.en';
import { initialLanguage, type Language } from './language';
import type { MessageTree } from './types';

export type TextBundle = 'frontline' | 'office';
export const TEXT_BUNDLES: readonly TextBundle[] = ['frontline', 'office'];

type Unbundled = Exclude<keyof typeof All, keyof typeof Frontline | keyof typeof Office>;
/** A feature's texts added to resources.ts belong in one of the bundles too: this names any that is in neither. */
const everyNamespaceBundled: [Unbundled] extends [never] ? true : { notInABundle: Unbundled } = true;
void everyNamespaceBundled;

const LOADERS: Record<Language, Record<TextBundle, () => Promise<MessageTree>>> = {
  en: {
    frontline: () => import('./bundles/frontline.en').then((m) => m.texts),
    office: () => import('./bundles/office.en').then((m) => m.texts),
  },
  'zh-CN': {
    frontline: () => import('./bundles/frontline.zh-CN').then((m) => m.texts),
    office: () => import('./bundles/office.zh-CN').then((m) => m.texts),
  },
};

type Sink = (lang: Language, texts: MessageTree) => void;

const loads = new Map<string, Promise<MessageTree>>();
const arrived: [Language, MessageTree][] = [];
let sink: Sink | undefined;
let language: Language | undefined;

/** The language texts are fetched in: the visit's (saved or the browser's) until the UI switches. */
export function textLanguage(): Language {
  return (language ??= initialLanguage());
}

/** Called by ./index.ts when the UI switches language (after the new language's texts are in). */
export function setTextLanguage(lang: Language): void {
  language = lang;
}

/** Where the texts go once fetched (i18next): also given those that arrived before. */
export function onTexts(to: Sink): void {
  sink = to;
  for (const [lang, texts] of arrived.splice(0)) to(lang, texts);
}

/** Fetches `bundles` in `lang` (once each); resolves when they are registered (or kept for the sink to come). */
export function loadTexts(bundles: readonly TextBundle[], lang: Language = textLanguage()): Promise<void> {
  return Promise.all(
    bundles.map((bundle) => {
      const key = `${lang}/${bundle}`;
      let load = loads.get(key);
      if (!load) {
        load = LOADERS[lang][bundle]().then((texts) => {
          if (sink) sink(lang, texts);
          else arrived.push([lang, texts]);
          return texts;
        });
        // A failed fetch (offline, the build replaced) is tried again by the next caller.
        load.catch(() => loads.delete(key));
        loads.set(key, load);
      }
      return load;
    }),
  ).then(() => undefined);
}

/** The bundles fetched (or on their way) in `lang`. */
export function loadedBundles(lang: Language): TextBundle[] {
  return TEXT_BUNDLES.filter((b) => loads.has(`${lang}/${b}`));
}
