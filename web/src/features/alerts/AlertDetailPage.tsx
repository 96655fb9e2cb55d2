import { App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAlert } from '../../shared/api';
import { DetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { isMissing, useDetail } from '../../shared/useDetail';
import { AcknowledgeModal, AlertFigures, AlertRecords } from './AlertParts';
import { AlertKindTag, AlertStatusTag } from '../../shared/components/OperationsTags';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { SeverityTag } from '../../shared/components/Tags';
import { absoluteTime } from '../../shared/format';
import { DetailHeaderCard } from '../../shared/components/DetailHeaderCard';

/** One alert (the link its notification carries): what fired, the records behind it, its state; Acknowledge. */
export function AlertDetailPage({ alertId }: { alertId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const query = useDetail({ key: ['alert', alertId], load: () => fetchAlert(alertId), pollMs: false, notFound: isMissing });
  const [acking, setAcking] = useState(false);
  if (!query.data) return <DetailPlaceholder detail={query} notFound={t('alerts.notFound')} listPath="/alerts" backToList={t('alerts.backToList')} />;

  const a = query.data;
  const at = (iso: string | null) => (iso ? absoluteTime(iso, i18n.language) : t('common.none'));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="alert-detail" data-status={a.status} data-kind={a.kind}>
      <DetailHeaderCard
        list="alerts"
        title={a.title}
        titleTestId="alert-title"
        tags={
          <>
            <span data-testid="alert-severity" data-severity={a.severity}>
              <SeverityTag severity={a.severity} />
            </span>
            <AlertStatusTag status={a.status} />
            {a.status === 'open' && (
              <Button type="primary" size="small" onClick={() => setAcking(true)} data-testid="alert-ack">
                {t('alerts.acknowledge')}
              </Button>
            )}
          </>
        }
      >
        <Typography.Paragraph data-testid="alert-summary">{a.summary}</Typography.Paragraph>
        <AlertFigures figures={a.figures} />
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          style={{ marginTop: 16 }}
          items={[
            { key: 'kind', label: t('alerts.colKind'), children: <AlertKindTag kind={a.kind} /> },
            { key: 'rule', label: t('alerts.rule'), children: t('alerts.ruleVersion', { name: a.ruleName, version: a.ruleVersion }) },
            { key: 'unit', label: t('alerts.colUnit'), children: a.orgUnitName ?? t('common.none') },
            { key: 'recipients', label: t('alerts.recipients'), children: a.recipientCount },
            { key: 'fired', label: t('alerts.colFired'), children: at(a.firstFiredAt) },
            {
              key: 'sweep',
              label: t('alerts.firedBy'),
              children: (
                <Space size={8} wrap>
                  <Typography.Text code>{a.firedBy}</Typography.Text>
                  <ProcessHistoryLink workflowId={a.firedBy} asText />
                </Space>
              ),
            },
            ...(a.acknowledgedAt
              ? [
                  {
                    key: 'ack',
                    label: t('alerts.acknowledged'),
                    children: <span data-testid="alert-ack-by">{t('alerts.ackAt', { name: a.acknowledgedBy ?? '?', time: at(a.acknowledgedAt) })}</span>,
                  },
                  { key: 'note', label: t('alerts.ackNote'), children: <span data-testid="alert-ack-note-text">{a.acknowledgeNote ?? t('common.none')}</span> },
                ]
              : []),
            ...(a.resolvedAt ? [{ key: 'resolved', label: t('alerts.resolvedAt'), children: at(a.resolvedAt) }] : []),
          ]}
        />
      </DetailHeaderCard>
      <Card title={t('alerts.records', { count: a.records.length })} size="small">
        <Typography.Paragraph type="secondary">{t('alerts.recordsHint')}</Typography.Paragraph>
        <AlertRecords records={a.records} />
      </Card>
      {acking && (
        <AcknowledgeModal
          alert={a}
          onClose={() => setAcking(false)}
          onDone={(updated) => {
            setAcking(false);
            query.setData(updated);
            void message.success(t('alerts.acknowledgedMessage'));
          }}
        />
      )}
    </Space>
  );
}
