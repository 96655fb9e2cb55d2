import fc from 'fast-check';
import {
  dayToInstant,
  deterministicId,
  importedInspectionId,
  inspectionFactId,
  isCalendarDate,
  normalisedScore,
  planInspectionImport,
  readDayCell,
  scoreInspection,
  templateItemIssues,
  todayIn,
  type ImportLookups,
  type InspectionImportRow,
  type TemplateItemDef,
} from './rules';
import { periodContaining } from '../assessment-cycle/period';

const WALK: TemplateItemDef[] = [
  { code: 'guards', title: 'Guards', category: 'machinery', maxScore: 10, weight: 2 },
  { code: 'housekeeping', title: 'Housekeeping', category: null, maxScore: 10, weight: 1 },
  { code: 'exits', title: 'Exits', category: 'fire', maxScore: 5, weight: 1 },
];

describe('inspection score', () => {
  it('normalises Σ weight × score / max over Σ weight to 0–100, two decimals', () => {
    const r = scoreInspection(WALK, [
      { code: 'guards', score: 5 },
      { code: 'housekeeping', score: 7 },
      { code: 'exits', score: 5 },
    ]);
    // (2×0.5 + 1×0.7 + 1×1) / 4 = 0.675
    expect(r).toMatchObject({ ok: true, score: 67.5 });
    expect(
      scoreInspection(
        WALK,
        WALK.map((i) => ({ code: i.code, score: i.maxScore })),
      ),
    ).toMatchObject({ ok: true, score: 100 });
    expect(
      scoreInspection(
        WALK,
        WALK.map((i) => ({ code: i.code, score: 0 })),
      ),
    ).toMatchObject({ ok: true, score: 0 });
    // 2/3 → 66.67
    expect(normalisedScore([{ score: 2, maxScore: 3, weight: 1 }])).toBe(66.67);
  });

  it('leaves not-applicable items out of both sums and keeps the template order', () => {
    const r = scoreInspection(WALK, [
      { code: 'exits', score: 4, remark: 'one sign faded' },
      { code: 'guards', score: null },
      { code: 'HOUSEKEEPING', score: 10 },
    ]);
    expect(r.ok && r.score).toBe(90); // (1×1 + 1×0.8) / 2
    expect(r.ok && r.items.map((i) => [i.code, i.position, i.score, i.remark])).toEqual([
      ['guards', 0, null, null],
      ['housekeeping', 1, 10, null],
      ['exits', 2, 4, 'one sign faded'],
    ]);
  });

  it('names every problem by its path', () => {
    const r = scoreInspection(WALK, [
      { code: 'guards', score: 11 },
      { code: 'guards', score: 1 },
      { code: 'ladders', score: 1 },
      { code: 'exits', score: -1 },
    ]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([
      { path: 'items.0.score', message: expect.stringMatching(/between 0 and 10/) },
      { path: 'items.1.code', message: expect.stringMatching(/twice/) },
      { path: 'items.2.code', message: 'the template has no item ladders' },
      { path: 'items.3.score', message: expect.stringMatching(/between 0 and 5/) },
      { path: 'items', message: expect.stringMatching(/missing: housekeeping/) },
    ]);
    expect(
      scoreInspection(
        WALK,
        WALK.map((i) => ({ code: i.code, score: null })),
      ),
    ).toEqual({ ok: false, issues: [{ path: 'items', message: expect.stringMatching(/at least one item must apply/) }] });
  });

  it('property: always within 0–100, 100 exactly when every applicable item is full, monotone in each score', () => {
    const template = fc.array(fc.record({ maxScore: fc.integer({ min: 1, max: 50 }), weight: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        template,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (defs, fractions, na) => {
          const items: TemplateItemDef[] = defs.map((d, i) => ({ code: `i${i}`, title: `Item ${i}`, category: null, ...d }));
          const entries = items.map((d, i) => ({ code: d.code, score: na[i] && i > 0 ? null : Math.round(fractions[i] * d.maxScore * 2) / 2 }));
          const r = scoreInspection(items, entries);
          if (!r.ok) return false;
          if (r.score < 0 || r.score > 100) return false;
          const full = entries.every((e, i) => e.score === null || e.score === items[i].maxScore);
          if (full !== (r.score === 100)) return false;
          // Raising one applicable score never lowers the total.
          const k = entries.findIndex((e, i) => e.score !== null && e.score < items[i].maxScore);
          if (k < 0) return true;
          const raised = scoreInspection(
            items,
            entries.map((e, i) => (i === k ? { ...e, score: items[i].maxScore } : e)),
          );
          return raised.ok && raised.score >= r.score;
        },
      ),
    );
  });

  it('template items: unique codes, positive max scores and weights', () => {
    expect(templateItemIssues(WALK)).toEqual([]);
    expect(templateItemIssues([])).toEqual([{ path: 'items', message: expect.any(String) }]);
    expect(templateItemIssues([...WALK, { code: 'Guards', maxScore: 0, weight: -1 }]).map((i) => i.path)).toEqual([
      'items.3.code',
      'items.3.maxScore',
      'items.3.weight',
    ]);
  });
});

describe('days and facts', () => {
  it('a day is a real calendar day', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-2-1')).toBe(false);
  });

  it('spreadsheet day cells: ISO, slashes, and xlsx date cells as the reader renders them', () => {
    expect(readDayCell('2026-02-10')).toBe('2026-02-10');
    expect(readDayCell(' 2026/2/3 ')).toBe('2026-02-03');
    expect(readDayCell('Tue Feb 10 2026 08:00:00 GMT+0800 (China Standard Time)')).toBe('2026-02-10');
    expect(readDayCell('Mon Feb 09 2026 19:00:00 GMT-0500 (Eastern Standard Time)')).toBe('2026-02-10');
    expect(readDayCell('10.02.2026')).toBeNull();
    expect(readDayCell('2026-02-30')).toBeNull();
  });

  it('a day-dated fact occurs at noon in the group’s time zone: inside that day’s periods', () => {
    expect(dayToInstant('2026-03-01')).toBe('2026-03-01T04:00:00.000Z');
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const day = d.toISOString().slice(0, 10);
        const at = dayToInstant(day);
        return (
          todayIn(new Date(at)) === day &&
          (['weekly', 'monthly', 'quarterly'] as const).every(
            (c) =>
              periodContaining(c, at).start <= at &&
              at < periodContaining(c, at).end &&
              periodContaining(c, `${day}T00:00:00+08:00`).label === periodContaining(c, at).label,
          )
        );
      }),
    );
  });

  it('ids: the fact of an inspection, and deterministic import ids shaped like UUIDs', () => {
    expect(inspectionFactId('abc')).toBe('inspection:abc/scored');
    const id = importedInspectionId('t', 'u', '2026-02-10');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importedInspectionId('t', 'u', '2026-02-10')).toBe(id);
    expect(importedInspectionId('t', 'u', '2026-02-11')).not.toBe(id);
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => a === b || deterministicId(a) !== deterministicId(b)));
  });
});

