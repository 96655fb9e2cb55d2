import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { EntityManager } from 'typeorm';
import { OrgUnit, Person, Post, Task, UnitResponder, User } from '../../db/entities';
import { DEPARTMENT_FUNCTIONS, ORG_UNIT_KINDS } from '../../domain/org';
import { hasRole, scopeQuery } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { ConflictError, ForbiddenError } from '../platform/errors';
import { nameOf } from '../platform/names';
import { z } from '../platform/openapi';
import { defineAddRoute, defineDeleteRoute, defineGetRoute, defineUpdateRoute } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import {
  assertCodeFree,
  audit,
  changeAsOrgWriter,
  Code,
  CODE_KEY,
  Id,
  IdParams,
  insertCopy,
  invalid,
  loadUnitInScope,
  Name,
  NameZh,
  newOrgUnit,
  ORG_WRITERS,
  rejectRuleIssues,
  saveUpdate,
  setCode,
  uniqueOr409,
} from './common';
import { departmentFunctionIssues, unitPlacementIssues } from './rules';
import { describePeople, describePosts, describeUnits, nestUnits, OrgTreeNode, OrgUnitDetail, OrgUnitView, snapshot } from './views';

const CreateUnitBody = z
  .object({
    parentId: Id.nullable().describe('null only for a new group (administrators)'),
    kind: z.enum(ORG_UNIT_KINDS),
    name: Name,
    nameZh: NameZh.optional(),
    code: Code,
    departmentFunction: z.enum(DEPARTMENT_FUNCTIONS).nullable().optional().describe('Required exactly for departments'),
  })
  .strict()
  .openapi('CreateOrgUnit');

const UpdateUnitBody = z
  .object({
    name: Name.optional(),
    nameZh: NameZh.optional(),
    code: Code.optional(),
    departmentFunction: z.enum(DEPARTMENT_FUNCTIONS).nullable().optional(),
    headPersonId: Id.nullable().optional().describe('An active person of this unit or below; null clears the head'),
  })
  .strict()
  .openapi('UpdateOrgUnit');

const TAGS = ['org'];

/** The org tree, unit details and unit maintenance (SPEC §2). */
export function unitRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const ds = deps.dataSource;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/org/tree',
    operationId: 'getOrgTree',
    summary: "The org tree the caller may see: their own unit's subtree (admins and auditors: the whole group)",
    tags: TAGS,
    access: 'authenticated',
    responses: { 200: { description: 'Root units with nested children', schema: z.array(OrgTreeNode) } },
    handler: async ({ principal }) => {
      const units = await scopeQuery(ds.getRepository(OrgUnit).createQueryBuilder('u'), principal, 'u').getMany();
      return nestUnits(await describeUnits(ds.manager, units));
    },
  });

  defineGetRoute(router, registry, {
    path: '/api/org/units/:id',
    operationId: 'getOrgUnit',
    summary: 'An org unit with its head, child units, posts and people',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    item: OrgUnitDetail,
    answer: 'The unit',
    refusals: { 404: 'No such unit in your scope' },
    get: async (principal, params) => unitDetail(ds.manager, await loadUnitInScope(ds.manager, principal, params.id)),
  });

  defineAddRoute(router, registry, {
    path: '/api/org/units',
    operationId: 'createOrgUnit',
    summary: 'Create an org unit under a parent in your scope',
    tags: TAGS,
    access: ORG_WRITERS,
    body: CreateUnitBody,
    item: OrgUnitView,
    refusals: { 404: 'Parent not in your scope', 409: 'Code in use' },
    add: async (principal, body) =>
      ds.transaction(async (em) => {
        const p = principal;
        const parent = body.parentId === null ? null : await loadUnitInScope(em, p, body.parentId, 'Parent org unit not found');
        if (!parent && !hasRole(p, 'admin')) throw new ForbiddenError('Only administrators create root units');
        const departmentFunction = body.departmentFunction ?? null;
        rejectRuleIssues(unitPlacementIssues(body.kind, parent?.kind ?? null, departmentFunction), { parent: 'body.parentId' });
        await assertCodeFree(em, OrgUnit, 'Org unit', body.code);
        const unit = newOrgUnit(em, parent, { kind: body.kind, name: body.name, nameZh: body.nameZh ?? null, code: body.code, departmentFunction });
        await uniqueOr409('body.code', 'Code', () => insertCopy(em, OrgUnit, unit));
        await audit(em, p, { action: 'org.unit.created', entityType: 'org_unit', entityId: unit.id, after: snapshot.unit(unit), orgUnitId: unit.id });
        return (await describeUnits(em, [unit]))[0];
      }),
  });

  defineUpdateRoute(router, registry, {
    method: 'patch',
    path: '/api/org/units/:id',
    operationId: 'updateOrgUnit',
    summary: 'Rename an org unit, change its code or function, or set its head',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    body: UpdateUnitBody,
    item: OrgUnitView,
    answer: 'Updated',
    refusals: { 403: 'Not an org writer', 404: 'No such unit in your scope', 409: 'Code in use' },
    update: (principal, params, body) =>
      changeAsOrgWriter(ds, principal, loadUnitInScope, params.id, async (em, unit) => {
        const before = snapshot.unit(unit);
        if (body.departmentFunction !== undefined) {
          rejectRuleIssues(departmentFunctionIssues(unit.kind, body.departmentFunction), {});
          unit.departmentFunction = body.departmentFunction;
        }
        await setCode(em, OrgUnit, 'Org unit', unit, body.code);
        if (body.headPersonId !== undefined) {
          if (body.headPersonId !== null) await assertHeadCandidate(em, unit, body.headPersonId);
          unit.headPersonId = body.headPersonId;
        }
        if (body.name !== undefined) unit.name = body.name;
        if (body.nameZh !== undefined) unit.nameZh = body.nameZh;
        const { name, nameZh, code, departmentFunction, headPersonId } = unit;
        await saveUpdate(em, principal, {
          before,
          after: snapshot.unit(unit),
          unique: CODE_KEY,
          write: () => em.update(OrgUnit, { id: unit.id }, { name, nameZh, code, departmentFunction, headPersonId }),
          audit: { action: 'org.unit.updated', entityType: 'org_unit', entityId: unit.id, orgUnitId: unit.id },
        });
        return (await describeUnits(em, [unit]))[0];
      }),
  });

  defineDeleteRoute(router, registry, {
    path: '/api/org/units/:id',
    operationId: 'deleteOrgUnit',
    summary: 'Delete an empty org unit (no child units, posts, people, users or tasks)',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    refusals: { 403: 'Not an org writer', 404: 'No such unit in your scope', 409: 'The unit is not empty' },
    remove: (principal, params) =>
      changeAsOrgWriter(ds, principal, loadUnitInScope, params.id, async (em, unit) => {
        await assertEmpty(em, unit);
        await em.delete(UnitResponder, { orgUnitId: unit.id });
        await em.delete(OrgUnit, { id: unit.id });
        await audit(em, principal, {
          action: 'org.unit.deleted',
          entityType: 'org_unit',
          entityId: unit.id,
          before: snapshot.unit(unit),
          orgUnitId: unit.parentId,
        });
      }),
  });
}

