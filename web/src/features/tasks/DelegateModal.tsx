import { Alert, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { delegateTask, type TaskView } from '../../shared/api';
import { useUnitUsers } from '../../shared/options';
import { useSession } from '../../shared/session';
import { useLocalDisplayName } from '../../shared/names';

/** Hands a task to a colleague of the task's org unit. */
export function DelegateModal({ task, onClose, onDone }: { task: TaskView; onClose: () => void; onDone: (task: TaskView) => void }) {
  const { t } = useTranslation();
  const displayNameOf = useLocalDisplayName();
  const { user } = useSession();
  const [form] = Form.useForm<{ toUserId: string }>();
  const colleagues = useUnitUsers(task.orgUnitId);
  const users = colleagues.items?.filter((u) => u.id !== user.id && u.id !== task.assignee?.id) ?? null;
  const loadError = colleagues.failed ? t('delegateModal.loadFailed') : null;

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
            options={(users ?? []).map((u) => ({ value: u.id, label: `${displayNameOf(u)} (${u.username})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
