import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Input, Row, Segmented, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DASHBOARD_KPIS,
  fetchDashboardHandoffs,
  fetchDashboardHeatmap,
  fetchDashboardKpis,
  fetchDashboardRanking,
  fetchDashboardTrend,
  PERSON_KPIS,
  type DashboardKpiName,
  type HeatColumns,
  type HeatRows,
  type RankBy,
  type RankOrder,
  type TrendGranularity,
} from '../../shared/api';
import { useFigureText } from './useFigureText';
import {
  DEFAULT_PRESET,
  defaultGranularity,
  formatDay,
  lastDayOf,
  mainPart,
  PERIOD_PRESETS,
  resolvePeriod,
  type DrillRequest,
  type PeriodPreset,
} from './dashboard';
import { DrillDrawer } from './DrillDrawer';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { UUID_RE } from '../hazards/hazard';
import { useErrorText } from '../../shared/hooks';
import { Link, setSearchParams, useLocation } from '../../router';
import { KpiCard } from './DashboardKpiCard';
import { TrendCard } from './DashboardTrendCard';
import { RankingCard } from './DashboardRankingCard';
import { HeatmapCard } from './DashboardHeatmapCard';
import { HandoffCard } from './DashboardHandoffCard';

const DEFAULT_KPI: DashboardKpiName = 'hazardClosureRate';

/**
 * The answer of `load` for `key` (the previous key's stays while the next loads: `keepPreviousData`),
 * or its error; `loading` until `key`'s answer is in. Read once per key; "Refresh" makes a new key.
 */
function useLoaded<T>(key: QueryKey, load: () => Promise<T>): { data: T | null; error: string | null; loading: boolean } {
  const errorText = useErrorText();
  const q = useQuery({ queryKey: ['dashboard', ...key], queryFn: load, placeholderData: keepPreviousData, refetchOnWindowFocus: false });
  return { data: q.isError ? null : (q.data ?? null), error: q.error ? errorText(q.error) : null, loading: q.isPending || q.isPlaceholderData };
}

