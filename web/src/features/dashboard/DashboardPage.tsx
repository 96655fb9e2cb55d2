import { Alert, Button, Card, Col, Empty, Input, Row, Segmented, Select, Space, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ComponentProps, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DASHBOARD_KPIS,
  fetchDashboardHandoffs,
  fetchDashboardHeatmap,
  fetchDashboardKpis,
  fetchDashboardRanking,
  fetchDashboardTrend,
  PERSON_KPIS,
  type DashboardHandoffs,
  type DashboardHeatmap,
  type DashboardKpi,
  type DashboardKpiName,
  type DashboardRanking,
  type DashboardTrend,
  type HeatColumns,
  type HeatRows,
  type RankBy,
  type RankOrder,
  type TrendGranularity,
} from '../../shared/api';
import { DrillDrawer } from './DrillDrawer';
import type { ChartOption } from '../../shared/components/EChart';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { useFigureText } from './useFigureText';
import {
  changeTone,
  DEFAULT_PRESET,
  defaultGranularity,
  formatDay,
  formatNumber,
  lastDayOf,
  mainPart,
  PERIOD_PRESETS,
  resolvePeriod,
  type DrillRequest,
  type PeriodPreset,
} from './dashboard';
import { UUID_RE } from '../hazards/hazard';
import { useErrorText } from '../../shared/hooks';
import { setSearchParams, useLocation } from '../../router';

