import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RESPONSE_KINDS, type EmergencyLive, type ResponseKind, type TaskView } from '../../shared/api';
import { useNow } from '../../shared/hooks';
import { RED } from '../../shared/operations';
import { hms } from './emergency';

type StepKey = ResponseKind | 'onSite';

/** One department's part of the response, as a card shows it. */
export interface DeptStep {
  key: StepKey;
  unitName: string;
  status: 'open' | 'started' | 'done';
  doneAt: string | null;
  dueAt: string | null;
  by: string | null;
  /** Seconds from the alarm to completion, when done. */
  tookSeconds: number | null;
  targetSeconds: number | null;
  /** Known lateness: from the API once done, or escalation / overdue of the on-site step. */
  late: boolean | null;
  escalationLevel: number;
  notes: number | null;
}

/** The on-site step and the response steps, in the order of the process. */
export function deptSteps(live: EmergencyLive, tasks: TaskView[]): DeptStep[] {
  const unitOf = (taskId: string) => tasks.find((x) => x.id === taskId)?.orgUnitName ?? '';
  const o = live.onSite;
  const onSite: DeptStep = {
    key: 'onSite',
    unitName: unitOf(o.taskId),
    status: o.status,
    doneAt: o.doneAt,
    dueAt: o.dueAt || null,
    by: o.by,
    tookSeconds: o.delaySeconds,
    targetSeconds: null, // the live state does not carry the on-site target (policy.sla.emergencyAcknowledge)
    late: o.escalationLevel > 0 || o.overdue ? true : o.status === 'done' ? false : null,
    escalationLevel: o.escalationLevel,
    notes: null,
  };
  const order = (k: ResponseKind) => RESPONSE_KINDS.indexOf(k);
  return [
    onSite,
    ...[...live.responses]
      .sort((a, b) => order(a.kind) - order(b.kind))
      .map((r): DeptStep => ({
        key: r.kind,
        unitName: r.orgUnitName ?? unitOf(r.taskId),
        status: r.status,
        doneAt: r.doneAt,
        dueAt: r.dueAt,
        by: r.by,
        tookSeconds: r.responseSeconds,
        targetSeconds: r.targetSeconds,
        late: r.late,
        escalationLevel: 0,
        notes: r.notes,
      })),
  ];
}

/** One department's part of the response: its clock against the target, late or on time. */
export function EmergencyDeptCard({ step: s, reportedAt, skew }: { step: DeptStep; reportedAt: string; skew: number }) {
  const { t } = useTranslation();
  const now = useNow(1000) + skew;
  const day = t('hazard.sla.dayUnit');
  const done = s.status === 'done';
  const elapsed = (now - Date.parse(reportedAt)) / 1000;
  // While open: late once the deadline has passed (the API's own flag comes with completion).
  const lateNow = !done && s.dueAt ? now > Date.parse(s.dueAt) : false;
  const late = s.late === true || lateNow;
  const lateSeconds =
    done && s.tookSeconds !== null && s.targetSeconds !== null ? s.tookSeconds - s.targetSeconds : !done && s.dueAt ? (now - Date.parse(s.dueAt)) / 1000 : null;
  const color = done ? (late ? '#d46b08' : '#389e0d') : late ? RED : s.status === 'started' ? '#1677ff' : '#8c8c8c';
  const statusText = done ? t('emergencyDetail.done') : s.status === 'started' ? t('emergencyDetail.started') : t('emergencyDetail.waiting');
  return (
    <Card
      size="small"
      data-testid={`dept-${s.key}`}
      data-status={done ? 'done' : s.status === 'started' ? 'started' : 'waiting'}
      data-late={late ? 'true' : 'false'}
      style={{ borderColor: color, borderWidth: 2, height: '100%' }}
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{t(`emergency.step.${s.key}`)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {s.unitName}
          </Typography.Text>
        </Space>
      }
      extra={
        <Tag color={done ? (late ? 'orange' : 'green') : late ? 'red' : s.status === 'started' ? 'blue' : 'default'} data-testid={`dept-${s.key}-status`}>
          {statusText}
        </Tag>
      }
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {done ? t('emergencyDetail.responseTime') : t('emergencyDetail.elapsed')}
      </Typography.Text>
      <div style={{ fontSize: 24, fontWeight: 600, fontVariantNumeric: 'tabular-nums', color }} data-testid={`dept-${s.key}-time`}>
        {hms(done && s.tookSeconds !== null ? s.tookSeconds : Math.max(0, elapsed), day)}
      </div>
      <Space size={4} wrap style={{ marginTop: 4 }}>
        {s.targetSeconds !== null && <Typography.Text type="secondary">{t('emergencyDetail.target', { time: hms(s.targetSeconds, day) })}</Typography.Text>}
        {late ? (
          <Tag color="red" data-testid={`dept-${s.key}-late`}>
            {lateSeconds !== null && lateSeconds > 0 ? t('emergencyDetail.lateBy', { time: hms(lateSeconds, day) }) : t('emergencyDetail.late')}
          </Tag>
        ) : (
          done && s.late === false && <Tag color="green">{t('emergencyDetail.onTime')}</Tag>
        )}
        {s.escalationLevel > 0 && <Tag color="volcano">{t('emergencyDetail.escalated', { level: s.escalationLevel })}</Tag>}
      </Space>
      {(s.by || (s.notes ?? 0) > 0) && (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[s.by ? t('emergencyDetail.by', { name: s.by }) : null, s.notes ? t('emergencyDetail.notes', { count: s.notes }) : null]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}
