import { Alert, App, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addEmergencyProgress, type Emergency, type EmergencyLive, type ResponseKind, type TaskView } from '../../shared/api';
import { newClientId } from '../../shared/clientId';
import { useErrorText } from '../../shared/hooks';
import { hasRole, useSession } from '../../shared/session';

/** Progress notes: the responding departments about their response, the safety hub about anything. */
export function EmergencyProgressCard({
  emergency,
  live,
  tasks,
  onDone,
}: {
  emergency: Emergency;
  live: EmergencyLive;
  tasks: TaskView[];
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ text: string; response?: ResponseKind | '' }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One id per note: sending it again after an error or a timeout records it once; a new note gets a new one.
  const [clientId, setClientId] = useState(newClientId);
  const hub = hasRole(user, 'safety_officer', 'admin');
  const mine = live.responses.filter(
    (r) =>
      r.status !== 'done' &&
      (r.orgUnitId === user.orgUnitId || tasks.some((x) => x.id === r.taskId && (x.actions.canClaim || x.actions.canComplete || x.actions.canUnclaim))),
  );
  if (!hub && mine.length === 0) return null;
  const choices = (hub ? live.responses.filter((r) => r.status !== 'done') : mine).map((r) => r.kind);

  const submit = async (v: { text: string; response?: ResponseKind | '' }) => {
    setError(null);
    setBusy(true);
    try {
      await addEmergencyProgress(emergency.id, v.text.trim(), v.response || undefined, clientId);
      setClientId(newClientId());
      form.resetFields();
      void message.success(t('emergencyDetail.progressAdded'));
      await onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('emergencyDetail.progress')} size="small" data-testid="emergency-progress">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="progress-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ response: '' }}>
        <Form.Item name="response" label={t('emergencyDetail.progressAbout')}>
          <Select
            data-testid="progress-response"
            options={[
              { value: '', label: hub ? t('emergencyDetail.progressGeneral') : t('emergencyDetail.progressAuto') },
              ...choices.map((k) => ({ value: k, label: t(`emergency.step.${k}`) })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('emergencyDetail.progressText')}
          rules={[{ required: true, whitespace: true, message: t('emergencyDetail.progressRequired') }, { max: 5000 }]}
        >
          <Input.TextArea rows={2} maxLength={5000} data-testid="progress-text" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="progress-submit">
          {t('emergencyDetail.progressSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
