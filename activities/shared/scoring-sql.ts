import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  aggregateFacts,
  aggregationPlan,
  classFact,
  compilePredicates,
  type Aggregate,
  type Fact,
  type Predicate,
  type Ruleset,
  type ScoringDepartment,
  type ScoringSubject,
} from '../../domain/scoring';

/**
 * Aggregation pushed down to MySQL / MariaDB for volume: one scan of the period's facts, grouped
 * into *fact classes* — facts that no rule or indicator can tell apart (same kind, attribution
 * columns, and every field any predicate, group key or ratio reads; the value too where a
 * predicate reads it) — with their count, value sum and ids. The classes go through the very
 * same `aggregateFacts` as single facts (one representative each), and each aggregate is then
 * scaled back to the class sizes. So SQL does the counting and rule evaluation stays one code
 * path: every number equals `aggregateFacts` over the individual facts. A line's `factIds` are
 * then one fact per class (its first) — examples, with `n` counting all; the complete list
 * behind a line comes from `factsBehind` (one subject, evaluated fact by fact).
 */

const ATTRIBUTION_DATA = ['data.directPersonId', 'data.affectedPersonId', 'data.siteLeadPersonId'];

function fieldsOf(p: Predicate, out: Set<string>): void {
  if ('anyOf' in p) p.anyOf.forEach((x) => fieldsOf(x, out));
  else if ('allOf' in p) p.allOf.forEach((x) => fieldsOf(x, out));
  else out.add(p.field);
}

interface ClassPlan {
  kinds: string[];
  /** data.* fields to group by (JSON paths). */
  dataFields: string[];
  /** The kinds each data field is read for (absent: any kind, e.g. attribution fields). */
  dataKinds: Map<string, Set<string>>;
  /** Kinds whose value a predicate reads (grouped by value). */
  valueKeyed: Set<string>;
  /** Kinds whose subject / workflow ids are read (grouped by them). */
  subjectKeyed: Set<string>;
  workflowKeyed: Set<string>;
}

export function classPlan(ruleset: Ruleset): ClassPlan {
  const plan = aggregationPlan(ruleset);
  const data = new Set<string>(ruleset.attribution.priority.some((p) => p !== 'department_head') ? ATTRIBUTION_DATA : []);
  const dataKinds = new Map<string, Set<string>>();
  const valueKeyed = new Set<string>();
  const subjectKeyed = new Set<string>();
  const workflowKeyed = new Set<string>();
  for (const e of plan) {
    const fields = new Set<string>();
    for (const p of [...e.where, ...(e.success ?? [])]) fieldsOf(p, fields);
    for (const g of e.groupBy ?? []) fields.add(g);
    if (e.value?.ratioTo) fields.add(e.value.ratioTo);
    for (const f of fields) {
      if (f.startsWith('data.')) {
        data.add(f);
        const ks = dataKinds.get(f) ?? new Set<string>();
        e.kinds.forEach((k) => ks.add(k));
        dataKinds.set(f, ks);
      } else if (f === 'value') e.kinds.forEach((k) => valueKeyed.add(k));
      else if (f === 'subjectId') e.kinds.forEach((k) => subjectKeyed.add(k));
      else if (f === 'sourceWorkflowId') e.kinds.forEach((k) => workflowKeyed.add(k));
    }
  }
  for (const f of ATTRIBUTION_DATA) dataKinds.delete(f);
  return { kinds: [...new Set(plan.flatMap((e) => e.kinds))].sort(), dataFields: [...data].sort(), dataKinds, valueKeyed, subjectKeyed, workflowKeyed };
}

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const inList = (xs: Iterable<string>) => [...xs].map(sqlString).join(', ') || "''";

/** The GROUP BY over the period's facts (MySQL / MariaDB). */
export function classQuery(plan: ClassPlan): string {
  // Each data field is read only for the kinds that use it; attribution fields only where the text names them.
  const cols = plan.dataFields.map((f, i) => {
    const extract = `CAST(JSON_EXTRACT(f.data, ${sqlString(`$.${f.slice(5)}`)}) AS CHAR CHARACTER SET utf8mb4) COLLATE utf8mb4_bin`;
    const kinds = plan.dataKinds.get(f);
    if (!kinds) return `CASE WHEN f.data LIKE ${sqlString(`%"${f.slice(5)}"%`)} THEN ${extract} END AS d${i}`;
    return `CASE WHEN f.kind IN (${inList(kinds)}) THEN ${extract} END AS d${i}`;
  });
  const keyed = (set: Set<string>, expr: string, alias: string) =>
    set.size ? `CASE WHEN f.kind IN (${inList(set)}) THEN ${expr} END AS ${alias}` : `NULL AS ${alias}`;
  // Binary collation: grouping compares bytes, not Unicode collation weights (several times faster).
  const bin = (col: string) => `${col} COLLATE utf8mb4_bin`;
  return `SELECT ${bin('f.kind')} AS kind, ${bin('f.person_id')} AS personId, ${bin('f.org_unit_id')} AS orgUnitId, ${bin('f.department_head_person_id')} AS departmentHeadPersonId, ${bin('f.attribution')} AS attribution,
  ${keyed(plan.valueKeyed, 'f.value', 'v')}, (f.value IS NULL) AS nullValue,
  ${keyed(plan.subjectKeyed, bin('f.subject_id'), 'subjectId')}, ${keyed(plan.workflowKeyed, bin('f.source_workflow_id'), 'sourceWorkflowId')}${cols.length ? `,\n  ${cols.join(',\n  ')}` : ''},
  COUNT(*) AS n, SUM(COALESCE(f.value, 0)) AS s, MIN(${bin('f.id')}) AS firstId, BIT_XOR(CRC32(f.id)) AS idsCrc
FROM facts f
WHERE f.kind IN (${inList(plan.kinds)}) AND f.occurred_at >= ? AND f.occurred_at < ?
GROUP BY kind, personId, orgUnitId, departmentHeadPersonId, attribution, v, nullValue, subjectId, sourceWorkflowId${plan.dataFields.map((_, i) => `, d${i}`).join('')}`;
}

