import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMe, listNotifications, session, UNAUTHORIZED_EVENT, type CurrentUser } from './api';
import { AppLayout } from './components/AppLayout';
import { usePolling } from './hooks';
import { currentLanguage } from './i18n';
import { idOfPath } from './operations';
import { AlertDetailPage } from './pages/AlertDetailPage';
import { AlertsPage } from './pages/AlertsPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { AssessmentCycleDetailPage } from './pages/AssessmentCycleDetailPage';
import { AssessmentCycleListPage } from './pages/AssessmentCycleListPage';
import { DashboardPage } from './pages/DashboardPage';
import { EmergencyDetailPage } from './pages/EmergencyDetailPage';
import { EmergencyListPage } from './pages/EmergencyListPage';
import { EmergencyRaisePage } from './pages/EmergencyRaisePage';
import { HazardDetailPage } from './pages/HazardDetailPage';
import { HazardListPage } from './pages/HazardListPage';
import { HazardReportPage } from './pages/HazardReportPage';
import { ImprovementPlansPage } from './pages/ImprovementPlansPage';
import { InboxPage } from './pages/InboxPage';
import { InspectionDetailPage } from './pages/InspectionDetailPage';
import { InspectionListPage } from './pages/InspectionListPage';
import { LoginPage } from './pages/LoginPage';
import { MailSinkPage } from './pages/MailSinkPage';
import { MonitorPage } from './pages/MonitorPage';
import { MyScorePage, ScoreReportPage } from './pages/MyScorePage';
import { NotificationsPage } from './pages/NotificationsPage';
import { OrgPage } from './pages/OrgPage';
import { ProcessHistoryPage } from './pages/ProcessHistoryPage';
import { ReportsPage } from './pages/ReportsPage';
import { ForbiddenPage, NotFoundPage } from './pages/ResultPages';
import { RiskAssessmentDetailPage } from './pages/RiskAssessmentDetailPage';
import { RiskAssessmentListPage } from './pages/RiskAssessmentListPage';
import { RulesetsPage } from './pages/RulesetsPage';
import { StatusPage } from './pages/StatusPage';
import { TrainingDetailPage } from './pages/TrainingDetailPage';
import { TrainingListPage } from './pages/TrainingListPage';
import { workflowIdOfHistoryPath } from './processLinks';
import { canSee, findRoute, type PageKey } from './routes';
import { navigate, useLocation } from './router';
import { SessionContext, useSession, type Session } from './session';

const UNREAD_POLL_MS = 15_000;

/** Theme and Ant Design locale follow the UI language. */
export function App() {
  useTranslation(); // re-render on language change
  const lang = currentLanguage();
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#0b6e4f' } }}>
      <AntApp>
        <AuthGate />
      </AntApp>
    </ConfigProvider>
  );
}

