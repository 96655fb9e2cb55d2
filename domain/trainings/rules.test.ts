import fc from 'fast-check';
import { parseYesNo, planAttendanceImport, resultIssue, trainingFactId, trainingFactValue, type AttendanceImportRow, type AttendanceLookups } from './rules';

describe('training results', () => {
  it('the fact value: 1 attended and passed, 0 absent or failed', () => {
    expect(trainingFactValue({ attended: true, passed: true })).toBe(1);
    expect(trainingFactValue({ attended: true, passed: false })).toBe(0);
    expect(trainingFactValue({ attended: false, passed: false })).toBe(-1); // absent: its own value, not a failed test
    expect(resultIssue({ attended: false, passed: true })).toMatch(/without attending/);
    expect(resultIssue({ attended: true, passed: false })).toBeNull();
  });

  it('one fact per session and person', () => {
    expect(trainingFactId('t1', 'p1')).toBe('training:t1/p1');
    fc.assert(fc.property(fc.uuid(), fc.uuid(), fc.uuid(), (t, a, b) => a === b || trainingFactId(t, a) !== trainingFactId(t, b)));
  });

  it('reads yes/no cells', () => {
    expect(['yes', 'Y', 'TRUE', '1', '是', 'x', 'passed'].map(parseYesNo)).toEqual(Array(7).fill(true));
    expect(['no', 'N', 'false', '0', '否', 'absent', 'fail'].map(parseYesNo)).toEqual(Array(7).fill(false));
    expect([null, '', '  '].map(parseYesNo)).toEqual([null, null, null]);
    expect(parseYesNo('maybe')).toBeUndefined();
  });
});

describe('attendance import planning', () => {
  const lookups: AttendanceLookups = {
    trainings: new Map([
      ['LOTO-1', { id: 't1', writable: true }],
      ['t1', { id: 't1', writable: true }],
      ['OTHER', { id: 't2', writable: false }],
    ]),
    people: new Map([
      ['E1008', { id: 'p-emp', inScope: true }],
      ['employee', { id: 'p-emp', inScope: true }],
      ['E1006', { id: 'p-head', inScope: true }],
      ['E9999', { id: 'p-far', inScope: false }],
    ]),
  };
  const row = (n: number, over: Partial<AttendanceImportRow>): AttendanceImportRow => ({
    row: n,
    training: 'LOTO-1',
    person: 'E1008',
    attended: 'yes',
    passed: 'yes',
    remark: null,
    ...over,
  });

  it('plans results; an absent person without a pass cell did not pass', () => {
    const r = planAttendanceImport([row(2, {}), row(3, { person: 'E1006', attended: 'no', passed: null, remark: 'on leave' })], lookups);
    expect(r.problems).toEqual([]);
    expect(r.results).toEqual([
      { row: 2, trainingId: 't1', personId: 'p-emp', attended: true, passed: true, remark: null },
      { row: 3, trainingId: 't1', personId: 'p-head', attended: false, passed: false, remark: 'on leave' },
    ]);
  });

  it('names every bad row and column', () => {
    const r = planAttendanceImport(
      [
        row(2, { training: 'NOPE' }),
        row(3, { training: 'OTHER' }),
        row(4, { person: 'E9999' }),
        row(5, { person: 'ghost' }),
        row(6, { person: 'E1006', attended: 'perhaps' }),
        row(7, { person: 'E1006', passed: null }),
        row(8, { person: 'E1006', attended: 'no', passed: 'yes' }),
        row(9, { person: 'E1006', passed: 'dunno' }),
        row(10, {}),
        row(11, { training: 't1', person: 'employee' }),
      ],
      lookups,
    );
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'training'],
      [3, 'training'],
      [4, 'person'],
      [5, 'person'],
      [6, 'attended'],
      [7, 'passed'],
      [8, 'passed'],
      [9, 'passed'],
      [11, 'person'], // the same person in the same session as row 10 (by id and username)
    ]);
    expect(r.results.map((x) => x.row)).toEqual([10]);
  });
});
