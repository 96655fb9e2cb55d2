import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fetchMe, listNotifications, session, UNAUTHORIZED_EVENT, type CurrentUser } from './shared/api';
import { AppLayout } from './shared/components/AppLayout';
import { createQueryClient, usePolledQuery } from './shared/query';
import { currentLanguage } from './i18n';
import { idOfPath } from './shared/operations';
import { LoginPage } from './features/auth/LoginPage';
import { workflowIdOfHistoryPath } from './shared/processLinks';
import { canSee, findRoute, landingPath, type PageKey } from './routes';
import { navigate, useLocation } from './router';
import { SessionContext, useSession, type Session } from './shared/session';
import { useOutboxSync } from './shared/offline/useOutbox';

const UNREAD_POLL_MS = 15_000;

/** A page whose code can be fetched before it is shown. */
type Preloadable = { preload: () => Promise<unknown> };

/**
 * A page of its own chunk (route-level code splitting): fetched the first time it is shown, or
 * earlier through `preload`. The login page and the layout stay in the entry: every visit needs them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lazy() takes any component; the props stay typed through M[K]
function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K]> & Preloadable {
  return Object.assign(
    lazy(() => load().then((m) => ({ default: m[name] }))),
    { preload: load },
  );
}

/** A path whose list and /<id> detail are two pages: both are fetched by its preload. */
function withPreload(Page: ComponentType, ...parts: Preloadable[]): ComponentType & Preloadable {
  return Object.assign(Page, { preload: () => Promise.all(parts.map((p) => p.preload())) });
}