/** Login page until there is a user; a 401 from any call brings it back. */
function AuthGate() {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [checked, setChecked] = useState(() => !session.token);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    if (!session.token) return;
    fetchMe()
      .then(setUser, () => {
        session.token = null;
      })
      .finally(() => setChecked(true));
  }, []);

  useEffect(() => {
    const onUnauthorized = () => {
      setUser(null);
      setExpired(true);
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const signOut = useCallback(() => {
    session.token = null;
    setExpired(false);
    setUser(null);
  }, []);

  if (!checked) return <Spin fullscreen />;
  if (!user)
    return (
      <LoginPage
        expired={expired}
        onLogin={(u) => {
          setExpired(false);
          setUser(u);
        }}
      />
    );
  return <SignedIn user={user} signOut={signOut} />;
}

function SignedIn({ user, signOut }: { user: CurrentUser; signOut: () => void }) {
  const [unread, setUnread] = useState(0);
  const refreshUnread = useCallback(() => {
    listNotifications({ unreadOnly: true, pageSize: 1 }).then(
      (r) => setUnread(r.unread),
      () => undefined, // the badge is a hint; the notifications page reports errors
    );
  }, []);
  usePolling(refreshUnread, UNREAD_POLL_MS, []);

  const value = useMemo<Session>(() => ({ user, signOut, unread, refreshUnread }), [user, signOut, unread, refreshUnread]);
  return (
    <SessionContext.Provider value={value}>
      <AppLayout>
        <CurrentPage />
      </AppLayout>
    </SessionContext.Provider>
  );
}

const PAGES: Record<PageKey, ComponentType> = {
  dashboard: DashboardPage,
  inbox: InboxPage,
  approvals: ApprovalsPage,
  hazards: HazardsPage,
  hazardNew: HazardReportPage,
  emergencies: EmergenciesPage,
  emergencyNew: EmergencyRaisePage,
  riskAssessments: RiskAssessmentsPage,
  inspections: InspectionsPage,
  trainings: TrainingsPage,
  monitor: MonitorPage,
  alerts: AlertsRoute,
  reports: ReportsPage,
  processHistory: ProcessHistoryRoute,
  myScore: MyScorePage,
  assessmentCycles: AssessmentCyclesPage,
  rulesets: RulesetsPage,
  scoreReport: ScoreReportPage,
  improvementPlans: ImprovementPlansPage,
  notifications: NotificationsPage,
  org: OrgPage,
  mail: MailSinkPage,
  status: StatusPage,
};

/** /hazards is the list, /hazards/<id> one hazard. */
function HazardsPage() {
  const { pathname } = useLocation();
  const hazardId = pathname.startsWith('/hazards/') ? decodeURIComponent(pathname.slice('/hazards/'.length)) : null;
  return hazardId ? <HazardDetailPage key={hazardId} hazardId={hazardId} /> : <HazardListPage />;
}

/** /emergencies is the list, /emergencies/<id> the command view of one emergency. */
function EmergenciesPage() {
  const { pathname } = useLocation();
  const emergencyId = pathname.startsWith('/emergencies/') ? decodeURIComponent(pathname.slice('/emergencies/'.length)) : null;
  return emergencyId ? <EmergencyDetailPage key={emergencyId} emergencyId={emergencyId} /> : <EmergencyListPage />;
}

/** /risk-assessments is the list (and the monthly schedules), /risk-assessments/<id> one assessment. */
function RiskAssessmentsPage() {
  const { pathname } = useLocation();
  const assessmentId = pathname.startsWith('/risk-assessments/') ? decodeURIComponent(pathname.slice('/risk-assessments/'.length)) : null;
  return assessmentId ? <RiskAssessmentDetailPage key={assessmentId} assessmentId={assessmentId} /> : <RiskAssessmentListPage />;
}

/** /inspections is the list (and the templates), /inspections/<id> one inspection. */
function InspectionsPage() {
  const { pathname } = useLocation();
  const inspectionId = idOfPath(pathname, 'inspections');
  return inspectionId ? <InspectionDetailPage key={inspectionId} inspectionId={inspectionId} /> : <InspectionListPage />;
}

/** /trainings is the list, /trainings/<id> one session with its results. */
function TrainingsPage() {
  const { pathname } = useLocation();
  const trainingId = idOfPath(pathname, 'trainings');
  return trainingId ? <TrainingDetailPage key={trainingId} trainingId={trainingId} /> : <TrainingListPage />;
}

/** /alerts is the list (and the rules), /alerts/<id> one alert: the link its notifications carry. */
function AlertsRoute() {
  const { pathname } = useLocation();
  const alertId = idOfPath(pathname, 'alerts');
  return alertId ? <AlertDetailPage key={alertId} alertId={alertId} /> : <AlertsPage />;
}

/** /processes/<workflow id>/history: the auditor's timeline of one process. */
function ProcessHistoryRoute() {
  const { pathname } = useLocation();
  const workflowId = workflowIdOfHistoryPath(pathname);
  return workflowId ? <ProcessHistoryPage key={workflowId} workflowId={workflowId} /> : <NotFoundPage />;
}

/** /assessment-cycles is the list (and the schedules), /assessment-cycles/<id> one cycle (the id contains ':'). */
function AssessmentCyclesPage() {
  const { pathname } = useLocation();
  const cycleId = pathname.startsWith('/assessment-cycles/') ? decodeURIComponent(pathname.slice('/assessment-cycles/'.length)) : null;
  return cycleId ? <AssessmentCycleDetailPage key={cycleId} cycleId={cycleId} /> : <AssessmentCycleListPage />;
}

function CurrentPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { pathname } = useLocation();
  const route = findRoute(pathname);
  const home = pathname === '/' || pathname === '/login' || pathname === '/index.html';

  useEffect(() => {
    if (home) navigate('/tasks', { replace: true });
  }, [home]);
  useEffect(() => {
    document.title = route ? `${t(`nav.${route.key}`)} · ${t('app.name')}` : t('app.name');
  }, [route, t]);

  if (home) return null;
  if (!route) return <NotFoundPage />;
  if (!canSee(user, route)) return <ForbiddenPage />;
  const Page = PAGES[route.key];
  return <Page />;
}
