import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { ApiError, deleteMonitorView, listMonitorViews, saveMonitorView, type MonitorFilters, type SavedMonitorView } from '../../shared/api';
import { useErrorText } from '../../shared/hooks';
import { usePolledQuery } from '../../shared/query';
import { hasRole, useSession } from '../../shared/session';
import { setSearchParams } from '../../router';
import { defined, FILTER_KEYS, normalize, sameFilters } from './monitor';

/** Saved views: pick one to apply its filters, save the current ones under a name, delete your own. */
export function MonitorSavedViews({ filters, canShare }: { filters: MonitorFilters; canShare: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const errorText = useErrorText();
  const query = usePolledQuery(['monitor-views'], async () => (await listMonitorViews()).items, false);
  const views = query.data ?? null;
  const failed = !!query.error;
  const reload = query.refresh;
  const [saving, setSaving] = useState(false);

  const active = views?.find((v) => sameFilters(normalize(v.filters), filters));
  const deletable = active && (active.mine || hasRole(user, 'admin'));
  const apply = (v: SavedMonitorView) => {
    const f = normalize(v.filters);
    setSearchParams({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k] ?? null])), page: null });
  };
  const remove = async (v: SavedMonitorView) => {
    try {
      await deleteMonitorView(v.id);
      void message.success(t('monitor.viewDeleted'));
    } catch (err) {
      void message.error(errorText(err));
    }
    await reload();
  };

  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="monitor-views">
      <Select<string>
        style={{ minWidth: 240 }}
        placeholder={failed ? t('monitor.viewsFailed') : t('monitor.views')}
        status={failed ? 'warning' : undefined}
        loading={!views && !failed}
        value={active?.id ?? null}
        onChange={(id) => {
          const v = views?.find((x) => x.id === id);
          if (v) apply(v);
        }}
        options={(views ?? []).map((v) => ({
          value: v.id,
          label: (
            <span data-testid={`view-option-${v.name}`}>
              {v.name}
              {v.shared && (
                <Tag color="blue" style={{ marginInlineStart: 6 }}>
                  {v.mine ? t('monitor.viewShared') : t('monitor.viewSharedBy', { owner: v.owner ?? '?' })}
                </Tag>
              )}
            </span>
          ),
        }))}
        notFoundContent={t('monitor.noViews')}
        data-testid="monitor-view-select"
      />
      <Button onClick={() => setSaving(true)} disabled={!!active} data-testid="monitor-view-save">
        {t('monitor.saveView')}
      </Button>
      {deletable && (
        <Popconfirm
          title={t('monitor.deleteViewConfirm', { name: active.name })}
          okText={t('monitor.deleteView')}
          cancelText={t('common.cancel')}
          onConfirm={() => remove(active)}
        >
          <Button danger data-testid="monitor-view-delete">
            {t('monitor.deleteView')}
          </Button>
        </Popconfirm>
      )}
      {saving && (
        <SaveViewModal
          filters={filters}
          canShare={canShare}
          onClose={() => setSaving(false)}
          onSaved={() => {
            setSaving(false);
            void message.success(t('monitor.viewSaved'));
            void reload();
          }}
        />
      )}
    </Space>
  );
}

function SaveViewModal({ filters, canShare, onClose, onSaved }: { filters: MonitorFilters; canShare: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const dialog = useFormDialog(
    form,
    async (v: { name: string; shared: boolean }) => {
      await saveMonitorView(v.name.trim(), canShare && !!v.shared, defined(filters));
      onSaved();
    },
    {
      onClose,
      okTestId: 'view-save-submit',
      errorOf: (err) => {
        if (!(err instanceof ApiError && err.status === 409)) return errorText(err);
        form.setFields([{ name: 'name', errors: [t('monitor.viewNameTaken')] }]);
        return null;
      },
    },
  );

  return (
    <Modal {...dialog.modalProps} title={t('monitor.saveViewTitle')} okText={t('monitor.saveView')}>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ shared: false }} onFinish={() => void dialog.submit()}>
        <Form.Item
          name="name"
          label={t('monitor.viewName')}
          rules={[{ required: true, whitespace: true, message: t('monitor.viewNameRequired') }, { max: 100 }]}
        >
          <Input maxLength={100} autoFocus data-testid="view-name" />
        </Form.Item>
        {canShare && (
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox data-testid="view-shared">{t('monitor.viewSharedLabel')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
