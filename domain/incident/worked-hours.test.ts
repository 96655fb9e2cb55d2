import { monthHours } from './rates';

describe('worked hours of a scope', () => {
  // plant P with workshops A and B; A has the lines A1 and A2.
  const P = '/co/p/';
  const A = '/co/p/a/';
  const A1 = '/co/p/a/a1/';
  const A2 = '/co/p/a/a2/';
  const B = '/co/p/b/';

  it('sums the units’ entries of each month, months in order', () => {
    expect(
      monthHours([
        { unitPath: B, month: '2026-02', hours: 500 },
        { unitPath: A, month: '2026-01', hours: 1000 },
        { unitPath: B, month: '2026-01', hours: 2000 },
      ]),
    ).toEqual([
      { month: '2026-01', hours: 3000, entries: 2 },
      { month: '2026-02', hours: 500, entries: 1 },
    ]);
  });

  it('counts hours entered for a unit and for units under it once: the unit’s own entry stands for its subtree', () => {
    expect(
      monthHours([
        { unitPath: A, month: '2026-01', hours: 1000 },
        { unitPath: A1, month: '2026-01', hours: 600 },
        { unitPath: A2, month: '2026-01', hours: 500 },
        { unitPath: B, month: '2026-01', hours: 2000 },
      ]),
    ).toEqual([{ month: '2026-01', hours: 3000, entries: 2 }]);
  });

  it('a unit without an entry is the sum of its children’s, month by month', () => {
    expect(
      monthHours([
        { unitPath: A, month: '2026-01', hours: 1000 },
        { unitPath: A1, month: '2026-01', hours: 600 },
        { unitPath: A1, month: '2026-02', hours: 600 },
        { unitPath: A2, month: '2026-02', hours: 450 },
      ]),
    ).toEqual([
      { month: '2026-01', hours: 1000, entries: 1 },
      { month: '2026-02', hours: 1050, entries: 2 },
    ]);
  });

  it('the plant’s own entry stands for everything under it', () => {
    expect(
      monthHours([
        { unitPath: P, month: '2026-03', hours: 9000 },
        { unitPath: A, month: '2026-03', hours: 1000 },
        { unitPath: A1, month: '2026-03', hours: 600 },
      ]),
    ).toEqual([{ month: '2026-03', hours: 9000, entries: 1 }]);
  });

  it('a sibling whose path begins like another’s is no child of it', () => {
    expect(
      monthHours([
        { unitPath: '/co/p/a/', month: '2026-01', hours: 100 },
        { unitPath: '/co/p/ab/', month: '2026-01', hours: 200 },
      ]),
    ).toEqual([{ month: '2026-01', hours: 300, entries: 2 }]);
  });
});
