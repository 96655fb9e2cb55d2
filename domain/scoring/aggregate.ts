/**
 * Step one of scoring: facts → per-subject, per-code aggregates (count, sum, hits, distinct
 * persons, fact ids), after attribution. The aggregate shape is what a SQL
 * `GROUP BY subject, code, group_key` returns, so the engine can take pre-computed aggregates
 * instead (`aggregationPlan` lists what to group). Attribution (priority chain, fallback to the
 * department head) is the hard part to write in SQL; `factClassPlan` + `aggregateFactClasses`
 * let SQL group the facts by exactly the fields the ruleset reads and run attribution here, once
 * per class. Pure and deterministic: facts are processed in id order, whatever order they arrive in.
 */
import { canonicalJson } from '../canonical-json';
import type { AttributionTarget, FactSubjectType, Measure, Predicate } from './indicators';
import { compareStrings, compileField, compilePredicates, sortStrings, type Fact, type FactAccessor, type FactTest } from './facts';
import { indicatorActive, type AttributionField, type Ruleset } from './ruleset';

/** A person scored in the period (a subject of type person). */
export interface ScoringSubject {
  personId: string;
  /** `level-businessType-risk`, e.g. `frontline-production-high`. */
  postProfile: string;
  orgUnitId: string;
  departmentId: string;
  isDepartmentHead?: boolean;
  /** The post (position) the person holds; default `<postProfile>@<orgUnitId>`. */
  postId?: string;
  /** The duty list's indicator codes (`dutyIndicatorCodes`); absent: every person indicator applies. */
  indicatorCodes?: string[];
}

export interface ScoringDepartment {
  departmentId: string;
  headPersonId: string | null;
  /** Org units inside the department (workshops, teams); the department's own id always counts. */
  orgUnitIds?: string[];
  /** The company (subsidiary / business line) it belongs to; default `company`. */
  companyId?: string;
}

export interface Period {
  /** ISO instants; facts with start ≤ occurredAt < end count. */
  start: string;
  end: string;
}

/**
 * One aggregate row: the facts of one code (indicator or rule) attributed to one subject,
 * optionally split by a group key (the hazard, for a per-hazard cap).
 */
export interface Aggregate {
  subjectType: FactSubjectType;
  subjectId: string;
  code: string;
  groupKey: string | null;
  /** Facts matching the code's kinds and `where`. */
  n: number;
  /** Σ of the measured value over them (null values count 0). */
  sum: number;
  /** How many satisfy `success` (rates). */
  hits: number;
  /** Distinct attributed persons (coverage, departments only). */
  persons: number;
  /** The facts behind the row, sorted. */
  factIds: string[];
}

export interface AggregationContext {
  ruleset: Ruleset;
  subjects: readonly ScoringSubject[];
  departments: readonly ScoringDepartment[];
  period?: Period;
}

export interface AggregationResult {
  aggregates: Aggregate[];
  /** Facts some indicator or rule reads that reached neither a known person nor a known department. */
  unattributedFactIds: string[];
  /** Facts outside the period, skipped. */
  outOfPeriod: number;
}

/** What a ruleset needs aggregated: one entry per indicator (fact-based, in effect) and per fact rule. */
export interface AggregationPlanEntry {
  code: string;
  source: 'indicator' | 'rule';
  kinds: string[];
  where: Predicate[];
  /** `hits` counts facts satisfying these (rates). */
  success: Predicate[] | null;
  /** What `sum` adds up: the fact's value, value / data[ratioTo] × scale, or nothing (0). */
  value: { field: 'value'; ratioTo: string | null; scale: number } | null;
  /** Facts without a value (or ratio base) are skipped entirely. */
  requiresValue: boolean;
  /** `groupKey`: the first of these fields present on the fact; null: no grouping. */
  groupBy: string[] | null;
  target: AttributionTarget;
  subjectTypes: FactSubjectType[];
  /** `persons`: count distinct attributed persons (departments). */
  distinctPersons: boolean;
}

