import { Alert, Button, Card, Divider, Form, Input, Result, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMERGENCY_TYPES, raiseEmergency, type EmergencyType } from '../../shared/api';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { newUuid } from '../hazards/hazard';
import { useErrorText } from '../../shared/hooks';
import { useServerErrors } from '../../shared/useServerErrors';
import { navigate } from '../../router';
import { useSession } from '../../shared/session';
import { PhoneForm } from '../../shared/components/PhoneForm';
import { SwitchItem } from '../../shared/components/SwitchItem';
import { deviceOffline, enqueue, isNetworkFailure } from '../../shared/offline/outbox';
import { useOnline } from '../../shared/offline/useOutbox';
import { EmergencyPhones } from './EmergencyPhones';

interface RaiseValues {
  type: EmergencyType;
  location: string;
  orgUnitId?: string;
  injuries?: boolean;
  drill: boolean;
  description?: string;
}

const FIELDS = ['type', 'location', 'orgUnitId', 'injuries', 'drill', 'description'];
const RED = '#cf1322';

/**
 * Raise an emergency: what and where are all it needs (the rest is optional), big targets, a big
 * red button that stays in view. The emergency id is made here, once per form, so pressing again
 * after a lost answer is the same emergency, not a second alarm. Once accepted, straight on to the
 * command view. Without a network the alarm waits on the phone (sent by itself when the network
 * returns, under the same id) and the unit's emergency numbers are shown to call at once.
 */
export function EmergencyRaisePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<RaiseValues>();
  const serverErrors = useServerErrors(form, { fields: FIELDS });
  const emergencyId = useRef(newUuid());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const online = useOnline();
  const drill = Form.useWatch('drill', form) === true;

  const submit = async (v: RaiseValues) => {
    setError(null);
    setBusy(true);
    const description = v.description?.trim();
    const alarm = {
      emergencyId: emergencyId.current,
      type: v.type,
      location: v.location.trim(),
      orgUnitId: v.orgUnitId,
      drill: v.drill === true,
      ...(v.injuries === undefined ? {} : { injuries: v.injuries }),
      ...(description ? { description } : {}),
    };
    const queue = async () => {
      await enqueue({ id: alarm.emergencyId, kind: 'emergency', owner: user.id, title: `${t(`emergency.type.${v.type}`)} · ${alarm.location}`, body: alarm });
      setQueued(true);
    };
    try {
      if (deviceOffline()) return await queue();
      const r = await raiseEmergency(alarm);
      navigate(`/emergencies/${r.emergencyId}`, { replace: true });
    } catch (err) {
      if (isNetworkFailure(err)) await queue().catch(() => setError(`${errorText(err)} ${t('emergencyRaise.failed')}`));
      else setError(serverErrors(err, (e) => `${errorText(e)} ${t('emergencyRaise.failed')}`));
    } finally {
      setBusy(false);
    }
  };

  if (queued)
    return (
      <Space direction="vertical" size={16} style={{ maxWidth: 560, margin: '0 auto', display: 'flex' }} data-testid="emergency-queued">
        <Card style={{ borderColor: RED, borderWidth: 2 }} styles={{ body: { padding: 16 } }}>
          <Result
            status="warning"
            title={t('emergencyRaise.queued')}
            subTitle={t('emergencyRaise.queuedHint')}
            extra={
              <Button
                href="/outbox"
                onClick={(e) => {
                  e.preventDefault();
                  navigate('/outbox');
                }}
                data-testid="show-queue"
              >
                {t('emergencyRaise.showQueue')}
              </Button>
            }
            style={{ padding: 8 }}
          />
        </Card>
        <EmergencyPhones prominent />
      </Space>
    );

  return (
    <Card
      title={<span style={{ color: RED }}>{t('emergencyRaise.title')}</span>}
      style={{ maxWidth: 560, margin: '0 auto', borderColor: RED, borderWidth: 2 }}
      styles={{ body: { padding: 16 } }}
      data-testid="emergency-raise"
    >
      <Typography.Paragraph type="secondary">{t('emergencyRaise.hint')}</Typography.Paragraph>
      {!online && (
        <>
          <Alert type="error" showIcon title={t('emergencyRaise.offlineNow')} style={{ marginBottom: 12 }} data-testid="emergency-offline" />
          <div style={{ marginBottom: 16 }}>
            <EmergencyPhones prominent />
          </div>
        </>
      )}
      <PhoneForm<RaiseValues> form={form} testId="emergency-raise-form" initialValues={{ orgUnitId: user.orgUnitId, drill: false }} onSubmit={submit}>
        <Form.Item name="type" label={t('emergencyRaise.type')} rules={[{ required: true, message: t('emergencyRaise.typeRequired') }]}>
          <TypePicker />
        </Form.Item>
        <Form.Item
          name="location"
          label={t('emergencyRaise.location')}
          rules={[{ required: true, whitespace: true, message: t('emergencyRaise.locationRequired') }, { max: 200 }]}
        >
          <Input data-testid="emergency-location" maxLength={200} placeholder={t('emergencyRaise.locationPlaceholder')} autoComplete="off" />
        </Form.Item>
        <Divider plain style={{ margin: '8px 0 16px' }}>
          <Typography.Text type="secondary">{t('emergencyRaise.optional')}</Typography.Text>
        </Divider>
        <Form.Item name="injuries" label={t('emergencyRaise.injuries')}>
          <YesNo yes={t('emergencyRaise.injuriesYes')} no={t('emergencyRaise.injuriesNo')} testId="emergency-injuries" />
        </Form.Item>
        <Form.Item name="description" label={t('emergencyRaise.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea data-testid="emergency-description" rows={3} maxLength={5000} placeholder={t('emergencyRaise.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('emergencyRaise.where')} extra={t('emergencyRaise.whereHint')}>
          <OrgUnitSelect size="large" testId="emergency-org-unit" />
        </Form.Item>
        <SwitchItem name="drill" label={t('emergencyRaise.drill')} extra={t('emergencyRaise.drillHint')} testId="emergency-drill" />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="emergency-raise-error" />}
        {/* Stays at the bottom of the screen while the optional fields scroll by: type, location, press. */}
        <div style={{ position: 'sticky', bottom: 0, zIndex: 2, background: '#fff', padding: '8px 0', margin: '0 -4px', paddingInline: 4 }}>
          <Button
            type="primary"
            danger
            htmlType="submit"
            block
            size="large"
            loading={busy}
            data-testid="emergency-submit"
            style={{ minHeight: 64, fontSize: 20, fontWeight: 700, letterSpacing: 1 }}
          >
            {drill ? t('emergencyRaise.submitDrill') : t('emergencyRaise.submit')}
          </Button>
        </div>
      </PhoneForm>
      {online && (
        <div style={{ marginTop: 16 }}>
          <EmergencyPhones />
        </div>
      )}
    </Card>
  );
}

