import { byId, byQuery, client, dataOf, type Body, type Ok, type Query, type Schemas } from '../../shared/api/client';
import { listingEvery } from '../../shared/api/lists';
import type { RiskAssessmentSummary, RiskRegister, RiskMeasure } from '../../shared/api/types';

export type RiskAssessmentStatus = Schemas['RiskAssessmentSummary']['status'];

/** Every status, in the order the process goes through them. */
export const RISK_ASSESSMENT_STATUSES = listingEvery<RiskAssessmentStatus>()([
  'inputs',
  'compiling',
  'proposing',
  'planning',
  'executing',
  'verifying',
  'closed',
]);

/** The departments that give input and propose measures. */
export type RiskDepartment = Schemas['RiskAssessmentSummary']['departments'][number];

export const RISK_DEPARTMENTS = listingEvery<RiskDepartment>()(['production', 'equipment', 'hr']);

export type MeasureStatus = Schemas['RiskMeasure']['status'];

export const MEASURE_STATUSES = listingEvery<MeasureStatus>()(['planned', 'done', 'passed', 'failed']);

export type RiskChange = Schemas['RiskRegister']['comparison'][number]['change'];

/** Event types of the timeline; the server sends others too, shown by their raw name (RiskEvent's `type` is a string). */
export const RISK_EVENT_TYPES = [
  'started',
  'input',
  'input_late',
  'gap',
  'inputs_closed',
  'register_compiled',
  'proposals',
  'proposals_late',
  'proposals_closed',
  'plan_approved',
  'measure_done',
  'verification_open',
  'measure_passed',
  'measure_failed',
  'closed',
] as const;

export type RiskGap = RiskAssessmentSummary['gaps'][number];

export type { RiskAssessmentSummary, RiskRegister, RiskMeasure };

/** A department's input or proposals, with its SLA clock. */
export type RiskDepartmentStep = Schemas['RiskDepartmentStep'];

/** A step of the safety hub (register, plan). */
export type RiskSafetyStep = Schemas['RiskSafetyStep'];

/** The process's own view (its state query); the detail's `live` is null when the process cannot be asked. */
export type RiskLive = NonNullable<Schemas['RiskAssessmentLive']>;

export type RiskScored = NonNullable<RiskRegister['comparison'][number]['after']>;

export type RiskRegisterItem = RiskRegister['items'][number];

/** `cells[likelihood - 1][severity - 1]`. */
export type RiskHeatMap = Schemas['RiskHeatMap'];

export type RiskEvent = Schemas['RiskAssessmentEvent'];

export type RiskAssessmentDetail = Ok<'getRiskAssessment'>;

export type NewRiskAssessment = Body<'startRiskAssessment'>;

export type RiskAssessmentFilter = Query<'listRiskAssessments'>;

export type RiskSchedule = Schemas['RiskAssessmentSchedule'];

export type RiskScheduleInput = Body<'saveRiskAssessmentSchedule'>;

export const startRiskAssessment = (body: NewRiskAssessment) => dataOf(client.POST('/api/risk-assessments', { body }));

export const listRiskAssessments = (filter: RiskAssessmentFilter) => dataOf(client.GET('/api/risk-assessments', byQuery(filter)));

export const fetchRiskAssessment = (assessmentId: string) => dataOf(client.GET('/api/risk-assessments/{id}', byId(assessmentId)));

export const listRiskSchedules = () => dataOf(client.GET('/api/risk-assessments/schedules'));

export const saveRiskSchedule = (body: RiskScheduleInput) => dataOf(client.PUT('/api/risk-assessments/schedules', { body }));

export const pauseRiskSchedule = (scheduleId: string, paused: boolean, note: string) =>
  dataOf(client.POST('/api/risk-assessments/schedules/{scheduleId}/pause', { params: { path: { scheduleId } }, body: { paused, note } }));

export const triggerRiskSchedule = (scheduleId: string) =>
  dataOf(client.POST('/api/risk-assessments/schedules/{scheduleId}/trigger', { params: { path: { scheduleId } } }));

export const deleteRiskSchedule = (scheduleId: string) =>
  dataOf(client.DELETE('/api/risk-assessments/schedules/{scheduleId}', { params: { path: { scheduleId } } }));
