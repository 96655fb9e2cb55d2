import { Alert, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { acknowledgeAlert, type AlertRecord, type AlertView } from '../../shared/api';
import { useLabel } from '../../i18n';
import { alertRecordLink } from '../../shared/operations';
import { Link } from '../../router';

/** A short, readable name of a record behind an alert (ids are long). */
function recordName(r: AlertRecord): string {
  if (r.type === 'score') return r.id.replace(/^.*#(\d+)\/(\w+)\/(.{8}).*$/, 'v$1 · $2 $3…');
  if (r.type === 'task') return r.id.length > 40 ? `${r.id.slice(0, 40)}…` : r.id;
  return r.id.length > 12 ? `${r.id.slice(0, 8)}…` : r.id;
}

/**
 * The records behind an alert, each linked where it can be read: a hazard or emergency its page,
 * a score its report, anything else with a process the auditor's history of that process.
 */
export function AlertRecords({ records, limit }: { records: AlertRecord[]; limit?: number }) {
  const { t } = useTranslation();
  const label = useLabel();
  const shown = limit ? records.slice(0, limit) : records;
  if (!records.length) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} data-testid="alert-records">
      {shown.map((r) => {
        const to = alertRecordLink(r);
        const text = `${label(`alerts.recordType.${r.type}`, r.type)} ${recordName(r)}`;
        return (
          <span key={`${r.type}:${r.id}`} data-testid="alert-record" data-type={r.type} data-id={r.id}>
            {to ? (
              <Link to={to} title={r.id} data-testid="alert-record-link">
                {text}
              </Link>
            ) : (
              <Typography.Text title={r.id}>{text}</Typography.Text>
            )}
          </span>
        );
      })}
      {records.length > shown.length && <Typography.Text type="secondary">{t('alerts.moreRecords', { count: records.length - shown.length })}</Typography.Text>}
    </Space>
  );
}

/** The figures of an alert (count, window, category, rate …) as tags. */
export function AlertFigures({ figures }: { figures: AlertView['figures'] }) {
  const label = useLabel();
  const entries = Object.entries(figures);
  if (!entries.length) return null;
  return (
    <Space size={[4, 4]} wrap data-testid="alert-figures">
      {entries.map(([k, v]) => (
        <Tag key={k}>
          {label(`alerts.figure.${k}`, k)}: {String(v)}
        </Tag>
      ))}
    </Space>
  );
}

/** Acknowledge an open alert with an optional note. */
export function AcknowledgeModal({ alert, onClose, onDone }: { alert: AlertView; onClose: () => void; onDone: (a: AlertView) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string }>();
  const dialog = useFormDialog(form, async (v: { note?: string }) => onDone(await acknowledgeAlert(alert.id, v.note?.trim() ?? '')), {
    onClose,
    okTestId: 'alert-ack-submit',
  });

  return (
    <Modal {...dialog.modalProps} title={t('alerts.ackTitle')} okText={t('alerts.acknowledge')}>
      <Typography.Paragraph strong>{alert.title}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('alerts.ackHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('alerts.ackNote')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="alert-ack-note" />
        </Form.Item>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="alert-ack-error" />}
    </Modal>
  );
}
