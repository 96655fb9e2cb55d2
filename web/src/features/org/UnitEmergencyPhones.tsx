import { Alert, Button, Card, Empty, Form, Input, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchUnitEmergencyPhones, setUnitEmergencyPhones, type EmergencyPhone } from '../../shared/api';
import { useErrorText } from '../../shared/hooks';
import { usePolledQuery } from '../../shared/query';

const MAX_PHONES = 12;

/**
 * A unit's emergency numbers: whoever raises an emergency in it is shown these and those of the
 * units above it, at once and offline. Org writers keep them here.
 */
export function UnitEmergencyPhones({ unitId }: { unitId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const key = ['unit-emergency-phones', unitId];
  const { data } = usePolledQuery(key, () => fetchUnitEmergencyPhones(unitId), false);
  const [form] = Form.useForm<{ phones: EmergencyPhone[] }>();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chinese = i18n.language.toLowerCase().startsWith('zh');
  const labelOf = (p: EmergencyPhone) => (chinese ? p.label : p.labelEn);

  const save = async () => {
    let v: { phones?: EmergencyPhone[] };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(key, await setUnitEmergencyPhones(unitId, v.phones ?? []));
      setEditing(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (!data) return <Card size="small" title={t('org.phones.title')} loading />;
  const open = editing === unitId;
  const required = (field: string) => ({ required: true, whitespace: true, message: t('org.phones.required', { field }) });
  return (
    <Card
      size="small"
      title={t('org.phones.title')}
      data-testid="unit-emergency-phones"
      extra={
        data.canEdit && !open ? (
          <Button
            size="small"
            onClick={() => {
              form.setFieldsValue({ phones: data.phones });
              setError(null);
              setEditing(unitId);
            }}
            data-testid="phones-edit"
          >
            {t('org.phones.edit')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('org.phones.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="phones-error" />}
      {open ? (
        <Form form={form} layout="vertical" onFinish={() => void save()}>
          <Form.List name="phones">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="start" data-testid="phone-row">
                    <Form.Item name={[f.name, 'label']} label={t('org.phones.label')} rules={[required(t('org.phones.label')), { max: 100 }]}>
                      <Input maxLength={100} placeholder="安全环保部 24h 值班" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'labelEn']} label={t('org.phones.labelEn')} rules={[required(t('org.phones.labelEn')), { max: 100 }]}>
                      <Input maxLength={100} placeholder="Safety duty (24 h)" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'number']}
                      label={t('org.phones.number')}
                      rules={[required(t('org.phones.number')), { pattern: /^\+?\d[\d\s-]{1,30}\d$/, message: t('org.phones.badNumber') }]}
                    >
                      <Input inputMode="tel" maxLength={34} placeholder="0512-6283 1110" />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button onClick={() => remove(f.name)} aria-label={t('org.phones.remove')}>
                        {t('org.phones.remove')}
                      </Button>
                    </Form.Item>
                  </Space>
                ))}
                <Button onClick={() => add({ label: '', labelEn: '', number: '' })} disabled={fields.length >= MAX_PHONES} data-testid="phones-add">
                  {t('org.phones.add')}
                </Button>
                <Space>
                  <Button type="primary" htmlType="submit" loading={busy} data-testid="phones-save">
                    {t('org.phones.save')}
                  </Button>
                  <Button onClick={() => setEditing(null)} disabled={busy}>
                    {t('org.phones.cancel')}
                  </Button>
                </Space>
              </Space>
            )}
          </Form.List>
        </Form>
      ) : (
        <Space orientation="vertical" size={4}>
          {data.shown.map((p) => (
            <span key={p.number} data-testid="phone-shown">
              {labelOf(p)} · <a href={`tel:${p.number.replace(/[\s-]/g, '')}`}>{p.number}</a>
              {!data.phones.some((own) => own.number === p.number) && <Typography.Text type="secondary"> {t('org.phones.inherited')}</Typography.Text>}
            </span>
          ))}
          {data.shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.phones.none')} />}
        </Space>
      )}
    </Card>
  );
}
