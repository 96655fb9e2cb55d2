import { Alert, Empty } from 'antd';
import { lazy, Suspense, type ComponentProps, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** ECharts is loaded with the first chart, so other pages do not carry it. */
const LazyEChart = lazy(() => import('../../shared/components/EChart').then((m) => ({ default: m.EChart })));
export function EChart(props: ComponentProps<typeof LazyEChart>) {
  return (
    <Suspense fallback={<div style={{ height: props.height ?? 320 }} />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

export const GREEN = '#389e0d';
export const RED = '#cf1322';
export const PRIMARY = '#0b6e4f';
/** Text for ECharts tooltips, which render HTML: unit names and areas come from users. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A chart card's body: the error, "nothing" or the chart; `data-loading` tells tests when the answer is in. */
export function ChartBody({
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
