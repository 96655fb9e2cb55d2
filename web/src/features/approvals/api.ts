import { client, dataOf, type Body, type Schemas } from '../../shared/api/client';
import { listingEvery } from '../../shared/api/lists';
import type { AppealStatus, ImprovementPlanDetail } from '../../shared/api/types';

/** An appeal (复议) of one line of a person's published score; level 2 is the one further level. */
export type AppealView = Schemas['Appeal'];

export type { AppealStatus, ImprovementPlanDetail };

/** `lineCode`: the indicatorCode or ruleCode of a line of the appellant's published score. */
export type NewAppeal = Body<'fileAppeal'>;

/** A manual adjustment of a published score, proposed by one person and decided by another. */
export type AdjustmentView = Schemas['Adjustment'];

export type AdjustmentStatus = AdjustmentView['status'];

/** `delta`: ≠ 0, −100..100. */
export type NewAdjustment = Body<'proposeAdjustment'>;

export type AdjustmentReason = NewAdjustment['reasonCode'];

export const ADJUSTMENT_REASONS = listingEvery<AdjustmentReason>()(['data_error', 'missed_evidence', 'exceptional_contribution', 'other']);

/** A self-declaration (自助申报): extra evidence a person submits, reviewed by their department head. */
export type DeclarationView = Schemas['Declaration'];

export type DeclarationStatus = DeclarationView['status'];

/** `period`: default the current month. */
export type NewDeclaration = Body<'createDeclaration'>;

export type DeclarationKind = NewDeclaration['kind'];

export const DECLARATION_KINDS = listingEvery<DeclarationKind>()(['training', 'improvement_idea', 'other']);

/** An improvement plan (能力提升计划) a cycle started for a person rated "needs improvement"; `phase` null when its live state cannot be read. */
export type ImprovementPlanView = Schemas['ImprovementPlan'];

export type PlanPhase = NonNullable<ImprovementPlanView['phase']>;

export const createAppeal = (body: NewAppeal) => dataOf(client.POST('/api/appeals', { body }));

export const listAppeals = () => dataOf(client.GET('/api/appeals'));

export const proposeAdjustment = (body: NewAdjustment) => dataOf(client.POST('/api/adjustments', { body }));

export const listAdjustments = () => dataOf(client.GET('/api/adjustments'));

export const createDeclaration = (body: NewDeclaration) => dataOf(client.POST('/api/declarations', { body }));

export const listDeclarations = () => dataOf(client.GET('/api/declarations'));
