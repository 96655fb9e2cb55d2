import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchCurrentRuleset,
  fetchRuleset,
  listIndicators,
  session,
  type IndicatorDef,
  type RulesetDocument,
  type RulesetVersion,
  type ScoreLine,
} from '../../shared/api';
import { useLabel } from '../../i18n';

/**
 * Names of indicators and rules in the UI language: an indicator's name / nameZh from the ruleset
 * the score was made with (else the library), a rule's name / nameZh from the ruleset (a rule
 * without nameZh: its Chinese name from the bundle). Library and rulesets are fetched once per session.
 */

const cache = new Map<string, { token: string | null; promise: Promise<unknown> }>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  const token = session.token;
  const hit = cache.get(key);
  if (hit && hit.token === token) return hit.promise as Promise<T>;
  const promise = load();
  cache.set(key, { token, promise });
  promise.catch(() => {
    if (cache.get(key)?.promise === promise) cache.delete(key); // try again next time
  });
  return promise;
}

export const loadIndicators = () => once('indicators', async () => (await listIndicators()).items);
/** A published version never changes; a draft may, so only published ones are kept. */
export function loadRuleset(version: number | 'current'): Promise<RulesetVersion> {
  if (version === 'current') return fetchCurrentRuleset();
  return once(`ruleset:${version}`, async () => {
    const r = await fetchRuleset(version);
    if (r.status !== 'published') cache.delete(`ruleset:${version}`);
    return r;
  });
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `doc.<section>.<code>.<field>` as a string, if it is one. */
function field(doc: RulesetDocument | null | undefined, section: string, code: string, name: string): string | undefined {
  const s = doc?.[section];
  const entry = isObj(s) ? s[code] : undefined;
  const v = isObj(entry) ? entry[name] : undefined;
  return typeof v === 'string' && v ? v : undefined;
}

export interface ScoringNames {
  indicator: (code: string) => string;
  rule: (code: string) => string;
  line: (line: ScoreLine) => string;
  /** A line known by its code only (appeals, adjustments): an indicator's name, else a rule's. */
  code: (code: string) => string;
  /** The indicator's unit in the library (percent, count, seconds, points). */
  unit: (code: string) => IndicatorDef['unit'] | undefined;
}

/** Names for lines of scores made with `doc` (null: the library and the bundle only). */
export function useScoringNames(doc: RulesetDocument | null | undefined): ScoringNames {
  const { i18n } = useTranslation();
  const label = useLabel();
  const [library, setLibrary] = useState<IndicatorDef[]>([]);
  useEffect(() => {
    let live = true;
    loadIndicators().then(
      (items) => live && setLibrary(items),
      () => undefined, // names fall back to codes
    );
    return () => {
      live = false;
    };
  }, []);
  const zh = i18n.language === 'zh-CN';

  const indicator = useCallback(
    (code: string) => {
      const lib = library.find((i) => i.code === code);
      const own = zh ? field(doc, 'indicators', code, 'nameZh') : field(doc, 'indicators', code, 'name');
      return own ?? (lib ? (zh ? lib.nameZh : lib.name) : code);
    },
    [doc, library, zh],
  );
  const rule = useCallback(
    (code: string) => {
      const own = field(doc, 'rules', code, 'name');
      if (zh) return field(doc, 'rules', code, 'nameZh') ?? label(`scoring.rule.${code}`, own ?? code);
      return own ?? label(`scoring.rule.${code}`, code);
    },
    [doc, zh, label],
  );
  const line = useCallback((l: ScoreLine) => (l.kind === 'indicator' ? indicator(l.indicatorCode ?? '') : rule(l.ruleCode ?? '')), [indicator, rule]);
  const code = useCallback(
    (c: string) => {
      const known = library.some((i) => i.code === c) || !!field(doc, 'indicators', c, 'name');
      return known ? indicator(c) : rule(c);
    },
    [doc, library, indicator, rule],
  );
  const unit = useCallback(
    (code: string) => {
      const s = doc?.indicators;
      const entry = isObj(s) ? s[code] : undefined;
      const own = isObj(entry) && typeof entry.unit === 'string' ? (entry.unit as IndicatorDef['unit']) : undefined;
      return own ?? library.find((i) => i.code === code)?.unit;
    },
    [doc, library],
  );
  return { indicator, rule, line, code, unit };
}

/** The ruleset document of `version` (null while loading or when it cannot be read). */
export function useRulesetDocument(version: number | 'current' | null): RulesetDocument | null {
  const [doc, setDoc] = useState<{ version: number | 'current'; doc: RulesetDocument } | null>(null);
  useEffect(() => {
    if (version === null) return;
    let live = true;
    loadRuleset(version).then(
      (r) => live && setDoc({ version, doc: r.document }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [version]);
  return doc && doc.version === version ? doc.doc : null;
}
