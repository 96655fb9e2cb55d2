import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentLevel, IncidentStatus, IncidentSummary } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { RelativeTime } from '../../shared/components/RelativeTime';

const STATUS_COLORS: Record<IncidentStatus, string> = {
  classifying: 'orange',
  investigating: 'blue',
  determining: 'purple',
  actions: 'cyan',
  closing: 'geekblue',
  closed: 'green',
  cancelled: 'default',
};

const LEVEL_COLORS: Record<IncidentLevel, string> = { general: 'gold', larger: 'orange', major: 'red', especially_major: 'magenta' };

export function IncidentStatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="incident-status" data-status={status}>
      {t(`incident.status.${status}`)}
    </Tag>
  );
}

/** The regulation's level (一般/较大/重大/特别重大) of a reportable incident; nothing below the line. */
export function IncidentLevelTag({ level }: { level: IncidentLevel | null }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <Tag color={LEVEL_COLORS[level]} data-testid="incident-level" data-level={level}>
      {t('incident.levelTag', { level: t(`incident.level.${level}`) })}
    </Tag>
  );
}

export function IncidentKindTag({ incident }: { incident: Pick<IncidentSummary, 'kind' | 'anonymous'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={incident.kind === 'incident' ? 'red' : 'gold'}>{t(`incident.kind.${incident.kind}`)}</Tag>
      {incident.anonymous && <Tag>{t('incident.anonymous')}</Tag>}
    </Space>
  );
}

/**
 * An incident's clocks: the report to the authority (due, or when it was made) and the current
 * step's due date with its overdue tag.
 */
export function IncidentClocks({ incident }: { incident: IncidentSummary }) {
  const { t } = useTranslation();
  const ended = incident.status === 'closed' || incident.status === 'cancelled';
  return (
    <Space orientation="vertical" size={2}>
      {incident.regulatoryReportedAt ? (
        <Typography.Text type="secondary">
          {t('incidentList.reportedToAuthority')} <RelativeTime iso={incident.regulatoryReportedAt} />
        </Typography.Text>
      ) : (
        incident.regulatoryDueAt && (
          <Space size={4} wrap data-testid="incident-regulatory-due">
            <Typography.Text>{t('incidentList.reportDue')}</Typography.Text>
            <DueCell task={{ dueAt: incident.regulatoryDueAt, overdue: false, status: 'open' }} />
          </Space>
        )
      )}
      {!ended && incident.dueAt && (
        <Space size={4} wrap>
          <Typography.Text type="secondary">{t('incidentList.stepDue')}</Typography.Text>
          <DueCell task={{ dueAt: incident.dueAt, overdue: incident.overdue, status: 'open' }} />
          {incident.escalationLevel > 0 && <Tag color="volcano">{t('incident.escalated', { level: incident.escalationLevel })}</Tag>}
        </Space>
      )}
    </Space>
  );
}
