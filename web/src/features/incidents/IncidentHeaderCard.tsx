import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../shared/api';
import { DetailTitle } from '../../shared/components/DetailTitle';
import { EvidenceGallery } from '../../shared/components/Evidence';
import { Link } from '../../router';
import { absoluteTime } from '../../shared/format';
import { IncidentKindTag, IncidentLevelTag, IncidentStatusTag } from './IncidentTags';

/** What was reported and where the incident stands: status, level, consequence, counts, the report itself. */
export function IncidentHeaderCard({ detail }: { detail: IncidentDetail }) {
  const { t, i18n } = useTranslation();
  const { incident: i } = detail;
  const when = (iso: string) => absoluteTime(iso, i18n.language);
  return (
    <Card
      size="small"
      title={
        <DetailTitle listPath="/incidents" listName={t('incidentList.title')} testId="incident-title">
          {i.title}
        </DetailTitle>
      }
    >
      <Space size={[4, 8]} wrap style={{ marginBottom: 12 }}>
        <IncidentStatusTag status={i.status} />
        <IncidentKindTag incident={i} />
        <IncidentLevelTag level={i.level} />
        {i.reportable && (
          <Tag color="red" data-testid="incident-reportable">
            {t('incident.reportable')}
          </Tag>
        )}
        {i.category && <Tag data-testid="incident-category">{t(`incident.category.${i.category}`)}</Tag>}
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('incidentDetail.occurredAt')}>{when(i.occurredAt)}</Descriptions.Item>
        <Descriptions.Item label={t('incidentDetail.location')}>
          {i.location} · {i.orgUnitName}
        </Descriptions.Item>
        {!i.anonymous && i.reporter && (
          <Descriptions.Item label={t('incidentDetail.reporter')}>
            <span data-testid="incident-reporter">{i.reporter}</span>
          </Descriptions.Item>
        )}
        {i.consequence && <Descriptions.Item label={t('incidentDetail.consequence')}>{t(`incident.consequence.${i.consequence}`)}</Descriptions.Item>}
        {i.emergencyId && (
          <Descriptions.Item label={t('incidentDetail.fromEmergency')}>
            <Link to={`/emergencies/${i.emergencyId}`}>{t('incidentDetail.fromEmergency')}</Link>
          </Descriptions.Item>
        )}
      </Descriptions>
      {i.consequence && (
        <Typography.Paragraph type="secondary" data-testid="incident-counts">
          {t('incidentDetail.counts', {
            deaths: i.deaths,
            serious: i.seriousInjuries,
            minor: i.minorInjuries,
            days: i.daysLost,
            loss: i.directLossYuan.toLocaleString(i18n.language),
          })}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="incident-description">
        {i.description}
      </Typography.Paragraph>
      {i.immediateActions && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
          <Typography.Text strong>{t('incidentDetail.immediateActions')}: </Typography.Text>
          {i.immediateActions}
        </Typography.Paragraph>
      )}
      {i.injuredPeople.length > 0 && (
        <div data-testid="incident-injured">
          <Typography.Text strong>{t('incidentDetail.injured')}</Typography.Text>
          <ul style={{ paddingInlineStart: 20, marginTop: 4 }}>
            {i.injuredPeople.map((p, n) => (
              <li key={n}>
                {p.name} — {p.injury}
              </li>
            ))}
          </ul>
        </div>
      )}
      {i.evidenceIds.length > 0 && <EvidenceGallery ids={i.evidenceIds} />}
    </Card>
  );
}
