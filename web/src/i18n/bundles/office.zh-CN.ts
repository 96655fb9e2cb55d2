import { zhCN as alertsZhCN } from '../../features/alerts/texts.zh-CN';
import { zhCN as approvalsZhCN } from '../../features/approvals/texts.zh-CN';
import { zhCN as certificatesZhCN } from '../../features/certificates/texts.zh-CN';
import { zhCN as dashboardZhCN } from '../../features/dashboard/texts.zh-CN';
import { zhCN as incidentsZhCN } from '../../features/incidents/texts.zh-CN';
import { zhCN as inspectionsZhCN } from '../../features/inspections/texts.zh-CN';
import { zhCN as notificationsZhCN } from '../../features/notifications/texts.zh-CN';
import { zhCN as orgZhCN } from '../../features/org/texts.zh-CN';
import { zhCN as permitsZhCN } from '../../features/permits/texts.zh-CN';
import { zhCN as processesZhCN } from '../../features/processes/texts.zh-CN';
import { zhCN as reportsZhCN } from '../../features/reports/texts.zh-CN';
import { zhCN as riskAssessmentsZhCN } from '../../features/risk-assessments/texts.zh-CN';
import { zhCN as rulesetsZhCN } from '../../features/rulesets/texts.zh-CN';
import { zhCN as safetyRatesZhCN } from '../../features/safety-rates/texts.zh-CN';
import { zhCN as scoresZhCN } from '../../features/scores/texts.zh-CN';
import { zhCN as statusZhCN } from '../../features/status/texts.zh-CN';
import { zhCN as trainingsZhCN } from '../../features/trainings/texts.zh-CN';
import { zhCN as workAreasZhCN } from '../../features/work-areas/texts.zh-CN';
import { mergeTexts, type Translation } from '../types';
import type { texts as en } from './office.en';

/** office.en.ts in Simplified Chinese: the same parts, typed against the English bundle. */
export const texts: Translation<typeof en> = mergeTexts(
  alertsZhCN,
  approvalsZhCN,
  certificatesZhCN,
  dashboardZhCN,
  incidentsZhCN,
  inspectionsZhCN,
  notificationsZhCN,
  orgZhCN,
  processesZhCN,
  reportsZhCN,
  permitsZhCN,
  riskAssessmentsZhCN,
  rulesetsZhCN,
  safetyRatesZhCN,
  scoresZhCN,
  statusZhCN,
  trainingsZhCN,
  workAreasZhCN,
);
