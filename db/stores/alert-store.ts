import type { DataSource } from 'typeorm';
import {
  AlertAudienceSchema,
  ALERT_KINDS,
  ALERT_PARAM_SCHEMAS,
  DEFAULT_ALERT_RULES,
  type AlertKind,
  type AlertRuleDef,
  type AlertSeverity,
} from '../../domain/alerts';
import { AlertRule } from '../entities';

/**
 * Alert rules as data: every kind starts with its default rule (written once, never overwritten,
 * so edits survive restarts); the sweep and the API read them through here.
 */
export async function ensureDefaultAlertRules(ds: DataSource): Promise<void> {
  for (const r of DEFAULT_ALERT_RULES) {
    await ds
      .createQueryBuilder()
      .insert()
      .into(AlertRule)
      .values({
        id: r.id,
        kind: r.kind,
        name: r.name,
        nameZh: r.nameZh,
        enabled: r.enabled,
        severity: r.severity,
        params: JSON.stringify(r.params),
        audience: JSON.stringify(r.audience),
        version: 1,
        updatedBy: 'system',
      })
      .orIgnore()
      .execute();
  }
}

/**
 * A stored rule as the domain sees it. Parameters stored before a schema change get the defaults
 * of fields they lack; a rule whose stored document no longer validates is returned as null.
 */
export function ruleDefOf(row: AlertRule): AlertRuleDef | null {
  if (!(ALERT_KINDS as readonly string[]).includes(row.kind)) return null;
  const kind = row.kind as AlertKind;
  const params = ALERT_PARAM_SCHEMAS[kind].safeParse(JSON.parse(row.params));
  const audience = AlertAudienceSchema.safeParse(JSON.parse(row.audience));
  if (!params.success || !audience.success) return null;
  return {
    id: row.id,
    kind,
    version: row.version,
    name: row.name,
    nameZh: row.nameZh,
    enabled: row.enabled,
    severity: row.severity as AlertSeverity,
    params: params.data as AlertRuleDef['params'],
    audience: audience.data,
  };
}

export async function loadAlertRules(ds: DataSource): Promise<{ rules: AlertRuleDef[]; invalid: string[] }> {
  const rows = await ds.getRepository(AlertRule).find({ order: { id: 'ASC' } });
  const rules: AlertRuleDef[] = [];
  const invalid: string[] = [];
  for (const row of rows) {
    const def = ruleDefOf(row);
    if (def) rules.push(def);
    else invalid.push(row.id);
  }
  return { rules, invalid };
}
