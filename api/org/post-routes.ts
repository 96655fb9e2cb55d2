import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { EntityManager } from 'typeorm';
import { OrgUnit, Person, Post, PostProfile } from '../../db/entities';
import { assertInScope } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { ConflictError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineRoute, type Principal } from '../platform/route';
import {
  audit,
  changed,
  Code,
  Id,
  IdParams,
  insertCopy,
  invalid,
  loadUnitInScope,
  Name,
  ORG_WRITERS,
  rejectRuleIssues,
  requireOrgWriter,
  uniqueOr409,
} from './common';
import { postPlacementIssues } from './rules';
import { describePosts, PostProfileView, PostView, snapshot } from './views';

const ProfileCode = z.string().trim().min(1).max(64).describe('Code of a post profile, e.g. frontline-production-high');

const CreatePostBody = z.object({ orgUnitId: Id, code: Code, name: Name, profileCode: ProfileCode }).strict().openapi('CreatePost');
const UpdatePostBody = z.object({ code: Code.optional(), name: Name.optional(), profileCode: ProfileCode.optional() }).strict().openapi('UpdatePost');

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

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/org/posts',
    operationId: 'createPost',
    summary: 'Create a post in an org unit of your scope',
    tags: TAGS,
    access: ORG_WRITERS,
    body: CreatePostBody,
    responses: { 201: { description: 'Created', schema: PostView }, 404: { description: 'Unit not in your scope' }, 409: { description: 'Code in use' } },
    handler: async ({ body, principal }) =>
      ds.transaction(async (em) => {
        const unit = await loadUnitInScope(em, principal, body.orgUnitId);
        rejectRuleIssues(postPlacementIssues(unit.kind), { orgUnit: 'body.orgUnitId' });
        const profile = await profileByCode(em, body.profileCode);
        await assertCodeFree(em, body.code);
        const post = em.create(Post, { id: randomUUID(), orgUnitId: unit.id, code: body.code, name: body.name, profileId: profile.id });
        await uniqueOr409('body.code', 'Code', () => insertCopy(em, Post, post));
        await audit(em, principal, { action: 'org.post.created', entityType: 'post', entityId: post.id, after: snapshot.post(post), orgUnitId: unit.id });
        return (await describePosts(em, [post]))[0];
      }),
  });

  defineRoute(router, registry, {
    method: 'patch',
    path: '/api/org/posts/:id',
    operationId: 'updatePost',
    summary: 'Rename a post, change its code or its profile',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    body: UpdatePostBody,
    responses: {
      200: { description: 'Updated', schema: PostView },
      403: { description: 'Not an org writer' },
      404: { description: 'No such post in your scope' },
      409: { description: 'Code in use' },
    },
    handler: async ({ params, body, principal }) =>
      ds.transaction(async (em) => {
        const post = await loadPostInScope(em, principal, params.id);
        requireOrgWriter(principal);
        const before = snapshot.post(post);
        if (body.code !== undefined && body.code !== post.code) {
          await assertCodeFree(em, body.code);
          post.code = body.code;
        }
        if (body.profileCode !== undefined) post.profileId = (await profileByCode(em, body.profileCode)).id;
        if (body.name !== undefined) post.name = body.name;
        const after = snapshot.post(post);
        if (changed(before, after)) {
          await uniqueOr409('body.code', 'Code', () => em.update(Post, { id: post.id }, { code: post.code, name: post.name, profileId: post.profileId }));
          await audit(em, principal, { action: 'org.post.updated', entityType: 'post', entityId: post.id, before, after, orgUnitId: post.orgUnitId });
        }
        return (await describePosts(em, [post]))[0];
      }),
  });

  defineRoute(router, registry, {
    method: 'delete',
    path: '/api/org/posts/:id',
    operationId: 'deletePost',
    summary: 'Delete a post nobody holds',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    responses: {
      204: { description: 'Deleted' },
      403: { description: 'Not an org writer' },
      404: { description: 'No such post in your scope' },
      409: { description: 'People hold the post' },
    },
    handler: async ({ params, principal }) =>
      ds.transaction(async (em) => {
        const post = await loadPostInScope(em, principal, params.id);
        requireOrgWriter(principal);
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

async function assertCodeFree(em: EntityManager, code: string): Promise<void> {
  if (await em.existsBy(Post, { code })) throw new ConflictError(`Post code ${code} is already in use`, [{ path: 'body.code', message: 'already in use' }]);
}
