/**
 * A feature's server texts in both languages: the English catalogue fixes the keys, the Chinese
 * one must have every key (the compiler checks) and the same {{parameters}} (texts.test.ts checks).
 * Keys are flat ("task.hazard.grade"); `{{name}}` is a parameter (i18next's interpolation).
 */
export interface FeatureTexts<K extends string = string> {
  en: Record<K, string>;
  'zh-CN': Record<K, string>;
}

export function defineTexts<const E extends Record<string, string>>(en: E, zhCN: Record<keyof E, string>): FeatureTexts<Extract<keyof E, string>> {
  return { en, 'zh-CN': zhCN };
}
