import { App, Button, Card, Descriptions, Drawer, Table, Typography, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listMailSink, type MailPage, type MailView } from '../../shared/api';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { absoluteTime } from '../../shared/format';
import { useErrorText, usePolling } from '../../shared/hooks';
import { setSearchParams, useLocation } from '../../router';
import { testId } from '../../shared/testIds';

const PAGE_SIZE = 50;

/** Mails caught by the built-in SMTP sink (admins, safety officers, auditors). */
export function MailSinkPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { search } = useLocation();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const [data, setData] = useState<MailPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<MailView | null>(null);
  const request = useRef(0);

  const load = async () => {
    const mine = ++request.current;
    setLoading(true);
    try {
      const result = await listMailSink(page, PAGE_SIZE);
      if (mine === request.current) setData(result);
    } catch (err) {
      if (mine === request.current) void message.error(errorText(err));
    } finally {
      if (mine === request.current) setLoading(false);
    }
  };
  usePolling(load, 30_000, [page]);

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
    <Card
      title={t('mail.title')}
      extra={
        <Button onClick={() => void load()} data-testid="mail-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('mail.hint')}</Typography.Paragraph>
      <Table<MailView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading && !data}
        onRow={(m) => ({ ...testId(`mail-row-${m.id}`), onClick: () => setOpen(m), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('mail.empty') }}
        scroll={{ x: 800 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
        }}
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
