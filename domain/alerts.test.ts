import fc from 'fast-check';
import {
  ALERT_PARAM_SCHEMAS,
  DEFAULT_ALERT_RULES,
  evaluateAlertRules,
  MAX_DEDUP_KEY,
  monthIn,
  parseAlertParams,
  type AlertData,
  type AlertKind,
  type AlertRuleDef,
  type EmergencyRow,
  type HazardRow,
  type TaskRow,
  type UnitRow,
} from './alerts';
import { renderText } from './texts/render';

const DAY = 86400_000;
const NOW = new Date('2026-11-21T12:00:00Z');

const unit = (id: string, kind: string, parent: UnitRow | null): UnitRow => ({
  id,
  parentId: parent?.id ?? null,
  kind,
  name: `Unit ${id}`,
  nameZh: ({ plant: '一厂', prod: '生产部', stamping: '冲压车间', assembly: '装配车间', equip: '设备部' } as Record<string, string>)[id] ?? null,
  path: `${parent?.path ?? '/'}${id}/`,
});
const plant = unit('plant', 'plant', null);
const prod = unit('prod', 'department', plant);
const stamping = unit('stamping', 'workshop', prod);
const assembly = unit('assembly', 'workshop', prod);
const equip = unit('equip', 'department', plant);
const UNITS = [plant, prod, stamping, assembly, equip];

const rule = <K extends AlertKind>(kind: K, params: unknown = {}, over: Partial<AlertRuleDef<K>> = {}): AlertRuleDef<K> => ({
  ...(DEFAULT_ALERT_RULES.find((r) => r.kind === kind)! as AlertRuleDef<K>),
  version: 1,
  params: parseAlertParams(kind, params),
  ...over,
});

const hazard = (id: string, over: Partial<HazardRow> = {}): HazardRow => ({
  id,
  workflowId: `Hazard:${id}`,
  title: `Hazard ${id}`,
  category: 'guarding',
  area: 'Press line 3',
  orgUnitId: stamping.id,
  responsibleOrgUnitId: null,
  responsiblePersonId: null,
  status: 'rectifying',
  overdue: false,
  dueAt: null,
  reportedAt: new Date(NOW.getTime() - DAY),
  ...over,
});

const task = (id: string, over: Partial<TaskRow> = {}): TaskRow => ({
  id,
  workflowId: `Notice:${id}`,
  processType: 'notice',
  title: `Task ${id}`,
  orgUnitId: stamping.id,
  status: 'open',
  dueAt: null,
  completedAt: null,
  assigneeUserId: null,
  ...over,
});

const emergency = (id: string, over: Partial<EmergencyRow> = {}): EmergencyRow => ({
  id,
  workflowId: `Emergency:${id}`,
  type: 'fire',
  location: 'Hall 1',
  orgUnitId: stamping.id,
  drill: false,
  reportedAt: new Date(NOW.getTime() - DAY),
  ...over,
});

const data = (over: Partial<AlertData> = {}): AlertData => ({
  now: NOW,
  units: UNITS,
  hazards: [],
  tasks: [],
  emergencies: [],
  incidentFacts: [],
  scores: [],
  ...over,
});

