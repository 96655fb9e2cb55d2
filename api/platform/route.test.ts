import express from 'express';
import { createOpenApiRegistry, z } from './openapi';
import { defineRoute, type RouteSpec } from './route';

/** The generated web client names its functions and types by operationId: a bad or repeated one fails at start-up. */
describe('defineRoute operationId', () => {
  const responses = { 200: { description: 'Things', schema: z.object({ n: z.number() }) } };
  const route = (operationId: string, path = '/api/things'): RouteSpec<undefined, undefined, undefined, 'authenticated', typeof responses> => ({
    method: 'get',
    path,
    operationId,
    summary: 'Things',
    tags: ['things'],
    access: 'authenticated',
    responses,
    handler: async () => ({ n: 1 }),
  });

  it('documents it', () => {
    const registry = createOpenApiRegistry();
    defineRoute(express.Router(), registry, route('listThings'));
    expect(registry.definitions.some((d) => d.type === 'route' && d.route.operationId === 'listThings')).toBe(true);
  });

  it('refuses one used by another route of the same document', () => {
    const registry = createOpenApiRegistry();
    defineRoute(express.Router(), registry, route('listThings'));
    expect(() => defineRoute(express.Router(), registry, route('listThings', '/api/other-things'))).toThrow(
      'GET /api/other-things: operationId "listThings" is already used by GET /api/things',
    );
    // Another document (another app in the same process) may use it.
    expect(() => defineRoute(express.Router(), createOpenApiRegistry(), route('listThings'))).not.toThrow();
  });

  it.each(['ListThings', 'list-things', 'list_things', ''])('refuses %j (not camelCase)', (id) => {
    expect(() => defineRoute(express.Router(), createOpenApiRegistry(), route(id))).toThrow('is not camelCase');
  });
});
