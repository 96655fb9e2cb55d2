import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EmergencyStatus, EmergencyType } from '../../shared/api';
import { useLabel } from '../../i18n';

export const EMERGENCY_STATUS_COLORS: Record<EmergencyStatus, string> = {
  acknowledging: 'red',
  responding: 'volcano',
  reviewing: 'blue',
  improving: 'cyan',
  closed: 'green',
};

export function EmergencyStatusTag({ status, overdue }: { status: EmergencyStatus; overdue?: boolean }) {
  const label = useLabel();
  const { t } = useTranslation();
  return (
    <Tag color={EMERGENCY_STATUS_COLORS[status] ?? 'default'} data-testid="emergency-status" data-status={status}>
      {label(`emergency.status.${status}`, status)}
      {overdue ? ` · ${t('emergencyDetail.overdue')}` : ''}
    </Tag>
  );
}

/** The type in words; an unknown type (added by the backend later) by its raw name. */
export function EmergencyTypeLabel({ type }: { type: EmergencyType | string }) {
  const label = useLabel();
  return <>{label(`emergency.type.${type}`, type)}</>;
}

export function DrillTag() {
  const { t } = useTranslation();
  return (
    <Tag color="purple" data-testid="emergency-drill-badge" style={{ fontWeight: 700 }}>
      {t('emergency.drill')}
    </Tag>
  );
}
