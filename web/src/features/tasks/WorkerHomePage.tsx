import { Badge, Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listMyScores, listTasks } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { localDisplayName } from '../../shared/names';
import { useSession } from '../../shared/session';
import { Link } from '../../router';
import { fmtScore } from '../scores/scoring';

const TASKS_POLL_MS = 15_000;

/** One big tile: a link the size of a thumb's reach, its name, a line under it. */
function Tile({ to, testId, title, hint, color, badge }: { to: string; testId: string; title: string; hint: ReactNode; color: string; badge?: ReactNode }) {
  return (
    <Link to={to} data-testid={testId} style={{ display: 'block', height: '100%' }}>
      <Card hoverable style={{ height: '100%', minHeight: 128, background: color, borderColor: color }} styles={{ body: { padding: 16 } }}>
        <Typography.Title level={3} style={{ color: '#fff', margin: 0, fontSize: 22 }}>
          {title} {badge}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.9)', margin: '8px 0 0' }}>{hint}</Typography.Paragraph>
      </Card>
    </Link>
  );
}

/**
 * A frontline worker's home (where they land on signing in): four big tiles — report a hazard,
 * raise an emergency, my tasks with how many are open, my score — two by two on a phone.
 */
export function WorkerHomePage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const { data: open } = usePolledQuery(['tasks', 'mine', 'count'], async () => (await listTasks('mine', 1, 1)).total, TASKS_POLL_MS);
  const { data: scores } = usePolledQuery(['my-scores'], listMyScores, false);
  const latest = scores?.items[0];

  return (
    <div data-testid="worker-home" style={{ maxWidth: 720 }}>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {t('workerHome.title', { name: localDisplayName(user, i18n.language) })}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={12}>
          <Tile to="/hazards/new" testId="home-report-hazard" title={t('workerHome.reportHazard')} hint={t('workerHome.reportHazardHint')} color="#d46b08" />
        </Col>
        <Col xs={12} md={12}>
          <Tile
            to="/emergencies/new"
            testId="home-raise-emergency"
            title={t('workerHome.raiseEmergency')}
            hint={t('workerHome.raiseEmergencyHint')}
            color="#cf1322"
          />
        </Col>
        <Col xs={12} md={12}>
          <Tile
            to="/tasks"
            testId="home-my-tasks"
            title={t('workerHome.myTasks')}
            hint={
              <span data-testid="home-task-count" data-count={open ?? ''}>
                {open === undefined ? '…' : t('workerHome.myTasksHint', { count: open })}
              </span>
            }
            badge={open ? <Badge count={open} style={{ boxShadow: 'none' }} /> : null}
            color="#0b6e4f"
          />
        </Col>
        <Col xs={12} md={12}>
          <Tile
            to="/my-score"
            testId="home-my-score"
            title={t('workerHome.myScore')}
            hint={latest ? `${latest.period} · ${fmtScore(latest.total)}` : t('workerHome.myScoreHint')}
            color="#1d39c4"
          />
        </Col>
      </Row>
    </div>
  );
}
