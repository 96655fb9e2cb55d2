import { App, Button, Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchInspection, type InspectionItemView } from '../../shared/api';
import { InspectionFormModal } from './InspectionFormModal';
import { absoluteTime } from '../../shared/format';
import { DetailPlaceholder } from '../../shared/components/DetailPlaceholder';
import { isMissing, useDetail } from '../../shared/useDetail';
import { fmtPoints, inspectionScoreColor, LOW_INSPECTION_SCORE, RED } from '../../shared/operations';
import { INSPECTOR_ROLES } from '../../routes';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { DetailTitle } from '../../shared/components/DetailTitle';
import { CardTable } from '../../shared/components/CardTable';

/** One inspection: its score (red below 80), the items with their scores and remarks, and the scoring fact it wrote. */
export function InspectionDetailPage({ inspectionId }: { inspectionId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const query = useDetail({ key: ['inspection', inspectionId], load: () => fetchInspection(inspectionId), pollMs: false, notFound: isMissing });
  const { data: detail } = query;
  const [correcting, setCorrecting] = useState(false);

  if (!detail)
    return <DetailPlaceholder detail={query} notFound={t('inspections.notFound')} listPath="/inspections" backToList={t('inspections.backToList')} />;

  const d = detail;
  const day = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d.inspectedOn}T00:00:00Z`));
  const low = d.score < LOW_INSPECTION_SCORE;
  const columns: TableColumnsType<InspectionItemView> = [
    {
      key: 'item',
      title: t('inspections.colItem'),
      render: (_, it) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{it.title}</Typography.Text>
          <Space size={4}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {it.code}
            </Typography.Text>
            {it.category && <Tag>{it.category}</Tag>}
          </Space>
        </Space>
      ),
    },
    { key: 'weight', title: t('inspections.colWeight'), align: 'right', render: (_, it) => it.weight },
    {
      key: 'score',
      title: t('inspections.colItemScore'),
      align: 'right',
      render: (_, it) =>
        it.score === null ? (
          <Tag data-testid="item-na">{t('inspections.notApplicable')}</Tag>
        ) : (
          <Typography.Text strong style={it.score / it.maxScore < LOW_INSPECTION_SCORE / 100 ? { color: RED } : undefined} data-testid="item-score">
            {fmtPoints(it.score)} / {fmtPoints(it.maxScore)}
          </Typography.Text>
        ),
    },
    {
      key: 'remark',
      title: t('inspections.colRemark'),
      render: (_, it) => it.remark ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="inspection-detail" data-score={d.score}>
      <Card
        title={
          <DetailTitle listPath="/inspections" listName={t('nav.inspections')} testId="inspection-title">
            {t('inspections.detailTitle', { template: d.templateName, unit: d.orgUnitName })}
          </DetailTitle>
        }
        extra={
          hasRole(user, ...INSPECTOR_ROLES) && (
            <Button onClick={() => setCorrecting(true)} data-testid="inspection-correct">
              {t('inspections.correct')}
            </Button>
          )
        }
      >
        <Row gutter={[24, 16]}>
          <Col xs={24} md={6}>
            <Statistic
              title={t('inspections.score')}
              value={fmtPoints(d.score)}
              suffix="/ 100"
              styles={{ content: { color: inspectionScoreColor(d.score) } }}
              data-testid="inspection-detail-score"
            />
            {low && (
              <Tag color="red" style={{ marginTop: 8 }} data-testid="inspection-low">
                {t('inspections.lowScore', { threshold: LOW_INSPECTION_SCORE })}
              </Tag>
            )}
            {d.mode === 'total' && (
              <Tag style={{ marginTop: 8 }} data-testid="inspection-total-only">
                {t('inspections.totalOnly')}
              </Tag>
            )}
          </Col>
          <Col xs={24} md={18}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'template', label: t('inspections.template'), children: `${d.templateName} (${d.templateCode})` },
                { key: 'unit', label: t('inspections.unit'), children: d.orgUnitName },
                { key: 'date', label: t('inspections.date'), children: day },
                { key: 'inspector', label: t('inspections.colInspector'), children: d.inspectorName ?? t('common.none') },
                { key: 'recorded', label: t('inspections.recordedBy'), children: `${d.recordedBy} · ${absoluteTime(d.createdAt, i18n.language)}` },
                {
                  key: 'revision',
                  label: t('inspections.revisionLabel'),
                  children:
                    d.revision > 1 ? t('inspections.corrected', { n: d.revision, time: absoluteTime(d.updatedAt, i18n.language) }) : t('inspections.original'),
                },
              ]}
            />
          </Col>
        </Row>
      </Card>
      {d.mode === 'items' && (
        <Card title={t('inspections.items')} size="small">
          <CardTable<InspectionItemView>
            rowKey="code"
            columns={columns}
            dataSource={d.items}
            onRow={(it) => ({ ...testId(`inspection-item-row-${it.code}`), 'data-score': it.score ?? 'na' }) as never}
            data-testid="inspection-items-table"
          />
        </Card>
      )}
      <Card title={t('inspections.remarks')} size="small">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} type={d.remarks ? undefined : 'secondary'} data-testid="inspection-remarks">
          {d.remarks ?? t('inspections.noRemarks')}
        </Typography.Paragraph>
      </Card>
      <Card title={t('inspections.fact')} size="small" data-testid="inspection-fact">
        <Typography.Paragraph type="secondary">{t('inspections.factHint')}</Typography.Paragraph>
        {d.fact ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'id', label: t('inspections.factId'), children: <Typography.Text code>{d.fact.id}</Typography.Text> },
              { key: 'kind', label: t('inspections.factKind'), children: <Typography.Text code>{d.fact.kind}</Typography.Text> },
              {
                key: 'value',
                label: t('inspections.factValue'),
                children: <span data-testid="inspection-fact-value">{d.fact.value === null ? t('common.none') : fmtPoints(d.fact.value)}</span>,
              },
              { key: 'at', label: t('inspections.factAt'), children: absoluteTime(d.fact.occurredAt, i18n.language) },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('inspections.noFact')}</Typography.Text>
        )}
      </Card>
      {correcting && (
        <InspectionFormModal
          inspection={d}
          onClose={() => setCorrecting(false)}
          onSaved={(saved) => {
            setCorrecting(false);
            query.setData(saved);
            void message.success(t('inspections.correctedMessage'));
          }}
        />
      )}
    </Space>
  );
}
