import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from './openapi';
import { defineRoute, type Access, type PrincipalOf, type RouteHeading } from './route';

/** Every list is paged; pageSize is capped so no request can ask for an unbounded list. */
export const MAX_PAGE_SIZE = 200;

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

export function pageOf<T>(items: T[], total: number, q: { page: number; pageSize: number }) {
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export const pagedSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

type PageParams = z.infer<typeof PageQuery>;

/** The rows of one page of a query and how many rows there are in all (`getManyAndCount` over the page's window). */
export function pageRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, q: PageParams): Promise<[T[], number]> {
  return qb
    .skip((q.page - 1) * q.pageSize)
    .take(q.pageSize)
    .getManyAndCount();
}

/**
 * A paged list (`GET path?page=&pageSize=&<filters>`): the page query with the filters (unknown
 * parameters refused), a page of `item`s as its answer, and `list` reading the page for the caller.
 */
export function defineListRoute<F extends z.ZodRawShape, I extends z.ZodType, A extends Access>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteHeading<A> & {
    filters: F;
    item: I;
    /** What the 200 response is called (default "A page"). */
    description?: string;
    list: (principal: PrincipalOf<A>, query: PageParams & z.infer<z.ZodObject<F>>) => Promise<{ items: z.input<I>[]; total: number }>;
  },
): void {
  const { filters, item, description, list, ...route } = spec;
  defineRoute(router, registry, {
    ...route,
    method: 'get',
    query: PageQuery.extend(filters).strict(),
    responses: { 200: { description: description ?? 'A page', schema: pagedSchema(item) } },
    handler: async ({ query, principal }) => {
      const q = query as PageParams & z.infer<z.ZodObject<F>>;
      const r = await list(principal as PrincipalOf<A>, q);
      return pageOf(r.items, r.total, q);
    },
  });
}
