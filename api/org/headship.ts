import type { EntityManager } from 'typeorm';
import { OrgUnit, UnitResponder, type Person } from '../../db/entities';
import type { Principal } from '../platform/route';
import { audit } from './common';
import { snapshot } from './views';

/**
 * A unit's head is an active person of the unit or below it. When a person moves out of such a
 * subtree or is deactivated, the units they headed lose their head (audited like any change),
 * so no unit keeps pointing at someone who is no longer there.
 */
export async function releaseHeadships(em: EntityManager, p: Principal, person: Person): Promise<void> {
  await releaseResponders(em, p, person);
  const headed = await em.findBy(OrgUnit, { headPersonId: person.id });
  if (!headed.length) return;
  const home = person.active ? await em.findOneBy(OrgUnit, { id: person.orgUnitId }) : null;
  for (const unit of headed) {
    if (home?.path.startsWith(unit.path)) continue;
    await em.update(OrgUnit, { id: unit.id }, { headPersonId: null });
    await audit(em, p, {
      action: 'org.unit.updated',
      entityType: 'org_unit',
      entityId: unit.id,
      before: snapshot.unit(unit),
      after: snapshot.unit({ ...unit, headPersonId: null }),
      orgUnitId: unit.id,
    });
  }
}

/** Likewise a deactivated person stops being a responder of any unit (audited). */
async function releaseResponders(em: EntityManager, p: Principal, person: Person): Promise<void> {
  if (person.active) return;
  const rows = await em.findBy(UnitResponder, { personId: person.id });
  for (const row of rows) {
    await em.delete(UnitResponder, { orgUnitId: row.orgUnitId, personId: row.personId });
    await audit(em, p, {
      action: 'org.unit.responder_released',
      entityType: 'org_unit',
      entityId: row.orgUnitId,
      before: { personId: person.id },
      after: null,
      orgUnitId: row.orgUnitId,
    });
  }
}
