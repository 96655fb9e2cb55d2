/** Typed client for the SafeLoop API: JSON in and out, bearer token from the session. */

// ---------------------------------------------------------------------------------------------
// Types of the API contract
// ---------------------------------------------------------------------------------------------

export const ROLES = ['employee', 'department_head', 'safety_officer', 'hr', 'manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  orgUnitId: string;
  personId: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: CurrentUser;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Priority = 'critical' | 'normal' | 'info';
export type TaskStatus = 'open' | 'completed' | 'cancelled';
export type TaskListView = 'mine' | 'team' | 'completed';

export interface FormField {
  name: string;
  /**
   * `orgUnit`: an org unit id; `person`: a person id; `evidence`: ids of uploaded files;
   * `actions`: a list of `{ orgUnitId, description }` (improvement actions per department);
   * `riskItems`: a risk register, a list of `{ title, source, likelihood, severity, ownerOrgUnitId }`
   * (scale and owners from the task's `form.context`); `measureProposals`: a list of
   * `{ itemKey, description }`; `controlPlan`: a list of `{ itemKey, description, ownerOrgUnitId, dueAt }`.
   */
  type:
    | 'text'
    | 'textarea'
    | 'boolean'
    | 'select'
    | 'number'
    | 'datetime'
    | 'orgUnit'
    | 'person'
    | 'evidence'
    | 'actions'
    | 'riskItems'
    | 'measureProposals'
    | 'controlPlan';
  required: boolean;
  options?: string[];
  maxLength?: number;
  min?: number;
  max?: number;
}

export interface UserRef {
  id: string;
  username: string;
  displayName: string;
}

export interface TaskView {
  id: string;
  workflowId: string;
  processType: string;
  taskType: string;
  title: string;
  description: string | null;
  orgUnitId: string;
  orgUnitName: string;
  candidateRole: string | null;
  assignee: UserRef | null;
  status: TaskStatus;
  dueAt: string | null;
  followUpAt: string | null;
  priority: Priority;
  overdue: boolean;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  /** Set when a substitute completed it: whose task it was. */
  completedOnBehalfOf?: string | null;
  /** `context`: what the form needs from the process (risk tasks: scale, units, register items, proposals). */
  form: { fields: FormField[]; context?: Record<string, unknown> | null };
  /** Why the caller may act on this open task: assignee, substitute, head or responder of a unit, holder of the role for a unit. */
  candidacy?: TaskCandidacy | null;
  actions: { canClaim: boolean; canUnclaim: boolean; canComplete: boolean; canDelegate: boolean };
}

export interface TaskCandidacy {
  kind: 'assignee' | 'substitute' | 'head' | 'responder' | 'role';
  role: string | null;
  unitName: string | null;
}

/** A value of a task form, as the completion payload carries it. */
export type FormValue = string | number | boolean | string[] | ActionItem[] | RiskItemRow[] | MeasureProposalRow[] | ControlPlanRow[];

/** One improvement action of an `actions` field: a department and what it has to do. */
export interface ActionItem {
  orgUnitId: string;
  description: string;
}
export type TaskPayload = Record<string, FormValue>;

/** One risk of a `riskItems` field (the register the safety hub compiles). */
export interface RiskItemRow {
  title: string;
  source: string;
  likelihood: number;
  severity: number;
  ownerOrgUnitId: string;
}

/** One proposal of a `measureProposals` field: a control measure for a register item. */
export interface MeasureProposalRow {
  itemKey: string;
  description: string;
}

/** One measure of a `controlPlan` field: what, for which risk, who, by when (ISO). */
export interface ControlPlanRow {
  itemKey: string;
  description: string;
  ownerOrgUnitId: string;
  dueAt: string;
}

export type Severity = 'critical' | 'normal' | 'info';

export interface NotificationView {
  id: string;
  channel: string;
  severity: Severity;
  subject: string;
  body: string;
  link: string | null;
  status: 'deferred' | 'sent' | 'failed';
  deliverAfter: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unread: number;
}

export interface MailView {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  receivedAt: string;
}

export interface MailPage {
  items: MailView[];
  total: number;
}

export type OrgUnitKind = 'group' | 'company' | 'plant' | 'department' | 'workshop';

export interface OrgUnit {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string;
  departmentFunction: string | null;
  headPersonId: string | null;
  headName: string | null;
}

export interface OrgTreeNode extends OrgUnit {
  children: OrgTreeNode[];
}

export interface PostView {
  id: string;
  code: string;
  name: string;
  level: string;
  businessType: string;
  riskLevel: string;
}

export interface PersonView {
  id: string;
  employeeNo: string;
  name: string;
  email: string | null;
  postId: string | null;
  postName: string | null;
  active: boolean;
}

export interface OrgUnitDetail {
  unit: OrgUnit;
  posts: PostView[];
  people: PersonView[];
}

export interface PersonRef {
  id: string;
  name: string;
  employeeNo: string;
}

/** A unit's head or named responder: where the unit's tasks arrive. */
export interface ResponderPerson {
  personId: string;
  name: string;
  employeeNo: string;
  orgUnitName: string;
  usernames: string[];
}

export interface UnitResponders {
  orgUnitId: string;
  head: ResponderPerson | null;
  responders: ResponderPerson[];
  canEdit: boolean;
}

// --- Hazards (SPEC §3) -----------------------------------------------------------------------

export const HAZARD_CATEGORIES = ['guarding', 'electrical', 'fire', 'chemical', 'housekeeping', 'ppe', 'lifting', 'vehicle', 'environment', 'other'] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];
export const HAZARD_STATUSES = ['grading', 'acknowledging', 'rectifying', 'major_actions', 'verifying', 'closed', 'cancelled'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];
export type SuspectedSeverity = 'low' | 'medium' | 'high';
export type HazardSeverity = 'general' | 'major';
export type RiskLevel = 'low' | 'medium' | 'high' | 'extreme';

export const HAZARD_EVENT_TYPES = [
  'reported',
  'graded',
  'acknowledged',
  'progress',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'reassigned',
  'stop_work_ordered',
  'joint_plan',
  'rectification_submitted',
  'verification_failed',
  'overdue_day',
  'closed',
  'cancelled',
] as const;
export type HazardEventType = (typeof HAZARD_EVENT_TYPES)[number];

export interface HazardSummary {
  id: string;
  workflowId: string;
  title: string;
  category: HazardCategory;
  area: string;
  orgUnitId: string;
  orgUnitName: string;
  status: HazardStatus;
  severity: HazardSeverity | null;
  riskLevel: RiskLevel | null;
  riskScore: number | null;
  responsibleOrgUnitId: string | null;
  responsibleOrgUnitName: string | null;
  dueAt: string | null;
  overdue: boolean;
  overdueDays: number;
  escalationLevel: number;
  reworkCount: number;
  reportedAt: string;
  closedAt: string | null;
  reporter: string;
}

export interface Hazard extends HazardSummary {
  description: string;
  suspectedSeverity: SuspectedSeverity;
  evidenceIds: string[];
  riskLikelihood: number | null;
  riskSeverity: number | null;
  gradedAt: string | null;
  acknowledgedAt: string | null;
  cancelReason: string | null;
  policyVersion: number | null;
}

export interface HazardLive {
  phase: HazardStatus;
  round: number;
  dueAt: string | null;
  escalationLevel: number;
  overdueDays: number;
  reworkCount: number;
  openTasks: { id: string; taskType: string }[];
}