// The 403 and 404 pages carry antd's Result illustrations: fetched only when one is shown.
const ForbiddenPage = lazyPage(() => import('./shared/components/ResultPages'), 'ForbiddenPage');
const NotFoundPage = lazyPage(() => import('./shared/components/ResultPages'), 'NotFoundPage');
const AlertDetailPage = lazyPage(() => import('./features/alerts/AlertDetailPage'), 'AlertDetailPage');
const AlertsPage = lazyPage(() => import('./features/alerts/AlertsPage'), 'AlertsPage');
const ApprovalsPage = lazyPage(() => import('./features/approvals/ApprovalsPage'), 'ApprovalsPage');
const AreaBoardRoute = lazyPage(() => import('./features/permits/PermitsRoute'), 'AreaBoardRoute');
const AssessmentCycleDetailPage = lazyPage(() => import('./features/scores/AssessmentCycleDetailPage'), 'AssessmentCycleDetailPage');
const AssessmentCycleListPage = lazyPage(() => import('./features/scores/AssessmentCycleListPage'), 'AssessmentCycleListPage');
const CertificatesPage = lazyPage(() => import('./features/certificates/CertificatesPage'), 'CertificatesPage');
const DashboardPage = lazyPage(() => import('./features/dashboard/DashboardPage'), 'DashboardPage');
const EmergencyDetailPage = lazyPage(() => import('./features/emergencies/EmergencyDetailPage'), 'EmergencyDetailPage');
const EmergencyListPage = lazyPage(() => import('./features/emergencies/EmergencyListPage'), 'EmergencyListPage');
const EmergencyRaisePage = lazyPage(() => import('./features/emergencies/EmergencyRaisePage'), 'EmergencyRaisePage');
const HazardDetailPage = lazyPage(() => import('./features/hazards/HazardDetailPage'), 'HazardDetailPage');
const HazardListPage = lazyPage(() => import('./features/hazards/HazardListPage'), 'HazardListPage');
const HazardReportPage = lazyPage(() => import('./features/hazards/HazardReportPage'), 'HazardReportPage');
const ImprovementPlansPage = lazyPage(() => import('./features/scores/ImprovementPlansPage'), 'ImprovementPlansPage');
const InboxPage = lazyPage(() => import('./features/tasks/InboxPage'), 'InboxPage');
const WorkerHomePage = lazyPage(() => import('./features/tasks/WorkerHomePage'), 'WorkerHomePage');
const IncidentReceiptPage = lazyPage(() => import('./features/incidents/IncidentReceiptPage'), 'IncidentReceiptPage');
const IncidentReportPage = lazyPage(() => import('./features/incidents/IncidentReportPage'), 'IncidentReportPage');
const IncidentsRoute = lazyPage(() => import('./features/incidents/IncidentsRoute'), 'IncidentsRoute');
const InspectionDetailPage = lazyPage(() => import('./features/inspections/InspectionDetailPage'), 'InspectionDetailPage');
const InspectionListPage = lazyPage(() => import('./features/inspections/InspectionListPage'), 'InspectionListPage');
const MailSinkPage = lazyPage(() => import('./features/notifications/MailSinkPage'), 'MailSinkPage');
const MonitorPage = lazyPage(() => import('./features/processes/MonitorPage'), 'MonitorPage');
const MyScorePage = lazyPage(() => import('./features/scores/MyScorePage'), 'MyScorePage');
const NotificationsPage = lazyPage(() => import('./features/notifications/NotificationsPage'), 'NotificationsPage');
const OutboxPage = lazyPage(() => import('./features/outbox/OutboxPage'), 'OutboxPage');
const OrgPage = lazyPage(() => import('./features/org/OrgPage'), 'OrgPage');
const PermitRequestPage = lazyPage(() => import('./features/permits/PermitRequestPage'), 'PermitRequestPage');
const PermitsRoute = lazyPage(() => import('./features/permits/PermitsRoute'), 'PermitsRoute');
const ProcessHistoryPage = lazyPage(() => import('./features/processes/ProcessHistoryPage'), 'ProcessHistoryPage');
const ReportsPage = lazyPage(() => import('./features/reports/ReportsPage'), 'ReportsPage');
const RiskAssessmentDetailPage = lazyPage(() => import('./features/risk-assessments/RiskAssessmentDetailPage'), 'RiskAssessmentDetailPage');
const RiskAssessmentListPage = lazyPage(() => import('./features/risk-assessments/RiskAssessmentListPage'), 'RiskAssessmentListPage');
const RulesetsPage = lazyPage(() => import('./features/rulesets/RulesetsPage'), 'RulesetsPage');
const SafetyRatesPage = lazyPage(() => import('./features/safety-rates/SafetyRatesPage'), 'SafetyRatesPage');
const ScoreReportPage = lazyPage(() => import('./features/scores/MyScorePage'), 'ScoreReportPage');
const StatusPage = lazyPage(() => import('./features/status/StatusPage'), 'StatusPage');
const TrainingDetailPage = lazyPage(() => import('./features/trainings/TrainingDetailPage'), 'TrainingDetailPage');
const TrainingListPage = lazyPage(() => import('./features/trainings/TrainingListPage'), 'TrainingListPage');
const WorkAreaCodesPage = lazyPage(() => import('./features/work-areas/WorkAreaCodesPage'), 'WorkAreaCodesPage');
const WorkAreasPage = lazyPage(() => import('./features/work-areas/WorkAreasPage'), 'WorkAreasPage');

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
    preloadPageOf(window.location.pathname);
    if (!session.token) return;
    fetchMe()
      .then(
        (me) => {
          session.cachedUser = me;
          setUser(me);
        },
        (err: unknown) => {
          // No answer (offline on the shop floor, the server unreachable or failing): the user as
          // last read, so the app and its queue of unsent reports open; a refusal ends the session.
          const cached = session.cachedUser as CurrentUser | undefined;
          if (!(err instanceof ApiError && err.status < 500) && cached?.id) setUser(cached);
          else session.token = null;
        },
      )
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
          session.cachedUser = u;
          setExpired(false);
          setUser(u);
        }}
      />
    );
  return <SignedIn key={user.id} user={user} signOut={signOut} />;
}

/** One signed-in session: its own query client, so nothing read for one user is shown to the next. */
function SignedIn({ user, signOut }: { user: CurrentUser; signOut: () => void }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider user={user} signOut={signOut}>
        <OutboxSync owner={user.id} />
        <AppLayout>
          <Suspense fallback={<PageLoading />}>
            <CurrentPage />
          </Suspense>
        </AppLayout>
      </SessionProvider>
    </QueryClientProvider>
  );
}

