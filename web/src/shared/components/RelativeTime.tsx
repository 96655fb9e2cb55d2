import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { absoluteTime, relativeTime } from '../format';
import { useNow } from '../hooks';

/** "in 3 hours", with the exact date and time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const now = useNow();
  return (
    <Tooltip title={absoluteTime(iso, i18n.language)}>
      <time dateTime={iso}>{relativeTime(iso, i18n.language, now)}</time>
    </Tooltip>
  );
}
