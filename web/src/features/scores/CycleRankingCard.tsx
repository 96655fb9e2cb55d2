import { Card, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { DIMENSIONS, fetchRanking, SUBJECT_TYPES, type CycleDetail, type RankingRow, type SubjectType } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { hasRole, useSession } from '../../shared/session';
import { testId } from '../../shared/testIds';
import { useLabel } from '../../i18n';
import { Link, setSearchParams, useLocation } from '../../router';
import { RatingTag } from './ScoreTags';
import { fmtScore, RANKING_ROLES, reportPath } from './scoring';

const RANKING_PAGE_SIZE = 50;

const pickType = (v: string | null): SubjectType => SUBJECT_TYPES.find((x) => x === v) ?? 'person';

/** Rankings of a snapshot by subject type (tab and version in the URL); a row opens the subject's report. */
export function CycleRankingCard({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { user } = useSession();
  const { search } = useLocation();
  const { cycle: c, snapshots } = detail;
  const type = pickType(search.get('ranking'));
  const version = Number(search.get('version')) || c.currentSnapshot;
  const page = Math.max(1, Number(search.get('rankingPage')) || 1);
  const allowed = hasRole(user, ...RANKING_ROLES);
  const ready = version > 0 && snapshots.some((s) => s.version === version);
  const ranking = usePolledQuery(
    ['ranking', c.id, type, version, page],
    () => fetchRanking(c.id, type, { version, page, pageSize: RANKING_PAGE_SIZE }),
    false,
    {
      enabled: allowed && ready,
    },
  );

  if (!allowed) return null;
  const data = ranking.data ?? null;
  const failed = ranking.errorText;
  const columns: TableColumnsType<RankingRow> = [
    { key: 'rank', title: '#', dataIndex: 'rank', width: 50 },
    {
      key: 'name',
      title: t('cycleDetail.colName'),
      render: (_, r) => (
        <Space size={4} wrap>
          <Link
            to={reportPath(c.id, r.subjectType, r.subjectId, version === c.currentSnapshot ? undefined : version)}
            data-testid={`ranking-link-${r.subjectId}`}
          >
            {r.name}
          </Link>
          {r.flags?.specialReview && <Tag color="volcano">{t('report.flag.specialReview')}</Tag>}
          {r.flags?.consecutiveNeedsImprovement && <Tag color="red">{t('report.flag.consecutive')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'total',
      title: t('cycleDetail.colTotal'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text strong data-testid="ranking-total">
          {fmtScore(r.total)}
        </Typography.Text>
      ),
    },
    { key: 'rating', title: t('cycleDetail.colRating'), render: (_, r) => <RatingTag rating={r.rating} testId="ranking-rating" /> },
    ...DIMENSIONS.map((d) => ({
      key: d,
      title: label(`scoring.dimension.${d}`, d),
      align: 'right' as const,
      render: (_: unknown, r: RankingRow) => {
        const v = r.dimensionScores?.[d];
        if (v === undefined) return '';
        const short = r.flags?.shortfallDimension === d;
        return <Typography.Text style={short ? { color: '#cf1322', fontWeight: 600 } : undefined}>{fmtScore(v)}</Typography.Text>;
      },
    })),
  ];

  return (
    <Card
      title={t('cycleDetail.ranking')}
      size="small"
      data-testid="cycle-ranking"
      extra={
        snapshots.length > 1 && (
          <Select<number>
            size="small"
            value={version}
            style={{ minWidth: 160 }}
            data-testid="ranking-version"
            onChange={(v) => setSearchParams({ version: v === c.currentSnapshot ? null : String(v), rankingPage: null })}
            options={snapshots.map((s) => ({ value: s.version, label: `v${s.version} · ${label(`scoring.snapshotStatus.${s.status}`, s.status)}` }))}
          />
        )
      }
    >
      <Tabs
        activeKey={type}
        onChange={(k) => setSearchParams({ ranking: k === 'person' ? null : k, rankingPage: null })}
        items={SUBJECT_TYPES.map((s) => ({ key: s, label: <span data-testid={`ranking-tab-${s}`}>{label(`scoring.subjectTypePlural.${s}`, s)}</span> }))}
      />
      {!ready ? (
        <Typography.Text type="secondary">{t('cycleDetail.rankingPending')}</Typography.Text>
      ) : (
        <>
          {failed && (
            <Typography.Paragraph type="danger" data-testid="ranking-error">
              {failed}
            </Typography.Paragraph>
          )}
          <Table<RankingRow>
            rowKey={(r) => `${r.subjectType}:${r.subjectId}`}
            size="small"
            data-testid={`ranking-table-${type}`}
            columns={columns}
            dataSource={data?.items ?? []}
            loading={!data && !failed}
            onRow={(r) =>
              ({
                ...testId(`ranking-row-${r.subjectId}`),
                'data-rating': r.rating,
                style: r.rating === 'needs_improvement' ? { background: '#fff1f0' } : undefined,
              }) as never
            }
            locale={{ emptyText: t('cycleDetail.rankingEmpty') }}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize: RANKING_PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => setSearchParams({ rankingPage: p === 1 ? null : String(p) }),
            }}
          />
        </>
      )}
    </Card>
  );
}
