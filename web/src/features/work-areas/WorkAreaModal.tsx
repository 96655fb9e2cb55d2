import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { useFormDialog } from '../../shared/useFormDialog';
import { useServerErrors } from '../../shared/useServerErrors';
import { createWorkArea, updateWorkArea, type WorkAreaView } from './api';

interface Values {
  code: string;
  name: string;
  orgUnitId: string;
}

/** Adds an area (or, with `parent`, an equipment in it), or changes one (`area`): its name and owning unit; the code stays. */
export function WorkAreaModal({
  area,
  parent,
  onClose,
  onSaved,
}: {
  area: WorkAreaView | null;
  parent: WorkAreaView | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const serverErrors = useServerErrors(form, { fields: ['code', 'name', 'orgUnitId'] });
  const dialog = useFormDialog(
    form,
    async (v: Values) => {
      if (area) await updateWorkArea(area.id, { name: v.name.trim(), orgUnitId: v.orgUnitId });
      else
        await createWorkArea({
          code: v.code.trim(),
          name: v.name.trim(),
          kind: parent ? 'equipment' : 'area',
          parentId: parent?.id ?? null,
          orgUnitId: v.orgUnitId,
        });
      onSaved();
    },
    { onClose, okTestId: 'work-area-submit', errorOf: (err) => serverErrors(err) },
  );
  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  const title = area
    ? t('workAreas.editTitle', { code: area.code })
    : parent
      ? t('workAreas.addEquipmentTitle', { area: parent.name })
      : t('workAreas.addTitle');
  return (
    <Modal {...dialog.modalProps} title={title} okText={t('workAreas.save')}>
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="work-area-form"
        initialValues={area ? { code: area.code, name: area.name, orgUnitId: area.orgUnitId } : { orgUnitId: parent?.orgUnitId }}
      >
        <Form.Item
          name="code"
          label={t('workAreas.code')}
          extra={area ? undefined : t('workAreas.codeHint')}
          rules={[required(t('workAreas.code')), { max: 64 }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, message: t('workAreas.codeHint') }]}
        >
          <Input maxLength={64} disabled={!!area} data-testid="work-area-code" />
        </Form.Item>
        <Form.Item name="name" label={t('workAreas.name')} rules={[required(t('workAreas.name')), { max: 200 }]}>
          <Input maxLength={200} data-testid="work-area-name" />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('workAreas.unit')}
          rules={[{ required: true, message: t('completeModal.required', { field: t('workAreas.unit') }) }]}
        >
          <OrgUnitSelect testId="work-area-unit" />
        </Form.Item>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="work-area-error" />}
    </Modal>
  );
}
