import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Grid, Typography, type TableColumnsType } from 'antd';
import { CardTable } from '../../shared/components/CardTable';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchIncident, type IncidentSummary } from '../../shared/api';
import { StrongLink } from '../../shared/components/Cells';
import { absoluteTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { testId } from '../../shared/testIds';
import { IncidentStatusTag } from '../incidents/IncidentTags';
import type { RateFigures, RateName } from './api';
import { useRateText } from './useRateText';

/** A figure clicked: the rate, its month (null: the whole range) and the incidents counted in it. */
export interface RatesDrill {
  rate: RateName;
  month: string | null;
  range: { from: string; to: string } | null;
  ids: string[];
  figures: RateFigures;
}

/** The incidents behind a rate's figure, each linked to its page; their count is the figure's count. */
export function RatesDrillDrawer({ drill, onClose }: { drill: RatesDrill | null; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  // The last figure stays on screen while the drawer slides away.
  const [last, setLast] = useState<RatesDrill | null>(null);
  useEffect(() => {
    if (drill) setLast(drill);
  }, [drill]);
  const d = drill ?? last;
  const when = d ? (d.month ?? (d.range ? `${d.range.from} – ${d.range.to}` : '')) : '';
  return (
    <Drawer
      open={!!drill}
      onClose={onClose}
      size={screens.lg ? 900 : '100%'}
      title={d ? `${t(`safetyRates.rate.${d.rate}`)} · ${when} · ${t('safetyRates.drillTitle')}` : t('safetyRates.drillTitle')}
      destroyOnHidden
      data-testid="safety-rates-drill"
    >
      {d && <DrillBody drill={d} />}
    </Drawer>
  );
}

function DrillBody({ drill }: { drill: RatesDrill }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const f = useRateText();
  // No list route takes ids: each incident is read on its own (a figure counts a handful).
  const q = useQuery({
    queryKey: ['safety-rates-drill', drill.ids],
    queryFn: () =>
      Promise.all(
        drill.ids.map((id) =>
          fetchIncident(id).then(
            (x): IncidentSummary => x.incident,
            () => null,
          ),
        ),
      ),
    refetchOnWindowFocus: false,
  });
  // An incident that cannot be read (not in the caller's view any more) is counted, not listed.
  const rows = (q.data ?? []).filter((i): i is IncidentSummary => i !== null);
  const hidden = (q.data?.length ?? 0) - rows.length;
  const columns: TableColumnsType<IncidentSummary> = [
    { key: 'occurred', title: t('safetyRates.colOccurred'), render: (_, i) => absoluteTime(i.occurredAt, i18n.language) },
    {
      key: 'title',
      title: t('safetyRates.colTitle'),
      render: (_, i) => (
        <StrongLink to={`/incidents/${i.id}`} testId={`rates-incident-link-${i.id}`}>
          {i.title}
        </StrongLink>
      ),
    },
    { key: 'unit', title: t('safetyRates.colUnit'), dataIndex: 'orgUnitName' },
    { key: 'consequence', title: t('safetyRates.colConsequence'), render: (_, i) => (i.consequence ? t(`incident.consequence.${i.consequence}`) : '—') },
    { key: 'days', title: t('safetyRates.colDaysLost'), align: 'right', dataIndex: 'daysLost' },
    { key: 'status', title: t('safetyRates.colStatus'), render: (_, i) => <IncidentStatusTag status={i.status} /> },
  ];
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t(`safetyRates.rate.${drill.rate}`)}>
          <span data-testid="drill-rate">{f.rate(drill.figures[drill.rate])}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('safetyRates.counts')}>
          <span data-testid="drill-count">{f.count(drill.rate, drill.figures)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('safetyRates.colHours')}>{f.hours(drill.figures.hours)}</Descriptions.Item>
      </Descriptions>
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} />}
      {hidden > 0 && <Alert type="info" showIcon title={t('safetyRates.notVisible', { count: hidden })} style={{ marginBottom: 12 }} />}
      <CardTable<IncidentSummary>
        loading={q.isPending}
        dataSource={rows}
        columns={columns}
        onRow={(i) => testId(`rates-incident-${i.id}`)}
        emptyText={<Typography.Text type="secondary">{t('safetyRates.drillEmpty')}</Typography.Text>}
      />
    </>
  );
}