export function aggregationPlan(ruleset: Ruleset): AggregationPlanEntry[] {
  const out: AggregationPlanEntry[] = [];
  for (const code of Object.keys(ruleset.indicators).sort(compareStrings)) {
    const ind = ruleset.indicators[code];
    if (!indicatorActive(ind) || ind.measure.op === 'ratings') continue;
    const m = ind.measure as Exclude<Measure, { op: 'ratings' }>;
    const average = m.op === 'average';
    out.push({
      code,
      source: 'indicator',
      kinds: [...m.kinds],
      where: m.where,
      success: m.op === 'rate' ? m.success : null,
      value: average ? { field: 'value', ratioTo: m.ratioTo ?? null, scale: m.scale } : null,
      requiresValue: average,
      groupBy: null,
      target: ind.attribution,
      subjectTypes: [...ind.subjects],
      distinctPersons: m.op === 'coverage',
    });
  }
  for (const code of Object.keys(ruleset.rules).sort(compareStrings)) {
    const r = ruleset.rules[code];
    if (r.type === 'consecutive_improvement') continue;
    out.push({
      code,
      source: 'rule',
      kinds: [...r.factKinds],
      where: r.where,
      success: null,
      value: r.type === 'per_value' ? { field: 'value', ratioTo: null, scale: 1 } : null,
      requiresValue: false,
      groupBy: r.type === 'per_fact' && r.groupBy ? [...r.groupBy] : null,
      target: r.target,
      subjectTypes: [...r.appliesTo],
      distinctPersons: false,
    });
  }
  return out;
}

/**
 * Who is who: known persons and departments (each in id order, with an index), org unit →
 * department, each person's department and each department's head (indexes, −1 for none).
 */
export interface OrgIndex {
  persons: Map<string, ScoringSubject>;
  departments: Map<string, ScoringDepartment>;
  personIds: string[];
  personIndex: Map<string, number>;
  /** Department index of each person (−1: not a known department). */
  personDept: Int32Array;
  deptIds: string[];
  deptIndex: Map<string, number>;
  /** Org unit → department index (the departments' own ids, their orgUnitIds, their people's units). */
  unitDept: Map<string, number>;
  /** Person index of each department's head (−1: none known). */
  deptHead: Int32Array;
}

export function buildOrgIndex(subjects: readonly ScoringSubject[], departments: readonly ScoringDepartment[]): OrgIndex {
  const persons = new Map<string, ScoringSubject>();
  for (const s of [...subjects].sort((a, b) => compareStrings(a.personId, b.personId))) {
    if (persons.has(s.personId)) throw new RangeError(`subject ${s.personId} is listed twice`);
    persons.set(s.personId, s);
  }
  const depts = new Map<string, ScoringDepartment>();
  for (const d of [...departments].sort((a, b) => compareStrings(a.departmentId, b.departmentId))) {
    if (depts.has(d.departmentId)) throw new RangeError(`department ${d.departmentId} is listed twice`);
    depts.set(d.departmentId, d);
  }
  const personIds = [...persons.keys()];
  const personIndex = new Map(personIds.map((id, i) => [id, i]));
  const deptIds = [...depts.keys()];
  const deptIndex = new Map(deptIds.map((id, i) => [id, i]));
  const unitDept = new Map<string, number>();
  deptIds.forEach((id, i) => unitDept.set(id, i));
  deptIds.forEach((id, i) => {
    for (const u of [...(depts.get(id)!.orgUnitIds ?? [])].sort(compareStrings)) if (!unitDept.has(u)) unitDept.set(u, i);
  });
  const personDept = new Int32Array(personIds.length);
  personIds.forEach((id, i) => {
    const s = persons.get(id)!;
    personDept[i] = deptIndex.get(s.departmentId) ?? -1;
    if (!unitDept.has(s.orgUnitId) && personDept[i] >= 0) unitDept.set(s.orgUnitId, personDept[i]);
  });
  // A department's head: the one it names, else its first person flagged as head.
  const deptHead = new Int32Array(deptIds.length).fill(-1);
  for (let p = personIds.length - 1; p >= 0; p--) if (personDept[p] >= 0 && persons.get(personIds[p])!.isDepartmentHead === true) deptHead[personDept[p]] = p;
  deptIds.forEach((id, i) => {
    const named = depts.get(id)!.headPersonId;
    if (named && personIndex.has(named)) deptHead[i] = personIndex.get(named)!;
  });
  return { persons, departments: depts, personIds, personIndex, personDept, deptIds, deptIndex, unitDept, deptHead };
}

function indexOf(v: unknown, org: OrgIndex): number {
  return typeof v === 'string' && v !== '' ? (org.personIndex.get(v) ?? -1) : -1;
}

/**
 * Attribution of one fact in index space: its own person and unit looked up once, every
 * target resolved at most once.
 */
class Attributor {
  private f!: Fact;
  /** The fact's personId as a known person (−1: none). */
  own = -1;
  /** The department of the fact's org unit (−1: none). */
  unit = -1;
  private byTarget: [number, number, number] = [-2, -2, -2];

