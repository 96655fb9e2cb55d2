import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { In, type EntityManager } from 'typeorm';
import { OrgUnit, Person, UnitResponder, User } from '../../db/entities';
import { hasRole } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { ForbiddenError, ValidationError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineGetRoute, defineUpdateRoute } from '../platform/resource-routes';
import type { Principal } from '../platform/route';
import { audit, Id, IdParams, loadUnitInScope, ORG_WRITERS } from './common';
import { named, nameOf } from '../platform/names';

const ResponderPerson = z
  .object({
    personId: z.string(),
    name: z.string(),
    employeeNo: z.string(),
    orgUnitName: z.string(),
    usernames: z.array(z.string()).describe('Active logins: where the tasks arrive'),
  })
  .openapi('ResponderPerson');

const UnitResponders = z
  .object({
    orgUnitId: z.string(),
    // A union with null, not .nullable(): zod-to-openapi 9 would document the ResponderPerson component (every responder) as nullable.
    head: z.union([ResponderPerson, z.null()]),
    responders: z.array(ResponderPerson),
    canEdit: z.boolean(),
  })
  .openapi('UnitResponders');

const SetRespondersBody = z
  .object({ personIds: z.array(Id).max(50).describe('Active people of the same site (the enclosing plant, or company) with a login') })
  .strict()
  .openapi('SetUnitResponders');

/** Who may name a unit's responders: org writers in scope, and the unit's own head. */
const RESPONDER_EDITORS = [...ORG_WRITERS, 'department_head'] as const;

function mayEdit(p: Principal, unit: OrgUnit): boolean {
  return hasRole(p, ...ORG_WRITERS) || (hasRole(p, 'department_head') && !!p.personId && unit.headPersonId === p.personId);
}

/**
 * A unit's responders (SPEC §2): its head plus the people it names; its tasks go to them, not to
 * every member (domain/candidates.ts).
 */
export function responderRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const ds = deps.dataSource;

  defineGetRoute(router, registry, {
    path: '/api/org/units/:id/responders',
    operationId: 'listUnitResponders',
    summary: 'The responders of a unit: its head and the people it names; its tasks go to them',
    tags: ['org'],
    access: 'authenticated',
    params: IdParams,
    item: UnitResponders,
    answer: 'Head and responders',
    refusals: { 404: 'No such unit in your scope' },
    get: async (principal, params) => {
      const unit = await loadUnitInScope(ds.manager, principal, params.id);
      return describe(ds.manager, principal, unit);
    },
  });

  defineUpdateRoute(router, registry, {
    method: 'put',
    path: '/api/org/units/:id/responders',
    operationId: 'setUnitResponders',
    summary: 'Name the responders of a unit (replaces the list); org writers in scope or the unit’s head',
    tags: ['org'],
    access: RESPONDER_EDITORS,
    params: IdParams,
    body: SetRespondersBody,
    item: UnitResponders,
    answer: 'Head and responders',
    refusals: {
      400: 'Someone who cannot be a responder',
      403: 'Not an org writer or the unit’s head',
      404: 'No such unit in your scope',
    },
    update: async (principal, params, body) =>
      ds.transaction(async (em) => {
        const p = principal;
        const unit = await loadUnitInScope(em, p, params.id);
        if (!mayEdit(p, unit)) throw new ForbiddenError('Only org writers or the unit’s head name its responders');
        const ids = [...new Set(body.personIds)];
        const site = await siteOf(em, unit);
        const people = ids.length ? await em.findBy(Person, { id: In(ids), active: true }) : [];
        const units = people.length ? await em.findBy(OrgUnit, { id: In(people.map((x) => x.orgUnitId)) }) : [];
        const logins = people.length ? await em.findBy(User, { personId: In(people.map((x) => x.id)), active: true }) : [];
        const issues = ids.flatMap((id, i) => {
          const person = people.find((x) => x.id === id);
          const pu = person && units.find((u) => u.id === person.orgUnitId);
          if (!person || !pu || !pu.path.startsWith(site.path)) return [{ path: `body.personIds.${i}`, message: `must be an active person of ${site.name}` }];
          if (!logins.some((l) => l.personId === id)) return [{ path: `body.personIds.${i}`, message: 'has no active login: tasks could not reach them' }];
          return [];
        });
        if (issues.length) throw new ValidationError(issues);
        const before = (await em.findBy(UnitResponder, { orgUnitId: unit.id })).map((r) => r.personId).sort();
        const after = [...ids].sort();
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await em.delete(UnitResponder, { orgUnitId: unit.id });
          if (ids.length)
            await em.insert(
              UnitResponder,
              ids.map((personId) => ({ orgUnitId: unit.id, personId })),
            );
          await audit(em, p, {
            action: 'org.unit.responders_set',
            entityType: 'org_unit',
            entityId: unit.id,
            before: { responders: before },
            after: { responders: after },
            orgUnitId: unit.id,
          });
        }
        return describe(em, p, unit);
      }),
  });
}

/** The nearest plant (or company, or the root) enclosing the unit: where its responders may come from. */
async function siteOf(em: EntityManager, unit: OrgUnit): Promise<OrgUnit> {
  const chain = await em.findBy(OrgUnit, { id: In(unit.path.split('/').filter(Boolean)) });
  const nearest = (kind: OrgUnit['kind']) => chain.filter((u) => u.kind === kind).sort((a, b) => b.path.length - a.path.length)[0];
  return nearest('plant') ?? nearest('company') ?? chain.sort((a, b) => a.path.length - b.path.length)[0] ?? unit;
}

async function describe(em: EntityManager, p: Principal, unit: OrgUnit): Promise<z.infer<typeof UnitResponders>> {
  const rows = await em.find(UnitResponder, { where: { orgUnitId: unit.id }, order: { createdAt: 'ASC' } });
  const personIds = [...new Set([...rows.map((r) => r.personId), ...(unit.headPersonId ? [unit.headPersonId] : [])])];
  const people = personIds.length ? await em.findBy(Person, { id: In(personIds) }) : [];
  const units = people.length ? await em.findBy(OrgUnit, { id: In(people.map((x) => x.orgUnitId)) }) : [];
  const logins = personIds.length ? await em.findBy(User, { personId: In(personIds), active: true }) : [];
  const view = (id: string) => {
    const person = people.find((x) => x.id === id);
    if (!person) return null;
    return {
      personId: person.id,
      name: nameOf(person),
      employeeNo: person.employeeNo,
      orgUnitName: named(units.find((u) => u.id === person.orgUnitId)),
      usernames: logins
        .filter((l) => l.personId === id)
        .map((l) => l.username)
        .sort(),
    };
  };
  return {
    orgUnitId: unit.id,
    head: unit.headPersonId ? view(unit.headPersonId) : null,
    responders: rows.map((r) => view(r.personId)).filter((x): x is NonNullable<typeof x> => !!x),
    canEdit: mayEdit(p, unit),
  };
}
