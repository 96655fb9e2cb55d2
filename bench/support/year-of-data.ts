/**
 * A year of data for a 10,000-person group, generated straight into a migrated database with
 * multi-row INSERTs (no workflows run): what bench:dashboard and bench:api measure against.
 *
 * A group → company → 2 plants → 25 departments with 3 workshops each (100 departments/workshops),
 * 10,000 people (2,000 with logins), ~40,000 hazards with their ~120,000 process tasks, ~10,000
 * other tasks, 300 emergencies (40 % drills) with their tasks, weekly inspections of every unit,
 * three trainings a person, serious incidents and 400,000 other facts, spread over 2026 (and the
 * facts over 2025 too, so the previous period has data).
 *
 * Sizes come from BENCH_PEOPLE (default 10,000; at least 100, so every department and workshop has
 * people) and scale with it unless set one by one: BENCH_HAZARDS (4 a person), BENCH_OTHER_TASKS
 * (1 a person), BENCH_EMERGENCIES (3 per 100 people), BENCH_NOISE_FACTS (40 a person).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HAZARD_CATEGORIES, type HazardStatus } from '../../domain/hazard/constants';
import { rebuildProcessMonitor } from '../../db/projections/process-monitor';

export const YEAR = { from: new Date('2025-12-31T16:00:00.000Z'), to: new Date('2026-12-31T16:00:00.000Z') };
export const FACTS_FROM = new Date('2024-12-31T16:00:00.000Z');
/** The generator's "now": tasks older than 30 days before it are mostly done. */
export const NOW = new Date('2027-01-15T00:00:00.000Z');
const HOUR = 3_600_000;
const LEVELS = ['low', 'medium', 'high', 'extreme'];
const FUNCTIONS = ['production', 'equipment', 'safety', 'hr', 'procurement', 'finance', 'environment'];

export interface YearOfDataSize {
  people: number;
  hazards: number;
  otherTasks: number;
  emergencies: number;
  noiseFacts: number;
}

/** The sizes asked for in the environment (see the module comment). */
export function sizeFromEnv(env: NodeJS.ProcessEnv = process.env): YearOfDataSize {
  const people = Number(env.BENCH_PEOPLE ?? 10_000);
  if (!Number.isInteger(people) || people < 100) throw new Error(`BENCH_PEOPLE must be a whole number ≥ 100 (got ${env.BENCH_PEOPLE})`);
  const n = (name: string, perPerson: number) => Number(env[name] ?? Math.round(people * perPerson));
  return {
    people,
    hazards: n('BENCH_HAZARDS', 4),
    otherTasks: n('BENCH_OTHER_TASKS', 1),
    emergencies: n('BENCH_EMERGENCIES', 0.03),
    noiseFacts: n('BENCH_NOISE_FACTS', 40),
  };
}

/** A deterministic pseudo-random sequence (mulberry32), so every run generates the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Multi-row INSERTs of `rows` (arrays of values in `columns` order), 1,000 rows a statement. */
async function insert(ds: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await ds.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}

export interface Org {
  groupId: string;
  groupPath: string;
  departments: { id: string; path: string; safety: boolean; workshops: string[] }[];
  units: string[];
  people: { id: string; unit: string }[];
  peopleOf: Map<string, string[]>;
  users: { id: string; personId: string; unit: string }[];
  usersOf: Map<string, string[]>;
}

export interface YearOfData extends Org {
  /** Rows written per table. */
  rows: { units: number; people: number; users: number; hazards: number; tasks: number; emergencies: number; facts: number };
}

