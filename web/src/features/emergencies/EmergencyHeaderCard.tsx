import { Col, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EmergencyDetail } from '../../shared/api';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { absoluteTime } from '../../shared/format';
import { useNow } from '../../shared/hooks';
import { formatDuration } from '../hazards/hazard';
import { RED } from '../../shared/operations';
import { DrillTag, EmergencyStatusTag, EmergencyTypeLabel } from './EmergencyTags';
import { DetailFacts, DetailHeaderCard, ProcessSteps } from '../../shared/components/DetailHeaderCard';
import { useTemporalLink } from '../../shared/access';

/** What happened where, the clock since the alarm, and the steps of the response. */
export function EmergencyHeaderCard({ detail, skew }: { detail: EmergencyDetail; skew: number }) {
  const { t, i18n } = useTranslation();
  const { emergency: e, live } = detail;
  const temporalUiUrl = useTemporalLink(detail.temporalUiUrl);
  const phase = live?.phase ?? e.status;
  const controlledAt = live?.controlledAt ?? e.controlledAt;
  const steps = [
    { title: t('emergencyDetail.steps.raised'), at: e.reportedAt },
    { title: t('emergencyDetail.steps.onSite'), at: live?.onSite.doneAt ?? e.acknowledgedAt },
    { title: t('emergencyDetail.steps.responding'), at: null },
    { title: t('emergencyDetail.steps.controlled'), at: controlledAt },
    { title: t('emergencyDetail.steps.review'), at: e.reviewedAt },
    { title: t('emergencyDetail.steps.closed'), at: live?.closedAt ?? e.closedAt },
  ];
  const current = { acknowledging: 1, responding: 2, reviewing: 4, improving: 4, closed: 5 }[phase] ?? 0;
  return (
    <DetailHeaderCard
      style={{ borderColor: phase === 'acknowledging' || phase === 'responding' ? RED : undefined, borderWidth: 2 }}
      list="emergencies"
      listSearch={e.drill ? '?drill=true' : ''}
      title={
        <>
          <EmergencyTypeLabel type={e.type} /> · {e.location}
        </>
      }
      titleTestId="emergency-title"
      tags={
        <>
          {e.drill && <DrillTag />}
          <EmergencyStatusTag status={phase} overdue={e.overdue} />
          <Tag color={e.injuries ? 'red' : 'default'} data-testid="emergency-injuries">
            {e.injuries ? t('emergency.injuries') : t('emergency.noInjuries')}
          </Tag>
        </>
      }
    >
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={7} xl={5}>
          <ElapsedClock reportedAt={e.reportedAt} stoppedAt={controlledAt} skew={skew} />
        </Col>
        <Col xs={24} md={17} xl={19}>
          <DetailFacts
            items={[
              { key: 'location', label: t('emergencyDetail.location'), children: e.location },
              { key: 'where', label: t('emergencyDetail.where'), children: e.orgUnitName },
              { key: 'reporter', label: t('emergencyDetail.reporter'), children: e.reporter },
              { key: 'reported', label: t('emergencyDetail.reportedAt'), children: absoluteTime(e.reportedAt, i18n.language) },
              ...(e.policyVersion !== null && e.policyVersion !== undefined
                ? [{ key: 'policy', label: t('emergencyDetail.policyVersion'), children: `v${e.policyVersion}` }]
                : []),
              ...(temporalUiUrl
                ? [
                    {
                      key: 'temporal',
                      label: 'Temporal',
                      children: (
                        <Space size="middle" wrap>
                          <a href={temporalUiUrl} target="_blank" rel="noreferrer" data-testid="action-temporal">
                            {t('emergencyDetail.openTemporal')}
                          </a>
                          <ProcessHistoryLink workflowId={e.workflowId} asText />
                        </Space>
                      ),
                    },
                  ]
                : []),
              {
                key: 'description',
                label: t('emergencyDetail.description'),
                span: 'filled' as const,
                children: (
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="emergency-description">
                    {e.description}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </Col>
      </Row>
      <ProcessSteps steps={steps} current={current} status={phase === 'closed' ? 'finish' : 'process'} testId="emergency-steps" marginBottom={0} />
    </DetailHeaderCard>
  );
}

/** Time since the alarm, ticking every second until the emergency is under control. */
function ElapsedClock({ reportedAt, stoppedAt, skew }: { reportedAt: string; stoppedAt: string | null; skew: number }) {
  const { t } = useTranslation();
  const now = useNow(1000) + skew;
  const ms = (stoppedAt ? Date.parse(stoppedAt) : now) - Date.parse(reportedAt);
  const running = !stoppedAt;
  return (
    <div data-testid="emergency-clock" data-state={running ? 'running' : 'stopped'}>
      <div style={{ fontSize: 36, fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: running ? RED : '#0b6e4f', lineHeight: 1.1 }}>
        {formatDuration(Math.max(0, ms), t('hazard.sla.dayUnit'))}
      </div>
      <Typography.Text type="secondary">{running ? t('emergencyDetail.sinceAlarm') : t('emergencyDetail.controlledAfter')}</Typography.Text>
    </div>
  );
}
