import { Card, Segmented, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardHeatmap, HeatColumns, HeatRows } from '../../shared/api';
import type { ChartOption } from '../../shared/components/EChart';
import { useFigureText } from './useFigureText';
import { ChartBody, EChart, escapeHtml } from './DashboardChart';

/** Where hazards are found: departments or areas by category or risk level; a cell opens its hazards. */
export function HeatmapCard({
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
          <EChart
            option={option}
            height={Math.max(200, 90 + (heatmap?.rows.length ?? 0) * 36)}
            onClick={(e) => clicked(e.dataIndex)}
            testId="chart-heatmap"
            ariaLabel={t('dashboard.heatmap.title')}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.heatmap.hint')}
          {!!heatmap?.hiddenRows && ` ${t('dashboard.heatmap.hiddenRows', { count: heatmap.hiddenRows })}`}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}
