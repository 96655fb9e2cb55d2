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
import { isHome, PAGE_CODE, preloadRoute } from './pages';
import { takeEarlySession } from './shared/api/early';
import { navigate, useLocation } from './router';
import { SessionContext, useSession, type Session } from './shared/session';
import { useOutboxSync } from './shared/offline/useOutbox';

const UNREAD_POLL_MS = 15_000;

/**
 * A page of its own chunk (route-level code splitting, ./pages.ts): fetched with its texts the first
 * time it is shown, or earlier (preloadRoute). The login page and the layout stay in the entry: every visit needs them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lazy() takes any component; the props stay typed through M[K]
function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

// The 403 and 404 pages carry antd's Result illustrations: fetched only when one is shown.
const ForbiddenPage = lazyPage(PAGE_CODE.resultPages, 'ForbiddenPage');
const NotFoundPage = lazyPage(PAGE_CODE.resultPages, 'NotFoundPage');
const AlertDetailPage = lazyPage(PAGE_CODE.alertDetailPage, 'AlertDetailPage');
const AlertsPage = lazyPage(PAGE_CODE.alertsPage, 'AlertsPage');
const ApprovalsPage = lazyPage(PAGE_CODE.approvalsPage, 'ApprovalsPage');
const AreaBoardRoute = lazyPage(PAGE_CODE.permitsRoute, 'AreaBoardRoute');
const AssessmentCycleDetailPage = lazyPage(PAGE_CODE.assessmentCycleDetailPage, 'AssessmentCycleDetailPage');
const AssessmentCycleListPage = lazyPage(PAGE_CODE.assessmentCycleListPage, 'AssessmentCycleListPage');
const CertificatesPage = lazyPage(PAGE_CODE.certificatesPage, 'CertificatesPage');
const DashboardPage = lazyPage(PAGE_CODE.dashboardPage, 'DashboardPage');
const EmergencyDetailPage = lazyPage(PAGE_CODE.emergencyDetailPage, 'EmergencyDetailPage');
const EmergencyListPage = lazyPage(PAGE_CODE.emergencyListPage, 'EmergencyListPage');
const EmergencyRaisePage = lazyPage(PAGE_CODE.emergencyRaisePage, 'EmergencyRaisePage');
const HazardDetailPage = lazyPage(PAGE_CODE.hazardDetailPage, 'HazardDetailPage');
const HazardListPage = lazyPage(PAGE_CODE.hazardListPage, 'HazardListPage');
const HazardReportPage = lazyPage(PAGE_CODE.hazardReportPage, 'HazardReportPage');
const ImprovementPlansPage = lazyPage(PAGE_CODE.improvementPlansPage, 'ImprovementPlansPage');
const InboxPage = lazyPage(PAGE_CODE.inboxPage, 'InboxPage');
const WorkerHomePage = lazyPage(PAGE_CODE.workerHomePage, 'WorkerHomePage');
const IncidentReceiptPage = lazyPage(PAGE_CODE.incidentReceiptPage, 'IncidentReceiptPage');
const IncidentReportPage = lazyPage(PAGE_CODE.incidentReportPage, 'IncidentReportPage');
const IncidentsRoute = lazyPage(PAGE_CODE.incidentsRoute, 'IncidentsRoute');
const InspectionDetailPage = lazyPage(PAGE_CODE.inspectionDetailPage, 'InspectionDetailPage');
const InspectionListPage = lazyPage(PAGE_CODE.inspectionListPage, 'InspectionListPage');
const MailSinkPage = lazyPage(PAGE_CODE.mailSinkPage, 'MailSinkPage');
const MonitorPage = lazyPage(PAGE_CODE.monitorPage, 'MonitorPage');
const MyScorePage = lazyPage(PAGE_CODE.myScorePage, 'MyScorePage');
const NotificationsPage = lazyPage(PAGE_CODE.notificationsPage, 'NotificationsPage');
const OutboxPage = lazyPage(PAGE_CODE.outboxPage, 'OutboxPage');
const OrgPage = lazyPage(PAGE_CODE.orgPage, 'OrgPage');
const PermitRequestPage = lazyPage(PAGE_CODE.permitRequestPage, 'PermitRequestPage');
const PermitsRoute = lazyPage(PAGE_CODE.permitsRoute, 'PermitsRoute');
const ProcessHistoryPage = lazyPage(PAGE_CODE.processHistoryPage, 'ProcessHistoryPage');
const ReportsPage = lazyPage(PAGE_CODE.reportsPage, 'ReportsPage');
const RiskAssessmentDetailPage = lazyPage(PAGE_CODE.riskAssessmentDetailPage, 'RiskAssessmentDetailPage');
const RiskAssessmentListPage = lazyPage(PAGE_CODE.riskAssessmentListPage, 'RiskAssessmentListPage');
const RulesetsPage = lazyPage(PAGE_CODE.rulesetsPage, 'RulesetsPage');
const SafetyRatesPage = lazyPage(PAGE_CODE.safetyRatesPage, 'SafetyRatesPage');
const ScoreReportPage = lazyPage(PAGE_CODE.myScorePage, 'ScoreReportPage');
const StatusPage = lazyPage(PAGE_CODE.statusPage, 'StatusPage');
const TrainingDetailPage = lazyPage(PAGE_CODE.trainingDetailPage, 'TrainingDetailPage');
const TrainingListPage = lazyPage(PAGE_CODE.trainingListPage, 'TrainingListPage');
const WorkAreaCodesPage = lazyPage(PAGE_CODE.workAreaCodesPage, 'WorkAreaCodesPage');
const WorkAreasPage = lazyPage(PAGE_CODE.workAreasPage, 'WorkAreasPage');

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
    // Both usually started already by the boot script (./boot.ts), before this code arrived.
    preloadRoute(window.location.pathname);
    const me = takeEarlySession() ?? (session.token ? fetchMe() : undefined);
    if (!me) return;
    // The user as last read for this token: the app opens at once (a warm start does not wait for
    // the round trip on a weak network); the answer below updates it, or ends the session.
    const known = session.userOfToken as CurrentUser | null;
    if (known) {
      setUser(known);
      setChecked(true);
    }
    me.then(
      (u) => {
        session.cachedUser = u;
        setUser(u);
      },
      (err: unknown) => {
        // No answer (offline on the shop floor, the server unreachable or failing): the user as
        // last read, so the app and its queue of unsent reports open; a refusal ends the session.
        const cached = session.cachedUser as CurrentUser | undefined;
        if (!(err instanceof ApiError && err.status < 500) && cached?.id) setUser(cached);
        else {
          session.token = null;
          setUser(null);
        }
      },
    ).finally(() => setChecked(true));
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

const PAGES: Record<PageKey, ComponentType> = {
  home: WorkerHomePage,
  dashboard: DashboardPage,
  inbox: InboxPage,
  approvals: ApprovalsPage,
  hazards: HazardsPage,
  hazardNew: HazardReportPage,
  emergencies: EmergenciesPage,
  emergencyNew: EmergencyRaisePage,
  incidents: IncidentsRoute,
  incidentNew: IncidentReportPage,
  incidentReceipt: IncidentReceiptPage,
  permits: PermitsRoute,
  permitNew: PermitRequestPage,
  areaBoard: AreaBoardRoute,
  safetyRates: SafetyRatesPage,
  riskAssessments: RiskAssessmentsPage,
  inspections: InspectionsPage,
  trainings: TrainingsPage,
  certificates: CertificatesPage,
  workAreas: WorkAreasPage,
  workAreaCodes: WorkAreaCodesPage,
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
