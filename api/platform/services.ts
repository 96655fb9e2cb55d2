import { AlertService } from '../alerts/service';
import { CycleService } from '../assessment-cycles/service';
import { CertificateService } from '../certificates/service';
import { DashboardService } from '../dashboard/service';
import { EmergencyService } from '../emergencies/service';
import { ExportService } from '../exports/service';
import { EvidenceStore } from '../hazards/evidence-store';
import { HazardService } from '../hazards/service';
import { IncidentService } from '../incidents/service';
import { PermitService } from '../permits/service';
import { InspectionService } from '../inspections/service';
import { ProcessService } from '../processes/service';
import { RiskAssessmentService } from '../risk-assessments/service';
import { SafetyRateService } from '../safety-rates/service';
import { ScoreRequestService } from '../score-requests/service';
import { TaskService } from '../tasks/service';
import { TrainingService } from '../trainings/service';
import { WorkAreaService } from '../work-areas/service';
import type { ApiDeps } from './deps';

/**
 * Every feature's service, built once per app from the composition root's dependencies (the
 * task inbox and the evidence store are shared by the processes that use them). Route modules
 * take what they use from `deps.services`.
 */
export function createServices(deps: ApiDeps) {
  const { dataSource: ds, temporal: t } = deps;
  const tasks = new TaskService(ds, t.client);
  const evidence = new EvidenceStore(ds, deps.evidenceDir);
  return {
    tasks,
    evidence,
    hazards: new HazardService(ds, t.client, t.taskQueue, evidence, tasks, t.uiUrl, t.namespace, deps.hazardOpen ?? 'transaction', deps.logger),
    emergencies: new EmergencyService(ds, t.client, t.taskQueue, tasks, t.uiUrl, t.namespace),
    incidents: new IncidentService(ds, t.client, t.taskQueue, evidence, tasks, t.uiUrl, t.namespace),
    permits: new PermitService(ds, t.client, t.taskQueue, tasks, t.uiUrl, t.namespace),
    riskAssessments: new RiskAssessmentService(ds, t.client, t.taskQueue, tasks, t.uiUrl, t.namespace),
    processes: new ProcessService(ds, t.client, t.taskQueue, tasks, t.uiUrl, t.namespace),
    cycles: new CycleService(ds, t.client, t.taskQueue),
    scoreRequests: new ScoreRequestService(ds, t.client, t.taskQueue, tasks),
    alerts: new AlertService(ds, t.client, t.taskQueue),
    dashboard: new DashboardService(ds),
    safetyRates: new SafetyRateService(ds),
    exports: new ExportService(ds),
    inspections: new InspectionService(ds),
    trainings: new TrainingService(ds),
    certificates: new CertificateService(ds, t.client),
    workAreas: new WorkAreaService(ds),
  };
}

export type Services = ReturnType<typeof createServices>;

/** What a route module gets: the app's dependencies and its services. */
export interface RouteDeps extends ApiDeps {
  services: Services;
}
