import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { ZodType } from 'zod';
import { z } from './openapi';
import { answerCreated, defineRoute, type Access, type PrincipalOf, type RouteHeading } from './route';

/** The `:id` of a resource's route: a UUID. */
export const IdParams = z.object({ id: z.string().uuid() });

/** The 202 answer of a run started now (a Temporal Schedule triggered by hand). */
export const Triggered = z.object({ triggered: z.literal(true) });

/** What a route refuses besides invalid input, by status: the description of each (e.g. `404: 'No such unit in your scope'`). */
export type Refusals = Record<number, string>;

function refused(refusals: Refusals = {}) {
  return Object.fromEntries(Object.entries(refusals).map(([status, description]) => [status, { description }])) as Record<number, { description: string }>;
}

/** What an answered route declares beyond its heading: the params naming the resource and the schema of the 200 body. */
type Answering<A extends Access, P extends ZodType, S extends ZodType> = RouteHeading<A> & {
  params: P;
  item: S;
  /** What the 200 response is called. */
  answer: string;
  refusals: Refusals;
};

/** `GET path` of one resource (named by `params`): 200 with the item `get` reads for the caller, or one of the refusals (a 404 when it is not there or not theirs to see). */
export function defineGetRoute<A extends Access, P extends ZodType, S extends ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: Omit<Answering<A, P, S>, 'refusals'> & { refusals?: Refusals; get: (principal: PrincipalOf<A>, params: z.infer<P>) => Promise<z.input<S>> },
): void {
  const { params, item, answer, refusals, get, ...heading } = spec;
  defineRoute(router, registry, {
    ...heading,
    method: 'get',
    params,
    responses: { ...refused(refusals), 200: { description: answer, schema: item } },
    handler: ({ params, principal }) => get(principal as PrincipalOf<A>, params as z.infer<P>),
  });
}

/** `PUT` or `PATCH path` of one resource (or `POST` of an action on it, e.g. a revocation): `update` changes it with the body and answers 200 with what it is now. */
export function defineUpdateRoute<A extends Access, P extends ZodType, B extends ZodType, S extends ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: Answering<A, P, S> & {
    method: 'put' | 'patch' | 'post';
    body: B;
    update: (principal: PrincipalOf<A>, params: z.infer<P>, body: z.infer<B>) => Promise<z.input<S>>;
  },
): void {
  const { params, item, answer, refusals, body, update, ...heading } = spec;
  defineRoute(router, registry, {
    ...heading,
    params,
    body,
    responses: { ...refused(refusals), 200: { description: answer, schema: item } },
    handler: ({ params, body, principal }) => update(principal as PrincipalOf<A>, params as z.infer<P>, body as z.infer<B>),
  });
}

/** `DELETE path` of one resource: 204 once `remove` has deleted it, or one of the refusals. */
export function defineDeleteRoute<A extends Access, P extends ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteHeading<A> & { params: P; refusals?: Refusals; remove: (principal: PrincipalOf<A>, params: z.infer<P>) => Promise<unknown> },
): void {
  const { params, refusals, remove, ...heading } = spec;
  defineRoute(router, registry, {
    ...heading,
    method: 'delete',
    params,
    responses: { ...refused(refusals), 204: { description: 'Deleted' } },
    handler: async ({ params, principal }) => {
      await remove(principal as PrincipalOf<A>, params as z.infer<P>);
      return undefined;
    },
  });
}

/**
 * `POST path` adding a resource: 201 with what `add` made of the body, or one of the refusals.
 * Not idempotent (a resend adds again, or is refused as taken); see defineCreateRoute for that.
 */
export function defineAddRoute<A extends Access, B extends ZodType, S extends ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteHeading<A> & {
    body: B;
    item: S;
    /** What the 201 response is called (default "Created"). */
    created?: string;
    refusals?: Refusals;
    add: (principal: PrincipalOf<A>, body: z.infer<B>) => Promise<z.input<S>>;
  },
): void {
  const { body, item, created, refusals, add, ...heading } = spec;
  defineRoute(router, registry, {
    ...heading,
    method: 'post',
    body,
    responses: { ...refused(refusals), 201: { description: created ?? 'Created', schema: item } },
    handler: ({ body, principal }) => add(principal as PrincipalOf<A>, body as z.infer<B>),
  });
}

/** What a create route declares (see defineCreateRoute). */
type CreateSpec<A extends Access, B extends ZodType, S extends ZodType, R> = RouteHeading<A> & {
  method?: 'post' | 'put';
  body: B;
  item: S;
  /** What the 201 and the 200 responses are called (e.g. 'Created', 'Already created (resend)'). */
  created: string;
  again: string;
  refusals?: Refusals;
  save: (principal: PrincipalOf<A>, body: z.infer<B>) => Promise<R>;
};

/**
 * An idempotent create or save (`POST`, or `PUT` of a business key): `save` answers whether it
 * created the resource; 201 when it did, 200 when a resend found it there (or the save changed
 * what existed), both with the same schema. `answer` picks the body from what `save` returned;
 * without it the body is all of it (then it must fit the schema).
 */
export function defineCreateRoute<A extends Access, B extends ZodType, S extends ZodType, R extends { created: boolean }>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: CreateSpec<A, B, S, R> & { answer: (r: R) => z.input<S> },
): void;
export function defineCreateRoute<A extends Access, B extends ZodType, S extends ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: CreateSpec<A, B, S, z.input<S> & { created: boolean }>,
): void;
export function defineCreateRoute<A extends Access, B extends ZodType, S extends ZodType, R extends { created: boolean }>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: CreateSpec<A, B, S, R> & { answer?: (r: R) => unknown },
): void {
  const { method, body, item, created, again, refusals, save, answer, ...heading } = spec;
  defineRoute(router, registry, {
    ...heading,
    method: method ?? 'post',
    body,
    responses: { ...refused(refusals), 201: { description: created, schema: item }, 200: { description: again, schema: item } },
    handler: async ({ body, principal, res }) => {
      const r = await save(principal as PrincipalOf<A>, body as z.infer<B>);
      return answerCreated(res, r, answer ? answer(r) : r);
    },
  });
}
