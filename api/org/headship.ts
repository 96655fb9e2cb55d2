import type { EntityManager } from 'typeorm';
import { OrgUnit, type Person } from '../../db/entities';
import type { Principal } from '../route';
import { audit } from './common';
import { snapshot } from './views';

/**
 * A unit's head is an active person of the unit or below it. When a person moves out of such a
 * subtree or is deactivated, the units they headed lose their head (audited like any change),
 * so no unit keeps pointing at someone who is no longer there.
 */
export async function releaseHeadships(em: EntityManager, p: Principal, person: Person): Promise<void> {
  const headed = await em.findBy(OrgUnit, { headPersonId: person.id });
  if (!headed.length) return;
  const home = person.active ? await em.findOneBy(OrgUnit, { id: person.orgUnitId }) : null;
  for (const unit of headed) {
    if (home?.path.startsWith(unit.path)) continue;
    await em.update(OrgUnit, { id: unit.id }, { headPersonId: null });
    await audit(em, p, { action: 'org.unit.updated', entityType: 'org_unit', entityId: unit.id, before: snapshot.unit(unit), after: snapshot.unit({ ...unit, headPersonId: null }), orgUnitId: unit.id });
  }
}
