import type { FeatureTexts } from './define';

/**
 * The names of a closed list's values as texts `<prefix>.<value>` in both languages, for a Text's
 * `term(…)` parameters: e.g. `termTexts('permit.type', PERMIT_TYPES, en, zh)`.
 */
export function termTexts<const P extends string, const V extends string>(
  prefix: P,
  values: readonly V[],
  en: Record<V, string>,
  zhCN: Record<V, string>,
): FeatureTexts<`${P}.${V}`> {
  const of = (names: Record<V, string>) => Object.fromEntries(values.map((v) => [`${prefix}.${v}`, names[v]])) as Record<`${P}.${V}`, string>;
  return { en: of(en), 'zh-CN': of(zhCN) };
}
