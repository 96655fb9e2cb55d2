import { Alert, Button, Card, Col, Progress, Result, Row, Space, Spin, Statistic, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DIMENSIONS, fetchCycle, fetchScoreReport, type Dimension, type ScoreReport as Report, type SubjectType } from '../../shared/api';
import { useDetail } from '../../shared/useDetail';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { GREEN, RED } from '../../shared/operations';
import { fmtScore, fmtShare, fmtSigned, inForceVersion, RANKING_ROLES, shortHash } from './scoring';
import { hasRole, useSession } from '../../shared/session';
import { AppealModal, useOwnAppeals, type AppealTarget } from '../approvals/Appeals';
import { RatingTag } from './ScoreTags';
import { lineCode, ScoreLinesCard } from './ScoreLinesCard';
import { useRulesetDocument, useScoringNames } from './scoringNames';

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
  const { user } = useSession();
  const query = useDetail({
    key: ['score-report', cycleId, subjectType, subjectId, version ?? null],
    load: () => fetchScoreReport(cycleId, subjectType, subjectId, version),
    pollMs: false,
  });
  const report = query.data ?? null;
  const { refresh } = query;
  const own = subjectType === 'person' && !!user.personId && subjectId === user.personId;
  const appeals = useOwnAppeals(own ? cycleId : null, subjectId);
  const [appealing, setAppealing] = useState<AppealTarget | null>(null);

  // A decided appeal made a version this report does not know yet: read the report again.
  const known = report ? report.versions.map((v) => v.version) : null;
  const newest = Math.max(0, ...appeals.items.map((a) => a.newVersion ?? 0));
  const stale = !!known && newest > Math.max(0, ...known);
  useEffect(() => {
    if (stale) void refresh();
  }, [stale, newest, refresh]);

  // The ruleset the snapshot was scored with names the lines (older servers: the cycle's frozen
  // one; people who cannot read the cycle get the current one).
  const reportRuleset = report?.rulesetVersion;
  const needCycle = rulesetVersion === undefined && !!report && reportRuleset === undefined;
  const readsCycle = hasRole(user, ...RANKING_ROLES);
  const cycle = usePolledQuery(['cycle-ruleset', cycleId], async () => (await fetchCycle(cycleId)).cycle.rulesetVersion, false, {
    enabled: needCycle && readsCycle,
  });
  const frozen = !needCycle ? null : !readsCycle || cycle.error ? 'current' : (cycle.data ?? null);
  const doc = useRulesetDocument(rulesetVersion ?? reportRuleset ?? frozen);
  const names = useScoringNames(doc);
  const qualified = threshold(doc, 'qualified', 70);

  const failed = query.error;
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
      <ScoreLinesCard report={report} names={names} appeal={own ? { items: appeals.items, canAppeal, onAppeal: setAppealing } : undefined} />
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
