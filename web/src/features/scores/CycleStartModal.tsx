import { Alert, App, Col, Form, InputNumber, Modal, Row, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { CADENCES, listRulesets, startCycle, type Cadence } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { useServerErrors } from '../../shared/useServerErrors';
import { useLabel } from '../../i18n';
import { navigate } from '../../router';
import { cyclePath, PERIOD_MAX, periodContaining, periodLabel, type PeriodParts } from './scoring';

interface StartValues {
  scopeOrgUnitId: string;
  cadence: Cadence;
  year: number;
  n: number;
  rulesetVersion?: number;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * Starts the cycle of a scope and period. The same scope and period is the same cycle, so a
 * resend (or a second start) just opens it.
 */
export function CycleStartModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<StartValues>();
  const serverErrors = useServerErrors(form, {
    fields: (name) => (name[0] === 'period' ? ['n'] : ['scopeOrgUnitId', 'rulesetVersion'].includes(String(name[0])) ? [name[0]] : null),
  });
  // Optional: without them the server takes the newest published version.
  const rulesets = (usePolledQuery(['rulesets'], async () => (await listRulesets()).items, false).data ?? []).filter((x) => x.status === 'published');
  const cadence = Form.useWatch('cadence', form) ?? 'monthly';
  const year = Form.useWatch('year', form);
  const n = Form.useWatch('n', form);
  const label_ = year && n ? periodLabel(cadence, { year, n }) : '';

  const onCadence = (c: Cadence) => {
    const p: PeriodParts = periodContaining(c, new Date());
    form.setFieldsValue({ year: p.year, n: p.n });
  };

  const dialog = useFormDialog(
    form,
    async (v: StartValues) => {
      const r = await startCycle({
        scopeOrgUnitId: v.scopeOrgUnitId,
        period: periodLabel(v.cadence, v),
        ...(v.rulesetVersion ? { rulesetVersion: v.rulesetVersion } : {}),
      });
      if (!r.created) void message.info(t('cycleStart.exists'));
      navigate(cyclePath(r.cycleId));
    },
    { onClose, okTestId: 'cycle-start-submit', errorOf: serverErrors },
  );

  const now = periodContaining('monthly', new Date());
  const required = (field: string) => ({ required: true, message: t('completeModal.required', { field }) });
  return (
    <Modal {...dialog.modalProps} title={t('cycleStart.title')} okText={t('cycleStart.submit')} mask={{ closable: false }}>
      <Typography.Paragraph type="secondary">{t('cycleStart.hint')}</Typography.Paragraph>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 16 }} data-testid="cycle-start-error" />}
      <Form<StartValues> form={form} layout="vertical" initialValues={{ cadence: 'monthly', year: now.year, n: now.n }} data-testid="cycle-start-form">
        <Form.Item name="scopeOrgUnitId" label={t('cycleStart.scope')} extra={t('cycleStart.scopeHint')} rules={[required(t('cycleStart.scope'))]}>
          <OrgUnitSelect testId="cycle-start-scope" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={9}>
            <Form.Item name="cadence" label={t('cycleStart.cadence')} rules={[required(t('cycleStart.cadence'))]}>
              <Select<Cadence>
                data-testid="cycle-start-cadence"
                onChange={onCadence}
                options={CADENCES.map((c) => ({ value: c, label: label(`scoring.cadence.${c}`, c) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={7}>
            <Form.Item name="year" label={t('cycleStart.year')} rules={[required(t('cycleStart.year'))]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="cycle-start-year" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="n"
              label={t(`cycleStart.n.${cadence}`)}
              rules={[required(t(`cycleStart.n.${cadence}`)), { type: 'number', min: 1, max: PERIOD_MAX[cadence] }]}
            >
              {cadence === 'weekly' ? (
                <InputNumber min={1} max={53} precision={0} style={{ width: '100%' }} data-testid="cycle-start-n" />
              ) : (
                <Select<number>
                  data-testid="cycle-start-n"
                  options={(cadence === 'monthly' ? MONTHS : [1, 2, 3, 4]).map((m) => ({
                    value: m,
                    label:
                      cadence === 'monthly'
                        ? new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m - 1, 1)))
                        : `Q${m}`,
                  }))}
                />
              )}
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('cycleStart.period')}>
          <Tag color="blue" style={{ fontSize: 14, padding: '2px 10px' }} data-testid="cycle-start-period" data-period={label_}>
            {label_ || t('common.none')}
          </Tag>
        </Form.Item>
        <Form.Item name="rulesetVersion" label={t('cycleStart.ruleset')} extra={t('cycleStart.rulesetHint')}>
          <Select<number>
            allowClear
            placeholder={t('cycleStart.rulesetDefault')}
            data-testid="cycle-start-ruleset"
            options={rulesets.map((r) => ({ value: r.version, label: `v${r.version} · ${r.note}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
