import { Alert, Button, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listCycles, SUBJECT_TYPES, whatIfRuleset, type CycleSummary, type SubjectType, type WhatIfDifference, type WhatIfResult } from '../../shared/api';
import { findUnitName, useOrgTree } from '../../shared/components/OrgUnitSelect';
import { RatingTag } from '../scores/ScoreTags';
import { useErrorText } from '../../shared/hooks';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { fmtScore, fmtSigned } from '../scores/scoring';
import { testId } from '../../shared/testIds';
import { GREEN, RED } from './ruleset';

/** What this draft would give over a past cycle: every subject's difference. */
export function RulesetWhatIfView({ version, dirty }: { version: number; dirty: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const scored = usePolledQuery(['cycles', 'scored'], async () => (await listCycles({ pageSize: 100 })).items.filter((c) => c.currentSnapshot > 0), false);
  const cycles = scored.data ?? null;
  const [picked, setCycleId] = useState<string | undefined>();
  const cycleId = picked ?? cycles?.[0]?.id;
  const [type, setType] = useState<SubjectType | 'all'>('all');
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [runError, setError] = useState<string | null>(null);
  const error = runError ?? scored.errorText;
  const { tree } = useOrgTree();

  const run = async () => {
    if (!cycleId) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await whatIfRuleset(version, cycleId));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const mag = (d: WhatIfDifference) => (d.delta === null ? Number.POSITIVE_INFINITY : Math.abs(d.delta));
  const rows = (result?.differences ?? []).filter((d) => type === 'all' || d.subjectType === type).sort((a, b) => mag(b) - mag(a));
  const changed = rows.filter((d) => d.delta !== 0).length;
  const columns: TableColumnsType<WhatIfDifference> = [
    { key: 'type', title: t('rulesets.colSubjectType'), render: (_, d) => <Tag>{label(`scoring.subjectType.${d.subjectType}`, d.subjectType)}</Tag> },
    { key: 'name', title: t('cycleDetail.colName'), dataIndex: 'name' },
    {
      key: 'before',
      title: t('rulesets.colScoreBefore', { version: result?.baseVersion ?? '' }),
      align: 'right',
      render: (_, d) => (d.before === null ? '—' : fmtScore(d.before)),
    },
    { key: 'after', title: t('rulesets.colScoreAfter', { version }), align: 'right', render: (_, d) => (d.after === null ? '—' : fmtScore(d.after)) },
    {
      key: 'delta',
      title: t('rulesets.colDelta'),
      align: 'right',
      render: (_, d) =>
        d.delta === null ? (
          '—'
        ) : (
          <Typography.Text strong style={{ color: d.delta < 0 ? RED : d.delta > 0 ? GREEN : undefined }} data-testid="whatif-delta">
            {fmtSigned(d.delta)}
          </Typography.Text>
        ),
    },
    {
      key: 'rating',
      title: t('rulesets.colRatingChange'),
      render: (_, d) => (
        <Space size={4}>
          <RatingTag rating={d.ratingBefore} />
          {d.ratingAfter !== d.ratingBefore && (
            <>
              →<RatingTag rating={d.ratingAfter} />
            </>
          )}
        </Space>
      ),
    },
  ];
  const cycleLabel = (c: CycleSummary) => `${c.period} · ${(tree && findUnitName(tree, c.scopeOrgUnitId)) || c.scopeOrgUnitId}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ruleset-whatif">
      <Typography.Text type="secondary">{t('rulesets.whatIfHint')}</Typography.Text>
      {dirty && <Alert type="warning" showIcon title={t('rulesets.whatIfDirty')} />}
      <Space wrap>
        <Select<string>
          value={cycleId}
          onChange={setCycleId}
          loading={!cycles && !error}
          placeholder={t('rulesets.whatIfCycle')}
          style={{ minWidth: 280 }}
          data-testid="whatif-cycle"
          options={(cycles ?? []).map((c) => ({ value: c.id, label: cycleLabel(c) }))}
          notFoundContent={t('rulesets.whatIfNoCycles')}
        />
        <Button type="primary" onClick={() => void run()} loading={busy} disabled={!cycleId} data-testid="whatif-run">
          {t('rulesets.whatIfRun')}
        </Button>
        {result && (
          <Select<SubjectType | 'all'>
            value={type}
            onChange={setType}
            style={{ minWidth: 150 }}
            options={[
              { value: 'all', label: t('rulesets.allSubjects') },
              ...SUBJECT_TYPES.map((s) => ({ value: s, label: label(`scoring.subjectTypePlural.${s}`, s) })),
            ]}
          />
        )}
      </Space>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {result && (
        <>
          <Typography.Text data-testid="whatif-summary">
            {t('rulesets.whatIfSummary', { changed, count: rows.length, base: result.baseVersion, version })}
          </Typography.Text>
          <Table<WhatIfDifference>
            rowKey={(d) => `${d.subjectType}:${d.subjectId}`}
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            data-testid="whatif-table"
            onRow={(d) =>
              ({
                ...testId(`whatif-row-${d.subjectType}-${d.subjectId}`),
                style: d.delta !== null && d.delta < 0 ? { background: '#fff1f0' } : d.delta ? { background: '#f6ffed' } : undefined,
              }) as never
            }
          />
        </>
      )}
    </Space>
  );
}
