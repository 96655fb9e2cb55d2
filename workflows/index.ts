// Every workflow the worker registers. Workflow code is bundled and sandboxed: import only
// `@temporalio/workflow`, `domain/` and types here.
//
// Loaded lazily: the SDK's reusable V8 context evaluates the modules a workflow uses once for each
// workflow it creates (each workflow has its own module instances), and it looks the workflow
// function up by its type on this module's exports. With plain re-exports every workflow created
// evaluated every workflow module and its domain rules (the permit and incident policies' schemas
// among them): 15 % of the workflow thread's CPU in bench:processes, for a hazard that uses none of
// them. Here each export is a getter that requires its module when the worker asks for that type.
// CommonJS on purpose (no import/export statement): webpack then keeps `exports` and `require` as
// they are, and the getters run inside the workflow's own module scope.
/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-globals -- webpack's require of our own bundled modules, nothing from Node */

/** An export that loads its module the first time a workflow of that type is created. */
function lazyWorkflow(load: () => Record<string, unknown>, name: string): PropertyDescriptor {
  return { enumerable: true, get: () => load()[name] };
}

Object.defineProperties(exports, {
  DeliverNotificationWorkflow: lazyWorkflow(() => require('./notification/workflow'), 'DeliverNotificationWorkflow'),
  NotificationDispatcherWorkflow: lazyWorkflow(() => require('./notification/dispatcher'), 'NotificationDispatcherWorkflow'),
  SafetyNoticeWorkflow: lazyWorkflow(() => require('./notice/workflow'), 'SafetyNoticeWorkflow'),
  ProbeWorkflow: lazyWorkflow(() => require('./probe/workflow'), 'ProbeWorkflow'),
  HazardWorkflow: lazyWorkflow(() => require('./hazard/workflow'), 'HazardWorkflow'),
  EmergencyWorkflow: lazyWorkflow(() => require('./emergency/workflow'), 'EmergencyWorkflow'),
  RiskAssessmentWorkflow: lazyWorkflow(() => require('./risk-assessment/workflow'), 'RiskAssessmentWorkflow'),
  RiskMeasureWorkflow: lazyWorkflow(() => require('./risk-assessment/measure'), 'RiskMeasureWorkflow'),
  AssessmentCycleWorkflow: lazyWorkflow(() => require('./assessment-cycle/workflow'), 'AssessmentCycleWorkflow'),
  AssessmentCycleLauncherWorkflow: lazyWorkflow(() => require('./assessment-cycle/workflow'), 'AssessmentCycleLauncherWorkflow'),
  ImprovementPlanWorkflow: lazyWorkflow(() => require('./improvement-plan/workflow'), 'ImprovementPlanWorkflow'),
  AppealWorkflow: lazyWorkflow(() => require('./appeal/workflow'), 'AppealWorkflow'),
  ManualAdjustmentWorkflow: lazyWorkflow(() => require('./adjustment/workflow'), 'ManualAdjustmentWorkflow'),
  DeclarationWorkflow: lazyWorkflow(() => require('./declaration/workflow'), 'DeclarationWorkflow'),
  AlertSweepWorkflow: lazyWorkflow(() => require('./alerts/workflow'), 'AlertSweepWorkflow'),
  IncidentWorkflow: lazyWorkflow(() => require('./incident/workflow'), 'IncidentWorkflow'),
  CorrectiveActionWorkflow: lazyWorkflow(() => require('./corrective-action/workflow'), 'CorrectiveActionWorkflow'),
  CertificateSweepWorkflow: lazyWorkflow(() => require('./certificates/workflow'), 'CertificateSweepWorkflow'),
  PermitWorkflow: lazyWorkflow(() => require('./permit/workflow'), 'PermitWorkflow'),
});
