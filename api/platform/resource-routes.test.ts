import type { AddressInfo } from 'node:net';
import express from 'express';
import { createOpenApiRegistry, z } from './openapi';
import { defineCreateRoute, defineDeleteRoute, defineGetRoute, IdParams } from './resource-routes';
import type { Principal } from './route';

/** The route builders answer and document what their declarations say. */
describe('resource route builders', () => {
  const Thing = z.object({ id: z.string(), name: z.string() });
  const things = new Map<string, string>();
  const registry = createOpenApiRegistry();
  const router = express.Router();
  const heading = { tags: ['things'], access: 'authenticated' as const };
  defineCreateRoute(router, registry, {
    ...heading,
    path: '/api/things',
    operationId: 'createThing',
    summary: 'Create a thing',
    body: z.object({ id: z.string().uuid(), name: z.string() }).strict(),
    item: Thing,
    created: 'Created',
    again: 'Already created (resend)',
    refusals: { 409: 'The id names another thing' },
    save: async (_p, body) => {
      const created = !things.has(body.id);
      if (created) things.set(body.id, body.name);
      return { created, thing: { id: body.id, name: things.get(body.id)! } };
    },
    answer: (r) => r.thing,
  });
  defineGetRoute(router, registry, {
    ...heading,
    path: '/api/things/:id',
    operationId: 'getThing',
    summary: 'A thing',
    params: IdParams,
    item: Thing,
    answer: 'The thing',
    refusals: { 404: 'No such thing' },
    get: async (_p, { id }) => ({ id, name: things.get(id) ?? '' }),
  });
  defineDeleteRoute(router, registry, {
    ...heading,
    path: '/api/things/:id',
    operationId: 'deleteThing',
    summary: 'Delete a thing',
    params: IdParams,
    remove: async (_p, { id }) => things.delete(id),
  });

  const app = express();
  app.use(express.json());
  app.use((_req, res, next) => {
    res.locals.principal = { userId: 'u1', username: 'u', roles: ['employee'] } as unknown as Principal;
    next();
  });
  app.use(router);
  const server = app.listen(0);
  const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const id = '4d1c3c0e-7a0b-4f49-9c55-0f6c2f6e8a11';
  const post = () => fetch(url('/api/things'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, name: 'a' }) });

  it('answers a create 201, its resend 200 with the same body; get 200; delete 204', async () => {
    const first = await post();
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id, name: 'a' });
    const again = await post();
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id, name: 'a' });
    expect((await fetch(url(`/api/things/${id}`))).status).toBe(200);
    const deleted = await fetch(url(`/api/things/${id}`), { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(things.has(id)).toBe(false);
  });

  it('documents the answers and the refusals by status', () => {
    const responses = (operationId: string) => {
      const d = registry.definitions.find((x) => x.type === 'route' && x.route.operationId === operationId);
      return d?.type === 'route' ? Object.keys(d.route.responses) : [];
    };
    expect(responses('createThing')).toEqual(['200', '201', '400', '401', '409']);
    expect(responses('getThing')).toEqual(['200', '400', '401', '404']);
    expect(responses('deleteThing')).toEqual(['204', '400', '401']);
  });
});