  constructor(
    private readonly org: OrgIndex,
    private readonly priority: readonly AttributionField[],
  ) {}

  reset(f: Fact): void {
    this.f = f;
    this.own = f.personId === null ? -1 : (this.org.personIndex.get(f.personId) ?? -1);
    this.unit = f.orgUnitId === null ? -1 : (this.org.unitDept.get(f.orgUnitId) ?? -1);
    this.byTarget[0] = this.byTarget[1] = this.byTarget[2] = -2;
  }

  /** The head of the fact's department: as recorded on the fact, else the department's head. */
  head(): number {
    const f = this.f;
    const recorded = indexOf(f.departmentHeadPersonId, this.org);
    if (recorded >= 0) return recorded;
    if (f.attribution === 'department_head' && this.own >= 0) return this.own;
    return this.unit >= 0 ? this.org.deptHead[this.unit] : -1;
  }

  person(target: AttributionTarget): number {
    const t = target === 'responsible' ? 0 : target === 'person_only' ? 1 : 2;
    if (this.byTarget[t] !== -2) return this.byTarget[t];
    let p = -1;
    if (target === 'person_only') p = this.own;
    else if (target === 'department_head') p = this.head();
    else {
      const data = this.f.data;
      for (const field of this.priority) {
        if (field === 'direct') p = this.f.attribution === 'direct' ? this.own : indexOf(data?.directPersonId, this.org);
        else if (field === 'affected') p = indexOf(data?.affectedPersonId, this.org);
        else if (field === 'site_lead') p = indexOf(data?.siteLeadPersonId, this.org);
        else p = this.head();
        if (p >= 0) break;
      }
    }
    return (this.byTarget[t] = p);
  }

  /** Where it happened, else the person's department (the person's first for `person_only`). */
  department(target: AttributionTarget, person: number): number {
    const p = person >= 0 ? person : this.own;
    const own = p >= 0 ? this.org.personDept[p] : -1;
    return target === 'person_only' ? (own >= 0 ? own : this.unit) : this.unit >= 0 ? this.unit : own;
  }
}

/** The known person a fact counts for under `target` (see `AttributionTarget`), or null. */
export function resolvePerson(f: Fact, target: AttributionTarget, priority: readonly AttributionField[], org: OrgIndex): string | null {
  const a = new Attributor(org, priority);
  a.reset(f);
  const p = a.person(target);
  return p >= 0 ? org.personIds[p] : null;
}

/** The known department a fact counts for under `target`, given the person it counts for (null: none). */
export function resolveDepartment(f: Fact, target: AttributionTarget, personId: string | null, org: OrgIndex): string | null {
  const a = new Attributor(org, []);
  a.reset(f);
  const d = a.department(target, personId === null ? -1 : (org.personIndex.get(personId) ?? -1));
  return d >= 0 ? org.deptIds[d] : null;
}

interface Probe {
  code: string;
  where: FactTest;
  success: FactTest | null;
  /** Whether `sum` adds the value: value × scale, or value / data[ratioTo] × scale. */
  sumsValue: boolean;
  ratioBase: FactAccessor | null;
  scale: number;
  requiresValue: boolean;
  groupBy: FactAccessor[] | null;
  target: AttributionTarget;
  person: boolean;
  department: boolean;
  distinctPersons: boolean;
}

function compileProbe(e: AggregationPlanEntry): Probe {
  return {
    code: e.code,
    where: compilePredicates(e.where),
    success: e.success ? compilePredicates(e.success) : null,
    sumsValue: e.value !== null,
    ratioBase: e.value?.ratioTo ? compileField(e.value.ratioTo) : null,
    scale: e.value?.scale ?? 1,
    requiresValue: e.requiresValue,
    groupBy: e.groupBy ? e.groupBy.map(compileField) : null,
    target: e.target,
    person: e.subjectTypes.includes('person'),
    department: e.subjectTypes.includes('department'),
    distinctPersons: e.distinctPersons,
  };
}

/** Facts sorted by id, exact repeats dropped (a retried write); two different facts with one id are an error. */
export function sortFacts(facts: readonly Fact[]): Fact[] {
  const sorted = [...facts].sort((a, b) => compareStrings(a.id, b.id));
  const out: Fact[] = [];
  for (const f of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.id === f.id) {
      if (canonicalJson(prev) !== canonicalJson(f)) throw new RangeError(`two different facts share the id ${f.id}`);
      continue;
    }
    out.push(f);
  }
  return out;
}

