import { Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { diffRulesets, type RulesetChange, type RulesetSummary } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { testId } from '../../shared/testIds';
import { GREEN, MONO, RED, show } from './ruleset';

/** What changed between this version and another, path by path. */
export function RulesetDiffView({ version, all }: { version: number; all: RulesetSummary[] }) {
  const { t } = useTranslation();
  const others = all.filter((r) => r.version !== version);
  const [other, setOther] = useState<number | undefined>(() => others.find((r) => r.version < version)?.version);
  const diff = usePolledQuery(['ruleset-diff', other, version], async () => (await diffRulesets(other!, version)).changes, false, { enabled: !!other });
  const rows = diff.data ?? null;
  const error = diff.errorText;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ruleset-diff">
      <Space wrap>
        <Typography.Text>{t('rulesets.diffWith')}</Typography.Text>
        <Select<number>
          value={other}
          onChange={setOther}
          placeholder={t('rulesets.diffPick')}
          style={{ minWidth: 220 }}
          data-testid="ruleset-diff-with"
          options={others.map((r) => ({ value: r.version, label: `v${r.version} · ${r.note}` }))}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rulesets.diffHint', { version })}
        </Typography.Text>
      </Space>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {other && (
        <Table<RulesetChange>
          rowKey="path"
          size="small"
          loading={!rows && !error}
          dataSource={rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="ruleset-diff-table"
          onRow={(c) => ({ ...testId('ruleset-change'), 'data-path': c.path }) as never}
          locale={{ emptyText: t('rulesets.noChanges') }}
          columns={[
            { key: 'path', title: t('rulesets.colPath'), render: (_, c) => <Typography.Text code>{c.path}</Typography.Text> },
            {
              key: 'before',
              title: t('rulesets.colBefore', { version: other }),
              render: (_, c) => <Typography.Text style={{ ...MONO, color: RED }}>{show(c.before)}</Typography.Text>,
            },
            {
              key: 'after',
              title: t('rulesets.colAfter', { version }),
              render: (_, c) => <Typography.Text style={{ ...MONO, color: GREEN }}>{show(c.after)}</Typography.Text>,
            },
          ]}
        />
      )}
    </Space>
  );
}
