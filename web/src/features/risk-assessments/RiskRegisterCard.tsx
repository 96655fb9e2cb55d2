import { Card, Col, Empty, Row, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RiskRegister, RiskRegisterItem } from '../../shared/api';
import { absoluteTime } from '../../shared/format';
import { testId } from '../../shared/testIds';
import { useLabel } from '../../i18n';
import { Link } from '../../router';
import { RiskHeatMap } from './RiskHeatMap';
import { ChangeTag, RiskLevelTag } from './RiskTags';
import { CardTable } from '../../shared/components/CardTable';

/** A register item's title by its key (the key itself for one no longer listed). */
export const itemTitle = (register: RiskRegister, key: string | null) => (key ? (register.items.find((i) => i.key === key)?.title ?? key) : '');

/** The register: the risks with their levels, the heat map (and last time's), and what changed since. */
export function RiskRegisterCard({ register }: { register: RiskRegister }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  if (register.items.length === 0)
    return (
      <Card title={t('riskDetail.register')} size="small" data-testid="risk-register">
        <Empty description={t('riskDetail.noRegister')} />
      </Card>
    );
  const columns: TableColumnsType<RiskRegisterItem> = [
    {
      key: 'risk',
      title: t('riskDetail.colRisk'),
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{i.title}</Typography.Text>
          <Typography.Text type="secondary">{label(`risk.source.${i.source}`, i.source)}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'score',
      title: t('riskDetail.colScore'),
      render: (_, i) => (
        <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {i.likelihood} × {i.severity} = <strong>{i.score}</strong>
        </span>
      ),
      sorter: (a, b) => a.score - b.score,
    },
    { key: 'level', title: t('riskDetail.colLevel'), render: (_, i) => <RiskLevelTag level={i.level} /> },
    { key: 'owner', title: t('riskDetail.colOwner'), dataIndex: 'ownerOrgUnitName' },
  ];
  const prev = register.previous;
  const changes = register.comparison.filter((c) => c.change !== 'unchanged');
  return (
    <Card
      title={t('riskDetail.register')}
      size="small"
      data-testid="risk-register"
      extra={
        register.compiledAt ? (
          <Typography.Text type="secondary">{t('riskDetail.compiledAt', { time: absoluteTime(register.compiledAt, i18n.language) })}</Typography.Text>
        ) : null
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <CardTable<RiskRegisterItem>
            rowKey="key"
            columns={columns}
            dataSource={register.items}
            onRow={(i) => ({ ...testId(`register-row-${i.key}`), 'data-level': i.level }) as never}
          />
        </Col>
        <Col xs={24} xl={11}>
          <Space size="large" wrap align="start" data-testid="risk-heatmaps">
            <RiskHeatMap map={register.heatMap} testId="heatmap" caption={t('riskDetail.heat.now')} />
            {prev && (
              <RiskHeatMap
                map={prev.heatMap}
                testId="heatmap-previous"
                caption={t('riskDetail.heat.previous', { title: prev.title, time: prev.compiledAt ? absoluteTime(prev.compiledAt, i18n.language) : '' })}
              />
            )}
          </Space>
          <HeatLegend />
        </Col>
      </Row>
      {prev && (
        <div style={{ marginTop: 16 }} data-testid="risk-comparison">
          <Typography.Title level={5}>
            {t('riskDetail.comparison')}{' '}
            <Link to={`/risk-assessments/${encodeURIComponent(prev.assessmentId)}`} style={{ fontSize: 13, fontWeight: 400 }}>
              {prev.title}
            </Link>
          </Typography.Title>
          {changes.length === 0 ? (
            <Typography.Text type="secondary">{t('riskDetail.noChanges')}</Typography.Text>
          ) : (
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={register.comparison}
              scroll={{ x: 'max-content' }}
              onRow={(c) => ({ ...testId(`comparison-row-${c.key}`), 'data-change': c.change }) as never}
              columns={[
                { key: 'risk', title: t('riskDetail.colRisk'), dataIndex: 'title' },
                { key: 'change', title: t('riskDetail.colChange'), render: (_, c) => <ChangeTag change={c.change} /> },
                {
                  key: 'before',
                  title: t('riskDetail.colBefore'),
                  render: (_, c) => (c.before ? <RiskLevelTag level={c.before.level} score={c.before.score} /> : t('common.none')),
                },
                {
                  key: 'after',
                  title: t('riskDetail.colAfter'),
                  render: (_, c) => (c.after ? <RiskLevelTag level={c.after.level} score={c.after.score} /> : t('common.none')),
                },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}

function HeatLegend() {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap style={{ marginTop: 8 }}>
      {(['low', 'medium', 'high', 'extreme'] as const).map((l) => (
        <RiskLevelTag key={l} level={l} />
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('riskDetail.heat.legend')}
      </Typography.Text>
    </Space>
  );
}
