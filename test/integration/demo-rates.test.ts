import { Incident, OrgUnit, WorkedHours } from '../../db/entities';
import { seedDemoIncidents, startOnceOn } from '../../db/seed/demo-incidents';
import { currentPolicy } from '../../db/stores/policy-store';
import { LTIFR_BASE_HOURS, SEVERITY_BASE_HOURS, TRIR_BASE_HOURS } from '../../domain/incident/rates';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';

/**
 * The demo plant's safety performance (db/seed/demo-incidents.ts): twelve months of worked hours,
 * the year's closed incidents and two reports in flight give the plant TRIR, LTIFR and severity
 * rate. Of the closed ones, a medical treatment and two lost-time injuries (9 and 21 days) are
 * recordable; a first-aid case and a near miss are not; the reports in flight are not classified yet.
 */
describe('demo plant safety rates', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call, ds, unit, openTask } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  it('seeds hours and incidents once and answers the plant’s rates', async () => {
    const policy = await currentPolicy(ds());
    const startOnce = startOnceOn(system.client, system.config.temporal.taskQueue);
    await seedDemoIncidents(ds(), policy, startOnce);
    await seedDemoIncidents(ds(), policy, startOnce); // a restart adds nothing
    expect(await ds().getRepository(WorkedHours).count()).toBe(60);
    expect(await ds().getRepository(Incident).count()).toBe(7);
    await openTask('Incident:00000000-0000-4000-8000-000000000511', 'incident.classify');
    await openTask('Incident:00000000-0000-4000-8000-000000000512', 'incident.classify');
    expect((await call('safety', 'GET', '/api/incidents/00000000-0000-4000-8000-000000000504')).body.incident).toMatchObject({
      status: 'closed',
      level: 'general',
      daysLost: 21,
    });

    const hours = (await ds().getRepository(WorkedHours).find()).reduce((sum, h) => sum + h.hours, 0);
    const plant = await unit('DEMO-PLANT');
    const r = await call('safety', 'GET', `/api/safety-rates?orgUnitId=${plant}`);
    expect(r.status).toBe(200);
    const round = (x: number) => Math.round(x * 100) / 100;
    expect(r.body.total).toMatchObject({ hours, recordable: 3, lostTime: 2, daysLost: 30, monthsWithoutHours: [] });
    expect([r.body.total.trir, r.body.total.ltifr, r.body.total.severityRate].map(round)).toEqual([
      round((3 * TRIR_BASE_HOURS) / hours),
      round((2 * LTIFR_BASE_HOURS) / hours),
      round((30 * SEVERITY_BASE_HOURS) / hours),
    ]);
    expect(r.body.months).toHaveLength(12);
    expect((await ds().getRepository(OrgUnit).findOneByOrFail({ id: plant })).name).toBe(r.body.scope.name);
    process.stdout.write(
      `demo plant ${r.body.from}..${r.body.to}: ${hours} h, TRIR ${r.body.total.trir}, LTIFR ${r.body.total.ltifr}, severity rate ${r.body.total.severityRate}\n`,
    );
  }, 120_000);
});
