import { Alert, Button, Col, Row, Space, Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hazard, HazardDetail, HazardEvent } from '../../shared/api';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { absoluteTime } from '../../shared/format';
import { hasRole, useSession } from '../../shared/session';
import { HazardSeverityTag, HazardStatusTag, OverdueTag, RiskTag } from './HazardTags';
import { SlaStatistic } from './SlaStatistic';
import { OPEN_STATUSES } from './hazard';
import type { HazardActionKind } from './HazardActionModal';
import { DetailFacts, DetailHeaderCard, ProcessSteps } from '../../shared/components/DetailHeaderCard';
import { useTemporalLink } from '../../shared/access';

function stepIndex(h: Hazard, events: HazardEvent[]): number {
  switch (h.status) {
    case 'grading':
      return 1;
    case 'acknowledging':
      return 2;
    case 'rectifying':
    case 'major_actions':
      return 3;
    case 'verifying':
      return 4;
    case 'closed':
      return 5;
    case 'cancelled':
      // Where it was when it was cancelled.
      if (events.some((e) => e.type === 'rectification_submitted')) return 4;
      return h.acknowledgedAt ? 3 : h.gradedAt ? 2 : 1;
  }
}

/** The hazard's title, state, steps, SLA clock, figures and the actions the reader may take. */
export function HazardHeaderCard({ detail, onAction }: { detail: HazardDetail; onAction: (a: HazardActionKind) => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const { hazard: h, live, tasks, timeline } = detail;
  const temporalUiUrl = useTemporalLink(detail.temporalUiUrl);
  const open = OPEN_STATUSES.includes(h.status);
  const safety = hasRole(user, 'safety_officer', 'admin');
  // Members of the responsible department: the unit itself, or someone who can work its open tasks.
  const responsible =
    !!h.responsibleOrgUnitId &&
    (user.orgUnitId === h.responsibleOrgUnitId ||
      tasks.some(
        (x) => x.status === 'open' && x.orgUnitId === h.responsibleOrgUnitId && (x.actions.canClaim || x.actions.canComplete || x.actions.canUnclaim),
      ));
  const rectifying = h.status === 'rectifying' || h.status === 'major_actions';
  const extensionPending = (live?.openTasks ?? []).some((x) => x.taskType === 'hazard.extension_approval');
  const dueAt = live ? live.dueAt : h.dueAt;
  const escalation = live?.escalationLevel ?? h.escalationLevel;
  const rework = live?.reworkCount ?? h.reworkCount;
  const overdueDays = live?.overdueDays ?? h.overdueDays;
  const current = stepIndex(h, timeline);
  const thirdStep =
    h.severity === 'major'
      ? t('hazardDetail.step.major_actions')
      : h.severity === 'general'
        ? t('hazardDetail.step.rectifying')
        : t('hazardDetail.step.rectifyingOrMajor');

  const buttons: ReactNode[] = [];
  if (rectifying && (responsible || hasRole(user, 'admin'))) {
    buttons.push(
      <Button key="progress" type="primary" onClick={() => onAction('progress')} data-testid="action-progress">
        {t('hazardDetail.action.progress')}
      </Button>,
      <Tooltip key="extension" title={extensionPending ? t('hazardDetail.extensionPending') : undefined}>
        <Button disabled={extensionPending} onClick={() => onAction('extension')} data-testid="action-extension">
          {t('hazardDetail.action.extension')}
        </Button>
      </Tooltip>,
    );
  }
  if (safety && open && h.status !== 'grading') {
    buttons.push(
      <Button key="reassign" onClick={() => onAction('reassign')} data-testid="action-reassign">
        {t('hazardDetail.action.reassign')}
      </Button>,
    );
  }
  if (safety && open) {
    buttons.push(
      <Button key="cancel" danger onClick={() => onAction('cancel')} data-testid="action-cancel">
        {t('hazardDetail.action.cancel')}
      </Button>,
    );
  }
  if (temporalUiUrl) {
    buttons.push(
      <Button key="temporal" href={temporalUiUrl} target="_blank" rel="noreferrer" data-testid="action-temporal">
        {t('hazardDetail.openTemporal')}
      </Button>,
    );
    buttons.push(<ProcessHistoryLink key="history" workflowId={h.workflowId} />);
  }

  return (
    <DetailHeaderCard
      list="hazards"
      title={h.title}
      titleTestId="hazard-title"
      tags={
        <>
          <HazardStatusTag status={h.status} />
          <HazardSeverityTag severity={h.severity} />
          <RiskTag level={h.riskLevel} score={h.riskScore} likelihood={h.riskLikelihood} severity={h.riskSeverity} />
        </>
      }
    >
      {buttons.length > 0 && (
        <Space wrap style={{ marginBottom: 16 }} data-testid="hazard-actions">
          {buttons}
        </Space>
      )}
      <ProcessSteps
        current={current}
        status={h.status === 'cancelled' ? 'error' : h.status === 'closed' ? 'finish' : 'process'}
        testId="hazard-steps"
        steps={[
          { title: t('hazardDetail.step.reported'), at: h.reportedAt },
          { title: t('hazardDetail.step.graded'), at: h.gradedAt },
          { title: t('hazardDetail.step.acknowledged'), at: h.acknowledgedAt },
          { title: thirdStep },
          { title: t('hazardDetail.step.verifying') },
          { title: h.status === 'cancelled' ? t('hazard.status.cancelled') : t('hazardDetail.step.closed'), at: h.closedAt },
        ]}
      />
      {h.status === 'cancelled' && h.cancelReason && (
        <Alert type="warning" showIcon title={t('hazardDetail.cancelledBecause', { reason: h.cancelReason })} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={8}>
          <SlaStatistic
            title={open ? t('hazardDetail.slaTitle', { phase: t(`hazard.status.${h.status}`) }) : t('hazardDetail.slaTitleDone')}
            dueAt={dueAt}
            stopped={!open}
            dueText={(time) => t('hazardDetail.dueAt', { time })}
          />
        </Col>
        <Col xs={8} sm={4} lg={5}>
          <Statistic title={t('hazardDetail.escalation')} value={escalation} data-testid="escalation-level" />
        </Col>
        <Col xs={8} sm={4} lg={5}>
          <Statistic title={t('hazardDetail.rework')} value={rework} data-testid="rework-count" />
        </Col>
        <Col xs={8} sm={4} lg={6}>
          <Statistic title={t('hazardDetail.overdueDays')} value={overdueDays} valueStyle={overdueDays > 0 ? { color: '#cf1322' } : undefined} />
          {h.overdue && <OverdueTag days={overdueDays} />}
        </Col>
      </Row>
      <DetailFacts
        items={[
          { key: 'category', label: t('hazardDetail.category'), children: t(`hazard.category.${h.category}`) },
          { key: 'area', label: t('hazardDetail.area'), children: h.area },
          { key: 'unit', label: t('hazardDetail.foundIn'), children: h.orgUnitName },
          { key: 'reporter', label: t('hazardDetail.reporter'), children: h.reporter },
          { key: 'reported', label: t('hazardDetail.reportedAt'), children: absoluteTime(h.reportedAt, i18n.language) },
          { key: 'suspected', label: t('hazardDetail.suspected'), children: t(`hazardReport.suspected.${h.suspectedSeverity}`) },
          { key: 'responsible', label: t('hazardDetail.responsible'), children: h.responsibleOrgUnitName ?? t('hazard.notAssigned') },
          ...(h.policyVersion !== null && h.policyVersion !== undefined
            ? [{ key: 'policy', label: t('hazardDetail.policyVersion'), children: `v${h.policyVersion}` }]
            : []),
        ]}
      />
    </DetailHeaderCard>
  );
}
