/**
 * The pages' code, each in a chunk of its own (route-level code splitting), fetched with the texts
 * it shows (i18n/bundles.ts): the frontline's pages need only the bundle a visit starts with, the
 * others the office bundle too. No React here: the boot script (./boot.ts) starts fetching the
 * page an address shows before the app's own code has arrived; App.tsx makes components of them.
 */
import { loadTexts, TEXT_BUNDLES, type TextBundle } from './i18n/bundles';
import { findRoute, type PageKey } from './routes';

const FRONTLINE: readonly TextBundle[] = ['frontline'];

/** A page module's loader: its code and its texts, in parallel. */
function page<M>(load: () => Promise<M>, texts: readonly TextBundle[] = TEXT_BUNDLES): () => Promise<M> {
  return () => Promise.all([load(), loadTexts(texts)]).then(([m]) => m);
}

export const PAGE_CODE = {
  resultPages: page(() => import('./shared/components/ResultPages'), FRONTLINE),
  alertDetailPage: page(() => import('./features/alerts/AlertDetailPage')),
  alertsPage: page(() => import('./features/alerts/AlertsPage')),
  approvalsPage: page(() => import('./features/approvals/ApprovalsPage')),
  permitsRoute: page(() => import('./features/permits/PermitsRoute')),
  assessmentCycleDetailPage: page(() => import('./features/scores/AssessmentCycleDetailPage')),
  assessmentCycleListPage: page(() => import('./features/scores/AssessmentCycleListPage')),
  certificatesPage: page(() => import('./features/certificates/CertificatesPage')),
  dashboardPage: page(() => import('./features/dashboard/DashboardPage')),
  emergencyDetailPage: page(() => import('./features/emergencies/EmergencyDetailPage')),
  emergencyListPage: page(() => import('./features/emergencies/EmergencyListPage')),
  emergencyRaisePage: page(() => import('./features/emergencies/EmergencyRaisePage'), FRONTLINE),
  hazardDetailPage: page(() => import('./features/hazards/HazardDetailPage')),
  hazardListPage: page(() => import('./features/hazards/HazardListPage')),
  improvementPlansPage: page(() => import('./features/scores/ImprovementPlansPage')),
  inboxPage: page(() => import('./features/tasks/InboxPage')),
  incidentReceiptPage: page(() => import('./features/incidents/IncidentReceiptPage')),
  incidentReportPage: page(() => import('./features/incidents/IncidentReportPage')),
  incidentsRoute: page(() => import('./features/incidents/IncidentsRoute')),
  inspectionDetailPage: page(() => import('./features/inspections/InspectionDetailPage')),
  inspectionListPage: page(() => import('./features/inspections/InspectionListPage')),
  mailSinkPage: page(() => import('./features/notifications/MailSinkPage')),
  monitorPage: page(() => import('./features/processes/MonitorPage')),
  myScorePage: page(() => import('./features/scores/MyScorePage')),
  notificationsPage: page(() => import('./features/notifications/NotificationsPage')),
  orgPage: page(() => import('./features/org/OrgPage')),
  outboxPage: page(() => import('./features/outbox/OutboxPage'), FRONTLINE),
  permitRequestPage: page(() => import('./features/permits/PermitRequestPage')),
  processHistoryPage: page(() => import('./features/processes/ProcessHistoryPage')),
  reportsPage: page(() => import('./features/reports/ReportsPage')),
  riskAssessmentDetailPage: page(() => import('./features/risk-assessments/RiskAssessmentDetailPage')),
  riskAssessmentListPage: page(() => import('./features/risk-assessments/RiskAssessmentListPage')),
  rulesetsPage: page(() => import('./features/rulesets/RulesetsPage')),
  safetyRatesPage: page(() => import('./features/safety-rates/SafetyRatesPage')),
  statusPage: page(() => import('./features/status/StatusPage')),
  trainingDetailPage: page(() => import('./features/trainings/TrainingDetailPage')),
  trainingListPage: page(() => import('./features/trainings/TrainingListPage')),
  workAreaCodesPage: page(() => import('./features/work-areas/WorkAreaCodesPage')),
  workAreasPage: page(() => import('./features/work-areas/WorkAreasPage')),
};

export type PageModule = keyof typeof PAGE_CODE;

/**
 * The pages drawn without Ant Design, in the light shell (issue 20: the frontline's report form
 * on a weak network): their code is in the app's entry (App.tsx), with the login page's; every
 * other page needs the Ant Design app (FullApp.tsx) besides its own chunk.
 */
export const LIGHT_ROUTES: readonly PageKey[] = ['hazardNew', 'home'];

/** The Ant Design app: its theme, its layout, the pages' frame. */
export const loadFullApp = () => import('./FullApp');

/** The modules a route shows: a path with a list and a /<id> detail has two (none: a light page, in the entry). */
const ROUTE_CODE: Record<PageKey, PageModule[]> = {
  home: [],
  dashboard: ['dashboardPage'],
  inbox: ['inboxPage'],
  approvals: ['approvalsPage'],
  hazards: ['hazardListPage', 'hazardDetailPage'],
  hazardNew: [],
  emergencies: ['emergencyListPage', 'emergencyDetailPage'],
  emergencyNew: ['emergencyRaisePage'],
  incidents: ['incidentsRoute'],
  incidentNew: ['incidentReportPage'],
  incidentReceipt: ['incidentReceiptPage'],
  permits: ['permitsRoute'],
  permitNew: ['permitRequestPage'],
  areaBoard: ['permitsRoute'],
  safetyRates: ['safetyRatesPage'],
  riskAssessments: ['riskAssessmentListPage', 'riskAssessmentDetailPage'],
  inspections: ['inspectionListPage', 'inspectionDetailPage'],
  trainings: ['trainingListPage', 'trainingDetailPage'],
  certificates: ['certificatesPage'],
  workAreas: ['workAreasPage'],
  workAreaCodes: ['workAreaCodesPage'],
  monitor: ['monitorPage'],
  alerts: ['alertsPage', 'alertDetailPage'],
  reports: ['reportsPage'],
  processHistory: ['processHistoryPage'],
  myScore: ['myScorePage'],
  assessmentCycles: ['assessmentCycleListPage', 'assessmentCycleDetailPage'],
  rulesets: ['rulesetsPage'],
  scoreReport: ['myScorePage'],
  improvementPlans: ['improvementPlansPage'],
  notifications: ['notificationsPage'],
  org: ['orgPage'],
  mail: ['mailSinkPage'],
  status: ['statusPage'],
  outbox: ['outboxPage'],
};

/** The start page (the inbox) is what `/` and the login page lead to. */
export const isHome = (pathname: string) => pathname === '/' || pathname === '/login' || pathname === '/index.html';

/**
 * Starts fetching the code and texts of the page an address shows, so they arrive while the app
 * starts and the session is read instead of after; a failure is left to the page's own load.
 */
export function preloadRoute(pathname: string): void {
  const route = findRoute(isHome(pathname) ? '/tasks' : pathname.replace(/\/+$/, ''));
  for (const m of route ? ROUTE_CODE[route.key] : []) PAGE_CODE[m]().catch(() => undefined);
  if (!route || !LIGHT_ROUTES.includes(route.key)) loadFullApp().catch(() => undefined);
}
