import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { scoreCycleInput } from '../../activities/scoring-data';
import { migrate } from '../../db/data-source';
import { Fact, OrgUnit, Person } from '../../db/entities';
import { seedDemo } from '../../db/seed/demo';
import { DEFAULT_RULESET } from '../../domain/scoring';
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
  const cycleOf = async (code: string) => ({ scopeOrgUnitId: (await unit(code)).id, cadence: 'monthly', period: '2026-11', periodStart: start, periodEnd: end });
  const inspection = async (code: string, value: number) => {
    const u = await unit(code);
    await ds.getRepository(Fact).insert({ id: `inspection:${randomUUID()}`, kind: 'inspection.scored', personId: u.headPersonId, attribution: 'department_head', orgUnitId: u.id, departmentHeadPersonId: u.headPersonId, sourceWorkflowId: `inspection:${randomUUID()}`, subjectId: randomUUID(), value, occurredAt: at, data: '{}', policyVersion: null });
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
    await ds.getRepository(Fact).insert({ id: `hz:${randomUUID()}`, kind: 'hazard.overdue_day', personId: stranger.id, attribution: 'direct', orgUnitId: (await unit('DEMO-PRODUCTION')).id, departmentHeadPersonId: stranger.id, sourceWorkflowId: 'hz', subjectId: 'hz', value: 1, occurredAt: at, data: JSON.stringify({ hazardId: 'hz' }), policyVersion: null });
    const again = await scoreCycleInput(ds, equipment, DEFAULT_RULESET);
    expect([again.result.inputHash, again.factCount]).toEqual([before.result.inputHash, 1]);
    expect(again.result.results.map((r) => [r.subjectType, r.subjectId, r.total, r.inputHash])).toEqual(before.result.results.map((r) => [r.subjectType, r.subjectId, r.total, r.inputHash]));

    // The wider cycle (the plant) sees both.
    const plant = await scoreCycleInput(ds, await cycleOf('DEMO-PLANT'), DEFAULT_RULESET);
    expect(plant.factCount).toBe(3);

    // A late inspection of the department itself: not reproduced.
    await inspection('DEMO-EQUIPMENT', 60);
    const late = await scoreCycleInput(ds, equipment, DEFAULT_RULESET);
    expect(late.factCount).toBe(2);
    expect(late.result.inputHash).not.toBe(before.result.inputHash);
  });
});