interface Acc extends Aggregate {
  personSet: Set<number> | null;
  /** Unordered input: the parts of `sum`, added up in ascending order at the end. */
  parts: number[] | null;
}

/** Accumulators of one probe: per subject index, one row (or one per group key). */
type Slot = Acc | Map<string, Acc> | undefined;

/** Facts → aggregates for persons and departments (posts and companies are pooled by the engine). */
export function aggregateFacts(facts: readonly Fact[], ctx: AggregationContext): AggregationResult {
  const org = buildOrgIndex(ctx.subjects, ctx.departments);
  return aggregateSorted(sortFacts(facts), ctx.ruleset, org, ctx.period);
}

/** `aggregateFacts` over facts already sorted by id and without repeats. */
export function aggregateSorted(facts: readonly Fact[], ruleset: Ruleset, org: OrgIndex, period?: Period): AggregationResult {
  const acc = new Accumulator(ruleset, org);
  const [from, to] = period ? periodBounds(period) : [-Infinity, Infinity];
  // Instants as toISOString() writes them compare as strings (Date.parse is slow over a million facts).
  const isoFrom = Number.isFinite(from) ? new Date(from).toISOString() : null;
  const isoTo = Number.isFinite(to) ? new Date(to).toISOString() : null;
  const iso = isoFrom !== null && isoTo !== null && isoFrom.length === 24 && isoTo.length === 24;
  const inPeriod = (at: string): boolean => {
    if (!period) return true;
    if (iso && at.length === 24 && at.charCodeAt(23) === 90 && at.charCodeAt(10) === 84 && at.charCodeAt(19) === 46) return at >= isoFrom! && at < isoTo!;
    const t = Date.parse(at);
    return t >= from && t < to;
  };
  let outOfPeriod = 0;
  for (const f of facts) {
    if (!acc.reads(f.kind)) continue;
    if (!inPeriod(f.occurredAt)) {
      outOfPeriod++;
      continue;
    }
    const hasValue = typeof f.value === 'number';
    acc.visit(f, 1, hasValue ? 1 : 0, hasValue ? f.value! : 0, f.id);
  }
  return { ...acc.result(), outOfPeriod };
}

/**
 * Facts of one kind that look the same to a ruleset, counted together: what a SQL
 * `GROUP BY` over the fields of `factClassPlan` returns. Absent grouped fields are absent (or
 * null); `data` holds the grouped data fields as JSON values (parse what JSON_EXTRACT returns).
 */
export interface FactClass {
  kind: string;
  personId: string | null;
  attribution: string;
  orgUnitId: string | null;
  departmentHeadPersonId: string | null;
  /** Grouped only when the plan lists `value`. */
  value?: number | null;
  /** Grouped only when the plan lists them. */
  subjectId?: string | null;
  sourceWorkflowId?: string | null;
  data: Record<string, unknown>;
  /** COUNT(*) */
  n: number;
  /** COUNT(value): facts with a value. */
  nValue: number;
  /** COALESCE(SUM(value), 0) */
  sum: number;
  /** The facts' ids (GROUP_CONCAT / JSON_ARRAYAGG); omitted: lines carry no fact ids. */
  factIds?: readonly string[];
}

/**
 * The fact a class stands for when rules read it: the class's grouped fields (a subject or source
 * workflow not grouped reads as '', as on a fact without one), with the given id, value and time.
 */
export function classFact(
  c: Pick<FactClass, 'kind' | 'personId' | 'attribution' | 'orgUnitId' | 'departmentHeadPersonId' | 'subjectId' | 'sourceWorkflowId' | 'data'>,
  id: string,
  value: number | null,
  occurredAt: string,
): Fact {
  return {
    id,
    kind: c.kind,
    personId: c.personId,
    attribution: c.attribution,
    orgUnitId: c.orgUnitId,
    departmentHeadPersonId: c.departmentHeadPersonId,
    sourceWorkflowId: c.sourceWorkflowId ?? '',
    subjectId: c.subjectId ?? '',
    value,
    occurredAt,
    data: c.data,
  };
}

/** Per fact kind, the fields to GROUP BY so that `aggregateFactClasses` equals `aggregateFacts`. */
export interface FactClassSpec {
  kind: string;
  /** Fact columns (personId, attribution, orgUnitId, departmentHeadPersonId, value, subjectId, sourceWorkflowId) and data.<key> fields. */
  groupBy: string[];
}

