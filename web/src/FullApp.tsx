import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLayout } from './shared/components/AppLayout';
import { currentLanguage } from './i18n';
import { idOfPath } from './shared/operations';
import { workflowIdOfHistoryPath } from './shared/processLinks';
import { canSee, findRoute, type PageKey } from './routes';
import { PAGE_CODE } from './pages';
import { useLocation } from './router';
import { useSession } from './shared/session';
import { useSessionCache } from './shared/sessionCache';
import { sessionQueryClient } from './shared/query';
import { onOutboxSent } from './shared/offline/outbox';
import { HazardReportPage } from './features/hazards/HazardReportPage';
import { WorkerHomePage } from './features/tasks/WorkerHomePage';

/**
 * The app in Ant Design: its theme and locale, the layout with the side menu, and every page but
 * the frontline's light ones and the login page (./App.tsx shows those without Ant Design, issue
 * 20). A chunk of its own, fetched when a page of it is first shown.
 */

/**
 * A page of its own chunk (route-level code splitting, ./pages.ts): fetched with its texts the first
 * time it is shown, or earlier (preloadRoute). The layout is in this chunk; the login page in the entry (App.tsx).
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
const ImprovementPlansPage = lazyPage(PAGE_CODE.improvementPlansPage, 'ImprovementPlansPage');
const InboxPage = lazyPage(PAGE_CODE.inboxPage, 'InboxPage');
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
function Themed({ children }: { children: ReactNode }) {
  useTranslation(); // re-render on language change
  const lang = currentLanguage();
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#0b6e4f' } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/**
 * The signed-in app in Ant Design's layout (inside App.tsx's session). Its pages read through
 * TanStack Query, with the sign-in's query client (kept in the session's cache while the user is on
 * a light page); work the device's queue delivered makes them read again.
 */
export function FullApp() {
  const queryClient = sessionQueryClient(useSessionCache());
  useEffect(() => onOutboxSent(() => void queryClient.invalidateQueries()), [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <Themed>
        <AppLayout>
          <Suspense fallback={<PageLoading />}>
            <CurrentPage />
          </Suspense>
        </AppLayout>
      </Themed>
    </QueryClientProvider>
  );
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
  const { user } = useSession();
  const { pathname } = useLocation();
  const route = findRoute(pathname);

  if (!route) return <NotFoundPage />;
  if (!canSee(user, route)) return <ForbiddenPage />;
  const Page = PAGES[route.key];
  return <Page />;
}