export interface HazardEvent {
  id: string;
  at: string;
  /** One of HAZARD_EVENT_TYPES; unknown types are shown by their raw name. */
  type: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface HazardDetail {
  hazard: Hazard;
  live: HazardLive | null;
  tasks: TaskView[];
  timeline: HazardEvent[];
  temporalUiUrl: string | null;
}

export interface NewHazard {
  reportId: string;
  title: string;
  description: string;
  category: HazardCategory;
  area: string;
  orgUnitId?: string;
  suspectedSeverity: SuspectedSeverity;
  evidenceIds: string[];
}

export interface HazardCreated {
  hazardId: string;
  workflowId: string;
  created: boolean;
}

export interface HazardFilter {
  status?: HazardStatus;
  severity?: HazardSeverity;
  category?: HazardCategory;
  orgUnitId?: string;
  overdue?: boolean;
  area?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

// --- Emergencies (SPEC §3 "Emergency response") ----------------------------------------------

export const EMERGENCY_TYPES = ['gas_leak', 'fire', 'chemical_spill', 'injury', 'power_failure', 'other'] as const;
export type EmergencyType = (typeof EMERGENCY_TYPES)[number];
export const EMERGENCY_STATUSES = ['acknowledging', 'responding', 'reviewing', 'improving', 'closed'] as const;
export type EmergencyStatus = (typeof EMERGENCY_STATUSES)[number];
/** The parallel response tasks; `medical` only when someone is injured. */
export const RESPONSE_KINDS = ['evacuation', 'cutOff', 'medical'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

export const EMERGENCY_EVENT_TYPES = [
  'reported',
  'alerted',
  'progress',
  'on_site',
  'response_done',
  'under_control',
  'review_started',
  'reviewed',
  'action_done',
  'closed',
] as const;

export interface EmergencySummary {
  id: string;
  workflowId: string;
  type: EmergencyType;
  location: string;
  orgUnitId: string;
  orgUnitName: string;
  injuries: boolean;
  drill: boolean;
  status: EmergencyStatus;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  reportedAt: string;
  acknowledgedAt: string | null;
  controlledAt: string | null;
  reviewedAt: string | null;
  closedAt: string | null;
  reporter: string;
}

export interface Emergency extends EmergencySummary {
  description: string;
  policyVersion: number | null;
}

/** A step of the response as the process tracks it. */
export interface EmergencyStep {
  taskId: string;
  orgUnitId: string;
  status: 'open' | 'started' | 'done';
  createdAt: string;
  startedAt: string | null;
  doneAt: string | null;
  dueAt: string;
  by: string | null;
  /** Seconds from the alarm to completion, or to now while open (computed by the API). */
  elapsedSeconds?: number;
}

export interface EmergencyResponse extends EmergencyStep {
  kind: ResponseKind;
  orgUnitName: string | null;
  targetSeconds: number;
  responseSeconds: number | null;
  late: boolean | null;
  notes: number;
}

export interface EmergencyFinding {
  step: ResponseKind | 'onSite';
  orgUnitId: string;
  orgUnitName: string;
  responseSeconds: number;
  targetSeconds: number;
  lateSeconds: number;
  text: string;
}

export interface EmergencyLive {
  phase: EmergencyStatus;
  drill: boolean;
  injuries: boolean;
  reportedAt: string;
  /** Seconds since the alarm, stopped when under control. */
  elapsedSeconds: number;
  onSite: EmergencyStep & { escalationLevel: number; overdue: boolean; delaySeconds: number | null };
  responses: EmergencyResponse[];
  controlledAt: string | null;
  findings: EmergencyFinding[];
  review: (EmergencyStep & { escalationLevel: number; overdue: boolean }) | null;
  actions: (EmergencyStep & { description: string })[];
  progressCount: number;
  openTasks: { id: string; taskType: string }[];
  closedAt: string | null;
}

export interface EmergencyEvent {
  id: string;
  at: string;
  /** One of EMERGENCY_EVENT_TYPES; unknown types are shown by their raw name. */
  type: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface EmergencyDetail {
  emergency: Emergency;
  live: EmergencyLive | null;
  tasks: TaskView[];
  timeline: EmergencyEvent[];
  temporalUiUrl: string | null;
}

export interface NewEmergency {
  /** Client-generated: a resent trigger is the same emergency. */
  emergencyId: string;
  type: EmergencyType;
  location: string;
  orgUnitId?: string;
  injuries: boolean;
  drill: boolean;
  description: string;
}

export interface EmergencyCreated {
  emergencyId: string;
  workflowId: string;
  created: boolean;
}

export interface EmergencyFilter {
  drill?: boolean;
  status?: EmergencyStatus;
  orgUnitId?: string;
  page?: number;
  pageSize?: number;
}

// --- Joint risk assessments (联合风险评估) ---------------------------------------------------

export const RISK_ASSESSMENT_STATUSES = ['inputs', 'compiling', 'proposing', 'planning', 'executing', 'verifying', 'closed'] as const;
export type RiskAssessmentStatus = (typeof RISK_ASSESSMENT_STATUSES)[number];
/** The departments that give input and propose measures. */
export const RISK_DEPARTMENTS = ['production', 'equipment', 'hr'] as const;
export type RiskDepartment = (typeof RISK_DEPARTMENTS)[number];
export const MEASURE_STATUSES = ['planned', 'done', 'passed', 'failed'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export type RiskChange = 'new' | 'removed' | 'raised' | 'lowered' | 'unchanged';

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

export interface RiskGap {
  orgUnitId: string;
  orgUnitName: string;
  step: 'input' | 'proposals' | string;
}

export interface RiskAssessmentSummary {
  id: string;
  workflowId: string;
  title: string;
  area: string;
  orgUnitId: string;
  orgUnitName: string;
  departments: RiskDepartment[];
  status: RiskAssessmentStatus;
  scheduleId: string | null;
  initiatedBy: string;
  gaps: RiskGap[];
  itemCount: number;
  measureCount: number;
  failedMeasures: number;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  startedAt: string;
  compiledAt: string | null;
  closedAt: string | null;
  policyVersion: number;
}

/** A department's input or proposals, with its SLA clock. */
export interface RiskDepartmentStep {
  department: RiskDepartment;
  orgUnitId: string;
  taskId: string;
  /** open → done; gap when the SLA passed without an answer (a late answer is still kept). */
  status: 'open' | 'done' | 'gap';
  createdAt: string;
  dueAt: string;
  doneAt: string | null;
  by: string | null;
  delaySeconds: number | null;
  late: boolean | null;
  escalationLevel: number;
  overdue: boolean;
  answer: Record<string, unknown> | null;
}

/** A step of the safety hub (register, plan). */
export interface RiskSafetyStep {
  taskId: string;
  status: 'waiting' | 'open' | 'done';
  dueAt: string | null;
  doneAt: string | null;
  by: string | null;
  escalationLevel: number;
  overdue: boolean;
}

export interface RiskLive {
  phase: RiskAssessmentStatus;
  inputs: RiskDepartmentStep[];
  compile: RiskSafetyStep;
  proposals: RiskDepartmentStep[];
  plan: RiskSafetyStep;
  measures: { n: number; description: string; status: MeasureStatus; dueAt: string; taskId: string; verifyTaskId: string }[];
  verificationDueAt: string | null;
  gaps: { orgUnitId: string; step: string }[];
  units: { names: Record<string, string> } | null;
  openTasks: { id: string; taskType: string }[];
  closedAt: string | null;
}

export interface RiskScored {
  likelihood: number;
  severity: number;
  score: number;
  level: RiskLevel;
}

export interface RiskRegisterItem extends RiskScored {
  key: string;
  title: string;
  source: string;
  ownerOrgUnitId: string;
  ownerOrgUnitName: string;
}

export interface RiskHeatMap {
  size: number;
  /** `cells[likelihood - 1][severity - 1]`. */
  cells: { likelihood: number; severity: number; count: number; level: RiskLevel }[][];
}

export interface RiskRegister {
  assessmentId: string;
  policyVersion: number;
  compiledAt: string | null;
  items: RiskRegisterItem[];
  heatMap: RiskHeatMap;
  previous: { assessmentId: string; title: string; compiledAt: string | null; heatMap: RiskHeatMap } | null;
  comparison: { key: string; title: string; change: RiskChange; before: RiskScored | null; after: RiskScored | null }[];
}

export interface RiskMeasure {
  id: string;
  n: number;
  itemKey: string;
  description: string;
  ownerOrgUnitId: string;
  ownerOrgUnitName: string;
  dueAt: string;
  status: MeasureStatus;
  doneAt: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  reason: string | null;
  hazardId: string | null;
}

export interface RiskEvent {
  id: string;
  at: string;
  /** One of RISK_EVENT_TYPES; unknown types are shown by their raw name. */
  type: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface RiskAssessmentDetail {
  assessment: RiskAssessmentSummary;
  live: RiskLive | null;
  register: RiskRegister;
  measures: RiskMeasure[];
  tasks: TaskView[];
  timeline: RiskEvent[];
  temporalUiUrl: string | null;
}

export interface NewRiskAssessment {
  /** Client-generated: a resent start is the same assessment. */
  assessmentId: string;
  title: string;
  area: string;
  orgUnitId: string;
  departments: RiskDepartment[];
}

export interface RiskAssessmentCreated {
  assessmentId: string;
  workflowId: string;
  created: boolean;
}

export interface RiskAssessmentFilter {
  status?: RiskAssessmentStatus;
  orgUnitId?: string;
  scheduleId?: string;
  page?: number;
  pageSize?: number;
}

export interface RiskSchedule {
  scheduleId: string;
  title: string;
  area: string;
  orgUnitId: string;
  orgUnitName: string;
  departments: RiskDepartment[];
  dayOfMonth: number;
  /** HH:MM in `timeZone`. */
  time: string;
  timeZone: string;
  paused: boolean;
  note: string | null;
  nextRuns: string[];
  recentRuns: { at: string; workflowId: string }[];
  runs: number;
}

export interface RiskScheduleInput {
  title?: string;
  area: string;
  orgUnitId: string;
  departments: RiskDepartment[];
  dayOfMonth: number;
  time: string;
  timeZone?: string;
  paused: boolean;
  note?: string;
}

// --- Scoring: rulesets, assessment cycles, score reports (考核) -------------------------------

/** The four core dimensions of every score (group level; never dropped from a weight set). */
export const DIMENSIONS = ['compliance_execution', 'risk_control', 'emergency_response', 'collaboration'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const RATINGS = ['excellent', 'qualified', 'needs_improvement'] as const;
export type Rating = (typeof RATINGS)[number];
/** Who is scored; persons and departments straight from facts, posts and companies pooled from them. */
export const SUBJECT_TYPES = ['person', 'department', 'post', 'company'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export const CADENCES = ['monthly', 'quarterly', 'weekly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const CYCLE_STATUSES = ['scoring', 'review', 'published'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];
/** The workflow's phase: `publishing` between the review's "publish" and the reports being out. */
export type CyclePhase = CycleStatus | 'publishing';
export type RulesetStatus = 'draft' | 'published';

export interface RulesetSummary {
  version: number;
  status: RulesetStatus;
  note: string;
  basedOn: number | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

/**
 * A ruleset document (domain/scoring/ruleset.ts `RulesetSchema`). The editor works on it as plain
 * JSON the user may change freely, so the UI reads it defensively and the server validates it.
 */
export type RulesetDocument = Record<string, unknown>;

export interface RulesetVersion extends RulesetSummary {
  document: RulesetDocument;
}

export interface RulesetIssue {
  /** Dotted path inside the document (`weights.bySubjectType.department.dimensions.collaboration`). */
  path: string;
  message: string;
}

export interface RulesetChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** An indicator of the library (`GET /api/indicators`). */
export interface IndicatorDef {
  code: string;
  name: string;
  nameZh: string;
  dimension: Dimension;
  type: string;
  direction: 'higher_better' | 'lower_better';
  unit: 'percent' | 'count' | 'seconds' | 'points';
  thresholds: { excellent: number; qualified: number };
}

export interface WhatIfDifference {
  subjectType: SubjectType;
  subjectId: string;
  name: string;
  before: number | null;
  after: number | null;
  /** after − before; null when the subject is on one side only. */
  delta: number | null;
  ratingBefore: Rating | null;
  ratingAfter: Rating | null;
}

export interface WhatIfResult {
  cycleId: string;
  baseVersion: number;
  draftVersion: number;
  differences: WhatIfDifference[];
}

export interface CycleSummary {
  id: string;
  workflowId: string;
  scopeOrgUnitId: string;
  cadence: Cadence;
  /** `2026-11`, `2026-Q4`, `2026-W47`. */
  period: string;
  periodStart: string;
  periodEnd: string;
  rulesetVersion: number;
  status: CycleStatus;
  progress: { done: number; total: number };
  currentSnapshot: number;
  startedBy: string;
  reviewedBy: string | null;
  publishedAt: string | null;
}

export interface SnapshotSummary {
  version: number;
  inputHash: string;
  subjects: number;
  facts: number;
  persons: number;
  needsImprovement: number;
  consecutiveNeedsImprovement: number;
  specialReview: number;
}

export interface CycleLive {
  phase: CyclePhase;
  rulesetVersion: number | null;
  snapshot: SnapshotSummary | null;
  reviewTaskId: string | null;
  reviewRound: number;
  publishedAt: string | null;
  reportsSent: number;
  plansStarted: string[];
  flagged: string[];
}

export type SnapshotReason = 'initial' | 'late_facts' | 'recompute' | 'appeal' | 'adjustment';

export interface SnapshotView {
  version: number;
  reason: SnapshotReason | string;
  status: 'draft' | 'published' | 'superseded';
  /** The version that superseded this one. */
  supersededBy?: number | null;
  rulesetVersion: number;
  inputHash: string;
  factCount: number;
  subjectCount: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
}

export interface CycleDetail {
  cycle: CycleSummary;
  live: CycleLive | null;
  snapshots: SnapshotView[];
}

export interface NewCycle {
  scopeOrgUnitId: string;
  period: string;
  rulesetVersion?: number;
}

export interface CycleCreated {
  cycleId: string;
  workflowId: string;
  created: boolean;
}

export interface CycleScheduleInput {
  scopeOrgUnitId: string;
  cadence: Cadence;
  paused: boolean;
  /** HH:MM in `timeZone`. */
  time: string;
  timeZone: string;
}

export interface CycleSchedule {
  scheduleId: string;
  paused: boolean;
  nextRuns: string[];
  recentRuns: { at: string; workflowId: string }[];
  runs: number;
}

export interface RecomputeResult {
  /** Same inputs, same hash: the published scores are reproduced exactly. */
  reproduced: boolean;
  inputHash: string;
  version: number;
  /** Late facts: the new draft snapshot version. */
  newVersion: number | null;
}

export type DimensionScores = Record<Dimension, number>;

export interface ScoreFlags {
  specialReview: boolean;
  consecutiveNeedsImprovement: boolean;
  improvementStreak: number;
  shortfallDimension: Dimension | null;
  boostedDimension: Dimension | null;
  ratingDiscrepancies: string[];
}

/** One line of a score: an indicator (0–100 points, weighted) or a penalty / bonus rule (signed points). */
export interface ScoreLine {
  kind: 'indicator' | 'penalty' | 'bonus';
  indicatorCode?: string;
  ruleCode?: string;
  dimension: Dimension | null;
  custom?: boolean;
  value: number;
  points: number;
  rating: Rating | null;
  n: number;
  weight?: number;
  /** false: an indicator below its minimum sample, shown but not counted (weight 0). */
  counted?: boolean;
  factIds: string[];
  /** English, without the indicator's or rule's name. */
  explanation: string;
  /** Points added to the total by accepted appeals and approved adjustments of this line (a rule line's `points` include them). */
  adjustment?: number;
  /** Those appeals and adjustments, with their reason and decision, oldest first. */
  corrections?: LineCorrection[];
}

/** An accepted appeal or approved adjustment, shown beside the line it changed. */
export interface LineCorrection {
  kind: 'appeal' | 'adjustment';
  workflowId: string;
  /** The version it was first applied in. */
  version: number;
  delta: number;
  reasonCode: string;
  reason: string;
  decision: string | null;
  proposedBy: string;
  decidedBy: string;
}

/** A subject's result as rankings and reports carry it. */
export interface ScoreSummary {
  subjectType: SubjectType;
  subjectId: string;
  name: string;
  total: number;
  rating: Rating;
  dimensionScores: DimensionScores;
  dimensionAdjustments?: Partial<DimensionScores>;
  weights?: { dimensions: DimensionScores; custom: Record<string, number> };
  weightSource?: string;
  flags?: ScoreFlags;
  members?: number;
}

export interface RankingRow extends ScoreSummary {
  rank: number;
  departmentId: string | null;
}

export interface RankingPage extends Page<RankingRow> {
  /** The snapshot version ranked. */
  version: number;
}

/** One snapshot version of a subject's score: why it was made and whether it is the one in force. */
export interface ScoreVersion {
  version: number;
  total: number;
  rating: Rating;
  /** Absent from servers older than appeals. */
  status?: SnapshotView['status'];
  /** The version that superseded this one (shown beside it; never part of the version). */
  supersededBy?: number | null;
  reason?: SnapshotReason | string;
}

export interface ScoreReport extends ScoreSummary {
  cycleId: string;
  period: string;
  version: number;
  versions: ScoreVersion[];
  /** The ruleset the snapshot was scored with (names its lines). */
  rulesetVersion?: number;
  inputHash: string;
  lines: ScoreLine[];
}

export interface MyScore {
  cycleId: string;
  period: string;
  version: number;
  total: number;
  rating: Rating;
}

/** The facts behind one line (per group, e.g. per hazard). */
export interface FactGroup {
  code: string;
  groupKey: string | null;
  n: number;
  factIds: string[];
}

// --- Appeals, adjustments, self-declarations, improvement plans ------------------------------

export type AppealStatus = 'open' | 'upheld' | 'adjusted';

/** An appeal (复议) of one line of a person's published score; level 2 is the one further level. */
export interface AppealView {
  id: string;
  workflowId: string;
  cycleId: string;
  snapshotVersion: number;
  subjectId: string;
  lineCode: string;
  level: number;
  parentAppealId: string | null;
  appellant: string;
  reason: string;
  status: AppealStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  delta: number | null;
  decisionReason: string | null;
  evidenceIds: string[];
  newVersion: number | null;
  createdAt: string;
}

export interface NewAppeal {
  cycleId: string;
  /** The indicatorCode or ruleCode of a line of the appellant's published score. */
  lineCode: string;
  reason: string;
  parentAppealId?: string;
}

export const ADJUSTMENT_REASONS = ['data_error', 'missed_evidence', 'exceptional_contribution', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
export type AdjustmentStatus = 'pending' | 'approved' | 'rejected';

/** A manual adjustment of a published score, proposed by one person and decided by another. */
export interface AdjustmentView {
  id: string;
  workflowId: string;
  cycleId: string;
  subjectType: 'person' | 'department';
  subjectId: string;
  lineCode: string | null;
  delta: number;
  reasonCode: AdjustmentReason | string;
  text: string;
  proposedBy: string;
  status: AdjustmentStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  newVersion: number | null;
  createdAt: string;
}

export interface NewAdjustment {
  cycleId: string;
  subjectType: 'person' | 'department';
  subjectId: string;
  lineCode?: string;
  /** ≠ 0, −100..100. */
  delta: number;
  reasonCode: AdjustmentReason;
  text: string;
}

export const DECLARATION_KINDS = ['training', 'improvement_idea', 'other'] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];
export type DeclarationStatus = 'pending' | 'approved' | 'rejected';

/** A self-declaration (自助申报): extra evidence a person submits, reviewed by their department head. */
export interface DeclarationView {
  id: string;
  workflowId: string;
  personId: string;
  personName: string;
  kind: DeclarationKind | string;
  title: string;
  text: string;
  evidenceIds: string[];
  period: string;
  status: DeclarationStatus;
  reviewedBy: string | null;
  points: number | null;
  reason: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

export interface NewDeclaration {
  kind: DeclarationKind;
  title: string;
  text: string;
  evidenceIds: string[];
  /** Default: the current month. */
  period?: string;
}

export const PLAN_PHASES = ['planning', 'in_progress', 'checking', 'completed', 'not_completed'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

/** An improvement plan (能力提升计划) a cycle started for a person rated "needs improvement". */
export interface ImprovementPlanView {
  workflowId: string;
  cycleId: string;
  period: string;
  personId: string;
  personName: string;
  /** Null when the plan's live state cannot be read. */
  phase: PlanPhase | null;
  targets: string | null;
  measures: string | null;
  dueAt: string | null;
  checkedBy: string | null;
  openTasks: string[];
}

export interface ImprovementPlanDetail extends ImprovementPlanView {
  tasks: TaskView[];
}

export interface EvidenceMeta {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export const EVIDENCE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export interface HealthComponent {
  status: 'ok' | 'down';
  latencyMs: number;
  detail: string;
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  time: string;
  database: HealthComponent;
  temporal: HealthComponent & { namespace: string; uiUrl: string | null };
}

// --- Dashboard (SPEC §5) -----------------------------------------------------------------------

export const DASHBOARD_KPIS = [
  'hazardClosureRate',
  'meanRectificationHours',
  'slaBreachRate',
  'inspectionAverage',
  'trainingCoverage',
  'trainingPassRate',
  'incidentFrequency',
  'seriousIncidents',
  'emergencyAckMinutes',
  'emergencyControlMinutes',
] as const;
export type DashboardKpiName = (typeof DASHBOARD_KPIS)[number];
/** KPIs whose records are attributed to a person (`ranking?by=person`, `drill?personId=`). */
export const PERSON_KPIS: readonly DashboardKpiName[] = [
  'hazardClosureRate',
  'meanRectificationHours',
  'slaBreachRate',
  'inspectionAverage',
  'trainingPassRate',
];
/** ratio: n / d (0–1); mean: n (a sum) / d (records); per100: n × 100 / d (active people); count: n. */
export type KpiKind = 'ratio' | 'mean' | 'per100' | 'count';
export type KpiUnit = 'ratio' | 'hours' | 'points' | 'per100people' | 'count' | 'minutes';
export type DrillRecordType = 'hazard' | 'task' | 'emergency' | 'fact' | 'person';

/** A figure with the counts it is made of (value null: nothing to divide by). */
export interface KpiFigure {
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** Mean KPIs only. */
  median: number | null;
}

interface KpiHead {
  kpi: DashboardKpiName;
  label: string;
  kind: KpiKind;
  unit: KpiUnit;
  betterWhen: 'higher' | 'lower';
}

export interface DashboardScope {
  orgUnitId: string;
  name: string;
  kind: string;
}

export interface DashboardPeriod {
  from: string;
  to: string;
}

export interface DashboardKpi extends KpiHead, KpiFigure {
  previous: KpiFigure;
  /** value − previous.value */
  change: number | null;
  definition: { numerator: string; denominator: string | null };
}

export interface DashboardKpis {
  scope: DashboardScope;
  period: DashboardPeriod;
  previousPeriod: DashboardPeriod;
  generatedAt: string;
  kpis: DashboardKpi[];
}

export type TrendGranularity = 'month' | 'week';

export interface DashboardTrend extends KpiHead {
  granularity: TrendGranularity;
  scope: DashboardScope;
  period: DashboardPeriod;
  /** One bucket per calendar month (2026-11) or ISO week (2026-W47), clipped to the period. */
  series: (KpiFigure & { label: string; from: string; to: string })[];
}

export type RankBy = 'department' | 'person';
export type RankOrder = 'best' | 'worst';

export interface DashboardRankItem {
  rank: number;
  /** Department (org unit) id or person id: the drill-down's departmentId / personId. */
  id: string;
  name: string;
  orgUnitId: string | null;
  orgUnitName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  value: number | null;
  numerator: number;
  denominator: number | null;
}

export interface DashboardRanking extends KpiHead {
  by: RankBy;
  order: RankOrder;
  scope: DashboardScope;
  period: DashboardPeriod;
  /** Entries ranked before the limit. */
  total: number;
  items: DashboardRankItem[];
}

export type HeatRows = 'department' | 'area';
export type HeatColumns = 'category' | 'riskLevel';

export interface DashboardHeatmap {
  scope: DashboardScope;
  period: DashboardPeriod;
  rowsBy: HeatRows;
  columnsBy: HeatColumns;
  rows: { key: string; name: string; total: number }[];
  hiddenRows: number;
  columns: { key: string; name: string; total: number }[];
  cells: { row: string; column: string; count: number; open: number; overdue: number; major: number }[];
  max: number;
  total: number;
}

export interface DashboardHandoffs {
  scope: DashboardScope;
  period: DashboardPeriod;
  departments: { id: string; name: string }[];
  /** from = to: the next step stayed in the department. */
  cells: { from: string; to: string; count: number; completed: number; meanHours: number | null; medianHours: number | null }[];
  total: number;
  unattributed: number;
}

/** The dashboard's common query: a period [from, to) and a scope (default: what the caller may see). */
export interface DashboardQuery {
  /** YYYY-MM-DD (midnight in the group's time zone) or an ISO instant. */
  from: string;
  to: string;
  orgUnitId?: string;
}

/** Which records behind which figure (`kpi=heatmap`: a heat-map cell; `kpi=handoffs`: a matrix cell). */
export interface DrillFilter {
  kpi: DashboardKpiName | 'heatmap' | 'handoffs';
  part?: 'numerator' | 'denominator';
  departmentId?: string;
  personId?: string;
  category?: string;
  riskLevel?: string;
  area?: string;
  fromDepartmentId?: string;
  toDepartmentId?: string;
}

export interface DrillItem {
  type: DrillRecordType;
  id: string;
  title: string;
  at: string | null;
  /** Mean KPIs: the record's hours, minutes or points; handoffs: hours to completion. */
  value: number | null;
  /** Ratio KPIs: whether the record is in the numerator. */
  inNumerator: boolean | null;
  status: string | null;
  orgUnitId: string;
  orgUnitName: string | null;
  departmentId: string;
  departmentName: string | null;
  personId: string | null;
  personName: string | null;
  workflowId: string | null;
  /** The record's page in this UI, when there is one. */
  link: string | null;
  fields: Record<string, string | number | boolean | null>;
}

export interface DrillPage extends Page<DrillItem> {
  kpi: string;
  part: 'numerator' | 'denominator';
  records: DrillRecordType;
  scope: DashboardScope;
  period: DashboardPeriod;
}

// --- Safety hub monitor and auditor timeline (SPEC §5) ----------------------------------------

export const PROCESS_TYPES = [
  'hazard',
  'emergency',
  'risk_assessment',
  'assessment_cycle',
  'improvement_plan',
  'appeal',
  'adjustment',
  'declaration',
  'notice',
] as const;
export type ProcessType = (typeof PROCESS_TYPES)[number];
export const MONITOR_SORTS = ['breach', 'started', 'escalation'] as const;
export type MonitorSort = (typeof MONITOR_SORTS)[number];

/** An open step of a process: an inbox task and who holds it (a username, or the unit's candidates). */
export interface MonitorStep {
  taskId: string;
  title: string;
  orgUnitId: string;
  orgUnitName: string;
  candidateRole: string | null;
  assignee: string | null;
  dueAt: string | null;
  escalationLevel: number;
}

/** A process in flight, as the safety hub monitor lists it. */
export interface MonitorItem {
  workflowId: string;
  runId: string;
  /** One of PROCESS_TYPES (`unknown` for a process without the search attribute). */
  type: string;
  workflowType: string;
  subject: string;
  /** The process's own step name (hazard `grading`, emergency `responding`, …). */
  status: string | null;
  severity: string | null;
  orgUnitId: string | null;
  orgUnitName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  startedAt: string;
  slaDeadline: string | null;
  /** Negative when overdue; at `serverTime`. */
  secondsToBreach: number | null;
  overdue: boolean;
  escalationLevel: number;
  steps: MonitorStep[];
  temporalUiUrl: string | null;
}

export interface MonitorPage extends Page<MonitorItem> {
  counts: { total: number; overdue: number; escalated: number };
  /** The server read only the first few thousand running processes. */
  truncated: boolean;
  /** The server's clock when it answered: countdowns run against it, not the browser's. */
  serverTime: string;
}

/** The monitor's filters as the URL and saved views hold them (`type`: comma-separated). */
export type MonitorFilters = {
  type?: string;
  status?: string;
  overdue?: 'true' | 'false';
  orgUnitId?: string;
  assignee?: string;
  q?: string;
  sort?: MonitorSort;
};

export interface SavedMonitorView {
  id: string;
  name: string;
  shared: boolean;
  owner: string | null;
  mine: boolean;
  filters: MonitorFilters;
}

/** One result of a bulk action: done, or why not. */
export interface BulkResult {
  workflowId: string;
  ok: boolean;
  error?: string;
  /** Reassign: how many open steps were handed over. */
  tasks?: number;
}

export interface TimelineEntry {
  at: string;
  /** `process`: the workflow's own history; `audit`: the audit log (what people did through the API). */
  source: 'process' | 'audit';
  /** `started`, `task.handed`, `decision`, `status`, `sla.fired`, `escalated`, `notified`, `completed`, `cancelled`, audit actions, … */
  kind: string;
  actor: string;
  text: string;
  data: Record<string, unknown>;
  /** Where in the raw record: `event:<id>` or `audit:<seq>`. */
  ref: string;
}

/** The auditor's view of one process: its history merged with the audit log. */
export interface ProcessHistory {
  workflowId: string;
  runId: string | null;
  workflowType: string | null;
  processType: string | null;
  /** Temporal's execution status: RUNNING, COMPLETED, CANCELLED, TERMINATED, FAILED, TIMED_OUT, …; UNKNOWN past retention. */
  status: string;
  startedAt: string | null;
  closedAt: string | null;
  /** `audit`: past Temporal's retention, rebuilt from the audit log alone. */
  source: 'temporal+audit' | 'audit';
  temporalUiUrl: string | null;
  entries: TimelineEntry[];
  generatedAt: string;
  generatedBy: string;
}

/** An account as `GET /api/users` lists it (the fields the UI reads). */
export interface UserAccount extends UserRef {
  active: boolean;
  orgUnitId: string;
  orgUnitName: string | null;
  roles: string[];
}

// --- Inspections and trainings (安全检查, 安全培训) -------------------------------------------

export interface InspectionTemplateItem {
  code: string;
  title: string;
  category: string | null;
  maxScore: number;
  /** Relative weight in the 0–100 total. */
  weight: number;
}

export interface InspectionTemplate {
  id: string;
  code: string;
  name: string;
  description: string | null;
  active: boolean;
  items: InspectionTemplateItem[];
  maxTotal: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface InspectionTemplateInput {
  code: string;
  name: string;
  description?: string | null;
  active?: boolean;
  items: { code: string; title: string; category?: string | null; maxScore: number; weight: number }[];
}

export interface InspectionSummary {
  id: string;
  templateId: string;
  templateCode: string;
  templateName: string;
  orgUnitId: string;
  orgUnitName: string;
  /** YYYY-MM-DD. */
  inspectedOn: string;
  inspectorPersonId: string | null;
  inspectorName: string | null;
  /** `items`: scored item by item; `total`: only a total was recorded. */
  mode: 'items' | 'total';
  /** 0–100: Σ weight × score / maxScore ÷ Σ weight × 100 over the applicable items. */
  score: number;
  remarks: string | null;
  revision: number;
  factId: string;
  recordedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface InspectionItemView extends InspectionTemplateItem {
  /** null: not applicable. */
  score: number | null;
  remark: string | null;
}

export interface InspectionDetail extends InspectionSummary {
  items: InspectionItemView[];
  /** The inspection.scored fact scoring reads. */
  fact: { id: string; kind: string; value: number | null; orgUnitId: string | null; departmentHeadPersonId: string | null; occurredAt: string } | null;
}

/** Either `items` (one per checklist item; score null = not applicable) or `total` (0–100). */
export interface InspectionInput {
  templateId: string;
  orgUnitId: string;
  inspectedOn: string;
  inspectorPersonId?: string | null;
  items?: { code: string; score: number | null; remark?: string | null }[];
  total?: number;
  remarks?: string | null;
}

export type InspectionFilter = {
  orgUnitId?: string;
  templateId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
};

export interface TrainingSummary {
  id: string;
  code: string | null;
  title: string;
  topic: string;
  orgUnitId: string;
  orgUnitName: string;
  /** YYYY-MM-DD. */
  heldOn: string;
  trainer: string;
  participants: number;
  /** Participants with a recorded result. */
  recorded: number;
  attended: number;
  passed: number;
  createdBy: string;
  createdAt: string;
}

export interface TrainingParticipantView {
  personId: string;
  name: string;
  employeeNo: string;
  orgUnitId: string;
  attended: boolean | null;
  passed: boolean | null;
  remark: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  /** The training.attended fact: 1 attended and passed, 0 absent or failed. */
  fact: { id: string; value: number | null; occurredAt: string } | null;
}

export interface TrainingDetail extends TrainingSummary {
  participantList: TrainingParticipantView[];
}

export interface NewTraining {
  trainingId: string;
  code?: string | null;
  title: string;
  topic: string;
  orgUnitId: string;
  heldOn: string;
  trainer: string;
  participantIds: string[];
}

export interface TrainingResultInput {
  personId: string;
  attended: boolean;
  passed: boolean;
  remark?: string | null;
}

export type TrainingFilter = {
  orgUnitId?: string;
  personId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
};

/** One problem of an import file: the row as the user sees it (header = 1; 0 = the file) and the column. */
export interface ImportProblem {
  row: number;
  column: string | null;
  message: string;
}

/** The answer of the CSV / xlsx imports: `ok` with counts, or (400) every problem and nothing written. */
export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  imported: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
  /** Set on a rejected file. */
  error?: { code: string; message: string };
}

// --- Alerts (SPEC §5) ---------------------------------------------------------------------------

export const ALERT_KINDS = ['overdue', 'low_score', 'recurring_hazard', 'incident_cluster', 'sla_breach_rate'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** What a fired alert can be: a rule's kind, or a cycle schedule's missed or late run. */
export const FIRED_ALERT_KINDS = [...ALERT_KINDS, 'missed_schedule'] as const;
export type FiredAlertKind = (typeof FIRED_ALERT_KINDS)[number];
export const ALERT_SEVERITIES = ['critical', 'normal', 'info'] as const satisfies readonly Severity[];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Who hears about an alert (domain/alerts.ts AUDIENCE_TARGETS). */
export const AUDIENCE_TARGETS = ['safety', 'department_head', 'managers', 'hr', 'subject'] as const;
export type AudienceTarget = (typeof AUDIENCE_TARGETS)[number];

export interface AlertRecord {
  type: 'hazard' | 'task' | 'emergency' | 'fact' | 'score' | 'schedule';
  id: string;
  workflowId: string | null;
}

export interface AlertView {
  id: string;
  dedupKey: string;
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  kind: FiredAlertKind;
  severity: Severity;
  title: string;
  summary: string;
  /** At most 100; the figures count all. */
  records: AlertRecord[];
  figures: Record<string, number | string>;
  orgUnitId: string | null;
  orgUnitName: string | null;
  recipientCount: number;
  status: AlertStatus;
  firstFiredAt: string;
  firedBy: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
}

export type AlertFilter = {
  status?: AlertStatus;
  kind?: FiredAlertKind;
  severity?: Severity;
  orgUnitId?: string;
  page?: number;
  pageSize?: number;
};

export interface AlertRule {
  id: string;
  kind: AlertKind;
  name: string;
  enabled: boolean;
  severity: Severity;
  /** The parameters of the rule's kind (each kind has its own; every field has a default). */
  params: Record<string, unknown>;
  audience: AudienceTarget[];
  /** False when the stored parameters no longer validate (the sweep skips the rule). */
  valid: boolean;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface AlertRuleChange {
  name?: string;
  enabled?: boolean;
  severity?: Severity;
  params?: Record<string, unknown>;
  audience?: AudienceTarget[];
  /** The version the change is based on: 409 when the rule changed meanwhile. */
  version?: number;
}

export interface AlertSweepResult {
  workflowId: string;
  rules: number;
  candidates: number;
  /** New alerts fired by this sweep (in any scope). */
  fired: number;
  notified: number;
  resolved: number;
  deferred: number;
  /** The new alerts in your scope. */
  alerts: AlertView[];
}

// --- Exports (SPEC §5) --------------------------------------------------------------------------

export type ExportFormat = 'xlsx' | 'csv';
/** The subject types a results export is made for. */
export const EXPORT_SUBJECT_TYPES = ['person', 'post', 'department'] as const satisfies readonly SubjectType[];
export type ExportSubjectType = (typeof EXPORT_SUBJECT_TYPES)[number];

export interface CollaborationRow {
  departmentId: string;
  departmentName: string;
  handoffsReceived: number;
  handoffsSent: number;
  completedOnTime: number;
  completedLate: number;
  openOverdue: number;
  /** 0–1. */
  onTimeRate: number | null;
  medianResponseHours: number | null;
  /** Where the handed-over tasks came from, most first. */
  fromDepartments: { departmentId: string; departmentName: string; count: number }[];
  hazardsClosed: number;
  hazardsClosedOnTime: number;
  /** 0–1: share of the department's people with a passed training in the month. */
  trainingParticipation: number | null;
  collaborationScore: number | null;
}

export interface CollaborationReport {
  period: string;
  from: string;
  to: string;
  generatedAt: string;
  items: CollaborationRow[];
}

// ---------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'safeloop.token';

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Fired when the server rejects the session's token (expired, user disabled): back to login. */
export const UNAUTHORIZED_EVENT = 'safeloop:unauthorized';

interface ErrorBody {
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failure(res: { status: number; statusText: string }, data: unknown, hadToken: boolean): ApiError {
  const error = (data as ErrorBody | undefined)?.error;
  if (res.status === 401 && hadToken) {
    session.token = null;
    window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  }
  return new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText, error?.details ?? []);
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = parseJson(await res.text());
  // /api/health answers 503 with the same body when something is down: that is still an answer.
  if (!res.ok && !(res.status === 503 && path === '/api/health')) throw failure(res, data, !!token);
  return data as T;
}

function query(params: Record<string, string | number | boolean | undefined> | HazardFilter | EmergencyFilter | RiskAssessmentFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const id = (value: string) => encodeURIComponent(value);

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

export const login = (username: string, password: string) => api<LoginResult>('POST', '/api/auth/login', { username, password });
export const fetchMe = () => api<CurrentUser>('GET', '/api/auth/me');

export const listTasks = (view: TaskListView, page = 1, pageSize = 50) => api<Page<TaskView>>('GET', `/api/tasks${query({ view, page, pageSize })}`);
export const claimTask = (taskId: string) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/claim`);
export const unclaimTask = (taskId: string) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/unclaim`);
export const completeTask = (taskId: string, payload: TaskPayload) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/complete`, { payload });
export const delegateTask = (taskId: string, toUserId: string) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/delegate`, { toUserId });

/**
 * Colleagues a task can be handed to. `GET /api/users` is a SPEC §8 resource whose payload is not
 * fixed yet; the inbox expects `{ items: UserRef[] }` filtered by org unit.
 */
export const listUsers = (orgUnitId: string) => api<{ items: UserRef[] }>('GET', `/api/users${query({ orgUnitId, pageSize: 200 })}`);

export const listNotifications = (opts: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) =>
  api<NotificationPage>('GET', `/api/notifications${query({ unreadOnly: opts.unreadOnly ?? false, page: opts.page ?? 1, pageSize: opts.pageSize ?? 50 })}`);
export const markNotificationRead = (notificationId: string) => api<unknown>('POST', `/api/notifications/${id(notificationId)}/read`);
export const markAllNotificationsRead = () => api<unknown>('POST', '/api/notifications/read-all');

export const listMailSink = (page = 1, pageSize = 50) => api<MailPage>('GET', `/api/notifications/mail-sink${query({ page, pageSize })}`);

export const fetchOrgTree = () => api<OrgTreeNode[]>('GET', '/api/org/tree');

/**
 * The agreed contract is `{ unit, posts, people }`; the org routes as first written answer the
 * unit's fields at the top level next to `posts` and `people`. Both are read into the agreed shape.
 */
type OrgUnitDetailResponse = OrgUnitDetail | (OrgUnit & { posts: PostView[]; people: PersonView[] });

export async function fetchOrgUnit(unitId: string): Promise<OrgUnitDetail> {
  const r = await api<OrgUnitDetailResponse>('GET', `/api/org/units/${id(unitId)}`);
  if ('unit' in r) return r;
  const { posts, people, id: uid, parentId, kind, name, code, departmentFunction, headPersonId, headName } = r;
  return { unit: { id: uid, parentId, kind, name, code, departmentFunction, headPersonId, headName }, posts, people };
}

export const fetchHealth = () => api<Health>('GET', '/api/health');

export const fetchUnitResponders = (unitId: string) => api<UnitResponders>('GET', `/api/org/units/${id(unitId)}/responders`);
export const setUnitResponders = (unitId: string, personIds: string[]) => api<UnitResponders>('PUT', `/api/org/units/${id(unitId)}/responders`, { personIds });
export const listPeople = (orgUnitId: string) => api<Page<PersonRef>>('GET', `/api/org/people${query({ orgUnitId, pageSize: 200 })}`);

/**
 * Uploads one evidence file as the raw request body. XMLHttpRequest rather than fetch because
 * only it reports upload progress; `onProgress` gets 0..1. `signal` aborts the upload.
 */
export function uploadEvidence(file: Blob, fileName: string, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<EvidenceMeta> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/evidence');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(fileName));
    const token = session.token;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as EvidenceMeta);
      else reject(failure({ status: xhr.status, statusText: xhr.statusText }, data, !!token));
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** An evidence file as a blob (the endpoint needs the Authorization header, so no plain <img src>). */
export async function fetchEvidence(evidenceId: string): Promise<Blob> {
  const token = session.token;
  const res = await fetch(`/api/evidence/${id(evidenceId)}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw failure(res, parseJson(await res.text()), !!token);
  return res.blob();
}

export const createHazard = (body: NewHazard) => api<HazardCreated>('POST', '/api/hazards', body);
export const listHazards = (filter: HazardFilter) => api<Page<HazardSummary>>('GET', `/api/hazards${query(filter)}`);
export const fetchHazard = (hazardId: string) => api<HazardDetail>('GET', `/api/hazards/${id(hazardId)}`);
/** `clientId` (newClientId()): the same for a retry of the same note, so it is recorded once. */
export const addHazardProgress = (hazardId: string, text: string, evidenceIds: string[], clientId: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/progress`, { text, evidenceIds, clientId });
export const requestHazardExtension = (hazardId: string, newDueAt: string, reason: string, clientId: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/extension`, { newDueAt, reason, clientId });
export const cancelHazard = (hazardId: string, reason: string, duplicateOf?: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/cancel`, duplicateOf ? { reason, duplicateOf } : { reason });
export const reassignHazard = (hazardId: string, responsibleOrgUnitId: string, responsiblePersonId?: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/reassign`, responsiblePersonId ? { responsibleOrgUnitId, responsiblePersonId } : { responsibleOrgUnitId });

export const raiseEmergency = (body: NewEmergency) => api<EmergencyCreated>('POST', '/api/emergencies', body);
export const listEmergencies = (filter: EmergencyFilter) => api<Page<EmergencySummary>>('GET', `/api/emergencies${query(filter)}`);
export const fetchEmergency = (emergencyId: string) => api<EmergencyDetail>('GET', `/api/emergencies/${id(emergencyId)}`);
/** A progress note; `response` names the response it is about (default: the caller's department's). */
export const addEmergencyProgress = (emergencyId: string, text: string, response: ResponseKind | undefined, clientId: string) =>
  api<{ n: number }>('POST', `/api/emergencies/${id(emergencyId)}/progress`, response ? { text, response, clientId } : { text, clientId });

export const startRiskAssessment = (body: NewRiskAssessment) => api<RiskAssessmentCreated>('POST', '/api/risk-assessments', body);
export const listRiskAssessments = (filter: RiskAssessmentFilter) => api<Page<RiskAssessmentSummary>>('GET', `/api/risk-assessments${query(filter)}`);
export const fetchRiskAssessment = (assessmentId: string) => api<RiskAssessmentDetail>('GET', `/api/risk-assessments/${id(assessmentId)}`);
export const fetchRiskRegister = (assessmentId: string, compareTo?: string) =>
  api<RiskRegister>('GET', `/api/risk-assessments/${id(assessmentId)}/register${query({ compareTo })}`);
export const listRiskSchedules = () => api<{ items: RiskSchedule[] }>('GET', '/api/risk-assessments/schedules');
export const saveRiskSchedule = (body: RiskScheduleInput) => api<RiskSchedule>('PUT', '/api/risk-assessments/schedules', body);
export const pauseRiskSchedule = (scheduleId: string, paused: boolean, note: string) =>
  api<RiskSchedule>('POST', `/api/risk-assessments/schedules/${id(scheduleId)}/pause`, { paused, note });
export const triggerRiskSchedule = (scheduleId: string) => api<{ triggered: true }>('POST', `/api/risk-assessments/schedules/${id(scheduleId)}/trigger`);
export const deleteRiskSchedule = (scheduleId: string) => api<unknown>('DELETE', `/api/risk-assessments/schedules/${id(scheduleId)}`);

export const listRulesets = () => api<{ items: RulesetSummary[] }>('GET', '/api/rulesets');
export const fetchCurrentRuleset = () => api<RulesetVersion>('GET', '/api/rulesets/current');
export const fetchRuleset = (version: number) => api<RulesetVersion>('GET', `/api/rulesets/${version}`);
export const createRulesetDraft = (document: unknown, note: string, basedOn?: number) =>
  api<RulesetVersion>('POST', '/api/rulesets', basedOn ? { document, note, basedOn } : { document, note });
export const saveRulesetDraft = (version: number, document: unknown, note?: string) =>
  api<RulesetVersion>('PUT', `/api/rulesets/${version}`, note ? { document, note } : { document });
export const validateRulesetDocument = (document: unknown) => api<{ ok: boolean; issues: RulesetIssue[] }>('POST', '/api/rulesets/validate', { document });
export const diffRulesets = (from: number, to: number) =>
  api<{ from: number; to: number; changes: RulesetChange[] }>('GET', `/api/rulesets/diff${query({ from, to })}`);
export const approveRuleset = (version: number, note: string) => api<RulesetVersion>('POST', `/api/rulesets/${version}/approve`, { note });
export const whatIfRuleset = (version: number, cycleId: string) => api<WhatIfResult>('POST', `/api/rulesets/${version}/what-if`, { cycleId });
export const listIndicators = () => api<{ items: IndicatorDef[] }>('GET', '/api/indicators');

export const startCycle = (body: NewCycle) => api<CycleCreated>('POST', '/api/assessment-cycles', body);
export const listCycles = (filter: { status?: CycleStatus; page?: number; pageSize?: number }) =>
  api<Page<CycleSummary>>('GET', `/api/assessment-cycles${query(filter)}`);
export const fetchCycle = (cycleId: string) => api<CycleDetail>('GET', `/api/assessment-cycles/${id(cycleId)}`);
export const fetchRanking = (cycleId: string, subjectType: SubjectType, opts: { version?: number; page?: number; pageSize?: number } = {}) =>
  api<RankingPage>('GET', `/api/assessment-cycles/${id(cycleId)}/results${query({ subjectType, ...opts })}`);
export const recomputeCycle = (cycleId: string, note: string) => api<RecomputeResult>('POST', `/api/assessment-cycles/${id(cycleId)}/recompute`, { note });
export const saveCycleSchedule = (body: CycleScheduleInput) => api<CycleSchedule>('PUT', '/api/assessment-cycles/schedules', body);
export const triggerCycleSchedule = (scheduleId: string) => api<{ triggered: true }>('POST', `/api/assessment-cycles/schedules/${id(scheduleId)}/trigger`);
export const deleteCycleSchedule = (scheduleId: string) => api<unknown>('DELETE', `/api/assessment-cycles/schedules/${id(scheduleId)}`);

export const fetchTask = (taskId: string) => api<TaskView>('GET', `/api/tasks/${id(taskId)}`);

export const listMyScores = () => api<{ items: MyScore[] }>('GET', '/api/scores/me');
export const fetchScoreReport = (cycleId: string, subjectType: SubjectType, subjectId: string, version?: number) =>
  api<ScoreReport>('GET', `/api/scores/${id(cycleId)}/${subjectType}/${id(subjectId)}${query({ version })}`);
export const createAppeal = (body: NewAppeal) => api<{ appealId: string; workflowId: string; level: number }>('POST', '/api/appeals', body);
export const listAppeals = () => api<{ items: AppealView[] }>('GET', '/api/appeals');
export const fetchAppeal = (appealId: string) => api<AppealView>('GET', `/api/appeals/${id(appealId)}`);
export const proposeAdjustment = (body: NewAdjustment) => api<{ adjustmentId: string; workflowId: string }>('POST', '/api/adjustments', body);
export const listAdjustments = () => api<{ items: AdjustmentView[] }>('GET', '/api/adjustments');
export const createDeclaration = (body: NewDeclaration) => api<{ declarationId: string; workflowId: string }>('POST', '/api/declarations', body);
export const listDeclarations = () => api<{ items: DeclarationView[] }>('GET', '/api/declarations');
export const listImprovementPlans = () => api<{ items: ImprovementPlanView[] }>('GET', '/api/improvement-plans');
export const fetchImprovementPlan = (workflowId: string) => api<ImprovementPlanDetail>('GET', `/api/improvement-plans/${id(workflowId)}`);

export const fetchScoreFacts = (cycleId: string, subjectType: SubjectType, subjectId: string, code?: string) =>
  api<{ lines: FactGroup[] }>('GET', `/api/scores/${id(cycleId)}/${subjectType}/${id(subjectId)}/facts${query({ code })}`);

export const listProcesses = (filters: MonitorFilters & { page?: number; pageSize?: number }) => api<MonitorPage>('GET', `/api/processes${query(filters)}`);
export const cancelProcesses = (workflowIds: string[], reason: string) =>
  api<{ results: BulkResult[] }>('POST', '/api/processes/cancel', { workflowIds, reason });
export const reassignProcesses = (workflowIds: string[], toUserId: string) =>
  api<{ results: BulkResult[] }>('POST', '/api/processes/reassign', { workflowIds, toUserId });
export const listMonitorViews = () => api<{ items: SavedMonitorView[] }>('GET', '/api/processes/views');
export const saveMonitorView = (name: string, shared: boolean, filters: MonitorFilters) =>
  api<SavedMonitorView>('POST', '/api/processes/views', { name, shared, filters });
export const deleteMonitorView = (viewId: string) => api<unknown>('DELETE', `/api/processes/views/${id(viewId)}`);
export const fetchProcessHistory = (workflowId: string) => api<ProcessHistory>('GET', `/api/processes/${id(workflowId)}/history`);
export const fetchDashboardKpis = (q: DashboardQuery) => api<DashboardKpis>('GET', `/api/dashboard/kpis${query({ ...q })}`);
export const fetchDashboardTrend = (q: DashboardQuery & { kpi: DashboardKpiName; granularity: TrendGranularity }) =>
  api<DashboardTrend>('GET', `/api/dashboard/trends${query({ ...q })}`);
export const fetchDashboardRanking = (q: DashboardQuery & { kpi: DashboardKpiName; by: RankBy; order: RankOrder; limit?: number }) =>
  api<DashboardRanking>('GET', `/api/dashboard/ranking${query({ ...q })}`);
export const fetchDashboardHeatmap = (q: DashboardQuery & { rows: HeatRows; columns: HeatColumns }) =>
  api<DashboardHeatmap>('GET', `/api/dashboard/heatmap${query({ ...q })}`);
export const fetchDashboardHandoffs = (q: DashboardQuery) => api<DashboardHandoffs>('GET', `/api/dashboard/handoffs${query({ ...q })}`);
/** The records behind a figure, one page; `total` equals the figure's numerator or denominator. */
export const fetchDashboardDrill = (q: DashboardQuery & DrillFilter & { page?: number; pageSize?: number }) =>
  api<DrillPage>('GET', `/api/dashboard/drill${query({ ...q })}`);
/** Active accounts whose username or name contains `q` (the people a process step can be handed to). */
export const searchUsers = (q: string) => api<Page<UserAccount>>('GET', `/api/users${query({ q: q.trim() || undefined, active: 'true', pageSize: 50 })}`);

/**
 * A file from an endpoint that needs the Authorization header (so no plain link): its content and
 * the server's file name (Content-Disposition), else `fallbackName`.
 */
export async function fetchFile(path: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  const token = session.token;
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw failure(res, parseJson(await res.text()), !!token);
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await res.blob(), fileName };
}

/** The timeline as a file: its content and the server's file name. */
export const downloadProcessHistory = (workflowId: string, format: 'json' | 'html') =>
  fetchFile(`/api/processes/${id(workflowId)}/history/export${query({ format })}`, `process-history.${format}`);

export const listInspectionTemplates = (opts: { active?: boolean; q?: string; page?: number; pageSize?: number } = {}) =>
  api<Page<InspectionTemplate>>('GET', `/api/inspections/templates${query({ ...opts, pageSize: opts.pageSize ?? 200 })}`);
export const fetchInspectionTemplate = (templateId: string) => api<InspectionTemplate>('GET', `/api/inspections/templates/${id(templateId)}`);
export const createInspectionTemplate = (templateId: string, body: InspectionTemplateInput) =>
  api<InspectionTemplate>('POST', '/api/inspections/templates', { templateId, ...body });
export const updateInspectionTemplate = (templateId: string, body: InspectionTemplateInput) =>
  api<InspectionTemplate>('PUT', `/api/inspections/templates/${id(templateId)}`, body);
export const listInspections = (filter: InspectionFilter) => api<Page<InspectionSummary>>('GET', `/api/inspections${query(filter)}`);
export const fetchInspection = (inspectionId: string) => api<InspectionDetail>('GET', `/api/inspections/${id(inspectionId)}`);
export const recordInspection = (inspectionId: string, body: InspectionInput) => api<InspectionDetail>('POST', '/api/inspections', { inspectionId, ...body });
export const correctInspection = (inspectionId: string, body: InspectionInput) => api<InspectionDetail>('PUT', `/api/inspections/${id(inspectionId)}`, body);

export const listTrainings = (filter: TrainingFilter) => api<Page<TrainingSummary>>('GET', `/api/trainings${query(filter)}`);
export const fetchTraining = (trainingId: string) => api<TrainingDetail>('GET', `/api/trainings/${id(trainingId)}`);
export const createTraining = (body: NewTraining) => api<TrainingDetail>('POST', '/api/trainings', body);
export const recordTrainingResults = (trainingId: string, results: TrainingResultInput[]) =>
  api<{ recorded: number; corrected: number; unchanged: number }>('PUT', `/api/trainings/${id(trainingId)}/results`, { results });
/** People in the caller's scope by part of their name, employee number or email (optionally below one unit). */
export const searchPeople = (q: string, orgUnitId?: string) =>
  api<Page<PersonRef>>('GET', `/api/org/people${query({ q: q.trim() || undefined, orgUnitId, active: 'true', pageSize: 50 })}`);

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Uploads a CSV or xlsx file to an import endpoint (`/api/inspections/import`, `/api/trainings/import`)
 * as the raw request body. A rejected file (400 with the row report) resolves with `ok: false` and
 * the problems; other failures throw.
 */
export async function uploadImport(path: string, file: File, dryRun: boolean): Promise<ImportReport> {
  const xlsx = /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;
  const token = session.token;
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': xlsx ? XLSX_TYPE : 'text/csv' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${path}${query({ format: xlsx ? 'xlsx' : 'csv', dryRun: dryRun ? 'true' : undefined })}`, { method: 'POST', headers, body: file });
  const data = parseJson(await res.text());
  if (res.status === 400 && Array.isArray((data as Partial<ImportReport> | undefined)?.errors)) return data as ImportReport;
  if (!res.ok) throw failure(res, data, !!token);
  return data as ImportReport;
}

export const listAlerts = (filter: AlertFilter) => api<Page<AlertView>>('GET', `/api/alerts${query(filter)}`);
export const fetchAlert = (alertId: string) => api<AlertView>('GET', `/api/alerts/${id(alertId)}`);
export const acknowledgeAlert = (alertId: string, note: string) => api<AlertView>('POST', `/api/alerts/${id(alertId)}/acknowledge`, note ? { note } : {});
export const listAlertRules = () => api<AlertRule[]>('GET', '/api/alert-rules');
export const updateAlertRule = (ruleId: string, change: AlertRuleChange) => api<AlertRule>('PUT', `/api/alert-rules/${id(ruleId)}`, change);
export const runAlertSweep = () => api<AlertSweepResult>('POST', '/api/alert-rules/evaluate');

/** A cycle's results as a file (a frozen snapshot: the published one unless `version` names another). */
export const downloadAssessmentResults = (q: { cycleId: string; version?: number; subjectType: ExportSubjectType; format: ExportFormat }) =>
  fetchFile(`/api/exports/assessment-results${query(q)}`, `safeloop-results.${q.format}`);
export const fetchCollaborationReport = (period: string) =>
  api<CollaborationReport>('GET', `/api/exports/collaboration-report${query({ period, format: 'json', download: 'false' })}`);
export const downloadCollaborationReport = (period: string, format: ExportFormat) =>
  fetchFile(`/api/exports/collaboration-report${query({ period, format })}`, `safeloop-collaboration-${period}.${format}`);
