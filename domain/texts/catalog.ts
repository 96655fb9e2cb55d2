/**
 * Every feature's server texts, merged: one line a feature. The message keys are the union of
 * the features' English keys.
 */
import { emergencyKindTexts, emergencyTexts } from '../emergency/texts';
import { hazardTexts } from '../hazard/texts';
import { incidentLevelTexts, incidentTexts } from '../incident/texts';
import { assessmentCycleTexts, dimensionTexts, ratingTexts } from '../assessment-cycle/texts';
import { noticeTexts } from '../notice/texts';
import { correctiveActionTexts } from '../corrective-action/texts';
import { adjustmentReasonTexts, declarationKindTexts, scoreRequestTexts } from '../score-requests/texts';
import { certificateTexts, certificateTypeTexts, permitTexts, suspensionReasonTexts } from '../permit/texts';
import { riskAskDetailTexts, riskAskTexts, riskAssessmentTexts } from '../risk-assessment/texts';
import { commonTexts } from './common';
import { alertTexts, hazardCategoryTexts } from './alerts';
import { historyAuditTexts, historyEventTexts, historyProcessTexts, historyStatusTexts, historyStepTexts, historyTexts, roleTexts } from './history';
import type { FeatureTexts } from './define';
import { cadenceTexts, emergencyTypeTexts, monitorTexts, permitTypeTexts, sourceTexts } from './monitor';

const FEATURES = [
  commonTexts,
  hazardTexts,
  emergencyTexts,
  incidentTexts,
  incidentLevelTexts,
  emergencyKindTexts,
  monitorTexts,
  emergencyTypeTexts,
  cadenceTexts,
  permitTypeTexts,
  sourceTexts,
  permitTexts,
  suspensionReasonTexts,
  riskAssessmentTexts,
  riskAskTexts,
  riskAskDetailTexts,
  correctiveActionTexts,
  scoreRequestTexts,
  declarationKindTexts,
  adjustmentReasonTexts,
  noticeTexts,
  assessmentCycleTexts,
  dimensionTexts,
  ratingTexts,
  certificateTexts,
  certificateTypeTexts,
  historyTexts,
  historyEventTexts,
  historyStepTexts,
  historyStatusTexts,
  historyProcessTexts,
  historyAuditTexts,
  roleTexts,
  alertTexts,
  hazardCategoryTexts,
] as const;

type KeysOf<F> = F extends FeatureTexts<infer K> ? K : never;
export type MessageKey = KeysOf<(typeof FEATURES)[number]>;

export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** Both languages' catalogues (a key defined by two features is a mistake texts.test.ts finds). */
export const CATALOG: Record<Language, Record<string, string>> = {
  en: Object.assign({}, ...FEATURES.map((f) => f.en)) as Record<string, string>,
  'zh-CN': Object.assign({}, ...FEATURES.map((f) => f['zh-CN'])) as Record<string, string>,
};

/** For the test: the features one by one. */
export const FEATURE_TEXTS: readonly FeatureTexts[] = FEATURES;
