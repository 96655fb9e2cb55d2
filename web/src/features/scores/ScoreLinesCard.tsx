import { Button, Card, Empty, Space, Spin, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DIMENSIONS, fetchScoreFacts, type ScoreLine, type ScoreReport as Report, type SubjectType } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { fmtScore, fmtShare, fmtSigned } from './scoring';
import { GREEN, RED } from '../../shared/operations';
import { testId } from '../../shared/testIds';
import { AppealCell, type AppealTarget } from '../approvals/Appeals';
import { RatingTag } from './ScoreTags';
import { None, TwoLines } from '../../shared/components/Cells';
import { LabelTag } from '../../shared/components/Tags';
import type { ScoringNames } from './scoringNames';
import { ResponsiveTable } from '../../shared/components/ResponsiveTable';

const SHORTFALL_BG = '#fff1f0';

const LINE_KIND_COLORS: Record<string, string> = { indicator: 'blue', penalty: 'red', bonus: 'green' };

/** What a line (or a ruleset's rule) is: an indicator (blue), a penalty (red) or a bonus (green). */
export function LineKindTag({ kind }: { kind: string }) {
  return <LabelTag value={kind} labels="scoring.lineKind" colors={LINE_KIND_COLORS} />;
}

/** A line's code: its indicator's or its rule's. */
export const lineCode = (l: ScoreLine) => (l.kind === 'indicator' ? l.indicatorCode : l.ruleCode) ?? '';
const isShortfall = (l: ScoreLine) => (l.rating === 'needs_improvement' && l.counted !== false) || (l.kind === 'penalty' && l.points < 0);
/** Evidence is recorded per person and department; posts and companies are pooled from them. */
const hasEvidence = (t: SubjectType) => t === 'person' || t === 'department';

/** Accepted appeals and approved adjustments of a line, beside it: points, kind, version; reason and decision on hover. */
function LineCorrections({ line }: { line: ScoreLine }) {
  const { t } = useTranslation();
  if (!line.corrections?.length) return null;
  return (
    <div data-testid={`line-corrections-${lineCode(line)}`} data-adjustment={line.adjustment ?? 0}>
      {line.corrections.map((c) => {
        const kind = t(`report.correctionKind.${c.kind}`);
        return (
          <Tooltip
            key={c.workflowId}
            title={t('report.correctionDetail', {
              kind,
              version: c.version,
              points: fmtSigned(c.delta),
              reason: c.reason,
              by: c.decidedBy,
              decision: c.decision ? `: “${c.decision}”` : '',
            })}
          >
            <Tag color="purple" style={{ marginInlineEnd: 0, marginTop: 2 }} data-testid="line-correction" data-version={c.version}>
              {t('report.correction', { points: fmtSigned(c.delta), kind, version: c.version })}
            </Tag>
          </Tooltip>
        );
      })}
    </div>
  );
}

/**
 * Every snapshot version of this subject's score: more than one means it was changed after
 * publishing (appeal, adjustment, late facts). The first total → the one in force, and a button
 * per version (earlier versions stay readable).
 */
