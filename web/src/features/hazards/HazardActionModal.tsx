import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { addHazardProgress, ApiError, cancelHazard, reassignHazard, requestHazardExtension, type Hazard } from '../../shared/api';
import { newClientId } from '../../shared/clientId';
import { EvidenceUpload } from '../../shared/components/Evidence';
import { OrgUnitSelect, PersonSelect } from '../../shared/components/OrgUnitSelect';
import { absoluteTime, localInputToIso } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { UUID_RE } from './hazard';

export type HazardActionKind = 'progress' | 'extension' | 'cancel' | 'reassign';

interface ActionValues {
  text?: string;
  evidenceIds?: string[];
  newDueAt?: string;
  reason?: string;
  duplicateOf?: string;
  responsibleOrgUnitId?: string;
  responsiblePersonId?: string;
}

/** Progress update, extension request, cancellation, reassignment: one small form each. */
export function HazardActionModal({ kind, hazard, onClose, onDone }: { kind: HazardActionKind; hazard: Hazard; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<ActionValues>();
  const [uploading, setUploading] = useState(false);
  const unit = Form.useWatch('responsibleOrgUnitId', form);
  // One id per note or request: sending it again after an error or a timeout records it once.
  const [clientId] = useState(newClientId);

  const dialog = useFormDialog(
    form,
    async (v: ActionValues) => {
      if (kind === 'progress') await addHazardProgress(hazard.id, v.text!.trim(), v.evidenceIds ?? [], clientId);
      else if (kind === 'extension') await requestHazardExtension(hazard.id, localInputToIso(v.newDueAt!), v.reason!.trim(), clientId);
      else if (kind === 'cancel') await cancelHazard(hazard.id, v.reason!.trim(), v.duplicateOf?.trim() || undefined);
      else await reassignHazard(hazard.id, v.responsibleOrgUnitId!, v.responsiblePersonId || undefined);
      onDone();
    },
    {
      onClose,
      okTestId: 'action-submit',
      okButtonProps: { danger: kind === 'cancel', disabled: uploading },
      // 409s carry a readable message ("self-approval is not allowed").
      errorOf: (err) =>
        err instanceof ApiError && err.status === 400 && err.details.length
          ? err.details.map((d) => `${d.path.replace(/^body\./, '')}: ${d.message}`).join(' · ')
          : errorText(err),
    },
  );

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  let body: ReactNode;
  switch (kind) {
    case 'progress':
      body = (
        <>
          <Form.Item name="text" label={t('hazardDetail.form.progressText')} rules={[required(t('hazardDetail.form.progressText')), { max: 5000 }]}>
            <Input.TextArea rows={4} maxLength={5000} data-testid="progress-text" />
          </Form.Item>
          <Form.Item name="evidenceIds" label={t('hazardDetail.form.evidence')} initialValue={[]}>
            <EvidenceUpload onBusyChange={setUploading} testId="progress-evidence" />
          </Form.Item>
        </>
      );
      break;
    case 'extension':
      body = (
        <>
          {hazard.dueAt && (
            <Typography.Paragraph type="secondary">
              {t('hazardDetail.form.currentDue', { time: absoluteTime(hazard.dueAt, i18n.language) })}
            </Typography.Paragraph>
          )}
          <Form.Item
            name="newDueAt"
            label={t('hazardDetail.form.newDueAt')}
            rules={[
              required(t('hazardDetail.form.newDueAt')),
              {
                validator: (_r, value: string | undefined) =>
                  !value || new Date(value).getTime() > Math.max(Date.now(), hazard.dueAt ? Date.parse(hazard.dueAt) : 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('hazardDetail.form.laterThanDue'))),
              },
            ]}
          >
            <Input type="datetime-local" data-testid="extension-due" />
          </Form.Item>
          <Form.Item name="reason" label={t('hazardDetail.form.reason')} rules={[required(t('hazardDetail.form.reason')), { max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="extension-reason" />
          </Form.Item>
          <Typography.Text type="secondary">{t('hazardDetail.form.extensionHint')}</Typography.Text>
        </>
      );
      break;
    case 'cancel':
      body = (
        <>
          <Form.Item name="reason" label={t('hazardDetail.form.cancelReason')} rules={[required(t('hazardDetail.form.cancelReason')), { max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="cancel-reason" />
          </Form.Item>
          <Form.Item
            name="duplicateOf"
            label={t('hazardDetail.form.duplicateOf')}
            extra={t('hazardDetail.form.duplicateHint')}
            rules={[
              {
                validator: (_r, value: string | undefined) =>
                  !value?.trim() || (UUID_RE.test(value.trim()) && value.trim() !== hazard.id)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('hazardDetail.form.badId'))),
              },
            ]}
          >
            <Input data-testid="cancel-duplicate" placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
          </Form.Item>
        </>
      );
      break;
    case 'reassign':
      body = (
        <>
          <Form.Item
            name="responsibleOrgUnitId"
            label={t('hazardDetail.form.unit')}
            rules={[{ required: true, message: t('completeModal.required', { field: t('hazardDetail.form.unit') }) }]}
            initialValue={hazard.responsibleOrgUnitId ?? undefined}
          >
            <OrgUnitSelect knownLabel={hazard.responsibleOrgUnitName ?? undefined} testId="reassign-unit" />
          </Form.Item>
          <Form.Item name="responsiblePersonId" label={t('hazardDetail.form.person')}>
            <PersonSelect orgUnitId={unit} testId="reassign-person" />
          </Form.Item>
        </>
      );
      break;
  }

  return (
    <Modal {...dialog.modalProps} title={t(`hazardDetail.action.${kind}`)} okText={t(`hazardDetail.form.submit.${kind}`)} mask={{ closable: false }}>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      <Form
        form={form}
        layout="vertical"
        onValuesChange={(changed: ActionValues) => {
          if ('responsibleOrgUnitId' in changed) form.setFieldValue('responsiblePersonId', undefined);
        }}
      >
        {body}
      </Form>
    </Modal>
  );
}
