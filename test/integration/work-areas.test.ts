import { AuditEntry } from '../../db/entities';
import { seedDemoWorkAreas } from '../../db/seed/demo-work-areas';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';

/**
 * Work areas and equipment (issue 19, item 4's registry): a tree of areas with their equipment,
 * codes unique and owned by a unit, kept by the safety hub, admins and department heads in their
 * scope, read by everyone; each code's QR code (SVG) encodes `<web origin>/areas/<code>`.
 */
describe('work areas and equipment', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, ds, unit } = apiHelpers(() => system);

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  it('adds, lists as a tree, changes and deactivates areas and equipment, with access and field errors', async () => {
    const production = await unit('DEMO-PRODUCTION');
    const equipmentDept = await unit('DEMO-EQUIPMENT');
    const add = (username: string, body: Record<string, unknown>) => call(username, 'POST', '/api/work-areas', body);

    const tank = await add('safety', { code: 'T-TANK-101', name: 'Tank farm 101', kind: 'area', orgUnitId: production });
    expect([tank.status, tank.body]).toEqual([
      201,
      expect.objectContaining({ code: 'T-TANK-101', kind: 'area', parentId: null, orgUnitName: 'Production Department', active: true }),
    ]);
    expect(tank.body.url).toBe(`${system.appUrl}/areas/T-TANK-101`);
    const pump = await add('head.production', { code: 'T-PUMP-1', name: 'Transfer pump 1', kind: 'equipment', parentId: tank.body.id, orgUnitId: production });
    expect([pump.status, pump.body.parentId]).toEqual([201, tank.body.id]);
    const press = await add('head.equipment', { code: 'T-PRESS', name: 'Press hall', kind: 'area', orgUnitId: equipmentDept });
    expect(press.status).toBe(201);

    // Refusals with the field at fault.
    const taken = await add('safety', { code: 'T-TANK-101', name: 'x', kind: 'area', orgUnitId: production });
    expect([taken.status, taken.body.error.details]).toEqual([409, [{ path: 'body.code', message: 'already in use' }]]);
    expect((await add('safety', { code: 'T-X', name: 'x', kind: 'equipment', orgUnitId: production })).body.error.details[0].path).toBe('body.parentId');
    expect((await add('safety', { code: 'T-X', name: 'x', kind: 'equipment', parentId: pump.body.id, orgUnitId: production })).body.error.details[0].path).toBe(
      'body.parentId',
    );
    expect((await add('safety', { code: 'bad code!', name: 'x', kind: 'area', orgUnitId: production })).body.error.details[0].path).toBe('body.code');
    const notMine = await add('head.equipment', { code: 'T-Y', name: 'y', kind: 'area', orgUnitId: production });
    expect([notMine.status, notMine.body.error.details[0].path]).toEqual([400, 'body.orgUnitId']);
    expect((await add('employee', { code: 'T-Z', name: 'z', kind: 'area', orgUnitId: production })).status).toBe(403);

    // The tree, read by everyone.
    const tree = await call('employee', 'GET', '/api/work-areas?q=T-');
    expect(tree.status).toBe(200);
    expect(tree.body.items.map((a: { code: string; equipment: { code: string }[] }) => [a.code, a.equipment.map((e) => e.code)])).toEqual([
      ['T-PRESS', []],
      ['T-TANK-101', ['T-PUMP-1']],
    ]);
    expect((await call('employee', 'GET', '/api/work-areas?q=PUMP')).body.items.map((a: { code: string }) => a.code)).toEqual(['T-TANK-101']);
    expect((await call('employee', 'GET', '/api/work-areas?q=T_TANK')).body.items).toEqual([]); // _ is a character, not a wildcard
    expect((await call('safety', 'GET', `/api/work-areas?orgUnitId=${equipmentDept}`)).body.items.map((a: { code: string }) => a.code)).toEqual(['T-PRESS']);
    expect((await call('employee', 'GET', '/api/work-areas/by-code/T-PUMP-1')).body.name).toBe('Transfer pump 1');

    // Changed; deactivating an area deactivates its equipment; the head of another unit cannot.
    expect((await call('head.equipment', 'PATCH', `/api/work-areas/${tank.body.id}`, { name: 'x' })).status).toBe(404);
    const renamed = await call('head.production', 'PATCH', `/api/work-areas/${tank.body.id}`, { name: 'Tank farm 101 (east)' });
    expect([renamed.status, renamed.body.name, renamed.body.code]).toEqual([200, 'Tank farm 101 (east)', 'T-TANK-101']);
    const off = await call('safety', 'PATCH', `/api/work-areas/${tank.body.id}`, { active: false });
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect((await call('safety', 'GET', '/api/work-areas?q=T-')).body.items.map((a: { code: string }) => a.code)).toEqual(['T-PRESS']);
    const inactive = await call('safety', 'GET', '/api/work-areas?active=false&q=T-');
    expect(
      inactive.body.items.map((a: { code: string; equipment: { code: string; active: boolean }[] }) => [a.code, a.equipment.map((e) => [e.code, e.active])]),
    ).toEqual([['T-TANK-101', [['T-PUMP-1', false]]]]);
    const back = await call('safety', 'PATCH', `/api/work-areas/${pump.body.id}`, { active: true });
    expect([back.status, back.body.error.details[0].path]).toEqual([400, 'body.active']);
    expect((await call('safety', 'PATCH', `/api/work-areas/${tank.body.id}`, { active: true })).body.active).toBe(true);
    const audits = await ds()
      .getRepository(AuditEntry)
      .find({ where: { entityType: 'work_area', entityId: tank.body.id }, order: { seq: 'ASC' } });
    expect(audits.map((a) => [a.action, a.actor])).toEqual([
      ['work_area.created', 'safety'],
      ['work_area.updated', 'head.production'],
      ['work_area.updated', 'safety'],
      ['work_area.updated', 'safety'],
    ]);
  }, 60_000);

  it('answers the QR code of a code as SVG encoding the URL of its page', async () => {
    const production = await unit('DEMO-PRODUCTION');
    expect((await call('safety', 'POST', '/api/work-areas', { code: 'T-QR-1', name: 'QR test', kind: 'area', orgUnitId: production })).status).toBe(201);
    const qr = await (await as('employee')).call('GET', '/api/work-areas/T-QR-1/qr.svg');
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(qr.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // The same URL encoded here gives the same picture: the SVG encodes exactly that URL.
    const QRCode = (await import('qrcode')).default;
    expect(qr.text).toBe(await QRCode.toString(`${system.appUrl}/areas/T-QR-1`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    // Behind a proxy, the browser's origin.
    const proxied = await (
      await as('employee')
    ).call('GET', '/api/work-areas/T-QR-1/qr.svg', undefined, { 'x-forwarded-host': 'safety.example.com', 'x-forwarded-proto': 'https' });
    expect(proxied.text).toBe(await QRCode.toString('https://safety.example.com/areas/T-QR-1', { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    expect((await call('employee', 'GET', '/api/work-areas/NO-SUCH/qr.svg')).status).toBe(404);
    expect((await fetch(`${system.appUrl}/api/work-areas/T-QR-1/qr.svg`)).status).toBe(401);
  }, 60_000);

  it('seeds the demo plant’s areas, equipment and certificates once', async () => {
    expect(await seedDemoWorkAreas(ds())).toEqual({ created: 16 });
    expect(await seedDemoWorkAreas(ds())).toEqual({ created: 0 });
    const tree = await call('employee', 'GET', '/api/work-areas?q=A-');
    expect(tree.body.items.map((a: { code: string; equipment: { code: string }[] }) => [a.code, a.equipment.map((e) => e.code)])).toEqual([
      ['A-PAINT', ['E-OVEN-2']],
      ['A-STAMPING', ['E-CRANE-01', 'E-PRESS-P3']],
      ['A-SUBSTATION', []],
      ['A-TANK-FARM', ['E-PUMP-101', 'E-TANK-101']],
    ]);
    const expiring = await call('employee', 'GET', '/api/certificates?expiringWithinDays=30');
    expect(expiring.body.items.map((c: { number: string; status: string; daysLeft: number }) => [c.number, c.status, c.daysLeft])).toEqual([
      ['T320500198811', 'expiring', 20],
    ]);
  }, 60_000);
});
