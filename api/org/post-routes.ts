import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { EntityManager } from 'typeorm';
import { OrgUnit, Person, Post, PostProfile } from '../../db/entities';
import { assertInScope } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { ConflictError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineAddRoute, defineDeleteRoute, defineUpdateRoute } from '../platform/resource-routes';
import { defineRoute, type Principal } from '../platform/route';
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
  ORG_WRITERS,
  rejectRuleIssues,
  saveUpdate,
  setCode,
  uniqueOr409,
} from './common';
import { postPlacementIssues } from './rules';
import { describePosts, PostProfileView, PostView, snapshot } from './views';

const ProfileCode = z.string().trim().min(1).max(64).describe('Code of a post profile, e.g. frontline-production-high');

const CreatePostBody = z.object({ orgUnitId: Id, code: Code, name: Name, nameZh: NameZh.optional(), profileCode: ProfileCode }).strict().openapi('CreatePost');
const UpdatePostBody = z
  .object({ code: Code.optional(), name: Name.optional(), nameZh: NameZh.optional(), profileCode: ProfileCode.optional() })
  .strict()
  .openapi('UpdatePost');

const TAGS = ['org'];

/** Post profiles and posts ("one post, one list": the profile selects the duty list). */
export function postRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const ds = deps.dataSource;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/org/post-profiles',
    operationId: 'listPostProfiles',
    summary: 'Every post profile (level × business type × risk level)',
    tags: TAGS,
    access: 'authenticated',
    responses: { 200: { description: 'Profiles', schema: z.array(PostProfileView) } },
    handler: async () =>
      (await ds.getRepository(PostProfile).find({ order: { code: 'ASC' } })).map(({ id, code, level, businessType, riskLevel }) => ({
        id,
        code,
        level,
        businessType,
        riskLevel,
      })),
  });

  defineAddRoute(router, registry, {
    path: '/api/org/posts',
    operationId: 'createPost',
    summary: 'Create a post in an org unit of your scope',
    tags: TAGS,
    access: ORG_WRITERS,
    body: CreatePostBody,
    item: PostView,
    refusals: { 404: 'Unit not in your scope', 409: 'Code in use' },
    add: async (principal, body) =>
      ds.transaction(async (em) => {
        const unit = await loadUnitInScope(em, principal, body.orgUnitId);
        rejectRuleIssues(postPlacementIssues(unit.kind), { orgUnit: 'body.orgUnitId' });
        const profile = await profileByCode(em, body.profileCode);
        await assertCodeFree(em, Post, 'Post', body.code);
        const post = em.create(Post, {
          id: randomUUID(),
          orgUnitId: unit.id,
          code: body.code,
          name: body.name,
          nameZh: body.nameZh ?? null,
          profileId: profile.id,
        });
        await uniqueOr409('body.code', 'Code', () => insertCopy(em, Post, post));
        await audit(em, principal, { action: 'org.post.created', entityType: 'post', entityId: post.id, after: snapshot.post(post), orgUnitId: unit.id });
        return (await describePosts(em, [post]))[0];
      }),
  });

  defineUpdateRoute(router, registry, {
    method: 'patch',
    path: '/api/org/posts/:id',
    operationId: 'updatePost',
    summary: 'Rename a post, change its code or its profile',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    body: UpdatePostBody,
    item: PostView,
    answer: 'Updated',
    refusals: { 403: 'Not an org writer', 404: 'No such post in your scope', 409: 'Code in use' },
    update: (principal, params, body) =>
      changeAsOrgWriter(ds, principal, loadPostInScope, params.id, async (em, post) => {
        const before = snapshot.post(post);
        await setCode(em, Post, 'Post', post, body.code);
        if (body.profileCode !== undefined) post.profileId = (await profileByCode(em, body.profileCode)).id;
        if (body.name !== undefined) post.name = body.name;
        if (body.nameZh !== undefined) post.nameZh = body.nameZh;
        await saveUpdate(em, principal, {
          before,
          after: snapshot.post(post),
          unique: CODE_KEY,
          write: () => em.update(Post, { id: post.id }, { code: post.code, name: post.name, nameZh: post.nameZh, profileId: post.profileId }),
          audit: { action: 'org.post.updated', entityType: 'post', entityId: post.id, orgUnitId: post.orgUnitId },
        });
        return (await describePosts(em, [post]))[0];
      }),
  });

  defineDeleteRoute(router, registry, {
    path: '/api/org/posts/:id',
    operationId: 'deletePost',
    summary: 'Delete a post nobody holds',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    refusals: { 403: 'Not an org writer', 404: 'No such post in your scope', 409: 'People hold the post' },
    remove: (principal, params) =>
      changeAsOrgWriter(ds, principal, loadPostInScope, params.id, async (em, post) => {
        const holders = await em.countBy(Person, { postId: post.id });
        if (holders) throw new ConflictError(`${holders} ${holders === 1 ? 'person holds' : 'people hold'} this post; give them another post first`);
        await em.delete(Post, { id: post.id });
        await audit(em, principal, {
          action: 'org.post.deleted',
          entityType: 'post',
          entityId: post.id,
          before: snapshot.post(post),
          orgUnitId: post.orgUnitId,
        });
      }),
  });
}

async function loadPostInScope(em: EntityManager, p: Principal, id: string): Promise<Post> {
  const post = await em.findOneBy(Post, { id });
  const unit = post ? await em.findOneBy(OrgUnit, { id: post.orgUnitId }) : null;
  assertInScope(p, unit?.path, 'Post not found');
  return post!;
}

async function profileByCode(em: EntityManager, code: string): Promise<PostProfile> {
  const profile = await em.findOneBy(PostProfile, { code });
  if (!profile) throw invalid('body.profileCode', `no post profile ${code} (see GET /api/org/post-profiles)`);
  return profile;
}
