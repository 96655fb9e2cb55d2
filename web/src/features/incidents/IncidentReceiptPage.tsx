import { Alert, Button, Card, Form, Input, Steps, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, fetchIncidentReceipt } from '../../shared/api';
import { absoluteTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { setSearchParams, useLocation } from '../../router';
import { IncidentStatusTag } from './IncidentTags';
import { normaliseReceiptCode, RECEIPT_CODE_RE } from './receiptCode';

/** Anyone signed in types a receipt code and sees how far that report got (nothing about who reported it). */
export function IncidentReceiptPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { search } = useLocation();
  const code = normaliseReceiptCode(search.get('code') ?? '');
  const valid = RECEIPT_CODE_RE.test(code);
  const q = useQuery({ queryKey: ['incidentReceipt', code], queryFn: () => fetchIncidentReceipt(code), enabled: valid, retry: false });
  const r = q.data;
  const when = (iso: string | null) => (iso ? absoluteTime(iso, i18n.language) : t('incidentReceipt.pending'));
  const done = (iso: string | null) => (iso ? ('finish' as const) : ('wait' as const));

  return (
    <Card title={t('incidentReceipt.title')} style={{ maxWidth: 560, margin: '0 auto' }} data-testid="incident-receipt-page">
      <Form
        layout="vertical"
        size="large"
        key={code}
        initialValues={{ code }}
        onFinish={(v: { code: string }) => setSearchParams({ code: normaliseReceiptCode(v.code) })}
      >
        <Form.Item
          name="code"
          label={t('incidentReceipt.code')}
          rules={[
            {
              validator: (_r, v: string | undefined) =>
                RECEIPT_CODE_RE.test(normaliseReceiptCode(v ?? '')) ? Promise.resolve() : Promise.reject(new Error(t('incidentReceipt.codeInvalid'))),
            },
          ]}
        >
          <Input data-testid="receipt-code" autoComplete="off" autoCapitalize="characters" style={{ fontFamily: 'monospace', letterSpacing: 2 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={q.isFetching} data-testid="receipt-look-up" style={{ minHeight: 48 }}>
          {t('incidentReceipt.lookUp')}
        </Button>
      </Form>
      {q.error && (
        <Alert
          type={q.error instanceof ApiError && q.error.status === 404 ? 'warning' : 'error'}
          showIcon
          style={{ marginTop: 16 }}
          data-testid="receipt-error"
          title={q.error instanceof ApiError && q.error.status === 404 ? t('incidentReceipt.notFound') : errorText(q.error)}
        />
      )}
      {r && (
        <div style={{ marginTop: 24 }} data-testid="receipt-result">
          <Typography.Title level={5} data-testid="receipt-title">
            {r.title}
          </Typography.Title>
          <div style={{ marginBottom: 12 }}>
            <Tag>{t(`incident.kind.${r.kind}`)}</Tag>
            <IncidentStatusTag status={r.status} />
          </div>
          <Steps
            orientation="vertical"
            size="small"
            items={[
              { title: t('incidentReceipt.reportedAt'), content: when(r.reportedAt), status: 'finish' },
              { title: t('incidentReceipt.classifiedAt'), content: when(r.classifiedAt), status: done(r.classifiedAt) },
              { title: t('incidentReceipt.investigatedAt'), content: when(r.investigatedAt), status: done(r.investigatedAt) },
              {
                title: t('incidentReceipt.actions'),
                content: `${r.actionsVerified} / ${r.actionsTotal}`,
                status: r.actionsTotal > 0 && r.actionsVerified === r.actionsTotal ? 'finish' : 'wait',
              },
              { title: t('incidentReceipt.closedAt'), content: when(r.closedAt), status: done(r.closedAt) },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
