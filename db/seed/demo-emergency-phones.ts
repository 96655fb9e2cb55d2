import type { EntityManager } from 'typeorm';
import type { EmergencyPhone } from '../../domain/emergency/phones';
import { OrgUnit } from '../entities';

/**
 * The demo organisation's emergency numbers (shown when someone raises an emergency, also
 * offline): the group's public services, the Suzhou plant's 24 h duty, fire station and clinic,
 * and the workshops' shift leaders.
 */
const PHONES: Record<string, EmergencyPhone[]> = {
  'DEMO-GROUP': [
    { label: '火警', labelEn: 'Fire brigade', number: '119' },
    { label: '急救', labelEn: 'Ambulance', number: '120' },
    { label: '报警', labelEn: 'Police', number: '110' },
  ],
  'DEMO-PLANT': [
    { label: '安全环保部 24h 值班', labelEn: 'Safety & environment, 24 h duty', number: '0512-6283 1110' },
    { label: '厂区消防站', labelEn: 'Plant fire station', number: '0512-6283 1119' },
    { label: '厂医务室', labelEn: 'Plant clinic', number: '0512-6283 1120' },
  ],
  'DEMO-WS-STAMPING': [{ label: '冲压车间值班长', labelEn: 'Stamping shift leader', number: '139 1508 2231' }],
  'DEMO-WS-ASSEMBLY': [{ label: '装配车间值班长', labelEn: 'Assembly shift leader', number: '139 1508 2247' }],
  'DEMO-WS-MAINT': [{ label: '设备维修值班', labelEn: 'Maintenance on call', number: '0512-6283 1306' }],
};

export async function seedEmergencyPhones(em: EntityManager, units: ReadonlyMap<string, OrgUnit>): Promise<void> {
  for (const [code, emergencyPhones] of Object.entries(PHONES)) {
    const unit = units.get(code);
    if (unit) await em.update(OrgUnit, { id: unit.id }, { emergencyPhones });
  }
}