const ATTRIBUTION_DATA: Record<AttributionField, string | null> = {
  direct: 'data.directPersonId',
  affected: 'data.affectedPersonId',
  site_lead: 'data.siteLeadPersonId',
  department_head: null,
};

function predicateFields(ps: readonly Predicate[], out: Set<string>): void {
  for (const p of ps) {
    if ('anyOf' in p) predicateFields(p.anyOf, out);
    else if ('allOf' in p) predicateFields(p.allOf, out);
    else out.add(p.field);
  }
}

export function factClassPlan(ruleset: Ruleset): FactClassSpec[] {
  const byKind = new Map<string, Set<string>>();
  for (const e of aggregationPlan(ruleset)) {
    for (const kind of e.kinds) {
      let fields = byKind.get(kind);
      if (!fields) byKind.set(kind, (fields = new Set(['personId', 'attribution', 'orgUnitId', 'departmentHeadPersonId'])));
      predicateFields(e.where, fields);
      if (e.success) predicateFields(e.success, fields);
      for (const g of e.groupBy ?? []) fields.add(g);
      if (e.value?.ratioTo) fields.add(e.value.ratioTo);
      if (e.target === 'responsible') for (const a of ruleset.attribution.priority) if (ATTRIBUTION_DATA[a]) fields.add(ATTRIBUTION_DATA[a]!);
    }
  }
  return [...byKind.keys()].sort(compareStrings).map((kind) => ({ kind, groupBy: [...byKind.get(kind)!].sort(compareStrings) }));
}

/**
 * Fact classes (a SQL GROUP BY shaped by `factClassPlan`, period filtered in SQL) → the same
 * aggregates `aggregateFacts` gives for the facts behind them. Attribution runs once per class.
 */
export function aggregateFactClasses(classes: readonly FactClass[], ctx: AggregationContext): AggregationResult {
  const org = buildOrgIndex(ctx.subjects, ctx.departments);
  const needsValue = new Set(
    factClassPlan(ctx.ruleset)
      .filter((k) => k.groupBy.includes('value'))
      .map((k) => k.kind),
  );
  // Classes come in any order: rows keep their sum's parts (added up sorted) and sort their fact ids.
  const acc = new Accumulator(ctx.ruleset, org, true);
  for (const c of classes) {
    if (!(Number.isInteger(c.n) && c.n >= 1 && Number.isInteger(c.nValue) && c.nValue >= 0 && c.nValue <= c.n && Number.isFinite(c.sum)))
      throw new RangeError(`fact class ${c.kind}/${c.personId} has invalid counts`);
    if (needsValue.has(c.kind) && c.value === undefined) throw new RangeError(`fact classes of ${c.kind} must be grouped by value`);
    if (!acc.reads(c.kind)) continue;
    acc.visit(classFact({ ...c, data: c.data ?? {} }, '', c.value ?? null, ''), c.n, c.nValue, c.sum, c.factIds ?? []);
  }
  return { ...acc.result(), outOfPeriod: 0 };
}

/** Accumulates facts (or classes of them) into per-subject, per-code rows. */
class Accumulator {
  private readonly probes: Probe[];
  private readonly byKind = new Map<string, number[]>();
  private readonly personSlots: Slot[][];
  private readonly deptSlots: Slot[][];
  private readonly who: Attributor;
  private readonly unattributed: string[] = [];

  /** `unordered`: items arrive in no fixed order (fact classes), so sums and fact ids are put in order at the end. */
  constructor(
    ruleset: Ruleset,
    private readonly org: OrgIndex,
    private readonly unordered = false,
  ) {
    const plan = aggregationPlan(ruleset);
    this.probes = plan.map(compileProbe);
    plan.forEach((e, i) => {
      for (const k of e.kinds) this.byKind.set(k, [...(this.byKind.get(k) ?? []), i]);
    });
    this.personSlots = this.probes.map(() => new Array<Slot>(org.personIds.length));
    this.deptSlots = this.probes.map(() => new Array<Slot>(org.deptIds.length));
    this.who = new Attributor(org, ruleset.attribution.priority);
  }

  reads(kind: string): boolean {
    return this.byKind.has(kind);
  }

