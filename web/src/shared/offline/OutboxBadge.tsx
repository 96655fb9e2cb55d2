import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from '../../router';
import { useOnline, useOutbox } from './useOutbox';

const headerText = { color: '#fff' } as const;

/**
 * The header's "待发送 3" (what this device keeps to send, a link to the list) and "离线" while
 * the device has no network; nothing when online with an empty queue.
 */
export function OutboxBadge({ owner }: { owner: string }) {
  const { t } = useTranslation();
  const { items } = useOutbox(owner);
  const online = useOnline();
  const count = items.length;
  if (online && count === 0) return null;
  const title = online ? t('outbox.badgeTitle', { count }) : `${t('outbox.offlineTitle')} ${count ? t('outbox.badgeTitle', { count }) : ''}`;
  return (
    <Tooltip title={title}>
      <Link to="/outbox" style={headerText} data-testid="outbox-badge" data-count={count} data-online={online} aria-label={title}>
        <Badge count={count} size="small" offset={[8, -2]} color={online ? '#faad14' : '#ff4d4f'}>
          <span style={headerText}>{online ? t('outbox.title') : t('outbox.offline')}</span>
        </Badge>
      </Link>
    </Tooltip>
  );
}
