import type { ApiError, RulesetDocument, RulesetIssue } from '../../shared/api';

export const VIEWS = ['form', 'json', 'diff', 'whatif'] as const;
export type View = (typeof VIEWS)[number];
export const RED = '#cf1322';
export const GREEN = '#389e0d';
export const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;

export type Path = string[];
export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
export const getAt = (doc: unknown, path: Path): unknown => path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), doc);
export const numAt = (doc: unknown, path: Path): number | null => {
  const v = getAt(doc, path);
  return typeof v === 'number' ? v : null;
};
/** A copy of `doc` with `path` set to `value` (undefined removes the key). */
export function setAt(doc: RulesetDocument, path: Path, value: unknown): RulesetDocument {
  const copy = structuredClone(doc);
  let o: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    if (!isObj(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}
export const pretty = (doc: unknown) => JSON.stringify(doc, null, 2);
/** Issues of a save (`body.document.<path>`) in the document's own paths. */
export const documentIssues = (err: ApiError): RulesetIssue[] =>
  err.details.map((d) => ({ path: d.path.replace(/^body\.document\.?/, ''), message: d.message }));

export const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
