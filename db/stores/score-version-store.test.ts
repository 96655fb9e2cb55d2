import { supersededBy } from './score-version-store';

const v = (version: number, status: string, publishedAt: string | null) => ({ version, status, publishedAt: publishedAt ? new Date(publishedAt) : null });

describe('superseded by', () => {
  it('names the next version published after each superseded one, in publishing order; drafts and the one in force have none', () => {
    expect([
      ...supersededBy([
        v(1, 'superseded', '2026-12-01T08:00:00Z'),
        v(2, 'superseded', '2026-12-02T08:00:00Z'),
        v(3, 'published', '2026-12-03T08:00:00Z'),
        v(4, 'draft', null),
      ]),
    ]).toEqual([
      [1, 2],
      [2, 3],
      [3, null],
      [4, null],
    ]);
    // A late-facts draft (v2) published after an appeal's version (v3): v3 is superseded by v2.
    expect([
      ...supersededBy([v(1, 'superseded', '2026-12-01T08:00:00Z'), v(2, 'published', '2026-12-05T08:00:00Z'), v(3, 'superseded', '2026-12-03T08:00:00Z')]),
    ]).toEqual([
      [1, 3],
      [2, null],
      [3, 2],
    ]);
  });
});
