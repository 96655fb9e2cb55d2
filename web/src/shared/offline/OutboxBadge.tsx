import { useTranslation } from 'react-i18next';
import { Link } from '../../router';
import { useOnline, useOutbox } from './useOutbox';
import '../lite/lite.css';

/**
 * The header's "待发送 3" (what this device keeps to send, a link to the list) and "离线" while
 * the device has no network; nothing when online with an empty queue. Plain elements (the light
 * report route shows it without Ant Design).
 */
export function OutboxBadge({ owner }: { owner: string }) {
  const { t } = useTranslation();
  const { items } = useOutbox(owner);
  const online = useOnline();
  const count = items.length;
  if (online && count === 0) return null;
  const title = online ? t('outbox.badgeTitle', { count }) : `${t('outbox.offlineTitle')} ${count ? t('outbox.badgeTitle', { count }) : ''}`;
  return (
    <Link to="/outbox" data-testid="outbox-badge" data-count={count} data-online={online} aria-label={title} title={title}>
      <span className="sl-count">
        {online ? t('outbox.title') : t('outbox.offline')}
        {count > 0 && <sup style={{ background: online ? '#faad14' : '#ff4d4f' }}>{count}</sup>}
      </span>
    </Link>
  );
}
