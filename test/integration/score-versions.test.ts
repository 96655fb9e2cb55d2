import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { catchUpCorrections, publishCorrection, type CorrectionRequest } from '../../activities/score-versions';
import { migrate } from '../../db/data-source';
import { AssessmentCycle, AuditEntry, OrgUnit, ScoreResult, ScoreSnapshot } from '../../db/entities';
import { ensureDefaultRuleset } from '../../db/stores/ruleset-store';
import { overduePenalty } from '../../domain/scoring/fixtures';
import { openScratchDatabase } from '../support/mysql';

/**
 * A version made by an appeal or adjustment, on both drivers: the version in force + that change
 * on its line, nothing else; the old version untouched; once per process; two decisions stack;
 * a draft published later gets the decisions it missed.
 */
describe.each([['mysql' as const], ['sqlite' as const]])('score versions from corrections (%s)', (kind) => {
  let ds: DataSource;
  let close: () => Promise<void>;
  const cycleId = `co:${randomUUID().slice(0, 8)}:2026-11`;
  const [p1, p2, dept] = [randomUUID(), randomUUID(), randomUUID()];
  const overdue = overduePenalty(['o1', 'o2', 'o3', 'o4', 'o5'], '5 x -5 = -25, capped at -20');
  const row = (version: number, subjectType: string, subjectId: string, total: number, lines: unknown[], name: string): Partial<ScoreResult> => ({
    id: `${cycleId}#${version}/${subjectType}/${subjectId}`,
    snapshotId: `${cycleId}#${version}`,
    cycleId,
    subjectType,
    subjectId,
    departmentId: dept,
    total,
    rating: total >= 90 ? 'excellent' : 'qualified',
    summary: JSON.stringify({
      dimensionScores: { risk_control: 100 },
      dimensionAdjustments: { risk_control: -20 },
      flags: { consecutiveNeedsImprovement: false, specialReview: false },
    }),
    lines: JSON.stringify(lines),
    inputHash: `h-${subjectId}`,
    subject: JSON.stringify({ name, employeeNo: null, departmentName: 'Equipment', post: null }),
  });
  const snapshot = (version: number, status: string, reason = 'initial'): Partial<ScoreSnapshot> => ({
    id: `${cycleId}#${version}`,
    cycleId,
    version,
    reason,
    status,
    rulesetVersion: 1,
    inputHash: 'facts-hash',
    factCount: 5,
    subjectCount: 3,
    note: `v${version}`,
    createdBy: 'hr',
    publishedAt: status === 'draft' ? null : new Date('2026-12-01T08:00:00Z'),
    corrections: null,
  });
  const rows = async (version: number) =>
    new Map((await ds.getRepository(ScoreResult).findBy({ snapshotId: `${cycleId}#${version}` })).map((r) => [`${r.subjectType}/${r.subjectId}`, r]));
  const appeal = (workflowId: string, delta: number, over: Partial<CorrectionRequest> = {}): CorrectionRequest => ({
    kind: 'appeal',
    workflowId,
    cycleId,
    subjectType: 'person',
    subjectId: p1,
    lineCode: 'hazard_overdue',
    delta,
    reasonCode: 'appeal',
    reason: 'The hazard waited for a spare part',
    decision: 'Purchasing log confirms it',
    proposedBy: 'employee',
    decidedBy: 'head.equipment',
    ...over,
  });

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
    await migrate(ds);
    await ensureDefaultRuleset(ds);
    await ds.getRepository(OrgUnit).insert({
      id: dept,
      parentId: null,
      kind: 'department',
      name: 'Equipment',
      code: `SV-${dept.slice(0, 8)}`,
      departmentFunction: null,
      path: `/${dept}/`,
      headPersonId: null,
    });
    await ds.getRepository(AssessmentCycle).insert({
      id: cycleId,
      workflowId: `AssessmentCycle:${cycleId}`,
      scopeOrgUnitId: dept,
      cadence: 'monthly',
      period: '2026-11',
      periodStart: new Date('2026-11-01T00:00:00Z'),
      periodEnd: new Date('2026-12-01T00:00:00Z'),
      rulesetVersion: 1,
      status: 'published',
      currentSnapshot: 1,
      startedBy: 'hr',
      reviewedBy: 'hr',
      publishedAt: new Date('2026-12-01T08:00:00Z'),
    });
    await ds.getRepository(ScoreSnapshot).insert(snapshot(1, 'published'));
    await ds
      .getRepository(ScoreResult)
      .insert([row(1, 'person', p1, 80, [overdue], 'Wang Qiang'), row(1, 'person', p2, 100, [], 'Li Na'), row(1, 'department', dept, 93.5, [], 'Equipment')]);
  }, 60_000);
  afterAll(() => close?.());

  it('an appeal accepted with +3 on the overdue line of a person at 80: 83 in the new version, on that line; everything else and the old version unchanged; once per process', async () => {
    const before = await rows(1);
    expect(await publishCorrection(ds, appeal('Appeal:a1', 3), new Date('2026-12-03T10:00:00Z'), () => undefined)).toBe(2);
    const v2 = await rows(2);
    const mine = v2.get(`person/${p1}`)!;
    expect([mine.total, mine.rating]).toEqual([83, 'qualified']);
    const [line] = JSON.parse(mine.lines) as {
      points: number;
      adjustment: number;
      factIds: string[];
      corrections: { reason: string; decision: string; decidedBy: string; version: number }[];
    }[];
    expect(line).toMatchObject({
      points: -17,
      adjustment: 3,
      factIds: overdue.factIds,
      corrections: [{ reason: 'The hazard waited for a spare part', decision: 'Purchasing log confirms it', decidedBy: 'head.equipment', version: 2 }],
    });
    expect(JSON.parse(mine.summary).dimensionAdjustments).toEqual({ risk_control: -17 });
    expect(mine.subject).toBe(before.get(`person/${p1}`)!.subject);
    for (const k of [`person/${p2}`, `department/${dept}`]) {
      const { id: _a, snapshotId: _b, ...was } = before.get(k)!;
      const { id: _c, snapshotId: _d, ...now } = v2.get(k)!;
      expect(now).toEqual(was);
    }
    // The old version: the same rows, superseded; the new one in force, with the correction in its header.
    expect(await rows(1)).toEqual(before);
    const snaps = await ds.getRepository(ScoreSnapshot).find({ where: { cycleId }, order: { version: 'ASC' } });
    expect(snaps.map((s) => [s.version, s.status, s.reason, s.inputHash, s.factCount])).toEqual([
      [1, 'superseded', 'initial', 'facts-hash', 5],
      [2, 'published', 'appeal', 'facts-hash', 5],
    ]);
    expect(JSON.parse(snaps[1]!.corrections!)).toMatchObject({
      basedOn: 1,
      items: [{ workflowId: 'Appeal:a1', delta: 3, lineCode: 'hazard_overdue', version: 2 }],
    });
    expect((await ds.getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).currentSnapshot).toBe(2);
    const audit = await ds.getRepository(AuditEntry).findOneByOrFail({ action: 'cycle.appeal_applied', entityId: cycleId });
    expect([JSON.parse(audit.before!), JSON.parse(audit.after!)]).toMatchObject([
      { version: 1, total: 80 },
      { version: 2, basedOn: 1, total: 83, delta: 3 },
    ]);
    // A retry of the same process returns its version; nothing new.
    expect(await publishCorrection(ds, appeal('Appeal:a1', 3), new Date(), () => undefined)).toBe(2);
    expect(await ds.getRepository(ScoreSnapshot).countBy({ cycleId })).toBe(2);
  });

  it('two decisions stack (the second on top of the first); a correction of the total is a line of its own', async () => {
    const made =
      kind === 'mysql'
        ? await Promise.all([
            publishCorrection(ds, appeal('Adjustment:b', -2, { kind: 'adjustment', lineCode: null, subjectId: p2 }), new Date(), () => undefined),
            publishCorrection(ds, appeal('Appeal:c', 1), new Date(), () => undefined),
          ])
        : [
            await publishCorrection(ds, appeal('Adjustment:b', -2, { kind: 'adjustment', lineCode: null, subjectId: p2 }), new Date(), () => undefined),
            await publishCorrection(ds, appeal('Appeal:c', 1), new Date(), () => undefined),
          ];
    expect([...made].sort()).toEqual([3, 4]);
    const v4 = await rows(4);
    expect(v4.get(`person/${p1}`)!.total).toBe(84);
    expect(v4.get(`person/${p2}`)!.total).toBe(98);
    expect(JSON.parse(v4.get(`person/${p2}`)!.lines)).toMatchObject([{ kind: 'penalty', ruleCode: 'manual_adjustment', points: -2, adjustment: -2 }]);
    const header = JSON.parse((await ds.getRepository(ScoreSnapshot).findOneByOrFail({ cycleId, version: 4 })).corrections!);
    expect(header.items.map((c: { workflowId: string }) => c.workflowId).sort()).toEqual(['Adjustment:b', 'Appeal:a1', 'Appeal:c']);
  });

  it('a draft scored before those decisions gets them when it is published', async () => {
    await ds.getRepository(ScoreSnapshot).insert(snapshot(5, 'draft', 'late_facts'));
    await ds.getRepository(ScoreResult).insert([
      row(
        5,
        'person',
        p1,
        75,
        [
          { ...overdue, value: 6, n: 6 },
          {
            kind: 'penalty',
            ruleCode: 'failed_training',
            dimension: 'compliance_execution',
            value: 1,
            points: -5,
            rating: null,
            n: 1,
            factIds: ['t1'],
            explanation: '',
          },
        ],
        'Wang Qiang',
      ),
      row(5, 'person', p2, 100, [], 'Li Na'),
      row(5, 'department', dept, 90, [], 'Equipment'),
    ]);
    await ds.transaction((em) => catchUpCorrections(em, cycleId, 5));
    const v5 = await rows(5);
    expect(v5.get(`person/${p1}`)!.total).toBe(79); // 75 + 3 + 1
    expect(JSON.parse(v5.get(`person/${p1}`)!.lines)[0]).toMatchObject({ ruleCode: 'hazard_overdue', points: -16, adjustment: 4 });
    expect(v5.get(`person/${p2}`)!.total).toBe(98);
    expect(v5.get(`department/${dept}`)!.total).toBe(90);
    expect(JSON.parse((await ds.getRepository(ScoreSnapshot).findOneByOrFail({ cycleId, version: 5 })).corrections!).items).toHaveLength(3);
    await ds.transaction((em) => catchUpCorrections(em, cycleId, 5)); // once
    expect((await rows(5)).get(`person/${p1}`)!.total).toBe(79);
  });
});
