import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMe, listNotifications, session, UNAUTHORIZED_EVENT, type CurrentUser } from './shared/api';
import { AppLayout } from './shared/components/AppLayout';
import { createQueryClient, usePolledQuery } from './shared/query';
import { currentLanguage } from './i18n';
import { idOfPath } from './shared/operations';
import { AlertDetailPage } from './features/alerts/AlertDetailPage';
import { AlertsPage } from './features/alerts/AlertsPage';
import { ApprovalsPage } from './features/approvals/ApprovalsPage';
import { AssessmentCycleDetailPage } from './features/scores/AssessmentCycleDetailPage';
import { AssessmentCycleListPage } from './features/scores/AssessmentCycleListPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { EmergencyDetailPage } from './features/emergencies/EmergencyDetailPage';
import { EmergencyListPage } from './features/emergencies/EmergencyListPage';
import { EmergencyRaisePage } from './features/emergencies/EmergencyRaisePage';
import { HazardDetailPage } from './features/hazards/HazardDetailPage';
import { HazardListPage } from './features/hazards/HazardListPage';
import { HazardReportPage } from './features/hazards/HazardReportPage';
import { IncidentReceiptPage } from './features/incidents/IncidentReceiptPage';
import { IncidentReportPage } from './features/incidents/IncidentReportPage';
import { IncidentsRoute } from './features/incidents/IncidentsRoute';
import { SafetyRatesPage } from './features/safety-rates/SafetyRatesPage';
import { AreaBoardRoute, PermitsRoute } from './features/permits/PermitsRoute';
import { PermitRequestPage } from './features/permits/PermitRequestPage';
import { ImprovementPlansPage } from './features/scores/ImprovementPlansPage';
import { InboxPage } from './features/tasks/InboxPage';
import { InspectionDetailPage } from './features/inspections/InspectionDetailPage';
import { InspectionListPage } from './features/inspections/InspectionListPage';
import { LoginPage } from './features/auth/LoginPage';
import { MailSinkPage } from './features/notifications/MailSinkPage';
import { MonitorPage } from './features/processes/MonitorPage';
import { MyScorePage, ScoreReportPage } from './features/scores/MyScorePage';
import { NotificationsPage } from './features/notifications/NotificationsPage';
import { OrgPage } from './features/org/OrgPage';
import { ProcessHistoryPage } from './features/processes/ProcessHistoryPage';
import { ReportsPage } from './features/reports/ReportsPage';
import { ForbiddenPage, NotFoundPage } from './shared/components/ResultPages';
import { RiskAssessmentDetailPage } from './features/risk-assessments/RiskAssessmentDetailPage';
import { RiskAssessmentListPage } from './features/risk-assessments/RiskAssessmentListPage';
import { RulesetsPage } from './features/rulesets/RulesetsPage';
import { StatusPage } from './features/status/StatusPage';
import { TrainingDetailPage } from './features/trainings/TrainingDetailPage';
import { TrainingListPage } from './features/trainings/TrainingListPage';
import { CertificatesPage } from './features/certificates/CertificatesPage';
import { WorkAreaCodesPage } from './features/work-areas/WorkAreaCodesPage';
import { WorkAreasPage } from './features/work-areas/WorkAreasPage';
import { workflowIdOfHistoryPath } from './shared/processLinks';
import { canSee, findRoute, type PageKey } from './routes';
import { navigate, useLocation } from './router';
import { SessionContext, useSession, type Session } from './shared/session';

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
  return <SignedIn key={user.id} user={user} signOut={signOut} />;
}

/** One signed-in session: its own query client, so nothing read for one user is shown to the next. */
function SignedIn({ user, signOut }: { user: CurrentUser; signOut: () => void }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider user={user} signOut={signOut}>
        <AppLayout>
          <CurrentPage />
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

const PAGES: Record<PageKey, ComponentType> = {
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
