import { Alert, Button, Card, Col, Empty, Progress, Result, Row, Space, Spin, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  DIMENSIONS,
  fetchCycle,
  fetchScoreFacts,
  fetchScoreReport,
  type Dimension,
  type FactGroup,
  type ScoreLine,
  type ScoreReport as Report,
  type SubjectType,
} from '../../shared/api';
import { useErrorText } from '../../shared/hooks';
import { useLabel } from '../../i18n';
import { fmtScore, fmtShare, fmtSigned, inForceVersion, RANKING_ROLES, shortHash } from './scoring';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { AppealCell, AppealModal, useOwnAppeals, type AppealTarget } from '../approvals/Appeals';
import { RatingTag } from './ScoreTags';
import { useRulesetDocument, useScoringNames, type ScoringNames } from './scoringNames';

const RED = '#cf1322';
const GREEN = '#389e0d';
const SHORTFALL_BG = '#fff1f0';

export const lineCode = (l: ScoreLine) => (l.kind === 'indicator' ? l.indicatorCode : l.ruleCode) ?? '';
const isShortfall = (l: ScoreLine) => (l.rating === 'needs_improvement' && l.counted !== false) || (l.kind === 'penalty' && l.points < 0);
/** Evidence is recorded per person and department; posts and companies are pooled from them. */
const hasEvidence = (t: SubjectType) => t === 'person' || t === 'department';

/**
 * A score report (one subject, one snapshot version): the total with its rating, the four
 * dimensions as bars, every line (indicator or rule) with its explanation and, for persons and
 * departments, the facts behind it; shortfalls in red. `/my-score` and `/scores/…` both show it.
 * The reader's own score also shows each line's appeal and, on the version in force, "Appeal".
 */
