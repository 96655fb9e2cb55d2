import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Priority, Severity } from '../api';

const COLORS: Record<Priority | Severity, string> = { critical: 'red', normal: 'blue', info: 'default' };

export function PriorityTag({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[priority]}>{t(`priority.${priority}`)}</Tag>;
}

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[severity]}>{t(`severity.${severity}`)}</Tag>;
}
