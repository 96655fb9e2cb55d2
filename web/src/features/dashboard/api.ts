import type { Page } from '../../shared/api/core';
import { api, query } from '../../shared/api/http';

export const DASHBOARD_KPIS = [
  'hazardClosureRate',
  'meanRectificationHours',
  'slaBreachRate',
  'inspectionAverage',
  'trainingCoverage',
  'trainingPassRate',
  'incidentFrequency',
  'seriousIncidents',
  'emergencyAckMinutes',
  'emergencyControlMinutes',
] as const;

export type DashboardKpiName = (typeof DASHBOARD_KPIS)[number];

/** KPIs whose records are attributed to a person (`ranking?by=person`, `drill?personId=`). */
export const PERSON_KPIS: readonly DashboardKpiName[] = [
  'hazardClosureRate',
  'meanRectificationHours',
  'slaBreachRate',
  'inspectionAverage',
  'trainingPassRate',
];

/** ratio: n / d (0–1); mean: n (a sum) / d (records); per100: n × 100 / d (active people); count: n. */
export type KpiKind = 'ratio' | 'mean' | 'per100' | 'count';

export type KpiUnit = 'ratio' | 'hours' | 'points' | 'per100people' | 'count' | 'minutes';

export type DrillRecordType = 'hazard' | 'task' | 'emergency' | 'fact' | 'person';

/** A figure with the counts it is made of (value null: nothing to divide by). */
export interface KpiFigure {
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** Mean KPIs only. */
  median: number | null;
}

interface KpiHead {
  kpi: DashboardKpiName;
  label: string;
  kind: KpiKind;
  unit: KpiUnit;
  betterWhen: 'higher' | 'lower';
}

export interface DashboardScope {
  orgUnitId: string;
  name: string;
  kind: string;
}

export interface DashboardPeriod {
  from: string;
  to: string;
}

export interface DashboardKpi extends KpiHead, KpiFigure {
  previous: KpiFigure;
  /** value − previous.value */
  change: number | null;
  definition: { numerator: string; denominator: string | null };
}

export interface DashboardKpis {
  scope: DashboardScope;
  period: DashboardPeriod;
  previousPeriod: DashboardPeriod;
  generatedAt: string;
  kpis: DashboardKpi[];
}

export type TrendGranularity = 'month' | 'week';

export interface DashboardTrend extends KpiHead {
  granularity: TrendGranularity;
  scope: DashboardScope;
  period: DashboardPeriod;
  /** One bucket per calendar month (2026-11) or ISO week (2026-W47), clipped to the period. */
  series: (KpiFigure & { label: string; from: string; to: string })[];
}

export type RankBy = 'department' | 'person';

export type RankOrder = 'best' | 'worst';

export interface DashboardRankItem {
  rank: number;
  /** Department (org unit) id or person id: the drill-down's departmentId / personId. */
  id: string;
  name: string;
  orgUnitId: string | null;
  orgUnitName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  value: number | null;
  numerator: number;
  denominator: number | null;
}

export interface DashboardRanking extends KpiHead {
  by: RankBy;
  order: RankOrder;
  scope: DashboardScope;
  period: DashboardPeriod;
  /** Entries ranked before the limit. */
  total: number;
  items: DashboardRankItem[];
}

export type HeatRows = 'department' | 'area';

export type HeatColumns = 'category' | 'riskLevel';

export interface DashboardHeatmap {
  scope: DashboardScope;
  period: DashboardPeriod;
  rowsBy: HeatRows;
  columnsBy: HeatColumns;
  rows: { key: string; name: string; total: number }[];
  hiddenRows: number;
  columns: { key: string; name: string; total: number }[];
  cells: { row: string; column: string; count: number; open: number; overdue: number; major: number }[];
  max: number;
  total: number;
}

export interface DashboardHandoffs {
  scope: DashboardScope;
  period: DashboardPeriod;
  departments: { id: string; name: string }[];
  /** from = to: the next step stayed in the department. */
  cells: { from: string; to: string; count: number; completed: number; meanHours: number | null; medianHours: number | null }[];
  total: number;
  unattributed: number;
}

/** The dashboard's common query: a period [from, to) and a scope (default: what the caller may see). */
export interface DashboardQuery {
  /** YYYY-MM-DD (midnight in the group's time zone) or an ISO instant. */
  from: string;
  to: string;
  orgUnitId?: string;
}

/** Which records behind which figure (`kpi=heatmap`: a heat-map cell; `kpi=handoffs`: a matrix cell). */
export interface DrillFilter {
  kpi: DashboardKpiName | 'heatmap' | 'handoffs';
  part?: 'numerator' | 'denominator';
  departmentId?: string;
  personId?: string;
  category?: string;
  riskLevel?: string;
  area?: string;
  fromDepartmentId?: string;
  toDepartmentId?: string;
}

export interface DrillItem {
  type: DrillRecordType;
  id: string;
  title: string;
  at: string | null;
  /** Mean KPIs: the record's hours, minutes or points; handoffs: hours to completion. */
  value: number | null;
  /** Ratio KPIs: whether the record is in the numerator. */
  inNumerator: boolean | null;
  status: string | null;
  orgUnitId: string;
  orgUnitName: string | null;
  departmentId: string;
  departmentName: string | null;
  personId: string | null;
  personName: string | null;
  workflowId: string | null;
  /** The record's page in this UI, when there is one. */
  link: string | null;
  fields: Record<string, string | number | boolean | null>;
}

export interface DrillPage extends Page<DrillItem> {
  kpi: string;
  part: 'numerator' | 'denominator';
  records: DrillRecordType;
  scope: DashboardScope;
  period: DashboardPeriod;
}

export const fetchDashboardKpis = (q: DashboardQuery) => api<DashboardKpis>('GET', `/api/dashboard/kpis${query({ ...q })}`);

export const fetchDashboardTrend = (q: DashboardQuery & { kpi: DashboardKpiName; granularity: TrendGranularity }) =>
  api<DashboardTrend>('GET', `/api/dashboard/trends${query({ ...q })}`);

export const fetchDashboardRanking = (q: DashboardQuery & { kpi: DashboardKpiName; by: RankBy; order: RankOrder; limit?: number }) =>
  api<DashboardRanking>('GET', `/api/dashboard/ranking${query({ ...q })}`);

export const fetchDashboardHeatmap = (q: DashboardQuery & { rows: HeatRows; columns: HeatColumns }) =>
  api<DashboardHeatmap>('GET', `/api/dashboard/heatmap${query({ ...q })}`);

export const fetchDashboardHandoffs = (q: DashboardQuery) => api<DashboardHandoffs>('GET', `/api/dashboard/handoffs${query({ ...q })}`);

/** The records behind a figure, one page; `total` equals the figure's numerator or denominator. */
export const fetchDashboardDrill = (q: DashboardQuery & DrillFilter & { page?: number; pageSize?: number }) =>
  api<DrillPage>('GET', `/api/dashboard/drill${query({ ...q })}`);