export function ScoreReport({
  cycleId,
  subjectType,
  subjectId,
  version,
  onVersion,
  extra,
  rulesetVersion,
}: {
  cycleId: string;
  subjectType: SubjectType;
  subjectId: string;
  /** Default: the cycle's current snapshot. */
  version?: number;
  onVersion?: (version: number) => void;
  /** Shown in the card header (e.g. the period selector). */
  extra?: ReactNode;
  /** The ruleset the cycle froze, when the caller knows it (names of indicators and rules). */
  rulesetVersion?: number;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const { user } = useSession();
  const [loaded, setLoaded] = useState<{ key: string; report: Report } | null>(null);
  const [error, setError] = useState<{ key: string; text: string; notFound: boolean } | null>(null);
  const [frozen, setFrozen] = useState<{ cycleId: string; version: number | 'current' } | null>(null);
  const [reloads, setReloads] = useState(0);
  const key = `${cycleId}|${subjectType}|${subjectId}|${version ?? ''}`;
  const own = subjectType === 'person' && !!user.personId && subjectId === user.personId;
  const appeals = useOwnAppeals(own ? cycleId : null, subjectId);
  const [appealing, setAppealing] = useState<AppealTarget | null>(null);

  useEffect(() => {
    let live = true;
    fetchScoreReport(cycleId, subjectType, subjectId, version).then(
      (report) => live && setLoaded({ key, report }),
      (err: unknown) => live && setError({ key, text: errorText(err), notFound: err instanceof ApiError && err.status === 404 }),
    );
    return () => {
      live = false;
    };
  }, [key, cycleId, subjectType, subjectId, version, errorText, reloads]);

  // A decided appeal made a version this report does not know yet: read the report again.
  const known = loaded?.key === key ? loaded.report.versions.map((v) => v.version) : null;
  const newest = Math.max(0, ...appeals.items.map((a) => a.newVersion ?? 0));
  const stale = !!known && newest > Math.max(0, ...known);
  useEffect(() => {
    if (stale) setReloads((n) => n + 1);
  }, [stale, newest]);

  // The ruleset the snapshot was scored with names the lines (older servers: the cycle's frozen
  // one; people who cannot read the cycle get the current one).
  const reportRuleset = loaded?.key === key ? loaded.report.rulesetVersion : undefined;
  const needCycle = rulesetVersion === undefined && !!loaded && loaded.key === key && reportRuleset === undefined;
  useEffect(() => {
    if (!needCycle) return;
    let live = true;
    if (!hasRole(user, ...RANKING_ROLES)) {
      setFrozen({ cycleId, version: 'current' });
      return;
    }
    fetchCycle(cycleId).then(
      (d) => live && setFrozen({ cycleId, version: d.cycle.rulesetVersion }),
      () => live && setFrozen({ cycleId, version: 'current' }),
    );
    return () => {
      live = false;
    };
  }, [cycleId, needCycle, user]);
  const doc = useRulesetDocument(rulesetVersion ?? reportRuleset ?? (frozen?.cycleId === cycleId ? frozen.version : null));
  const names = useScoringNames(doc);
  const qualified = threshold(doc, 'qualified', 70);

  const report = loaded?.key === key ? loaded.report : null;
  const failed = error?.key === key ? error : null;
  if (!report) {
    if (failed?.notFound) return <Result status="404" title={t('report.notFound')} subTitle={t('report.notFoundHint')} data-testid="report-not-found" />;
    if (failed) return <Alert type="error" showIcon title={failed.text} data-testid="report-error" />;
    return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  }

  const f = report.flags;
  const adjusted = report.versions.length > 1;
  const inForce = inForceVersion(report);
  // Appeals are about the version in force of one's own published score.
  const canAppeal = own && inForce?.version === report.version;
  /** `weights.byPostProfile.*-*-high` → "post profile *-*-high". */
  const weightSource = (source: string) => {
    const [, kind, key] = /^weights\.(bySubjectType|byPostProfile|byDepartment)\.(.+)$/.exec(source) ?? [];
    if (kind === 'bySubjectType') return label(`scoring.subjectType.${key}`, key);
    if (kind === 'byPostProfile') return t('rulesets.postProfile', { profile: key });
    if (kind === 'byDepartment') return t('report.ownDepartmentWeights');
    return source;
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="score-report" data-version={report.version}>
      <Card
        title={
          <Space wrap size={[8, 4]} style={{ whiteSpace: 'normal' }}>
            <span data-testid="report-name">{report.name}</span>
            <Tag>{label(`scoring.subjectType.${report.subjectType}`, report.subjectType)}</Tag>
            <Typography.Text type="secondary" data-testid="report-period">
              {t('report.periodVersion', { period: report.period, version: report.version })}
            </Typography.Text>
          </Space>
        }
        extra={extra}
      >
        <Row gutter={[24, 16]}>
          <Col xs={24} md={8}>
            <Space orientation="vertical" size="small">
              <Statistic
                title={t('report.total')}
                value={report.total}
                precision={report.total % 1 === 0 ? 0 : 2}
                styles={{ content: { fontSize: 48, lineHeight: 1.1, color: report.rating === 'needs_improvement' ? RED : undefined } }}
                suffix={<span style={{ fontSize: 16 }}>/ 100</span>}
                data-testid="report-total"
                data-total={report.total}
              />
              <Space size={4} wrap>
                <RatingTag rating={report.rating} testId="report-rating" />
                {f?.specialReview && <Tag color="volcano">{t('report.flag.specialReview')}</Tag>}
                {f?.consecutiveNeedsImprovement && <Tag color="red">{t('report.flag.consecutive')}</Tag>}
                {!!f && f.improvementStreak >= 2 && <Tag color="green">{t('report.flag.streak', { count: f.improvementStreak })}</Tag>}
                {!!f?.ratingDiscrepancies.length && (
                  <Tooltip title={f.ratingDiscrepancies.map(names.indicator).join(', ')}>
                    <Tag color="orange">{t('report.flag.discrepancy')}</Tag>
                  </Tooltip>
                )}
              </Space>
              {adjusted && <Versions report={report} onVersion={onVersion} />}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <Tooltip title={report.inputHash}>
                  <span>{t('report.hash', { hash: shortHash(report.inputHash) })}</span>
                </Tooltip>
                {report.weightSource ? ` · ${t('report.weightSource', { source: weightSource(report.weightSource) })}` : ''}
              </Typography.Text>
            </Space>
          </Col>
          <Col xs={24} md={16}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('report.dimensions')}
            </Typography.Title>
            <Dimensions report={report} qualified={qualified} />
          </Col>
        </Row>
      </Card>
      <LinesCard report={report} names={names} appeal={own ? { items: appeals.items, canAppeal, onAppeal: setAppealing } : undefined} />
      {appealing && (
        <AppealModal
          cycleId={report.cycleId}
          target={appealing}
          name={names.code(appealing.lineCode)}
          points={report.lines.find((l) => lineCode(l) === appealing.lineCode)?.points}
          onClose={() => setAppealing(null)}
          onDone={() => {
            setAppealing(null);
            void appeals.reload();
          }}
        />
      )}
    </Space>
  );
}