export async function generateYearOfData(ds: DataSource, size: YearOfDataSize): Promise<YearOfData> {
  const r = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const at = (from: Date, to: Date) => new Date(from.getTime() + Math.floor(r() * (to.getTime() - from.getTime())));

  // Organisation: group → company → 2 plants → 25 departments × 3 workshops.
  const unitRows: unknown[][] = [];
  const unit = (parentPath: string | null, parentId: string | null, kind: string, name: string, fn: string | null) => {
    const id = randomUUID();
    const path = `${parentPath ?? '/'}${id}/`;
    unitRows.push([id, parentId, kind, name, `B-${unitRows.length}`, fn, path, null]);
    return { id, path };
  };
  const group = unit(null, null, 'group', 'Bench Group', null);
  const company = unit(group.path, group.id, 'company', 'Bench Co', null);
  const plants = [unit(company.path, company.id, 'plant', 'Plant North', null), unit(company.path, company.id, 'plant', 'Plant South', null)];
  const departments: Org['departments'] = [];
  for (let i = 0; i < 25; i++) {
    const plant = plants[i % 2];
    const fn = FUNCTIONS[i % FUNCTIONS.length];
    const d = unit(plant.path, plant.id, 'department', `Department ${i + 1} (${fn})`, fn);
    const workshops = [0, 1, 2].map((w) => unit(d.path, d.id, 'workshop', `Workshop ${i + 1}.${w + 1}`, null).id);
    departments.push({ id: d.id, path: d.path, safety: fn === 'safety', workshops });
  }
  await insert(ds, 'org_units', ['id', 'parent_id', 'kind', 'name', 'code', 'department_function', 'path', 'head_person_id'], unitRows);
  const units = departments.flatMap((d) => [d.id, ...d.workshops]);

  // People: 100 per department or workshop; every fifth has a login (task assignees).
  const people = Array.from({ length: size.people }, (_, i) => ({ id: randomUUID(), unit: units[i % units.length] }));
  await insert(
    ds,
    'people',
    ['id', 'employee_no', 'name', 'email', 'org_unit_id', 'post_id', 'active'],
    people.map((p, i) => [p.id, `B${i}`, `Person ${i}`, null, p.unit, null, i % 97 === 0 ? 0 : 1]),
  );
  const users = people.filter((_, i) => i % 5 === 0).map((p) => ({ id: randomUUID(), personId: p.id, unit: p.unit }));
  await insert(
    ds,
    'users',
    ['id', 'username', 'display_name', 'password_hash', 'person_id', 'org_unit_id', 'active'],
    users.map((u, i) => [u.id, `bench${i}`, `Bench User ${i}`, 'x', u.personId, u.unit, 1]),
  );
  const group_ = <T extends { unit: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(x.unit, [...(m.get(x.unit) ?? []), x]);
    return m;
  };
  const peopleOf = new Map([...group_(people)].map(([k, v]) => [k, v.map((p) => p.id)]));
  const usersOf = new Map([...group_(users)].map(([k, v]) => [k, v.map((u) => u.id)]));
  const deptOf = new Map(departments.flatMap((d) => [d.id, ...d.workshops].map((u) => [u, d] as const)));
  const safetyDept = departments.find((d) => d.safety)!;

  // Tasks of processes (the real task types, so the inbox can show them): created in order,
  // alternating between the safety hub and the responsible unit.
  const taskRows: unknown[][] = [];
  const addTask = (workflowId: string, taskType: string, step: number, unitId: string, created: Date, slaHours: number, cancelled = false) => {
    const processType = taskType.split('.')[0];
    const due = new Date(created.getTime() + slaHours * HOUR);
    const u = r();
    const done = !cancelled && (created.getTime() < NOW.getTime() - 30 * 24 * HOUR ? u < 0.97 : u < 0.6);
    const completed = done ? new Date(created.getTime() + Math.floor(r() * slaHours * 1.4 * HOUR)) : null;
    const assignee = pick(usersOf.get(unitId) ?? [null]);
    taskRows.push([
      `${workflowId}/step-${step}`,
      workflowId,
      processType,
      taskType,
      `Step ${step} of ${workflowId}`,
      'Please handle this step of the process within its deadline; evidence and comments go with the completion.',
      unitId,
      assignee,
      cancelled ? 'cancelled' : done ? 'completed' : 'open',
      due,
      done ? 'bench' : null,
      completed,
      done ? JSON.stringify({ comment: 'done as asked', evidenceIds: [] }) : null,
      created,
      completed ?? created, // updated_at: the last change, as the app leaves it
    ]);
    return completed ?? due;
  };

  // Hazards with their tasks (grade → acknowledge → rectify → verify).
  const hazardRows: unknown[][] = [];
  for (let i = 0; i < size.hazards; i++) {
    const id = randomUUID();
    const workflowId = `Hazard:${id}`;
    const found = pick(units);
    const responsible = r() < 0.7 ? deptOf.get(found)!.id : pick(departments).id;
    const reported = at(YEAR.from, YEAR.to);
    const u = r();
    const cancelled = u < 0.03;
    const graded = cancelled ? null : new Date(reported.getTime() + Math.floor(r() * 2 * HOUR));
    const acknowledged = graded && r() < 0.97 ? new Date(graded.getTime() + Math.floor(r() * 30 * HOUR)) : null;
    const closedAt = acknowledged && r() < 0.85 ? new Date(acknowledged.getTime() + Math.floor(r() * 120 * HOUR)) : null;
    const closed = closedAt && closedAt < NOW ? closedAt : null;
    const status: HazardStatus = cancelled ? 'cancelled' : closed ? 'closed' : !graded ? 'grading' : !acknowledged ? 'acknowledging' : 'rectifying';
    const level = graded ? pick(LEVELS) : null;
    hazardRows.push([
      id,
      workflowId,
      `Hazard ${i}`,
      'Guard missing on the press; oil on the floor next to it. Reported from the floor with a photo.',
      pick(HAZARD_CATEGORIES),
      `Area ${Math.floor(r() * 200)}`,
      found,
      'medium',
      '[]',
      users[i % users.length].id,
      null,
      status,
      level ? (level === 'high' || level === 'extreme' ? 'major' : 'general') : null,
      level,
      graded ? responsible : null,
      graded ? pick(peopleOf.get(responsible) ?? [null]) : null,
      status === 'rectifying' && r() < 0.3 ? 1 : 0,
      reported,
      graded,
      acknowledged,
      closed,
      1,
    ]);
    let t = addTask(workflowId, 'hazard.grade', 1, safetyDept.id, reported, 1, cancelled);
    if (graded) t = addTask(workflowId, 'hazard.acknowledge', 2, responsible, graded, 24);
    if (acknowledged) t = addTask(workflowId, 'hazard.rectify', 3, responsible, acknowledged, 72);
    if (closed) addTask(workflowId, 'hazard.verify', 4, r() < 0.5 ? safetyDept.id : responsible, new Date(Math.min(t.getTime(), closed.getTime() - HOUR)), 24);
  }
  await insert(
    ds,
    'hazards',
    [
      'id',
      'workflow_id',
      'title',
      'description',
      'category',
      'area',
      'org_unit_id',
      'suspected_severity',
      'evidence_ids',
      'reporter_user_id',
      'reporter_person_id',
      'status',
      'severity',
      'risk_level',
      'responsible_org_unit_id',
      'responsible_person_id',
      'overdue',
      'reported_at',
      'graded_at',
      'acknowledged_at',
      'closed_at',
      'policy_version',
    ],
    hazardRows,
  );

  // Emergencies (40 % drills) with their response tasks.
  const emergencyRows: unknown[][] = [];
  for (let i = 0; i < size.emergencies; i++) {
    const id = randomUUID();
    const workflowId = `Emergency:${id}`;
    const where = pick(units);
    const reported = at(YEAR.from, YEAR.to);
    const ack = new Date(reported.getTime() + Math.floor(r() * 15 * 60_000));
    const controlled = new Date(ack.getTime() + Math.floor(r() * 4 * HOUR));
    emergencyRows.push([
      id,
      workflowId,
      pick(['gas_leak', 'fire', 'chemical_spill', 'injury', 'power_failure']),
      `Hall ${i % 30}`,
      'Alarm raised on the floor.',
      where,
      r() < 0.2 ? 1 : 0,
      r() < 0.4 ? 1 : 0,
      users[i % users.length].id,
      'closed',
      reported,
      ack,
      controlled,
      1,
    ]);
    addTask(workflowId, 'emergency.on_site', 1, safetyDept.id, reported, 0.1);
    departments
      .filter((d) => !d.safety)
      .slice(0, 3)
      .forEach((d, j) => addTask(workflowId, 'emergency.response', j + 2, d.id, ack, 1));
  }
  await insert(
    ds,
    'emergencies',
    [
      'id',
      'workflow_id',
      'type',
      'location',
      'description',
      'org_unit_id',
      'injuries',
      'drill',
      'reporter_user_id',
      'status',
      'reported_at',
      'acknowledged_at',
      'controlled_at',
      'policy_version',
    ],
    emergencyRows,
  );

  // Other processes (notices, appeals, cycles…): one or two tasks, no known starting unit.
  for (let i = 0; i < size.otherTasks; i += 2) {
    const workflowId = `Notice:${randomUUID()}`;
    const created = at(YEAR.from, YEAR.to);
    const done = addTask(workflowId, 'notice.acknowledge', 1, pick(units), created, 48);
    addTask(workflowId, 'notice.acknowledge', 2, pick(units), new Date(Math.min(done.getTime(), YEAR.to.getTime() - 1)), 48);
  }
  await insert(
    ds,
    'tasks',
    [
      'id',
      'workflow_id',
      'process_type',
      'task_type',
      'title',
      'description',
      'org_unit_id',
      'assignee_user_id',
      'status',
      'due_at',
      'completed_by',
      'completed_at',
      'result',
      'created_at',
      'updated_at',
    ],
    taskRows,
  );

  // Facts: weekly inspections per unit, three trainings per person, serious incidents, and noise.
  const factRows: unknown[][] = [];
  let f = 0;
  const fact = (kind: string, personId: string | null, unitId: string, value: number | null, occurred: Date) =>
    factRows.push([`bf${f++}`, kind, personId, 'direct', unitId, null, `Bench:${f}`, `s${f}`, value, occurred, '{}', 1]);
  const weeks = Math.round((YEAR.to.getTime() - FACTS_FROM.getTime()) / (7 * 24 * HOUR));
  for (const u of units)
    for (let w = 0; w < weeks; w++)
      fact(
        'inspection.scored',
        pick(peopleOf.get(u)!),
        u,
        55 + Math.round(r() * 45),
        new Date(FACTS_FROM.getTime() + w * 7 * 24 * HOUR + Math.floor(r() * 5 * 24 * HOUR)),
      );
  for (const p of people) for (let k = 0; k < 3; k++) fact('training.attended', p.id, p.unit, r() < 0.92 ? 1 : 0, at(FACTS_FROM, YEAR.to));
  for (let i = 0; i < 40; i++) fact('incident.serious', null, pick(units), 1, at(FACTS_FROM, YEAR.to));
  const noise = [
    'hazard.reported',
    'hazard.acknowledged',
    'hazard.closed',
    'hazard.verification',
    'risk.input',
    'emergency.response',
    'guard.check',
    'hot_work.permit',
  ];
  for (let i = 0; i < size.noiseFacts; i++) {
    const p = pick(people);
    fact(pick(noise), p.id, p.unit, Math.round(r() * 1000), at(FACTS_FROM, YEAR.to));
  }
  await insert(
    ds,
    'facts',
    [
      'id',
      'kind',
      'person_id',
      'attribution',
      'org_unit_id',
      'department_head_person_id',
      'source_workflow_id',
      'subject_id',
      'value',
      'occurred_at',
      'data',
      'policy_version',
    ],
    factRows,
  );

  // The process monitor's rows of what is still running, as the migration backfills them (the
  // activities keep them current in production; this data bypasses the activities).
  await ds.transaction((em) => rebuildProcessMonitor(em));
  for (const t of ['org_units', 'people', 'users', 'hazards', 'tasks', 'emergencies', 'facts', 'process_monitor']) await ds.query(`ANALYZE TABLE ${t}`);
  console.log(
    `generated: ${units.length} departments/workshops, ${people.length.toLocaleString('en')} people, ${hazardRows.length.toLocaleString('en')} hazards, ${taskRows.length.toLocaleString('en')} tasks, ${emergencyRows.length} emergencies, ${factRows.length.toLocaleString('en')} facts`,
  );
  return {
    groupId: group.id,
    groupPath: group.path,
    departments,
    units,
    people,
    peopleOf,
    users,
    usersOf,
    rows: {
      units: unitRows.length,
      people: people.length,
      users: users.length,
      hazards: hazardRows.length,
      tasks: taskRows.length,
      emergencies: emergencyRows.length,
      facts: factRows.length,
    },
  };
}
