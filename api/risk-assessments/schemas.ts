import { RISK_INPUT_DEPARTMENTS } from '../../domain/risk-assessment/rules';
import type { MeasureState as WorkflowMeasure, RiskAssessmentPhase as Phase, RiskAssessmentState } from '../../workflows/risk-assessment/messages';
import { z } from '../platform/openapi';
import { TaskViewSchema } from '../tasks/routes';

/** What the risk assessment routes answer (the request bodies stay beside their routes). */

/** An assessment's phases in order: its status in lists, its phase in the live state. */
const RISK_ASSESSMENT_PHASES = ['inputs', 'compiling', 'proposing', 'planning', 'executing', 'verifying', 'closed'] as const satisfies readonly Phase[];
export const RiskAssessmentPhase = z.enum(RISK_ASSESSMENT_PHASES);

const MEASURE_STATUSES = ['planned', 'done', 'passed', 'failed'] as const satisfies readonly WorkflowMeasure['status'][];
const MeasureStatus = z.enum(MEASURE_STATUSES);

/** The step a department missed: its input or its measure proposals. */
const GapStep = z.enum(['input', 'proposals'] as const satisfies readonly RiskAssessmentState['gaps'][number]['step'][]);

const Department = z.enum(RISK_INPUT_DEPARTMENTS);

export const RiskAssessmentSummary = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    title: z.string(),
    area: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    departments: z.array(Department),
    status: RiskAssessmentPhase,
    scheduleId: z.string().nullable(),
    initiatedBy: z.string(),
    gaps: z.array(z.object({ orgUnitId: z.string(), orgUnitName: z.string(), step: GapStep })),
    itemCount: z.number(),
    measureCount: z.number(),
    failedMeasures: z.number(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    escalationLevel: z.number(),
    startedAt: z.string(),
    compiledAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    policyVersion: z.number(),
  })
  .openapi('RiskAssessmentSummary');

const Level = z.enum(['low', 'medium', 'high', 'extreme']);
const Cell = z.object({ likelihood: z.number(), severity: z.number(), count: z.number(), level: Level });
const HeatMap = z.object({ size: z.number(), cells: z.array(z.array(Cell)) }).openapi('RiskHeatMap');
const Scored = z.object({ likelihood: z.number(), severity: z.number(), score: z.number(), level: Level });
export const RiskRegister = z
  .object({
    assessmentId: z.string(),
    policyVersion: z.number(),
    compiledAt: z.string().nullable(),
    items: z.array(Scored.extend({ key: z.string(), title: z.string(), source: z.string(), ownerOrgUnitId: z.string(), ownerOrgUnitName: z.string() })),
    heatMap: HeatMap,
    previous: z.object({ assessmentId: z.string(), title: z.string(), compiledAt: z.string().nullable(), heatMap: HeatMap }).nullable(),
    comparison: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        change: z.enum(['new', 'removed', 'raised', 'lowered', 'unchanged']),
        before: Scored.nullable(),
        after: Scored.nullable(),
      }),
    ),
  })
  .openapi('RiskRegister');

const Clock = { escalationLevel: z.number(), overdue: z.boolean() };

/** A department's input or measure proposals, with its SLA clock. */
const DepartmentStep = z
  .object({
    department: Department,
    orgUnitId: z.string(),
    taskId: z.string(),
    status: z.enum(['open', 'done', 'gap']).describe('gap: the SLA passed without an answer (a late answer is still kept)'),
    createdAt: z.string(),
    dueAt: z.string(),
    doneAt: z.string().nullable(),
    by: z.string().nullable(),
    delaySeconds: z.number().nullable(),
    late: z.boolean().nullable(),
    ...Clock,
    answer: z.record(z.string(), z.unknown()).nullable().describe('The completed task form'),
  })
  .openapi('RiskDepartmentStep');

/** The safety hub's step: compiling the register or approving the control plan. */
const SafetyStep = z
  .object({
    taskId: z.string(),
    status: z.enum(['waiting', 'open', 'done']),
    dueAt: z.string().nullable(),
    doneAt: z.string().nullable(),
    by: z.string().nullable(),
    ...Clock,
  })
  .openapi('RiskSafetyStep');

const MeasureState = z.object({
  id: z.string(),
  n: z.number(),
  itemKey: z.string(),
  description: z.string(),
  ownerOrgUnitId: z.string(),
  dueAt: z.string(),
  status: MeasureStatus,
  taskId: z.string(),
  verifyTaskId: z.string(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  reason: z.string().nullable(),
  hazardId: z.string().nullable(),
});

/** The process's own view (its state query), when Temporal answers; open tasks include those of its measures. */
export const RiskAssessmentLive = z
  .object({
    phase: RiskAssessmentPhase,
    request: z
      .object({
        assessmentId: z.string(),
        title: z.string(),
        area: z.string(),
        orgUnitId: z.string(),
        departments: z.array(Department),
        initiatedBy: z.string(),
        startedAt: z.string(),
        scheduleId: z.string().nullable(),
      })
      .nullable(),
    policyVersion: z.number().nullable(),
    units: z
      .object({
        safety: z.string(),
        production: z.string(),
        equipment: z.string(),
        hr: z.string(),
        plant: z.string(),
        heads: z.record(z.string(), z.string().nullable()).describe('Head person id by org unit id'),
        names: z.record(z.string(), z.string()).describe('Name by org unit id'),
      })
      .nullable(),
    inputs: z.array(DepartmentStep),
    compile: SafetyStep,
    register: z.array(Scored.extend({ key: z.string(), title: z.string(), source: z.string(), ownerOrgUnitId: z.string() })),
    proposals: z.array(DepartmentStep),
    plan: SafetyStep,
    measures: z.array(MeasureState),
    verificationDueAt: z.string().nullable(),
    gaps: z.array(z.object({ orgUnitId: z.string(), step: GapStep })),
    openTasks: z.array(z.object({ id: z.string(), taskType: z.string() })),
    closedAt: z.string().nullable(),
  })
  .openapi('RiskAssessmentLive');

/** A control measure as the assessment's projection records it. */
export const RiskMeasure = z
  .object({
    id: z.string(),
    n: z.number(),
    itemKey: z.string(),
    description: z.string(),
    ownerOrgUnitId: z.string(),
    ownerOrgUnitName: z.string(),
    dueAt: z.string(),
    status: MeasureStatus,
    doneAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    verifiedBy: z.string().nullable(),
    reason: z.string().nullable(),
    hazardId: z.string().nullable(),
  })
  .openapi('RiskMeasure');

export const RiskAssessmentEvent = z
  .object({ id: z.string(), at: z.string(), type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()).describe('Per event type') })
  .openapi('RiskAssessmentEvent');

export const RiskAssessmentDetail = z
  .object({
    assessment: RiskAssessmentSummary,
    live: RiskAssessmentLive.nullable().describe('null when the process cannot be asked (history gone, Temporal unreachable)'),
    register: RiskRegister,
    measures: z.array(RiskMeasure),
    tasks: z.array(TaskViewSchema),
    timeline: z.array(RiskAssessmentEvent),
    temporalUiUrl: z.string().nullable(),
  })
  .openapi('RiskAssessmentDetail');
