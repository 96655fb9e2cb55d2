import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { absoluteTime } from '../../shared/format';
import { useNow } from '../../shared/hooks';

const SOON_SECONDS = 3600;

/** "2h 5m", "4m 12s", "3d 4h": the two largest units of a duration in seconds (sign ignored). */
export function useCompactDuration(): (seconds: number) => string {
  const { t } = useTranslation();
  return (seconds: number) => {
    const s = Math.floor(Math.abs(seconds));
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return t('monitor.duration.dh', { d, h });
    if (h > 0) return t('monitor.duration.hm', { h, m });
    if (m > 0) return t('monitor.duration.ms', { m, s: s % 60 });
    return t('monitor.duration.s', { s });
  };
}

/**
 * Time left to an SLA deadline, ticking every second: "2h 5m left", orange within the hour, red
 * "overdue 2h 5m" past it. `skew` is the server's clock minus the browser's, so the countdown
 * agrees with the server whatever the browser's clock says.
 */
export function SlaCountdown({ deadline, skew, overdue }: { deadline: string | null; skew: number; overdue?: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000) + skew;
  const duration = useCompactDuration();
  if (!deadline) return <Typography.Text type="secondary">{t('monitor.noDeadline')}</Typography.Text>;
  const seconds = Math.round((Date.parse(deadline) - now) / 1000);
  const late = seconds < 0 || (overdue === true && seconds <= 0);
  const soon = !late && seconds < SOON_SECONDS;
  return (
    <Tooltip title={t('monitor.deadlineAt', { time: absoluteTime(deadline, i18n.language) })}>
      <span
        data-testid="sla-countdown"
        data-seconds={seconds}
        data-overdue={late ? 'true' : 'false'}
        style={{
          fontVariantNumeric: 'tabular-nums',
          whiteSpace: 'nowrap',
          fontWeight: late ? 600 : undefined,
          color: late ? '#cf1322' : soon ? '#d46b08' : undefined,
        }}
      >
        {late ? t('monitor.overdueBy', { time: duration(seconds) }) : t('monitor.timeLeft', { time: duration(seconds) })}
      </span>
    </Tooltip>
  );
}
