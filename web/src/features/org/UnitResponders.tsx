import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchUnitResponders, setUnitResponders, type ResponderPerson } from '../../shared/api';
import { useErrorText } from '../../shared/hooks';
import { usePolledQuery } from '../../shared/query';
import { PeoplePicker } from '../../shared/components/PeoplePicker';

const personLabel = (p: ResponderPerson) => `${p.name} (${p.employeeNo})${p.usernames.length ? ` · ${p.usernames.join(', ')}` : ''}`;

/**
 * A unit's responders: its head plus the people it names. The unit's tasks (and their
 * notifications, reminders and escalations) go to them, not to every member.
 */
export function UnitResponders({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const key = ['unit-responders', unitId];
  const { data } = usePolledQuery(key, () => fetchUnitResponders(unitId), false);
  // What is being edited, and the last save's error, belong to the unit they were made on.
  const [edit, setEdit] = useState<{ unitId: string; ids: string[] | null; error: string | null } | null>(null);
  const editing = edit?.unitId === unitId ? edit.ids : null;
  const error = edit?.unitId === unitId ? edit.error : null;
  const setEditing = (ids: string[] | null) => setEdit({ unitId, ids, error });
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (!editing) return;
    setBusy(true);
    setEdit({ unitId, ids: editing, error: null });
    try {
      queryClient.setQueryData(key, await setUnitResponders(unitId, editing));
      setEditing(null);
    } catch (err) {
      setEdit({ unitId, ids: editing, error: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  if (!data) return <Card size="small" title={t('org.responders.title')} loading />;
  const r = data;
  return (
    <Card
      size="small"
      title={t('org.responders.title')}
      data-testid="unit-responders"
      extra={
        r.canEdit && !editing ? (
          <Button size="small" onClick={() => setEditing(r.responders.map((p) => p.personId))} data-testid="responders-edit">
            {t('org.responders.edit')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('org.responders.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="responders-error" />}
      {editing ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <PeoplePicker
            value={editing}
            onChange={(ids) => setEditing(ids)}
            known={r.responders.map((p) => ({ id: p.personId, name: p.name, employeeNo: p.employeeNo }))}
            testId="responders-picker"
          />
          <Space>
            <Button type="primary" loading={busy} onClick={() => void save()} data-testid="responders-save">
              {t('org.responders.save')}
            </Button>
            <Button onClick={() => setEditing(null)} disabled={busy}>
              {t('org.responders.cancel')}
            </Button>
          </Space>
        </Space>
      ) : (
        <Space orientation="vertical" size={4}>
          {r.head && (
            <span data-testid="responder-head">
              <Tag color="gold">{t('org.head')}</Tag>
              {personLabel(r.head)}
            </span>
          )}
          {r.responders.map((p) => (
            <span key={p.personId} data-testid="responder">
              <Tag color="blue">{t('org.responders.responder')}</Tag>
              {personLabel(p)}
            </span>
          ))}
          {!r.head && r.responders.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.responders.none')} />}
        </Space>
      )}
    </Card>
  );
}
