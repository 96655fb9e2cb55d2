import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmergencyEvent, EmergencyFinding } from '../../shared/api';
import { EventTimelineCard, quoteInto } from '../../shared/components/EventTimelineCard';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { isObj, num, str, strings } from '../../shared/eventData';
import { useLabel } from '../../i18n';
import { hms } from './emergency';
import { FindingLine } from './EmergencyReviewCard';

const EVENT_COLORS: Record<string, string> = {
  reported: 'red',
  alerted: 'red',
  progress: 'gray',
  on_site: 'blue',
  response_done: 'blue',
  under_control: 'green',
  review_started: 'blue',
  reviewed: 'blue',
  action_done: 'green',
  closed: 'green',
};

/** The emergency's history, oldest first. */
export function EmergencyTimelineCard({ events }: { events: EmergencyEvent[] }) {
  return <EventTimelineCard process="emergency" events={events} colors={EVENT_COLORS} details={(e) => <EventDetails event={e} />} />;
}

/** The parts of an event's data a reader cares about, in words. */
function EventDetails({ event }: { event: EmergencyEvent }) {
  const { t } = useTranslation();
  const label = useLabel();
  const d = event.data ?? {};
  const day = t('hazard.sla.dayUnit');
  const parts: ReactNode[] = [];
  const quote = quoteInto(parts);
  const step = (k: string | null) => (k ? label(`emergency.step.${k}`, k) : '');

  if (event.type === 'reported') {
    const type = str(d, 'type');
    parts.push(
      <Space key="rep" size={4} wrap>
        {type && <Tag>{label(`emergency.type.${type}`, type)}</Tag>}
        {str(d, 'location')}
        {d.injuries === true && <Tag color="red">{t('emergency.injuries')}</Tag>}
        {d.drill === true && <Tag color="purple">{t('emergency.drill')}</Tag>}
      </Space>,
    );
  }
  if (event.type === 'alerted' && Array.isArray(d.departments))
    parts.push(
      <div key="dep">{t('emergencyDetail.ev.departments', { names: (d.departments as unknown[]).filter((x) => typeof x === 'string').join(', ') })}</div>,
    );
  if (event.type === 'progress' && str(d, 'response')) parts.push(<div key="about">{t('emergencyDetail.ev.about', { step: step(str(d, 'response')) })}</div>);
  const took = num(d, 'responseSeconds');
  const target = num(d, 'targetSeconds');
  if (event.type === 'response_done' && took !== null && target !== null)
    parts.push(
      <div key="took">
        {t('emergencyDetail.ev.responseTook', { step: step(str(d, 'response')), took: hms(took, day), target: hms(target, day) })}{' '}
        {d.late === true ? (
          <Tag color="red">{t('emergencyDetail.lateBy', { time: hms(took - target, day) })}</Tag>
        ) : (
          <Tag color="green">{t('emergencyDetail.onTime')}</Tag>
        )}
      </div>,
    );
  const delay = num(d, 'delaySeconds') ?? num(d, 'secondsSinceAlarm');
  if ((event.type === 'on_site' || event.type === 'under_control') && delay !== null)
    parts.push(<div key="delay">{t('emergencyDetail.ev.afterAlarm', { took: hms(delay, day) })}</div>);
  const n = num(d, 'n');
  if (event.type === 'action_done' && n !== null)
    parts.push(
      <div key="n">
        <Typography.Text strong>{t('emergencyDetail.ev.action', { n })}: </Typography.Text>
        {str(d, 'description')}
      </div>,
    );
  quote('text', str(d, 'text'));
  quote('summary', str(d, 'summary'));
  quote('note', str(d, 'note'));
  if (event.type === 'reviewed') quote('findings', str(d, 'findings'));
  if (event.type === 'review_started' && Array.isArray(d.findings))
    parts.push(
      <div key="f">
        {(d.findings as unknown[]).length === 0 ? (
          <Typography.Text type="success">{t('emergencyDetail.noDelays')}</Typography.Text>
        ) : (
          (d.findings as EmergencyFinding[]).map((f) => (
            <div key={f.step}>
              <Typography.Text type="danger">
                <FindingLine f={f} />
              </Typography.Text>
            </div>
          ))
        )}
      </div>,
    );
  if (event.type === 'reviewed' && Array.isArray(d.actions))
    for (const [i, a] of (d.actions as unknown[]).filter(isObj).entries())
      parts.push(
        <div key={`a${i}`}>
          {t('emergencyDetail.ev.action', { n: i + 1 })}: {str(a, 'orgUnitName') ? <Typography.Text strong>{str(a, 'orgUnitName')} — </Typography.Text> : null}
          {str(a, 'description')}
        </div>,
      );
  const evidence = strings(d.evidenceIds);
  if (evidence.length)
    parts.push(
      <div key="ev" style={{ marginTop: 4 }}>
        <EvidenceGallery ids={evidence} />
      </div>,
    );
  return parts.length ? <div style={{ marginTop: 4 }}>{parts}</div> : null;
}
