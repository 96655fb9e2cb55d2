import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { ADJUSTMENT_REASONS, fetchScoreReport, listCycles, proposeAdjustment, type AdjustmentReason } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { useServerErrors } from '../../shared/useServerErrors';
import { useLabel } from '../../i18n';
import { fmtScore } from '../scores/scoring';
import { findUnitName, OrgUnitSelect, PersonSelect, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { lineCode } from '../scores/ScoreLinesCard';
import { useRulesetDocument, useScoringNames } from '../scores/scoringNames';

interface Values {
  cycleId: string;
  subjectType: 'person' | 'department';
  orgUnitId?: string;
  personId?: string;
  lineCode?: string;
  delta?: number;
  reasonCode: AdjustmentReason;
  text: string;
}

const FIELDS = ['cycleId', 'lineCode', 'delta', 'reasonCode', 'text'];

/**
 * "Propose adjustment" (manager, HR, admin): a published cycle, the subject (a person of a
 * department, or the department), optionally one line of its score, the points (±, not 0), a
 * reason code and a text. A second person with the approving role decides in their queue.
 */
export function ProposeAdjustmentModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { tree } = useOrgTree();
  const unitName = (unitId: string) => (tree && findUnitName(tree, unitId)) || unitId;
  const [form] = Form.useForm<Values>();
  // Form fields by the request's field paths (`body.subjectId` → the picker that made it).
  const serverErrors = useServerErrors(form, {
    fields: ([name]) =>
      name === 'subjectId' ? [form.getFieldValue('subjectType') === 'person' ? 'personId' : 'orgUnitId'] : FIELDS.includes(String(name)) ? [name] : null,
    describe: (_, message) => message,
  });
  const published = usePolledQuery(['cycles', 'published'], async () => (await listCycles({ status: 'published', pageSize: 100 })).items, false);
  const cycles = published.data ?? null;
  const cycleId = Form.useWatch('cycleId', form);
  const subjectType = Form.useWatch('subjectType', form) ?? 'person';
  const orgUnitId = Form.useWatch('orgUnitId', form);
  const personId = Form.useWatch('personId', form);
  const subjectId = subjectType === 'person' ? personId : orgUnitId;

  // The newest published cycle is chosen first.
  useEffect(() => {
    if (cycles?.[0] && !form.getFieldValue('cycleId')) form.setFieldValue('cycleId', cycles[0].id);
  }, [cycles, form]);

  // The lines of the subject's published score, to adjust one of them (optional; none when it cannot be read).
  const report = usePolledQuery(
    ['score-report', cycleId ?? null, subjectType, subjectId ?? null, null],
    () => fetchScoreReport(cycleId!, subjectType, subjectId!),
    false,
    { enabled: !!cycleId && !!subjectId },
  );
  const current = report.data ?? (report.error ? null : undefined);
  const names = useScoringNames(useRulesetDocument(current?.rulesetVersion ?? (current ? 'current' : null)));

  const dialog = useFormDialog(
    form,
    async (v: Values) => {
      const id = v.subjectType === 'person' ? v.personId : v.orgUnitId;
      await proposeAdjustment({
        cycleId: v.cycleId,
        subjectType: v.subjectType,
        subjectId: id!,
        ...(v.lineCode ? { lineCode: v.lineCode } : {}),
        delta: v.delta!,
        reasonCode: v.reasonCode,
        text: v.text.trim(),
      });
      void message.success(t('adjust.proposed'));
      onDone();
    },
    { onClose, okTestId: 'adjust-submit', errorOf: serverErrors },
  );
  const error = dialog.error ?? published.errorText;

  return (
    <Modal {...dialog.modalProps} title={t('adjust.title')} okText={t('adjust.submit')} width={620}>
      <Typography.Paragraph type="secondary">{t('adjust.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ subjectType: 'person', reasonCode: 'data_error' }}
        data-testid="adjust-form"
        onValuesChange={(changed: Partial<Values>) => {
          // A new subject has other lines; a new unit other people.
          if ('orgUnitId' in changed || 'subjectType' in changed) form.setFieldsValue({ personId: undefined, lineCode: undefined });
          else if ('personId' in changed || 'cycleId' in changed) form.setFieldsValue({ lineCode: undefined });
        }}
      >
        <Form.Item name="cycleId" label={t('adjust.cycle')} rules={[{ required: true, message: t('adjust.cycleRequired') }]}>
          <Select<string>
            data-testid="adjust-cycle"
            loading={!cycles && !error}
            options={(cycles ?? []).map((c) => ({ value: c.id, label: `${c.period} · ${unitName(c.scopeOrgUnitId)}` }))}
            placeholder={t('adjust.cyclePlaceholder')}
            notFoundContent={t('adjust.noCycles')}
          />
        </Form.Item>
        <Form.Item name="subjectType" label={t('adjust.subjectType')}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value="person">
              <span data-testid="adjust-subject-person">{label('scoring.subjectType.person', 'person')}</span>
            </Radio.Button>
            <Radio.Button value="department">
              <span data-testid="adjust-subject-department">{label('scoring.subjectType.department', 'department')}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('adjust.unit')} rules={[{ required: true, message: t('adjust.unitRequired') }]}>
          <OrgUnitSelect testId="adjust-unit" />
        </Form.Item>
        {subjectType === 'person' && (
          <Form.Item name="personId" label={t('adjust.person')} rules={[{ required: true, message: t('adjust.personRequired') }]}>
            <PersonSelect orgUnitId={orgUnitId} testId="adjust-person" />
          </Form.Item>
        )}
        <Form.Item
          name="lineCode"
          label={t('adjust.line')}
          extra={current ? t('adjust.lineHint', { total: fmtScore(current.total) }) : current === null ? t('adjust.noScore') : t('adjust.lineHintEmpty')}
        >
          <Select<string>
            data-testid="adjust-line"
            allowClear
            disabled={!current}
            placeholder={t('adjust.total')}
            options={(current?.lines ?? []).filter((l) => lineCode(l)).map((l) => ({ value: lineCode(l), label: `${names.line(l)} (${fmtScore(l.points)})` }))}
          />
        </Form.Item>
        <Form.Item
          name="delta"
          label={t('adjust.delta')}
          rules={[
            {
              validator: (_r, v: unknown) =>
                typeof v === 'number' && v !== 0 && v >= -100 && v <= 100 ? Promise.resolve() : Promise.reject(new Error(t('adjust.deltaRequired'))),
            },
          ]}
        >
          <InputNumber min={-100} max={100} step={0.5} style={{ width: 160 }} data-testid="adjust-delta" />
        </Form.Item>
        <Form.Item name="reasonCode" label={t('adjust.reasonCode')} rules={[{ required: true }]}>
          <Radio.Group optionType="button">
            {ADJUSTMENT_REASONS.map((r) => (
              <Radio.Button key={r} value={r}>
                <span data-testid={`adjust-reason-${r}`}>{label(`scoring.adjustmentReason.${r}`, r)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="text" label={t('adjust.text')} rules={[{ required: true, whitespace: true, message: t('adjust.textRequired') }, { max: 5000 }]}>
          <Input.TextArea rows={3} maxLength={5000} showCount data-testid="adjust-text" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="adjust-error" />}
    </Modal>
  );
}
