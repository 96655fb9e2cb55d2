// Every workflow the worker registers. Workflow code is bundled and sandboxed: import only
// `@temporalio/workflow`, `domain/` and types here.
export { DeliverNotificationWorkflow } from './notification/workflow';
export { NotificationDispatcherWorkflow } from './notification/dispatcher';
export { SafetyNoticeWorkflow } from './notice/workflow';
export { ProbeWorkflow } from './probe/workflow';
export { HazardWorkflow } from './hazard/workflow';
export { EmergencyWorkflow } from './emergency/workflow';
export { RiskAssessmentWorkflow } from './risk-assessment/workflow';
export { RiskMeasureWorkflow } from './risk-assessment/measure';
export { AssessmentCycleWorkflow, AssessmentCycleLauncherWorkflow } from './assessment-cycle/workflow';
export { ImprovementPlanWorkflow } from './improvement-plan/workflow';
export { AppealWorkflow } from './appeal/workflow';
export { ManualAdjustmentWorkflow } from './adjustment/workflow';
export { DeclarationWorkflow } from './declaration/workflow';
export { AlertSweepWorkflow } from './alerts/workflow';
export { IncidentWorkflow } from './incident/workflow';
export { CorrectiveActionWorkflow } from './corrective-action/workflow';
export { CertificateSweepWorkflow } from './certificates/workflow';
export { PermitWorkflow } from './permit/workflow';
