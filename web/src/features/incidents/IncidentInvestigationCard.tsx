import { Card, Descriptions, Empty, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FISHBONE_CATEGORIES, type IncidentDetail, type IncidentInvestigation } from '../../shared/api';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { absoluteTime } from '../../shared/format';

interface NamedResponsibility {
  personId: string;
  level: 'direct' | 'primary' | 'leadership';
  name?: string | null;
  note?: string | null;
}

/** The responsibilities as determined, with the names the determination recorded. */
function responsibilitiesOf(detail: IncidentDetail): NamedResponsibility[] {
  const event = detail.timeline.find((e) => e.type === 'responsibility_determined');
  const recorded = event?.data.responsibilities;
  if (Array.isArray(recorded)) return recorded as NamedResponsibility[];
  return detail.live?.responsibilities ?? [];
}

/** The investigation: team, timeline of events, the 5-why chain to the root cause, the fishbone, responsibilities. */
export function IncidentInvestigationCard({ detail }: { detail: IncidentDetail }) {
  const { t } = useTranslation();
  const { live, investigation } = detail;
  const responsibilities = responsibilitiesOf(detail);
  return (
    <Card size="small" title={t('incidentDetail.investigation')} data-testid="incident-investigation">
      {live?.lead && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('incidentDetail.team')}>
            <Space size={4} wrap>
              <Tag color="blue">
                {t('incidentDetail.lead')}: {live.lead.name}
              </Tag>
              {live.members.map((m) => (
                <Tag key={m.personId}>{m.name}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      )}
      {investigation ? <InvestigationReport investigation={investigation} /> : <Empty description={t('incidentDetail.noInvestigation')} />}
      {responsibilities.length > 0 && (
        <div data-testid="incident-responsibilities">
          <Typography.Title level={5}>{t('incidentDetail.responsibilities')}</Typography.Title>
          <Space size={[4, 4]} wrap>
            {responsibilities.map((r) => (
              <Tag key={r.personId} color={r.level === 'direct' ? 'red' : r.level === 'primary' ? 'orange' : 'purple'}>
                {r.name ?? r.personId} · {t(`incident.responsibility.${r.level}`)}
              </Tag>
            ))}
          </Space>
        </div>
      )}
    </Card>
  );
}

function InvestigationReport({ investigation }: { investigation: IncidentInvestigation }) {
  const { t, i18n } = useTranslation();
  // A report recorded with less than the form asks today (the demo year's incidents: root cause and summary only) shows what it has.
  const inv = {
    ...investigation,
    timeline: investigation.timeline ?? [],
    whys: investigation.whys ?? [],
    fishbone: investigation.fishbone ?? [],
    evidenceIds: investigation.evidenceIds ?? [],
  };
  const title = (text: string) => <Typography.Title level={5}>{text}</Typography.Title>;
  return (
    <>
      {inv.timeline.length > 0 && title(t('incidentDetail.eventTimeline'))}
      <Timeline
        items={[...inv.timeline]
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
          .map((e, n) => ({ key: n, content: `${absoluteTime(e.at, i18n.language)} — ${e.what}` }))}
      />
      {title(t('incidentDetail.whys'))}
      <Steps
        orientation="vertical"
        size="small"
        current={inv.whys.length}
        data-testid="incident-whys"
        items={[
          ...inv.whys.map((w, n) => ({ title: t('incidentDetail.why', { n: n + 1 }), content: w })),
          {
            title: <Typography.Text strong>{t('incidentDetail.rootCause')}</Typography.Text>,
            content: <span data-testid="incident-root-cause">{inv.rootCause}</span>,
            status: 'finish' as const,
          },
        ]}
      />
      {inv.fishbone.length > 0 && (
        <>
          {title(t('incidentDetail.fishbone'))}
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="incident-fishbone">
            {FISHBONE_CATEGORIES.filter((c) => inv.fishbone.some((f) => f.category === c)).map((c) => (
              <Descriptions.Item key={c} label={t(`incident.fishbone.${c}`)}>
                <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                  {inv.fishbone
                    .filter((f) => f.category === c)
                    .map((f, n) => (
                      <li key={n}>{f.cause}</li>
                    ))}
                </ul>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      )}
      {title(t('incidentDetail.summary'))}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{inv.summary}</Typography.Paragraph>
      {inv.evidenceIds.length > 0 && <EvidenceGallery ids={inv.evidenceIds} />}
    </>
  );
}
