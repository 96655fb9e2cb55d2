import { SqliteProcessMonitor1796611383388 } from './sqlite/1796611383388-ProcessMonitor';
import { MysqlProcessMonitor1796611383388 } from './mysql/1796611383388-ProcessMonitor';
import { SqliteMonitorIndexes1796599494530 } from './sqlite/1796599494530-MonitorIndexes';
import { MysqlMonitorIndexes1796599494530 } from './mysql/1796599494530-MonitorIndexes';
import { SqliteAlertRuleNameZh1796599013644 } from './sqlite/1796599013644-AlertRuleNameZh';
import { MysqlAlertRuleNameZh1796599013644 } from './mysql/1796599013644-AlertRuleNameZh';
import { SqliteAuditStreams1796598636801 } from './sqlite/1796598636801-AuditStreams';
import { MysqlAuditStreams1796598636801 } from './mysql/1796598636801-AuditStreams';
import { SqliteNotificationOutbox1796598355343 } from './sqlite/1796598355343-NotificationOutbox';
import { MysqlNotificationOutbox1796598355343 } from './mysql/1796598355343-NotificationOutbox';
import { SqliteEmergencyPhones1796592417067 } from './sqlite/1796592417067-EmergencyPhones';
import { MysqlEmergencyPhones1796592417067 } from './mysql/1796592417067-EmergencyPhones';
import { SqliteAuditHashAlgorithm1796588781582 } from './sqlite/1796588781582-AuditHashAlgorithm';
import { MysqlAuditHashAlgorithm1796588781582 } from './mysql/1796588781582-AuditHashAlgorithm';
import { SqliteBilingualNames1796586853597 } from './sqlite/1796586853597-BilingualNames';
import { MysqlBilingualNames1796586853597 } from './mysql/1796586853597-BilingualNames';
import { SqliteServerTexts1796578460279 } from './sqlite/1796578460279-ServerTexts';
import { MysqlServerTexts1796578460279 } from './mysql/1796578460279-ServerTexts';
import { SqlitePermits1796566961220 } from './sqlite/1796566961220-Permits';
import { MysqlPermits1796566961220 } from './mysql/1796566961220-Permits';
import { SqliteIncidentRatesIndex1796566456778 } from './sqlite/1796566456778-IncidentRatesIndex';
import { MysqlIncidentRatesIndex1796566456778 } from './mysql/1796566456778-IncidentRatesIndex';
import { SqliteIncidents1796555330071 } from './sqlite/1796555330071-Incidents';
import { MysqlIncidents1796555330071 } from './mysql/1796555330071-Incidents';
import { SqliteUnitResponders1796533458444 } from './sqlite/1796533458444-UnitResponders';
import { MysqlUnitResponders1796533458444 } from './mysql/1796533458444-UnitResponders';
import { SqliteFrozenScoreVersions1796531815311 } from './sqlite/1796531815311-FrozenScoreVersions';
import { MysqlFrozenScoreVersions1796531815311 } from './mysql/1796531815311-FrozenScoreVersions';
import { SqliteListIndexes1795308885275 } from './sqlite/1795308885275-ListIndexes';
import { MysqlListIndexes1795308885275 } from './mysql/1795308885275-ListIndexes';
import { SqliteDashboardIndexes1795294650972 } from './sqlite/1795294650972-DashboardIndexes';
import { MysqlDashboardIndexes1795294650972 } from './mysql/1795294650972-DashboardIndexes';
import { SqliteAlerts1795293199717 } from './sqlite/1795293199717-Alerts';
import { MysqlAlerts1795293199717 } from './mysql/1795293199717-Alerts';
import { SqliteMonitorViews1795292824550 } from './sqlite/1795292824550-MonitorViews';
import { MysqlMonitorViews1795292824550 } from './mysql/1795292824550-MonitorViews';
import { SqliteInspectionsTrainings1795292813004 } from './sqlite/1795292813004-InspectionsTrainings';
import { MysqlInspectionsTrainings1795292813004 } from './mysql/1795292813004-InspectionsTrainings';
import { SqliteDeclarations1795289118659 } from './sqlite/1795289118659-Declarations';
import { MysqlDeclarations1795289118659 } from './mysql/1795289118659-Declarations';
import { SqliteAppeals1795288830897 } from './sqlite/1795288830897-Appeals';
import { MysqlAppeals1795288830897 } from './mysql/1795288830897-Appeals';
import { SqliteBehaviourRatings1795288123548 } from './sqlite/1795288123548-BehaviourRatings';
import { MysqlBehaviourRatings1795288123548 } from './mysql/1795288123548-BehaviourRatings';
import { SqliteAssessmentCycles1795286305306 } from './sqlite/1795286305306-AssessmentCycles';
import { MysqlAssessmentCycles1795286305306 } from './mysql/1795286305306-AssessmentCycles';
import { SqliteRulesets1795285926737 } from './sqlite/1795285926737-Rulesets';
import { MysqlRulesets1795285926737 } from './mysql/1795285926737-Rulesets';
import { SqliteRiskAssessments1795283755882 } from './sqlite/1795283755882-RiskAssessments';
import { MysqlRiskAssessments1795283755882 } from './mysql/1795283755882-RiskAssessments';
import { SqliteEmergencies1795278765032 } from './sqlite/1795278765032-Emergencies';
import { MysqlEmergencies1795278765032 } from './mysql/1795278765032-Emergencies';
import { SqliteHazards1795276576527 } from './sqlite/1795276576527-Hazards';
import { MysqlHazards1795276576527 } from './mysql/1795276576527-Hazards';
import { SqliteCoreServices1795274998405 } from './sqlite/1795274998405-CoreServices';
import { MysqlCoreServices1795274998405 } from './mysql/1795274998405-CoreServices';
import { SqliteInitialSchema1795273215100 } from './sqlite/1795273215100-InitialSchema';
import { MysqlInitialSchema1795273215100 } from './mysql/1795273215100-InitialSchema';
/**
 * Migrations, one list per driver, generated from the entities by
 * `npm run db:migration -- <Name>` (scripts/generate-migration.ts) so the two never drift.
 * Order matters: append only.
 */
