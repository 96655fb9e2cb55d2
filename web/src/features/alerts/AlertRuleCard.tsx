import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALERT_SEVERITIES,
  ApiError,
  AUDIENCE_TARGETS,
  HAZARD_CATEGORIES,
  updateAlertRule,
  type AlertKind,
  type AlertRule,
  type AudienceTarget,
  type Severity,
} from '../../shared/api';
import { AlertKindTag } from '../../shared/components/OperationsTags';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { SeverityTag } from '../../shared/components/Tags';
import { nearestField, useServerErrors, type FieldName } from '../../shared/useServerErrors';
import { useLabel } from '../../i18n';
import { useLocalName } from '../../shared/names';

type ParamField =
  | { name: string; type: 'number'; step?: number }
  | { name: string; type: 'boolean' }
  | { name: string; type: 'text' }
  | { name: string; type: 'select' | 'multi'; options: readonly string[] };

/** The parameters of each kind (domain/alerts.ts ALERT_PARAM_SCHEMAS); the server validates them. */
const PARAM_FIELDS: Record<AlertKind, ParamField[]> = {
  overdue: [
    { name: 'hazards', type: 'boolean' },
    { name: 'tasks', type: 'boolean' },
    { name: 'taskOverdueHours', type: 'number' },
  ],
  low_score: [
    { name: 'threshold', type: 'number' },
    { name: 'subjectTypes', type: 'multi', options: ['person', 'department'] },
  ],
  recurring_hazard: [
    { name: 'minCount', type: 'number' },
    { name: 'windowDays', type: 'number' },
    { name: 'groupBy', type: 'select', options: ['org_unit', 'location'] },
    { name: 'categories', type: 'multi', options: HAZARD_CATEGORIES },
  ],
  incident_cluster: [
    { name: 'minCount', type: 'number' },
    { name: 'windowDays', type: 'number' },
    { name: 'groupBy', type: 'select', options: ['org_unit', 'department', 'plant'] },
    { name: 'includeSeriousFacts', type: 'boolean' },
  ],
  sla_breach_rate: [
    { name: 'threshold', type: 'number', step: 0.05 },
    { name: 'minTasks', type: 'number' },
    { name: 'timeZone', type: 'text' },
  ],
};

interface RuleValues {
  name: string;
  nameZh?: string | null;
  severity: Severity;
  audience: AudienceTarget[];
  params: Record<string, unknown>;
}

