import type { KpiName, RecordType } from '../../domain/dashboard';
import type { Dialect } from './sql';

/**
 * Where each KPI's records come from, written once in SQL: the aggregate (kpis, trends, ranking)
 * and the drill-down are built from the same source, so the records listed are by construction
 * exactly the ones counted. Parameters every source may use: `:from`, `:to` (the period),
 * `:scope` (LIKE pattern of the scope unit's path) and `:now` (open tasks past due).
 *
 * Each source's records belong to an org unit (`unit`), which places them in the scope (the
 * scope's unit ids, `IN (…)`, none when the scope is the whole organisation) and in a
 * department; `time` is the column the period is about. No join to org_units: the units are
 * few and read once per request, and the covering indexes (db/entities) then answer alone.
 */
export interface Source {
  record: RecordType;
  /** `<table> x` */
  from: string;
  /** Joins the records always need. */
  joins: string;
  /** Joins `person` needs (only read when grouping or filtering by person, or listing records). */
  personJoin?: string;
  /** The org unit a record counts for (scope, department). */
  unit: string;
  /** The person a record is attributed to (ranking by person), if any. */
  person: string | null;
  /** The timestamp the period filters on; null: not period-bound (people). */
  time: string | null;
  where: string[];
}

export interface KpiSql {
  /** ratio / mean: the denominator's records; per100 / count / coverage: the numerator's. */
  source: Source;
  /** What a record counts: `COUNT(*)`. */
  count: string;
  /**
   * coverage: the numerator counts distinct active people of the scope (by their own unit) with
   * a record of `source` in the period, rather than records.
   */
  distinctPeople?: boolean;
  /** ratio: the numerator's records among the source's. */
  numerator?: string;
  /** mean: a record's value (hours, minutes, points). */
  value?: string;
  /** The denominator is the active people of the scope (per100, coverage). */
  people?: boolean;
  /** coverage: the numerator's records for the drill-down (people), when they are not `source`'s. */
  numeratorRecords?: Source;
}

const facts = (kind: string, extra: string[] = []): Source => ({
  record: 'fact',
  from: 'facts x',
  joins: '',
  unit: 'x.org_unit_id',
  person: 'x.person_id',
  time: 'x.occurred_at',
  where: [`x.kind = '${kind}'`, ...extra],
});

/** Active people of the scope (by the unit they belong to now). */
export const ACTIVE_PEOPLE: Source = {
  record: 'person',
  from: 'people x',
  joins: '',
  unit: 'x.org_unit_id',
  person: 'x.id',
  time: null,
  where: ['x.active = 1'],
};

