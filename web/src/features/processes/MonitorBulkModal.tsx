import { Alert, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, cancelProcesses, reassignProcesses, type BulkResult, type MonitorItem } from '../../shared/api';
import { useErrorText } from '../../shared/hooks';
import { testId } from '../../shared/testIds';
import { UserSearchSelect } from './UserSearchSelect';

/** Cancel (with a reason) or reassign the selected processes; then one line per process: done, or why not. */
export function MonitorBulkModal({
  kind,
  items,
  onClose,
  onDone,
}: {
  kind: 'cancel' | 'reassign';
  items: MonitorItem[];
  onClose: () => void;
  onDone: (results: BulkResult[]) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ reason?: string; toUserId?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  // The rows as they were when the dialog opened: the list refreshes (and drops cancelled rows) behind it.
  const [targets] = useState(items);
  const subject = new Map(targets.map((i) => [i.workflowId, i.subject]));

  const submit = async () => {
    let v: { reason?: string; toUserId?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ids = targets.map((i) => i.workflowId);
      const r = kind === 'cancel' ? await cancelProcesses(ids, v.reason!.trim()) : await reassignProcesses(ids, v.toUserId!);
      setResults(r.results);
      onDone(r.results);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) setError(err.details.map((d) => d.message).join(' '));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const title = kind === 'cancel' ? t('monitor.cancelTitle', { count: targets.length }) : t('monitor.reassignTitle', { count: targets.length });
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => (results ? onClose() : void submit())}
      okText={results ? t('common.close') : kind === 'cancel' ? t('monitor.cancelSubmit') : t('monitor.reassignSubmit')}
      okButtonProps={{ danger: kind === 'cancel' && !results, ...({ 'data-testid': 'bulk-submit' } as Record<string, string>) }}
      cancelButtonProps={results ? { style: { display: 'none' } } : undefined}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={600}
    >
      <div data-testid="bulk-dialog" data-kind={kind}>
        {results ? (
          <>
            <Alert
              type={results.every((r) => r.ok) ? 'success' : results.some((r) => r.ok) ? 'warning' : 'error'}
              showIcon
              title={t('monitor.resultsSummary', { ok: results.filter((r) => r.ok).length, count: results.length })}
              style={{ marginBottom: 12 }}
            />
            <List
              size="small"
              dataSource={results}
              data-testid="bulk-results"
              renderItem={(r) => (
                <List.Item key={r.workflowId} {...testId(`bulk-result-${r.workflowId}`)} data-ok={String(r.ok)}>
                  <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                    <Typography.Text>{subject.get(r.workflowId) ?? r.workflowId}</Typography.Text>
                    {r.ok && r.tasks !== undefined && <Typography.Text type="secondary">{t('monitor.resultTasks', { count: r.tasks })}</Typography.Text>}
                    {!r.ok && <Typography.Text type="danger">{r.error}</Typography.Text>}
                  </Space>
                  <Tag color={r.ok ? 'green' : 'red'}>{r.ok ? t('monitor.resultOk') : t('monitor.resultFailed')}</Tag>
                </List.Item>
              )}
            />
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{kind === 'cancel' ? t('monitor.cancelHint') : t('monitor.reassignHint')}</Typography.Paragraph>
            <ul data-testid="bulk-targets" style={{ paddingInlineStart: 20, maxHeight: 160, overflow: 'auto' }}>
              {targets.map((i) => (
                <li key={i.workflowId}>{i.subject}</li>
              ))}
            </ul>
            <Form form={form} layout="vertical">
              {kind === 'cancel' ? (
                <Form.Item
                  name="reason"
                  label={t('monitor.cancelReason')}
                  rules={[
                    { required: true, whitespace: true, message: t('monitor.cancelReasonRequired') },
                    {
                      validator: (_r, v: unknown) =>
                        typeof v === 'string' && v.trim().length < 3 ? Promise.reject(new Error(t('monitor.cancelReasonRequired'))) : Promise.resolve(),
                    },
                    { max: 500 },
                  ]}
                >
                  <Input.TextArea rows={3} maxLength={500} showCount data-testid="bulk-reason" />
                </Form.Item>
              ) : (
                <Form.Item name="toUserId" label={t('monitor.reassignTo')} rules={[{ required: true, message: t('monitor.reassignToRequired') }]}>
                  <UserSearchSelect testId="bulk-user" />
                </Form.Item>
              )}
            </Form>
            {error && <Alert type="error" showIcon title={error} data-testid="bulk-error" />}
          </>
        )}
      </div>
    </Modal>
  );
}