  /** One fact (count 1, `ids` its id) or a class of `count` facts with `nValue` values summing to `sum`. */
  visit(f: Fact, count: number, nValue: number, sum: number, ids: string | readonly string[]): void {
    const { probes, org, who } = this;
    let matched = false;
    let reached = false;
    who.reset(f);
    for (const pi of this.byKind.get(f.kind)!) {
      const p = probes[pi];
      if (!p.where(f)) continue;
      let n = count;
      let contribution = 0;
      if (p.sumsValue) {
        let base = 1;
        if (p.ratioBase) {
          const b = p.ratioBase(f);
          base = typeof b === 'number' && b > 0 ? b : NaN;
        }
        const usable = nValue > 0 && !Number.isNaN(base);
        if (p.requiresValue) {
          if (!usable) continue;
          n = nValue;
        }
        if (usable) contribution = p.ratioBase ? (sum / base) * p.scale : sum * p.scale;
      }
      matched = true;
      let groupKey: string | null = null;
      if (p.groupBy) {
        for (const g of p.groupBy) {
          const v = g(f);
          if (v !== undefined && v !== null && v !== '') {
            groupKey = String(v);
            break;
          }
        }
      }
      const hits = p.success && p.success(f) ? n : 0;
      const person = who.person(p.target);
      if (p.person && person >= 0) {
        add(this.personSlots[pi], person, 'person', org.personIds[person], p, groupKey, n, contribution, hits, person, ids, this.unordered);
        reached = true;
      }
      if (p.department) {
        const d = who.department(p.target, person);
        if (d >= 0) {
          add(this.deptSlots[pi], d, 'department', org.deptIds[d], p, groupKey, n, contribution, hits, person, ids, this.unordered);
          reached = true;
        }
      }
    }
    if (matched && !reached) {
      if (typeof ids === 'string') this.unattributed.push(ids);
      else for (const id of ids) this.unattributed.push(id);
    }
  }

  /** Rows in (subjectType, subjectId, code, groupKey) order; subject ids are already sorted. */
  result(): { aggregates: Aggregate[]; unattributedFactIds: string[] } {
    const mergeIds = this.unordered;
    const aggregates: Aggregate[] = [];
    const order = this.probes.map((p, i) => [p.code, i] as const).sort((a, b) => compareStrings(a[0], b[0]));
    const emit = (slotsByProbe: Slot[][], count: number) => {
      for (let s = 0; s < count; s++) {
        for (const [, pi] of order) {
          const slot = slotsByProbe[pi][s];
          if (!slot) continue;
          const accs = slot instanceof Map ? [...slot.keys()].sort(compareStrings).map((k) => slot.get(k)!) : [slot];
          for (const { personSet, parts, ...a } of accs) {
            if (personSet) a.persons = personSet.size;
            if (parts) {
              // Ascending: the same sum whatever order the parts came in.
              parts.sort((x, y) => x - y);
              a.sum = 0;
              for (const x of parts) a.sum += x;
            }
            if (mergeIds) sortStrings(a.factIds);
            aggregates.push(a);
          }
        }
      }
    };
    emit(this.personSlots, this.org.personIds.length);
    emit(this.deptSlots, this.org.deptIds.length);
    const unattributedFactIds = mergeIds ? sortStrings(this.unattributed) : this.unattributed;
    return { aggregates, unattributedFactIds };
  }
}

function add(
  slots: Slot[],
  idx: number,
  type: FactSubjectType,
  id: string,
  p: Probe,
  groupKey: string | null,
  n: number,
  sum: number,
  hits: number,
  person: number,
  ids: string | readonly string[],
  unordered: boolean,
): void {
  let a: Acc | undefined;
  const slot = slots[idx];
  if (groupKey === null) a = slot as Acc | undefined;
  else a = (slot as Map<string, Acc> | undefined)?.get(groupKey);
  if (!a) {
    a = {
      subjectType: type,
      subjectId: id,
      code: p.code,
      groupKey,
      n: 0,
      sum: 0,
      hits: 0,
      persons: 0,
      factIds: [],
      personSet: p.distinctPersons ? new Set() : null,
      parts: unordered && p.sumsValue ? [] : null,
    };
    if (groupKey === null) slots[idx] = a;
    else {
      const m = (slot as Map<string, Acc> | undefined) ?? new Map<string, Acc>();
      m.set(groupKey, a);
      slots[idx] = m;
    }
  }
  a.n += n;
  if (a.parts) {
    if (sum !== 0) a.parts.push(sum);
  } else a.sum += sum;
  a.hits += hits;
  if (a.personSet && person >= 0) a.personSet.add(person);
  if (typeof ids === 'string') a.factIds.push(ids);
  else for (const x of ids) a.factIds.push(x);
}

export function periodBounds(period: Period): [number, number] {
  const from = Date.parse(period.start);
  const to = Date.parse(period.end);
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(from < to)) throw new RangeError('period needs ISO start < end');
  return [from, to];
}