export function kpiSql(kpi: KpiName, d: Dialect): KpiSql {
  const hours = (a: string, b: string) => `(${d.secondsBetween(a, b)} / 3600)`;
  const minutes = (a: string, b: string) => `(${d.secondsBetween(a, b)} / 60)`;
  // Hazards count for the department responsible for rectifying them once graded, before that
  // for the unit where they were found.
  const hazards = (time: string, where: string[]): Source => ({
    record: 'hazard',
    from: 'hazards x',
    joins: '',
    unit: 'COALESCE(x.responsible_org_unit_id, x.org_unit_id)',
    person: 'x.responsible_person_id',
    time,
    where,
  });
  const emergencies = (where: string[]): Source => ({
    record: 'emergency',
    from: 'emergencies x',
    joins: '',
    unit: 'x.org_unit_id',
    person: null,
    time: 'x.reported_at',
    where: ['x.drill = 0', ...where],
  });
  // Incidents count when they occurred; near misses, cancelled ones and the practice reports of drills never.
  const incidents: Source = {
    record: 'incident',
    from: 'incidents x',
    joins: '',
    unit: 'x.org_unit_id',
    person: null,
    time: 'x.occurred_at',
    where: ["x.kind = 'incident'", "x.status <> 'cancelled'", 'NOT EXISTS (SELECT 1 FROM emergencies de WHERE de.id = x.emergency_id AND de.drill = 1)'],
  };
  switch (kpi) {
    case 'hazardClosureRate':
      return { source: hazards('x.reported_at', ["x.status <> 'cancelled'"]), count: 'COUNT(*)', numerator: "x.status = 'closed'" };
    case 'meanRectificationHours':
      return {
        source: hazards('x.closed_at', ["x.status = 'closed'", 'x.closed_at IS NOT NULL']),
        count: 'COUNT(*)',
        value: hours('COALESCE(x.acknowledged_at, x.graded_at, x.reported_at)', 'x.closed_at'),
      };
    case 'slaBreachRate':
      return {
        source: {
          record: 'task',
          from: 'tasks x',
          joins: '',
          personJoin: 'LEFT JOIN users us ON us.id = x.assignee_user_id',
          unit: 'x.org_unit_id',
          person: 'us.person_id',
          time: 'x.due_at',
          where: ["x.status <> 'cancelled'", 'x.due_at IS NOT NULL'],
        },
        count: 'COUNT(*)',
        numerator: "((x.completed_at IS NOT NULL AND x.completed_at > x.due_at) OR (x.status = 'open' AND x.due_at < :now))",
      };
    case 'inspectionAverage':
      return { source: facts('inspection.scored', ['x.value IS NOT NULL']), count: 'COUNT(*)', value: 'x.value' };
    case 'trainingPassRate':
      return { source: facts('training.attended', ['x.value IS NOT NULL']), count: 'COUNT(*)', numerator: 'x.value = 1' };
    case 'trainingCoverage':
      return {
        // Distinct active people of the scope (by their own unit) with a passed training in the period.
        source: facts('training.attended', ['x.value = 1', 'x.person_id IS NOT NULL']),
        count: 'COUNT(*)',
        distinctPeople: true,
        people: true,
        numeratorRecords: {
          ...ACTIVE_PEOPLE,
          where: [
            ...ACTIVE_PEOPLE.where,
            "EXISTS (SELECT 1 FROM facts tf WHERE tf.person_id = x.id AND tf.kind = 'training.attended' AND tf.value = 1 AND tf.occurred_at >= :from AND tf.occurred_at < :to)",
          ],
        },
      };
    case 'incidentFrequency':
      return { source: incidents, count: 'COUNT(*)', people: true };
    case 'seriousIncidents':
      return { source: facts('incident.serious'), count: 'COUNT(*)' };
    case 'emergencyAckMinutes':
      return { source: emergencies(['x.acknowledged_at IS NOT NULL']), count: 'COUNT(*)', value: minutes('x.reported_at', 'x.acknowledged_at') };
    case 'emergencyControlMinutes':
      return { source: emergencies(['x.controlled_at IS NOT NULL']), count: 'COUNT(*)', value: minutes('x.reported_at', 'x.controlled_at') };
  }
}

/** Hazards of the heat map: reported in the period, not cancelled, by the unit where they were found. */
export const HEATMAP_HAZARDS: Source = {
  record: 'hazard',
  from: 'hazards x',
  joins: '',
  unit: 'x.org_unit_id',
  person: null,
  time: 'x.reported_at',
  where: ["x.status <> 'cancelled'"],
};

/** Columns a drill-down reads per record type (`x` is the record; tasks join `users us` for the assignee's person). */
export const RECORD_COLUMNS: Record<RecordType, string> = {
  hazard:
    'x.id, x.workflow_id, x.title, x.category, x.area, x.status, x.severity, x.risk_level, x.org_unit_id AS found_unit_id, x.responsible_org_unit_id, x.responsible_person_id AS person_id, x.reported_at, x.graded_at, x.acknowledged_at, x.closed_at, x.due_at, x.overdue',
  task: 'x.id, x.workflow_id, x.title, x.task_type, x.process_type, x.status, x.assignee_user_id, us.person_id AS person_id, x.created_at, x.due_at, x.completed_at, x.completed_by',
  emergency: 'x.id, x.workflow_id, x.type, x.location, x.status, x.injuries, x.reported_at, x.acknowledged_at, x.controlled_at, x.closed_at',
  incident: 'x.id, x.workflow_id, x.title, x.location, x.status, x.category, x.consequence, x.level, x.days_lost, x.occurred_at, x.reported_at',
  fact: 'x.id, x.kind, x.person_id, x.source_workflow_id AS workflow_id, x.subject_id, x.value AS fact_value, x.occurred_at, x.attribution',
  person: 'x.id, x.name, x.employee_no, x.id AS person_id',
};
