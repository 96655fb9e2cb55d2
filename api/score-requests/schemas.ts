import { z } from '../platform/openapi';
import { TaskViewSchema } from '../tasks/routes';

/** What the appeal, adjustment, declaration and improvement plan routes answer (request bodies stay beside their routes). */

/** An appeal's status: open until decided, then upheld (no change) or adjusted (a new snapshot version). */
export const AppealStatus = z.enum(['open', 'upheld', 'adjusted']).openapi('AppealStatus');
/** A manual adjustment's or a declaration's status: pending until the second person decides. */
export const ReviewStatus = z.enum(['pending', 'approved', 'rejected']).openapi('ReviewStatus');
/** Whose score a manual adjustment changes. */
export const AdjustedSubjectType = z.enum(['person', 'department']);

/**
 * The columns the entities type as string, as they are written (api/score-requests/service.ts,
 * activities/score-requests.ts). Handlers narrow the rows they send to these.
 */
export interface Written {
  appeal: { status: z.infer<typeof AppealStatus> };
  adjustment: { subjectType: z.infer<typeof AdjustedSubjectType>; status: z.infer<typeof ReviewStatus> };
  declaration: { status: z.infer<typeof ReviewStatus> };
}

/** An appeal (复议) of one line of a person's published score; level 2 is the one further level. */
export const Appeal = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    cycleId: z.string(),
    snapshotVersion: z.number(),
    subjectId: z.string().describe('The appellant’s person id'),
    personName: z.string(),
    lineCode: z.string(),
    level: z.number(),
    parentAppealId: z.string().nullable(),
    appellant: z.string(),
    reviewerOrgUnitId: z.string(),
    reason: z.string(),
    status: AppealStatus,
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    delta: z.number().nullable(),
    decisionReason: z.string().nullable(),
    evidenceIds: z.array(z.string()),
    newVersion: z.number().nullable().describe('The snapshot version an adjusting decision made'),
    createdAt: z.string(),
  })
  .openapi('Appeal');

/** A manual adjustment of a published score, proposed by one person and decided by another. */
export const Adjustment = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    cycleId: z.string(),
    subjectType: AdjustedSubjectType,
    subjectId: z.string(),
    subjectName: z.string(),
    lineCode: z.string().nullable().describe('null: the total'),
    delta: z.number(),
    reasonCode: z.string(),
    text: z.string(),
    proposedBy: z.string(),
    status: ReviewStatus,
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionReason: z.string().nullable(),
    newVersion: z.number().nullable(),
    createdAt: z.string(),
  })
  .openapi('Adjustment');

/** A self-declaration (自助申报): extra evidence a person submits, reviewed by their department head. */
export const Declaration = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    personId: z.string(),
    personName: z.string(),
    kind: z.string(),
    title: z.string(),
    text: z.string(),
    evidenceIds: z.array(z.string()),
    period: z.string(),
    declaredBy: z.string(),
    status: ReviewStatus,
    reviewedBy: z.string().nullable(),
    points: z.number().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    reviewedAt: z.string().nullable(),
  })
  .openapi('Declaration');

/** An improvement plan (能力提升计划) a cycle started for a person rated "needs improvement", with its live state. */
export const ImprovementPlan = z
  .object({
    workflowId: z.string(),
    cycleId: z.string(),
    period: z.string(),
    personId: z.string(),
    personName: z.string(),
    status: z.string().describe('The workflow execution’s status (RUNNING, COMPLETED, …)'),
    phase: z.enum(['planning', 'in_progress', 'checking', 'completed', 'not_completed']).nullable().describe('null: the plan’s state could not be read'),
    targets: z.string().nullable(),
    measures: z.string().nullable(),
    dueAt: z.string().nullable(),
    checkedBy: z.string().nullable(),
    openTasks: z.array(z.string()),
  })
  .openapi('ImprovementPlan');

export const ImprovementPlanDetail = ImprovementPlan.extend({ tasks: z.array(TaskViewSchema) }).openapi('ImprovementPlanDetail');