async function unitDetail(em: EntityManager, unit: OrgUnit): Promise<z.infer<typeof OrgUnitDetail>> {
  const [[view], parent, children, posts, people, head] = await Promise.all([
    describeUnits(em, [unit]),
    unit.parentId ? em.findOneBy(OrgUnit, { id: unit.parentId }) : null,
    em.find(OrgUnit, { where: { parentId: unit.id }, order: { name: 'ASC' } }),
    em.find(Post, { where: { orgUnitId: unit.id }, order: { name: 'ASC' } }),
    em.find(Person, { where: { orgUnitId: unit.id }, order: { name: 'ASC' } }),
    unit.headPersonId ? em.findOneBy(Person, { id: unit.headPersonId }) : null,
  ]);
  return {
    ...view,
    parentName: parent ? nameOf(parent) : null,
    head: head ? { id: head.id, employeeNo: head.employeeNo, name: nameOf(head) } : null,
    children: children.map((c) => ({ id: c.id, kind: c.kind, name: c.name, nameZh: c.nameZh, code: c.code })),
    posts: await describePosts(em, posts),
    people: await describePeople(em, people),
  };
}

/** A unit's head is an active person of the unit or of a unit below it. */
async function assertHeadCandidate(em: EntityManager, unit: OrgUnit, personId: string): Promise<void> {
  const person = await em.findOneBy(Person, { id: personId, active: true });
  const home = person ? await em.findOneBy(OrgUnit, { id: person.orgUnitId }) : null;
  if (!home || !home.path.startsWith(unit.path)) throw invalid('body.headPersonId', 'must be an active person of this unit or a unit below it');
}

async function assertEmpty(em: EntityManager, unit: OrgUnit): Promise<void> {
  const [children, posts, people, users, tasks] = await Promise.all([
    em.countBy(OrgUnit, { parentId: unit.id }),
    em.countBy(Post, { orgUnitId: unit.id }),
    em.countBy(Person, { orgUnitId: unit.id }),
    em.countBy(User, { orgUnitId: unit.id }),
    em.countBy(Task, { orgUnitId: unit.id }),
  ]);
  const held = Object.entries({ 'child units': children, posts, people, users, tasks }).filter(([, n]) => n > 0);
  if (held.length) throw new ConflictError(`The unit still has ${held.map(([what, n]) => `${n} ${what}`).join(', ')}; move or delete them first`);
}
