import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hazard, HazardEvent } from '../../shared/api';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { absoluteTime } from '../../shared/format';
import { EventTimelineCard, quoteInto } from '../../shared/components/EventTimelineCard';
import { num, str, strings, type EventData } from '../../shared/eventData';
import { Link } from '../../router';
import { HazardSeverityTag, RiskTag } from './HazardTags';

const EVENT_COLORS: Record<string, string> = {
  reported: 'blue',
  graded: 'blue',
  acknowledged: 'blue',
  progress: 'gray',
  extension_requested: 'orange',
  extension_approved: 'green',
  extension_rejected: 'red',
  reassigned: 'orange',
  stop_work_ordered: 'red',
  joint_plan: 'orange',
  rectification_submitted: 'blue',
  verification_failed: 'red',
  overdue_day: 'red',
  closed: 'green',
  cancelled: 'gray',
};

/** The hazard's history, oldest first, each event with the parts of its data a reader cares about. */
export function HazardTimelineCard({ hazard, events }: { hazard: Hazard; events: HazardEvent[] }) {
  return <EventTimelineCard process="hazard" events={events} colors={EVENT_COLORS} details={(e) => <EventDetails event={e} hazard={hazard} />} />;
}

const ids = (d: EventData, k: string) => strings(d[k]);
const isRisk = (v: string | null): v is 'low' | 'medium' | 'high' | 'extreme' => v === 'low' || v === 'medium' || v === 'high' || v === 'extreme';

/** The parts of an event's data a reader cares about, in words. */
function EventDetails({ event, hazard }: { event: HazardEvent; hazard: Hazard }) {
  const { t, i18n } = useTranslation();
  const d = event.data ?? {};
  const parts: ReactNode[] = [];
  const quote = quoteInto(parts);

  if (event.type === 'graded') {
    const level = str(d, 'level');
    parts.push(
      <Space key="risk" size={4} wrap>
        {isRisk(level) && <RiskTag level={level} score={num(d, 'score')} likelihood={num(d, 'likelihood')} severity={num(d, 'severity')} />}
        {typeof d.major === 'boolean' && <HazardSeverityTag severity={d.major ? 'major' : 'general'} />}
      </Space>,
    );
  }
  const day = num(d, 'day');
  const escalatedTo = str(d, 'escalatedTo');
  const area = str(d, 'area');
  const newDueAt = str(d, 'newDueAt');
  const planDue = str(d, 'dueAt');
  const requestedBy = str(d, 'requestedBy');
  const reason = str(d, 'reason');
  const reasons = str(d, 'reasons');
  const duplicateOf = str(d, 'duplicateOf');
  const round = num(d, 'round');
  if (event.type === 'overdue_day' && day !== null)
    parts.push(
      <Tag key="day" color="red">
        {t('hazardDetail.ev.overdueDay', { day })}
      </Tag>,
    );
  if (escalatedTo) parts.push(<div key="esc">{t('hazardDetail.ev.escalatedTo', { step: escalatedTo })}</div>);
  if (event.type === 'stop_work_ordered' && area) parts.push(<div key="area">{t('hazardDetail.ev.stopWorkAt', { area })}</div>);
  if (newDueAt) parts.push(<div key="due">{t('hazardDetail.ev.newDueAt', { time: absoluteTime(newDueAt, i18n.language) })}</div>);
  if (event.type === 'joint_plan' && planDue) parts.push(<div key="pdue">{t('hazardDetail.dueAt', { time: absoluteTime(planDue, i18n.language) })}</div>);
  if (event.type === 'reassigned' && str(d, 'responsibleOrgUnitId') === hazard.responsibleOrgUnitId && hazard.responsibleOrgUnitName)
    parts.push(<div key="to">{t('hazardDetail.ev.reassignedTo', { unit: hazard.responsibleOrgUnitName })}</div>);
  if (requestedBy) parts.push(<div key="req">{t('hazardDetail.ev.requestedBy', { name: requestedBy })}</div>);
  quote('text', str(d, 'text'));
  quote('summary', str(d, 'summary'));
  quote('comment', str(d, 'comment'));
  quote('note', str(d, 'note'));
  if (reason) parts.push(<div key="reason">{t('hazardDetail.ev.reason', { reason })}</div>);
  if (reasons)
    parts.push(
      <Typography.Text key="reasons" type="danger">
        {t('hazardDetail.ev.reason', { reason: reasons })}
      </Typography.Text>,
    );
  if (duplicateOf)
    parts.push(
      <div key="dup">
        {t('hazardDetail.ev.duplicateOf')} <Link to={`/hazards/${duplicateOf}`}>{duplicateOf.slice(0, 8)}</Link>
      </div>,
    );
  if (Array.isArray(d.actions)) {
    for (const [i, a] of (d.actions as unknown[]).entries()) {
      if (!a || typeof a !== 'object') continue;
      const x = a as Record<string, unknown>;
      parts.push(
        <div key={`a${i}`} style={{ marginTop: 4 }}>
          {str(x, 'by') && <Typography.Text strong>{str(x, 'by')}: </Typography.Text>}
          {str(x, 'summary')}
          <EvidenceGallery ids={ids(x, 'evidenceIds')} />
        </div>,
      );
    }
  }
  const evidence = ids(d, 'evidenceIds');
  if (evidence.length)
    parts.push(
      <div key="ev" style={{ marginTop: 4 }}>
        <EvidenceGallery ids={evidence} />
      </div>,
    );
  if (round !== null && round > 1)
    parts.push(
      <Typography.Text key="round" type="secondary" style={{ fontSize: 12 }}>
        {t('hazardDetail.ev.round', { round })}
      </Typography.Text>,
    );
  return parts.length ? <div style={{ marginTop: 4 }}>{parts}</div> : null;
}
