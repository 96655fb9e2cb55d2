import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CorrectiveAction, IncidentDetail, IncidentStatus } from '../../shared/api';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { absoluteTime } from '../../shared/format';
import { SlaCountdown } from '../processes/SlaCountdown';

/** What the current step's clock is for, by the incident's phase (the actions have clocks of their own). */
const STEP_CLOCKS: Partial<Record<IncidentStatus, 'clockClassify' | 'clockInvestigate' | 'clockResponsibility' | 'clockClose'>> = {
  classifying: 'clockClassify',
  investigating: 'clockInvestigate',
  determining: 'clockResponsibility',
  closing: 'clockClose',
};

/** A ticking countdown to `dueAt` with the escalation tag, if any. */
function Clock({ dueAt, breached, escalationLevel, testId }: { dueAt: string; breached: boolean; escalationLevel: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap data-testid={testId} data-due-at={dueAt}>
      <SlaCountdown deadline={dueAt} skew={0} overdue={breached} />
      {escalationLevel > 0 && <Tag color="volcano">{t('incident.escalated', { level: escalationLevel })}</Tag>}
    </Space>
  );
}

/** The clock an action runs on: its due date while it is being done, its next effectiveness re-check while it is watched. */
function actionClock(a: CorrectiveAction): { label: 'actionClockDue' | 'actionClockRecheck'; dueAt: string } | null {
  if (a.status === 'doing') return { label: 'actionClockDue', dueAt: a.dueAt };
  if (a.status === 'monitoring' && a.nextRecheckAt) return { label: 'actionClockRecheck', dueAt: a.nextRecheckAt };
  return null;
}

/**
 * The live clocks, ticking every second: the report to the authority (or when it was made), the
 * current step's SLA (classification, investigation, responsibility, closing) with its escalation,
 * and each corrective action's due date or next effectiveness re-check.
 */
export function IncidentClocksCard({ detail }: { detail: IncidentDetail }) {
  const { t, i18n } = useTranslation();
  const { incident: i, live, actions } = detail;
  const regulatory =
    live?.regulatory ?? (i.regulatoryDueAt ? { dueAt: i.regulatoryDueAt, reportedAt: i.regulatoryReportedAt, escalationLevel: 0, breached: false } : null);
  const ended = i.status === 'closed' || i.status === 'cancelled';
  // The projection's due date stands in while the process does not answer.
  const step = live?.clock ?? (!ended && !live && i.dueAt ? { dueAt: i.dueAt, breached: i.overdue, escalationLevel: i.escalationLevel } : null);
  const stepLabel = STEP_CLOCKS[live?.phase ?? i.status] ?? 'stepDue';
  const actionClocks = [...actions]
    .sort((a, b) => a.n - b.n)
    .flatMap((a) => {
      const c = actionClock(a);
      return c ? [{ a, ...c }] : [];
    });
  return (
    <Card size="small" title={t('incidentDetail.clocks')} data-testid="incident-clocks">
      {!live && !ended && <Alert type="info" showIcon title={t('incidentDetail.liveUnavailable')} style={{ marginBottom: 8 }} />}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('incidentDetail.regulatoryDue')}>
          {!regulatory ? (
            <Typography.Text type="secondary" data-testid="incident-regulatory-none">
              {t(i.status === 'classifying' ? 'incidentDetail.reportablePending' : 'incidentDetail.notReportable')}
            </Typography.Text>
          ) : regulatory.reportedAt ? (
            <span data-testid="incident-regulatory-reported">
              {t('incidentDetail.regulatoryReported')} {absoluteTime(regulatory.reportedAt, i18n.language)}
            </span>
          ) : (
            <Clock dueAt={regulatory.dueAt} breached={regulatory.breached} escalationLevel={regulatory.escalationLevel} testId="incident-regulatory-due" />
          )}
        </Descriptions.Item>
        {step && !ended && (
          <Descriptions.Item label={t(`incidentDetail.${stepLabel}`)}>
            <Clock dueAt={step.dueAt} breached={step.breached} escalationLevel={step.escalationLevel} testId="incident-step-due" />
          </Descriptions.Item>
        )}
        {actionClocks.map(({ a, label, dueAt }) => (
          <Descriptions.Item key={a.id} label={t(`incidentDetail.${label}`, { n: a.n })}>
            <Space size={4} wrap data-testid={`incident-action-clock-${a.n}`} data-clock={label}>
              <SlaCountdown deadline={dueAt} skew={0} />
              {a.orgUnitName && <Typography.Text type="secondary">{a.orgUnitName}</Typography.Text>}
            </Space>
          </Descriptions.Item>
        ))}
        {i.closedAt && (
          <Descriptions.Item label={t('incident.status.closed')}>
            <RelativeTime iso={i.closedAt} />
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
