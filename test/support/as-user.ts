import { httpClient } from './env';

/**
 * One logged-in API client per demo user, created on first use (logging in once per user
 * keeps the scrypt cost out of every call), plus uploads of raw files such as CSV and xlsx.
 */
export function usersOf(baseUrl: string, password = 'safeloop-demo') {
  const clients = new Map<string, Promise<{ http: ReturnType<typeof httpClient>; token: string }>>();
  const client = (username: string) => {
    let c = clients.get(username);
    if (!c) {
      const http = httpClient(baseUrl);
      c = http.login(username, password).then((r: { token: string }) => ({ http, token: r.token }));
      clients.set(username, c);
    }
    return c;
  };
  return {
    /** `as('manager').call('POST', '/api/org/units', {...})` */
    as: (username: string) => ({
      call: async (method: string, path: string, body?: unknown) => (await client(username)).http.call(method, path, body),
      upload: async (path: string, data: string | Uint8Array, contentType: string) => {
        const { token } = await client(username);
        const res = await fetch(baseUrl + path, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body: data });
        const text = await res.text();
        return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
      },
    }),
  };
}

/**
 * `as(username)`: that demo user's logged-in API client, created on first use. `baseUrl` is read
 * when first needed, so a suite can create this before its system starts in `beforeAll`.
 */
export function loggedInClients(baseUrl: () => string, password = 'safeloop-demo') {
  const clients = new Map<string, Promise<ReturnType<typeof httpClient>>>();
  return async (username: string): Promise<ReturnType<typeof httpClient>> => {
    let c = clients.get(username);
    if (!c) {
      const http = httpClient(baseUrl());
      c = http.login(username, password).then(() => http);
      clients.set(username, c);
    }
    return c;
  };
}
