import { Card, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardHandoffs } from '../../shared/api';
import type { ChartOption } from '../../shared/components/EChart';
import { useFigureText } from './useFigureText';
import { ChartBody, EChart, escapeHtml } from './DashboardChart';

/** How long handoffs between departments take; a cell opens its tasks. */
export function HandoffCard({
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
            ariaLabel={t('dashboard.handoffs.title')}
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