interface ClassRow {
  kind: string;
  personId: string | null;
  orgUnitId: string | null;
  departmentHeadPersonId: string | null;
  attribution: string;
  v: number | string | null;
  nullValue: number | string;
  subjectId: string | null;
  sourceWorkflowId: string | null;
  n: number | string;
  s: number | string | null;
  firstId: string;
  idsCrc: number | string;
  [data: `d${number}`]: string | null;
}

export interface SqlAggregation {
  aggregates: Aggregate[];
  /** Facts of the period scanned (every kind the ruleset reads, wherever they happened). */
  factCount: number;
  /** Facts that reached a subject of the scope (behind some aggregate row): what the scores are computed from. */
  scopeFactCount: number;
  classCount: number;
  /**
   * sha-256 over every class that reached a subject of the scope (its first fact id, size and the
   * XOR of its fact ids' CRC-32): any added, removed or replaced fact of the scope changes it; a
   * fact elsewhere (another department's inspection) does not.
   */
  factsHash: string;
}

/** Period facts → aggregates, counted by the database. MySQL / MariaDB only. */
export async function aggregateInSql(
  ds: DataSource,
  ruleset: Ruleset,
  period: { start: string; end: string },
  subjects: readonly ScoringSubject[],
  departments: readonly ScoringDepartment[],
  timings?: Record<string, number>,
): Promise<SqlAggregation> {
  const plan = classPlan(ruleset);
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    if (timings) timings[name] = (timings[name] ?? 0) + now - t;
    t = now;
  };
  const runner = ds.createQueryRunner();
  let rows: ClassRow[];
  try {
    rows = (await runner.query(classQuery(plan), [new Date(period.start), new Date(period.end)])) as ClassRow[];
  } finally {
    await runner.release();
  }
  lap('sql');

  // One representative fact per class; its value is the class's sum unless a predicate reads the value.
  const reps: Fact[] = [];
  const classes = new Map<string, { n: number; value: number | null; crc: string }>();
  let factCount = 0;
  for (const r of rows) {
    const n = Number(r.n);
    factCount += n;
    const data: Record<string, unknown> = {};
    plan.dataFields.forEach((f, i) => {
      const raw = r[`d${i}`];
      if (raw === null || raw === undefined) return;
      let target = data;
      const keys = f.slice(5).split('.');
      keys.slice(0, -1).forEach((k) => (target = (target[k] ??= {}) as Record<string, unknown>));
      target[keys[keys.length - 1]] = JSON.parse(String(raw));
    });
    const keyedValue = plan.valueKeyed.has(r.kind);
    const isNull = Number(r.nullValue) === 1;
    const value = isNull ? null : keyedValue ? Number(r.v) : Number(r.s);
    const id = r.firstId;
    reps.push(classFact({ ...r, data }, id, value, period.start));
    classes.set(id, { n, value: keyedValue && !isNull ? Number(r.v) : null, crc: String(r.idsCrc) });
  }

  lap('classes');
  const { aggregates } = aggregateFacts(reps, { ruleset, subjects, departments, period });
  lap('aggregate');
  const entries = new Map(aggregationPlan(ruleset).map((e) => [e.code, { e, success: e.success ? compilePredicates(e.success) : null }]));
  const repById = new Map(reps.map((f) => [f.id, f]));
  for (const a of aggregates) {
    const { e, success } = entries.get(a.code)!;
    let n = 0;
    let hits = 0;
    let sum = a.sum;
    for (const id of a.factIds) {
      const c = classes.get(id)!;
      n += c.n;
      if (success && success(repById.get(id)!)) hits += c.n;
      // A value-keyed class added its value once: add it for the other n − 1 facts.
      if (e.value && c.value !== null && c.n > 1) {
        const rep = repById.get(id)!;
        const base = e.value.ratioTo ? (rep.data as Record<string, unknown>)[e.value.ratioTo.slice(5)] : 1;
        if (typeof base === 'number' && base > 0) sum += (c.n - 1) * (c.value / base) * e.value.scale;
      }
    }
    a.n = n;
    a.hits = success ? hits : a.hits;
    a.sum = sum;
  }
  lap('expand');
  // The scope's facts: the classes behind some row of a known subject, hashed in id order.
  const used = new Set<string>();
  for (const a of aggregates) for (const id of a.factIds) used.add(id);
  const hash = createHash('sha256');
  let scopeFactCount = 0;
  for (const id of [...used].sort()) {
    const c = classes.get(id)!;
    scopeFactCount += c.n;
    hash.update(`${id}\u0000${c.n}\u0000${c.crc}\n`);
  }
  return { aggregates, factCount, scopeFactCount, classCount: rows.length, factsHash: hash.digest('hex') };
}
