import { App, Button, Card, Space, Switch, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listNotifications, markAllNotificationsRead, markNotificationRead, type NotificationView } from '../../shared/api';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { SeverityTag } from '../../shared/components/Tags';
import { absoluteTime } from '../../shared/format';
import { ListTable } from '../../shared/components/ListTable';
import { useErrorText } from '../../shared/hooks';
import { useListPage } from '../../shared/useListPage';
import { Link } from '../../router';
import { useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 20;

/** In-app notifications, unread in bold; mark one or all as read. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { refreshUnread } = useSession();
  const errorText = useErrorText();
  const list = useListPage({
    name: 'notifications',
    filter: (search) => ({ unreadOnly: search.get('unread') === '1' }),
    load: listNotifications,
    pollMs: 30_000,
    pageSize: PAGE_SIZE,
  });
  const { data, failure, refresh: load } = list;
  const { unreadOnly } = list.filter;
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    if (failure) void message.error(errorText(failure));
  }, [failure, message, errorText]);

  const run = async (key: string, action: () => Promise<unknown>, done?: string) => {
    setBusy(key);
    try {
      await action();
      if (done) void message.success(done);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
      refreshUnread();
      await load();
    }
  };

  const columns: TableColumnsType<NotificationView> = [
    { key: 'severity', title: t('notifications.colSeverity'), width: 110, render: (_, n) => <SeverityTag severity={n.severity} /> },
    {
      key: 'message',
      title: t('notifications.colMessage'),
      render: (_, n) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong={!n.readAt} data-testid={`notification-subject-${n.id}`}>
            {n.subject}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap', fontWeight: n.readAt ? undefined : 500 }}>
            {n.body}
          </Typography.Text>
          {n.status === 'deferred' && n.deliverAfter && (
            <Typography.Text type="warning">{t('notifications.deferred', { time: absoluteTime(n.deliverAfter, i18n.language) })}</Typography.Text>
          )}
          {n.link && (n.link.startsWith('/') ? <Link to={n.link}>{t('notifications.open')}</Link> : <a href={n.link}>{t('notifications.open')}</a>)}
        </Space>
      ),
    },
    { key: 'received', title: t('notifications.colReceived'), width: 160, render: (_, n) => <RelativeTime iso={n.createdAt} /> },
    {
      key: 'actions',
      title: t('notifications.colActions'),
      width: 150,
      render: (_, n) =>
        !n.readAt && (
          <Button size="small" loading={busy === n.id} data-testid={`mark-read-${n.id}`} onClick={() => void run(n.id, () => markNotificationRead(n.id))}>
            {t('notifications.markRead')}
          </Button>
        ),
    },
  ];

  return (
    <Card
      title={t('notifications.title')}
      extra={
        <Space wrap>
          <Space size="small">
            <Switch size="small" checked={unreadOnly} onChange={(on) => list.setFilter({ unread: on ? '1' : null })} data-testid="unread-only" />
            <Typography.Text>{t('notifications.unreadOnly')}</Typography.Text>
          </Space>
          <Button
            disabled={!data?.unread}
            loading={busy === 'all'}
            data-testid="mark-all-read"
            onClick={() => void run('all', markAllNotificationsRead, t('notifications.allRead'))}
          >
            {t('notifications.markAllRead')}
          </Button>
          <Button onClick={() => void load()} data-testid="notifications-refresh">
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {data && (
        <Typography.Paragraph type="secondary" data-testid="notifications-summary">
          {t('notifications.summary', { unread: data.unread, total: data.total })}
        </Typography.Paragraph>
      )}
      <ListTable<NotificationView>
        list={list}
        columns={columns}
        onRow={(n) => testId(`notification-${n.id}`)}
        locale={{ emptyText: t('notifications.empty') }}
        scroll={{ x: 800 }}
      />
    </Card>
  );
}
