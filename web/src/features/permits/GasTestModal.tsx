import { Alert, Button, Form, InputNumber, Modal, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../shared/hooks';
import { newUuid } from '../hazards/hazard';
import { GAS_KINDS, recordGasTest, type GasKind, type PermitGasTestResult } from './api';

type Readings = Partial<Record<GasKind, number | null>>;

/** Pass or fail of each reading, as the server judged it against the policy's limits. */
export function ReadingVerdicts({ readings, result }: { readings: Readings; result: Pick<PermitGasTestResult, 'failures' | 'missing'> }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="gas-verdicts">
      {GAS_KINDS.map((k) => {
        const value = readings[k];
        const failed = result.failures.some((f) => f.kind === k);
        const missing = value === undefined || value === null;
        return (
          <div key={k} data-testid={`gas-verdict-${k}`} data-passed={missing ? undefined : String(!failed)}>
            {t(`permit.gas.${k}`)}: <strong>{missing ? '—' : value}</strong>{' '}
            {missing ? (
              result.missing.includes(k) && <Tag>{t('permitDetail.missing')}</Tag>
            ) : (
              <Tag color={failed ? 'red' : 'green'}>{failed ? t('permitDetail.fail') : t('permitDetail.pass')}</Tag>
            )}
          </div>
        );
      })}
    </Space>
  );
}

/** Record a gas test on site: the four readings, then the verdict per reading and what it did to the permit. */
export function GasTestModal({ permitId, open, onClose }: { permitId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Readings>();
  const testId = useRef(newUuid());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ readings: Readings; answer: PermitGasTestResult } | null>(null);

  const close = () => {
    form.resetFields();
    setResult(null);
    setError(null);
    testId.current = newUuid(); // the next test is a new one; a resend of this one kept its id
    onClose();
  };

  const submit = async (v: Readings) => {
    const readings = Object.fromEntries(GAS_KINDS.flatMap((k) => (typeof v[k] === 'number' ? [[k, v[k]]] : []))) as Record<GasKind, number>;
    if (Object.keys(readings).length === 0) return setError(t('permitDetail.gasTestAtLeastOne'));
    setError(null);
    setBusy(true);
    try {
      const answer = await recordGasTest(permitId, { testId: testId.current, readings });
      setResult({ readings, answer });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('permitDetail.gasTestTitle')}
      onCancel={close}
      destroyOnHidden
      footer={
        result ? (
          <Button size="large" type="primary" onClick={close} data-testid="gas-test-close">
            {t('permitDetail.close')}
          </Button>
        ) : (
          <Button size="large" type="primary" loading={busy} onClick={() => form.submit()} data-testid="gas-test-submit">
            {t('permitDetail.gasTestSave')}
          </Button>
        )
      }
    >
      {result ? (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="gas-test-result" data-passed={String(result.answer.passed)}>
          <Alert
            type={result.answer.passed ? 'success' : 'error'}
            showIcon
            title={result.answer.passed ? t('permitDetail.gasTestPassed') : t('permitDetail.gasTestFailed')}
            description={t(`permitDetail.gasEffect.${result.answer.effect}`)}
          />
          <ReadingVerdicts readings={result.readings} result={result.answer} />
        </Space>
      ) : (
        <Form<Readings> form={form} layout="vertical" size="large" data-testid="gas-test-form" onFinish={(v) => void submit(v)}>
          {GAS_KINDS.map((k) => (
            <Form.Item key={k} name={k} label={t(`permit.gas.${k}`)} style={{ marginBottom: 12 }}>
              <InputNumber min={0} max={1_000_000} step={0.1} inputMode="decimal" style={{ width: '100%' }} data-testid={`gas-${k}`} />
            </Form.Item>
          ))}
          {error && <Alert type="error" showIcon title={error} data-testid="gas-test-error" />}
        </Form>
      )}
    </Modal>
  );
}