/**
 * The dashboard (SPEC §5): the KPIs of a period and a unit with their change against the period
 * before, a KPI's trend by month or week, departments or people ranked by it, where hazards are
 * found and how long handoffs between departments take. Every figure — card, point, bar, cell —
 * opens the records behind it, whose count is the figure's numerator or denominator. Period,
 * unit and chart choices live in the URL.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const figureText = useFigureText();

  const period = resolvePeriod(search.get('period'), search.get('from'), search.get('to'));
  const orgUnitParam = search.get('orgUnitId');
  const orgUnitId = orgUnitParam && UUID_RE.test(orgUnitParam) ? orgUnitParam : undefined;
  const kpi = DASHBOARD_KPIS.find((k) => k === search.get('kpi')) ?? DEFAULT_KPI;
  const granularityParam = search.get('granularity');
  const granularity: TrendGranularity = granularityParam === 'month' || granularityParam === 'week' ? granularityParam : defaultGranularity(period);
  const personRanking = PERSON_KPIS.includes(kpi);
  const rankBy: RankBy = search.get('rankBy') === 'person' && personRanking ? 'person' : 'department';
  const order: RankOrder = search.get('order') === 'worst' ? 'worst' : 'best';
  const heatRows: HeatRows = search.get('heatRows') === 'area' ? 'area' : 'department';
  const heatColumns: HeatColumns = search.get('heatColumns') === 'riskLevel' ? 'riskLevel' : 'category';

  const [version, setVersion] = useState(0);
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const base = { from: period.from, to: period.to, orgUnitId };
  const baseKey = [base, version];
  const kpis = useLoaded(['kpis', ...baseKey], () => fetchDashboardKpis(base));
  const trend = useLoaded(['trend', ...baseKey, kpi, granularity], () => fetchDashboardTrend({ ...base, kpi, granularity }));
  const ranking = useLoaded(['ranking', ...baseKey, kpi, rankBy, order], () => fetchDashboardRanking({ ...base, kpi, by: rankBy, order, limit: 10 }));
  const heatmap = useLoaded(['heatmap', ...baseKey, heatRows, heatColumns], () => fetchDashboardHeatmap({ ...base, rows: heatRows, columns: heatColumns }));
  const handoffs = useLoaded(['handoffs', ...baseKey], () => fetchDashboardHandoffs(base));

  const set = (values: Record<string, string | null>) => setSearchParams(values);
  const choosePreset = (p: PeriodPreset) =>
    set(p === 'custom' ? { period: 'custom', from: period.from, to: period.lastDay } : { period: p === DEFAULT_PRESET ? null : p, from: null, to: null });

  /** Opens the drill-down of a figure over the dashboard's period (or a trend bucket's). */
  const open = (r: Omit<DrillRequest, 'from' | 'to' | 'orgUnitId'> & { from?: string; to?: string }) =>
    setDrill({ from: period.from, to: period.to, orgUnitId, ...r });

  const k = kpis.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard">
      <Card
        title={t('dashboard.title')}
        extra={
          <Space wrap>
            {k && (
              <Typography.Text type="secondary" data-testid="dashboard-updated">
                {t('common.updatedAt', { time: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(new Date(k.generatedAt)) })}
              </Typography.Text>
            )}
            <Link to="/safety-rates" data-testid="dashboard-safety-rates">
              {t('nav.safetyRates')}
            </Link>
            <Button onClick={() => setVersion((v) => v + 1)} data-testid="dashboard-refresh">
              {t('common.refresh')}
            </Button>
          </Space>
        }
      >
        <Row gutter={[12, 12]} align="middle">
          <Col flex="none">
            <Segmented<PeriodPreset>
              value={period.preset}
              onChange={choosePreset}
              options={PERIOD_PRESETS.map((p) => ({ value: p, label: <span data-testid={`period-${p}`}>{t(`dashboard.preset.${p}`)}</span> }))}
              data-testid="dashboard-period"
            />
          </Col>
          {period.preset === 'custom' && (
            <Col flex="none">
              <Space>
                <Input
                  type="date"
                  aria-label={t('dashboard.from')}
                  value={period.from}
                  max={period.lastDay}
                  onChange={(e) =>
                    e.target.value && set({ period: 'custom', from: e.target.value, to: e.target.value > period.lastDay ? e.target.value : period.lastDay })
                  }
                  data-testid="dashboard-from"
                />
                –
                <Input
                  type="date"
                  aria-label={t('dashboard.to')}
                  value={period.lastDay}
                  min={period.from}
                  onChange={(e) =>
                    e.target.value && set({ period: 'custom', from: e.target.value < period.from ? e.target.value : period.from, to: e.target.value })
                  }
                  data-testid="dashboard-to"
                />
              </Space>
            </Col>
          )}
          <Col flex="260px">
            <OrgUnitSelect
              allowClear
              value={orgUnitId}
              onChange={(v) => set({ orgUnitId: v ?? null })}
              placeholder={t('dashboard.scopeDefault')}
              testId="dashboard-scope"
            />
          </Col>
        </Row>
        {k && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }} data-testid="dashboard-period-line">
            {t('dashboard.scopeLine', { name: k.scope.name })}
            {' · '}
            {t('dashboard.periodLine', {
              from: formatDay(k.period.from, i18n.language),
              to: formatDay(lastDayOf(k.period.to), i18n.language),
              prevFrom: formatDay(k.previousPeriod.from, i18n.language),
              prevTo: formatDay(lastDayOf(k.previousPeriod.to), i18n.language),
            })}
          </Typography.Paragraph>
        )}
      </Card>

      {kpis.error && <Alert type="error" showIcon title={t('dashboard.loadFailed', { error: kpis.error })} data-testid="dashboard-error" />}
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: 12 }}
        data-testid="kpi-cards"
        data-loading={String(kpis.loading)}
      >
        {(k?.kpis ?? []).map((x) => (
          <KpiCard
            key={x.kpi}
            k={x}
            onDrill={(part) => open({ filter: { kpi: x.kpi, part }, title: t(`dashboard.kpi.${x.kpi}`), context: [], kind: x.kind, unit: x.unit, figure: x })}
          />
        ))}
        {!k && !kpis.error && DASHBOARD_KPIS.map((name) => <Card key={name} size="small" loading title={t(`dashboard.kpi.${name}`)} />)}
      </div>

      <Space wrap>
        <Typography.Text>{t('dashboard.trend.kpi')}</Typography.Text>
        <Select<DashboardKpiName>
          value={kpi}
          onChange={(v) => set({ kpi: v === DEFAULT_KPI ? null : v })}
          options={DASHBOARD_KPIS.map((x) => ({ value: x, label: t(`dashboard.kpi.${x}`) }))}
          style={{ minWidth: 260 }}
          data-testid="dashboard-kpi"
        />
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <TrendCard
            trend={trend.data}
            loading={trend.loading}
            error={trend.error}
            granularity={granularity}
            onGranularity={(g) => set({ granularity: g === defaultGranularity(period) ? null : g })}
            onPoint={(i) => {
              const d = trend.data!;
              const b = d.series[i];
              open({
                filter: { kpi: d.kpi, part: mainPart(d.kind) },
                from: b.from,
                to: b.to,
                title: t(`dashboard.kpi.${d.kpi}`),
                context: [t('dashboard.drill.bucket', { label: b.label })],
                kind: d.kind,
                unit: d.unit,
                figure: b,
              });
            }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <RankingCard
            ranking={ranking.data}
            loading={ranking.loading}
            error={ranking.error}
            by={rankBy}
            order={order}
            personRanking={personRanking}
            onBy={(b) => set({ rankBy: b === 'department' ? null : b })}
            onOrder={(o) => set({ order: o === 'best' ? null : o })}
            onBar={(i) => {
              const d = ranking.data!;
              const item = d.items[i];
              open({
                filter: { kpi: d.kpi, part: mainPart(d.kind), ...(d.by === 'person' ? { personId: item.id } : { departmentId: item.id }) },
                title: t(`dashboard.kpi.${d.kpi}`),
                context: [t(d.by === 'person' ? 'dashboard.drill.person' : 'dashboard.drill.department', { name: item.name })],
                kind: d.kind,
                unit: d.unit,
                figure: item,
              });
            }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <HeatmapCard
            heatmap={heatmap.data}
            loading={heatmap.loading}
            error={heatmap.error}
            rows={heatRows}
            columns={heatColumns}
            onRows={(r) => set({ heatRows: r === 'department' ? null : r })}
            onColumns={(c) => set({ heatColumns: c === 'category' ? null : c })}
            onCell={(row, column, count) => {
              const d = heatmap.data!;
              open({
                filter: {
                  kpi: 'heatmap',
                  ...(d.rowsBy === 'area' ? { area: row.key } : { departmentId: row.key }),
                  ...(d.columnsBy === 'riskLevel' ? { riskLevel: column } : { category: column }),
                },
                title: t('dashboard.heatmap.title'),
                context: [t('dashboard.drill.cell', { row: row.name, column: figureText.heatColumn(d.columnsBy, column) })],
                kind: 'cell',
                unit: null,
                figure: { numerator: count, denominator: null },
              });
            }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <HandoffCard
            handoffs={handoffs.data}
            loading={handoffs.loading}
            error={handoffs.error}
            onCell={(from, to, count) =>
              open({
                filter: { kpi: 'handoffs', fromDepartmentId: from.id, toDepartmentId: to.id },
                title: t('dashboard.handoffs.title'),
                context: [t('dashboard.drill.handoff', { from: from.name, to: to.name })],
                kind: 'cell',
                unit: 'hours',
                figure: { numerator: count, denominator: null },
              })
            }
          />
        </Col>
      </Row>
      <DrillDrawer request={drill} onClose={() => setDrill(null)} />
    </Space>
  );
}
