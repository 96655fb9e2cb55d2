import { Card, Segmented, Space, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardRanking, RankBy, RankOrder } from '../../shared/api';
import type { ChartOption } from '../../shared/components/EChart';
import { useFigureText } from './useFigureText';
import { ChartBody, EChart, escapeHtml, PRIMARY } from './DashboardChart';

/** Departments or people ranked by a KPI, best or worst first; a bar opens its records. */
export function RankingCard({
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
        {option && (
          <EChart
            option={option}
            height={Math.max(200, 40 + items.length * 34)}
            onClick={(e) => onBar(e.dataIndex)}
            testId="chart-ranking"
            ariaLabel={t('dashboard.ranking.title')}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dashboard.ranking.hint')}
          {ranking && ranking.total > items.length && ` ${t('dashboard.ranking.shown', { shown: items.length, total: ranking.total })}`}
        </Typography.Text>
      </ChartBody>
    </Card>
  );
}
