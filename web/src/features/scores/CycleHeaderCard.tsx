import { Alert, Button, Col, Descriptions, Form, Input, Modal, Row, Statistic, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDialog } from '../../shared/useFormDialog';
import { recomputeCycle, type CycleDetail, type CyclePhase, type RecomputeResult } from '../../shared/api';
import { hasRole, useSession } from '../../shared/session';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { CycleProgress, useUnitName } from './CycleProgress';
import { ExportResultsButton } from './ExportResultsButton';
import { CycleStatusTag } from './ScoreTags';
import { CYCLE_ROLES, CYCLE_STEPS, periodDates, shortHash } from './scoring';
import { DetailHeaderCard, ProcessSteps } from '../../shared/components/DetailHeaderCard';

function stepIndex(phase: CyclePhase): number {
  return phase === 'publishing' ? 2 : CYCLE_STEPS.indexOf(phase);
}

/** The cycle's period and scope, its phase, progress and figures; export and recompute. */
export function CycleHeaderCard({ detail, onRecomputed }: { detail: CycleDetail; onRecomputed: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { user } = useSession();
  const unitName = useUnitName();
  const { cycle: c, live, snapshots } = detail;
  const phase: CyclePhase = live?.phase ?? c.status;
  const [recomputing, setRecomputing] = useState(false);
  const [recomputed, setRecomputed] = useState<RecomputeResult | null>(null);
  const at = (s: CyclePhase) =>
    s === 'scoring' ? snapshots[0]?.createdAt : s === 'review' ? snapshots.find((x) => x.version === c.currentSnapshot)?.createdAt : c.publishedAt;
  const snap = live?.snapshot;
  const index = stepIndex(phase);

  return (
    <DetailHeaderCard
      list="assessmentCycles"
      title={t('cycleDetail.title', { period: c.period, scope: unitName(c.scopeOrgUnitId) })}
      titleTestId="cycle-title"
      tags={
        <>
          <CycleStatusTag status={phase} />
          <Tag>{label(`scoring.cadence.${c.cadence}`, c.cadence)}</Tag>
          <ExportResultsButton cycleId={c.id} snapshots={snapshots} />
          {hasRole(user, ...CYCLE_ROLES) && c.currentSnapshot > 0 && (
            <Button size="small" onClick={() => setRecomputing(true)} data-testid="cycle-recompute">
              {t('cycleDetail.recompute')}
            </Button>
          )}
        </>
      }
    >
      <ProcessSteps
        current={index}
        status={phase === 'published' ? 'finish' : 'process'}
        testId="cycle-steps"
        steps={CYCLE_STEPS.map((s, i) => ({ title: label(`scoring.cycleStatus.${s}`, s), at: i <= index ? at(s) : null }))}
      />
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          <Typography.Text type="secondary">{t('cycleDetail.progress')}</Typography.Text>
          <CycleProgress cycle={c} />
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('cycleDetail.window')}>
              <span data-testid="cycle-window">{periodDates(c, i18n.language)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cycleDetail.ruleset')}>
              <Link to={`/rulesets?version=${c.rulesetVersion}`} data-testid="cycle-ruleset">
                {t('cycleList.rulesetVersion', { version: c.rulesetVersion })}
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('cycleDetail.startedBy')}>{c.startedBy === 'schedule' ? t('cycleList.bySchedule') : c.startedBy}</Descriptions.Item>
            {c.reviewedBy && <Descriptions.Item label={t('cycleDetail.reviewedBy')}>{c.reviewedBy}</Descriptions.Item>}
          </Descriptions>
        </Col>
        <Col xs={24} lg={14}>
          {snap ? (
            <Row gutter={[16, 8]} data-testid="cycle-snapshot-summary">
              <Col span={8}>
                <Statistic title={t('cycleDetail.persons')} value={snap.persons} />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.subjects')} value={snap.subjects} />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.facts')} value={snap.facts} />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('cycleDetail.needsImprovement')}
                  value={snap.needsImprovement}
                  styles={{ content: snap.needsImprovement ? { color: '#cf1322' } : undefined }}
                />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.consecutive')} value={snap.consecutiveNeedsImprovement} />
              </Col>
              <Col span={8}>
                <Statistic title={t('cycleDetail.specialReview')} value={snap.specialReview} />
              </Col>
              {phase === 'published' && live && (
                <Col span={24}>
                  <Typography.Text type="secondary" data-testid="cycle-aftermath">
                    {t('cycleDetail.aftermath', { reports: live.reportsSent, plans: live.plansStarted.length, flagged: live.flagged.length })}
                  </Typography.Text>
                </Col>
              )}
            </Row>
          ) : (
            <Alert type="info" showIcon title={live ? t('cycleDetail.scoringNow') : t('cycleDetail.liveUnavailable')} />
          )}
        </Col>
      </Row>
      {recomputed && (
        <Alert
          style={{ marginTop: 16 }}
          closable={{ onClose: () => setRecomputed(null) }}
          type={recomputed.reproduced ? 'success' : 'warning'}
          showIcon
          data-testid="recompute-result"
          data-reproduced={recomputed.reproduced ? 'true' : 'false'}
          title={
            recomputed.reproduced
              ? t('cycleDetail.reproduced', { version: recomputed.version })
              : t('cycleDetail.newVersion', { version: recomputed.newVersion ?? '' })
          }
          description={
            <Tooltip title={recomputed.inputHash}>
              <span style={{ fontFamily: 'monospace' }}>{t('report.hash', { hash: shortHash(recomputed.inputHash) })}</span>
            </Tooltip>
          }
        />
      )}
      {recomputing && (
        <RecomputeModal
          cycleId={c.id}
          onClose={() => setRecomputing(false)}
          onDone={(r) => {
            setRecomputing(false);
            setRecomputed(r);
            void onRecomputed();
          }}
        />
      )}
    </DetailHeaderCard>
  );
}

function RecomputeModal({ cycleId, onClose, onDone }: { cycleId: string; onClose: () => void; onDone: (r: RecomputeResult) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const dialog = useFormDialog(
    form,
    async (v: { note: string }) => {
      onDone(await recomputeCycle(cycleId, v.note.trim()));
    },
    { onClose, okTestId: 'recompute-submit' },
  );
  return (
    <Modal {...dialog.modalProps} title={t('cycleDetail.recomputeTitle')} okText={t('cycleDetail.recompute')}>
      <Typography.Paragraph type="secondary">{t('cycleDetail.recomputeHint')}</Typography.Paragraph>
      {dialog.error && <Alert type="error" showIcon title={dialog.error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('cycleDetail.note')}
          rules={[{ required: true, whitespace: true, message: t('completeModal.required', { field: t('cycleDetail.note') }) }, { max: 500 }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="recompute-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
