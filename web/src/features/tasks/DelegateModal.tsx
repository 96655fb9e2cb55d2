import { Alert, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { delegateTask, listUsers, type TaskView, type UserRef } from '../../shared/api';
import { useSession } from '../../shared/session';

/** Hands a task to a colleague of the task's org unit. */
export function DelegateModal({ task, onClose, onDone }: { task: TaskView; onClose: () => void; onDone: (task: TaskView) => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [form] = Form.useForm<{ toUserId: string }>();
  const [users, setUsers] = useState<UserRef[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listUsers(task.orgUnitId).then(
      (r) => live && setUsers(r.items.filter((u) => u.id !== user.id && u.id !== task.assignee?.id)),
      () => live && setLoadError(t('delegateModal.loadFailed')),
    );
    return () => {
      live = false;
    };
  }, [task.orgUnitId, task.assignee?.id, user.id, t]);

  const dialog = useFormDialog(
    form,
    async (values: { toUserId: string }) => {
      onDone(await delegateTask(task.id, values.toUserId));
    },
    { onClose },
  );

  return (
    <Modal {...dialog.modalProps} title={t('delegateModal.title', { title: task.title })} okText={t('delegateModal.submit')}>
      {(loadError ?? dialog.error) && <Alert type="error" showIcon title={loadError ?? dialog.error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="toUserId" label={t('delegateModal.to')} rules={[{ required: true, message: t('delegateModal.toRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={users === null && !loadError}
            placeholder={t('delegateModal.placeholder')}
            options={(users ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
