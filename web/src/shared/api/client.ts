/**
 * The API client generated from the OpenAPI document: openapi-fetch over the types in
 * ./schema.d.ts (npm run gen:client), with the transport rules of ./http's `api()`: JSON, the
 * session's bearer token, and a failed answer thrown as ApiError (a 401 on the session's token
 * ends the session). It asks for answers (error messages) in the UI's current language
 * (Accept-Language = i18next's language, switched in the app), not the browser's.
 *
 *   const { data } = await client.GET('/api/hazards/{id}', { params: { path: { id } } });
 */
import i18n from 'i18next';
import createClient, { type Middleware } from 'openapi-fetch';
import { failure, parseJson, session } from './http';
import { present } from './lists';
import type { components, operations, paths } from './schema';

/** The API's named types (`Schemas['HazardDetail']`, `Schemas['Task']`, …). */
export type Schemas = components['schemas'];

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
/** What an operation answers on success: the JSON of its 200, else 201, else 202 (`Ok<'getHazard'>`). */
export type Ok<K extends keyof operations> = operations[K]['responses'] extends infer R
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : R extends { 202: infer A }
        ? JsonOf<A>
        : undefined
  : never;
/** An operation's JSON request body (`Body<'reportHazard'>`). */
export type Body<K extends keyof operations> = NonNullable<operations[K]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
/** An operation's query parameters (`Query<'listHazards'>`). */
export type Query<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;
/** An operation's path parameters. */
export type PathParams<K extends keyof operations> = NonNullable<operations[K]['parameters']['path']>;

/**
 * The data of a call that succeeded; a failed one has already thrown ApiError in the transport
 * middleware: `const hazard = await dataOf(client.GET('/api/hazards/{id}', { params: { path: { id } } }));`
 */
export async function dataOf<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  return (await call).data as T;
}

/** The `{id}` of a route's path, as the generated client takes it: `client.GET('/api/hazards/{id}', byId(hazardId))`. */
export const byId = (id: string) => ({ params: { path: { id } } });

/** A list route's filter as its query, without undefined and empty values (`?area=` is no filter). */
export const byQuery = <Q extends object>(query: Q) => ({ params: { query: present(query) } });

const transport: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json');
    const language = i18n.resolvedLanguage ?? i18n.language;
    if (language && !request.headers.has('Accept-Language')) request.headers.set('Accept-Language', language);
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