/** Every line of the report with its explanation, corrections, appeal and (persons, departments) the facts behind it. */
export function ScoreLinesCard({
  report,
  names,
  appeal,
}: {
  report: Report;
  names: ScoringNames;
  /** The reader's own score: each line's appeal, and "Appeal" when `canAppeal` (the version in force). */
  appeal?: { items: Parameters<typeof AppealCell>[0]['appeals']; canAppeal: boolean; onAppeal: (target: AppealTarget) => void };
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [open, setOpen] = useState<string[]>([]);
  const evidence = hasEvidence(report.subjectType);
  const order = (l: ScoreLine) => (l.dimension ? DIMENSIONS.indexOf(l.dimension) : DIMENSIONS.length);
  const lines = useMemo(
    () => [...report.lines].sort((a, b) => order(a) - order(b) || Number(a.kind !== 'indicator') - Number(b.kind !== 'indicator')),
    [report.lines],
  );
  const keyOf = (l: ScoreLine) => `${l.kind}:${lineCode(l)}`;
  const toggle = (k: string) => setOpen((o) => (o.includes(k) ? o.filter((x) => x !== k) : [...o, k]));

  const unitText = (l: ScoreLine) => {
    if (l.kind !== 'indicator') return '';
    const u = names.unit(lineCode(l));
    return u ? label(`scoring.unit.${u}`, '') : '';
  };
  const columns: TableColumnsType<ScoreLine> = [
    {
      key: 'item',
      title: t('report.colItem'),
      width: 280,
      render: (_, l) => (
        <TwoLines
          strong
          main={names.line(l)}
          tags={l.kind === 'indicator' ? l.custom && <Tag>{t('report.custom')}</Tag> : <LineKindTag kind={l.kind} />}
          sub={lineCode(l)}
        />
      ),
    },
    {
      key: 'dimension',
      title: t('report.colDimension'),
      render: (_, l) => (l.dimension ? label(`scoring.dimension.${l.dimension}`, l.dimension) : <None>{t('report.totalOnly')}</None>),
    },
    { key: 'value', title: t('report.colValue'), align: 'right', render: (_, l) => `${fmtScore(l.value)}${unitText(l) ? ` ${unitText(l)}` : ''}` },
    {
      key: 'points',
      title: t('report.colPoints'),
      align: 'right',
      render: (_, l) => (
        <>
          {l.kind === 'indicator' ? (
            fmtScore(l.points)
          ) : (
            <Typography.Text strong style={{ color: l.points < 0 ? RED : GREEN }}>
              {fmtSigned(l.points)}
            </Typography.Text>
          )}
          <LineCorrections line={l} />
        </>
      ),
    },
    { key: 'rating', title: t('report.colRating'), render: (_, l) => (l.rating ? <RatingTag rating={l.rating} testId="line-rating" /> : null) },
    {
      key: 'weight',
      title: t('report.colWeight'),
      align: 'right',
      render: (_, l) =>
        l.kind !== 'indicator' ? (
          ''
        ) : l.counted === false ? (
          <Tooltip title={t('report.notCountedHint')}>
            <Tag data-testid="line-not-counted">{t('report.notCounted')}</Tag>
          </Tooltip>
        ) : l.weight !== undefined ? (
          fmtShare(l.weight)
        ) : (
          ''
        ),
    },
    {
      key: 'explanation',
      title: t('report.colExplanation'),
      width: 300,
      render: (_, l) => <Typography.Text style={{ fontSize: 12 }}>{l.explanation}</Typography.Text>,
    },
  ];
  if (evidence)
    columns.push({
      key: 'evidence',
      title: t('report.colEvidence'),
      render: (_, l) =>
        l.n > 0 || l.factIds.length > 0 ? (
          <Button
            size="small"
            type={open.includes(keyOf(l)) ? 'primary' : 'default'}
            ghost={open.includes(keyOf(l))}
            onClick={() => toggle(keyOf(l))}
            data-testid={`evidence-${lineCode(l)}`}
          >
            {t('report.evidence', { count: l.n || l.factIds.length })}
          </Button>
        ) : (
          <None />
        ),
    });

  if (appeal)
    columns.push({
      key: 'appeal',
      title: t('report.colAppeal'),
      width: 150,
      render: (_, l) => (lineCode(l) ? <AppealCell code={lineCode(l)} appeals={appeal.items} canAppeal={appeal.canAppeal} onAppeal={appeal.onAppeal} /> : null),
    });

  return (
    <Card title={t('report.lines')} size="small" data-testid="report-lines">
      <ResponsiveTable<ScoreLine>
        rowKey={keyOf}
        size="small"
        columns={columns}
        dataSource={lines}
        pagination={false}
        scroll={{ x: appeal ? 1150 : 1000 }}
        locale={{ emptyText: <Empty description={t('report.noLines')} /> }}
        onRow={(l) => ({
          ...testId(`line-${lineCode(l)}`, { kind: l.kind, shortfall: isShortfall(l) }),
          style: isShortfall(l) ? { background: SHORTFALL_BG } : undefined,
        })}
        expandable={
          evidence
            ? {
                expandedRowKeys: open,
                showExpandColumn: false,
                expandedRowRender: (l) => (
                  <LineEvidence cycleId={report.cycleId} subjectType={report.subjectType} subjectId={report.subjectId} code={lineCode(l)} />
                ),
              }
            : undefined
        }
      />
    </Card>
  );
}

/** The facts behind one line, per group (e.g. per hazard): their ids, as recorded by the processes. */
function LineEvidence({ cycleId, subjectType, subjectId, code }: { cycleId: string; subjectType: SubjectType; subjectId: string; code: string }) {
  const { t } = useTranslation();
  const { data, errorText: error } = usePolledQuery(
    ['score-facts', cycleId, subjectType, subjectId, code],
    () => fetchScoreFacts(cycleId, subjectType, subjectId, code),
    false,
  );
  const groups = data?.lines.filter((g) => g.code === code);
  if (error) return <Typography.Text type="danger">{error}</Typography.Text>;
  if (!groups) return <Spin size="small" />;
  const total = groups.reduce((s, g) => s + g.factIds.length, 0);
  return (
    <div data-testid={`evidence-list-${code}`} data-count={total}>
      {groups.length === 0 ? (
        <Typography.Text type="secondary">{t('report.evidenceNone')}</Typography.Text>
      ) : (
        groups.map((g) => (
          <div key={g.groupKey ?? '-'} style={{ marginBottom: 6 }}>
            <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
              {g.groupKey ? t('report.evidenceGroup', { key: g.groupKey, count: g.n }) : t('report.evidenceFacts', { count: g.n })}
            </Typography.Text>
            <Space size={4} wrap>
              {g.factIds.map((id) => (
                <Tag key={id} style={{ fontFamily: 'monospace' }} data-testid="evidence-fact">
                  {id}
                </Tag>
              ))}
            </Space>
          </div>
        ))
      )}
    </div>
  );
}
