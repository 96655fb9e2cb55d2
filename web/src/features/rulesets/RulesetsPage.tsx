import { Button, Card, Col, Empty, Row, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { listRulesets, type RulesetSummary } from '../../shared/api';
import { RulesetStatusTag } from '../scores/ScoreTags';
import { usePolledQuery } from '../../shared/query';
import { setSearchParams, useLocation } from '../../router';
import { testId } from '../../shared/testIds';
import { RulesetEditor } from './RulesetEditor';

/** Scoring rulesets as versioned data: the versions, one version in a form and as JSON, validate, save, diff, approve, what-if. */
export function RulesetsPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  // Read once; saves read it again.
  const query = usePolledQuery(['rulesets'], async () => (await listRulesets()).items, false);
  const items = query.data ?? null;
  const error = query.errorText;
  const load = query.refresh;

  const asked = Number(search.get('version')) || null;
  const selected = items?.find((r) => r.version === asked) ?? items?.find((r) => r.status === 'published') ?? items?.[0] ?? null;

  const columns: TableColumnsType<RulesetSummary> = [
    { key: 'version', title: t('rulesets.colVersion'), render: (_, r) => <Typography.Text strong>v{r.version}</Typography.Text> },
    { key: 'status', title: t('rulesets.colStatus'), render: (_, r) => <RulesetStatusTag status={r.status} /> },
    {
      key: 'note',
      title: t('rulesets.colNote'),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text ellipsis={{ tooltip: r.note }} style={{ maxWidth: 220 }}>
            {r.note}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.createdBy}
            {r.basedOn ? ` · ${t('rulesets.basedOn', { version: r.basedOn })}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  return (
    <Row gutter={[16, 16]} data-testid="rulesets">
      <Col xs={24} xl={7}>
        <Card
          title={t('rulesets.title')}
          size="small"
          extra={
            <Button size="small" onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
          }
        >
          {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
          <Table<RulesetSummary>
            rowKey="version"
            size="small"
            columns={columns}
            dataSource={items ?? []}
            loading={!items && !error}
            pagination={false}
            data-testid="ruleset-table"
            onRow={(r) =>
              ({
                ...testId(`ruleset-row-${r.version}`),
                onClick: () => setSearchParams({ version: String(r.version) }),
                style: { cursor: 'pointer', background: r.version === selected?.version ? '#e6f4ff' : undefined },
              }) as never
            }
          />
        </Card>
        <RulesetHelp />
      </Col>
      <Col xs={24} xl={17}>
        {selected ? (
          <RulesetEditor key={selected.version} summary={selected} all={items ?? []} onSaved={load} />
        ) : items ? (
          <Empty description={t('rulesets.empty')} />
        ) : (
          <Spin />
        )}
      </Col>
    </Row>
  );
}

/** What the default rules give in plain cases: the literal examples the engine's tests hold. */
const HELP_EXAMPLES = ['helpNoFacts', 'helpFailedTraining', 'helpOverdue', 'helpTwoOverdue', 'helpInspection', 'helpDeclarations'] as const;

function RulesetHelp() {
  const { t } = useTranslation();
  return (
    <Card title={t('rulesets.helpTitle')} size="small" style={{ marginTop: 16 }} data-testid="ruleset-help">
      <Typography.Paragraph>{t('rulesets.helpIntro')}</Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20 }}>
        {HELP_EXAMPLES.map((k) => (
          <li key={k} data-testid={`ruleset-help-${k}`}>
            {t(`rulesets.${k}`)}
          </li>
        ))}
      </ul>
      <Typography.Paragraph>{t('rulesets.helpDepartments')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('rulesets.approveGroup')}</Typography.Paragraph>
    </Card>
  );
}
