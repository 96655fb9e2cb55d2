import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HazardSeverity, HazardStatus, RiskLevel } from '../../shared/api';
import { formatDuration, RISK_COLORS, STATUS_COLORS } from './hazard';
import { useNow } from '../../shared/hooks';

export function HazardStatusTag({ status }: { status: HazardStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="hazard-status">
      {t(`hazard.status.${status}`)}
    </Tag>
  );
}

export function HazardSeverityTag({ severity }: { severity: HazardSeverity | null }) {
  const { t } = useTranslation();
  if (!severity) return <Tag>{t('hazard.ungraded')}</Tag>;
  return <Tag color={severity === 'major' ? 'red' : 'blue'}>{t(`hazard.severity.${severity}`)}</Tag>;
}

/** "High · 12 (3 × 4)": level with score, and likelihood × severity when known. */
export function RiskTag({
  level,
  score,
  likelihood,
  severity,
}: {
  level: RiskLevel | null;
  score: number | null;
  likelihood?: number | null;
  severity?: number | null;
}) {
  const { t } = useTranslation();
  if (!level) return null;
  const factors = likelihood && severity ? ` (${likelihood} × ${severity})` : '';
  return (
    <Tooltip title={t('hazard.riskHint')}>
      <Tag color={RISK_COLORS[level]} data-testid="risk-tag">
        {t(`hazard.risk.${level}`)}
        {score !== null ? ` · ${score}${factors}` : ''}
      </Tag>
    </Tooltip>
  );
}

export function OverdueTag({ days }: { days: number }) {
  const { t } = useTranslation();
  return (
    <Tag color="red" data-testid="overdue-tag">
      {days > 0 ? t('hazard.overdueDays', { count: days }) : t('hazard.overdue')}
    </Tag>
  );
}

/**
 * The live SLA clock: counts down to `dueAt` every second, turns orange in the last hour and red,
 * counting up, once the deadline has passed.
 */
export function SlaClock({ dueAt, stopped }: { dueAt: string | null; stopped?: boolean }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  if (!dueAt || stopped)
    return (
      <Typography.Text type="secondary" data-testid="sla-clock" data-state="none">
        {stopped ? t('hazard.sla.stopped') : t('hazard.sla.none')}
      </Typography.Text>
    );
  const left = new Date(dueAt).getTime() - now;
  const overdue = left < 0;
  const color = overdue ? '#cf1322' : left < 3600_000 ? '#d46b08' : '#0b6e4f';
  return (
    <span
      data-testid="sla-clock"
      data-state={overdue ? 'overdue' : 'running'}
      style={{ color, fontVariantNumeric: 'tabular-nums', fontSize: 22, fontWeight: 600 }}
    >
      {overdue ? `+${formatDuration(left, t('hazard.sla.dayUnit'))}` : formatDuration(left, t('hazard.sla.dayUnit'))}
      <Typography.Text style={{ color, fontSize: 13, fontWeight: 400, marginInlineStart: 8 }}>
        {overdue ? t('hazard.sla.overdue') : t('hazard.sla.left')}
      </Typography.Text>
    </span>
  );
}
