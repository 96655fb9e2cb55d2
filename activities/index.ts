import type { ActivityDeps } from './shared/deps';
import { createAlertActivities } from './alerts';
import { createCertificateActivities } from './certificates';
import { createEmergencyActivities } from './emergencies';
import { withPermanentFailures } from './shared/failures';
import { createHazardActivities } from './hazards';
import { createIncidentActivities } from './incidents';
import { createNotificationActivities } from './notifications';
import { createPermitActivities } from './permits';
import { createProbeActivities } from './probe';
import { createAssessmentCycleActivities } from './assessment-cycles';
import { createCycleScheduleActivities } from './cycle-schedules';
import { createImprovementPlanActivities } from './improvement-plans';
import { createScoreRequestActivities } from './score-requests';
import { createRiskAssessmentActivities } from './risk-assessments';
import { createTaskActivities } from './tasks';

export type { ActivityDeps };

/** All activities, built from their factories with injected dependencies; a row that stays missing fails for good (./failures). */
/** `notificationsPerSecond`: the notifications worker's pace of hand-overs (NOTIFICATIONS_PER_SECOND; activities/notifications.ts). */
export function createActivities(deps: ActivityDeps & { notificationsPerSecond?: number | null }) {
  return withPermanentFailures({
    ...createProbeActivities(deps),
    ...createTaskActivities(deps),
    ...createNotificationActivities(deps),
    ...createHazardActivities(deps),
    ...createEmergencyActivities(deps),
    ...createRiskAssessmentActivities(deps),
    ...createAssessmentCycleActivities(deps),
    ...createCycleScheduleActivities(deps),
    ...createImprovementPlanActivities(deps),
    ...createScoreRequestActivities(deps),
    ...createAlertActivities(deps),
    ...createIncidentActivities(deps),
    ...createCertificateActivities(deps),
    ...createPermitActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
