import { byId, byQuery, client, dataOf, type Body, type Query, type Schemas } from '../../shared/api/client';
import { listingEvery } from '../../shared/api/lists';

/** A fired alert, with the records behind it. */
export type AlertView = Schemas['Alert'];

/** One record behind an alert (at most 100 per alert; its figures count all). */
export type AlertRecord = Schemas['AlertRecord'];

/** A configurable alerting rule: its kind's parameters, severity and audience; `valid` false when the stored parameters no longer validate (the sweep skips the rule). */
export type AlertRule = Schemas['AlertRule'];

/** A change to a rule; `version` is the one it is based on (409 when the rule changed meanwhile). */
export type AlertRuleChange = Body<'updateAlertRule'>;

/** What a sweep did; `alerts` are the new alerts in your scope. */
export type AlertSweepResult = Schemas['AlertSweepResult'];

export type AlertFilter = Query<'listAlerts'>;

export type AlertKind = AlertRule['kind'];

export const ALERT_KINDS = listingEvery<AlertKind>()(['overdue', 'low_score', 'recurring_hazard', 'incident_cluster', 'sla_breach_rate']);

/** What a fired alert can be: a rule's kind, or a cycle schedule's missed or late run. */
export type FiredAlertKind = AlertView['kind'];

export const FIRED_ALERT_KINDS = listingEvery<FiredAlertKind>()([...ALERT_KINDS, 'missed_schedule']);

export const ALERT_SEVERITIES = listingEvery<AlertView['severity']>()(['critical', 'normal', 'info']);

export type AlertStatus = AlertView['status'];

export const ALERT_STATUSES = listingEvery<AlertStatus>()(['open', 'acknowledged', 'resolved']);

/** Who hears about an alert (domain/alerts.ts AUDIENCE_TARGETS). */
export type AudienceTarget = AlertRule['audience'][number];

export const AUDIENCE_TARGETS = listingEvery<AudienceTarget>()(['safety', 'department_head', 'managers', 'hr', 'subject']);

export const listAlerts = (filter: AlertFilter) => dataOf(client.GET('/api/alerts', byQuery(filter)));

export const fetchAlert = (alertId: string) => dataOf(client.GET('/api/alerts/{id}', byId(alertId)));

export const acknowledgeAlert = (alertId: string, note: string) =>
  dataOf(client.POST('/api/alerts/{id}/acknowledge', { ...byId(alertId), body: note ? { note } : {} }));

export const listAlertRules = () => dataOf(client.GET('/api/alert-rules'));

export const updateAlertRule = (ruleId: string, change: AlertRuleChange) => dataOf(client.PUT('/api/alert-rules/{id}', { ...byId(ruleId), body: change }));

export const runAlertSweep = () => dataOf(client.POST('/api/alert-rules/evaluate'));