/** One alert rule: its switch, severity, parameters (per kind; a value the server rejects shows its message on the field) and audience. */
export function AlertRuleCard({
  rule,
  canEdit,
  onSaved,
  onStale,
}: {
  rule: AlertRule;
  canEdit: boolean;
  onSaved: (r: AlertRule) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const localName = useLocalName();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleValues>();
  const [busy, setBusy] = useState<'save' | 'toggle' | null>(null);
  const [error, setError] = useState<{ text: string; stale: boolean } | null>(null);
  const fields = PARAM_FIELDS[rule.kind] ?? [];
  const known = new Set(fields.map((f) => f.name));
  const isField = (name: FieldName) =>
    name.length === 1
      ? ['name', 'nameZh', 'severity', 'audience'].includes(String(name[0]))
      : name.length === 2 && name[0] === 'params' && known.has(String(name[1]));
  const serverErrors = useServerErrors(form, { fields: nearestField(isField), quiet: true });

  const send = async (change: Parameters<typeof updateAlertRule>[1], kind: 'save' | 'toggle') => {
    setBusy(kind);
    setError(null);
    try {
      const r = await updateAlertRule(rule.id, { ...change, version: rule.version });
      void message.success(t('alertRules.saved', { name: localName(r) }));
      onSaved(r);
    } catch (err) {
      const text = serverErrors(err);
      if (text) setError({ text, stale: err instanceof ApiError && err.status === 409 });
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    let v: RuleValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    // Parameters the form does not show (a newer server's) are sent back as they were.
    await send(
      { name: v.name.trim(), nameZh: v.nameZh?.trim() || null, severity: v.severity, audience: v.audience, params: { ...rule.params, ...v.params } },
      'save',
    );
  };

  return (
    <Card
      size="small"
      data-testid={`alert-rule-${rule.id}`}
      data-version={rule.version}
      data-enabled={String(rule.enabled)}
      title={
        <Space wrap size={6}>
          <Typography.Text strong>{localName(rule)}</Typography.Text>
          <AlertKindTag kind={rule.kind} />
          {!rule.valid && <Tag color="red">{t('alertRules.invalid')}</Tag>}
        </Space>
      }
      extra={
        <Space size={8}>
          <Typography.Text type="secondary">{rule.enabled ? t('alertRules.enabled') : t('alertRules.disabled')}</Typography.Text>
          <Switch
            checked={rule.enabled}
            disabled={!canEdit}
            loading={busy === 'toggle'}
            onChange={(on) => void send({ enabled: on }, 'toggle')}
            data-testid="rule-enabled"
          />
        </Space>
      }
    >
      <Form<RuleValues>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={{ name: rule.name, nameZh: rule.nameZh, severity: rule.severity, audience: rule.audience, params: rule.params }}
        onFinish={() => void save()}
      >
        <Row gutter={12}>
          <Col xs={24} md={10}>
            <Form.Item
              name="name"
              label={t('alertRules.name')}
              rules={[{ required: true, whitespace: true, message: t('completeModal.required', { field: t('alertRules.name') }) }, { max: 200 }]}
            >
              <Input maxLength={200} data-testid="rule-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="nameZh" label={t('alertRules.nameZh')} rules={[{ max: 200 }]}>
              <Input maxLength={200} data-testid="rule-name-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="severity" label={t('alertRules.severity')}>
              <Select<Severity> options={ALERT_SEVERITIES.map((s) => ({ value: s, label: <SeverityTag severity={s} /> }))} data-testid="rule-severity" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name="audience"
              label={t('alertRules.audience')}
              rules={[{ required: true, type: 'array', min: 1, message: t('alertRules.audienceRequired') }]}
            >
              <Checkbox.Group
                options={AUDIENCE_TARGETS.map((a) => ({ value: a, label: label(`alertRules.audienceTarget.${a}`, a) }))}
                data-testid="rule-audience"
              />
            </Form.Item>
          </Col>
        </Row>
        <ParamFields kind={rule.kind} fields={fields} />
        {error && (
          <Alert
            type="error"
            showIcon
            title={error.text}
            style={{ marginBottom: 12 }}
            data-testid="rule-error"
            action={
              error.stale ? (
                <Button size="small" onClick={onStale}>
                  {t('alertRules.reload')}
                </Button>
              ) : undefined
            }
          />
        )}
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('alertRules.version', { version: rule.version, by: rule.updatedBy })} · <RelativeTime iso={rule.updatedAt} />
          </Typography.Text>
          {canEdit && (
            <Button type="primary" htmlType="submit" loading={busy === 'save'} data-testid="rule-save">
              {t('alertRules.save')}
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}

/** The parameters of a rule's kind, each with the input its type takes. */
function ParamFields({ kind, fields }: { kind: AlertKind; fields: ParamField[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const optionLabel = (field: string, v: string) => label([`alertRules.option.${field}.${v}`, `hazard.category.${v}`, `alertRules.option.${v}`], v);
  return (
    <Row gutter={12} data-testid="rule-params">
      {fields.map((f) => (
        <Col key={f.name} xs={24} sm={12} md={6}>
          <Form.Item
            name={['params', f.name]}
            label={label(`alertRules.param.${f.name}`, f.name)}
            tooltip={label(`alertRules.paramHelp.${kind}.${f.name}`, '') || undefined}
            valuePropName={f.type === 'boolean' ? 'checked' : 'value'}
          >
            {f.type === 'number' ? (
              <InputNumber<number> step={f.step} style={{ width: '100%' }} data-testid={`param-${f.name}`} />
            ) : f.type === 'boolean' ? (
              <Switch data-testid={`param-${f.name}`} />
            ) : f.type === 'text' ? (
              <Input data-testid={`param-${f.name}`} />
            ) : (
              <Select<string | string[]>
                mode={f.type === 'multi' ? 'multiple' : undefined}
                allowClear={f.type === 'multi'}
                placeholder={f.type === 'multi' ? t('alertRules.any') : undefined}
                options={f.options.map((o) => ({ value: o, label: optionLabel(f.name, o) }))}
                data-testid={`param-${f.name}`}
              />
            )}
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}
