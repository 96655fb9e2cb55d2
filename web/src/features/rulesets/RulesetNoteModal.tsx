import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

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
  const submit = async () => {
    try {
      onOk((await form.validateFields()).note.trim());
    } catch {
      // the form shows what is missing
    }
  };
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ ...({ 'data-testid': `${testIdPrefix}-submit` } as Record<string, string>) }}
      destroyOnHidden
    >
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