/** ECharts is loaded with the first chart, so other pages do not carry it. */
const LazyEChart = lazy(() => import('../../shared/components/EChart').then((m) => ({ default: m.EChart })));
function EChart(props: ComponentProps<typeof LazyEChart>) {
  return (
    <Suspense fallback={<div style={{ height: props.height ?? 320 }} />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

const GREEN = '#389e0d';
const RED = '#cf1322';
const PRIMARY = '#0b6e4f';
const DEFAULT_KPI: DashboardKpiName = 'hazardClosureRate';

/** The answer of `load` for `key` (the previous key's stays while the next loads), or its error; `loading` until `key`'s answer is in. */
function useLoaded<T>(key: string, load: () => Promise<T>): { data: T | null; error: string | null; loading: boolean } {
  const errorText = useErrorText();
  const [state, setState] = useState<{ key: string; data: T | null; error: string | null }>({ key: '', data: null, error: null });
  const latest = useRef({ load, errorText });
  latest.current = { load, errorText };
  useEffect(() => {
    let live = true;
    latest.current.load().then(
      (data) => live && setState({ key, data, error: null }),
      (err: unknown) => live && setState({ key, data: null, error: latest.current.errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return { data: state.data, error: state.key === key ? state.error : null, loading: state.key !== key };
}

/** Text for ECharts tooltips, which render HTML: unit names and areas come from users. */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
  const baseKey = JSON.stringify([base, version]);
  const kpis = useLoaded(baseKey, () => fetchDashboardKpis(base));
  const trend = useLoaded(JSON.stringify([baseKey, kpi, granularity]), () => fetchDashboardTrend({ ...base, kpi, granularity }));
  const ranking = useLoaded(JSON.stringify([baseKey, kpi, rankBy, order]), () => fetchDashboardRanking({ ...base, kpi, by: rankBy, order, limit: 10 }));
  const heatmap = useLoaded(JSON.stringify([baseKey, heatRows, heatColumns]), () => fetchDashboardHeatmap({ ...base, rows: heatRows, columns: heatColumns }));
  const handoffs = useLoaded(baseKey, () => fetchDashboardHandoffs(base));

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

/** One KPI: its value, what it is made of (each part opens its records) and its change. */
function KpiCard({ k, onDrill }: { k: DashboardKpi; onDrill: (part: 'numerator' | 'denominator') => void }) {
  const { t, i18n } = useTranslation();
  const f = useFigureText();
  const tone = changeTone(k.change, k.betterWhen);
  const color = tone === 'better' ? GREEN : tone === 'worse' ? RED : undefined;
  const arrow = tone === 'better' || tone === 'worse' ? (k.change! > 0 ? '▲' : '▼') : '';
  const part = (which: 'numerator' | 'denominator') => (e: MouseEvent) => {
    e.stopPropagation();
    onDrill(which);
  };
  const numeratorText = k.kind === 'mean' ? f.value(k.numerator, k.unit) : formatNumber(k.numerator, i18n.language, 0);
  const previous = f.value(k.previous.value, k.unit);
  return (
    <Card
      size="small"
      hoverable
      onClick={() => onDrill(mainPart(k.kind))}
      styles={{ title: { whiteSpace: 'normal' } }}
      title={
        <Tooltip title={t(`dashboard.definition.${k.kpi}`)}>
          <span style={{ cursor: 'help' }}>{t(`dashboard.kpi.${k.kpi}`)}</span>
        </Tooltip>
      }
      data-testid={`kpi-${k.kpi}`}
      data-value={k.value ?? ''}
      data-numerator={k.numerator}
      data-denominator={k.denominator ?? ''}
      data-tone={tone}
      aria-label={`${t(`dashboard.kpi.${k.kpi}`)}: ${f.value(k.value, k.unit)}. ${t('dashboard.showRecords')}`}
    >
      <Tooltip title={t('dashboard.showRecords')}>
        <div style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.2, color: k.value === null ? 'rgba(0,0,0,0.45)' : undefined }} data-testid="kpi-value">
          {f.value(k.value, k.unit)}
        </div>
      </Tooltip>
      {k.median !== null && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="kpi-median">
          {t('dashboard.median', { value: f.value(k.median, k.unit) })}
        </Typography.Text>
      )}
      <div style={{ marginTop: 4 }} data-testid="kpi-parts">
        <Typography.Link onClick={part('numerator')} data-testid="kpi-numerator">
          {numeratorText}
        </Typography.Link>{' '}
        <Typography.Text type="secondary">{t(`dashboard.numerator.${k.kpi}`)}</Typography.Text>
        {k.denominator !== null && (
          <>
            {' / '}
            <Typography.Link onClick={part('denominator')} data-testid="kpi-denominator">
              {formatNumber(k.denominator, i18n.language, 0)}
            </Typography.Link>{' '}
            <Typography.Text type="secondary">{t(`dashboard.denominator.${k.kpi}`)}</Typography.Text>
          </>
        )}
      </div>
      <Tooltip title={t(`dashboard.change.${tone}`, { previous })}>
        <div style={{ marginTop: 4, fontSize: 12 }} data-testid="kpi-change">
          {tone === 'none' ? (
            <Typography.Text type="secondary">{t('dashboard.change.none')}</Typography.Text>
          ) : (
            <>
              <span style={{ color, fontWeight: 600 }}>
                {arrow} {f.change(k.change!, k.unit)}
              </span>{' '}
              <Typography.Text type="secondary">{t('dashboard.previous', { value: previous })}</Typography.Text>
            </>
          )}
        </div>
      </Tooltip>
    </Card>
  );
}

/** A chart card's body: the error, "nothing" or the chart; `data-loading` tells tests when the answer is in. */
function ChartBody({
  testId,
  loading,
  error,
  empty,
  emptyText,
  children,
}: {
  testId: string;
  loading: boolean;
  error: string | null;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId} data-loading={String(loading)} data-empty={String(empty)} style={{ opacity: loading ? 0.6 : 1, transition: 'opacity 0.2s' }}>
      {error ? (
        <Alert type="error" showIcon title={t('dashboard.loadFailed', { error })} />
      ) : empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
      ) : (
        children
      )}
    </div>
  );
}

function TrendCard({
  trend,
  loading,
  error,
  granularity,
  onGranularity,
  onPoint,
}: {
  trend: DashboardTrend | null;
  loading: boolean;
  error: string | null;
  granularity: TrendGranularity;
  onGranularity: (g: TrendGranularity) => void;
  onPoint: (index: number) => void;
}) {
  const { t } = useTranslation();
  const f = useFigureText();
  const option = useMemo<ChartOption | null>(() => {
    if (!trend) return null;
    const unit = trend.unit;
    const series = trend.series;
    const tip = (i: number) => {
      const b = series[i];
      const lines = [`<b>${escapeHtml(b.label)}</b>`, escapeHtml(f.value(b.value, unit)), escapeHtml(f.parts(trend.kpi, trend.kind, unit, b))];
      if (b.median !== null) lines.push(escapeHtml(t('dashboard.median', { value: f.value(b.median, unit) })));
      return lines.join('<br/>');
    };
    return {
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 32, bottom: 8 },
      tooltip: { trigger: 'axis', formatter: (ps: unknown) => tip((ps as { dataIndex: number }[])[0]?.dataIndex ?? 0) },
      legend: { top: 0, data: trend.kind === 'mean' ? [t(`dashboard.kpi.${trend.kpi}`), t('dashboard.trend.median')] : [t(`dashboard.kpi.${trend.kpi}`)] },
      xAxis: { type: 'category', data: series.map((b) => b.label), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: unit === 'ratio' ? 1 : undefined, axisLabel: { formatter: (v: number) => f.axis(v, unit) } },
      series: [
        {
          name: t(`dashboard.kpi.${trend.kpi}`),
          type: 'line',
          data: series.map((b) => b.value),
          connectNulls: false,
          symbolSize: 8,
          itemStyle: { color: PRIMARY },
          lineStyle: { width: 2 },
        },
        ...(trend.kind === 'mean'
          ? [
              {
                name: t('dashboard.trend.median'),
                type: 'line' as const,
                data: series.map((b) => b.median),
                connectNulls: false,
                symbolSize: 6,
                itemStyle: { color: '#d48806' },
                lineStyle: { type: 'dashed' as const },
              },
            ]
          : []),
      ],
    };
  }, [trend, t, f]);
  return (
    <Card
      size="small"
      title={`${t('dashboard.trend.title')}${trend ? ` · ${t(`dashboard.kpi.${trend.kpi}`)}` : ''}`}
      extra={
        <Segmented<TrendGranularity>
          size="small"
          value={granularity}
          onChange={onGranularity}
          options={[
            { value: 'month', label: <span data-testid="trend-month">{t('dashboard.trend.month')}</span> },
            { value: 'week', label: <span data-testid="trend-week">{t('dashboard.trend.week')}</span> },
          ]}
        />
      }
    >
      <ChartBody testId="dashboard-trend" loading={loading} error={error} empty={false} emptyText="">
        {option && <EChart option={option} height={300} onClick={(e) => onPoint(e.dataIndex)} testId="chart-trend" />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.trend.hint')}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}

function RankingCard({
  ranking,
  loading,
  error,
  by,
  order,
  personRanking,
  onBy,
  onOrder,
  onBar,
}: {
  ranking: DashboardRanking | null;
  loading: boolean;
  error: string | null;
  by: RankBy;
  order: RankOrder;
  personRanking: boolean;
  onBy: (b: RankBy) => void;
  onOrder: (o: RankOrder) => void;
  onBar: (index: number) => void;
}) {
  const { t } = useTranslation();
  const f = useFigureText();
  const items = ranking?.items ?? [];
  const option = useMemo<ChartOption | null>(() => {
    if (!ranking) return null;
    const unit = ranking.unit;
    return {
      animationDuration: 300,
      grid: { left: 8, right: 56, top: 8, bottom: 8 },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const i = ranking.items[(p as { dataIndex: number }).dataIndex];
          const where = ranking.by === 'person' && i.departmentName ? ` (${i.departmentName})` : '';
          return [
            `<b>${escapeHtml(`${i.rank}. ${i.name}${where}`)}</b>`,
            escapeHtml(f.value(i.value, unit)),
            escapeHtml(f.parts(ranking.kpi, ranking.kind, unit, i)),
          ].join('<br/>');
        },
      },
      xAxis: { type: 'value', min: 0, max: unit === 'ratio' ? 1 : undefined, axisLabel: { formatter: (v: number) => f.axis(v, unit) } },
      yAxis: { type: 'category', inverse: true, data: ranking.items.map((i) => i.name), axisLabel: { width: 150, overflow: 'break' } },
      series: [
        {
          type: 'bar',
          data: ranking.items.map((i) => i.value ?? 0),
          barMaxWidth: 28,
          itemStyle: { color: PRIMARY, borderRadius: [0, 3, 3, 0] },
          label: { show: true, position: 'right', formatter: (p: unknown) => f.axis(ranking.items[(p as { dataIndex: number }).dataIndex].value, unit) },
          cursor: 'pointer',
        },
      ],
    };
  }, [ranking, f]);
  return (
    <Card size="small" title={`${t('dashboard.ranking.title')}${ranking ? ` · ${t(`dashboard.kpi.${ranking.kpi}`)}` : ''}`}>
      <Space wrap size="small" style={{ marginBottom: 8 }}>
        <Segmented<RankBy>
          size="small"
          value={by}
          onChange={onBy}
          options={[
            { value: 'department', label: <span data-testid="rank-department">{t('dashboard.ranking.department')}</span> },
            {
              value: 'person',
              disabled: !personRanking,
              label: (
                <Tooltip title={personRanking ? undefined : t('dashboard.ranking.personNotApplicable')}>
                  <span data-testid="rank-person">{t('dashboard.ranking.person')}</span>
                </Tooltip>
              ),
            },
          ]}
        />
        <Segmented<RankOrder>
          size="small"
          value={order}
          onChange={onOrder}
          options={[
            { value: 'best', label: <span data-testid="rank-best">{t('dashboard.ranking.best')}</span> },
            { value: 'worst', label: <span data-testid="rank-worst">{t('dashboard.ranking.worst')}</span> },
          ]}
        />
      </Space>
      <ChartBody testId="dashboard-ranking" loading={loading} error={error} empty={!!ranking && !items.length} emptyText={t('dashboard.ranking.empty')}>
        {option && <EChart option={option} height={Math.max(200, 40 + items.length * 34)} onClick={(e) => onBar(e.dataIndex)} testId="chart-ranking" />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.ranking.hint')}
          {ranking && ranking.total > items.length && ` ${t('dashboard.ranking.shown', { shown: items.length, total: ranking.total })}`}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}

function HeatmapCard({
  heatmap,
  loading,
  error,
  rows,
  columns,
  onRows,
  onColumns,
  onCell,
}: {
  heatmap: DashboardHeatmap | null;
  loading: boolean;
  error: string | null;
  rows: HeatRows;
  columns: HeatColumns;
  onRows: (r: HeatRows) => void;
  onColumns: (c: HeatColumns) => void;
  onCell: (row: { key: string; name: string }, column: string, count: number) => void;
}) {
  const { t } = useTranslation();
  const f = useFigureText();
  const option = useMemo<ChartOption | null>(() => {
    if (!heatmap) return null;
    const columnIndex = new Map(heatmap.columns.map((c, i) => [c.key, i]));
    const rowIndex = new Map(heatmap.rows.map((r, i) => [r.key, i]));
    const cells = heatmap.cells.filter((c) => rowIndex.has(c.row) && columnIndex.has(c.column));
    return {
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 8, bottom: 48 },
      tooltip: {
        formatter: (p: unknown) => {
          const c = cells[(p as { dataIndex: number }).dataIndex];
          const row = heatmap.rows[rowIndex.get(c.row)!];
          return [
            `<b>${escapeHtml(`${row.name} × ${f.heatColumn(heatmap.columnsBy, c.column)}`)}</b>`,
            escapeHtml(`${t('dashboard.heatmap.count')}: ${c.count}`),
            escapeHtml(`${t('dashboard.heatmap.open')}: ${c.open}`),
            escapeHtml(`${t('dashboard.heatmap.overdue')}: ${c.overdue}`),
            escapeHtml(`${t('dashboard.heatmap.major')}: ${c.major}`),
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: heatmap.columns.map((c) => f.heatColumn(heatmap.columnsBy, c.key)),
        splitArea: { show: true },
        axisLabel: { interval: 0, rotate: heatmap.columns.length > 5 ? 30 : 0 },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: heatmap.rows.map((r) => r.name),
        splitArea: { show: true },
        axisLabel: { width: 150, overflow: 'break' },
      },
      visualMap: { show: false, min: 0, max: Math.max(1, heatmap.max), dimension: 2, inRange: { color: ['#fff7e6', '#ffa940', '#cf1322'] } },
      series: [
        {
          type: 'heatmap',
          data: cells.map((c) => [columnIndex.get(c.column)!, rowIndex.get(c.row)!, c.count]),
          label: { show: true },
          emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
          cursor: 'pointer',
        },
      ],
    };
  }, [heatmap, t, f]);
  const clicked = (dataIndex: number) => {
    if (!heatmap) return;
    const rowKeys = new Set(heatmap.rows.map((r) => r.key));
    const columnKeys = new Set(heatmap.columns.map((c) => c.key));
    const c = heatmap.cells.filter((x) => rowKeys.has(x.row) && columnKeys.has(x.column))[dataIndex];
    if (c)
      onCell(
        heatmap.rows.find((r) => r.key === c.row)!,
        c.column,
        c.count,
      );
  };
  return (
    <Card
      size="small"
      title={t('dashboard.heatmap.title')}
      extra={
        <Space wrap size="small">
          <Segmented<HeatRows>
            size="small"
            value={rows}
            onChange={onRows}
            options={[
              { value: 'department', label: <span data-testid="heat-rows-department">{t('dashboard.heatmap.rowsDepartment')}</span> },
              { value: 'area', label: <span data-testid="heat-rows-area">{t('dashboard.heatmap.rowsArea')}</span> },
            ]}
          />
          <Segmented<HeatColumns>
            size="small"
            value={columns}
            onChange={onColumns}
            options={[
              { value: 'category', label: <span data-testid="heat-columns-category">{t('dashboard.heatmap.columnsCategory')}</span> },
              { value: 'riskLevel', label: <span data-testid="heat-columns-risk">{t('dashboard.heatmap.columnsRisk')}</span> },
            ]}
          />
        </Space>
      }
    >
      <ChartBody testId="dashboard-heatmap" loading={loading} error={error} empty={!!heatmap && !heatmap.rows.length} emptyText={t('dashboard.heatmap.empty')}>
        {option && (
          <EChart option={option} height={Math.max(200, 90 + (heatmap?.rows.length ?? 0) * 36)} onClick={(e) => clicked(e.dataIndex)} testId="chart-heatmap" />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.heatmap.hint')}
          {!!heatmap?.hiddenRows && ` ${t('dashboard.heatmap.hiddenRows', { count: heatmap.hiddenRows })}`}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}

function HandoffCard({
  handoffs,
  loading,
  error,
  onCell,
}: {
  handoffs: DashboardHandoffs | null;
  loading: boolean;
  error: string | null;
  onCell: (from: { id: string; name: string }, to: { id: string; name: string }, count: number) => void;
}) {
  const { t } = useTranslation();
  const f = useFigureText();
  const option = useMemo<ChartOption | null>(() => {
    if (!handoffs) return null;
    const index = new Map(handoffs.departments.map((d, i) => [d.id, i]));
    const cells = handoffs.cells;
    const maxMedian = Math.max(1, ...cells.map((c) => c.medianHours ?? 0));
    const hours = (h: number | null) => (h === null ? t('dashboard.handoffs.notCompleted') : f.value(h, 'hours'));
    return {
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 8, bottom: 8 },
      tooltip: {
        formatter: (p: unknown) => {
          const c = cells[(p as { dataIndex: number }).dataIndex];
          const from = handoffs.departments[index.get(c.from)!].name;
          const to = handoffs.departments[index.get(c.to)!].name;
          return [
            `<b>${escapeHtml(`${from} → ${to}`)}</b>`,
            escapeHtml(`${t('dashboard.handoffs.from')}: ${from}`),
            escapeHtml(`${t('dashboard.handoffs.to')}: ${to}`),
            escapeHtml(`${t('dashboard.handoffs.count')}: ${c.count}`),
            escapeHtml(`${t('dashboard.handoffs.completed')}: ${c.completed}`),
            escapeHtml(`${t('dashboard.handoffs.median')}: ${hours(c.medianHours)}`),
            escapeHtml(`${t('dashboard.handoffs.mean')}: ${hours(c.meanHours)}`),
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: handoffs.departments.map((d) => d.name),
        splitArea: { show: true },
        axisLabel: { interval: 0, width: 100, overflow: 'break' },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: handoffs.departments.map((d) => d.name),
        splitArea: { show: true },
        axisLabel: { width: 150, overflow: 'break' },
      },
      // Cells without a completed task (no median yet) are out of range: grey.
      visualMap: { show: false, min: 0, max: maxMedian, dimension: 2, inRange: { color: ['#e6f4ff', '#69b1ff', '#0958d9'] }, outOfRange: { color: '#d9d9d9' } },
      series: [
        {
          type: 'heatmap',
          data: cells.map((c) => [index.get(c.to)!, index.get(c.from)!, c.medianHours ?? -1]),
          label: {
            show: true,
            formatter: (p: unknown) => {
              const c = cells[(p as { dataIndex: number }).dataIndex];
              return `${c.medianHours === null ? '–' : f.axis(c.medianHours, 'hours')}\n×${c.count}`;
            },
          },
          emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
          cursor: 'pointer',
        },
      ],
    };
  }, [handoffs, t, f]);
  const clicked = (dataIndex: number) => {
    const c = handoffs?.cells[dataIndex];
    if (!handoffs || !c) return;
    const dept = (id: string) => handoffs.departments.find((d) => d.id === id) ?? { id, name: id };
    onCell(dept(c.from), dept(c.to), c.count);
  };
  return (
    <Card size="small" title={t('dashboard.handoffs.title')}>
      <ChartBody
        testId="dashboard-handoffs"
        loading={loading}
        error={error}
        empty={!!handoffs && !handoffs.cells.length}
        emptyText={t('dashboard.handoffs.empty')}
      >
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.handoffs.axes')}
        </Typography.Text>
        {option && (
          <EChart
            option={option}
            height={Math.max(220, 110 + (handoffs?.departments.length ?? 0) * 40)}
            onClick={(e) => clicked(e.dataIndex)}
            testId="chart-handoffs"
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.handoffs.hint')}
          {!!handoffs?.unattributed && ` ${t('dashboard.handoffs.unattributed', { count: handoffs.unattributed })}`}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}
