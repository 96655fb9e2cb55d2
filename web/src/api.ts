/** Thin client for the SafeLoop API: JSON in and out, bearer token from the session. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  orgUnitId: string;
  personId: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'safeloop.token';

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok && !(res.status === 503 && path === '/api/health')) {
    if (res.status === 401) session.token = null;
    throw new ApiError(res.status, data?.error?.message ?? res.statusText, data?.error?.details);
  }
  return data as T;
}