describe('inspection import planning', () => {
  const lookups: ImportLookups = {
    templates: new Map([['WALK', { id: 't-walk', items: WALK }]]),
    units: new Map([
      ['WS-A', { id: 'u-a', kind: 'workshop', inScope: true }],
      ['PLANT', { id: 'u-p', kind: 'plant', inScope: true }],
      ['ELSEWHERE', { id: 'u-x', kind: 'department', inScope: false }],
    ]),
    inspectors: new Map([
      ['E1002', 'person-safety'],
      ['safety', 'person-safety'],
      ['E1006', 'person-head'],
    ]),
  };
  const row = (n: number, over: Partial<InspectionImportRow>): InspectionImportRow => ({
    row: n,
    template: 'WALK',
    orgUnitCode: 'WS-A',
    date: '2026-02-10',
    item: null,
    score: null,
    total: null,
    inspector: null,
    remark: null,
    ...over,
  });

  it('groups item rows into one inspection per template, unit and date, and total rows into their own', () => {
    const { problems, inspections } = planInspectionImport(
      [
        row(2, { item: 'guards', score: 5, inspector: 'safety' }),
        row(3, { item: 'housekeeping', score: 7, remark: 'oil at press 2' }),
        row(4, { item: 'exits', score: null }),
        row(5, { date: '2026-02-11', total: 88.456, remark: 'paper' }),
      ],
      lookups,
    );
    expect(problems).toEqual([]);
    expect(inspections).toHaveLength(2);
    expect(inspections[0]).toMatchObject({
      id: importedInspectionId('t-walk', 'u-a', '2026-02-10'),
      mode: 'items',
      score: 56.67,
      inspectorPersonId: 'person-safety',
      rows: [2, 3, 4],
    });
    expect(inspections[0].items.find((i) => i.code === 'housekeeping')?.remark).toBe('oil at press 2');
    expect(inspections[1]).toMatchObject({ mode: 'total', score: 88.46, items: [], remarks: 'paper', inspectorPersonId: null, rows: [5] });
  });

  it('every problem names its row and column', () => {
    const { problems, inspections } = planInspectionImport(
      [
        row(2, { template: 'NOPE', item: 'guards', score: 1 }),
        row(3, { template: 'walk', total: 80 }), // codes are exact
        row(4, { orgUnitCode: 'ELSEWHERE', total: 80 }),
        row(5, { orgUnitCode: 'PLANT', total: 80 }),
        row(6, { date: '2026-02-30', total: 80 }),
        row(7, { inspector: 'nobody', total: 80 }),
        row(8, { date: '2026-03-01' }),
        row(9, { date: '2026-03-02', item: 'guards', score: 12 }),
        row(10, { date: '2026-03-02', item: 'ladders', score: 1 }),
        row(11, { date: '2026-03-02', item: 'exits', score: 5 }),
        row(12, { date: '2026-03-03', total: 101 }),
      ],
      lookups,
    );
    expect(inspections).toEqual([]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'template'],
      [3, 'template'],
      [4, 'orgUnitCode'],
      [5, 'orgUnitCode'],
      [6, 'date'],
      [7, 'inspector'],
      [8, 'total'],
      [9, 'score'],
      [9, 'item'], // the inspection of 2026-03-02 misses housekeeping (reported on its first row)
      [10, 'item'],
      [12, 'total'],
    ]);
    expect(problems.find((p) => p.row === 9 && p.column === 'item')!.message).toMatch(/missing: housekeeping/);
  });

  it('a total row cannot be mixed with item rows or a second total of the same inspection', () => {
    const { problems } = planInspectionImport([row(2, { total: 90 }), row(3, { item: 'guards', score: 5 }), row(4, { total: 91 })], lookups);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'item'],
      [4, 'total'],
    ]);
    expect(planInspectionImport([row(2, { item: 'guards', score: 5, total: 90 })], lookups).problems.map((p) => p.column)).toEqual(['total']);
  });

  it('property: the plan never depends on the order of the rows', () => {
    const rows = [
      row(2, { item: 'guards', score: 5 }),
      row(3, { item: 'housekeeping', score: 7 }),
      row(4, { item: 'exits', score: 3 }),
      row(5, { date: '2026-02-11', total: 70 }),
      row(6, { orgUnitCode: 'PLANT', total: 1 }),
    ];
    const base = planInspectionImport(rows, lookups);
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        const r = planInspectionImport(shuffled, lookups);
        const key = (x: typeof base) => JSON.stringify([x.problems, x.inspections.map((i) => [i.id, i.score, i.mode]).sort()]);
        return key(r) === key(base);
      }),
    );
  });
});
