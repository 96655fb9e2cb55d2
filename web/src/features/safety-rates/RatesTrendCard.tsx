import { Card, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartOption } from '../../shared/components/EChart';
import { ChartBody, EChart, escapeHtml, PRIMARY } from '../dashboard/DashboardChart';
import { RATES, type RateName, type SafetyRates, type SafetyRatesMonth } from './api';
import { useRateText } from './useRateText';

const COLORS: Record<RateName, string> = { trir: PRIMARY, ltifr: '#d48806', severityRate: '#cf1322' };

/**
 * The rates month by month (TRIR and LTIFR on the left axis, the severity rate, a larger number,
 * on the right); a point opens the incidents counted in that month's figure.
 */
export function RatesTrendCard({
  rates,
  loading,
  onPoint,
}: {
  rates: SafetyRates;
  loading: boolean;
  onPoint: (rate: RateName, month: SafetyRatesMonth) => void;
}) {
  const { t } = useTranslation();
  const f = useRateText();
  const months = rates.months;
  const option = useMemo<ChartOption>(() => {
    const tip = (i: number) => {
      const m = months[i];
      return [
        `<b>${escapeHtml(m.month)}</b>`,
        ...RATES.map((r) => escapeHtml(`${t(`safetyRates.rate.${r}`)}: ${f.rate(m[r])} (${f.count(r, m)})`)),
        escapeHtml(f.hours(m.hours)),
      ].join('<br/>');
    };
    return {
      animationDuration: 300,
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', formatter: (ps: unknown) => tip((ps as { dataIndex: number }[])[0]?.dataIndex ?? 0) },
      legend: { top: 0, data: RATES.map((r) => t(`safetyRates.rate.${r}`)) },
      xAxis: { type: 'category', data: months.map((m) => m.month), boundaryGap: false },
      yAxis: [
        { type: 'value', min: 0 },
        { type: 'value', min: 0, splitLine: { show: false } },
      ],
      series: RATES.map((r) => ({
        name: t(`safetyRates.rate.${r}`),
        type: 'line' as const,
        yAxisIndex: r === 'severityRate' ? 1 : 0,
        data: months.map((m) => m[r]),
        connectNulls: false,
        symbolSize: 8,
        itemStyle: { color: COLORS[r] },
        lineStyle: { width: 2, ...(r === 'severityRate' ? { type: 'dashed' as const } : {}) },
      })),
    };
  }, [months, t, f]);
  return (
    <Card size="small" title={t('safetyRates.trend')}>
      <ChartBody testId="safety-rates-trend" loading={loading} error={null} empty={months.length === 0} emptyText={t('safetyRates.noHours')}>
        <EChart option={option} height={300} onClick={(e) => onPoint(RATES[e.seriesIndex ?? 0], months[e.dataIndex])} testId="chart-safety-rates" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('safetyRates.trendHint')}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}
