import type { Page, Severity } from '../../shared/api/core';
import { api, id, query } from '../../shared/api/http';

export const ALERT_KINDS = ['overdue', 'low_score', 'recurring_hazard', 'incident_cluster', 'sla_breach_rate'] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

/** What a fired alert can be: a rule's kind, or a cycle schedule's missed or late run. */
export const FIRED_ALERT_KINDS = [...ALERT_KINDS, 'missed_schedule'] as const;

export type FiredAlertKind = (typeof FIRED_ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['critical', 'normal', 'info'] as const satisfies readonly Severity[];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Who hears about an alert (domain/alerts.ts AUDIENCE_TARGETS). */
export const AUDIENCE_TARGETS = ['safety', 'department_head', 'managers', 'hr', 'subject'] as const;

export type AudienceTarget = (typeof AUDIENCE_TARGETS)[number];

export interface AlertRecord {
  type: 'hazard' | 'task' | 'emergency' | 'fact' | 'score' | 'schedule';
  id: string;
  workflowId: string | null;
}

export interface AlertView {
  id: string;
  dedupKey: string;
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  kind: FiredAlertKind;
  severity: Severity;
  title: string;
  summary: string;
  /** At most 100; the figures count all. */
  records: AlertRecord[];
  figures: Record<string, number | string>;
  orgUnitId: string | null;
  orgUnitName: string | null;
  recipientCount: number;
  status: AlertStatus;
  firstFiredAt: string;
  firedBy: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
}

export type AlertFilter = {
  status?: AlertStatus;
  kind?: FiredAlertKind;
  severity?: Severity;
  orgUnitId?: string;
  page?: number;
  pageSize?: number;
};

export interface AlertRule {
  id: string;
  kind: AlertKind;
  name: string;
  enabled: boolean;
  severity: Severity;
  /** The parameters of the rule's kind (each kind has its own; every field has a default). */
  params: Record<string, unknown>;
  audience: AudienceTarget[];
  /** False when the stored parameters no longer validate (the sweep skips the rule). */
  valid: boolean;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface AlertRuleChange {
  name?: string;
  enabled?: boolean;
  severity?: Severity;
  params?: Record<string, unknown>;
  audience?: AudienceTarget[];
  /** The version the change is based on: 409 when the rule changed meanwhile. */
  version?: number;
}

export interface AlertSweepResult {
  workflowId: string;
  rules: number;
  candidates: number;
  /** New alerts fired by this sweep (in any scope). */
  fired: number;
  notified: number;
  resolved: number;
  deferred: number;
  /** The new alerts in your scope. */
  alerts: AlertView[];
}

export const listAlerts = (filter: AlertFilter) => api<Page<AlertView>>('GET', `/api/alerts${query(filter)}`);

export const fetchAlert = (alertId: string) => api<AlertView>('GET', `/api/alerts/${id(alertId)}`);

export const acknowledgeAlert = (alertId: string, note: string) => api<AlertView>('POST', `/api/alerts/${id(alertId)}/acknowledge`, note ? { note } : {});

export const listAlertRules = () => api<AlertRule[]>('GET', '/api/alert-rules');

export const updateAlertRule = (ruleId: string, change: AlertRuleChange) => api<AlertRule>('PUT', `/api/alert-rules/${id(ruleId)}`, change);

export const runAlertSweep = () => api<AlertSweepResult>('POST', '/api/alert-rules/evaluate');
