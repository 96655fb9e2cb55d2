import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { AssessmentCycle, AuditEntry, Fact, Inspection, OrgUnit, Person, Task, TrainingParticipant } from '../../db/entities';
import { dayToInstant, importedInspectionId, todayIn } from '../../domain/inspections/rules';
import { usersOf } from '../support/as-user';
import { startTestSystem } from '../support/env';
import { eventually } from '../support/wait';

/**
 * Inspections and trainings against the real services: scores computed by the server, the
 * `inspection.scored` / `training.attended` facts scoring reads, scopes and roles, field-path
 * validation, all-or-nothing idempotent imports (xlsx and CSV), and an assessment cycle that
 * scores the inspection and then freezes it.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WALK_ITEMS = [
  { code: 'guards', title: 'Machine guards in place', category: 'machinery', maxScore: 10, weight: 2 },
  { code: 'housekeeping', title: 'Aisles clear', maxScore: 10 },
  { code: 'exits', title: 'Exits unobstructed', category: 'fire', maxScore: 5, weight: 1 },
];

describe('inspections and trainings', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let as: ReturnType<typeof usersOf>['as'];
  const ds = () => system.dataSource;
  const unit = async (code: string) => (await ds().getRepository(OrgUnit).findOneByOrFail({ code })).id;
  const person = async (employeeNo: string) => (await ds().getRepository(Person).findOneByOrFail({ employeeNo })).id;
  /** The value of the fact with this id. */
  const factValue = async (id: string) => (await ds().getRepository(Fact).findOneByOrFail({ id })).value;
  const today = () => todayIn(new Date());
  let walkId = '';

  beforeAll(async () => {
    system = await startTestSystem();
    as = usersOf(system.appUrl!).as;
  });
  afterAll(() => system?.stop());

  it('templates: the safety hub creates and edits them, with field paths for bad items; others may only read', async () => {
    /** The safety hub submits template T-BAD with these items. */
    const badTemplate = (items: { code: string; title: string; maxScore: number }[]) =>
      as('safety').call('POST', '/api/inspections/templates', { code: 'T-BAD', name: 'Bad', items });
    const bad = await badTemplate([
      { code: 'a', title: 'A', maxScore: 0 },
      { code: 'A', title: 'A again', maxScore: 5 },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['body.items.0.maxScore']));
    const dup = await badTemplate([
      { code: 'a', title: 'A', maxScore: 5 },
      { code: 'A', title: 'A again', maxScore: 5 },
    ]);
    expect([dup.status, dup.body.error.details[0].path]).toEqual([400, 'body.items.1.code']);

    const templateId = randomUUID();
    const created = await as('safety').call('POST', '/api/inspections/templates', { templateId, code: 'T-WALK', name: 'Workshop walk', items: WALK_ITEMS });
    expect(created.status).toBe(201);
    expect(created.body.items.map((i: { code: string; weight: number }) => [i.code, i.weight])).toEqual([
      ['guards', 2],
      ['housekeeping', 1],
      ['exits', 1],
    ]);
    walkId = created.body.id;
    expect(
      (await as('safety').call('POST', '/api/inspections/templates', { templateId, code: 'T-WALK', name: 'Workshop walk', items: WALK_ITEMS })).status,
    ).toBe(200);
    expect((await as('safety').call('POST', '/api/inspections/templates', { code: 'T-WALK', name: 'Again', items: WALK_ITEMS })).status).toBe(409);
    expect((await as('head.production').call('POST', '/api/inspections/templates', { code: 'T-X', name: 'X', items: WALK_ITEMS })).status).toBe(403);
    expect((await as('employee').call('GET', `/api/inspections/templates/${walkId}`)).body.code).toBe('T-WALK');
    const list = await as('employee').call('GET', '/api/inspections/templates?q=walk');
    expect(list.body.items.map((t: { code: string }) => t.code)).toEqual(['T-WALK']);

    const fire = await as('safety').call('POST', '/api/inspections/templates', {
      code: 'T-FIRE',
      name: 'Fire check',
      items: [{ code: 'ext', title: 'Extinguishers', maxScore: 5 }],
    });
    const renamed = await as('safety').call('PUT', `/api/inspections/templates/${fire.body.id}`, {
      code: 'T-FIRE',
      name: 'Fire safety check',
      items: [
        { code: 'ext', title: 'Extinguishers', maxScore: 5 },
        { code: 'alarms', title: 'Alarms', maxScore: 5 },
      ],
    });
    expect([renamed.status, renamed.body.name, renamed.body.items.length]).toEqual([200, 'Fire safety check', 2]);
  });

  it('records an inspection: the server computes the score and writes one inspection.scored fact for the inspected unit', async () => {
    const stamping = await unit('DEMO-WS-STAMPING');
    const id = randomUUID();
    const day = today();
    const body = {
      inspectionId: id,
      templateId: walkId,
      orgUnitId: stamping,
      inspectedOn: day,
      items: [
        { code: 'guards', score: 5, remark: 'Press 3 guard missing' },
        { code: 'housekeeping', score: 7 },
        { code: 'exits', score: 5 },
      ],
      remarks: 'Press line 3 stopped',
    };
    const r = await as('safety').call('POST', '/api/inspections', body);
    expect(r.status).toBe(201);
    // (2 × 5/10 + 1 × 7/10 + 1 × 5/5) / 4 × 100
    expect(r.body).toMatchObject({
      id,
      score: 67.5,
      mode: 'items',
      orgUnitName: 'Stamping Workshop',
      templateCode: 'T-WALK',
      inspectorName: 'Safety Officer Li',
      revision: 1,
    });
    expect(r.body.items[0]).toMatchObject({ code: 'guards', score: 5, maxScore: 10, weight: 2, remark: 'Press 3 guard missing' });

    const facts = await ds()
      .getRepository(Fact)
      .findBy({ sourceWorkflowId: `inspection:${id}` });
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      id: `inspection:${id}/scored`,
      kind: 'inspection.scored',
      value: 67.5,
      personId: null,
      attribution: 'none',
      orgUnitId: stamping,
      departmentHeadPersonId: await person('E1006'), // the workshop has no head: the production department's
      subjectId: id,
    });
    expect(facts[0].occurredAt.toISOString()).toBe(dayToInstant(day));
    expect(await ds().getRepository(AuditEntry).countBy({ action: 'inspection.recorded', entityId: id })).toBe(1);

    // A resend is the same inspection; the same id with other content is a conflict.
    expect((await as('safety').call('POST', '/api/inspections', body)).status).toBe(200);
    expect((await as('safety').call('POST', '/api/inspections', { ...body, items: body.items.map((i) => ({ ...i, score: 1 })) })).status).toBe(409);
    expect(
      await ds()
        .getRepository(Fact)
        .countBy({ sourceWorkflowId: `inspection:${id}` }),
    ).toBe(1);

    // A correction recomputes the score and replaces the fact in place (nothing published covers it yet).
    const fixed = await as('safety').call('PUT', `/api/inspections/${id}`, {
      ...body,
      inspectionId: undefined,
      items: [
        { code: 'guards', score: 10 },
        { code: 'housekeeping', score: 7 },
        { code: 'exits', score: null },
      ],
    });
    expect([fixed.status, fixed.body.score, fixed.body.revision]).toEqual([200, 90, 2]); // (2 × 1 + 0.7) / 3
    expect(
      (
        await ds()
          .getRepository(Fact)
          .findBy({ sourceWorkflowId: `inspection:${id}` })
      ).map((f) => f.value),
    ).toEqual([90]);
    expect(await ds().getRepository(AuditEntry).countBy({ action: 'inspection.corrected', entityId: id })).toBe(1);

    // A total-only inspection.
    const total = await as('safety').call('POST', '/api/inspections', {
      inspectionId: randomUUID(),
      templateId: walkId,
      orgUnitId: await unit('DEMO-EQUIPMENT'),
      inspectedOn: day,
      total: 82.345,
    });
    expect([total.status, total.body.mode, total.body.score, total.body.fact.value]).toEqual([201, 'total', 82.35, 82.35]);

    // Lists: filters by unit subtree, template and dates; detail with the fact.
    const production = await as('safety').call('GET', `/api/inspections?orgUnitId=${await unit('DEMO-PRODUCTION')}&from=${day}&to=${day}&templateId=${walkId}`);
    expect(production.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(production.body.items[0].id).toBe(id);
    expect((await as('safety').call('GET', `/api/inspections?to=2000-01-01`)).body.total).toBe(0);
    expect((await as('safety').call('GET', `/api/inspections/${id}`)).body.fact).toMatchObject({ kind: 'inspection.scored', value: 90 });
  });

  it('access: department heads record in their own subtree only, employees and auditors never; everyone reads within their scope', async () => {
    const base = { templateId: walkId, inspectedOn: today(), total: 75 };
    const own = await as('head.production').call('POST', '/api/inspections', {
      ...base,
      inspectionId: randomUUID(),
      orgUnitId: await unit('DEMO-WS-ASSEMBLY'),
    });
    expect(own.status).toBe(201);
    const other = await as('head.production').call('POST', '/api/inspections', {
      ...base,
      inspectionId: randomUUID(),
      orgUnitId: await unit('DEMO-EQUIPMENT'),
    });
    expect(other.status).toBe(404);
    expect(
      (await as('employee').call('POST', '/api/inspections', { ...base, inspectionId: randomUUID(), orgUnitId: await unit('DEMO-WS-STAMPING') })).status,
    ).toBe(403);
    expect(
      (await as('auditor').call('POST', '/api/inspections', { ...base, inspectionId: randomUUID(), orgUnitId: await unit('DEMO-WS-STAMPING') })).status,
    ).toBe(403);
    // A department head never re-scores the hub's inspection of their department.
    const hubs = (await as('head.production').call('GET', `/api/inspections?orgUnitId=${await unit('DEMO-WS-STAMPING')}`)).body.items[0];
    expect(
      (
        await as('head.production').call('PUT', `/api/inspections/${hubs.id}`, {
          templateId: walkId,
          orgUnitId: hubs.orgUnitId,
          inspectedOn: hubs.inspectedOn,
          total: 100,
        })
      ).status,
    ).toBe(403);

    // Reads: the employee sees their workshop's inspections only, the equipment head not production's, the auditor everything.
    const mine = (await as('employee').call('GET', '/api/inspections')).body.items as { orgUnitName: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((i) => i.orgUnitName))).toEqual(new Set(['Stamping Workshop']));
    expect((await as('head.equipment').call('GET', `/api/inspections/${own.body.id}`)).status).toBe(404);
    expect((await as('auditor').call('GET', `/api/inspections/${own.body.id}`)).status).toBe(200);
    expect((await as('auditor').call('GET', '/api/inspections')).body.total).toBe(await ds().getRepository(Inspection).count());
  });

  it('validation: 400 with the field at fault, nothing written', async () => {
    const before = await ds().getRepository(Inspection).count();
    const base = { inspectionId: randomUUID(), templateId: walkId, orgUnitId: await unit('DEMO-WS-STAMPING'), inspectedOn: today() };
    /** The walk-through's three items scored: guards as given, the others 1. */
    const walkScores = (guards: number) => [
      { code: 'guards', score: guards },
      { code: 'housekeeping', score: 1 },
      { code: 'exits', score: 1 },
    ];
    const paths = async (body: Record<string, unknown>) => {
      const r = await as('safety').call('POST', '/api/inspections', { ...base, ...body });
      expect(r.status).toBe(400);
      return r.body.error.details.map((d: { path: string }) => d.path);
    };
    expect(await paths({ items: walkScores(11) })).toEqual(['body.items.0.score']);
    expect(await paths({ items: walkScores(-1) })).toEqual(['body.items.0.score']);
    expect(
      await paths({
        items: [
          { code: 'guards', score: 1 },
          { code: 'ladders', score: 1 },
        ],
      }),
    ).toEqual(['body.items.1.code', 'body.items']);
    expect(await paths({ items: [], total: 80 })).toEqual(['body.items']);
    expect(await paths({ total: 80, inspectedOn: '2026-02-30' })).toEqual(['body.inspectedOn']);
    expect(await paths({ total: 80, inspectedOn: '2999-01-01' })).toEqual(['body.inspectedOn']);
    expect(await paths({ total: 101 })).toEqual(['body.total']);
    expect(await paths({ total: 80, orgUnitId: await unit('DEMO-PLANT') })).toEqual(['body.orgUnitId']);
    expect(await paths({ total: 80, templateId: randomUUID() })).toEqual(['body.templateId']);
    // An inactive template takes no new inspections.
    const old = await as('safety').call('POST', '/api/inspections/templates', {
      code: 'T-OLD',
      name: 'Old checklist',
      active: false,
      items: [{ code: 'a', title: 'A', maxScore: 1 }],
    });
    expect(await paths({ total: 80, templateId: old.body.id })).toEqual(['body.templateId']);
    expect(await ds().getRepository(Inspection).count()).toBe(before);
  });

  it('trainings: results become one training.attended fact per participant; re-recording never duplicates; corrections replace', async () => {
    const [emp, headProd, headEq] = [await person('E1008'), await person('E1006'), await person('E1007')];
    const trainingId = randomUUID();
    const body = {
      trainingId,
      code: 'T-LOTO',
      title: 'LOTO refresher',
      topic: 'lock-out/tag-out',
      orgUnitId: await unit('DEMO-PRODUCTION'),
      heldOn: today(),
      trainer: 'Safety Officer Li',
      participantIds: [emp, headProd],
    };
    expect((await as('employee').call('POST', '/api/trainings', { ...body, trainingId: randomUUID(), code: null })).status).toBe(403);
    expect((await as('head.equipment').call('POST', '/api/trainings', { ...body, trainingId: randomUUID(), code: null })).status).toBe(404);
    const bad = await as('head.production').call('POST', '/api/trainings', { ...body, trainingId: randomUUID(), code: null, participantIds: [emp, headEq] });
    expect([bad.status, bad.body.error.details[0].path]).toEqual([400, 'body.participantIds.1']); // not in the production head's scope
    const created = await as('head.production').call('POST', '/api/trainings', body);
    expect([created.status, created.body.participants, created.body.recorded]).toEqual([201, 2, 0]);
    expect((await as('head.production').call('POST', '/api/trainings', body)).status).toBe(200);

    // Results: the safety hub records, including a walk-in from another department.
    const results = [
      { personId: emp, attended: true, passed: true },
      { personId: headProd, attended: true, passed: false, remark: 'retake' },
      { personId: headEq, attended: false, passed: false },
    ];
    const invalid = await as('safety').call('PUT', `/api/trainings/${trainingId}/results`, { results: [{ personId: emp, attended: false, passed: true }] });
    expect([invalid.status, invalid.body.error.details[0].path]).toEqual([400, 'body.results.0.passed']);
    expect((await as('head.equipment').call('PUT', `/api/trainings/${trainingId}/results`, { results })).status).toBe(404); // not visible to them
    expect((await as('employee').call('PUT', `/api/trainings/${trainingId}/results`, { results })).status).toBe(403);
    const recorded = await as('safety').call('PUT', `/api/trainings/${trainingId}/results`, { results });
    expect(recorded.body).toEqual({ recorded: 3, corrected: 0, unchanged: 0 });
    const byPerson = (a: unknown[], b: unknown[]) => (String(a[0]) < String(b[0]) ? -1 : 1);
    const facts = async () =>
      (
        await ds()
          .getRepository(Fact)
          .findBy({ sourceWorkflowId: `training:${trainingId}` })
      )
        .map((f) => [f.personId, f.value, f.kind, f.attribution, f.orgUnitId, f.subjectId])
        .sort(byPerson);
    expect(await facts()).toEqual(
      [
        [emp, 1, 'training.attended', 'direct', await unit('DEMO-WS-STAMPING'), trainingId],
        [headProd, 0, 'training.attended', 'direct', await unit('DEMO-PRODUCTION'), trainingId],
        [headEq, -1, 'training.attended', 'direct', await unit('DEMO-EQUIPMENT'), trainingId], // absent: its own value
      ].sort(byPerson),
    );
    expect(
      (
        await ds()
          .getRepository(Fact)
          .findOneByOrFail({ id: `training:${trainingId}/${emp}` })
      ).occurredAt.toISOString(),
    ).toBe(dayToInstant(today()));

    // Again: nothing changes; a corrected result replaces its fact, still one per person.
    expect((await as('safety').call('PUT', `/api/trainings/${trainingId}/results`, { results })).body).toEqual({ recorded: 0, corrected: 0, unchanged: 3 });
    const retake = await as('head.production').call('PUT', `/api/trainings/${trainingId}/results`, {
      results: [{ personId: headProd, attended: true, passed: true, remark: 'passed the retake' }],
    });
    expect(retake.body).toEqual({ recorded: 0, corrected: 1, unchanged: 0 });
    expect((await facts()).find((f) => f[0] === headProd)?.[1]).toBe(1);
    expect(
      await ds()
        .getRepository(Fact)
        .countBy({ sourceWorkflowId: `training:${trainingId}` }),
    ).toBe(3);
    expect(await ds().getRepository(AuditEntry).countBy({ action: 'training.results.recorded', entityId: trainingId })).toBe(2);

    // Reads: participants see the session; others outside its scope do not.
    const detail = await as('employee').call('GET', `/api/trainings/${trainingId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ participants: 3, recorded: 3, attended: 2, passed: 2 });
    expect(detail.body.participantList.find((x: { personId: string }) => x.personId === emp)).toMatchObject({
      attended: true,
      passed: true,
      fact: { value: 1 },
    });
    expect((await as('head.equipment').call('GET', `/api/trainings/${trainingId}`)).status).toBe(200); // took part
    expect((await as('hr').call('GET', `/api/trainings?personId=${headEq}&from=${today()}`)).body.items.map((t: { id: string }) => t.id)).toContain(trainingId);

    // A session in the future has no results yet.
    const future = randomUUID();
    await as('safety').call('POST', '/api/trainings', { ...body, trainingId: future, code: null, heldOn: '2999-01-01' });
    expect((await as('safety').call('PUT', `/api/trainings/${future}/results`, { results })).status).toBe(409);
  });

  it('imports inspections from xlsx: all rows or none (rows.N.field), and a second import of the same file changes nothing', async () => {
    const sheet = (rows: (string | number | Date | null)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Inspections');
      ws.addRow(['Template', 'OrgUnitCode', 'Date', 'Item', 'Score', 'Total', 'Inspector', 'Remark']);
      for (const r of rows) ws.addRow(r);
      return wb.xlsx.writeBuffer().then((b) => Buffer.from(b as ArrayBuffer));
    };
    const day = '2026-11-02';
    const good: (string | number | Date | null)[][] = [
      ['T-WALK', 'DEMO-WS-ASSEMBLY', day, 'guards', 8, null, 'E1002', null],
      ['T-WALK', 'DEMO-WS-ASSEMBLY', day, 'housekeeping', 6, null, 'E1002', 'oil at line 2'],
      ['T-WALK', 'DEMO-WS-ASSEMBLY', day, 'exits', 'n/a', null, 'E1002', null],
      ['T-WALK', 'DEMO-WS-MAINT', new Date(Date.UTC(2026, 10, 3)), null, null, 91.5, 'safety', 'paper'], // an Excel date cell
    ];
    const file = await sheet(good);
    const facts = () => ds().getRepository(Fact).countBy({ kind: 'inspection.scored' });
    const before = await facts();

    // One bad row (a score above the item's max) → nothing written, the row and column named.
    const broken = await sheet([
      ...good,
      ['T-WALK', 'DEMO-WS-STAMPING', day, 'guards', 12, null, null, null],
      ['T-WALK', 'DEMO-WS-STAMPING', day, 'housekeeping', 1, null, null, null],
      ['T-WALK', 'DEMO-WS-STAMPING', day, 'exits', 1, null, null, null],
    ]);
    const rejected = await as('safety').upload('/api/inspections/import', broken, XLSX);
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors).toEqual([{ row: 6, column: 'score', message: expect.stringMatching(/between 0 and 10/) }]);
    expect(rejected.body.error).toMatchObject({ code: 'import_rejected', details: [{ path: 'rows.6.score', message: expect.any(String) }] });
    expect(await facts()).toBe(before);
    const outside = await as('head.equipment').upload('/api/inspections/import?format=xlsx', file, 'application/octet-stream');
    expect(outside.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rows.2.orgUnitCode', 'rows.3.orgUnitCode', 'rows.4.orgUnitCode']);
    expect(await facts()).toBe(before);

    const dry = await as('safety').upload('/api/inspections/import?dryRun=true', file, XLSX);
    expect(dry.body).toMatchObject({ ok: true, dryRun: true, created: 2 });
    expect(await facts()).toBe(before);
    const ok = await as('safety').upload('/api/inspections/import', file, XLSX);
    expect(ok.body).toMatchObject({ ok: true, imported: 2, created: 2, updated: 0, unchanged: 0 });
    const assemblyId = importedInspectionId(walkId, await unit('DEMO-WS-ASSEMBLY'), day);
    const assembly = (await as('safety').call('GET', `/api/inspections/${assemblyId}`)).body;
    expect(assembly).toMatchObject({ score: 73.33, mode: 'items', inspectorName: 'Safety Officer Li' }); // (2 × 0.8 + 0.6) / 3
    expect(assembly.items.find((i: { code: string }) => i.code === 'exits').score).toBeNull();
    const maint = await ds()
      .getRepository(Inspection)
      .findOneByOrFail({ id: importedInspectionId(walkId, await unit('DEMO-WS-MAINT'), '2026-11-03') });
    expect([maint.mode, maint.score, maint.remarks]).toEqual(['total', 91.5, 'paper']);
    expect(await facts()).toBe(before + 2);
    expect(await factValue(`inspection:${assemblyId}/scored`)).toBe(73.33);

    const again = await as('safety').upload('/api/inspections/import', file, XLSX);
    expect(again.body).toMatchObject({ ok: true, imported: 0, created: 0, updated: 0, unchanged: 2 });
    expect(await facts()).toBe(before + 2);

    // A corrected file corrects the inspection (and its fact) in place.
    const corrected = await as('safety').upload(
      '/api/inspections/import',
      await sheet(good.map((r) => (r[3] === 'guards' ? [...r.slice(0, 4), 10, ...r.slice(5)] : r))),
      XLSX,
    );
    expect(corrected.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(await factValue(`inspection:${assemblyId}/scored`)).toBe(86.67);
    expect(await facts()).toBe(before + 2);
  });

  it('imports attendance from CSV: all rows or none, idempotent', async () => {
    const trainingId = randomUUID();
    const created = await as('safety').call('POST', '/api/trainings', {
      trainingId,
      code: 'T-CSV',
      title: 'Forklift safety',
      topic: 'forklifts',
      orgUnitId: await unit('DEMO-PLANT'),
      heldOn: today(),
      trainer: 'External trainer',
      participantIds: [await person('E1008')],
    });
    expect(created.status).toBe(201);
    const csv = [
      'training,person,attended,passed,remark',
      'T-CSV,E1008,yes,yes,',
      'T-CSV,head.production,yes,no,retake next week',
      `${trainingId},E1007,no,,on leave`,
    ].join('\n');
    const facts = () =>
      ds()
        .getRepository(Fact)
        .find({ where: { sourceWorkflowId: `training:${trainingId}` }, order: { id: 'ASC' } });

    const broken = await as('safety').upload('/api/trainings/import', `${csv}\nT-CSV,ghost,yes,yes,\nT-NONE,E1008,yes,yes,\nT-CSV,E1003,maybe,,\n`, 'text/csv');
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.map((d: { path: string }) => d.path)).toEqual(['rows.5.person', 'rows.6.training', 'rows.7.attended']);
    expect(await facts()).toEqual([]);
    expect(await ds().getRepository(TrainingParticipant).countBy({ trainingId })).toBe(1);
    expect((await as('employee').upload('/api/trainings/import', csv, 'text/csv')).status).toBe(403);

    const ok = await as('safety').upload('/api/trainings/import', csv, 'text/csv');
    expect(ok.body).toMatchObject({ ok: true, imported: 3, created: 3, updated: 0, unchanged: 0 });
    expect((await facts()).map((f) => [f.personId, f.value]).sort()).toEqual(
      [
        [await person('E1008'), 1],
        [await person('E1006'), 0],
        [await person('E1007'), -1], // on leave: absent, not failed
      ].sort(),
    );
    const again = await as('safety').upload('/api/trainings/import', csv, 'text/csv');
    expect(again.body).toMatchObject({ imported: 0, unchanged: 3 });
    expect(await facts()).toHaveLength(3);
    expect(await ds().getRepository(TrainingParticipant).countBy({ trainingId })).toBe(3);
  });

  it('an assessment cycle scores the inspection and a failed training; once published they are frozen (409)', async () => {
    // A past ISO week holding only this test's records: 2026-W06 is Mon 2 – Sun 8 February 2026.
    const day = '2026-02-04';
    const production = await unit('DEMO-PRODUCTION');
    const headProd = await person('E1006');
    const emp = await person('E1008');
    const inspectionId = randomUUID();
    const insp = await as('safety').call('POST', '/api/inspections', {
      inspectionId,
      templateId: walkId,
      orgUnitId: await unit('DEMO-WS-STAMPING'),
      inspectedOn: day,
      total: 70,
    });
    expect(insp.status).toBe(201);
    const trainingId = randomUUID();
    await as('safety').call('POST', '/api/trainings', {
      trainingId,
      title: 'Press safety',
      topic: 'presses',
      orgUnitId: production,
      heldOn: day,
      trainer: 'Li',
      participantIds: [emp],
    });
    expect(
      (await as('safety').call('PUT', `/api/trainings/${trainingId}/results`, { results: [{ personId: emp, attended: true, passed: false }] })).body.recorded,
    ).toBe(1);

    const scope = await unit('DEMO-PLANT');
    const started = await as('hr').call('POST', '/api/assessment-cycles', { scopeOrgUnitId: scope, period: '2026-W06' });
    expect(started.status).toBe(201);
    const { cycleId, workflowId } = started.body as { cycleId: string; workflowId: string };
    const review = await eventually(
      () => ds().getRepository(Task).findOneBy({ workflowId, taskType: 'assessment.review', status: 'open' }),
      'the review task',
      30_000,
    );

    const head = (await as('hr').call('GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${headProd}`)).body;
    const line = (code: string) => head.lines.find((l: { indicatorCode?: string; ruleCode?: string }) => l.indicatorCode === code || l.ruleCode === code);
    expect(line('inspection_average_score')).toMatchObject({ value: 70, factIds: [`inspection:${inspectionId}/scored`] });
    expect(line('inspection_below_threshold')).toMatchObject({ points: -10, factIds: [`inspection:${inspectionId}/scored`] });
    const employee = (await as('hr').call('GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${emp}`)).body;
    expect(employee.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'failed_training')).toMatchObject({
      points: -2,
      factIds: [`training:${trainingId}/${emp}`],
    });

    // Before publication a correction is allowed (a recompute would see it); after, it is refused and nothing changes.
    const complete = await as('hr').call('POST', `/api/tasks/${encodeURIComponent(review.id)}/complete`, { payload: { decision: 'publish', note: 'ok' } });
    expect(complete.status).toBe(200);
    await eventually(
      async () => (await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).status === 'published',
      'the cycle published',
      30_000,
    );
    const refused = await as('safety').call('PUT', `/api/inspections/${inspectionId}`, {
      templateId: walkId,
      orgUnitId: await unit('DEMO-WS-STAMPING'),
      inspectedOn: day,
      total: 95,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/2026-W06/);
    expect(await factValue(`inspection:${inspectionId}/scored`)).toBe(70);
    expect(
      (await as('safety').call('PUT', `/api/trainings/${trainingId}/results`, { results: [{ personId: emp, attended: true, passed: true }] })).status,
    ).toBe(409);
    expect(await factValue(`training:${trainingId}/${emp}`)).toBe(0);
    // Moving it out of the frozen week is refused too; the same content again is fine.
    expect(
      (
        await as('safety').call('PUT', `/api/inspections/${inspectionId}`, {
          templateId: walkId,
          orgUnitId: await unit('DEMO-WS-STAMPING'),
          inspectedOn: '2026-03-04',
          total: 70,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await as('safety').call('PUT', `/api/inspections/${inspectionId}`, {
          templateId: walkId,
          orgUnitId: await unit('DEMO-WS-STAMPING'),
          inspectedOn: day,
          total: 70,
        })
      ).status,
    ).toBe(200);
    // Remarks are not scored: they may still change.
    const remarked = await as('safety').call('PUT', `/api/inspections/${inspectionId}`, {
      templateId: walkId,
      orgUnitId: await unit('DEMO-WS-STAMPING'),
      inspectedOn: day,
      total: 70,
      remarks: 'Re-checked on 9 Feb',
    });
    expect([remarked.status, remarked.body.revision, remarked.body.remarks]).toEqual([200, 2, 'Re-checked on 9 Feb']);
    expect(
      (
        await as('safety').call('PUT', `/api/trainings/${trainingId}/results`, {
          results: [{ personId: emp, attended: true, passed: false, remark: 'retake booked' }],
        })
      ).body,
    ).toEqual({ recorded: 0, corrected: 1, unchanged: 0 });
    expect(await factValue(`training:${trainingId}/${emp}`)).toBe(0);
  });

  it('documents the routes and keeps the audit chain intact', async () => {
    const doc = (await as('admin').call('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/inspections',
        '/api/inspections/{id}',
        '/api/inspections/templates',
        '/api/inspections/templates/{id}',
        '/api/inspections/import',
        '/api/trainings',
        '/api/trainings/{id}',
        '/api/trainings/{id}/results',
        '/api/trainings/import',
      ]),
    );
    expect(Object.keys(doc.paths['/api/trainings/import'].post.requestBody.content)).toEqual(expect.arrayContaining(['text/csv', XLSX]));
    expect((await verifyAuditLog(ds())).ok).toBe(true);
  });
});
