import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { assessmentResultsTable, collaborationByDepartment, flagText, pinZipTimes, toCsv, type HandoffTask, type ResultRow } from './exports';

const meta = { cycleId: 'c1', period: '2026-11', version: 2, rulesetVersion: 3, inputHash: 'h' };
const row = (id: string, total: number): ResultRow => ({
  subjectType: 'person',
  subjectId: id,
  departmentId: null,
  total,
  rating: 'good',
  summary: JSON.stringify({ dimensionScores: { safety: total, collaboration: 80 }, flags: { specialReview: false, improvementStreak: 2 } }),
});

describe('exports', () => {
  it('ranks results by total then id, whatever the input order, and is deterministic', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.uuid(), fc.integer({ min: 0, max: 100 })), { selector: (x) => x[0], maxLength: 30 }), fc.nat(), (xs, seed) => {
        const rows = xs.map(([id, t]) => row(id, t));
        const shuffled = [...rows].sort((a, b) => (a.subjectId.charCodeAt(seed % 30) || 0) - (b.subjectId.charCodeAt(seed % 30) || 0));
        const a = assessmentResultsTable(meta, rows, new Map());
        const b = assessmentResultsTable(meta, shuffled, new Map());
        expect(toCsv(a)).toBe(toCsv(b));
        const totals = a.rows.map((r) => r[12] as number);
        expect([...totals].sort((x, y) => y - x)).toEqual(totals);
      }),
    );
  });

  it('writes dimension columns, raised flags, and neutralises formulas in CSV', () => {
    const t = assessmentResultsTable(
      meta,
      [row('p1', 70)],
      new Map([['p1', { name: '=HYPERLINK("x")', employeeNo: 'E1', departmentName: 'Prod, line "A"', post: null }]]),
    );
    expect(t.header.slice(-3)).toEqual(['Dimension: collaboration', 'Dimension: safety', 'Flags']);
    expect(t.rows[0]!.at(-1)).toBe('improvementStreak=2');
    const csv = toCsv(t);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"Prod, line ""A"""');
    expect(flagText({ a: true, b: false, c: 0, d: 'x', e: ['m', 'n'], f: [] })).toBe('a; d=x; e=m,n');
  });

  it('counts handoffs between departments of one process, on time or late, and open past due', () => {
    const h = 3_600_000;
    const t = (workflowId: string, departmentId: string, createdAt: number, dueAt: number | null, completedAt: number | null): HandoffTask => ({
      workflowId,
      processType: 'hazard',
      departmentId,
      createdAt,
      dueAt,
      completedAt,
      status: completedAt ? 'completed' : 'open',
    });
    const tasks = [
      t('w1', 'safety', 0, 2 * h, h),
      t('w1', 'equip', 2 * h, 4 * h, 3 * h),
      t('w1', 'equip', 3 * h, 10 * h, null),
      t('w2', 'safety', h, 2 * h, 2 * h),
      t('w2', 'prod', 3 * h, 5 * h, 9 * h),
      t('w3', 'safety', 0, null, null),
      t('w3', 'equip', h, 2 * h, null),
    ];
    const r = collaborationByDepartment(tasks, 0, 100 * h, 50 * h);
    expect(r).toEqual([
      {
        departmentId: 'equip',
        received: 2,
        completedOnTime: 1,
        completedLate: 0,
        openOverdue: 1,
        onTimeRate: 0.5,
        medianResponseHours: 1,
        sent: 0,
        fromDepartments: { safety: 2 },
      },
      {
        departmentId: 'prod',
        received: 1,
        completedOnTime: 0,
        completedLate: 1,
        openOverdue: 0,
        onTimeRate: 0,
        medianResponseHours: 6,
        sent: 0,
        fromDepartments: { safety: 1 },
      },
      {
        departmentId: 'safety',
        received: 0,
        completedOnTime: 0,
        completedLate: 0,
        openOverdue: 0,
        onTimeRate: null,
        medianResponseHours: null,
        sent: 3,
        fromDepartments: {},
      },
    ]);
    // Outside the window nothing counts.
    expect(collaborationByDepartment(tasks, 200 * h, 300 * h, 50 * h)).toEqual([]);
  });

  it('pins every zip entry time, so the same workbook written at another moment is the same bytes', async () => {
    const wb = new ExcelJS.Workbook();
    wb.created = wb.modified = new Date('2026-11-30T10:00:00Z');
    wb.addWorksheet('s').addRow(['a', 1]);
    const written = Buffer.from(await wb.xlsx.writeBuffer());
    const data = new Date('2026-12-01T08:30:14Z');
    const elsewhen = pinZipTimes(Buffer.from(written), new Date('2031-05-17T23:59:58Z')); // as if written another day
    expect(elsewhen.equals(written)).toBe(false);
    expect(pinZipTimes(elsewhen, data).equals(pinZipTimes(Buffer.from(written), data))).toBe(true);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(pinZipTimes(written, data) as unknown as Parameters<typeof back.xlsx.load>[0]);
    expect(back.worksheets[0]!.getRow(1).getCell(1).value).toBe('a');
    expect(() => pinZipTimes(Buffer.from('not a zip at all, just some text of some length'), data)).toThrow('not a zip file');
  });
});
