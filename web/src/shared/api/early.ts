/**
 * The session read started by the boot script (../../boot.ts) as the page opens, before the app's
 * code has arrived: on a weak network the round trip then overlaps the download instead of
 * following it. The app takes the answer once (App.tsx); a later sign-in reads its own.
 */
import { textLanguage } from '../../i18n/bundles';
import { failure, parseJson, session } from './http';
import type { CurrentUser } from './types';

let early: Promise<CurrentUser> | undefined;

/** GET /api/auth/me with the session's token, if there is one (as the client's fetchMe asks it). */
export function readSessionEarly(): void {
  const token = session.token;
  if (!token) return;
  early = fetch('/api/auth/me', {
    headers: { Accept: 'application/json', 'Accept-Language': textLanguage(), Authorization: `Bearer ${token}` },
  }).then(async (res) => {
    const data = parseJson(await res.text());
    if (!res.ok) throw failure(res, data, true);
    return data as CurrentUser;
  });
  early.catch(() => undefined); // taken and handled by the app; unhandled only if it never starts
}

/** The early read, once; undefined when there was none (or it was taken). */
export function takeEarlySession(): Promise<CurrentUser> | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
