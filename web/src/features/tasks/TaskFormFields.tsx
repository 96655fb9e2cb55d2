import { Alert, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography, type FormInstance, type FormRule } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionItem, ControlPlanRow, FormField, MeasureProposalRow, RiskItemRow, TaskView } from '../../shared/api';
import { assessRisk, RISK_COLORS, type RiskMatrix } from '../hazards/hazard';
import { useLabel } from '../../i18n';
import { EvidenceUpload } from '../../shared/components/Evidence';
import { OrgUnitSelect, PersonSelect } from '../../shared/components/OrgUnitSelect';
import { ControlPlanField, MeasureProposalsField, riskContextOf, RiskItemsField } from '../risk-assessments/RiskFormFields';
import { atLeastOneRow, rowItemStyle, RowsField } from './RowsField';
import * as Incident from '../incidents/IncidentFormFields';
import { useTaskLabels } from './taskLabels';

export type FieldValue =
  | string
  | number
  | boolean
  | string[]
  | Partial<ActionItem>[]
  | Partial<RiskItemRow>[]
  | Partial<MeasureProposalRow>[]
  | Partial<ControlPlanRow & { proposedByName: string }>[]
  | null
  | undefined;
export type FormValues = Record<string, FieldValue>;

/**
 * Booleans that are a decision (either answer is valid) rather than a confirmation to tick: shown
 * as two buttons, labelled `taskOption.<taskType>.<field>.true|false`.
 */
export const DECISION_FIELDS = new Set(['passed', 'approved', 'effective']);

/** Fields that become required by another field's answer (the server checks the same). */
const REQUIRED_WHEN: Record<string, Record<string, (values: FormValues) => boolean>> = {
  'hazard.verify': { reason: (v) => v.passed === false },
  'hazard.extension_approval': { reason: () => true },
  'risk.verify': { reason: (v) => v.passed === false },
};

/** A number field with a short integer scale (1..5) is a row of buttons rather than a text box. */
const isScale = (f: FormField) => f.type === 'number' && Number.isInteger(f.min) && Number.isInteger(f.max) && f.max! - f.min! <= 9 && f.max! >= f.min!;

/** The risk level the grade will give, live while likelihood and severity are chosen. */
export function RiskPreview({ form, matrix }: { form: FormInstance<FormValues>; matrix: RiskMatrix | null }) {
  const { t } = useTranslation();
  const likelihood = Form.useWatch('likelihood', form);
  const severity = Form.useWatch('severity', form);
  if (!matrix) return null; // a task from before processes sent their matrix: the server grades
  if (typeof likelihood !== 'number' || typeof severity !== 'number') {
    return <Alert type="info" title={t('completeModal.riskPending')} data-testid="risk-preview" />;
  }
  const risk = assessRisk(likelihood, severity, matrix);
  return (
    <Alert
      type={risk.severity === 'major' ? 'error' : 'success'}
      data-testid="risk-preview"
      data-level={risk.level}
      title={
        <Space wrap size={4}>
          {t('completeModal.riskResult')}
          <Tag color={RISK_COLORS[risk.level]}>{t(`hazard.risk.${risk.level}`)}</Tag>
          <Typography.Text>
            {likelihood} × {severity} = <strong>{risk.score}</strong>
          </Typography.Text>
          <Tag color={risk.severity === 'major' ? 'red' : 'blue'}>{t(`hazard.severity.${risk.severity}`)}</Tag>
        </Space>
      }
      description={risk.severity === 'major' ? t('completeModal.majorHint') : undefined}
    />
  );
}

