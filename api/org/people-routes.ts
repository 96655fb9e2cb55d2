import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { EntityManager } from 'typeorm';
import { OrgUnit, Person, Post } from '../../db/entities';
import { assertInScope } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { ConflictError } from '../platform/errors';
import { z } from '../platform/openapi';
import { PageQuery, pagedSchema, pageOf } from '../platform/pagination';
import { defineAddRoute, defineGetRoute, defineUpdateRoute } from '../platform/resource-routes';
import { defineRoute, type Principal } from '../platform/route';
import {
  audit,
  changeAsOrgWriter,
  Email,
  EmployeeNo,
  Id,
  IdParams,
  insertCopy,
  invalid,
  likeContains,
  listedInScope,
  loadUnitInScope,
  Name,
  NameZh,
  ORG_WRITERS,
  pageWindow,
  saveUpdate,
  uniqueOr409,
} from './common';
import { releaseHeadships } from './headship';
import { describePeople, PersonView, snapshot } from './views';

const PeopleQuery = PageQuery.extend({
  orgUnitId: Id.optional().describe('Only people of this unit and the units below it'),
  q: z.string().trim().min(1).max(100).optional().describe('Part of the name, employee number or email'),
  active: z.enum(['true', 'false']).optional(),
});

const CreatePersonBody = z
  .object({
    employeeNo: EmployeeNo,
    name: Name,
    nameZh: NameZh.optional(),
    email: Email.nullable().optional(),
    orgUnitId: Id,
    postId: Id.nullable().optional().describe("A post of the person's unit"),
  })
  .strict()
  .openapi('CreatePerson');

