import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertStatus, FiredAlertKind } from '../api';
import { fmtPoints, inspectionScoreColor, LOW_INSPECTION_SCORE } from '../operations';
import { LabelTag } from './Tags';

/** An inspection's 0–100 score: red below 80, green otherwise. */
export function InspectionScore({ score, size }: { score: number; size?: number }) {
  const { t } = useTranslation();
  const low = score < LOW_INSPECTION_SCORE;
  return (
    <Typography.Text
      strong
      style={{ color: inspectionScoreColor(score), fontSize: size }}
      title={low ? t('inspections.lowScore', { threshold: LOW_INSPECTION_SCORE }) : undefined}
      data-testid="inspection-score"
      data-score={score}
      data-low={String(low)}
    >
      {fmtPoints(score)}
    </Typography.Text>
  );
}

const ALERT_STATUS_COLORS: Record<AlertStatus, string> = { open: 'red', acknowledged: 'gold', resolved: 'green' };
const ALERT_KIND_COLORS: Record<FiredAlertKind, string> = {
  overdue: 'orange',
  low_score: 'purple',
  recurring_hazard: 'volcano',
  incident_cluster: 'magenta',
  sla_breach_rate: 'geekblue',
  missed_schedule: 'red',
};

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  return <LabelTag value={status} labels="alerts.status" colors={ALERT_STATUS_COLORS} testId="alert-status" />;
}

export function AlertKindTag({ kind }: { kind: FiredAlertKind }) {
  return <LabelTag value={kind} labels="alerts.kind" colors={ALERT_KIND_COLORS} testId="alert-kind" attr="kind" />;
}