export function TaskFormItem({
  task,
  field,
  form,
  unitField,
  onUploading,
}: {
  task: TaskView;
  field: FormField;
  form: FormInstance<FormValues>;
  unitField: string | undefined;
  onUploading: (name: string, busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const label = useLabel();
  const fieldLabel = labels.field(task.taskType, field.name);
  const help = label(`taskHelp.${task.taskType}.${field.name}`, '') || undefined;
  const requiredWhen = REQUIRED_WHEN[task.taskType]?.[field.name];
  const allValues = Form.useWatch([], form) as FormValues | undefined;
  const unitId = Form.useWatch(unitField ?? '__none', form) as string | undefined;
  const decision = field.type === 'boolean' && DECISION_FIELDS.has(field.name);
  const riskContext = useMemo(() => riskContextOf(task), [task]);
  const required = field.required || (requiredWhen ? requiredWhen(allValues ?? {}) : false);

  const rules: FormRule[] = [];
  if (decision) {
    rules.push({
      validator: (_rule, value: FieldValue) =>
        value === true || value === false ? Promise.resolve() : Promise.reject(new Error(t('completeModal.mustChoose', { field: fieldLabel }))),
    });
  } else if (field.type === 'evidence') {
    if (field.required)
      rules.push({
        validator: (_rule, value: FieldValue) =>
          Array.isArray(value) && value.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('completeModal.needEvidence'))),
      });
  } else if (field.required) {
    rules.push(
      field.type === 'boolean'
        ? {
            validator: (_rule, value: FieldValue) =>
              value === true ? Promise.resolve() : Promise.reject(new Error(t('completeModal.mustTick', { field: fieldLabel }))),
          }
        : field.type === 'number'
          ? { required: true, type: 'number', message: t('completeModal.required', { field: fieldLabel }) } // untyped rules check for a string
          : { required: true, whitespace: true, message: t('completeModal.required', { field: fieldLabel }) },
    );
  } else if (requiredWhen) {
    rules.push(({ getFieldsValue }) => ({
      validator: (_rule, value: FieldValue) =>
        !requiredWhen(getFieldsValue() as FormValues) || (typeof value === 'string' && value.trim() !== '')
          ? Promise.resolve()
          : Promise.reject(new Error(t('completeModal.required', { field: fieldLabel }))),
    }));
  }
  if (field.maxLength) rules.push({ max: field.maxLength, message: t('completeModal.tooLong', { field: fieldLabel, max: field.maxLength }) });
  if (field.type === 'number' && (field.min !== undefined || field.max !== undefined)) {
    rules.push({
      type: 'number',
      min: field.min,
      max: field.max,
      message: t('completeModal.range', { field: fieldLabel, min: field.min ?? '…', max: field.max ?? '…' }),
    });
  }

  const testId = `field-${field.name}`;
  const itemProps = { name: field.name, label: fieldLabel, rules, required, extra: help };
  const listProps = { name: field.name, label: fieldLabel, help, required: field.required, testId };
  let input: ReactNode;
  switch (field.type) {
    case 'boolean':
      if (decision) {
        const optionLabel = (value: boolean) => {
          const raw = String(value);
          const l = labels.option(task.taskType, field.name, raw);
          return l === raw ? t(value ? 'common.yes' : 'common.no') : l;
        };
        return (
          <Form.Item {...itemProps}>
            <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid={testId}>
              <Radio.Button value={true} style={{ minWidth: 120, textAlign: 'center' }}>
                <span data-testid={`${testId}-yes`}>{optionLabel(true)}</span>
              </Radio.Button>
              <Radio.Button value={false} style={{ minWidth: 120, textAlign: 'center' }}>
                <span data-testid={`${testId}-no`}>{optionLabel(false)}</span>
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
        );
      }
      return (
        <Form.Item name={field.name} valuePropName="checked" rules={rules} required={field.required} extra={help}>
          <Checkbox data-testid={testId}>{fieldLabel}</Checkbox>
        </Form.Item>
      );
    case 'textarea':
      input = <Input.TextArea data-testid={testId} rows={3} maxLength={field.maxLength} showCount={!!field.maxLength} />;
      break;
    case 'select':
      input = (
        <Select
          data-testid={testId}
          placeholder={t('completeModal.selectPlaceholder')}
          options={(field.options ?? []).map((o) => ({ value: o, label: labels.option(task.taskType, field.name, o) }))}
        />
      );
      break;
    case 'number':
      input = isScale(field) ? (
        <Radio.Group optionType="button" buttonStyle="solid" data-testid={testId}>
          {Array.from({ length: field.max! - field.min! + 1 }, (_, i) => field.min! + i).map((n) => (
            <Radio.Button key={n} value={n} style={{ minWidth: 44, textAlign: 'center' }}>
              <span data-testid={`${testId}-${n}`}>{n}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      ) : (
        <InputNumber data-testid={testId} min={field.min} max={field.max} style={{ width: '100%' }} />
      );
      break;
    case 'datetime':
      input = <Input data-testid={testId} type="datetime-local" />;
      break;
    case 'orgUnit':
      input = <OrgUnitSelect testId={testId} />;
      break;
    case 'person':
      input = unitField ? <PersonSelect testId={testId} orgUnitId={unitId} /> : <Incident.PersonSearchSelect testId={testId} />;
      break;
    case 'actions':
      return <ActionsField name={field.name} label={fieldLabel} help={help} required={field.required} testId={testId} />;
    case 'riskItems':
      return <RiskItemsField name={field.name} label={fieldLabel} help={help} required={field.required} testId={testId} context={riskContext} />;
    case 'measureProposals':
      return <MeasureProposalsField name={field.name} label={fieldLabel} help={help} required={field.required} testId={testId} context={riskContext} />;
    case 'controlPlan':
      return <ControlPlanField name={field.name} label={fieldLabel} help={help} required={field.required} testId={testId} context={riskContext} />;
    case 'people':
      return <Incident.PeopleField {...listProps} />;
    case 'orgUnits':
      return <Incident.OrgUnitsField {...listProps} />;
    case 'timeline':
      return <Incident.TimelineField {...listProps} />;
    case 'whys':
      return <Incident.WhysField {...listProps} />;
    case 'fishbone':
      return <Incident.FishboneField {...listProps} />;
    case 'correctiveActions':
      return <Incident.CorrectiveActionsField {...listProps} />;
    case 'responsibilities':
      return <Incident.ResponsibilitiesField {...listProps} />;
    case 'evidence':
      return (
        <Form.Item {...itemProps} initialValue={[]}>
          <EvidenceUpload testId={testId} onBusyChange={(b) => onUploading(field.name, b)} />
        </Form.Item>
      );
    default:
      input = <Input data-testid={testId} maxLength={field.maxLength} />;
  }
  return <Form.Item {...itemProps}>{input}</Form.Item>;
}

/**
 * An `actions` field: lines of a department and what it has to do (improvement actions of a
 * post-incident review). Every line needs both; empty lines can be removed.
 */
function ActionsField({ name, label, help, required, testId }: { name: string; label: string; help?: string; required: boolean; testId: string }) {
  const { t } = useTranslation();
  const need = (what: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field: what }) });
  return (
    <RowsField
      name={name}
      label={label}
      required={required}
      help={help}
      testId={testId}
      initialValue={[]}
      rules={atLeastOneRow(required, () => t('completeModal.required', { field: label }))}
      max={20}
      addLabel={t('completeModal.actionsAdd')}
    >
      {(row, i, removeButton) => (
        <>
          <Form.Item
            name={[row.name, 'orgUnitId']}
            label={t('completeModal.actionsUnit')}
            rules={[{ required: true, message: t('completeModal.actionsIncomplete') }]}
            style={rowItemStyle}
          >
            <OrgUnitSelect testId={`${testId}-${i}-unit`} />
          </Form.Item>
          <Form.Item
            name={[row.name, 'description']}
            label={t('completeModal.actionsDescription')}
            rules={[need(t('completeModal.actionsDescription')), { max: 2000 }]}
            style={rowItemStyle}
          >
            <Input.TextArea rows={2} maxLength={2000} data-testid={`${testId}-${i}-description`} />
          </Form.Item>
          {removeButton}
        </>
      )}
    </RowsField>
  );
}
