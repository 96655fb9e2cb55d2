import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MeasureStatus, RiskAssessmentStatus, RiskChange, RiskGap, RiskLevel } from '../../shared/api';
import { RISK_COLORS } from '../hazards/hazard';
import { useLabel } from '../../i18n';
import { CHANGE_COLORS, MEASURE_STATUS_COLORS, RISK_STATUS_COLORS } from './risk';

export function RiskStatusTag({ status }: { status: RiskAssessmentStatus }) {
  const label = useLabel();
  return (
    <Tag color={RISK_STATUS_COLORS[status] ?? 'default'} data-testid="risk-status" data-status={status}>
      {label(`risk.status.${status}`, status)}
    </Tag>
  );
}

/** Departments that missed an SLA: red, with the department's name and the step. */
export function GapTags({ gaps }: { gaps: RiskGap[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <Space size={4} wrap data-testid="risk-gaps">
      {gaps.map((g) => (
        <Tooltip key={`${g.orgUnitId}-${g.step}`} title={t('riskList.gapHint')}>
          <Tag color="red" data-testid="risk-gap">
            {t('riskList.gap', { unit: g.orgUnitName || g.orgUnitId, step: label(`riskDetail.stepOf.${g.step}`, g.step) })}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** "High · 16 (4 × 4)". */
export function RiskLevelTag({ level, score, likelihood, severity }: { level: RiskLevel; score?: number; likelihood?: number; severity?: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={RISK_COLORS[level]} data-testid="risk-level" data-level={level}>
      {t(`hazard.risk.${level}`)}
      {score !== undefined ? ` · ${score}` : ''}
      {likelihood && severity ? ` (${likelihood} × ${severity})` : ''}
    </Tag>
  );
}

export function MeasureStatusTag({ status }: { status: MeasureStatus }) {
  const label = useLabel();
  return (
    <Tag color={MEASURE_STATUS_COLORS[status] ?? 'default'} data-testid="measure-status" data-status={status}>
      {label(`risk.measureStatus.${status}`, status)}
    </Tag>
  );
}

export function ChangeTag({ change }: { change: RiskChange }) {
  const label = useLabel();
  return (
    <Tag color={CHANGE_COLORS[change] ?? 'default'} data-testid="risk-change" data-change={change}>
      {label(`risk.change.${change}`, change)}
    </Tag>
  );
}
