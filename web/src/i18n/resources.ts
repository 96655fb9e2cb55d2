/**
 * The message bundles: every feature's texts (web/src/features/<feature>/texts.en.ts and texts.zh-CN.ts) and the shared
 * ones (web/src/shared/texts.*.ts) merged into one object per language, keyed by namespace as before (`t('hazardDetail.…')`).
 *
 * English is the reference: i18next.d.ts types `t` against it, so an unknown key is a type error. Each Chinese part is typed
 * against its English part, and the merged Chinese bundle against the merged English one, so a missing or extra key is a
 * type error too. Keys computed at run time (task types, field names, options, process types) may be missing for types
 * added later by the processes; the UI falls back to the raw name then (see useLabel).
 */
import { en as alertsEn } from '../features/alerts/texts.en';
import { zhCN as alertsZhCN } from '../features/alerts/texts.zh-CN';
import { en as approvalsEn } from '../features/approvals/texts.en';
import { zhCN as approvalsZhCN } from '../features/approvals/texts.zh-CN';
import { en as authEn } from '../features/auth/texts.en';
import { en as certificatesEn } from '../features/certificates/texts.en';
import { zhCN as certificatesZhCN } from '../features/certificates/texts.zh-CN';
import { zhCN as authZhCN } from '../features/auth/texts.zh-CN';
import { en as dashboardEn } from '../features/dashboard/texts.en';
import { zhCN as dashboardZhCN } from '../features/dashboard/texts.zh-CN';
import { en as emergenciesEn } from '../features/emergencies/texts.en';
import { zhCN as emergenciesZhCN } from '../features/emergencies/texts.zh-CN';
import { en as emergencyFollowUpsEn } from '../features/emergencies/followUps.texts.en';
import { zhCN as emergencyFollowUpsZhCN } from '../features/emergencies/followUps.texts.zh-CN';
import { en as incidentsEn } from '../features/incidents/texts.en';
import { zhCN as incidentsZhCN } from '../features/incidents/texts.zh-CN';
import { en as hazardsEn } from '../features/hazards/texts.en';
import { zhCN as hazardsZhCN } from '../features/hazards/texts.zh-CN';
import { en as inspectionsEn } from '../features/inspections/texts.en';
import { zhCN as inspectionsZhCN } from '../features/inspections/texts.zh-CN';
import { en as notificationsEn } from '../features/notifications/texts.en';
import { zhCN as notificationsZhCN } from '../features/notifications/texts.zh-CN';
import { en as orgEn } from '../features/org/texts.en';
import { en as outboxEn } from '../features/outbox/texts.en';
import { zhCN as outboxZhCN } from '../features/outbox/texts.zh-CN';
import { zhCN as orgZhCN } from '../features/org/texts.zh-CN';
import { en as processesEn } from '../features/processes/texts.en';
import { zhCN as processesZhCN } from '../features/processes/texts.zh-CN';
import { en as reportsEn } from '../features/reports/texts.en';
import { zhCN as reportsZhCN } from '../features/reports/texts.zh-CN';
import { en as permitsEn } from '../features/permits/texts.en';
import { zhCN as permitsZhCN } from '../features/permits/texts.zh-CN';
import { en as riskAssessmentsEn } from '../features/risk-assessments/texts.en';
import { zhCN as riskAssessmentsZhCN } from '../features/risk-assessments/texts.zh-CN';
import { en as rulesetsEn } from '../features/rulesets/texts.en';
import { zhCN as rulesetsZhCN } from '../features/rulesets/texts.zh-CN';
import { en as safetyRatesEn } from '../features/safety-rates/texts.en';
import { zhCN as safetyRatesZhCN } from '../features/safety-rates/texts.zh-CN';
import { en as scoresEn } from '../features/scores/texts.en';
import { zhCN as scoresZhCN } from '../features/scores/texts.zh-CN';
import { en as statusEn } from '../features/status/texts.en';
import { zhCN as statusZhCN } from '../features/status/texts.zh-CN';
import { en as tasksEn } from '../features/tasks/texts.en';
import { zhCN as tasksZhCN } from '../features/tasks/texts.zh-CN';
import { en as trainingsEn } from '../features/trainings/texts.en';
import { zhCN as trainingsZhCN } from '../features/trainings/texts.zh-CN';
import { en as workAreasEn } from '../features/work-areas/texts.en';
import { zhCN as workAreasZhCN } from '../features/work-areas/texts.zh-CN';
import { en as sharedEn } from '../shared/texts.en';
import { zhCN as sharedZhCN } from '../shared/texts.zh-CN';
import { mergeTexts, type Translation } from './types';

/** English messages: the reference bundle. */
export const en = mergeTexts(
  sharedEn,
  alertsEn,
  approvalsEn,
  authEn,
  certificatesEn,
  dashboardEn,
  emergenciesEn,
  emergencyFollowUpsEn,
  hazardsEn,
  incidentsEn,
  inspectionsEn,
  notificationsEn,
  orgEn,
  outboxEn,
  processesEn,
  reportsEn,
  permitsEn,
  riskAssessmentsEn,
  rulesetsEn,
  safetyRatesEn,
  scoresEn,
  statusEn,
  tasksEn,
  trainingsEn,
  workAreasEn,
);

export type Messages = Translation<typeof en>;

/** Simplified Chinese: the same parts in the same order, typed against the English bundle (every key, nothing extra). */
export const zhCN: Messages = mergeTexts(
  sharedZhCN,
  alertsZhCN,
  approvalsZhCN,
  authZhCN,
  certificatesZhCN,
  dashboardZhCN,
  emergenciesZhCN,
  emergencyFollowUpsZhCN,
  hazardsZhCN,
  incidentsZhCN,
  inspectionsZhCN,
  notificationsZhCN,
  orgZhCN,
  outboxZhCN,
  processesZhCN,
  reportsZhCN,
  permitsZhCN,
  riskAssessmentsZhCN,
  rulesetsZhCN,
  safetyRatesZhCN,
  scoresZhCN,
  statusZhCN,
  tasksZhCN,
  trainingsZhCN,
  workAreasZhCN,
);
