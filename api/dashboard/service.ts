import type { DataSource } from 'typeorm';
import { HAZARD_CATEGORIES } from '../../domain/hazard/constants';
import {
  buckets,
  change,
  departmentsOf,
  KPI_META,
  kpiValue,
  mean,
  median,
  previousPeriod,
  processLink,
  rank,
  type Granularity,
  type KpiKind,
  type KpiName,
  type Period,
  type RecordType,
} from '../../domain/dashboard';
import { hasRole, seesEverything } from '../platform/access';
import { NotFoundError, ValidationError } from '../platform/errors';
import type { Principal } from '../platform/route';
import { ACTIVE_PEOPLE, HEATMAP_HAZARDS, kpiSql, RECORD_COLUMNS, type KpiSql, type Source } from './kpi-sql';
import { refreshHandoffs } from './handoff-rollup';
import { dialectOf, iso, num, numOrNull, runQuery, type Dialect } from './sql';
import { nameSql } from '../platform/names';

/**
 * The dashboard (SPEC §5): KPIs with the previous period, trends, rankings, the hazard heat map,
 * the collaboration handoff matrix and the drill-down to the records behind any figure. Every
 * figure is a SQL GROUP BY over the projections (hazards, tasks, emergencies, incidents) and facts, each on
 * a covering index that starts with the period's time column (db/entities), with the scope as a
 * list of unit ids and no joins, so the work is one index range per figure; the drill-down runs
 * the same source SQL with the figure's condition, so its count is the figure's numerator or
 * denominator by construction. The one pre-computed input is the handoff matrix's "who handed
 * over" per task (handoff-rollup.ts). Works on MySQL / MariaDB and on the embedded SQLite.
 *
 * Who: the safety hub, managers, HR, auditors and admins see the whole group; department heads
 * their own unit's subtree (`orgUnitId` may narrow either, never widen: outside → 404).
 */
export const DASHBOARD_ROLES = ['safety_officer', 'manager', 'hr', 'auditor', 'admin', 'department_head'] as const;
const GROUP_WIDE = ['safety_officer', 'manager', 'hr', 'auditor', 'admin'] as const;

export interface UnitRow {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  path: string;
}

interface Scope {
  unit: UnitRow;
  /** Ids of the units in the scope's subtree; null: every unit (the scope is the only root). */
  unitIds: string[] | null;
  units: Map<string, UnitRow>;
  /** unit id → its department's id (departmentsOf). */
  department: Map<string, string>;
}

/** What a query groups by: periods (buckets between boundaries), org units, people, or nothing. */
type Key = { by: 'buckets'; bounds: Date[] } | { by: 'unit'; period: Period } | { by: 'person'; period: Period } | { by: 'none'; period: Period };

interface Agg {
  n: number;
  s: number;
}

/** Extra conditions of a drill-down or ranking row: a department's units, a person, anything else. */
interface Narrow {
  unitIds?: string[];
  personId?: string;
  sql?: string[];
  params?: Record<string, unknown>;
}

export interface Figure {
  value: number | null;
  numerator: number;
  denominator: number | null;
  median: number | null;
}

export interface DrillQuery {
  kpi: KpiName | 'heatmap' | 'handoffs';
  part: 'numerator' | 'denominator';
  orgUnitId?: string;
  departmentId?: string;
  personId?: string;
  category?: string;
  riskLevel?: string;
  area?: string;
  fromDepartmentId?: string;
  toDepartmentId?: string;
  page: number;
  pageSize: number;
}

const RISK_LEVEL_ORDER = ['low', 'medium', 'high', 'extreme', 'ungraded'];