const UpdatePersonBody = z
  .object({
    employeeNo: EmployeeNo.optional(),
    name: Name.optional(),
    nameZh: NameZh.optional(),
    email: Email.nullable().optional(),
    orgUnitId: Id.optional().describe('Moves the person; their post must then be one of the new unit (send postId)'),
    postId: Id.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .openapi('UpdatePerson');

const PeoplePage = pagedSchema(PersonView).openapi('PeoplePage');
const TAGS = ['org'];

/** People: the subjects of scores, holders of posts, assignees of tasks. */
export function peopleRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const ds = deps.dataSource;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/org/people',
    operationId: 'listPeople',
    summary: 'People in your scope, by name',
    tags: TAGS,
    access: 'authenticated',
    query: PeopleQuery,
    responses: { 200: { description: 'One page of people', schema: PeoplePage } },
    handler: async ({ query, principal }) => {
      const qb = await listedInScope(ds.manager, principal, Person, 'p', query);
      if (query.q)
        qb.andWhere(`(p.name LIKE :q ESCAPE '!' OR p.nameZh LIKE :q ESCAPE '!' OR p.employeeNo LIKE :q ESCAPE '!' OR p.email LIKE :q ESCAPE '!')`, {
          q: likeContains(query.q),
        });
      const { skip, take } = pageWindow(query);
      const [people, total] = await qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').offset(skip).limit(take).getManyAndCount();
      return pageOf(await describePeople(ds.manager, people), total, query);
    },
  });

  defineGetRoute(router, registry, {
    path: '/api/org/people/:id',
    operationId: 'getPerson',
    summary: 'A person in your scope',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    item: PersonView,
    answer: 'The person',
    refusals: { 404: 'No such person in your scope' },
    get: async (principal, params) => (await describePeople(ds.manager, [await loadPersonInScope(ds.manager, principal, params.id)]))[0],
  });

  defineAddRoute(router, registry, {
    path: '/api/org/people',
    operationId: 'createPerson',
    summary: 'Add a person to an org unit of your scope',
    tags: TAGS,
    access: ORG_WRITERS,
    body: CreatePersonBody,
    item: PersonView,
    refusals: { 404: 'Unit not in your scope', 409: 'Employee number in use' },
    add: async (principal, body) =>
      ds.transaction(async (em) => {
        const unit = await loadUnitInScope(em, principal, body.orgUnitId);
        const postId = body.postId ?? null;
        if (postId) await assertPostOfUnit(em, postId, unit.id);
        await assertEmployeeNoFree(em, body.employeeNo);
        const person = em.create(Person, {
          id: randomUUID(),
          employeeNo: body.employeeNo,
          name: body.name,
          nameZh: body.nameZh ?? null,
          email: body.email ?? null,
          orgUnitId: unit.id,
          postId,
          active: true,
        });
        await uniqueOr409('body.employeeNo', 'Employee number', () => insertCopy(em, Person, person));
        await audit(em, principal, {
          action: 'org.person.created',
          entityType: 'person',
          entityId: person.id,
          after: snapshot.person(person),
          orgUnitId: unit.id,
        });
        return (await describePeople(em, [person]))[0];
      }),
  });

  defineUpdateRoute(router, registry, {
    method: 'patch',
    path: '/api/org/people/:id',
    operationId: 'updatePerson',
    summary: 'Change a person: name, email, employee number, unit, post, active',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    body: UpdatePersonBody,
    item: PersonView,
    answer: 'Updated',
    refusals: {
      403: 'Not an org writer',
      404: 'No such person (or target unit) in your scope',
      409: 'Employee number in use',
    },
    update: (principal, params, body) =>
      changeAsOrgWriter(ds, principal, loadPersonInScope, params.id, async (em, person) => {
        const before = snapshot.person(person);
        if (body.orgUnitId !== undefined) person.orgUnitId = (await loadUnitInScope(em, principal, body.orgUnitId)).id;
        if (body.postId !== undefined) person.postId = body.postId;
        if (person.postId && (body.postId !== undefined || person.orgUnitId !== before.orgUnitId)) {
          await assertPostOfUnit(
            em,
            person.postId,
            person.orgUnitId,
            body.postId === undefined ? 'the current post belongs to the old unit: send a post of the new unit, or null' : undefined,
          );
        }
        if (body.employeeNo !== undefined && body.employeeNo !== person.employeeNo) {
          await assertEmployeeNoFree(em, body.employeeNo);
          person.employeeNo = body.employeeNo;
        }
        if (body.name !== undefined) person.name = body.name;
        if (body.nameZh !== undefined) person.nameZh = body.nameZh;
        if (body.email !== undefined) person.email = body.email;
        if (body.active !== undefined) person.active = body.active;
        const after = snapshot.person(person);
        const { id: _id, ...fields } = after;
        const saved = await saveUpdate(em, principal, {
          before,
          after,
          unique: { path: 'body.employeeNo', what: 'Employee number' },
          write: () => em.update(Person, { id: person.id }, fields),
          audit: { action: 'org.person.updated', entityType: 'person', entityId: person.id, orgUnitId: person.orgUnitId },
        });
        if (saved && (after.orgUnitId !== before.orgUnitId || !after.active)) await releaseHeadships(em, principal, person);
        return (await describePeople(em, [person]))[0];
      }),
  });
}

export async function loadPersonInScope(em: EntityManager, p: Principal, id: string): Promise<Person> {
  const person = await em.findOneBy(Person, { id });
  const unit = person ? await em.findOneBy(OrgUnit, { id: person.orgUnitId }) : null;
  assertInScope(p, unit?.path, 'Person not found');
  return person!;
}

async function assertPostOfUnit(em: EntityManager, postId: string, orgUnitId: string, message = "must be a post of the person's org unit"): Promise<void> {
  if (!(await em.existsBy(Post, { id: postId, orgUnitId }))) throw invalid('body.postId', message);
}

async function assertEmployeeNoFree(em: EntityManager, employeeNo: string): Promise<void> {
  if (await em.existsBy(Person, { employeeNo }))
    throw new ConflictError(`Employee number ${employeeNo} is already in use`, [{ path: 'body.employeeNo', message: 'already in use' }]);
}
