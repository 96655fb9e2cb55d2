import { Alert, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { delegateTask, listUsers, type TaskView, type UserRef } from '../../shared/api';
import { useErrorText } from '../../shared/hooks';
import { useSession } from '../../shared/session';

/** Hands a task to a colleague of the task's org unit. */
export function DelegateModal({ task, onClose, onDone }: { task: TaskView; onClose: () => void; onDone: (task: TaskView) => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ toUserId: string }>();
  const [users, setUsers] = useState<UserRef[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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

  const submit = async () => {
    let values: { toUserId: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await delegateTask(task.id, values.toUserId));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('delegateModal.title', { title: task.title })}
      okText={t('delegateModal.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      {(loadError ?? error) && <Alert type="error" showIcon title={loadError ?? error} style={{ marginBottom: 16 }} />}
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
