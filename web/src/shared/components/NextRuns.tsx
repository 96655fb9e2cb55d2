import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { absoluteTime } from '../format';
import { RelativeTime } from './RelativeTime';

/** When a schedule runs next (its next runs on hover); paused, or with no run ahead: none. */
export function NextRuns({ paused, nextRuns }: { paused: boolean; nextRuns: string[] }) {
  const { t, i18n } = useTranslation();
  if (paused || !nextRuns[0]) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Tooltip title={nextRuns.map((r) => absoluteTime(r, i18n.language)).join(' · ')}>
      <span>
        <RelativeTime iso={nextRuns[0]} />
      </span>
    </Tooltip>
  );
}
