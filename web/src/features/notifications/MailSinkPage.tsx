import { App, Card, Descriptions, Drawer, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listMailSink, type MailView } from '../../shared/api';
import { ListTable } from '../../shared/components/ListTable';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { absoluteTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { useListPage } from '../../shared/useListPage';
import { testId } from '../../shared/testIds';
import { RefreshButton } from '../../shared/components/ListFilters';

const PAGE_SIZE = 50;

/** Mails caught by the built-in SMTP sink (admins, safety officers, auditors). */
export function MailSinkPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const list = useListPage({
    name: 'mail',
    filter: () => ({}),
    load: ({ page, pageSize }) => listMailSink(page, pageSize),
    pollMs: 30_000,
    pageSize: PAGE_SIZE,
  });
  const { failure } = list;
  const [open, setOpen] = useState<MailView | null>(null);
  useEffect(() => {
    if (failure) void message.error(errorText(failure));
  }, [failure, message, errorText]);

  const columns: TableColumnsType<MailView> = [
    { key: 'from', title: t('mail.from'), dataIndex: 'from', ellipsis: true },
    { key: 'to', title: t('mail.to'), dataIndex: 'to', ellipsis: true },
    {
      key: 'subject',
      title: t('mail.subject'),
      render: (_, m) => (
        <Typography.Link onClick={() => setOpen(m)} data-testid={`mail-open-${m.id}`}>
          {m.subject}
        </Typography.Link>
      ),
    },
    { key: 'received', title: t('mail.received'), width: 160, render: (_, m) => <RelativeTime iso={m.receivedAt} /> },
  ];

  return (
    <Card title={t('mail.title')} extra={<RefreshButton onRefresh={list.refresh} testId="mail-refresh" />}>
      <Typography.Paragraph type="secondary">{t('mail.hint')}</Typography.Paragraph>
      <ListTable<MailView>
        list={list}
        columns={columns}
        onRow={(m) => ({ ...testId(`mail-row-${m.id}`), onClick: () => setOpen(m), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('mail.empty') }}
        scroll={{ x: 800 }}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={open?.subject ?? t('mail.drawerTitle')} size={640} data-testid="mail-drawer">
        {open && (
          <>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'from', label: t('mail.from'), children: open.from },
                { key: 'to', label: t('mail.to'), children: open.to },
                { key: 'received', label: t('mail.received'), children: absoluteTime(open.receivedAt, i18n.language) },
              ]}
            />
            <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'inherit', marginTop: 16 }} data-testid="mail-body">
              {open.text}
            </pre>
          </>
        )}
      </Drawer>
    </Card>
  );
}
