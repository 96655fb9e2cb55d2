/**
 * The API client generated from the OpenAPI document: openapi-fetch over the types in
 * ./schema.d.ts (npm run gen:client), with the transport rules of ./http's `api()`: JSON, the
 * session's bearer token, and a failed answer thrown as ApiError (a 401 on the session's token
 * ends the session). Like `api()`, it leaves Accept-Language to the browser.
 *
 *   const { data } = await client.GET('/api/hazards/{id}', { params: { path: { id } } });
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { failure, parseJson, session } from './http';
import type { components, paths } from './schema';

/** The API's named types (`Schemas['HazardDetail']`, `Schemas['Task']`, …). */
export type Schemas = components['schemas'];

const transport: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json');
    const token = session.token;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response, schemaPath }) {
    // /api/health answers 503 with the same body when something is down: that is still an answer.
    if (response.ok || (response.status === 503 && schemaPath === '/api/health')) return undefined;
    throw failure(response, parseJson(await response.clone().text()), request.headers.has('Authorization'));
  },
};

export const client = createClient<paths>();
client.use(transport);