function SessionProvider({ user, signOut, children }: { user: CurrentUser; signOut: () => void; children: ReactNode }) {
  // The badge is a hint: a failed read keeps the last count (the notifications page reports errors).
  const { data: unread = 0, refresh } = usePolledQuery(
    ['notifications', 'unread'],
    async () => (await listNotifications({ unreadOnly: true, pageSize: 1 })).unread,
    UNREAD_POLL_MS,
  );
  const refreshUnread = useCallback(() => void refresh(), [refresh]);
  const value = useMemo<Session>(() => ({ user, signOut, unread, refreshUnread }), [user, signOut, unread, refreshUnread]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Sends the device's queue of offline work while the user is signed in (shared/offline). */
function OutboxSync({ owner }: { owner: string }) {
  useOutboxSync(owner);
  return null;
}

const PAGES: Record<PageKey, ComponentType & Preloadable> = {
  home: WorkerHomePage,
  dashboard: DashboardPage,
  inbox: InboxPage,
  approvals: ApprovalsPage,
  hazards: withPreload(HazardsPage, HazardListPage, HazardDetailPage),
  hazardNew: HazardReportPage,
  emergencies: withPreload(EmergenciesPage, EmergencyListPage, EmergencyDetailPage),
  emergencyNew: EmergencyRaisePage,
  incidents: IncidentsRoute,
  incidentNew: IncidentReportPage,
  incidentReceipt: IncidentReceiptPage,
  permits: PermitsRoute,
  permitNew: PermitRequestPage,
  areaBoard: AreaBoardRoute,
  safetyRates: SafetyRatesPage,
  riskAssessments: withPreload(RiskAssessmentsPage, RiskAssessmentListPage, RiskAssessmentDetailPage),
  inspections: withPreload(InspectionsPage, InspectionListPage, InspectionDetailPage),
  trainings: withPreload(TrainingsPage, TrainingListPage, TrainingDetailPage),
  certificates: CertificatesPage,
  workAreas: WorkAreasPage,
  workAreaCodes: WorkAreaCodesPage,
  monitor: MonitorPage,
  alerts: withPreload(AlertsRoute, AlertsPage, AlertDetailPage),
  reports: ReportsPage,
  processHistory: withPreload(ProcessHistoryRoute, ProcessHistoryPage),
  myScore: MyScorePage,
  assessmentCycles: withPreload(AssessmentCyclesPage, AssessmentCycleListPage, AssessmentCycleDetailPage),
  rulesets: RulesetsPage,
  scoreReport: ScoreReportPage,
  improvementPlans: ImprovementPlansPage,
  notifications: NotificationsPage,
  org: OrgPage,
  mail: MailSinkPage,
  status: StatusPage,
  outbox: OutboxPage,
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

/** What the layout shows while a page's code is on its way. */
function PageLoading() {
  return (
    <div data-testid="page-loading" style={{ padding: 48, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** The start page: the inbox, or a frontline worker's home (`landingPath`). */
const isHome = (pathname: string) => pathname === '/' || pathname === '/login' || pathname === '/index.html';

/**
 * Starts fetching the code of the page an address shows, so it arrives while the session is read
 * or the user signs in instead of after; a failure is left to the page's own load.
 */
function preloadPageOf(pathname: string): void {
  const route = findRoute(isHome(pathname) ? '/tasks' : pathname.replace(/\/+$/, ''));
  if (route) PAGES[route.key].preload().catch(() => undefined);
}

function CurrentPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { pathname } = useLocation();
  const route = findRoute(pathname);
  const home = isHome(pathname);

  useEffect(() => {
    if (home) navigate(landingPath(user), { replace: true });
  }, [home, user]);
  useEffect(() => {
    document.title = route ? `${t(`nav.${route.key}`)} · ${t('app.name')}` : t('app.name');
  }, [route, t]);

  if (home) return null;
  if (!route) return <NotFoundPage />;
  if (!canSee(user, route)) return <ForbiddenPage />;
  const Page = PAGES[route.key];
  return <Page />;
}
