import fc from 'fast-check';
import { inLanes } from './notifications';

/** The dispatcher's lanes (activities/notifications.ts): every message once, one recipient's in order, never more lanes than allowed. */
describe('inLanes', () => {
  it('runs every item once, a key’s items in order, at most `lanes` at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(3)), { maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        async (spec, lanes) => {
          const items = spec.map(([key, delay], i) => ({ i, key: String(key), delay }));
          const done: number[] = [];
          let running = 0;
          let most = 0;
          await inLanes(
            items,
            lanes,
            (x) => x.key,
            async (x) => {
              running++;
              most = Math.max(most, running);
              await new Promise((r) => setTimeout(r, x.delay));
              done.push(x.i);
              running--;
            },
          );
          expect([...done].sort((a, b) => a - b)).toEqual(items.map((x) => x.i));
          for (const key of new Set(items.map((x) => x.key))) {
            const order = done.filter((i) => items[i].key === key);
            expect(order).toEqual([...order].sort((a, b) => a - b));
          }
          expect(most).toBeLessThanOrEqual(lanes);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rethrows a failure only once every lane has finished', async () => {
    const finished: string[] = [];
    const run = inLanes(
      ['a', 'b', 'c'],
      3,
      (x) => x,
      async (x) => {
        if (x === 'a') throw new Error('refused');
        await new Promise((r) => setTimeout(r, 20));
        finished.push(x);
      },
    );
    await expect(run).rejects.toThrow('refused');
    expect(finished.sort()).toEqual(['b', 'c']);
  });
});
