import { Alert, Card, Empty, Select, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { listMyScores, SUBJECT_TYPES, type SubjectType } from '../../shared/api';
import { MyDeclarationsCard } from '../approvals/Declarations';
import { ScoreReport } from './ScoreReport';
import { NotFoundResult } from '../../shared/components/DetailPlaceholder';
import { usePolledQuery } from '../../shared/query';
import { useLabel } from '../../i18n';
import { Link, setSearchParams, useLocation } from '../../router';
import { cyclePath, fmtScore, RANKING_ROLES } from './scoring';
import { hasRole, useSession } from '../../shared/session';

/**
 * The signed-in person's own published scores: the newest period, or the one picked (`?cycle=`),
 * with "Appeal" on each line of the version in force; below, their self-declarations.
 */
export function MyScorePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { user } = useSession();
  const { search } = useLocation();
  const { data, errorText: error } = usePolledQuery(['my-scores'], listMyScores, false);
  const items = data?.items;

  if (error) return <Alert type="error" showIcon title={error} data-testid="my-score-error" />;
  if (!items) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  if (!user.personId || items.length === 0)
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={t('myScore.title')} data-testid="my-score">
          <Empty description={t('myScore.empty')} data-testid="my-score-empty" />
        </Card>
        <MyDeclarationsCard />
      </Space>
    );

  const picked = items.find((i) => i.cycleId === search.get('cycle')) ?? items[0];
  const asked = Number(search.get('version')) || undefined;
  const periodPicker = (
    <Space wrap size="small">
      <Typography.Text type="secondary">{t('myScore.period')}</Typography.Text>
      <Select<string>
        value={picked.cycleId}
        onChange={(c) => setSearchParams({ cycle: c, version: null })}
        style={{ minWidth: 200 }}
        data-testid="my-score-period"
        options={items.map((i) => ({ value: i.cycleId, label: `${i.period} · ${fmtScore(i.total)} · ${label(`scoring.rating.${i.rating}`, i.rating)}` }))}
      />
      {hasRole(user, ...RANKING_ROLES) && (
        <Link to={cyclePath(picked.cycleId)} data-testid="my-score-cycle">
          {t('myScore.openCycle')}
        </Link>
      )}
    </Space>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="my-score">
      <ScoreReport
        key={picked.cycleId}
        cycleId={picked.cycleId}
        subjectType="person"
        subjectId={user.personId}
        version={asked ?? picked.version}
        onVersion={(v) => setSearchParams({ cycle: picked.cycleId, version: v === picked.version ? null : String(v) })}
        extra={periodPicker}
      />
      <MyDeclarationsCard />
    </Space>
  );
}

const pickType = (v: string): SubjectType | undefined => SUBJECT_TYPES.find((x) => x === v);

/** `/scores/<cycleId>/<subjectType>/<subjectId>?version=`: anyone's report, as far as the API lets the reader see it. */
export function ScoreReportPage() {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const parts = pathname.split('/').slice(2).map(decodeURIComponent);
  const [cycleId, type, subjectId] = parts;
  const subjectType = pickType(type ?? '');
  if (parts.length !== 3 || !subjectType || !cycleId || !subjectId)
    return <NotFoundResult title={t('report.notFound')} listPath="/my-score" backToList={t('nav.myScore')} />;
  const version = Number(search.get('version')) || undefined;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Link to={cyclePath(cycleId)} data-testid="report-back">
        ← {t('report.backToCycle')}
      </Link>
      <ScoreReport
        key={`${cycleId}|${subjectType}|${subjectId}`}
        cycleId={cycleId}
        subjectType={subjectType}
        subjectId={subjectId}
        version={version}
        onVersion={(v) => setSearchParams({ version: String(v) })}
      />
    </Space>
  );
}
