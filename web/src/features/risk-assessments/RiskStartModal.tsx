import { Alert, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { RISK_DEPARTMENTS, startRiskAssessment, type RiskDepartment } from '../../shared/api';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { useErrorText } from '../../shared/hooks';
import { useServerErrors } from '../../shared/useServerErrors';
import { navigate } from '../../router';
import { newUuid } from '../hazards/hazard';

interface StartValues {
  title: string;
  area: string;
  orgUnitId: string;
  departments: RiskDepartment[];
}

/** The departments taking part, one box each (`<prefix>-<department>`). */
export function DepartmentBoxes({
  testIdPrefix,
  value,
  onChange,
}: {
  testIdPrefix: string;
  value?: RiskDepartment[];
  onChange?: (v: RiskDepartment[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group<RiskDepartment> value={value} onChange={(v) => onChange?.(v)} data-testid={testIdPrefix}>
      {RISK_DEPARTMENTS.map((d) => (
        <Checkbox key={d} value={d} data-testid={`${testIdPrefix}-${d}`}>
          {t(`risk.department.${d}`)}
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}

/**
 * Starts an assessment. The id is made once per form, so pressing again after a lost answer is
 * the same assessment; once accepted, on to its page.
 */
export function RiskStartModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<StartValues>();
  const serverErrors = useServerErrors(form, { fields: ['title', 'area', 'orgUnitId', 'departments'] });
  const assessmentId = useRef(newUuid());

  const dialog = useFormDialog(
    form,
    async (v: StartValues) => {
      const r = await startRiskAssessment({
        assessmentId: assessmentId.current,
        title: v.title.trim(),
        area: v.area.trim(),
        orgUnitId: v.orgUnitId,
        departments: v.departments,
      });
      navigate(`/risk-assessments/${encodeURIComponent(r.assessmentId)}`);
    },
    { onClose, okTestId: 'risk-start-submit', errorOf: (err) => serverErrors(err, (e) => `${errorText(e)} ${t('riskStart.retryHint')}`) },
  );

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  return (
    <Modal {...dialog.modalProps} title={t('riskStart.title')} okText={t('riskStart.submit')} mask={{ closable: false }}>
      <Typography.Paragraph type="secondary">{t('riskStart.hint')}</Typography.Paragraph>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 16 }} data-testid="risk-start-error" />}
      <Form<StartValues> form={form} layout="vertical" initialValues={{ departments: [...RISK_DEPARTMENTS] }} data-testid="risk-start-form">
        <Form.Item name="title" label={t('riskStart.name')} rules={[required(t('riskStart.name')), { max: 200 }]}>
          <Input maxLength={200} placeholder={t('riskStart.namePlaceholder')} data-testid="risk-start-title" />
        </Form.Item>
        <Form.Item name="area" label={t('riskStart.area')} rules={[required(t('riskStart.area')), { max: 200 }]}>
          <Input maxLength={200} placeholder={t('riskStart.areaPlaceholder')} data-testid="risk-start-area" />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('riskStart.unit')}
          extra={t('riskStart.unitHint')}
          rules={[{ required: true, message: t('completeModal.required', { field: t('riskStart.unit') }) }]}
        >
          <OrgUnitSelect testId="risk-start-unit" />
        </Form.Item>
        <Form.Item
          name="departments"
          label={t('riskStart.departments')}
          extra={t('riskStart.departmentsHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('riskStart.departmentsRequired') }]}
        >
          <DepartmentBoxes testIdPrefix="risk-start-dept" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
