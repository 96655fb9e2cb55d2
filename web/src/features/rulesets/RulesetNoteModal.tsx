import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';

/** A note is asked for a new version or an approval. */
export function RulesetNoteModal({
  title,
  hint,
  okText,
  testIdPrefix,
  busy,
  onOk,
  onClose,
}: {
  title: string;
  hint?: string;
  okText: string;
  testIdPrefix: string;
  busy: boolean;
  onOk: (note: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const dialog = useFormDialog(form, async (v: { note: string }) => onOk(v.note.trim()), { onClose, okTestId: `${testIdPrefix}-submit` });
  return (
    <Modal {...dialog.modalProps} title={title} okText={okText} confirmLoading={busy}>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('rulesets.note')}
          rules={[{ required: true, whitespace: true, message: t('completeModal.required', { field: t('rulesets.note') }) }, { max: 500 }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid={`${testIdPrefix}-note`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