describe('alert rules', () => {
  it('validates parameters per kind with field paths and fills defaults', () => {
    expect(parseAlertParams('recurring_hazard', {})).toEqual({ minCount: 3, windowDays: 30, groupBy: 'location', categories: [] });
    const bad = ALERT_PARAM_SCHEMAS.recurring_hazard.safeParse({ windowDays: 0, minCount: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['minCount', 'windowDays']);
    expect(ALERT_PARAM_SCHEMAS.overdue.safeParse({ hazards: false, tasks: false }).success).toBe(false);
    expect(ALERT_PARAM_SCHEMAS.sla_breach_rate.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(ALERT_PARAM_SCHEMAS.low_score.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('overdue: flagged hazards and tasks past due by more than the hours; a hazard covers its own tasks', () => {
    const due = new Date(NOW.getTime() - 30 * 3600_000);
    const d = data({
      hazards: [hazard('h1', { overdue: true, dueAt: due, responsibleOrgUnitId: equip.id }), hazard('h2', { overdue: true, status: 'closed' }), hazard('h3')],
      tasks: [
        task('t1', { dueAt: due }),
        task('t2', { dueAt: new Date(NOW.getTime() - 2 * 3600_000) }),
        task('t3', { dueAt: due, status: 'completed' }),
        task('t4', { dueAt: due, workflowId: 'Hazard:h1', processType: 'hazard' }),
      ],
    });
    const c = evaluateAlertRules([rule('overdue')], d);
    expect(c.map((x) => x.dedupKey)).toEqual([`overdue:hazard:h1:${due.getTime()}`, `overdue:task:t1:${due.getTime()}`]);
    expect(c[0]).toMatchObject({ orgUnitId: equip.id, severity: 'normal', detail: { records: [{ type: 'hazard', id: 'h1', workflowId: 'Hazard:h1' }] } });
    expect(evaluateAlertRules([rule('overdue', { taskOverdueHours: 1 })], d).map((x) => x.detail.records[0].id)).toEqual(['h1', 't1', 't2']);
    expect(evaluateAlertRules([rule('overdue', { hazards: false })], d).map((x) => x.detail.records[0].id)).toEqual(['t1', 't4']);
    expect(evaluateAlertRules([rule('overdue', {}, { enabled: false })], d)).toEqual([]);
    // A long task id is hashed into the key, which stays short and stable.
    const long = data({ tasks: [task('x'.repeat(200), { dueAt: due })] });
    const [k1] = evaluateAlertRules([rule('overdue')], long).map((x) => x.dedupKey);
    expect(k1.length).toBeLessThanOrEqual(MAX_DEDUP_KEY);
    expect(k1).toMatch(/^overdue:task:[0-9a-f]{24}:\d+$/);
    expect(evaluateAlertRules([rule('overdue')], long)[0].dedupKey).toBe(k1);
  });

  it('low score: only the latest published cycle of a scope, below the threshold, persons and departments', () => {
    const s = (cycleId: string, publishedAt: string, subjectType: 'person' | 'department', subjectId: string, total: number) => ({
      cycleId,
      period: cycleId.split(':')[1],
      snapshotVersion: 1,
      publishedAt: new Date(publishedAt),
      scopeOrgUnitId: plant.id,
      subjectType,
      subjectId,
      name: subjectId,
      departmentId: subjectType === 'department' ? subjectId : prod.id,
      total,
      rating: total < 60 ? 'needs_improvement' : 'qualified',
    });
    const d = data({
      scores: [
        s('plant:2026-09', '2026-10-02T00:00:00Z', 'person', 'p1', 10),
        s('plant:2026-10', '2026-11-02T00:00:00Z', 'person', 'p1', 55),
        s('plant:2026-10', '2026-11-02T00:00:00Z', 'person', 'p2', 80),
        s('plant:2026-10', '2026-11-02T00:00:00Z', 'department', prod.id, 50),
      ],
    });
    expect(evaluateAlertRules([rule('low_score')], d).map((x) => x.dedupKey)).toEqual([
      'low_score:plant:2026-10:department:prod',
      'low_score:plant:2026-10:person:p1',
    ]);
    expect(evaluateAlertRules([rule('low_score', { subjectTypes: ['person'], threshold: 90 })], d).map((x) => x.subject.personId)).toEqual(['p1', 'p2']);
  });

  it('recurring hazard: the same category N times in one location within the window; cancelled reports and other areas do not count', () => {
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    const hazards = [
      hazard('a', { reportedAt: at(20) }),
      hazard('b', { reportedAt: at(10), area: '  press LINE 3 ' }),
      hazard('c', { reportedAt: at(5), status: 'cancelled' }),
      hazard('d', { reportedAt: at(1) }),
      hazard('e', { reportedAt: at(1), area: 'Paint booth' }),
      hazard('f', { reportedAt: at(40) }),
      hazard('g', { reportedAt: at(2), category: 'electrical' }),
    ];
    const [c, ...rest] = evaluateAlertRules([rule('recurring_hazard')], data({ hazards }));
    expect(rest).toEqual([]);
    expect(c.detail.records.map((r) => r.id)).toEqual(['a', 'b', 'd']);
    expect(c).toMatchObject({ orgUnitId: stamping.id, detail: { figures: { count: 3, category: 'guarding' } } });
    // By org unit the paint booth joins; by category only "electrical" is too rare.
    expect(evaluateAlertRules([rule('recurring_hazard', { groupBy: 'org_unit' })], data({ hazards }))[0].detail.figures.count).toBe(4);
    expect(evaluateAlertRules([rule('recurring_hazard', { categories: ['electrical'] })], data({ hazards }))).toEqual([]);
    expect(evaluateAlertRules([rule('recurring_hazard', { windowDays: 15 })], data({ hazards }))).toEqual([]);
  });

  it('incident cluster: real emergencies and serious facts in a department subtree; drills never count, a fact of a counted emergency is the same incident', () => {
    const emergencies = [
      emergency('e1'),
      emergency('e2', { orgUnitId: assembly.id }),
      emergency('e3', { drill: true }),
      emergency('e4', { orgUnitId: equip.id }),
    ];
    const incidentFacts = [
      { id: 'f1', sourceWorkflowId: 'Emergency:e1', orgUnitId: stamping.id, occurredAt: NOW },
      { id: 'f2', sourceWorkflowId: 'Inspection:x', orgUnitId: prod.id, occurredAt: new Date(NOW.getTime() - DAY) },
      { id: 'f3', sourceWorkflowId: 'Inspection:x', orgUnitId: prod.id, occurredAt: NOW },
    ];
    const [c, ...rest] = evaluateAlertRules([rule('incident_cluster')], data({ emergencies, incidentFacts }));
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ orgUnitId: prod.id, severity: 'critical', detail: { figures: { count: 3, emergencies: 2, seriousFacts: 1 } } });
    expect(c.detail.records.map((r) => r.id).sort()).toEqual(['e1', 'e2', 'f2']);
    expect(evaluateAlertRules([rule('incident_cluster', { includeSeriousFacts: false })], data({ emergencies, incidentFacts }))).toEqual([]);
    expect(evaluateAlertRules([rule('incident_cluster', { groupBy: 'org_unit', minCount: 2 })], data({ emergencies, incidentFacts }))).toEqual([]);
    expect(evaluateAlertRules([rule('incident_cluster', { groupBy: 'plant', minCount: 4, includeSeriousFacts: false })], data({ emergencies }))).toEqual([]);
    expect(
      evaluateAlertRules([rule('incident_cluster', { groupBy: 'plant', minCount: 3, includeSeriousFacts: false })], data({ emergencies }))[0].orgUnitId,
    ).toBe(plant.id);
  });

  it('SLA breach rate: late or open-past-due share of the month’s due tasks per department, with a minimum', () => {
    const due = (h: number) => new Date(NOW.getTime() - h * 3600_000);
    const tasks = [
      task('1', { dueAt: due(5), status: 'completed', completedAt: due(6) }),
      task('2', { dueAt: due(5), status: 'completed', completedAt: due(1) }),
      task('3', { dueAt: due(5) }),
      task('4', { dueAt: due(5), status: 'cancelled' }),
      task('5', { dueAt: due(-5) }),
      task('6', { dueAt: new Date('2026-10-15T00:00:00Z') }),
      task('7', { dueAt: due(5), orgUnitId: equip.id }),
      task('8', { dueAt: due(5), orgUnitId: plant.id }),
    ];
    const [c, ...rest] = evaluateAlertRules([rule('sla_breach_rate', { minTasks: 3, threshold: 0.5 })], data({ tasks }));
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ dedupKey: 'sla_breach_rate:prod:2026-11', orgUnitId: prod.id, detail: { figures: { due: 3, late: 2, open: 1 } } });
    expect(c.detail.records.map((r) => r.id).sort()).toEqual(['2', '3']);
    expect(evaluateAlertRules([rule('sla_breach_rate', { minTasks: 4, threshold: 0.5 })], data({ tasks }))).toEqual([]);
    expect(evaluateAlertRules([rule('sla_breach_rate', { minTasks: 3, threshold: 0.7 })], data({ tasks }))).toEqual([]);
  });

  it('says every kind in the reader’s language: Chinese names, terms and local times, only the reporters’ own words left as typed', () => {
    const due = (h: number) => new Date(NOW.getTime() - h * 3600_000);
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    const rows = data({
      hazards: [
        hazard('o', { overdue: true, dueAt: new Date('2026-11-20T02:00:00Z'), title: '冲压线护栏缺失', area: '三号冲压线' }),
        ...['a', 'b', 'd'].map((id, i) => hazard(id, { reportedAt: at(i + 1), title: '护栏松动', area: '三号冲压线' })),
      ],
      tasks: ['1', '2', '3'].map((id) =>
        task(id, { dueAt: due(30), title: 'Rectify hazard: 护栏松动', titleText: { key: 'hazard.task.rectify', params: { title: '护栏松动' } } }),
      ),
      emergencies: [emergency('e1'), emergency('e2', { orgUnitId: assembly.id }), emergency('e4', { orgUnitId: assembly.id })],
      scores: [
        {
          cycleId: 'c1',
          period: '2026-10',
          snapshotVersion: 1,
          publishedAt: at(3),
          scopeOrgUnitId: plant.id,
          subjectType: 'person',
          subjectId: 'p1',
          name: 'Wang Fang',
          nameZh: '王芳',
          departmentId: prod.id,
          total: 52,
          rating: 'needs_improvement',
        },
      ],
    });
    const rules = [
      rule('overdue'),
      rule('recurring_hazard'),
      rule('incident_cluster', { includeSeriousFacts: false }),
      rule('low_score'),
      rule('sla_breach_rate', { minTasks: 3 }),
    ];
    const found = evaluateAlertRules(rules, rows);
    expect(new Set(found.map((c) => c.kind))).toEqual(new Set(['overdue', 'recurring_hazard', 'incident_cluster', 'low_score', 'sla_breach_rate']));
    for (const c of found) {
      const zh = [renderText(c.titleText, 'zh-CN'), renderText(c.detail.summaryText!, 'zh-CN')].join('\n');
      // Codes and numbers only: no English word survives in the Chinese text.
      expect({ kind: c.kind, latin: zh.match(/[A-Za-z]{2,}/g) }).toEqual({ kind: c.kind, latin: null });
      // The English rendering says what the stored English title says (a category by its name, not its code).
      expect(renderText(c.titleText, 'en')).toBe(c.title.replace('guarding', 'machine guarding'));
    }
    const said = (kind: string) => {
      const c = found.find((x) => x.kind === kind && !x.dedupKey.includes(':task:'))!;
      return renderText(c.detail.summaryText!, 'zh-CN');
    };
    expect(said('overdue')).toBe('隐患“冲压线护栏缺失”（三号冲压线，冲压车间）自 2026/11/20 10:00 起逾期；当前环节：整改中。');
    expect(said('low_score')).toBe('王芳（生产部）2026-10 的得分为 52，低于 60（评级：需改进）。');
    expect(said('recurring_hazard')).toContain('“机械防护”');
  });

  it('knows where a month begins in a time zone', () => {
    expect(monthIn(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toEqual({ label: '2026-12', start: new Date('2026-11-30T16:00:00Z') });
    expect(monthIn(new Date('2026-03-15T00:00:00Z'), 'Europe/Berlin')).toEqual({ label: '2026-03', start: new Date('2026-02-28T23:00:00Z') });
    expect(monthIn(new Date('2026-04-02T00:00:00Z'), 'Europe/Berlin')).toEqual({ label: '2026-04', start: new Date('2026-03-31T22:00:00Z') });
  });
});

describe('alert rule properties', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const arbHazard = fc.record({
    id: fc.constantFrom(...ids),
    category: fc.constantFrom('guarding', 'electrical'),
    area: fc.constantFrom('Line 1', 'line 1 ', 'Line 2'),
    orgUnitId: fc.constantFrom(stamping.id, assembly.id, equip.id),
    status: fc.constantFrom('rectifying', 'closed', 'cancelled', 'grading'),
    overdue: fc.boolean(),
    dueAt: fc.option(
      fc.integer({ min: -40, max: 40 }).map((h) => new Date(NOW.getTime() - h * 3600_000)),
      { nil: null },
    ),
    reportedAt: fc.integer({ min: 0, max: 45 * 24 }).map((h) => new Date(NOW.getTime() - h * 3600_000)),
  });
  const arbHazards = fc.uniqueArray(arbHazard, { selector: (h) => h.id, maxLength: 8 }).map((hs) => hs.map((h) => hazard(h.id, h)));
  const arbTasks = fc
    .uniqueArray(
      fc.record({
        id: fc.constantFrom(...ids),
        orgUnitId: fc.constantFrom(stamping.id, equip.id, plant.id),
        status: fc.constantFrom('open', 'completed', 'cancelled'),
        dueH: fc.integer({ min: -48, max: 24 * 25 }),
        doneH: fc.integer({ min: -48, max: 48 }),
      }),
      { selector: (t) => t.id, maxLength: 8 },
    )
    .map((ts) =>
      ts.map((t) =>
        task(t.id, {
          orgUnitId: t.orgUnitId,
          status: t.status,
          dueAt: new Date(NOW.getTime() - t.dueH * 3600_000),
          completedAt: t.status === 'completed' ? new Date(NOW.getTime() - (t.dueH - t.doneH) * 3600_000) : null,
        }),
      ),
    );
  const arbEmergencies = fc
    .uniqueArray(
      fc.record({
        id: fc.constantFrom(...ids),
        orgUnitId: fc.constantFrom(stamping.id, assembly.id, equip.id),
        drill: fc.boolean(),
        h: fc.integer({ min: 0, max: 40 * 24 }),
      }),
      { selector: (e) => e.id, maxLength: 8 },
    )
    .map((es) => es.map((e) => emergency(e.id, { orgUnitId: e.orgUnitId, drill: e.drill, reportedAt: new Date(NOW.getTime() - e.h * 3600_000) })));
  const rules = () => [
    rule('overdue', { taskOverdueHours: 1 }),
    rule('recurring_hazard', { minCount: 2, windowDays: 30 }),
    rule('incident_cluster', { minCount: 2, windowDays: 30, groupBy: 'department' }),
    rule('sla_breach_rate', { minTasks: 1, threshold: 0.1, timeZone: 'UTC' }),
  ];
  const shuffle = <T>(xs: T[], seed: number) =>
    xs
      .map((x, i) => ({ x, k: (i * 7919 + seed * 104729) % 1009 }))
      .sort((a, b) => a.k - b.k)
      .map((p) => p.x);

  it('evaluating twice, or over the rows in another order, yields the same alerts with unique bounded keys', () => {
    fc.assert(
      fc.property(arbHazards, arbTasks, arbEmergencies, fc.nat(), (hazards, tasks, emergencies, seed) => {
        const d = data({ hazards, tasks, emergencies });
        const a = evaluateAlertRules(rules(), d);
        const b = evaluateAlertRules(
          rules(),
          data({ hazards: shuffle(hazards, seed), tasks: shuffle(tasks, seed + 1), emergencies: shuffle(emergencies, seed + 2), units: shuffle(UNITS, seed) }),
        );
        expect(b.map((c) => c.dedupKey)).toEqual(a.map((c) => c.dedupKey));
        expect(evaluateAlertRules(rules(), d)).toEqual(a);
        expect(new Set(a.map((c) => c.dedupKey)).size).toBe(a.length);
        for (const c of a) expect(c.dedupKey.length).toBeLessThanOrEqual(MAX_DEDUP_KEY);
      }),
    );
  });

  it('a window shift that keeps the same hazards (or incidents) in the window yields the same keys', () => {
    fc.assert(
      fc.property(arbHazards, arbEmergencies, fc.integer({ min: 1, max: 24 * 30 }), (hazards, emergencies, shiftH) => {
        const windowed = [rule('recurring_hazard', { minCount: 2, windowDays: 60 }), rule('incident_cluster', { minCount: 2, windowDays: 60 })];
        // Everything lies within the last 45 days: a 60-day window keeps all of it for any shift under 15 days.
        const shift = Math.min(shiftH, 14 * 24) * 3600_000;
        const before = evaluateAlertRules(windowed, data({ hazards, emergencies }));
        const after = evaluateAlertRules(windowed, data({ hazards, emergencies, now: new Date(NOW.getTime() + shift) }));
        expect(after.map((c) => c.dedupKey)).toEqual(before.map((c) => c.dedupKey));
      }),
    );
  });

  it('a later report joining a recurring cluster does not fire it again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 5 }), (n, extra) => {
        const r = [rule('recurring_hazard', { minCount: n })];
        const first = Array.from({ length: n }, (_, i) => hazard(`h${i}`, { reportedAt: new Date(NOW.getTime() - (20 - i) * DAY) }));
        const later = Array.from({ length: extra }, (_, i) => hazard(`x${i}`, { reportedAt: new Date(NOW.getTime() - (5 - i) * 3600_000) }));
        const a = evaluateAlertRules(r, data({ hazards: first }));
        const b = evaluateAlertRules(r, data({ hazards: [...later, ...first] }));
        expect(a).toHaveLength(1);
        expect(b.map((c) => c.dedupKey)).toEqual(a.map((c) => c.dedupKey));
        expect(b[0].detail.figures.count).toBe(n + extra);
      }),
    );
  });
});