export class DashboardService {
  private readonly d: Dialect;

  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.d = dialectOf(ds);
  }

  // ———————————————————————————————————————— scope ————————————————————————————————————————

  /**
   * The scope unit: `orgUnitId` when given and inside what the caller may see, else the caller's
   * default (the group for the group-wide roles, their own unit for department heads).
   */
  async scope(p: Principal, orgUnitId?: string): Promise<Scope> {
    const rows = await runQuery<UnitRow>(this.ds, `SELECT id, parent_id, kind, ${nameSql('name')} AS name, path FROM org_units`, {});
    const units = new Map(rows.map((u) => [u.id, u]));
    const groupWide = hasRole(p, ...GROUP_WIDE);
    const rootId = p.orgUnitPath.split('/').filter(Boolean)[0];
    const allowed = seesEverything(p) ? '/' : groupWide ? `/${rootId}/` : p.orgUnitPath;
    let unit: UnitRow | undefined;
    if (orgUnitId) {
      unit = units.get(orgUnitId);
      if (!unit || !unit.path.startsWith(allowed)) throw new NotFoundError('No such org unit');
    } else {
      unit = units.get(groupWide ? rootId : p.orgUnitId);
      if (!unit) throw new NotFoundError('No such org unit');
    }
    const roots = rows.filter((u) => !u.parent_id);
    const everything = !unit.parent_id && roots.length === 1;
    return { unit, unitIds: everything ? null : rows.filter((u) => u.path.startsWith(unit.path)).map((u) => u.id), units, department: departmentsOf(rows) };
  }

  private unitName(s: Scope, id: string | null): string | null {
    return id ? (s.units.get(id)?.name ?? null) : null;
  }

  /** Where a row belongs: its unit and department, with their names. */
  private place<U extends string | null, D extends string | null>(s: Scope, orgUnitId: U, departmentId: D) {
    return { orgUnitId, orgUnitName: this.unitName(s, orgUnitId), departmentId, departmentName: this.unitName(s, departmentId) };
  }

  /** Ids of the units whose department is `departmentId` (a ranking or heat-map row). */
  private unitsOf(s: Scope, departmentId: string): string[] {
    return [...s.department].filter(([, d]) => d === departmentId).map(([u]) => u);
  }

  // ———————————————————————————————————————— SQL building ————————————————————————————————————————

  private where(src: Source, s: Scope, narrow: Narrow | undefined, params: Record<string, unknown>): string {
    const conds = [...src.where];
    params.now = this.now();
    if (s.unitIds) {
      conds.push(`${src.unit} IN (:...scopeUnits)`);
      params.scopeUnits = s.unitIds;
    }
    if (narrow?.unitIds) {
      conds.push(narrow.unitIds.length ? `${src.unit} IN (:...narrowUnits)` : '1 = 0');
      params.narrowUnits = narrow.unitIds;
    }
    if (narrow?.personId) {
      if (!src.person) throw new ValidationError([{ path: 'query.personId', message: 'these records are not attributed to people' }]);
      conds.push(`${src.person} = :narrowPerson`);
      params.narrowPerson = narrow.personId;
    }
    if (narrow?.sql) conds.push(...narrow.sql);
    Object.assign(params, narrow?.params ?? {});
    return conds.length ? conds.join(' AND ') : '1 = 1';
  }

  /** The records' tables; with the person's join when the person is read. */
  private fromClause(src: Source, person: boolean): string {
    return `${src.from} ${src.joins} ${person ? (src.personJoin ?? '') : ''}`;
  }

  /** The key expression (`text`: an id to group by, else a small integer) and the period condition of a grouping. */
  private keyed(src: Source, key: Key, params: Record<string, unknown>): { expr: string; text: boolean; period: string[] } {
    const t = src.time;
    if (key.by === 'buckets') {
      key.bounds.forEach((b, i) => (params[`b${i}`] = b));
      const last = key.bounds.length - 1;
      if (!t) return { expr: '0', text: false, period: [] };
      const whens = key.bounds.slice(1, last).map((_, i) => `WHEN ${t} < :b${i + 1} THEN ${i}`);
      return { expr: whens.length ? `CASE ${whens.join(' ')} ELSE ${last - 1} END` : '0', text: false, period: [`${t} >= :b0`, `${t} < :b${last}`] };
    }
    params.from = key.period.from;
    params.to = key.period.to;
    const period = t ? [`${t} >= :from`, `${t} < :to`] : [];
    if (key.by === 'unit') return { expr: src.unit, text: true, period };
    if (key.by === 'person') {
      if (!src.person) throw new ValidationError([{ path: 'query.by', message: 'this KPI is not attributed to people' }]);
      return { expr: src.person, text: true, period };
    }
    return { expr: '0', text: false, period };
  }

  /**
   * `SELECT <keys>, <select> FROM … WHERE … GROUP BY <keys>`; each row with its keys as strings.
   * Text keys (ids, areas) are grouped on MySQL / MariaDB by their CRC32 — grouping on integers is
   * several times faster than on strings there — with MIN and MAX of the text to detect a
   * collision, in which case the query runs again grouped by the text itself. So always exact.
   */
  private async grouped(
    keys: { expr: string; text: boolean }[],
    select: string,
    from: string,
    where: string,
    params: Record<string, unknown>,
  ): Promise<{ keys: string[]; row: Record<string, unknown> }[]> {
    const run = (hash: boolean) => {
      const cols = keys.flatMap((k, i) =>
        k.text && hash
          ? [`CRC32(${k.expr}) AS g${i}`, `MIN(${this.d.bin(k.expr)}) AS lo${i}`, `MAX(${this.d.bin(k.expr)}) AS hi${i}`]
          : [`${k.text ? this.d.bin(k.expr) : k.expr} AS g${i}`],
      );
      return runQuery<Record<string, unknown>>(
        this.ds,
        `SELECT ${cols.join(', ')}, ${select} FROM ${from} WHERE ${where} GROUP BY ${keys.map((_, i) => `g${i}`).join(', ')}`,
        params,
      );
    };
    let hashed = this.d.mysql && keys.some((k) => k.text);
    let rows = await run(hashed);
    if (hashed && rows.some((r) => keys.some((k, i) => k.text && r[`lo${i}`] !== r[`hi${i}`]))) {
      hashed = false;
      rows = await run(false);
    }
    return rows.map((r) => ({ keys: keys.map((k, i) => String(hashed && k.text ? r[`lo${i}`] : r[`g${i}`])), row: r }));
  }

  /** COUNT and SUM of a source per key. `sum`: a condition (counted) or a value (summed). */
  private async aggregate(src: Source, count: string, sum: { cond?: string; value?: string }, key: Key, s: Scope, narrow?: Narrow): Promise<Map<string, Agg>> {
    const params: Record<string, unknown> = {};
    const k = this.keyed(src, key, params);
    const where = [this.where(src, s, narrow, params), ...k.period].join(' AND ');
    const sumSql = sum.cond ? `SUM(CASE WHEN ${sum.cond} THEN 1 ELSE 0 END)` : sum.value ? `SUM(${sum.value})` : '0';
    const person = key.by === 'person' || !!narrow?.personId;
    const rows = await this.grouped([k], `${count} AS n, ${sumSql} AS s`, this.fromClause(src, person), where, params);
    return new Map(rows.map((r) => [r.keys[0], { n: num(r.row.n), s: num(r.row.s) }]));
  }

  /**
   * Exact medians of a value per key: the values are read (one number and the key per record,
   * from the covering index) and sorted here — cheaper than window functions on MariaDB.
   */
  private async medians(src: Source, value: string, key: Key, s: Scope, narrow?: Narrow): Promise<Map<string, number>> {
    const params: Record<string, unknown> = {};
    const k = this.keyed(src, key, params);
    const where = [this.where(src, s, narrow, params), ...k.period].join(' AND ');
    const rows = await runQuery<{ k: unknown; v: unknown }>(
      this.ds,
      `SELECT ${k.expr} AS k, ${value} AS v FROM ${this.fromClause(src, key.by === 'person' || !!narrow?.personId)} WHERE ${where}`,
      params,
    );
    const values = new Map<string, number[]>();
    for (const r of rows) {
      const id = String(r.k);
      let xs = values.get(id);
      if (!xs) values.set(id, (xs = []));
      xs.push(num(r.v));
    }
    return new Map([...values].map(([id, xs]) => [id, median(xs)!]));
  }

  /**
   * Training coverage's numerator: distinct active people of the scope (by their own unit) with a
   * passed training in the period — the distinct (period, person) pairs of the facts first, then
   * their people (far cheaper than COUNT(DISTINCT) over a join on MariaDB).
   */
  private async distinctPeople(src: Source, key: Key, s: Scope, narrow?: Narrow): Promise<Map<string, Agg>> {
    const params: Record<string, unknown> = {};
    const k = this.keyed({ ...src, unit: 'pe.org_unit_id' }, key, params);
    const inner = [...src.where, ...k.period].join(' AND ');
    const outer = this.where({ ...ACTIVE_PEOPLE, unit: 'pe.org_unit_id', where: ['pe.active = 1'] }, s, narrow, params);
    const innerKey = key.by === 'buckets' ? k.expr : '0';
    const rows = await this.grouped(
      [key.by === 'buckets' ? { expr: 'd.ik', text: false } : k],
      'COUNT(*) AS n',
      `(SELECT DISTINCT ${innerKey} AS ik, ${this.d.bin('x.person_id')} AS pid FROM ${src.from} WHERE ${inner}) d JOIN people pe ON pe.id = d.pid`,
      outer,
      params,
    );
    return new Map(rows.map((r) => [r.keys[0], { n: num(r.row.n), s: 0 }]));
  }

  /** Numerator and denominator of a KPI per key (people are the denominator of per100 / coverage). */
  private async parts(
    def: KpiSql,
    key: Key,
    s: Scope,
    narrow?: Narrow,
  ): Promise<{ get: (k: string) => { numerator: number; denominator: number | null }; keys: Set<string> }> {
    const kind = kindOf(def);
    const [agg, people] = await Promise.all([
      def.distinctPeople
        ? this.distinctPeople(def.source, key, s, narrow)
        : this.aggregate(def.source, def.count, { cond: def.numerator, value: def.value }, key, s, narrow),
      def.people
        ? this.aggregate(ACTIVE_PEOPLE, 'COUNT(*)', {}, key.by === 'unit' ? key : { by: 'none', period: { from: new Date(0), to: new Date(0) } }, s, narrow)
        : Promise.resolve(null),
    ]);
    const keys = new Set([...agg.keys(), ...(key.by === 'unit' && people ? people.keys() : [])]);
    return {
      keys,
      get: (k: string) => {
        const a = agg.get(k) ?? { n: 0, s: 0 };
        if (def.people) return { numerator: a.n, denominator: (key.by === 'unit' ? people!.get(k)?.n : people!.get('0')?.n) ?? 0 };
        if (kind === 'count') return { numerator: a.n, denominator: null };
        return { numerator: a.s, denominator: a.n };
      },
    };
  }

  // ———————————————————————————————————————— endpoints ————————————————————————————————————————

  /** Every KPI for the period and the one before it (same length), with numerator and denominator. */
  async kpis(p: Principal, q: { period: Period; orgUnitId?: string }) {
    const s = await this.scope(p, q.orgUnitId);
    const prev = previousPeriod(q.period);
    const bounds = [prev.from, q.period.from, q.period.to];
    const figures = await Promise.all(
      (Object.keys(KPI_META) as KpiName[]).map(async (kpi) => {
        const meta = KPI_META[kpi];
        const def = kpiSql(kpi, this.d);
        const [parts, meds] = await Promise.all([
          this.parts(def, { by: 'buckets', bounds }, s),
          def.value ? this.medians(def.source, def.value, { by: 'buckets', bounds }, s) : Promise.resolve(null),
        ]);
        const fig = (k: string): Figure => {
          const x = parts.get(k);
          return {
            ...figure(meta.kind, x),
            median: meds ? (meds.get(k) ?? null) : null,
          };
        };
        const current = fig('1');
        const previous = fig('0');
        return {
          ...kpiHeading(kpi),
          ...current,
          previous,
          change: change(current.value, previous.value),
          definition: { numerator: meta.numerator.description, denominator: meta.denominator?.description ?? null },
        };
      }),
    );
    return { scope: this.scopeView(s), period: periodView(q.period), previousPeriod: periodView(prev), generatedAt: this.now().toISOString(), kpis: figures };
  }

  /** One KPI per month or ISO week (buckets clipped to the period). */
  async trends(p: Principal, q: { kpi: KpiName; period: Period; granularity: Granularity; utcOffsetMinutes: number; orgUnitId?: string }) {
    const s = await this.scope(p, q.orgUnitId);
    const meta = KPI_META[q.kpi];
    const def = kpiSql(q.kpi, this.d);
    const bs = buckets(q.period, q.granularity, q.utcOffsetMinutes);
    const key: Key = { by: 'buckets', bounds: [...bs.map((b) => b.from), q.period.to] };
    const [parts, meds] = await Promise.all([this.parts(def, key, s), def.value ? this.medians(def.source, def.value, key, s) : Promise.resolve(null)]);
    return {
      ...kpiHeading(q.kpi),
      granularity: q.granularity,
      scope: this.scopeView(s),
      period: periodView(q.period),
      series: bs.map((b, i) => {
        const x = parts.get(String(i));
        return {
          label: b.label,
          from: b.from.toISOString(),
          to: b.to.toISOString(),
          ...figure(meta.kind, x),
          median: meds ? (meds.get(String(i)) ?? null) : null,
        };
      }),
    };
  }

  /** Departments (or people) of the scope ranked by a KPI over the period; only those with records. */
  async ranking(p: Principal, q: { kpi: KpiName; by: 'department' | 'person'; period: Period; orgUnitId?: string; limit: number; order: 'best' | 'worst' }) {
    const s = await this.scope(p, q.orgUnitId);
    const meta = KPI_META[q.kpi];
    if (q.by === 'person' && !meta.byPerson)
      throw new ValidationError([{ path: 'query.by', message: `${q.kpi} is not attributed to people: rank by department` }]);
    const def = kpiSql(q.kpi, this.d);
    const parts = await this.parts(def, { by: q.by === 'department' ? 'unit' : 'person', period: q.period }, s);
    const entries = new Map<string, { numerator: number; denominator: number | null }>();
    for (const k of parts.keys) {
      if (k === 'null' || k === 'undefined') continue;
      const id = q.by === 'department' ? (s.department.get(k) ?? k) : k;
      const x = parts.get(k);
      const e = entries.get(id) ?? { numerator: 0, denominator: x.denominator === null ? null : 0 };
      e.numerator += x.numerator;
      if (e.denominator !== null) e.denominator += x.denominator ?? 0;
      entries.set(id, e);
    }
    const people = q.by === 'person' ? await this.people([...entries.keys()]) : new Map<string, { name: string; org_unit_id: string }>();
    const rows = [...entries]
      .filter(([, e]) => (e.denominator === null ? e.numerator > 0 : e.denominator > 0))
      .map(([id, e]) => {
        const unitId = q.by === 'department' ? id : (people.get(id)?.org_unit_id ?? null);
        const departmentId = unitId ? (s.department.get(unitId) ?? unitId) : null;
        return {
          key: id,
          id,
          name: q.by === 'department' ? (this.unitName(s, id) ?? id) : (people.get(id)?.name ?? id),
          ...this.place(s, unitId, departmentId),
          ...figure(meta.kind, e),
        };
      });
    const ranked = rank(rows, meta.betterWhen, q.order);
    return {
      ...kpiHeading(q.kpi),
      by: q.by,
      order: q.order,
      scope: this.scopeView(s),
      period: periodView(q.period),
      total: ranked.length,
      items: ranked.slice(0, q.limit).map(({ key: _key, ...r }) => r),
    };
  }

  private async people(ids: string[]): Promise<Map<string, { name: string; org_unit_id: string }>> {
    const uuids = ids.filter(Boolean);
    if (!uuids.length) return new Map();
    const out = new Map<string, { name: string; org_unit_id: string }>();
    for (let i = 0; i < uuids.length; i += 1000) {
      const rows = await runQuery<{ id: string; name: string; org_unit_id: string }>(
        this.ds,
        `SELECT id, ${nameSql('name')} AS name, org_unit_id FROM people WHERE id IN (:...ids)`,
        { ids: uuids.slice(i, i + 1000) },
      );
      for (const r of rows) out.set(r.id, r);
    }
    return out;
  }

  /**
   * Hazards reported in the period (not cancelled) where they were found: rows are departments
   * (the department of the unit where found) or areas (free-text location), columns categories
   * or risk levels (`ungraded` before grading). Each cell: count, still open, overdue now, major.
   */
  async heatmap(p: Principal, q: { period: Period; orgUnitId?: string; rows: 'department' | 'area'; columns: 'category' | 'riskLevel'; limit: number }) {
    const s = await this.scope(p, q.orgUnitId);
    const params: Record<string, unknown> = { from: q.period.from, to: q.period.to };
    const src = HEATMAP_HAZARDS;
    const where = [this.where(src, s, undefined, params), 'x.reported_at >= :from', 'x.reported_at < :to'].join(' AND ');
    const rowExpr = q.rows === 'department' ? src.unit : 'x.area';
    const colExpr = q.columns === 'category' ? 'x.category' : "COALESCE(x.risk_level, 'ungraded')";
    const grouped = await this.grouped(
      [
        { expr: rowExpr, text: true },
        { expr: colExpr, text: true },
      ],
      `COUNT(*) AS n, SUM(CASE WHEN x.status <> 'closed' THEN 1 ELSE 0 END) AS open, SUM(CASE WHEN x.overdue = 1 THEN 1 ELSE 0 END) AS overdue, SUM(CASE WHEN x.severity = 'major' THEN 1 ELSE 0 END) AS major`,
      this.fromClause(src, false),
      where,
      params,
    );
    const raw = grouped.map((g) => ({ hm_row: g.keys[0], hm_col: g.keys[1], n: g.row.n, open: g.row.open, overdue: g.row.overdue, major: g.row.major }));
    const cells = new Map<string, { row: string; column: string; count: number; open: number; overdue: number; major: number }>();
    for (const x of raw) {
      const row = q.rows === 'department' ? (s.department.get(x.hm_row) ?? x.hm_row) : x.hm_row;
      const id = `${row}\u0000${x.hm_col}`;
      const c = cells.get(id) ?? { row, column: x.hm_col, count: 0, open: 0, overdue: 0, major: 0 };
      c.count += num(x.n);
      c.open += num(x.open);
      c.overdue += num(x.overdue);
      c.major += num(x.major);
      cells.set(id, c);
    }
    const totals = (pick: 'row' | 'column') => {
      const m = new Map<string, number>();
      for (const c of cells.values()) m.set(c[pick], (m.get(c[pick]) ?? 0) + c.count);
      return m;
    };
    const rowTotals = totals('row');
    const colTotals = totals('column');
    const rows = [...rowTotals]
      .map(([key, total]) => ({ key, name: q.rows === 'department' ? (this.unitName(s, key) ?? key) : key, total }))
      .sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const shown = rows.slice(0, q.limit);
    const shownKeys = new Set(shown.map((r) => r.key));
    const known: readonly string[] = q.columns === 'category' ? HAZARD_CATEGORIES : RISK_LEVEL_ORDER;
    const columns = [...known, ...[...colTotals.keys()].filter((c) => !known.includes(c)).sort()].map((key) => ({
      key,
      name: key,
      total: colTotals.get(key) ?? 0,
    }));
    const visible = [...cells.values()].filter((c) => shownKeys.has(c.row));
    return {
      scope: this.scopeView(s),
      period: periodView(q.period),
      rowsBy: q.rows,
      columnsBy: q.columns,
      rows: shown,
      hiddenRows: rows.length - shown.length,
      columns,
      cells: visible,
      max: visible.reduce((m, c) => Math.max(m, c.count), 0),
      total: [...rowTotals.values()].reduce((a, b) => a + b, 0),
    };
  }

  /** The rollup's conditions for a period and scope: a handoff is in the scope when either end is. */
  private handoffWhere(s: Scope, period: Period, params: Record<string, unknown>): string[] {
    params.from = period.from;
    params.to = period.to;
    const conds = ['h.created_at >= :from', 'h.created_at < :to'];
    if (s.unitIds) {
      conds.push('(h.to_unit_id IN (:...scopeUnits) OR h.from_unit_id IN (:...scopeUnits))');
      params.scopeUnits = s.unitIds;
    }
    return conds;
  }

  /**
   * The collaboration matrix: each task created in the period was handed over by the department
   * of the previous task of the same process (by creation, then id), or for a process's first
   * task by the department of the unit where the process started (hazard, emergency, risk
   * assessment); per (from → to) cell the handoffs, how many of those tasks are completed, and
   * the mean and median hours from creation to completion. In the scope when either end is.
   * Read from the `dashboard_handoffs` rollup, refreshed first (handoff-rollup.ts); the rows are
   * few columns of a covering index, counted and their medians taken here.
   */
  async handoffs(p: Principal, q: { period: Period; orgUnitId?: string }) {
    const s = await this.scope(p, q.orgUnitId);
    await refreshHandoffs(this.ds);
    const params: Record<string, unknown> = {};
    const rows = await runQuery<{ f: string | null; t: string; secs: unknown }>(
      this.ds,
      `SELECT h.from_unit_id AS f, h.to_unit_id AS t, h.seconds AS secs FROM dashboard_handoffs h WHERE ${this.handoffWhere(s, q.period, params).join(' AND ')}`,
      params,
    );
    const cells = new Map<string, Map<string, { from: string; to: string; count: number; seconds: number[] }>>();
    const deptOf = (u: string) => s.department.get(u) ?? u;
    let unattributed = 0;
    for (const r of rows) {
      if (r.f === null) {
        unattributed++;
        continue;
      }
      const from = deptOf(r.f);
      const to = deptOf(r.t);
      let row = cells.get(from);
      if (!row) cells.set(from, (row = new Map()));
      let c = row.get(to);
      if (!c) row.set(to, (c = { from, to, count: 0, seconds: [] }));
      c.count++;
      if (r.secs !== null && r.secs !== undefined) c.seconds.push(num(r.secs));
    }
    const out = [...cells.values()]
      .flatMap((row) => [...row.values()])
      .map((c) => ({
        from: c.from,
        to: c.to,
        count: c.count,
        completed: c.seconds.length,
        meanHours: hoursOf(mean(c.seconds)),
        medianHours: hoursOf(median(c.seconds)),
      }))
      .sort((a, b) => b.count - a.count || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
    const ids = new Set(out.flatMap((c) => [c.from, c.to]));
    const departments = [...ids].map((id) => ({ id, name: this.unitName(s, id) ?? id })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { scope: this.scopeView(s), period: periodView(q.period), departments, cells: out, total: out.reduce((a, c) => a + c.count, 0), unattributed };
  }

  // ———————————————————————————————————————— drill-down ————————————————————————————————————————

  /** The records behind a figure, newest first, one page; `total` equals the figure's part. */
  async drill(p: Principal, q: DrillQuery & { period: Period }) {
    const s = await this.scope(p, q.orgUnitId);
    const narrow: Narrow = { sql: [], params: {} };
    if (q.departmentId) {
      if (!s.units.has(q.departmentId)) throw new ValidationError([{ path: 'query.departmentId', message: 'no such org unit' }]);
      narrow.unitIds = this.unitsOf(s, q.departmentId);
    }
    if (q.personId) narrow.personId = q.personId;
    if (q.kpi === 'handoffs') return this.drillHandoffs(s, q);

    let src: Source;
    let valueExpr: string | null = null;
    let numeratorCond: string | null = null;
    if (q.kpi === 'heatmap') {
      src = HEATMAP_HAZARDS;
      const add = (cond: string, name: string, value: unknown) => {
        narrow.sql!.push(cond);
        narrow.params![name] = value;
      };
      // Compared as the heat map groups them (byte by byte).
      if (q.category) add(`${this.d.bin('x.category')} = :hmCategory`, 'hmCategory', q.category);
      if (q.riskLevel) add(q.riskLevel === 'ungraded' ? 'x.risk_level IS NULL' : `${this.d.bin('x.risk_level')} = :hmRisk`, 'hmRisk', q.riskLevel);
      if (q.area) add(`${this.d.bin('x.area')} = :hmArea`, 'hmArea', q.area);
    } else {
      const m = KPI_META[q.kpi];
      const def = kpiSql(q.kpi, this.d);
      if (q.part === 'denominator' && !m.denominator)
        throw new ValidationError([{ path: 'query.part', message: `${q.kpi} is a count: it has no denominator` }]);
      if (q.personId && !m.byPerson) throw new ValidationError([{ path: 'query.personId', message: `${q.kpi} is not attributed to people` }]);
      if (def.people) src = q.part === 'denominator' ? ACTIVE_PEOPLE : (def.numeratorRecords ?? def.source);
      else {
        src = def.source;
        valueExpr = def.value ?? null;
        numeratorCond = def.numerator ?? null;
        if (q.part === 'numerator' && numeratorCond) narrow.sql!.push(numeratorCond);
      }
    }
    const params: Record<string, unknown> = { from: q.period.from, to: q.period.to };
    const where = [this.where(src, s, narrow, params), ...(src.time ? [`${src.time} >= :from`, `${src.time} < :to`] : [])].join(' AND ');
    const extra = [
      valueExpr ? `${valueExpr} AS v` : 'NULL AS v',
      numeratorCond ? `CASE WHEN ${numeratorCond} THEN 1 ELSE 0 END AS in_num` : 'NULL AS in_num',
      src.time ? `${src.time} AS at` : 'NULL AS at',
      `${src.unit} AS unit_id`,
    ];
    const order = src.time ? `${src.time} DESC, x.id ASC` : 'x.name ASC, x.id ASC';
    const lean = this.fromClause(src, !!narrow.personId);
    params.limit = q.pageSize;
    params.offset = (q.page - 1) * q.pageSize;
    // The page's ids first (ordered on the covering index), then only their rows in full.
    const [page, count] = await Promise.all([
      runQuery<{ id: string }>(this.ds, `SELECT x.id AS id FROM ${lean} WHERE ${where} ORDER BY ${order} LIMIT :limit OFFSET :offset`, params),
      runQuery<{ n: unknown }>(this.ds, `SELECT COUNT(*) AS n FROM ${lean} WHERE ${where}`, params),
    ]);
    const ids = page.map((r) => r.id);
    const full = ids.length
      ? await runQuery<Record<string, unknown>>(
          this.ds,
          `SELECT ${RECORD_COLUMNS[src.record]}, ${extra.join(', ')} FROM ${this.fromClause(src, true)} WHERE x.id IN (:...pageIds)`,
          { ...params, pageIds: ids },
        )
      : [];
    const byId = new Map(full.map((r) => [String(r.id), r]));
    const rows = ids.map((id) => byId.get(id)!).filter(Boolean);
    const items = await this.items(s, src.record, rows);
    return this.drillPage(s, q, src.record, items, count[0]?.n);
  }

  private async drillHandoffs(s: Scope, q: DrillQuery & { period: Period }) {
    await refreshHandoffs(this.ds);
    const params: Record<string, unknown> = { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
    const conds = this.handoffWhere(s, q.period, params);
    if (q.fromDepartmentId) {
      conds.push('h.from_unit_id IN (:...fromUnits)');
      params.fromUnits = this.unitsOf(s, q.fromDepartmentId);
    } else conds.push('h.from_unit_id IS NOT NULL');
    if (q.toDepartmentId) {
      conds.push('h.to_unit_id IN (:...toUnits)');
      params.toUnits = this.unitsOf(s, q.toDepartmentId);
    }
    const where = conds.join(' AND ');
    // The page's ids first (on the rollup's covering index), then only their tasks in full.
    const [page, count] = await Promise.all([
      runQuery<{ id: string }>(
        this.ds,
        `SELECT h.task_id AS id FROM dashboard_handoffs h WHERE ${where} ORDER BY h.created_at DESC, h.task_id ASC LIMIT :limit OFFSET :offset`,
        params,
      ),
      runQuery<{ n: unknown }>(this.ds, `SELECT COUNT(*) AS n FROM dashboard_handoffs h WHERE ${where}`, params),
    ]);
    const ids = page.map((r) => r.id);
    const full = ids.length
      ? await runQuery<Record<string, unknown>>(
          this.ds,
          `SELECT ${RECORD_COLUMNS.task}, h.seconds / 3600 AS v, NULL AS in_num, h.created_at AS at, h.to_unit_id AS unit_id, h.from_unit_id AS from_unit
           FROM dashboard_handoffs h JOIN tasks x ON x.id = h.task_id LEFT JOIN users us ON us.id = x.assignee_user_id WHERE h.task_id IN (:...pageIds)`,
          { pageIds: ids },
        )
      : [];
    const byId = new Map(full.map((r) => [String(r.id), r]));
    const rows = ids.map((id) => byId.get(id)!).filter(Boolean);
    const items = await this.items(s, 'task', rows);
    items.forEach((it, i) => {
      const fromUnit = (rows[i].from_unit as string | null) ?? null;
      const fromDepartment = fromUnit ? (s.department.get(fromUnit) ?? fromUnit) : null;
      Object.assign(it.fields, {
        fromUnitId: fromUnit,
        fromUnitName: this.unitName(s, fromUnit),
        fromDepartmentId: fromDepartment,
        fromDepartmentName: this.unitName(s, fromDepartment),
      });
    });
    return this.drillPage(s, q, 'task', items, count[0]?.n);
  }

  /** One page of a drill-down's records, with what was drilled into. */
  private drillPage<T>(s: Scope, q: DrillQuery & { period: Period }, records: RecordType, items: T[], total: unknown) {
    return {
      kpi: q.kpi,
      part: q.part,
      records,
      scope: this.scopeView(s),
      period: periodView(q.period),
      items,
      total: num(total),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Drill rows as uniform items: id, title, time, value, unit and department, person, process link, details. */
  private async items(s: Scope, type: RecordType, rows: Record<string, unknown>[]) {
    const people = await this.people([...new Set(rows.map((r) => r.person_id as string | null).filter((x): x is string => !!x))]);
    return rows.map((r) => {
      const unitId = r.unit_id as string;
      const departmentId = s.department.get(unitId) ?? unitId;
      const personId = (r.person_id as string | null) ?? null;
      const workflowId = (r.workflow_id as string | null) ?? null;
      const fields: Record<string, string | number | boolean | null> = {};
      let title = '';
      let status: string | null = null;
      if (type === 'hazard') {
        title = String(r.title);
        status = String(r.status);
        Object.assign(fields, {
          category: r.category as string,
          area: r.area as string,
          severity: (r.severity as string | null) ?? null,
          riskLevel: (r.risk_level as string | null) ?? null,
          foundInUnitId: r.found_unit_id as string,
          foundInUnitName: this.unitName(s, r.found_unit_id as string),
          responsibleOrgUnitId: (r.responsible_org_unit_id as string | null) ?? null,
          reportedAt: iso(r.reported_at),
          gradedAt: iso(r.graded_at),
          acknowledgedAt: iso(r.acknowledged_at),
          closedAt: iso(r.closed_at),
          dueAt: iso(r.due_at),
          overdue: !!num(r.overdue),
        });
      } else if (type === 'task') {
        title = String(r.title);
        status = String(r.status);
        Object.assign(fields, {
          taskType: r.task_type as string,
          processType: r.process_type as string,
          createdAt: iso(r.created_at),
          dueAt: iso(r.due_at),
          completedAt: iso(r.completed_at),
          completedBy: (r.completed_by as string | null) ?? null,
        });
      } else if (type === 'emergency') {
        title = `${String(r.type)} — ${String(r.location)}`;
        status = String(r.status);
        Object.assign(fields, {
          type: r.type as string,
          location: r.location as string,
          injuries: !!num(r.injuries),
          reportedAt: iso(r.reported_at),
          acknowledgedAt: iso(r.acknowledged_at),
          controlledAt: iso(r.controlled_at),
          closedAt: iso(r.closed_at),
        });
      } else if (type === 'incident') {
        title = String(r.title);
        status = String(r.status);
        Object.assign(fields, {
          location: r.location as string,
          category: (r.category as string | null) ?? null,
          consequence: (r.consequence as string | null) ?? null,
          level: (r.level as string | null) ?? null,
          daysLost: num(r.days_lost),
          occurredAt: iso(r.occurred_at),
          reportedAt: iso(r.reported_at),
        });
      } else if (type === 'fact') {
        title = String(r.kind);
        Object.assign(fields, {
          kind: r.kind as string,
          subjectId: r.subject_id as string,
          value: numOrNull(r.fact_value),
          attribution: r.attribution as string,
          occurredAt: iso(r.occurred_at),
        });
      } else {
        title = String(r.name);
        Object.assign(fields, { employeeNo: r.employee_no as string });
      }
      return {
        type,
        id: String(r.id),
        title,
        at: iso(r.at),
        value: numOrNull(r.v),
        inNumerator: r.in_num === null || r.in_num === undefined ? null : num(r.in_num) === 1,
        status,
        ...this.place(s, unitId, departmentId),
        personId,
        personName: personId ? (people.get(personId)?.name ?? null) : null,
        workflowId,
        link: type === 'person' ? `/org?unit=${encodeURIComponent(unitId)}` : processLink(workflowId),
        fields,
      };
    });
  }

  private scopeView(s: Scope) {
    return { orgUnitId: s.unit.id, name: s.unit.name, kind: s.unit.kind };
  }
}

/** A KPI's name and how to read it: how every answer about one KPI starts. */
function kpiHeading(kpi: KpiName) {
  const { label, kind, unit, betterWhen } = KPI_META[kpi];
  return { kpi, label, kind, unit, betterWhen };
}

/** A KPI's value with the numerator and denominator it comes from. */
function figure(kind: KpiKind, x: { numerator: number; denominator: number | null }) {
  return { value: kpiValue(kind, x.numerator, x.denominator), numerator: x.numerator, denominator: x.denominator };
}

function kindOf(def: KpiSql): 'ratio' | 'mean' | 'count' | 'per100' {
  if (def.people) return 'per100';
  if (def.value) return 'mean';
  if (def.numerator) return 'ratio';
  return 'count';
}

function hoursOf(seconds: number | null): number | null {
  return seconds === null ? null : seconds / 3600;
}

function periodView(p: Period) {
  return { from: p.from.toISOString(), to: p.to.toISOString() };
}
