import { Button, Col, Row, Space, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskAssessmentDetail, RiskDepartmentStep } from '../../shared/api';
import { ProcessHistoryLink } from '../../shared/components/ProcessHistoryLink';
import { absoluteTime } from '../../shared/format';
import { RED } from '../../shared/operations';
import { SlaStatistic } from '../hazards/SlaStatistic';
import { RISK_STEPS } from './risk';
import { GapTags, RiskStatusTag } from './RiskTags';
import { DetailFacts, DetailHeaderCard, ProcessSteps } from '../../shared/components/DetailHeaderCard';
import { useTemporalLink } from '../../shared/access';

/** The deadline the process waits on now, with the step it belongs to and that step's escalation. */
function currentClock(detail: RiskAssessmentDetail): { dueAt: string | null; level: number } {
  const { live, assessment: a, measures } = detail;
  const earliest = (steps: RiskDepartmentStep[]) => {
    const open = steps.filter((s) => s.status === 'open').sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt));
    return open.length ? { dueAt: open[0].dueAt, level: Math.max(...open.map((s) => s.escalationLevel)) } : null;
  };
  if (!live) return { dueAt: a.status === 'closed' ? null : a.dueAt, level: a.escalationLevel };
  switch (live.phase) {
    case 'inputs':
      return earliest(live.inputs) ?? { dueAt: a.dueAt, level: a.escalationLevel };
    case 'compiling':
      return { dueAt: live.compile.dueAt, level: live.compile.escalationLevel };
    case 'proposing':
      return earliest(live.proposals) ?? { dueAt: a.dueAt, level: a.escalationLevel };
    case 'planning':
      return { dueAt: live.plan.dueAt, level: live.plan.escalationLevel };
    case 'executing': {
      const planned = measures.filter((m) => m.status === 'planned').sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt));
      return { dueAt: planned[0]?.dueAt ?? live.verificationDueAt, level: 0 };
    }
    case 'verifying':
      return { dueAt: live.verificationDueAt, level: 0 };
    default:
      return { dueAt: null, level: 0 };
  }
}

/** The assessment's title, state, steps, the clock it waits on and its figures. */
export function RiskHeaderCard({ detail }: { detail: RiskAssessmentDetail }) {
  const { t, i18n } = useTranslation();
  const { assessment: a, live, timeline } = detail;
  const temporalUiUrl = useTemporalLink(detail.temporalUiUrl);
  const phase = live?.phase ?? a.status;
  const closed = phase === 'closed';
  const clock = currentClock(detail);
  const at = (type: string) => timeline.find((e) => e.type === type)?.at ?? null;
  const reached: Record<string, string | null> = {
    inputs: a.startedAt,
    compiling: at('inputs_closed'),
    proposing: a.compiledAt ?? at('register_compiled'),
    planning: at('proposals_closed'),
    executing: at('plan_approved'),
    verifying: at('verification_open'),
    closed: a.closedAt ?? at('closed'),
  };
  const gaps = a.gaps;
  return (
    <DetailHeaderCard
      list="riskAssessments"
      title={a.title}
      titleTestId="risk-title"
      tags={
        <>
          <RiskStatusTag status={phase} />
          {a.overdue && !closed && <Tag color="red">{t('inbox.overdue')}</Tag>}
          {a.scheduleId && <Tag>{t('riskList.monthly')}</Tag>}
        </>
      }
    >
      {temporalUiUrl && (
        <Space wrap style={{ marginBottom: 16 }}>
          <Button href={temporalUiUrl} target="_blank" rel="noreferrer" data-testid="action-temporal">
            {t('riskDetail.openTemporal')}
          </Button>
          <ProcessHistoryLink workflowId={a.workflowId} />
        </Space>
      )}
      <ProcessSteps
        current={Math.max(0, RISK_STEPS.indexOf(phase))}
        status={closed ? 'finish' : gaps.length || a.overdue ? 'error' : 'process'}
        testId="risk-steps"
        steps={RISK_STEPS.map((s) => ({ title: t(`riskDetail.step.${s}`), at: reached[s] }))}
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={8}>
          <SlaStatistic
            title={closed ? t('riskDetail.slaTitleDone') : t('riskDetail.slaTitle', { step: t(`riskDetail.step.${phase}`) })}
            dueAt={clock.dueAt}
            stopped={closed}
            dueText={(time) => t('riskDetail.dueAt', { time })}
          />
        </Col>
        <Col xs={8} sm={4} lg={4}>
          <Statistic title={t('riskDetail.escalation')} value={closed ? 0 : Math.max(clock.level, a.escalationLevel)} data-testid="escalation-level" />
        </Col>
        <Col xs={8} sm={4} lg={4}>
          <Statistic title={t('riskDetail.risks')} value={a.itemCount} data-testid="risk-item-count" />
        </Col>
        <Col xs={8} sm={4} lg={4}>
          <Statistic
            title={t('riskDetail.measures')}
            value={a.measureCount}
            suffix={a.failedMeasures ? <Tag color="red">{t('riskList.failed', { count: a.failedMeasures })}</Tag> : undefined}
          />
        </Col>
        <Col xs={24} sm={12} lg={4}>
          <Statistic title={t('riskDetail.gaps')} value={gaps.length} valueStyle={gaps.length ? { color: RED } : undefined} />
          {gaps.length > 0 && <GapTags gaps={gaps} />}
        </Col>
      </Row>
      <DetailFacts
        items={[
          { key: 'area', label: t('riskDetail.area'), children: <span data-testid="risk-area">{a.area}</span> },
          { key: 'unit', label: t('riskDetail.unit'), children: <span data-testid="risk-unit">{a.orgUnitName}</span> },
          { key: 'departments', label: t('riskDetail.departments'), children: a.departments.map((d) => <Tag key={d}>{t(`risk.department.${d}`)}</Tag>) },
          { key: 'by', label: t('riskDetail.initiatedBy'), children: a.initiatedBy === 'schedule' ? t('riskList.bySchedule') : a.initiatedBy },
          { key: 'started', label: t('riskDetail.startedAt'), children: absoluteTime(a.startedAt, i18n.language) },
          { key: 'policy', label: t('riskDetail.policyVersion'), children: `v${a.policyVersion}` },
        ]}
      />
    </DetailHeaderCard>
  );
}
