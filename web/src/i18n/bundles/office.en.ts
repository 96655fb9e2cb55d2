import { en as alertsEn } from '../../features/alerts/texts.en';
import { en as approvalsEn } from '../../features/approvals/texts.en';
import { en as certificatesEn } from '../../features/certificates/texts.en';
import { en as dashboardEn } from '../../features/dashboard/texts.en';
import { en as incidentsEn } from '../../features/incidents/texts.en';
import { en as inspectionsEn } from '../../features/inspections/texts.en';
import { en as notificationsEn } from '../../features/notifications/texts.en';
import { en as orgEn } from '../../features/org/texts.en';
import { en as permitsEn } from '../../features/permits/texts.en';
import { en as processesEn } from '../../features/processes/texts.en';
import { en as reportsEn } from '../../features/reports/texts.en';
import { en as riskAssessmentsEn } from '../../features/risk-assessments/texts.en';
import { en as rulesetsEn } from '../../features/rulesets/texts.en';
import { en as safetyRatesEn } from '../../features/safety-rates/texts.en';
import { en as scoresEn } from '../../features/scores/texts.en';
import { en as statusEn } from '../../features/status/texts.en';
import { en as trainingsEn } from '../../features/trainings/texts.en';
import { en as workAreasEn } from '../../features/work-areas/texts.en';
import { mergeTexts } from '../types';

/** The texts of every other page (see ../bundles.ts): fetched with the first page that needs them. */
export const texts = mergeTexts(
  alertsEn,
  approvalsEn,
  certificatesEn,
  dashboardEn,
  incidentsEn,
  inspectionsEn,
  notificationsEn,
  orgEn,
  processesEn,
  reportsEn,
  permitsEn,
  riskAssessmentsEn,
  rulesetsEn,
  safetyRatesEn,
  scoresEn,
  statusEn,
  trainingsEn,
  workAreasEn,
);
