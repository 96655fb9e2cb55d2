import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { aggregateInSql } from '../../activities/shared/scoring-sql';
import { migrate, openDatabase } from '../../db/data-source';
import { Fact as FactRow } from '../../db/entities';
import { aggregateFacts, aggregationPlan, DEFAULT_RULESET, scoreFromAggregates, type Aggregate, type Fact } from '../../domain/scoring';
import { DEPARTMENTS, PERIOD, SUBJECTS } from '../../domain/scoring/fixtures';
import { createScratchMysqlDatabase } from '../support/mysql';

/**
 * The SQL push-down (fact classes counted by MariaDB) gives exactly the numbers of the in-process
 * aggregation, fact by fact, for arbitrary facts — so the cycle can count in SQL and still have
 * one rule-evaluation path.
 */
describe('scoring aggregation in SQL', () => {
  let db: Awaited<ReturnType<typeof createScratchMysqlDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createScratchMysqlDatabase();
    ds = await openDatabase({ kind: 'mysql', url: db.url });
    await migrate(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const kinds = [
    'hazard.closed',
    'hazard.overdue_day',
    'hazard.verification',
    'training.attended',
    'inspection.scored',
    'guard.check',
    'risk.input',
    'emergency.response',
    'hazard.reported',
    'declaration.approved',
    'incident.serious',
  ];
  // Few distinct values, so many facts fall into one class (the SQL path must scale counts back up).
  const unitOf: Record<string, string> = Object.fromEntries(SUBJECTS.map((x) => [x.personId, x.orgUnitId]));
  const factArb = fc.record({
    kind: fc.constantFrom(...kinds),
    personId: fc.constantFrom('p1', 'p1', 'p3', 'stranger', null),
    attribution: fc.constantFrom('direct', 'direct', 'direct', 'department_head'),
    elsewhere: fc.constantFrom(false, false, false, true),
    head: fc.constantFrom('h1', 'h1', null),
    value: fc.constantFrom(0, 1, 1, 80, 120.5, null),
    onTime: fc.option(fc.boolean(), { nil: undefined }),
    late: fc.option(fc.boolean(), { nil: undefined }),
    gap: fc.constantFrom(undefined, false),
    hazardId: fc.option(fc.constantFrom('hz-a', 'hz-b'), { nil: undefined }),
    direct: fc.constantFrom(undefined, undefined, undefined, 'p3', 'nobody'),
    subject: fc.constantFrom('s1', 's2'),
    minute: fc.integer({ min: -100, max: 44_700 }),
  });

  const key = (a: Aggregate) => `${a.subjectType}|${a.subjectId}|${a.code}|${a.groupKey}`;

  it('equals the in-process aggregation for arbitrary facts (numbers, rows, scores)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(factArb, { minLength: 50, maxLength: 400 }), async (specs) => {
        run++;
        await ds.getRepository(FactRow).clear();
        const facts: Fact[] = specs.map((s, i) => {
          const data: Record<string, unknown> = {};
          if (s.onTime !== undefined) data.onTime = s.onTime;
          if (s.late !== undefined) data.late = s.late;
          if (s.gap !== undefined) data.gap = s.gap;
          if (s.hazardId !== undefined) data.hazardId = s.hazardId;
          if (s.direct !== undefined) data.directPersonId = s.direct;
          return {
            id: `r${run}/f${String(i).padStart(4, '0')}`,
            kind: s.kind,
            personId: s.personId,
            attribution: s.attribution,
            orgUnitId: s.elsewhere ? 'elsewhere' : ((s.personId && unitOf[s.personId]) ?? null),
            departmentHeadPersonId: s.head,
            sourceWorkflowId: `wf-${i % 4}`,
            subjectId: s.subject,
            value: s.value,
            occurredAt: new Date(Date.parse(PERIOD.start) + s.minute * 60_000).toISOString(),
            data,
          };
        });
        await ds
          .getRepository(FactRow)
          .insert(facts.map((f) => ({ ...f, occurredAt: new Date(f.occurredAt), data: JSON.stringify(f.data), policyVersion: null })));
        const ctx = { ruleset: DEFAULT_RULESET, subjects: SUBJECTS, departments: DEPARTMENTS, period: PERIOD };
        const inProcess = aggregateFacts(facts, ctx).aggregates;
        const sql = await aggregateInSql(ds, DEFAULT_RULESET, PERIOD, SUBJECTS, DEPARTMENTS);
        // Scanned: the period's facts of the kinds the ruleset reads (guard.check, hazard.reported: none in the defaults).
        const read = new Set(aggregationPlan(DEFAULT_RULESET).flatMap((e) => e.kinds));
        expect(sql.factCount).toBe(facts.filter((f) => f.occurredAt >= PERIOD.start && f.occurredAt < PERIOD.end && read.has(f.kind)).length);
        // The scope's facts: those behind some row of a known subject (the input hash covers these only).
        expect(sql.scopeFactCount).toBe(new Set(inProcess.flatMap((x) => x.factIds)).size);
        const a = new Map(inProcess.map((x) => [key(x), x]));
        expect(sql.classCount).toBeLessThanOrEqual(sql.factCount);
        const b = new Map(sql.aggregates.map((x) => [key(x), x]));
        expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
        for (const [k, x] of a) {
          const y = b.get(k)!;
          expect([k, y.n, y.hits, y.persons]).toEqual([k, x.n, x.hits, x.persons]);
          expect(y.sum).toBeCloseTo(x.sum, 6);
          expect(x.factIds).toEqual(expect.arrayContaining(y.factIds));
        }
        const totals = (aggs: Aggregate[]) => scoreFromAggregates(aggs, { ...ctx }).results.map((r) => [r.subjectType, r.subjectId, r.total, r.rating]);
        expect(totals(sql.aggregates)).toEqual(totals(inProcess));
      }),
      { numRuns: 25, seed: 20261121 },
    );
  });
});
