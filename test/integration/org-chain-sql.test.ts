import { In, type DataSource } from 'typeorm';
import { openDatabase } from '../../db/data-source';
import { seedDemo } from '../../db/seed/demo';
import { AuditEntry, Hazard, HazardEvent, OrgUnit, Task, UnitResponder, User } from '../../db/entities';
import { loadCandidateGraph, offerUnitChains, readUnitChains, unitsWithAncestors } from '../../db/candidates';
import { hazardProjectionOf, hazardUnitsOf } from '../../db/projections/hazard';
import { currentPolicy, currentPolicyShared, ensureDefaultPolicy, publishPolicy } from '../../db/stores/policy-store';
import { openHazardIn } from '../../activities/hazards';
import { insertTask } from '../../activities/tasks';
import type { NewTask } from '../../workflows/shared/tasks';
import { createScratchMysqlDatabase } from '../support/mysql';

/**
 * Issue 22: the hot reads of a hazard's opening and first step in fewer statements — a unit with
 * its ancestors in one recursive statement, a unit's responders with the logins of responders and
 * heads in one, the policy parsed once per version, the report's and the task's inserts deciding
 * instead of a look-up first — give what the entity reads gave, on MariaDB and on sql.js alike.
 */
describe.each(['mysql', 'sqlite'] as const)('org chains, candidate graph, policy and opening writes (%s)', (kind) => {
  let ds: DataSource;
  let drop: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (kind === 'mysql') {
      const db = await createScratchMysqlDatabase('safeloop_org_chain');
      drop = db.drop;
      ds = await openDatabase({ kind, url: db.url });
    } else ds = await openDatabase({ kind, file: null });
    await ds.runMigrations();
    await ensureDefaultPolicy(ds);
    await seedDemo(ds);
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  /** Units with their ancestors the way the entity reads found them (one parent list per unit). */
  async function reference(ids: string[]): Promise<Map<string, OrgUnit>> {
    const own = await ds.getRepository(OrgUnit).findBy({ id: In(ids) });
    const all = [...new Set(own.flatMap((u) => u.path.split('/').filter(Boolean)))];
    return new Map((await ds.getRepository(OrgUnit).findBy({ id: In(all) })).map((u) => [u.id, u]));
  }

  it('reads every unit with all its ancestors, in one statement, for one or several units (unknown ids left out)', async () => {
    const units = await ds.getRepository(OrgUnit).find();
    expect(units.length).toBeGreaterThan(5);
    const deepest = [...units].sort((a, b) => b.path.length - a.path.length)[0];
    expect(deepest.path.split('/').filter(Boolean).length).toBeGreaterThanOrEqual(4);
    for (const ids of [[deepest.id], units.slice(0, 4).map((u) => u.id), [deepest.id, 'no-such-unit']]) {
      const got = await unitsWithAncestors(ds, ids);
      const want = await reference(ids);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [id, u] of want)
        expect(got.get(id)).toEqual({
          id,
          parentId: u.parentId,
          kind: u.kind,
          name: u.name,
          path: u.path,
          headPersonId: u.headPersonId,
          departmentFunction: u.departmentFunction,
        });
    }
    expect((await unitsWithAncestors(ds, ['no-such-unit'])).size).toBe(0);
  });

  it('a transaction offered chains read before it takes a unit’s chain from them as the database gives it; a unit outside them is read', async () => {
    const units = await ds.getRepository(OrgUnit).find();
    const deepest = [...units].sort((a, b) => b.path.length - a.path.length)[0];
    const chainIds = deepest.path.split('/').filter(Boolean);
    const read = await readUnitChains(ds, chainIds, { departments: true, policyVersion: true });
    const outside = units.find((u) => !read.units.has(u.id) && !read.departments.some((d) => d.id === u.id))!;
    const sorted = (c: Awaited<ReturnType<typeof readUnitChains>>) => ({
      units: [...c.units.values()].sort((a, b) => a.id.localeCompare(b.id)),
      departments: [...c.departments].sort((a, b) => a.id.localeCompare(b.id)),
      policyVersion: c.policyVersion,
    });
    await ds.transaction(async (em) => {
      offerUnitChains(em, read, true);
      const queries: string[] = [];
      const logger = ds.logger;
      const counting = Object.create(logger) as typeof logger;
      counting.logQuery = (query: string) => void queries.push(query);
      (ds as { logger: typeof logger }).logger = counting;
      try {
        for (const ids of [[deepest.id], chainIds.slice(0, 2), [chainIds[1]]])
          for (const opts of [{}, { policyVersion: true }, { departments: true, policyVersion: true }]) {
            const offered = await readUnitChains(em, ids, opts);
            expect(queries).toEqual([]);
            expect(sorted(offered)).toEqual(sorted(await readUnitChains(ds, ids, opts)));
            queries.length = 0;
          }
        // A department under the chains: its chain is known, the departments under it are not.
        const department = read.departments.find((d) => !read.units.has(d.id))!;
        for (const opts of [{}, { policyVersion: true }]) {
          const offered = await readUnitChains(em, [department.id], opts);
          expect(queries).toEqual([]);
          expect(sorted(offered)).toEqual(sorted(await readUnitChains(ds, [department.id], opts)));
          queries.length = 0;
        }
        await readUnitChains(em, [department.id], { departments: true });
        expect(queries.filter((q) => q.startsWith('WITH RECURSIVE'))).toHaveLength(1);
        queries.length = 0;
        await readUnitChains(em, [outside.id]);
        expect(queries.filter((q) => q.startsWith('WITH RECURSIVE'))).toHaveLength(1);
      } finally {
        (ds as { logger: typeof logger }).logger = logger;
      }
    });
  });

  it('loads the candidate graph of a chain as the entity reads did: units, responders, active logins of responders and heads', async () => {
    const units = await ds.getRepository(OrgUnit).find();
    // A responder with a deactivated login, so the graph must leave it out.
    const responders = await ds.getRepository(UnitResponder).find();
    expect(responders.length).toBeGreaterThan(0);
    const users = await ds.getRepository(User).find();
    const inactive = users.find((u) => u.personId === responders[0].personId)!;
    await ds.getRepository(User).update({ id: inactive.id }, { active: false });
    try {
      for (const unit of units) {
        const graph = await loadCandidateGraph(ds, { unitIds: [unit.id] });
        const chain = await reference([unit.id]);
        expect([...graph.units.keys()].sort()).toEqual([...chain.keys()].sort());
        const rows = await ds.getRepository(UnitResponder).findBy({ orgUnitId: In([...chain.keys()]) });
        const want = new Map<string, string[]>();
        for (const r of rows) want.set(r.orgUnitId, [...(want.get(r.orgUnitId) ?? []), r.personId].sort());
        expect(new Map([...graph.responders].map(([k, v]) => [k, [...v].sort()]))).toEqual(want);
        const persons = [...new Set([...rows.map((r) => r.personId), ...[...chain.values()].map((u) => u.headPersonId).filter((x): x is string => !!x)])];
        const logins = persons.length ? await ds.getRepository(User).findBy({ personId: In(persons), active: true }) : [];
        const got = [...graph.usersByPerson.values()].flat().map((u) => `${u.personId}|${u.userId}|${u.seatUnitId}`);
        expect(got.sort()).toEqual(logins.map((u) => `${u.personId}|${u.id}|${u.orgUnitId}`).sort());
        expect(got.some((x) => x.includes(inactive.id))).toBe(false);
      }
    } finally {
      await ds.getRepository(User).update({ id: inactive.id }, { active: true });
    }
  });

  it('finds the plant’s safety, production and equipment departments of a unit (the plant itself when there is none)', async () => {
    const units = await ds.getRepository(OrgUnit).find();
    const workshop = units.find((u) => u.kind === 'workshop')!;
    const chain = await reference([workshop.id]);
    const plant = [...chain.values()].find((u) => u.kind === 'plant')!;
    const depts = units.filter((u) => u.kind === 'department' && u.path.startsWith(plant.path));
    const fn = (f: string) => depts.find((d) => d.departmentFunction === f)?.id ?? plant.id;
    const want = { safety: fn('safety'), production: fn('production'), equipment: fn('equipment'), plant: plant.id };
    expect(want.safety).not.toBe(plant.id);
    expect(await hazardUnitsOf(ds.manager, workshop.id)).toEqual(want);
    const read = await readUnitChains(ds, [workshop.id], { departments: true, policyVersion: true });
    expect(read.units).toEqual(await unitsWithAncestors(ds, [workshop.id]));
    expect(read.policyVersion).toBe((await currentPolicy(ds)).version);
    expect(await hazardUnitsOf(ds.manager, workshop.id, read)).toEqual(want);
    await expect(hazardUnitsOf(ds.manager, 'no-such-unit')).rejects.toThrow();
  });

  it('sees a newly published policy version at once, and hands out copies of the parsed document', async () => {
    const before = await currentPolicy(ds);
    const shared = await currentPolicyShared(ds);
    expect(Object.isFrozen(shared.document)).toBe(true);
    expect(shared).toEqual(before);
    // A caller's copy is its own: changing it changes nothing for the next reader.
    before.document.sla.hazardGrading = 1;
    expect((await currentPolicy(ds)).document.sla.hazardGrading).toBe(shared.document.sla.hazardGrading);
    const doc = structuredClone(shared.document) as typeof shared.document;
    doc.sla.hazardGrading = shared.document.sla.hazardGrading + 60;
    await publishPolicy(ds, 'admin', doc, 'longer grading');
    const after = await currentPolicy(ds);
    expect(after.version).toBe(shared.version + 1);
    expect(after.document.sla.hazardGrading).toBe(shared.document.sla.hazardGrading + 60);
    expect((await currentPolicyShared(ds)).version).toBe(after.version);
  });

  it('opens a hazard once: its row with the deadline, event, fact and audit row; a repeat writes nothing; a task already there is left as is', async () => {
    const unit = (await ds.getRepository(OrgUnit).find()).find((u) => u.kind === 'workshop')!;
    const user = (await ds.getRepository(User).find())[0];
    const hazardId = `org-chain-${kind}`;
    const workflowId = `Hazard:${hazardId}`;
    const report = {
      hazardId,
      title: 'Loose handrail',
      description: 'Stairs',
      category: 'guarding' as const,
      area: 'B',
      orgUnitId: unit.id,
      suspectedSeverity: 'medium' as const,
      evidenceIds: ['ev-1', 'ev-2'],
      reporterUserId: user.id,
      reporterPersonId: user.personId,
      reporterUsername: user.username,
      reportedAt: new Date('2026-01-05T08:00:00Z').toISOString(),
    };
    const dueAt = new Date('2026-01-06T08:00:00Z');
    const task: NewTask = {
      id: `${workflowId}/grade`,
      workflowId,
      processType: 'hazard',
      taskType: 'hazard.grade',
      title: 'Grade',
      description: null,
      orgUnitId: unit.id,
      candidateRole: null,
      priority: 'normal',
      dueAt: dueAt.toISOString(),
    };
    const open = () =>
      ds.transaction(async (em) => {
        const created = await openHazardIn(em, { report, workflowId, policyVersion: 1, dueAt });
        // The task after the report, in the same transaction; again (a repeat) without effect, the transaction going on.
        await insertTask(em, task, new Date());
        await insertTask(em, task, new Date());
        return created;
      });
    expect(await open()).toBe(true);
    expect(await open()).toBe(false);
    const h = await ds.getRepository(Hazard).findOneByOrFail({ id: hazardId });
    expect(h.dueAt?.getTime()).toBe(dueAt.getTime());
    expect(h.status).toBe('grading');
    expect(await ds.getRepository(HazardEvent).countBy({ hazardId })).toBe(1);
    expect(await ds.getRepository(Task).countBy({ workflowId })).toBe(1);
    expect(await ds.getRepository(AuditEntry).countBy({ entityId: hazardId, action: 'hazard.reported' })).toBe(1);
    expect(await ds.getRepository(AuditEntry).countBy({ entityId: task.id, action: 'task.created' })).toBe(1);
    // The rows read back as the ones TypeORM's own insert writes.
    const twin = `${hazardId}-twin`;
    await ds.getRepository(Hazard).insert({ ...hazardProjectionOf({ ...report, hazardId: twin }, `Hazard:${twin}`, 1), dueAt });
    await ds.getRepository(Task).insert({ ...(await ds.getRepository(Task).findOneByOrFail({ id: task.id })), id: `${task.id}-twin`, createdAt: undefined });
    const strip = <T extends object>(x: T | null) => {
      const o = { ...(x as Record<string, unknown>) };
      for (const k of ['id', 'workflowId', 'createdAt', 'updatedAt']) delete o[k];
      return o;
    };
    expect(strip(await ds.getRepository(Hazard).findOneBy({ id: twin }))).toEqual(strip(h));
    expect(h.evidenceIds).toEqual(['ev-1', 'ev-2']);
    expect(h.reportedAt.toISOString()).toBe(report.reportedAt);
    const [mine, theirs] = await Promise.all([task.id, `${task.id}-twin`].map((id) => ds.getRepository(Task).findOneByOrFail({ id })));
    expect({ ...mine, id: '', createdAt: null, updatedAt: null }).toEqual({ ...theirs, id: '', createdAt: null, updatedAt: null });
    expect(mine.dueAt?.getTime()).toBe(dueAt.getTime());
    expect(mine.status).toBe('open');
  });
});
