import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listMyScores, listTasks } from '../../shared/api';
import { usePoll } from '../../shared/lite/reads';
import { localDisplayName } from '../../shared/names';
import { useSession } from '../../shared/session';
import { Link } from '../../router';
import { fmtScore } from '../scores/scoring';
import '../../shared/lite/lite.css';

const TASKS_POLL_MS = 15_000;

/** One big tile: a link the size of a thumb's reach, its name, a line under it (plain elements: the light shell, issue 20). */
function Tile({ to, testId, title, hint, color, badge }: { to: string; testId: string; title: string; hint: ReactNode; color: string; badge?: ReactNode }) {
  return (
    <Link to={to} data-testid={testId} className="sl-home-tile" style={{ background: color }}>
      <h3>
        {title} {badge}
      </h3>
      <p>{hint}</p>
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
  const { data: open } = usePoll('tasks/mine/count', async () => (await listTasks('mine', 1, 1)).total, TASKS_POLL_MS);
  const { data: scores } = usePoll('my-scores', listMyScores, false);
  const latest = scores?.items[0];

  return (
    <div data-testid="worker-home" style={{ maxWidth: 720 }}>
      <h2 className="sl-title">{t('workerHome.title', { name: localDisplayName(user, i18n.language) })}</h2>
      <div className="sl-tiles-home">
        <Tile to="/hazards/new" testId="home-report-hazard" title={t('workerHome.reportHazard')} hint={t('workerHome.reportHazardHint')} color="#d46b08" />
        <Tile
          to="/emergencies/new"
          testId="home-raise-emergency"
          title={t('workerHome.raiseEmergency')}
          hint={t('workerHome.raiseEmergencyHint')}
          color="#cf1322"
        />
        <Tile
          to="/tasks"
          testId="home-my-tasks"
          title={t('workerHome.myTasks')}
          hint={
            <span data-testid="home-task-count" data-count={open ?? ''}>
              {open === undefined ? '…' : t('workerHome.myTasksHint', { count: open })}
            </span>
          }
          badge={
            open ? (
              <span className="sl-count" style={{ verticalAlign: 'middle' }}>
                <sup
                  style={{
                    position: 'static',
                    display: 'inline-block',
                    boxShadow: 'none',
                    fontSize: 12,
                    height: 20,
                    lineHeight: '20px',
                    minWidth: 20,
                    borderRadius: 10,
                  }}
                >
                  {open}
                </sup>
              </span>
            ) : null
          }
          color="#0b6e4f"
        />
        <Tile
          to="/my-score"
          testId="home-my-score"
          title={t('workerHome.myScore')}
          hint={latest ? `${latest.period} · ${fmtScore(latest.total)}` : t('workerHome.myScoreHint')}
          color="#1d39c4"
        />
      </div>
    </div>
  );
}
