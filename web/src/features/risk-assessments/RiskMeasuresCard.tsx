import { Card, Space, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskMeasure, RiskRegister } from '../../shared/api';
import { DueCell } from '../../shared/components/DueCell';
import { RelativeTime } from '../../shared/components/RelativeTime';
import { absoluteTime } from '../../shared/format';
import { testId } from '../../shared/testIds';
import { Link } from '../../router';
import { RISK_STEPS } from './risk';
import { MeasureStatusTag, RiskLevelTag } from './RiskTags';
import { CardTable } from '../../shared/components/CardTable';

/** The control plan: each measure's owner, due date, state and verification; a failed one links to its hazard. */
export function RiskMeasuresCard({ measures, register, phase }: { measures: RiskMeasure[]; register: RiskRegister; phase: string }) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<RiskMeasure> = [
    { key: 'n', title: '#', dataIndex: 'n', width: 40 },
    {
      key: 'measure',
      title: t('riskDetail.colMeasure'),
      render: (_, m) => {
        const item = register.items.find((i) => i.key === m.itemKey);
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{m.description}</Typography.Text>
            <Space size={4} wrap>
              {item && <RiskLevelTag level={item.level} />}
              <Typography.Text type="secondary">{item?.title ?? m.itemKey}</Typography.Text>
            </Space>
          </Space>
        );
      },
    },
    { key: 'owner', title: t('riskDetail.colOwner'), dataIndex: 'ownerOrgUnitName' },
    {
      key: 'due',
      title: t('riskDetail.colDue'),
      render: (_, m) => (m.status === 'planned' ? <DueCell task={{ dueAt: m.dueAt, overdue: false, status: 'open' }} /> : <RelativeTime iso={m.dueAt} />),
    },
    { key: 'status', title: t('riskDetail.colStatus'), render: (_, m) => <MeasureStatusTag status={m.status} /> },
    {
      key: 'verification',
      title: t('riskDetail.colVerification'),
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          {m.verifiedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {absoluteTime(m.verifiedAt, i18n.language)}
              {m.verifiedBy ? ` · ${m.verifiedBy}` : ''}
            </Typography.Text>
          )}
          {m.reason && <Typography.Text type="danger">{m.reason}</Typography.Text>}
          {m.hazardId && (
            <Link to={`/hazards/${encodeURIComponent(m.hazardId)}`} data-testid={`measure-hazard-${m.n}`}>
              {t('riskDetail.hazard')} →
            </Link>
          )}
          {!m.verifiedAt && !m.hazardId && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('riskDetail.plan')} size="small" data-testid="risk-measures">
      {measures.length === 0 ? (
        <Typography.Text type="secondary">
          {RISK_STEPS.indexOf(phase as never) >= RISK_STEPS.indexOf('executing') ? t('riskDetail.noMeasures') : t('riskDetail.planPending')}
        </Typography.Text>
      ) : (
        <CardTable<RiskMeasure>
          columns={columns}
          dataSource={measures}
          onRow={(m) =>
            ({ ...testId(`measure-row-${m.n}`), 'data-status': m.status, style: m.status === 'failed' ? { background: '#fff1f0' } : undefined }) as never
          }
        />
      )}
    </Card>
  );
}
