import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';

/**
 * Hours entered both for a unit and for units under it count once: the unit's own entry stands
 * for its subtree that month, a unit without one is the sum of its children's.
 *   2025-05: production 100,000 (its own entry), stamping 60,000, assembly 30,000
 *   2025-06: stamping 60,000, assembly 30,000 (production entered none)
 */
describe('safety rates: worked hours of a unit and its children', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call, unit } = apiHelpers(() => system);

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  it('counts each hour once', async () => {
    const [production, stamping, assembly, plant] = [
      await unit('DEMO-PRODUCTION'),
      await unit('DEMO-WS-STAMPING'),
      await unit('DEMO-WS-ASSEMBLY'),
      await unit('DEMO-PLANT'),
    ];
    for (const [orgUnitId, month, hours] of [
      [production, '2025-05', 100_000],
      [stamping, '2025-05', 60_000],
      [assembly, '2025-05', 30_000],
      [stamping, '2025-06', 60_000],
      [assembly, '2025-06', 30_000],
    ] as const)
      expect((await call('safety', 'PUT', '/api/worked-hours', { orgUnitId, month, hours })).status).toBe(201);
    const hours = async (orgUnitId: string) =>
      (
        (await call('safety', 'GET', `/api/safety-rates?orgUnitId=${orgUnitId}&from=2025-05&to=2025-06`)).body.months as {
          hours: number;
          hoursEntries: number;
        }[]
      ).map((m) => [m.hours, m.hoursEntries]);
    expect(await hours(production)).toEqual([
      [100_000, 1],
      [90_000, 2],
    ]);
    expect(await hours(plant)).toEqual([
      [100_000, 1],
      [90_000, 2],
    ]);
    expect(await hours(stamping)).toEqual([
      [60_000, 1],
      [60_000, 1],
    ]);
  }, 60_000);
});
