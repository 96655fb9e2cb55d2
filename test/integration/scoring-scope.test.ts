import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { scoreCycleInput } from '../../activities/shared/scoring-data';
import { migrate } from '../../db/data-source';
import { Fact, OrgUnit, Person } from '../../db/entities';
import { seedDemo } from '../../db/seed/demo';
import { DEFAULT_RULESET } from '../../domain/scoring';
import { LITERAL_EXAMPLES } from '../../domain/scoring/examples';
import { openScratchDatabase } from '../support/mysql';

/**
 * A cycle's input hash covers exactly its scope: its subjects' facts and nothing else. An
 * inspection of another department leaves a department's cycle reproduced (same hash, same fact
 * count); one of its own changes it. On MariaDB (facts counted in SQL) and SQLite (in process).
 */
describe.each(['mysql', 'sqlite'] as const)('cycle scope and input hash (%s)', (kind) => {
  let ds: DataSource;
  let close: () => Promise<void>;
  const start = new Date(Date.UTC(2026, 10, 1));
  const end = new Date(Date.UTC(2026, 11, 1));
  const at = new Date(Date.UTC(2026, 10, 15, 9));
  const unit = async (code: string) => ds.getRepository(OrgUnit).findOneByOrFail({ code });
  const cycleOf = async (code: string) => ({
    scopeOrgUnitId: (await unit(code)).id,
    cadence: 'monthly',
    period: '2026-11',
    periodStart: start,
    periodEnd: end,
  });
  const inspection = async (code: string, value: number) => {
    const u = await unit(code);
    await ds.getRepository(Fact).insert({
      id: `inspection:${randomUUID()}`,
      kind: 'inspection.scored',
      personId: u.headPersonId,
      attribution: 'department_head',
      orgUnitId: u.id,
      departmentHeadPersonId: u.headPersonId,
      sourceWorkflowId: `inspection:${randomUUID()}`,
      subjectId: randomUUID(),
      value,
      occurredAt: at,
      data: '{}',
      policyVersion: null,
    });
  };

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
    await migrate(ds);
    await seedDemo(ds);
  });
  afterAll(() => close?.());

  it('an inspection in another department reproduces the hash; one in the department changes it', async () => {
    const equipment = await cycleOf('DEMO-EQUIPMENT');
    await inspection('DEMO-EQUIPMENT', 95);
    const before = await scoreCycleInput(ds, equipment, DEFAULT_RULESET);
    expect(before.factCount).toBe(1);

    // Another department's inspection, a hazard day of a person elsewhere: not this cycle's facts.
    await inspection('DEMO-PRODUCTION', 72);
    const stranger = await ds.getRepository(Person).findOneByOrFail({ employeeNo: 'E1006' }); // head of production
    await ds.getRepository(Fact).insert({
      id: `hz:${randomUUID()}`,
      kind: 'hazard.overdue_day',
      personId: stranger.id,
      attribution: 'direct',
      orgUnitId: (await unit('DEMO-PRODUCTION')).id,
      departmentHeadPersonId: stranger.id,
      sourceWorkflowId: 'hz',
      subjectId: 'hz',
      value: 1,
      occurredAt: at,
      data: JSON.stringify({ hazardId: 'hz' }),
      policyVersion: null,
    });
    const again = await scoreCycleInput(ds, equipment, DEFAULT_RULESET);
    expect([again.result.inputHash, again.factCount]).toEqual([before.result.inputHash, 1]);
    expect(again.result.results.map((r) => [r.subjectType, r.subjectId, r.total, r.inputHash])).toEqual(
      before.result.results.map((r) => [r.subjectType, r.subjectId, r.total, r.inputHash]),
    );

    // The wider cycle (the plant) sees both.
    const plant = await scoreCycleInput(ds, await cycleOf('DEMO-PLANT'), DEFAULT_RULESET);
    expect(plant.factCount).toBe(3);

    // A late inspection of the department itself: not reproduced.
    await inspection('DEMO-EQUIPMENT', 60);
    const late = await scoreCycleInput(ds, equipment, DEFAULT_RULESET);
    expect(late.factCount).toBe(2);
    expect(late.result.inputHash).not.toBe(before.result.inputHash);
  });

  it("the default ruleset's literal examples hold through the cycle's scoring on the database", async () => {
    // October 2026: nothing else in that period. Each example on one person of the plant.
    const october = {
      ...(await cycleOf('DEMO-PLANT')),
      period: '2026-10',
      periodStart: new Date(Date.UTC(2026, 9, 1)),
      periodEnd: new Date(Date.UTC(2026, 10, 1)),
    };
    const when = new Date(Date.UTC(2026, 9, 12, 9));
    const who: Record<string, string> = {
      no_facts: 'E1004',
      failed_training: 'E1008',
      one_overdue: 'E1003',
      two_overdue: 'E1002',
      inspected_head: 'E1006',
      declarations: 'E1007',
    };
    const expected = new Map<string, { total: number; rating: string }>();
    for (const e of LITERAL_EXAMPLES) {
      const p = await ds.getRepository(Person).findOneByOrFail({ employeeNo: who[e.code] });
      expected.set(p.id, { total: e.total, rating: e.rating });
      for (const f of e.facts) {
        const id = `${e.code}:${randomUUID()}`;
        await ds.getRepository(Fact).insert({
          id,
          kind: f.kind,
          personId: f.departmentHead ? null : p.id,
          attribution: f.departmentHead ? 'department_head' : 'direct',
          orgUnitId: p.orgUnitId,
          departmentHeadPersonId: f.departmentHead ? p.id : null,
          sourceWorkflowId: `example:${e.code}`,
          subjectId: f.hazardId ?? id,
          value: f.value,
          occurredAt: when,
          data: JSON.stringify(f.hazardId ? { hazardId: f.hazardId } : {}),
          policyVersion: null,
        });
      }
    }
    const { result } = await scoreCycleInput(ds, october, DEFAULT_RULESET);
    for (const [personId, want] of expected) {
      const r = result.results.find((x) => x.subjectType === 'person' && x.subjectId === personId)!;
      expect([personId, r.total, r.rating]).toEqual([personId, want.total, want.rating]);
    }
    // The production department (its head and one operator): the inspection −10 directly, the failed training −2 over 2 people.
    const productionId = (await unit('DEMO-PRODUCTION')).id;
    const dept = result.results.find((x) => x.subjectType === 'department' && x.subjectId === productionId)!;
    expect(dept.lines.flatMap((l) => (l.kind === 'indicator' ? [] : [[l.ruleCode, l.points]]))).toEqual([
      ['failed_training', -1],
      ['inspection_below_threshold', -10],
    ]);
    expect(dept.total).toBe(89);
    // A plant's cycle scores no company; posts are real posts only.
    expect(result.results.some((x) => x.subjectType === 'company')).toBe(false);
  });
});
