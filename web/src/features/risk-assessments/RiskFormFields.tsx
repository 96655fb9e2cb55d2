import { Col, Form, Input, Radio, Row, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { assessRisk, RISK_COLORS, type RiskMatrix } from '../hazards/hazard';
import { atLeastOneRow, rowItemStyle as itemStyle, RowsField } from '../tasks/RowsField';
import { RISK_SOURCES } from './risk';
import { defaultDueAt, planRowsFrom, type RiskFormContext } from './riskFormContext';

export { planRowsFrom, riskContextOf, type RiskFormContext } from './riskFormContext';

/**
 * The list fields of the joint risk assessment's task forms: the register (`riskItems`), measure
 * proposals (`measureProposals`) and the control plan (`controlPlan`). Their choices (the matrix's
 * scale, the participating units, the register's items, the departments' proposals) come from the
 * task's `form.context`. Rows are named `[field, i, column]`, so server errors such as
 * `body.payload.items.0.likelihood` land on the right input.
 */

interface ListProps {
  name: string;
  label: string;
  help?: string;
  required: boolean;
  testId: string;
  context: RiskFormContext;
}

function useRules() {
  const { t } = useTranslation();
  return {
    text: (field: string, max: number) => [
      { required: true, whitespace: true, message: t('completeModal.required', { field }) },
      { max, message: t('completeModal.tooLong', { field, max }) },
    ],
    choose: (field: string) => [{ required: true, message: t('completeModal.mustChoose', { field }) }],
    atLeastOne: (field: string, required: boolean) => atLeastOneRow(required, () => t('riskForm.atLeastOne', { field })),
  };
}

/** A register item of the context as an option: its title with its level. */
function useItemOptions(context: RiskFormContext) {
  const { t } = useTranslation();
  return useMemo(
    () =>
      context.items.map((i) => ({
        value: i.key,
        title: i.title,
        label: (
          <Space size={4}>
            {i.level && (
              <Tag color={RISK_COLORS[i.level]} style={{ marginInlineEnd: 0 }}>
                {t(`hazard.risk.${i.level}`)}
                {i.score !== null ? ` · ${i.score}` : ''}
              </Tag>
            )}
            <span>{i.title}</span>
          </Space>
        ),
      })),
    [context.items, t],
  );
}

const unitOptions = (context: RiskFormContext) => context.units.map((u) => ({ value: u.id, label: u.name, title: u.name }));

function Scale({ size, testId, value, onChange }: { size: number; testId: string; value?: number; onChange?: (v: number) => void }) {
  return (
    <Radio.Group optionType="button" buttonStyle="solid" data-testid={testId} value={value} onChange={(e) => onChange?.(e.target.value as number)}>
      {Array.from({ length: size }, (_, i) => i + 1).map((n) => (
        <Radio.Button key={n} value={n} style={{ minWidth: 36, textAlign: 'center', paddingInline: 8 }}>
          <span data-testid={`${testId}-${n}`}>{n}</span>
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}

/** L × S = score, with the level on the matrix the assessment levels with (from the task). */
function RowRisk({ form, path, matrix }: { form: FormInstance; path: (string | number)[]; matrix: RiskMatrix | null }) {
  const { t } = useTranslation();
  const likelihood = Form.useWatch([...path, 'likelihood'], form) as unknown;
  const severity = Form.useWatch([...path, 'severity'], form) as unknown;
  if (typeof likelihood !== 'number' || typeof severity !== 'number') return <Typography.Text type="secondary">{t('riskForm.choosePair')}</Typography.Text>;
  const risk = matrix ? assessRisk(likelihood, severity, matrix) : null; // without the matrix the server levels it
  return (
    <Space size={4} data-level={risk?.level}>
      <Typography.Text>
        {likelihood} × {severity} = <strong>{likelihood * severity}</strong>
      </Typography.Text>
      {risk && <Tag color={RISK_COLORS[risk.level]}>{t(`hazard.risk.${risk.level}`)}</Tag>}
    </Space>
  );
}

/** The register the safety hub compiles: title, source, likelihood × severity on the policy's scale, owner. */
export function RiskItemsField({ name, label, help, required, testId, context }: ListProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const rules = useRules();
  return (
    <RowsField
      name={name}
      label={label}
      required={required}
      help={help ?? t('riskForm.itemsHelp', { size: context.matrixSize })}
      testId={testId}
      initialValue={[{}]}
      rules={rules.atLeastOne(label, required)}
      max={100}
      addLabel={t('riskForm.addItem')}
    >
      {(row, i, removeButton) => (
        <>
          <Form.Item name={[row.name, 'title']} label={t('riskForm.title')} rules={rules.text(t('riskForm.title'), 300)} style={itemStyle}>
            <Input maxLength={300} data-testid={`${testId}-${i}-title`} placeholder={t('riskForm.titlePlaceholder')} />
          </Form.Item>
          <Row gutter={8}>
            <Col xs={24} sm={12}>
              <Form.Item name={[row.name, 'source']} label={t('riskForm.source')} rules={rules.choose(t('riskForm.source'))} style={itemStyle}>
                <Select
                  data-testid={`${testId}-${i}-source`}
                  placeholder={t('completeModal.selectPlaceholder')}
                  options={RISK_SOURCES.map((s) => ({ value: s, label: t(`risk.source.${s}`), title: t(`risk.source.${s}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={[row.name, 'ownerOrgUnitId']} label={t('riskForm.owner')} rules={rules.choose(t('riskForm.owner'))} style={itemStyle}>
                <Select data-testid={`${testId}-${i}-owner`} placeholder={t('completeModal.selectPlaceholder')} options={unitOptions(context)} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={[row.name, 'likelihood']} label={t('riskForm.likelihood')} rules={rules.choose(t('riskForm.likelihood'))} style={itemStyle}>
                <Scale size={context.matrixSize} testId={`${testId}-${i}-likelihood`} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name={[row.name, 'severity']} label={t('riskForm.severity')} rules={rules.choose(t('riskForm.severity'))} style={itemStyle}>
                <Scale size={context.matrixSize} testId={`${testId}-${i}-severity`} />
              </Form.Item>
            </Col>
          </Row>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <span data-testid={`${testId}-${i}-risk`}>
              <RowRisk form={form} path={[name, row.name]} matrix={context.matrix} />
            </span>
            {removeButton}
          </Space>
        </>
      )}
    </RowsField>
  );
}

/** A department's proposals: a control measure for a register item, per line; none at all is a valid answer. */
export function MeasureProposalsField({ name, label, help, testId, context }: ListProps) {
  const { t } = useTranslation();
  const rules = useRules();
  const items = useItemOptions(context);
  return (
    <RowsField
      name={name}
      label={label}
      help={help ?? t('riskForm.proposalsHelp')}
      testId={testId}
      initialValue={[]}
      max={50}
      addLabel={t('riskForm.addProposal')}
      addDisabled={items.length === 0}
      empty={
        <Typography.Text type="secondary" data-testid={`${testId}-none`}>
          {t('riskForm.noProposals')}
        </Typography.Text>
      }
    >
      {(row, i, removeButton) => (
        <>
          <Form.Item name={[row.name, 'itemKey']} label={t('riskForm.item')} rules={rules.choose(t('riskForm.item'))} style={itemStyle}>
            <Select data-testid={`${testId}-${i}-item`} placeholder={t('completeModal.selectPlaceholder')} options={items} />
          </Form.Item>
          <Form.Item name={[row.name, 'description']} label={t('riskForm.measure')} rules={rules.text(t('riskForm.measure'), 2000)} style={itemStyle}>
            <Input.TextArea rows={2} maxLength={2000} data-testid={`${testId}-${i}-description`} />
          </Form.Item>
          {removeButton}
        </>
      )}
    </RowsField>
  );
}

/** The control plan: measures with the risk they control, an owner and a due date, pre-filled from the proposals. */
export function ControlPlanField({ name, label, help, required, testId, context }: ListProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const rules = useRules();
  const items = useItemOptions(context);
  const future = {
    validator: (_r: unknown, v: string | undefined) =>
      !v || new Date(v).getTime() > Date.now() ? Promise.resolve() : Promise.reject(new Error(t('riskForm.dueFuture'))),
  };
  return (
    <RowsField
      name={name}
      label={label}
      required={required}
      help={help ?? (context.proposals.length ? t('riskForm.planHelp', { count: context.proposals.length }) : t('riskForm.planHelpNone'))}
      testId={testId}
      initialValue={planRowsFrom(context)}
      rules={rules.atLeastOne(label, required)}
      max={50}
      addLabel={t('riskForm.addMeasure')}
      addDisabled={items.length === 0}
      newRow={() => ({ dueAt: defaultDueAt() })}
    >
      {(row, i, removeButton) => {
        const proposedBy = form.getFieldValue([name, row.name, 'proposedByName']) as string | undefined;
        return (
          <>
            <Form.Item name={[row.name, 'itemKey']} label={t('riskForm.item')} rules={rules.choose(t('riskForm.item'))} style={itemStyle}>
              <Select data-testid={`${testId}-${i}-item`} placeholder={t('completeModal.selectPlaceholder')} options={items} />
            </Form.Item>
            <Form.Item
              name={[row.name, 'description']}
              label={t('riskForm.measure')}
              rules={rules.text(t('riskForm.measure'), 2000)}
              style={itemStyle}
              extra={proposedBy ? t('riskForm.proposedBy', { name: proposedBy }) : undefined}
            >
              <Input.TextArea rows={2} maxLength={2000} data-testid={`${testId}-${i}-description`} />
            </Form.Item>
            <Row gutter={8}>
              <Col xs={24} sm={12}>
                <Form.Item
                  name={[row.name, 'ownerOrgUnitId']}
                  label={t('riskForm.measureOwner')}
                  rules={rules.choose(t('riskForm.measureOwner'))}
                  style={itemStyle}
                >
                  <Select data-testid={`${testId}-${i}-owner`} placeholder={t('completeModal.selectPlaceholder')} options={unitOptions(context)} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name={[row.name, 'dueAt']} label={t('riskForm.dueAt')} rules={[...rules.choose(t('riskForm.dueAt')), future]} style={itemStyle}>
                  <Input type="datetime-local" data-testid={`${testId}-${i}-dueAt`} />
                </Form.Item>
              </Col>
            </Row>
            {removeButton}
          </>
        );
      }}
    </RowsField>
  );
}
