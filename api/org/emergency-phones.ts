import { In, type DataSource } from 'typeorm';
import { OrgUnit } from '../../db/entities';
import { emergencyPhonesAlong, type EmergencyPhone } from '../../domain/emergency/phones';
import { z } from '../platform/openapi';

export const EmergencyPhoneView = z
  .object({
    label: z.string().describe('Who answers, in Chinese (安全环保部 24h 值班)'),
    labelEn: z.string().describe('The same in English'),
    number: z.string().describe('As dialled (0512-6283 1110, 119)'),
  })
  .openapi('EmergencyPhone');

/** The emergency numbers for a unit (its materialised path): its own, then those of every unit above it. */
export async function emergencyPhonesFor(ds: DataSource, orgUnitPath: string): Promise<EmergencyPhone[]> {
  const ids = orgUnitPath.split('/').filter(Boolean);
  if (ids.length === 0) return [];
  const rows = await ds.getRepository(OrgUnit).find({ where: { id: In(ids) }, select: { id: true, emergencyPhones: true } });
  const byId = new Map(rows.map((r) => [r.id, r.emergencyPhones]));
  return emergencyPhonesAlong([...ids].reverse().map((id) => byId.get(id)));
}