function threshold(doc: Record<string, unknown> | null, name: 'qualified' | 'excellent', fallback: number): number {
  const r = doc?.ratingThresholds;
  const v = r && typeof r === 'object' ? (r as Record<string, unknown>)[name] : undefined;
  return typeof v === 'number' ? v : fallback;
}

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
function Versions({ report, onVersion }: { report: Report; onVersion?: (v: number) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const first = report.versions[0];
  const current = inForceVersion(report) ?? report.versions[report.versions.length - 1];
  // Why the total moved: the newest version up to the one in force whose total differs from the one before.
  const upTo = report.versions.filter((v) => v.version <= current.version);
  const changed = [...upTo].reverse().find((v, i, all) => i < all.length - 1 && v.total !== all[i + 1].total) ?? current;
  const reason = changed.reason ?? 'recompute';
  return (
    <Alert
      type="info"
      showIcon
      data-testid="report-versions"
      data-from={first.total}
      data-to={current.total}
      title={
        <Space size={4} wrap>
          <Tag color="purple">{t('report.adjusted')}</Tag>
          <Typography.Text strong data-testid="report-versions-summary">
            {t('report.versionsSummary', {
              from: fmtScore(first.total),
              to: fmtScore(current.total),
              why: label(`report.reasonBy.${reason}`, reason),
              version: current.version,
            })}
          </Typography.Text>
        </Space>
      }
      description={
        <Space orientation="vertical" size={6}>
          <Space size={4} wrap>
            {report.versions.map((v) => (
              <Button
                key={v.version}
                size="small"
                type={v.version === report.version ? 'primary' : 'default'}
                onClick={() => onVersion?.(v.version)}
                disabled={!onVersion}
                data-testid={`report-version-${v.version}`}
                data-status={v.status ?? ''}
                data-reason={v.reason ?? ''}
              >
                {t('report.versionTotal', { version: v.version, total: fmtScore(v.total) })}
                {v.reason ? ` · ${label(`scoring.snapshotReason.${v.reason}`, v.reason)}` : ''}
                {v.version === current.version && report.versions.length > 1 ? ` · ${t('report.inForce')}` : ''}
                {v.supersededBy ? (
                  <span data-testid={`report-version-superseded-by-${v.version}`}>{` · ${t('report.supersededBy', { version: v.supersededBy })}`}</span>
                ) : null}
              </Button>
            ))}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('report.adjustedHint')}
          </Typography.Text>
        </Space>
      }
    />
  );
}

function Dimensions({ report, qualified }: { report: Report; qualified: number }) {
  const { t } = useTranslation();
  const label = useLabel();
  const f = report.flags;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {DIMENSIONS.map((d: Dimension) => {
        const score = report.dimensionScores[d] ?? 0;
        const adj = report.dimensionAdjustments?.[d] ?? 0;
        const weight = report.weights?.dimensions[d];
        const short = f?.shortfallDimension === d || score < qualified;
        return (
          <div key={d} data-testid={`report-dimension-${d}`} data-score={score} data-shortfall={short ? 'true' : 'false'}>
            <Space size={6} wrap style={{ width: '100%', justifyContent: 'space-between' }}>
              <Space size={6} wrap>
                <Typography.Text strong>{label(`scoring.dimension.${d}`, d)}</Typography.Text>
                {weight !== undefined && <Typography.Text type="secondary">{t('report.weight', { share: fmtShare(weight) })}</Typography.Text>}
                {f?.shortfallDimension === d && <Tag color="red">{t('report.shortfall')}</Tag>}
                {f?.boostedDimension === d && (
                  <Tooltip title={t('report.boostedHint')}>
                    <Tag color="gold">{t('report.boosted')}</Tag>
                  </Tooltip>
                )}
              </Space>
              {adj !== 0 && (
                <Typography.Text style={{ color: adj < 0 ? RED : GREEN }} data-testid={`report-adjustment-${d}`}>
                  {t('report.adjustment', { points: fmtSigned(adj) })}
                </Typography.Text>
              )}
            </Space>
            <Progress
              percent={Math.max(0, Math.min(100, score))}
              format={() => fmtScore(score)}
              status={short ? 'exception' : score >= 100 ? 'success' : 'normal'}
            />
          </div>
        );
      })}
    </Space>
  );
}

function LinesCard({
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
        <Space orientation="vertical" size={0}>
          <Space size={4} wrap>
            <Typography.Text strong>{names.line(l)}</Typography.Text>
            {l.kind !== 'indicator' && <Tag color={l.kind === 'penalty' ? 'red' : 'green'}>{label(`scoring.lineKind.${l.kind}`, l.kind)}</Tag>}
            {l.kind === 'indicator' && l.custom && <Tag>{t('report.custom')}</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lineCode(l)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'dimension',
      title: t('report.colDimension'),
      render: (_, l) =>
        l.dimension ? label(`scoring.dimension.${l.dimension}`, l.dimension) : <Typography.Text type="secondary">{t('report.totalOnly')}</Typography.Text>,
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
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
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
      <Table<ScoreLine>
        rowKey={keyOf}
        size="small"
        columns={columns}
        dataSource={lines}
        pagination={false}
        scroll={{ x: appeal ? 1150 : 1000 }}
        locale={{ emptyText: <Empty description={t('report.noLines')} /> }}
        onRow={(l) =>
          ({
            ...testId(`line-${lineCode(l)}`),
            'data-kind': l.kind,
            'data-shortfall': isShortfall(l) ? 'true' : 'false',
            style: isShortfall(l) ? { background: SHORTFALL_BG } : undefined,
          }) as never
        }
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
  const errorText = useErrorText();
  const [groups, setGroups] = useState<FactGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchScoreFacts(cycleId, subjectType, subjectId, code).then(
      (r) => live && setGroups(r.lines.filter((g) => g.code === code)),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [cycleId, subjectType, subjectId, code, errorText]);
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
