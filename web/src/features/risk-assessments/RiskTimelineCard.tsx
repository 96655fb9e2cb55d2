import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskEvent, RiskRegister } from '../../shared/api';
import { EventTimelineCard, quoteInto } from '../../shared/components/EventTimelineCard';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { isObj, num, str, strings } from '../../shared/eventData';
import { absoluteTime } from '../../shared/format';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { formatDuration } from '../hazards/hazard';
import { ProposalList } from './RiskDepartmentsCard';

const EVENT_COLORS: Record<string, string> = {
  started: 'blue',
  input: 'blue',
  input_late: 'orange',
  gap: 'red',
  inputs_closed: 'blue',
  register_compiled: 'blue',
  proposals: 'blue',
  proposals_late: 'orange',
  proposals_closed: 'blue',
  plan_approved: 'green',
  measure_done: 'blue',
  verification_open: 'blue',
  measure_passed: 'green',
  measure_failed: 'red',
  closed: 'green',
};

/** The assessment's history, oldest first. */
export function RiskTimelineCard({ events, register }: { events: RiskEvent[]; register: RiskRegister }) {
  return <EventTimelineCard process="risk" events={events} colors={EVENT_COLORS} details={(e) => <EventDetails event={e} register={register} />} />;
}

/** The parts of an event's data a reader cares about, in words. */
function EventDetails({ event, register }: { event: RiskEvent; register: RiskRegister }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const d = event.data ?? {};
  const parts: ReactNode[] = [];
  const dept = (k: string | null) => (k ? label(`risk.department.${k}`, k) : '');
  const quote = quoteInto(parts, 3);
  const unit = str(d, 'orgUnitName') ?? dept(str(d, 'department'));
  const delay = num(d, 'delaySeconds');
  const sla = num(d, 'slaSeconds');
  const dayUnit = t('hazard.sla.dayUnit');

  switch (event.type) {
    case 'started': {
      const depts = strings(d.departments).map(dept).join(', ');
      parts.push(<div key="area">{t('riskDetail.ev.started', { area: str(d, 'area') ?? '', departments: depts })}</div>);
      if (str(d, 'scheduleId')) parts.push(<Tag key="sched">{t('riskList.monthly')}</Tag>);
      break;
    }
    case 'input':
    case 'input_late':
    case 'proposals':
    case 'proposals_late':
      parts.push(
        <div key="who">
          {unit}
          {delay !== null && ` · ${t('riskDetail.answeredAfter', { time: formatDuration(delay * 1000, dayUnit) })}`}
          {sla !== null && ` (${t('riskDetail.ev.sla', { time: formatDuration(sla * 1000, dayUnit) })})`}{' '}
          {d.late === true ? <Tag color="red">{t('riskDetail.late')}</Tag> : d.late === false ? <Tag color="green">{t('riskDetail.onTime')}</Tag> : null}
        </div>,
      );
      if (isObj(d.answer)) {
        if (event.type.startsWith('input')) {
          quote('a', str(d.answer, 'assessment'));
          const c = str(d.answer, 'concerns');
          if (c)
            parts.push(
              <Typography.Text key="c" type="warning">
                {t('riskDetail.concerns', { text: c })}
              </Typography.Text>,
            );
        } else {
          parts.push(<ProposalList key="p" answer={d.answer} register={register} />);
        }
      }
      break;
    case 'gap':
      parts.push(
        <Typography.Text key="gap" type="danger">
          {t('riskDetail.ev.gap', {
            unit,
            step: label(`riskDetail.stepOf.${str(d, 'step') ?? ''}`, str(d, 'step') ?? ''),
            sla: sla !== null ? formatDuration(sla * 1000, dayUnit) : '',
          })}
        </Typography.Text>,
      );
      break;
    case 'inputs_closed':
    case 'proposals_closed': {
      const answered = strings(d.answered).map(dept);
      const gaps = strings(d.gaps).map(dept);
      const proposals = num(d, 'proposals');
      if (answered.length) parts.push(<div key="ans">{t('riskDetail.ev.answered', { names: answered.join(', ') })}</div>);
      if (proposals !== null) parts.push(<div key="np">{t('riskDetail.ev.proposalCount', { count: proposals })}</div>);
      if (gaps.length)
        parts.push(
          <Typography.Text key="gaps" type="danger">
            {t('riskDetail.ev.gaps', { names: gaps.join(', ') })}
          </Typography.Text>,
        );
      break;
    }
    case 'register_compiled': {
      const items = Array.isArray(d.items) ? d.items.filter(isObj) : [];
      parts.push(
        <Space key="items" size={4} wrap>
          {items.map((i, n) => {
            const level = str(i, 'level');
            return (
              <Tag key={n} color={level === 'extreme' ? 'red' : level === 'high' ? 'orange' : level === 'medium' ? 'gold' : 'green'}>
                {str(i, 'title')} · {num(i, 'score')}
              </Tag>
            );
          })}
        </Space>,
      );
      quote('summary', str(d, 'summary'));
      break;
    }
    case 'plan_approved': {
      const ms = Array.isArray(d.measures) ? d.measures.filter(isObj) : [];
      parts.push(
        <ol key="m" style={{ paddingInlineStart: 18, margin: '4px 0' }}>
          {ms.map((m, i) => (
            <li key={i}>
              {str(m, 'description')}
              {str(m, 'owner') ? <Typography.Text type="secondary"> — {str(m, 'owner')}</Typography.Text> : null}
              {str(m, 'dueAt') ? (
                <Typography.Text type="secondary">, {t('riskDetail.dueAt', { time: absoluteTime(str(m, 'dueAt')!, i18n.language) })}</Typography.Text>
              ) : null}
            </li>
          ))}
        </ol>,
      );
      if (str(d, 'verificationDueAt'))
        parts.push(<div key="v">{t('riskDetail.ev.verificationDue', { time: absoluteTime(str(d, 'verificationDueAt')!, i18n.language) })}</div>);
      quote('note', str(d, 'note'));
      break;
    }
    case 'measure_done':
      parts.push(
        <div key="m">
          <Typography.Text strong>{t('riskDetail.ev.measure', { n: num(d, 'n') ?? '' })}: </Typography.Text>
          {str(d, 'description')}{' '}
          {d.onTime === true ? <Tag color="green">{t('riskDetail.onTime')}</Tag> : d.onTime === false ? <Tag color="red">{t('riskDetail.late')}</Tag> : null}
        </div>,
      );
      quote('summary', str(d, 'summary'));
      if (strings(d.evidenceIds).length) parts.push(<EvidenceGallery key="ev" ids={strings(d.evidenceIds)} />);
      break;
    case 'verification_open':
      if (str(d, 'dueAt')) parts.push(<div key="due">{t('riskDetail.ev.verificationDue', { time: absoluteTime(str(d, 'dueAt')!, i18n.language) })}</div>);
      break;
    case 'measure_passed':
    case 'measure_failed': {
      parts.push(
        <div key="m">
          <Typography.Text strong>{t('riskDetail.ev.measure', { n: num(d, 'n') ?? '' })}: </Typography.Text>
          {str(d, 'description')}
        </div>,
      );
      const reason = str(d, 'reason');
      if (reason)
        parts.push(
          <Typography.Text key="r" type="danger">
            {t('riskDetail.ev.reason', { reason })}
          </Typography.Text>,
        );
      const hazardId = str(d, 'hazardId');
      if (hazardId)
        parts.push(
          <div key="h">
            {t('riskDetail.ev.hazardStarted')} <Link to={`/hazards/${encodeURIComponent(hazardId)}`}>{t('riskDetail.hazard')} →</Link>
          </div>,
        );
      break;
    }
    case 'closed':
      parts.push(
        <div key="c">{t('riskDetail.ev.closed', { measures: num(d, 'measures') ?? 0, failed: num(d, 'failed') ?? 0, gaps: num(d, 'gaps') ?? 0 })}</div>,
      );
      break;
  }
  return parts.length ? <div style={{ marginTop: 4 }}>{parts}</div> : null;
}
