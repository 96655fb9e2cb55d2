/**
 * Facts as the scoring engine reads them (rows of the `facts` table, `data` already parsed from
 * its JSON text) and the compiled form of the predicate language of indicators and rules. Pure.
 */
import type { Predicate } from './indicators';

export type FactAttribution = 'direct' | 'department_head' | 'reporter' | 'none';

export interface Fact {
  id: string;
  kind: string;
  /** The person it counts for or against, chosen by the process (see `attribution`). */
  personId: string | null;
  attribution: FactAttribution | string;
  orgUnitId: string | null;
  departmentHeadPersonId: string | null;
  sourceWorkflowId: string;
  /** The business object (hazard id, emergency id, …). */
  subjectId: string;
  value: number | null;
  /** ISO-8601 instant. */
  occurredAt: string;
  /** Parsed JSON. Optional attribution fields read by the `responsible` priority: directPersonId, affectedPersonId, siteLeadPersonId. */
  data: Record<string, unknown>;
}

export type FactAccessor = (f: Fact) => unknown;

export function compileField(field: string): FactAccessor {
  switch (field) {
    case 'value':
      return (f) => f.value;
    case 'subjectId':
      return (f) => f.subjectId;
    case 'sourceWorkflowId':
      return (f) => f.sourceWorkflowId;
    case 'orgUnitId':
      return (f) => f.orgUnitId;
    case 'personId':
      return (f) => f.personId;
  }
  if (!field.startsWith('data.')) throw new RangeError(`unknown fact field ${field}`);
  const keys = field.slice(5).split('.');
  return (f) => {
    let v: unknown = f.data;
    for (const k of keys) {
      if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };
}

export type FactTest = (f: Fact) => boolean;

export function compilePredicate(p: Predicate): FactTest {
  if ('anyOf' in p) {
    const parts = p.anyOf.map(compilePredicate);
    return (f) => parts.some((t) => t(f));
  }
  if ('allOf' in p) return compilePredicates(p.allOf);
  const get = compileField(p.field);
  switch (p.op) {
    case 'is_true':
      return (f) => get(f) === true;
    case 'not_true':
      return (f) => get(f) !== true;
    case 'present':
      return (f) => get(f) !== undefined && get(f) !== null;
    case 'missing':
      return (f) => get(f) === undefined || get(f) === null;
    case 'eq':
      return (f) => get(f) === p.value;
    case 'ne':
      return (f) => get(f) !== p.value;
    default: {
      const want = p.value;
      const cmp = (v: unknown): number | null =>
        typeof v === typeof want && (typeof v === 'number' || typeof v === 'string') ? (v < want ? -1 : v > want ? 1 : 0) : null;
      const ok: Record<'lt' | 'lte' | 'gt' | 'gte', (c: number) => boolean> = { lt: (c) => c < 0, lte: (c) => c <= 0, gt: (c) => c > 0, gte: (c) => c >= 0 };
      const test = ok[p.op];
      return (f) => {
        const c = cmp(get(f));
        return c !== null && test(c);
      };
    }
  }
}

/** All of them (an empty list is always true). */
export function compilePredicates(ps: readonly Predicate[]): FactTest {
  const parts = ps.map(compilePredicate);
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0];
  return (f) => parts.every((t) => t(f));
}

/** Sorts strings in place in code-unit order (= `compareStrings`; the built-in default order, without a callback, so faster). */
export function sortStrings(xs: string[]): string[] {
  return xs.sort();
}

/** Code-unit order: the same on every machine and locale (unlike localeCompare). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
