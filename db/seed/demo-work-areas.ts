import type { DataSource } from 'typeorm';
import { todayIn } from '../../domain/inspections/rules';
import type { CertificateType } from '../../domain/permit/constants';
import { Certificate, OrgUnit, User, WorkArea } from '../entities';

/**
 * Demo work areas, equipment and certificates for the permits to work (issue 19), on top of the
 * demo organisation (db/seed/demo.ts): the Suzhou plant's stamping hall, paint shop, solvent tank
 * farm and substation with their equipment, owned by production and equipment (whose heads are the
 * area owners), and certificates of the demo people — the stamping operator's welding certificate
 * expires within 30 days, so its reminder and the register's expiring tag show. Idempotent: fixed
 * ids, and a row whose id, code or number is already there is left alone.
 */
const id = (n: number) => `00000000-0000-4000-8000-${String(900 + n).padStart(12, '0')}`;

const AREAS: { n: number; code: string; name: string; unit: string; parent?: number }[] = [
  { n: 1, code: 'A-STAMPING', name: '冲压厂房', unit: 'DEMO-PRODUCTION' },
  { n: 2, code: 'E-PRESS-P3', name: '3号冲压线', unit: 'DEMO-PRODUCTION', parent: 1 },
  { n: 3, code: 'E-CRANE-01', name: '10吨桥式起重机', unit: 'DEMO-EQUIPMENT', parent: 1 },
  { n: 4, code: 'A-PAINT', name: '喷漆车间', unit: 'DEMO-PRODUCTION' },
  { n: 5, code: 'E-OVEN-2', name: '2号固化炉', unit: 'DEMO-PRODUCTION', parent: 4 },
  { n: 6, code: 'A-TANK-FARM', name: '溶剂罐区', unit: 'DEMO-EQUIPMENT' },
  { n: 7, code: 'E-TANK-101', name: 'T-101溶剂储罐', unit: 'DEMO-EQUIPMENT', parent: 6 },
  { n: 8, code: 'E-PUMP-101', name: 'P-101输送泵', unit: 'DEMO-EQUIPMENT', parent: 6 },
  { n: 9, code: 'A-SUBSTATION', name: '10kV变电站', unit: 'DEMO-EQUIPMENT' },
];

/** Days from today: issued in the past, expiring (or up for review) ahead. */
const CERTIFICATES: { n: number; username: string; type: CertificateType; number: string; issued: number; expires: number | null; review?: number }[] = [
  { n: 21, username: 'employee', type: 'welding', number: 'T320500198811', issued: -2170, expires: 20, review: 20 },
  { n: 22, username: 'employee', type: 'confined_space', number: 'SZ-CS-2025-031', issued: -160, expires: 200 },
  { n: 23, username: 'employee', type: 'height', number: 'T320500198812', issued: -400, expires: 1790, review: 695 },
  { n: 24, username: 'head.equipment', type: 'electrician', number: 'T320500197503', issued: -900, expires: 1290, review: 195 },
  { n: 25, username: 'head.equipment', type: 'crane', number: 'TS-Q1-3205-0417', issued: -700, expires: 760 },
  { n: 26, username: 'safety', type: 'gas_tester', number: 'SZ-GT-2024-007', issued: -300, expires: 430 },
  { n: 27, username: 'safety', type: 'confined_space', number: 'SZ-CS-2024-012', issued: -500, expires: null },
];

export async function seedDemoWorkAreas(ds: DataSource): Promise<{ created: number }> {
  const units = new Map((await ds.getRepository(OrgUnit).find()).map((u) => [u.code, u]));
  if (!units.has('DEMO-PRODUCTION') || !units.has('DEMO-EQUIPMENT')) return { created: 0 };
  const today = todayIn(new Date());
  const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  let created = 0;
  await ds.transaction(async (em) => {
    for (const a of AREAS) {
      if ((await em.existsBy(WorkArea, { id: id(a.n) })) || (await em.existsBy(WorkArea, { code: a.code }))) continue;
      await em.insert(WorkArea, {
        id: id(a.n),
        code: a.code,
        name: a.name,
        kind: a.parent ? 'equipment' : 'area',
        parentId: a.parent ? id(a.parent) : null,
        orgUnitId: units.get(a.unit)!.id,
        active: true,
      });
      created++;
    }
    for (const c of CERTIFICATES) {
      const holder = await em.findOneBy(User, { username: c.username });
      if (!holder?.personId) continue;
      if ((await em.existsBy(Certificate, { id: id(c.n) })) || (await em.existsBy(Certificate, { type: c.type, number: c.number }))) continue;
      await em.insert(Certificate, {
        id: id(c.n),
        personId: holder.personId,
        type: c.type,
        number: c.number,
        issuedOn: day(c.issued),
        expiresOn: c.expires === null ? null : day(c.expires),
        reviewOn: c.review === undefined ? null : day(c.review),
        revokedAt: null,
        revokedReason: null,
        remindedDays: null,
      });
      created++;
    }
  });
  return { created };
}
