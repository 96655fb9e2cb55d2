import { Alert, App, Form, Modal, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { ApiError, type ActionItem, type FormField, type TaskPayload, type TaskView } from '../../shared/api';
import { localInputToIso } from '../../shared/format';
import { riskMatrixOf } from '../hazards/hazard';
import { useServerErrors, type FieldName } from '../../shared/useServerErrors';
import { useLabel } from '../../i18n';
import { DueCell } from '../../shared/components/DueCell';
import { useTaskLabels } from './taskLabels';
import { RiskPreview, TaskFormItem, type FormValues } from './TaskFormFields';
import { incidentFieldPayload, isIncidentField } from '../incidents/IncidentFormFields';
import { useCompleteTask } from './useCompleteTask';

/** Field types whose value is a list of rows, each row an object of inputs. */
const ROW_FIELDS = new Set<FormField['type']>([
  'actions',
  'riskItems',
  'measureProposals',
  'controlPlan',
  'timeline',
  'fishbone',
  'correctiveActions',
  'responsibilities',
]);

/** Only what the user actually gave: empty optional fields are left out, booleans are explicit. */
function toPayload(fields: FormField[], values: FormValues): TaskPayload {
  const payload: TaskPayload = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'boolean') payload[f.name] = v === true;
    else if (isIncidentField(f)) Object.assign(payload, incidentFieldPayload(f, v));
    else if (f.type === 'number') {
      if (typeof v === 'number') payload[f.name] = v;
    } else if (f.type === 'evidence') {
      if (Array.isArray(v) && (v.length > 0 || f.required)) payload[f.name] = v as string[];
    } else if (f.type === 'actions') {
      // Lines of a department and what it has to do; blank lines are left out.
      const rows = (Array.isArray(v) ? (v as (Partial<ActionItem> | undefined)[]) : [])
        .filter((a): a is Partial<ActionItem> => !!a && !!a.orgUnitId && !!a.description?.trim())
        .map((a) => ({ orgUnitId: a.orgUnitId!, description: a.description!.trim() }));
      if (rows.length > 0 || f.required) payload[f.name] = rows;
    } else if (f.type === 'riskItems' || f.type === 'measureProposals' || f.type === 'controlPlan') {
      // Every row is complete (the form checks each); the list goes as it is, even empty.
      const rows = (Array.isArray(v) ? (v as (Record<string, unknown> | undefined)[]) : []).filter((r): r is Record<string, unknown> => !!r);
      const text = (r: Record<string, unknown>, k: string) => (typeof r[k] === 'string' ? (r[k] as string).trim() : '');
      if (f.type === 'riskItems')
        payload[f.name] = rows.map((r) => ({
          title: text(r, 'title'),
          source: text(r, 'source'),
          likelihood: Number(r.likelihood),
          severity: Number(r.severity),
          ownerOrgUnitId: text(r, 'ownerOrgUnitId'),
        }));
      else if (f.type === 'measureProposals') payload[f.name] = rows.map((r) => ({ itemKey: text(r, 'itemKey'), description: text(r, 'description') }));
      else
        payload[f.name] = rows.map((r) => ({
          itemKey: text(r, 'itemKey'),
          description: text(r, 'description'),
          ownerOrgUnitId: text(r, 'ownerOrgUnitId'),
          dueAt: localInputToIso(text(r, 'dueAt')),
        }));
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
  const label = useLabel();
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const complete = useCompleteTask();
  const [uploading, setUploading] = useState<Record<string, boolean>>({});
  const fields = task.form.fields;
  const wide = fields.some((f) => f.type === 'riskItems' || f.type === 'controlPlan' || f.type === 'measureProposals');
  const actionLabel = labels.action(task.taskType);
  const anyUploading = Object.values(uploading).some(Boolean);
  const orgUnitFields = fields.filter((f) => f.type === 'orgUnit').map((f) => f.name);
  const personFields = fields.filter((f) => f.type === 'person').map((f) => f.name);
  // A field's errors land on its input (`body.payload.items.0.likelihood` → ['items', 0, 'likelihood']);
  // a list's on the row's input or under the list; anything else (a whole row, an unknown field) is shown above.
  const fieldOf = (name: FieldName) => fields.find((f) => f.name === name[0]);
  const serverErrors = useServerErrors(form, {
    prefix: 'body.payload',
    fields: (name) => {
      const field = fieldOf(name);
      return field && (name.length === 1 || (ROW_FIELDS.has(field.type) && name.length === 3 && typeof name[1] === 'number')) ? name : null;
    },
    describe: (name, message) => {
      const field = fieldOf(name);
      return field && typeof name[1] === 'number' ? `${labels.field(task.taskType, field.name)} #${name[1] + 1}: ${message}` : message;
    },
  });

  const dialog = useFormDialog(
    form,
    async (values: FormValues) => {
      const done = await complete(task, toPayload(fields, values));
      if (done !== 'queued') return onDone(done);
      // Offline: kept on the device and sent when the network returns (see 待发送).
      void message.info(t('outbox.queuedTask'));
      onClose();
    },
    {
      onClose,
      okTestId: 'complete-submit',
      okButtonProps: { disabled: anyUploading },
      errorOf: (err) => (err instanceof ApiError && err.code === 'process_closed' ? t('inbox.processClosed') : serverErrors(err)),
    },
  );

  const setFieldUploading = useCallback((name: string, value: boolean) => setUploading((u) => ({ ...u, [name]: value })), []);

  return (
    <Modal
      {...dialog.modalProps}
      title={task.title}
      okText={anyUploading ? t('completeModal.uploading') : actionLabel}
      mask={{ closable: false }}
      width={wide ? 760 : undefined}
    >
      {task.description && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={wide ? { rows: 8, expandable: 'collapsible' } : undefined}>
          {task.description}
        </Typography.Paragraph>
      )}
      {task.dueAt && (
        <Typography.Paragraph type="secondary">
          {t('completeModal.dueAt')} <DueCell task={task} />
        </Typography.Paragraph>
      )}
      {task.candidacy && (
        <Typography.Paragraph type="secondary" data-testid="task-candidacy" data-kind={task.candidacy.kind}>
          {t(`completeModal.why.${task.candidacy.kind}`, {
            unit: task.candidacy.unitName ?? '',
            role: task.candidacy.role ? label(`roles.${task.candidacy.role}`, task.candidacy.role) : '',
          })}
        </Typography.Paragraph>
      )}
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 16 }} data-testid="complete-error" />}
      {fields.length === 0 && <Typography.Paragraph>{t('completeModal.noFields')}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        data-testid="complete-form"
        onFinish={() => void dialog.submit()}
        onValuesChange={(changed: FormValues) => {
          // A person belongs to the chosen unit: a new unit clears the person.
          if (orgUnitFields.some((n) => n in changed)) form.setFields(personFields.map((name) => ({ name, value: undefined, errors: [] })));
        }}
      >
        {fields.map((f) => (
          <TaskFormItem key={f.name} task={task} field={f} form={form} unitField={orgUnitFields[0]} onUploading={setFieldUploading} />
        ))}
        {task.taskType === 'hazard.grade' && <RiskPreview form={form} matrix={riskMatrixOf(task.form.context)} />}
      </Form>
    </Modal>
  );
}
