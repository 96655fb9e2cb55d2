import { Alert, Col, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { ApiError, createTraining, type NewTraining, type TrainingDetail } from '../../shared/api';
import { OrgUnitSelect } from '../../shared/components/OrgUnitSelect';
import { PeoplePicker } from '../../shared/components/PeoplePicker';
import { groupToday } from '../../shared/operations';
import { useSession } from '../../shared/session';
import { useServerErrors } from '../../shared/useServerErrors';
import { newUuid } from '../hazards/hazard';

/** The form's values: the request's fields but the id, which the dialog makes once. */
type NewValues = Required<Omit<NewTraining, 'trainingId' | 'code'>> & { code?: string };

/** A new session with its participants; the id is made once per dialog, so a resend creates it once. */
export function NewTrainingModal({ onClose, onCreated }: { onClose: () => void; onCreated: (d: TrainingDetail) => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [form] = Form.useForm<NewValues>();
  const serverErrors = useServerErrors(form, { fields: ['code', 'title', 'topic', 'orgUnitId', 'heldOn', 'trainer', 'participantIds'], quiet: true });
  const [trainingId] = useState(newUuid);
  const unitId = Form.useWatch('orgUnitId', form);

  const dialog = useFormDialog(
    form,
    async (v: NewValues) => {
      onCreated(
        await createTraining({
          trainingId,
          code: v.code?.trim() || null,
          title: v.title.trim(),
          topic: v.topic.trim(),
          orgUnitId: v.orgUnitId,
          heldOn: v.heldOn,
          trainer: v.trainer.trim(),
          participantIds: v.participantIds ?? [],
        }),
      );
    },
    {
      onClose,
      okTestId: 'training-submit',
      // Participant errors name the index (body.participantIds.3): shown on the picker.
      errorOf: (err) => {
        if (!(err instanceof ApiError && err.status === 409 && err.details.some((d) => d.path === 'body.code'))) return serverErrors(err);
        form.setFields([{ name: 'code', errors: [err.message] }]);
        return null;
      },
    },
  );

  const required = (field: string) => ({ required: true, whitespace: true, message: t('completeModal.required', { field }) });
  return (
    <Modal {...dialog.modalProps} title={t('trainings.newTitle')} okText={t('trainings.create')} width={720}>
      <Form<NewValues>
        form={form}
        layout="vertical"
        initialValues={{ heldOn: groupToday(), trainer: user.displayName, participantIds: [], orgUnitId: user.orgUnitId }}
        data-testid="training-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="title" label={t('trainings.sessionTitle')} rules={[required(t('trainings.sessionTitle')), { max: 200 }]}>
              <Input maxLength={200} data-testid="training-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="code" label={t('trainings.code')} extra={t('trainings.codeHint')} rules={[{ max: 64 }]}>
              <Input maxLength={64} data-testid="training-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="topic" label={t('trainings.topic')} rules={[required(t('trainings.topic')), { max: 200 }]}>
              <Input maxLength={200} data-testid="training-topic" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="trainer" label={t('trainings.trainer')} rules={[required(t('trainings.trainer')), { max: 200 }]}>
              <Input maxLength={200} data-testid="training-trainer" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="orgUnitId"
              label={t('trainings.unit')}
              extra={t('trainings.unitHint')}
              rules={[{ required: true, message: t('completeModal.required', { field: t('trainings.unit') }) }]}
            >
              <OrgUnitSelect testId="training-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="heldOn"
              label={t('trainings.date')}
              rules={[{ required: true, message: t('completeModal.required', { field: t('trainings.date') }) }]}
            >
              <Input type="date" data-testid="training-date" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="participantIds" label={t('trainings.participants')} extra={t('trainings.participantsHint')}>
          <PeoplePicker orgUnitId={unitId} testId="training-participants" />
        </Form.Item>
      </Form>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} data-testid="training-error" />}
    </Modal>
  );
}
