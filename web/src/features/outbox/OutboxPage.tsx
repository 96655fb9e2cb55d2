import { Alert, Button, Card, Flex, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from '../../router';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { requestSync } from '../../shared/offline/outbox';
import { deviceOutbox } from '../../shared/offline/store';
import type { OutboxItem, SentItem } from '../../shared/offline/types';
import { useOnline, useOutbox } from '../../shared/offline/useOutbox';
import { useSession } from '../../shared/session';

const KIND_COLOUR: Record<OutboxItem['kind'], string> = { emergency: 'red', hazard: 'orange', task: 'blue', inspection: 'cyan' };

/**
 * 待发送: what this device keeps for the signed-in user because it could not be sent — each item
 * with its state (waiting, or refused with the server's reason: try again or delete) — and what
 * was sent, with the server's answer per item (received, already received, completed).
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { items, sent, loaded } = useOutbox(user.id);
  const online = useOnline();

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 720, margin: '0 auto', display: 'flex' }} data-testid="outbox-page">
      <Card
        title={t('outbox.title')}
        extra={
          <Button type="primary" disabled={!online || items.length === 0} onClick={requestSync} data-testid="outbox-send-now">
            {t('outbox.sendNow')}
          </Button>
        }
        styles={{ body: { padding: 16 } }}
      >
        <Typography.Paragraph type="secondary">{t('outbox.intro')}</Typography.Paragraph>
        {!online && <Alert type="warning" showIcon title={t('outbox.offlineNow')} style={{ marginBottom: 12 }} data-testid="outbox-offline" />}
        <Typography.Title level={5} data-testid="outbox-count" data-count={loaded ? items.length : undefined}>
          {t('outbox.waitingHeading')} ({items.length})
        </Typography.Title>
        {loaded && items.length === 0 && (
          <Typography.Paragraph type="secondary" data-testid="outbox-empty">
            {t('outbox.empty')}
          </Typography.Paragraph>
        )}
        <Flex vertical gap={8}>
          {items.map((item) => (
            <WaitingItem key={item.id} item={item} />
          ))}
        </Flex>
      </Card>
      {sent.length > 0 && (
        <Card
          title={t('outbox.sentHeading')}
          extra={
            <Button size="small" onClick={() => void deviceOutbox.clearSent(user.id)} data-testid="outbox-clear-sent">
              {t('outbox.clearSent')}
            </Button>
          }
          styles={{ body: { padding: 16 } }}
        >
          <Flex vertical gap={8}>
            {sent.map((s) => (
              <SentRow key={s.id} item={s} />
            ))}
          </Flex>
        </Card>
      )}
    </Space>
  );
}

const rowStyle = { border: '1px solid #f0f0f0', borderRadius: 8, padding: 12 } as const;

function WaitingItem({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const photos = item.files?.length ?? 0;
  return (
    <div style={rowStyle} data-testid="outbox-item" data-id={item.id} data-kind={item.kind} data-state={item.state}>
      <Flex justify="space-between" align="start" gap={8} wrap>
        <Space direction="vertical" size={2} style={{ minWidth: 0, flex: 1 }}>
          <Space size={4} wrap>
            <Tag color={KIND_COLOUR[item.kind]}>{t(`outbox.kind.${item.kind}`)}</Tag>
            <Tag color={item.state === 'invalid' ? 'error' : 'processing'} data-testid="outbox-item-state">
              {t(`outbox.state.${item.state}`)}
            </Tag>
          </Space>
          <Typography.Text strong style={{ wordBreak: 'break-word' }} data-testid="outbox-item-title">
            {item.title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('outbox.savedAt')} <RelativeTime iso={item.createdAt} />
            {photos > 0 && ` · ${t('outbox.photos', { count: photos })}`}
            {item.attempts > 0 && ` · ${t('outbox.attempts', { count: item.attempts })}`}
          </Typography.Text>
          {item.error && (
            <Typography.Text type={item.state === 'invalid' ? 'danger' : 'warning'} style={{ fontSize: 12 }} data-testid="outbox-item-error">
              {item.error}
            </Typography.Text>
          )}
        </Space>
        <Space size={4}>
          {item.state === 'invalid' && (
            <Button size="small" onClick={() => void deviceOutbox.put({ ...item, state: 'waiting' }).then(requestSync)} data-testid="outbox-item-retry">
              {t('outbox.retry')}
            </Button>
          )}
          <Popconfirm
            title={t('outbox.removeConfirm')}
            onConfirm={() => deviceOutbox.remove(item.id)}
            okText={t('outbox.remove')}
            cancelText={t('common.cancel')}
          >
            <Button size="small" danger data-testid="outbox-item-remove">
              {t('outbox.remove')}
            </Button>
          </Popconfirm>
        </Space>
      </Flex>
    </div>
  );
}

function SentRow({ item }: { item: SentItem }) {
  const { t } = useTranslation();
  return (
    <div style={rowStyle} data-testid="outbox-sent-item" data-id={item.id} data-kind={item.kind} data-result={item.result}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Space direction="vertical" size={2} style={{ minWidth: 0, flex: 1 }}>
          <Space size={4} wrap>
            <Tag color={KIND_COLOUR[item.kind]}>{t(`outbox.kind.${item.kind}`)}</Tag>
            <Tag color="success" data-testid="outbox-sent-result">
              {t(`outbox.result.${item.result}`)}
            </Tag>
          </Space>
          <Typography.Text style={{ wordBreak: 'break-word' }}>{item.title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('outbox.sentAt')} <RelativeTime iso={item.sentAt} />
          </Typography.Text>
        </Space>
        {item.link && (
          <Link to={item.link} data-testid="outbox-sent-open">
            {t('outbox.open')}
          </Link>
        )}
      </Flex>
    </div>
  );
}
