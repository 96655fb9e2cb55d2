/** Transport of the SafeLoop API client: JSON in and out, bearer token from the session, errors as ApiError. */
import type { components } from './schema';

/** The server's error answer (the generated `Error` schema) and one field at fault in it. */
type ErrorAnswer = components['schemas']['Error'];
export type ErrorDetail = NonNullable<ErrorAnswer['error']['details']>[number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'safeloop.token';
const USER_KEY = 'safeloop.user';

/**
 * The signed-in session on this device. In localStorage, not sessionStorage: a worker on the shop
 * floor closes the app or reloads it without a network and must find their session (and their
 * queue of reports waiting to be sent) still there. The user as last read from the server is kept
 * beside the token, so the app opens signed in while offline; ending the session drops both.
 */
export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else {
      localStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(USER_KEY);
    }
  },
  /**
   * The user the server last answered for the token in store, if it was for that token's user (the
   * token's subject); null otherwise. Lets the app open at once on a reload while the server confirms.
   */
  get userOfToken(): { id: string } | null {
    const token = localStorage.getItem(TOKEN_KEY);
    const cached = parseJson(localStorage.getItem(USER_KEY) ?? '') as { id?: unknown } | null;
    if (!token || !cached || typeof cached.id !== 'string') return null;
    try {
      const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string };
      return claims.sub === cached.id ? (cached as { id: string }) : null;
    } catch {
      return null;
    }
  },
  /** The user the server last answered for this token (any JSON: the caller checks its shape). */
  get cachedUser(): unknown {
    return parseJson(localStorage.getItem(USER_KEY) ?? '');
  },
  set cachedUser(value: unknown) {
    if (value === null || value === undefined) localStorage.removeItem(USER_KEY);
    else localStorage.setItem(USER_KEY, JSON.stringify(value));
  },
};

/** Fired when the server rejects the session's token (expired, user disabled): back to login. */
export const UNAUTHORIZED_EVENT = 'safeloop:unauthorized';

/** What a failed answer may hold: the server's error, read defensively (a proxy may answer anything). */
type ErrorBody = { error?: Partial<ErrorAnswer['error']> };

export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function failure(res: { status: number; statusText: string }, data: unknown, hadToken: boolean): ApiError {
  const error = (data as ErrorBody | undefined)?.error;
  if (res.status === 401 && hadToken) {
    session.token = null;
    window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  }
  return new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText, error?.details ?? []);
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = parseJson(await res.text());
  // /api/health answers 503 with the same body when something is down: that is still an answer.
  if (!res.ok && !(res.status === 503 && path === '/api/health')) throw failure(res, data, !!token);
  return data as T;
}

/** `?a=1&b=x` from the defined, non-empty values of a filter object. */
export function query(params: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A path segment. */
export const id = (value: string) => encodeURIComponent(value);
