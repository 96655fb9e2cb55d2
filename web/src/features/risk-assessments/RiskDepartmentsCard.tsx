import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskAssessmentDetail, RiskDepartment, RiskDepartmentStep, RiskLive, RiskRegister } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { isObj, str } from '../../shared/eventData';
import { RED } from '../../shared/operations';
import { formatDuration } from '../hazards/hazard';
import { RISK_STEPS } from './risk';
import { itemTitle } from './RiskRegisterCard';

/** A department's input and proposals side by side: waiting, done (late or on time), or a gap. */
export function RiskDepartmentsCard({ detail, live }: { detail: RiskAssessmentDetail; live: RiskLive }) {
  const { t } = useTranslation();
  const phaseIndex = RISK_STEPS.indexOf(live.phase);
  const unitName = (id: string | undefined) => (id ? (detail.tasks.find((x) => x.orgUnitId === id)?.orgUnitName ?? live.units?.names[id] ?? '') : '');
  return (
    <Card title={t('riskDetail.departmentsTitle')} size="small" data-testid="risk-departments">
      <Row gutter={[12, 12]}>
        {detail.assessment.departments.map((d) => {
          const input = live.inputs.find((s) => s.department === d);
          const proposals = live.proposals.find((s) => s.department === d);
          const gap = input?.status === 'gap' || proposals?.status === 'gap';
          return (
            <Col key={d} xs={24} md={12} xl={Math.max(8, 24 / detail.assessment.departments.length)}>
              <Card
                size="small"
                data-testid={`dept-${d}`}
                data-gap={gap ? 'true' : 'false'}
                style={{ borderColor: gap ? RED : undefined, borderWidth: gap ? 2 : 1, height: '100%' }}
                title={
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{t(`risk.department.${d}`)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                      {unitName(input?.orgUnitId ?? proposals?.orgUnitId)}
                    </Typography.Text>
                  </Space>
                }
              >
                <StepBlock department={d} kind="input" step={input} reached={phaseIndex >= 0} register={detail.register} />
                <div style={{ borderTop: '1px solid #f0f0f0', margin: '8px 0' }} />
                <StepBlock
                  department={d}
                  kind="proposals"
                  step={proposals}
                  reached={phaseIndex >= RISK_STEPS.indexOf('proposing')}
                  register={detail.register}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}

function StepBlock({
  department,
  kind,
  step,
  reached,
  register,
}: {
  department: RiskDepartment;
  kind: 'input' | 'proposals';
  step: RiskDepartmentStep | undefined;
  reached: boolean;
  register: RiskRegister;
}) {
  const { t } = useTranslation();
  const status = step?.status ?? 'waiting';
  const title = kind === 'input' ? t('riskDetail.input') : t('riskDetail.proposals');
  const tag =
    status === 'done' ? (
      <Tag color={step?.late ? 'orange' : 'green'}>{t('riskDetail.done')}</Tag>
    ) : status === 'gap' ? (
      <Tag color="red" style={{ fontWeight: 700 }}>
        {t('riskDetail.gap')}
      </Tag>
    ) : status === 'open' ? (
      <Tag color="blue">{t('riskDetail.waiting')}</Tag>
    ) : (
      <Tag>{reached ? t('riskDetail.waiting') : t('riskDetail.notYet')}</Tag>
    );
  return (
    <div data-testid={`dept-${department}-${kind}`} data-status={status}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text strong>{title}</Typography.Text>
        <span data-testid={`dept-${department}-${kind}-status`}>{tag}</span>
      </Space>
      {step && (
        <Space size={4} wrap style={{ marginTop: 4 }}>
          {step.doneAt && step.delaySeconds !== null ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('riskDetail.answeredAfter', { time: formatDuration(step.delaySeconds * 1000, t('hazard.sla.dayUnit')) })}
              {step.by ? ` · ${step.by}` : ''}
            </Typography.Text>
          ) : (
            status !== 'done' && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('riskDetail.due')} <DueCell task={{ dueAt: step.dueAt, overdue: step.overdue, status: 'open' }} />
              </Typography.Text>
            )
          )}
          {step.late === true && <Tag color="red">{t('riskDetail.late')}</Tag>}
          {step.late === false && <Tag color="green">{t('riskDetail.onTime')}</Tag>}
          {status === 'gap' && step.doneAt && <Tag color="orange">{t('riskDetail.answeredLate')}</Tag>}
          {step.escalationLevel > 0 && <Tag color="volcano">{t('riskDetail.escalated', { level: step.escalationLevel })}</Tag>}
        </Space>
      )}
      {step?.answer && <Answer kind={kind} answer={step.answer} register={register} />}
    </div>
  );
}

/** What a department answered: its assessment and concerns, or its proposed measures. */
function Answer({ kind, answer, register }: { kind: 'input' | 'proposals'; answer: Record<string, unknown>; register: RiskRegister }) {
  const { t } = useTranslation();
  if (kind === 'input') {
    const text = str(answer, 'assessment');
    const concerns = str(answer, 'concerns');
    return (
      <div style={{ marginTop: 4 }}>
        {text && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }} ellipsis={{ rows: 4, expandable: 'collapsible' }}>
            {text}
          </Typography.Paragraph>
        )}
        {concerns && (
          <Typography.Paragraph type="warning" style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {t('riskDetail.concerns', { text: concerns })}
          </Typography.Paragraph>
        )}
      </div>
    );
  }
  return <ProposalList answer={answer} register={register} />;
}

/** The measures a department proposed (an answer's `proposals`), each under the risk it is for. */
export function ProposalList({ answer, register }: { answer: Record<string, unknown>; register: RiskRegister }) {
  const { t } = useTranslation();
  const list = Array.isArray(answer.proposals) ? answer.proposals.filter(isObj) : [];
  if (list.length === 0)
    return (
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {t('riskDetail.noProposals')}
      </Typography.Text>
    );
  return (
    <ul style={{ paddingInlineStart: 18, margin: '4px 0 0' }}>
      {list.map((p, i) => (
        <li key={i}>
          <Typography.Text strong>{itemTitle(register, str(p, 'itemKey'))}: </Typography.Text>
          {str(p, 'description')}
        </li>
      ))}
    </ul>
  );
}
