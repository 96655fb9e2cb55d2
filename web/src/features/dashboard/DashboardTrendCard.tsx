import { Card, Segmented, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardTrend, TrendGranularity } from '../../shared/api';
import type { ChartOption } from '../../shared/components/EChart';
import { useFigureText } from './useFigureText';
import { ChartBody, EChart, escapeHtml, PRIMARY } from './DashboardChart';

/** A KPI's trend by month or week; a point opens its records. */
export function TrendCard({
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
        {option && <EChart option={option} height={300} onClick={(e) => onPoint(e.dataIndex)} testId="chart-trend" ariaLabel={t('dashboard.trend.title')} />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.trend.hint')}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}
