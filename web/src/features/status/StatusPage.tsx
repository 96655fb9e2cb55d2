import { Button, Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchHealth, type HealthComponent } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';

/** Health of the database and Temporal, refreshed every 10 s (admins). */
export function StatusPage() {
  const { t } = useTranslation();
  const query = usePolledQuery(['health'], fetchHealth, 10_000);
  const health = query.error ? null : (query.data ?? null);
  const load = query.refresh;

  const tag = (c?: HealthComponent) =>
    c ? (
      <Tag color={c.status === 'ok' ? 'green' : 'red'}>
        {c.status === 'ok' ? t('status.ok', { ms: c.latencyMs }) : t('status.down', { error: c.error ?? '' })}
      </Tag>
    ) : (
      <Tag>…</Tag>
    );

  return (
    <Card title={t('status.title')} extra={<Button onClick={() => void load()}>{t('common.refresh')}</Button>} data-testid="system-status">
      <Descriptions
        column={1}
        bordered
        size="small"
        items={[
          {
            key: 'overall',
            label: t('status.overall'),
            children: health ? (
              <Tag color={health.status === 'ok' ? 'green' : 'orange'}>{t(health.status === 'ok' ? 'status.statusOk' : 'status.statusDegraded')}</Tag>
            ) : (
              '…'
            ),
          },
          { key: 'db', label: t('status.database', { detail: health?.database.detail ?? '' }), children: tag(health?.database) },
          {
            key: 'temporal',
            label: t('status.temporal', { detail: health?.temporal.detail ?? '' }),
            children: (
              <>
                {tag(health?.temporal)}{' '}
                {health?.temporal.uiUrl && (
                  <a href={health.temporal.uiUrl} target="_blank" rel="noreferrer">
                    {t('status.openTemporalUi')}
                  </a>
                )}
              </>
            ),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <a href="/api/docs" target="_blank" rel="noreferrer">
          {t('status.apiDocs')}
        </a>
      </Typography.Paragraph>
    </Card>
  );
}
