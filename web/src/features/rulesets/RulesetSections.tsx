import { Space, Table, Tag, Tooltip, Typography, type TableColumnsType, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { DIMENSIONS, SUBJECT_TYPES } from '../../shared/api';
import { findUnitName, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { useScoringNames } from '../scores/scoringNames';
import { useLabel } from '../../i18n';
import { fmtScore } from '../scores/scoring';
import { testId } from '../../shared/testIds';
import { TwoLines } from '../../shared/components/Cells';
import { LineKindTag } from '../scores/ScoreLinesCard';
import { getAt, GREEN, isObj, numAt, RED, type Path } from './ruleset';
import { issuesAt, NumField, Section, type FormProps } from './RulesetFormParts';

/** A section's table of fields: compact, fixed columns, every row on one page. */
function SectionTable<T extends object>(props: Omit<TableProps<T>, 'size' | 'tableLayout' | 'pagination' | 'scroll'>) {
  return <Table<T> size="small" tableLayout="fixed" pagination={false} scroll={{ x: 760 }} {...props} />;
}

interface WeightRow {
  key: string;
  path: Path;
  label: string;
}

export function WeightsSection(props: FormProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { tree } = useOrgTree();
  const { doc, issues } = props;
  const rows: WeightRow[] = [
    ...SUBJECT_TYPES.map((s) => ({ key: `s-${s}`, path: ['weights', 'bySubjectType', s], label: label(`scoring.subjectType.${s}`, s) })),
    ...Object.keys((getAt(doc, ['weights', 'byPostProfile']) as Record<string, unknown> | undefined) ?? {}).map((k) => ({
      key: `p-${k}`,
      path: ['weights', 'byPostProfile', k],
      label: t('rulesets.postProfile', { profile: k }),
    })),
    ...Object.keys((getAt(doc, ['weights', 'byDepartment']) as Record<string, unknown> | undefined) ?? {}).map((k) => ({
      key: `d-${k}`,
      path: ['weights', 'byDepartment', k],
      label: t('rulesets.department', { name: (tree && findUnitName(tree, k)) || k }),
    })),
  ];
  const customSum = (p: Path) => {
    const c = getAt(doc, [...p, 'custom']);
    return isObj(c) ? Object.values(c).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0) : 0;
  };
  const sum = (p: Path) => DIMENSIONS.reduce((s, d) => s + (numAt(doc, [...p, 'dimensions', d]) ?? 0), 0) + customSum(p);
  const columns: TableColumnsType<WeightRow> = [
    { key: 'set', title: t('rulesets.colWeightSet'), width: 170, render: (_, r) => <Typography.Text strong>{r.label}</Typography.Text> },
    ...DIMENSIONS.map((d) => ({
      key: d,
      title: label(`scoring.dimension.${d}`, d),
      render: (_: unknown, r: WeightRow) => <NumField {...props} path={[...r.path, 'dimensions', d]} min={0} max={1} step={0.05} width="100%" />,
    })),
    { key: 'custom', title: t('rulesets.colCustom'), width: 80, align: 'right', render: (_, r) => fmtScore(customSum(r.path)) },
    {
      key: 'sum',
      title: t('rulesets.colSum'),
      width: 70,
      align: 'right',
      render: (_, r) => {
        const s = Math.round(sum(r.path) * 1e6) / 1e6;
        const own = issuesAt(issues, r.path, false);
        const off = Math.abs(s - 1) > 1e-9;
        return (
          <Tooltip title={own.map((i) => i.message).join(' · ') || undefined}>
            <Typography.Text strong style={{ color: off || own.length ? RED : GREEN }} data-testid={`rs-sum-${r.path.slice(1).join('.')}`}>
              {fmtScore(s)}
            </Typography.Text>
          </Tooltip>
        );
      },
    },
  ];
  return (
    <Section title={t('rulesets.s.weights')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('rulesets.weightsHint')}
      </Typography.Paragraph>
      <SectionTable<WeightRow> rowKey="key" columns={columns} dataSource={rows} data-testid="rs-weights" />
    </Section>
  );
}

interface RuleRow {
  code: string;
  rule: Record<string, unknown>;
}

/** The rules (or indicators) of the ruleset, one row each, by code. */
function ruleRows(doc: FormProps['doc'], key: 'rules' | 'indicators'): RuleRow[] {
  const all = getAt(doc, [key]);
  return isObj(all)
    ? Object.entries(all)
        .filter((e): e is [string, Record<string, unknown>] => isObj(e[1]))
        .map(([code, rule]) => ({ code, rule }))
    : [];
}

export function RulesSection(props: FormProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { doc } = props;
  const names = useScoringNames(doc);
  const rows = ruleRows(doc, 'rules');
  const cell = (r: RuleRow, field: string, opts: { optional?: boolean; min?: number; step?: number } = {}) =>
    field in r.rule || opts.optional ? (
      <NumField {...props} path={['rules', r.code, field]} min={opts.min ?? 0} max={100} step={opts.step ?? 1} optional={opts.optional} width="100%" />
    ) : null;
  const columns: TableColumnsType<RuleRow> = [
    {
      key: 'rule',
      title: t('rulesets.colRule'),
      width: '40%',
      render: (_, r) => (
        <TwoLines
          main={
            <Space size={4} wrap>
              <LineKindTag kind={String(r.rule.kind)} />
              <Typography.Text strong>{names.rule(r.code)}</Typography.Text>
            </Space>
          }
          sub={`${r.code} · ${String(r.rule.type)}`}
        />
      ),
    },
    {
      key: 'dimension',
      title: t('report.colDimension'),
      render: (_, r) => (typeof r.rule.dimension === 'string' ? label(`scoring.dimension.${r.rule.dimension}`, r.rule.dimension) : t('report.totalOnly')),
    },
    { key: 'points', title: t('rulesets.colPoints'), render: (_, r) => (r.rule.type === 'per_value' ? cell(r, 'factor', { step: 0.5 }) : cell(r, 'points')) },
    {
      key: 'capGroup',
      title: t('rulesets.colCapGroup'),
      render: (_, r) => (r.rule.type === 'per_fact' && r.rule.groupBy ? cell(r, 'capPerGroup', { optional: true }) : null),
    },
    {
      key: 'capPeriod',
      title: t('rulesets.colCapPeriod'),
      render: (_, r) => (r.rule.type !== 'consecutive_improvement' ? cell(r, 'capPerPeriod', { optional: true }) : null),
    },
    {
      key: 'periods',
      title: t('rulesets.colPeriods'),
      render: (_, r) =>
        r.rule.type === 'consecutive_improvement' ? <NumField {...props} path={['rules', r.code, 'periods']} min={2} max={24} width="100%" /> : null,
    },
  ];
  return (
    <Section title={t('rulesets.s.rules')}>
      <SectionTable<RuleRow> rowKey="code" columns={columns} dataSource={rows} data-testid="rs-rules" onRow={(r) => testId(`rs-rule-${r.code}`)} />
    </Section>
  );
}

export function IndicatorsSection(props: FormProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { doc } = props;
  const names = useScoringNames(doc);
  const rows = ruleRows(doc, 'indicators');
  const columns: TableColumnsType<RuleRow> = [
    {
      key: 'indicator',
      title: t('rulesets.colIndicator'),
      width: '34%',
      render: (_, r) => (
        <TwoLines
          strong
          main={names.indicator(r.code)}
          tags={
            r.rule.custom === true && (
              <Tag color={r.rule.approved === true ? 'blue' : 'orange'}>
                {r.rule.approved === true ? t('rulesets.customApproved') : t('rulesets.customPending')}
              </Tag>
            )
          }
          sub={r.code}
        />
      ),
    },
    { key: 'dimension', title: t('report.colDimension'), render: (_, r) => label(`scoring.dimension.${String(r.rule.dimension)}`, String(r.rule.dimension)) },
    {
      key: 'direction',
      title: t('rulesets.colDirection'),
      render: (_, r) => `${r.rule.direction === 'lower_better' ? '↓' : '↑'} ${label(`scoring.unit.${String(r.rule.unit)}`, String(r.rule.unit))}`,
    },
    {
      key: 'excellent',
      title: t('rulesets.colExcellent'),
      render: (_, r) => <NumField {...props} path={['indicators', r.code, 'thresholds', 'excellent']} width="100%" />,
    },
    {
      key: 'qualified',
      title: t('rulesets.colQualified'),
      render: (_, r) => <NumField {...props} path={['indicators', r.code, 'thresholds', 'qualified']} width="100%" />,
    },
    {
      key: 'weight',
      title: t('rulesets.colIndicatorWeight'),
      render: (_, r) => <NumField {...props} path={['indicators', r.code, 'weight']} min={0} max={100} width="100%" />,
    },
  ];
  return (
    <Section title={t('rulesets.s.indicators')}>
      <SectionTable<RuleRow> rowKey="code" columns={columns} dataSource={rows} data-testid="rs-indicators" />
    </Section>
  );
}