export const MYSQL_MIGRATIONS: Function[] = [
  MysqlInitialSchema1795273215100,
  MysqlCoreServices1795274998405,
  MysqlHazards1795276576527,
  MysqlEmergencies1795278765032,
  MysqlRiskAssessments1795283755882,
  MysqlRulesets1795285926737,
  MysqlAssessmentCycles1795286305306,
  MysqlBehaviourRatings1795288123548,
  MysqlAppeals1795288830897,
  MysqlDeclarations1795289118659,
  MysqlInspectionsTrainings1795292813004,
  MysqlMonitorViews1795292824550,
  MysqlAlerts1795293199717,
  MysqlDashboardIndexes1795294650972,
  MysqlListIndexes1795308885275,
  MysqlFrozenScoreVersions1796531815311,
  MysqlUnitResponders1796533458444,
  MysqlIncidents1796555330071,
  MysqlIncidentRatesIndex1796566456778,
  MysqlPermits1796566961220,
  MysqlServerTexts1796578460279,
  MysqlBilingualNames1796586853597,
  MysqlAuditHashAlgorithm1796588781582,
  MysqlEmergencyPhones1796592417067,
  MysqlNotificationOutbox1796598355343,
  MysqlAuditStreams1796598636801,
  MysqlAlertRuleNameZh1796599013644,
  MysqlMonitorIndexes1796599494530,
  MysqlProcessMonitor1796611383388,
];
export const SQLITE_MIGRATIONS: Function[] = [
  SqliteInitialSchema1795273215100,
  SqliteCoreServices1795274998405,
  SqliteHazards1795276576527,
  SqliteEmergencies1795278765032,
  SqliteRiskAssessments1795283755882,
  SqliteRulesets1795285926737,
  SqliteAssessmentCycles1795286305306,
  SqliteBehaviourRatings1795288123548,
  SqliteAppeals1795288830897,
  SqliteDeclarations1795289118659,
  SqliteInspectionsTrainings1795292813004,
  SqliteMonitorViews1795292824550,
  SqliteAlerts1795293199717,
  SqliteDashboardIndexes1795294650972,
  SqliteListIndexes1795308885275,
  SqliteFrozenScoreVersions1796531815311,
  SqliteUnitResponders1796533458444,
  SqliteIncidents1796555330071,
  SqliteIncidentRatesIndex1796566456778,
  SqlitePermits1796566961220,
  SqliteServerTexts1796578460279,
  SqliteBilingualNames1796586853597,
  SqliteAuditHashAlgorithm1796588781582,
  SqliteEmergencyPhones1796592417067,
  SqliteNotificationOutbox1796598355343,
  SqliteAuditStreams1796598636801,
  SqliteAlertRuleNameZh1796599013644,
  SqliteMonitorIndexes1796599494530,
  SqliteProcessMonitor1796611383388,
];
