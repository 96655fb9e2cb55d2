import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select, Typography, type FormRule } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, completeTask, type FormField, type TaskPayload, type TaskView } from '../api';
import { localInputToIso } from '../format';
import { useErrorText } from '../hooks';
import { DueCell } from './DueCell';
import { useTaskLabels } from './taskLabels';

type FieldValue = string | number | boolean | null | undefined;
type FormValues = Record<string, FieldValue>;

const PAYLOAD_PATH = /^(?:body\.)?payload\.([^.]+)/;

/** Only what the user actually gave: empty optional fields are left out, booleans are explicit. */
function toPayload(fields: FormField[], values: FormValues): TaskPayload {
  const payload: TaskPayload = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'boolean') payload[f.name] = v === true;
    else if (f.type === 'number') {
      if (typeof v === 'number') payload[f.name] = v;
    } else if (typeof v === 'string' && v.trim() !== '') payload[f.name] = f.type === 'datetime' ? localInputToIso(v) : v;
  }
  return payload;
}

/**
 * Completes a task with the form its type declares (`task.form.fields`). Validation happens here
 * first and again on the server, whose field errors land on the matching inputs.
 */
export function TaskCompleteModal({ task, onClose, onDone }: { task: TaskView; onClose: () => void; onDone: (task: TaskView) => void }) {
  const { t } = useTranslation();
  const labels = useTaskLabels();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = task.form.fields;
  const actionLabel = labels.action(task.taskType);

  const submit = async () => {
    setError(null);
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the messages on the fields
    }
    setBusy(true);
    try {
      onDone(await completeTask(task.id, toPayload(fields, values)));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'process_closed') setError(t('inbox.processClosed'));
      else if (err instanceof ApiError && err.status === 400 && err.details.length > 0) {
        const known = new Set(fields.map((f) => f.name));
        const byField = new Map<string, string[]>();
        const other: string[] = [];
        for (const d of err.details) {
          const name = PAYLOAD_PATH.exec(d.path)?.[1];
          if (name && known.has(name)) byField.set(name, [...(byField.get(name) ?? []), d.message]);
          else other.push(d.message);
        }
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
        setError(other.length ? other.join(' ') : t('completeModal.invalid'));
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={task.title}
      okText={actionLabel}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'complete-submit' } as Record<string, string>}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {task.description && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{task.description}</Typography.Paragraph>}
      {task.dueAt && (
        <Typography.Paragraph type="secondary">
          {t('completeModal.dueAt')} <DueCell task={task} />
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="complete-error" />}
      {fields.length === 0 && <Typography.Paragraph>{t('completeModal.noFields')}</Typography.Paragraph>}
      <Form form={form} layout="vertical" data-testid="complete-form" onFinish={() => void submit()}>
        {fields.map((f) => (
          <TaskFormItem key={f.name} field={f} label={labels.field(task.taskType, f.name)} optionLabel={(o) => labels.option(task.taskType, f.name, o)} />
        ))}
      </Form>
    </Modal>
  );
}

function TaskFormItem({ field, label, optionLabel }: { field: FormField; label: string; optionLabel: (option: string) => string }) {
  const { t } = useTranslation();
  const rules: FormRule[] = [];
  if (field.required) {
    rules.push(
      field.type === 'boolean'
        ? { validator: (_rule, value: FieldValue) => (value === true ? Promise.resolve() : Promise.reject(new Error(t('completeModal.mustTick', { field: label })))) }
        : { required: true, whitespace: field.type !== 'number', message: t('completeModal.required', { field: label }) },
    );
  }
  if (field.maxLength) rules.push({ max: field.maxLength, message: t('completeModal.tooLong', { field: label, max: field.maxLength }) });

  const testId = `field-${field.name}`;
  let input: ReactNode;
  switch (field.type) {
    case 'boolean':
      return (
        <Form.Item name={field.name} valuePropName="checked" rules={rules} required={field.required}>
          <Checkbox data-testid={testId}>{label}</Checkbox>
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
          options={(field.options ?? []).map((o) => ({ value: o, label: optionLabel(o) }))}
        />
      );
      break;
    case 'number':
      input = <InputNumber data-testid={testId} style={{ width: '100%' }} />;
      break;
    case 'datetime':
      input = <Input data-testid={testId} type="datetime-local" />;
      break;
    default:
      input = <Input data-testid={testId} maxLength={field.maxLength} />;
  }
  return (
    <Form.Item name={field.name} label={label} rules={rules} required={field.required}>
      {input}
    </Form.Item>
  );
}
