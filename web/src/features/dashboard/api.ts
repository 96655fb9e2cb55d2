import { client, dataOf, type Ok, type Query, type Schemas } from '../../shared/api/client';
import { present } from '../../shared/api/lists';
import { DashboardKpiNameValues } from '../../shared/api/values';
import type { DashboardScope, DashboardKpi } from '../../shared/api/types';

/** A dashboard KPI's name (the server's KPI_NAMES). */
export type DashboardKpiName = Schemas['DashboardKpiName'];

/** Every KPI, in the order the dashboard shows them (the server's). */
export const DASHBOARD_KPIS = DashboardKpiNameValues;

/** KPIs whose records are attributed to a person (`ranking?by=person`, `drill?personId=`; the server's KPI_META byPerson). */
export const PERSON_KPIS: readonly DashboardKpiName[] = [
  'hazardClosureRate',
  'meanRectificationHours',
  'slaBreachRate',
  'inspectionAverage',
  'trainingPassRate',
];

/** ratio: n / d (0–1); mean: n (a sum) / d (records); per100: n × 100 / d (active people); count: n. */
export type KpiKind = Schemas['DashboardKpi']['kind'];

export type KpiUnit = Schemas['DashboardKpi']['unit'];

export type DrillRecordType = Schemas['DashboardDrillItem']['type'];

/** A figure with the counts it is made of (value null: nothing to divide by; median: mean KPIs only). */
export type KpiFigure = Schemas['DashboardKpi']['previous'];

export type { DashboardScope, DashboardKpi };

export type DashboardKpis = Ok<'getDashboardKpis'>;

export type DashboardPeriod = DashboardKpis['period'];

export type DashboardTrend = Ok<'getDashboardTrends'>;

export type TrendGranularity = DashboardTrend['granularity'];

export type DashboardRanking = Ok<'getDashboardRanking'>;

export type RankBy = DashboardRanking['by'];

export type RankOrder = DashboardRanking['order'];

/** `id`: department (org unit) id or person id, the drill-down's departmentId / personId. */
export type DashboardRankItem = DashboardRanking['items'][number];

export type DashboardHeatmap = Ok<'getDashboardHeatmap'>;

export type HeatRows = DashboardHeatmap['rowsBy'];

export type HeatColumns = DashboardHeatmap['columnsBy'];

/** Handoff cells: from = to when the next step stayed in the department. */
export type DashboardHandoffs = Ok<'getDashboardHandoffs'>;

/**
 * The dashboard's common query: a period [from, to) — YYYY-MM-DD (midnight in the group's time
 * zone) or ISO instants — and a scope (default: what the caller may see).
 */
export type DashboardQuery = Required<Pick<Query<'getDashboardKpis'>, 'from' | 'to'>> & Pick<Query<'getDashboardKpis'>, 'orgUnitId'>;

/** Which records behind which figure (`kpi=heatmap`: a heat-map cell; `kpi=handoffs`: a matrix cell). */
export type DrillFilter = Pick<
  Query<'drillDashboardFigure'>,
  'kpi' | 'part' | 'departmentId' | 'personId' | 'category' | 'riskLevel' | 'area' | 'fromDepartmentId' | 'toDepartmentId'
>;

export type DrillPage = Ok<'drillDashboardFigure'>;

export type DrillItem = Schemas['DashboardDrillItem'];

export const fetchDashboardKpis = (q: DashboardQuery) => dataOf(client.GET('/api/dashboard/kpis', { params: { query: present(q) } }));

export const fetchDashboardTrend = (q: DashboardQuery & { kpi: DashboardKpiName; granularity: TrendGranularity }) =>
  dataOf(client.GET('/api/dashboard/trends', { params: { query: present(q) } }));

export const fetchDashboardRanking = (q: DashboardQuery & { kpi: DashboardKpiName; by: RankBy; order: RankOrder; limit?: number }) =>
  dataOf(client.GET('/api/dashboard/ranking', { params: { query: present(q) } }));

export const fetchDashboardHeatmap = (q: DashboardQuery & { rows: HeatRows; columns: HeatColumns }) =>
  dataOf(client.GET('/api/dashboard/heatmap', { params: { query: present(q) } }));

export const fetchDashboardHandoffs = (q: DashboardQuery) => dataOf(client.GET('/api/dashboard/handoffs', { params: { query: present(q) } }));

/** The records behind a figure, one page; `total` equals the figure's numerator or denominator. */
export const fetchDashboardDrill = (q: DashboardQuery & DrillFilter & { page?: number; pageSize?: number }) =>
  dataOf(client.GET('/api/dashboard/drill', { params: { query: present(q) } }));