/** The emergency types as big buttons: two columns on a phone, three on a wide screen. */
function TypePicker({ value, onChange }: { value?: EmergencyType; onChange?: (v: EmergencyType) => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="radiogroup"
      aria-label={t('emergencyRaise.type')}
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 8 }}
    >
      {EMERGENCY_TYPES.map((c) => (
        <Button
          key={c}
          role="radio"
          aria-checked={value === c}
          type={value === c ? 'primary' : 'default'}
          danger={value === c}
          onClick={() => onChange?.(c)}
          data-testid={`emergency-type-${c}`}
          style={{ minHeight: 56, whiteSpace: 'normal', height: 'auto', fontWeight: 600 }}
        >
          {t(`emergency.type.${c}`)}
        </Button>
      ))}
    </div>
  );
}

/** Two big buttons; no answer until one is pressed. */
function YesNo({ value, onChange, yes, no, testId }: { value?: boolean; onChange?: (v: boolean) => void; yes: string; no: string; testId: string }) {
  return (
    <div role="radiogroup" style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }} data-testid={testId}>
      {([true, false] as const).map((v) => (
        <Button
          key={String(v)}
          role="radio"
          aria-checked={value === v}
          type={value === v ? 'primary' : 'default'}
          danger={v && value === v}
          onClick={() => onChange?.(v)}
          data-testid={`${testId}-${v ? 'yes' : 'no'}`}
          style={{ minHeight: 48 }}
        >
          {v ? yes : no}
        </Button>
      ))}
    </div>
  );
}
