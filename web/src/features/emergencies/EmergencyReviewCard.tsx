import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Emergency, EmergencyEvent, EmergencyFinding, EmergencyLive } from '../../shared/api';
import { isObj, num, str } from '../../shared/eventData';
import { absoluteTime } from '../../shared/format';
import { useLabel } from '../../i18n';
import { hms } from './emergency';

/** A delay the review found, in words. */
export function FindingLine({ f }: { f: EmergencyFinding }) {
  const { t } = useTranslation();
  const label = useLabel();
  const day = t('hazard.sla.dayUnit');
  const step = label(`emergency.step.${f.step}`, f.step);
  // A step never done counts up to the review; the API says so only in its English text.
  const never = /never completed/.test(f.text);
  return (
    <span>
      {never
        ? t('emergencyDetail.findingNever', { unit: f.orgUnitName, step, target: hms(f.targetSeconds, day) })
        : t('emergencyDetail.finding', {
            unit: f.orgUnitName,
            step,
            late: hms(f.lateSeconds, day),
            took: hms(f.responseSeconds, day),
            target: hms(f.targetSeconds, day),
          })}
    </span>
  );
}

/** After "under control": the delays computed from the recorded times, the review's findings, the improvement actions. */
export function EmergencyReviewCard({ emergency, live, timeline }: { emergency: Emergency; live: EmergencyLive | null; timeline: EmergencyEvent[] }) {
  const { t, i18n } = useTranslation();
  const started = timeline.find((e) => e.type === 'review_started');
  const reviewed = timeline.find((e) => e.type === 'reviewed');
  if (!started && !reviewed && !(live?.findings.length ?? 0)) return null;
  const computed: EmergencyFinding[] = live?.findings.length
    ? live.findings
    : Array.isArray(started?.data?.findings)
      ? (started.data.findings as EmergencyFinding[])
      : [];
  const reviewText = reviewed?.data ? str(reviewed.data, 'findings') : null;
  const doneActions = new Map(timeline.filter((e) => e.type === 'action_done' && e.data).map((e) => [num(e.data!, 'n'), e]));
  const actions: { description: string; unit: string; done: boolean; doneAt: string | null; by: string | null }[] = live?.actions.length
    ? live.actions.map((a, i) => {
        const ev = doneActions.get(i + 1);
        const unit = reviewed?.data && Array.isArray(reviewed.data.actions) ? (reviewed.data.actions as unknown[]).filter(isObj)[i] : undefined;
        return {
          description: a.description,
          unit: (unit && str(unit, 'orgUnitName')) ?? '',
          done: a.status === 'done',
          doneAt: a.doneAt ?? ev?.at ?? null,
          by: a.by,
        };
      })
    : reviewed?.data && Array.isArray(reviewed.data.actions)
      ? (reviewed.data.actions as unknown[]).filter(isObj).map((a, i) => {
          const ev = doneActions.get(i + 1);
          return { description: str(a, 'description') ?? '', unit: str(a, 'orgUnitName') ?? '', done: !!ev, doneAt: ev?.at ?? null, by: ev?.actor ?? null };
        })
      : [];
  return (
    <Card title={t('emergencyDetail.review')} size="small" data-testid="emergency-review" data-status={emergency.status}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('emergencyDetail.findingsComputed')}
      </Typography.Title>
      {computed.length === 0 ? (
        <Typography.Paragraph type="success" data-testid="findings-none">
          {t('emergencyDetail.noDelays')}
        </Typography.Paragraph>
      ) : (
        <ul data-testid="findings" style={{ paddingInlineStart: 20 }}>
          {computed.map((f) => (
            <li key={f.step} data-testid={`finding-${f.step}`}>
              <Typography.Text type="danger">
                <FindingLine f={f} />
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
      {reviewText && (
        <>
          <Typography.Title level={5}>{t('emergencyDetail.reviewFindings')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="review-findings">
            {reviewText}
          </Typography.Paragraph>
        </>
      )}
      {actions.length > 0 && (
        <>
          <Typography.Title level={5}>{t('emergencyDetail.actions')}</Typography.Title>
          <List
            size="small"
            data-testid="review-actions"
            dataSource={actions}
            renderItem={(a, i) => (
              <List.Item key={i} data-testid={`review-action-${i + 1}`} data-done={a.done ? 'true' : 'false'}>
                <Space orientation="vertical" size={0}>
                  <Typography.Text>
                    {a.unit && <Typography.Text strong>{a.unit}: </Typography.Text>}
                    {a.description}
                  </Typography.Text>
                  {a.done && a.doneAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {absoluteTime(a.doneAt, i18n.language)}
                      {a.by ? ` · ${a.by}` : ''}
                    </Typography.Text>
                  )}
                </Space>
                <Tag color={a.done ? 'green' : 'orange'}>{a.done ? t('emergencyDetail.actionDone') : t('emergencyDetail.actionOpen')}</Tag>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
