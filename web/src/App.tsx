import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fetchMe, listNotifications, session, UNAUTHORIZED_EVENT, type CurrentUser } from './shared/api';
import { usePoll } from './shared/lite/reads';
import { SessionCacheContext, type SessionCache } from './shared/sessionCache';
import { canSee, findRoute, INSPECTOR_ROLES, landingPath, type PageKey } from './routes';
import { isHome, LIGHT_ROUTES, loadFullApp, preloadRoute } from './pages';
import { takeEarlySession } from './shared/api/early';
import { navigate, useLocation } from './router';
import { hasRole, SessionContext, useSession, type Session } from './shared/session';
import { useOutboxSync } from './shared/offline/useOutbox';
import { LiteLayout } from './shared/lite/LiteLayout';
import { HazardReportPage } from './features/hazards/HazardReportPage';
import { WorkerHomePage } from './features/tasks/WorkerHomePage';
import { LoginPage } from './features/auth/LoginPage';
import './shared/lite/lite.css';

const UNREAD_POLL_MS = 15_000;

/**
 * The app's frame without Ant Design (issue 20: the frontline's report form usable within seconds
 * on a weak network): the session, and the light shell (shared/lite) with the frontline's pages —
 * report a hazard, the worker's home — and the login page. Every other page is in Ant Design
 * (./FullApp.tsx), fetched when first shown.
 */
const FullApp = lazy(() => loadFullApp().then((m) => ({ default: m.FullApp })));

/** The pages drawn without Ant Design, in the light shell (pages.ts LIGHT_ROUTES). */
const LIGHT_PAGES: Partial<Record<PageKey, () => ReactNode>> = {
  hazardNew: () => <HazardReportPage />,
  home: () => <WorkerHomePage />,
};

/** A spinner over the whole screen (while the session is read). */
function FullscreenSpin() {
  return (
    <div className="sl-root sl-fullscreen" style={{ background: '#f5f5f5' }} aria-busy="true">
      <span className="sl-spin" />
    </div>
  );
}

export function App() {
  return <AuthGate />;
}

/** Login page until there is a user; a 401 from any call brings it back. */
function AuthGate() {
  // The user as last read for this token: the app opens at once, in its first render (a warm start
  // does not wait for the round trip on a weak network); the answer below updates it, or ends the session.
  const [user, setUser] = useState<CurrentUser | null>(() => session.userOfToken as CurrentUser | null);
  const [checked, setChecked] = useState(() => !session.token || !!session.userOfToken);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    // Both usually started already by the boot script (./boot.ts), before this code arrived.
    preloadRoute(window.location.pathname);
    const me = takeEarlySession() ?? (session.token ? fetchMe() : undefined);
    if (!me) return;
    me.then(
      (u) => {
        session.cachedUser = u;
        setUser(u);
      },
      (err: unknown) => {
        // No answer (offline on the shop floor, the server unreachable or failing): the user as
        // last read, so the app and its queue of unsent reports open; a refusal ends the session.
        const cached = session.cachedUser as CurrentUser | undefined;
        if (!(err instanceof ApiError && err.status < 500) && cached?.id) setUser(cached);
        else {
          session.token = null;
          setUser(null);
        }
      },
    ).finally(() => setChecked(true));
  }, []);

  useEffect(() => {
    const onUnauthorized = () => {
      setUser(null);
      setExpired(true);
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const signOut = useCallback(() => {
    session.token = null;
    setExpired(false);
    setUser(null);
  }, []);

  if (!checked) return <FullscreenSpin />;
  if (!user)
    return (
      <LoginPage
        expired={expired}
        onLogin={(u) => {
          session.cachedUser = u;
          setExpired(false);
          setUser(u);
        }}
      />
    );
  return <SignedIn key={user.id} user={user} signOut={signOut} />;
}

/** One signed-in session: its own cache of what was read, so nothing read for one user is shown to the next. */
function SignedIn({ user, signOut }: { user: CurrentUser; signOut: () => void }) {
  const [cache] = useState<SessionCache>(() => new Map());
  return (
    <SessionCacheContext.Provider value={cache}>
      <SessionProvider user={user} signOut={signOut}>
        <OutboxSync owner={user.id} />
        <OfflineCopies user={user} />
        <Frame />
      </SessionProvider>
    </SessionCacheContext.Provider>
  );
}

function SessionProvider({ user, signOut, children }: { user: CurrentUser; signOut: () => void; children: ReactNode }) {
  // The badge is a hint: a failed read keeps the last count (the notifications page reports errors).
  const { data: unread = 0, refresh } = usePoll(
    'notifications/unread',
    async () => (await listNotifications({ unreadOnly: true, pageSize: 1 })).unread,
    UNREAD_POLL_MS,
  );
  const refreshUnread = useCallback(() => void refresh(), [refresh]);
  const value = useMemo<Session>(() => ({ user, signOut, unread, refreshUnread }), [user, signOut, unread, refreshUnread]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Sends the device's queue of offline work while the user is signed in (shared/offline). */
function OutboxSync({ owner }: { owner: string }) {
  useOutboxSync(owner);
  return null;
}

/**
 * Once the app has started online, keeps on the device what an inspector's record form chooses
 * from, so it opens without a network too (shared/offline/prime.ts: the templates, the org tree). After
 * the page's load and when the main thread is idle, so the first screen does not wait for it; the
 * module is fetched then, not with the app's entry.
 */
function OfflineCopies({ user }: { user: CurrentUser }) {
  const owner = user.id;
  const inspector = hasRole(user, ...INSPECTOR_ROLES);
  useEffect(() => {
    if (!inspector) return;
    let idle: number | undefined;
    const idleCallbacks = typeof window.requestIdleCallback === 'function';
    const prime = () => {
      if (!navigator.onLine) return;
      const run = () => void import('./shared/offline/prime').then((m) => m.keepOfflineCopies(owner)).catch(() => undefined);
      idle = idleCallbacks ? window.requestIdleCallback(run, { timeout: 5_000 }) : window.setTimeout(run, 1_000);
    };
    if (document.readyState === 'complete') prime();
    else window.addEventListener('load', prime, { once: true });
    return () => {
      window.removeEventListener('load', prime);
      if (idle === undefined) return;
      if (idleCallbacks) window.cancelIdleCallback(idle);
      else window.clearTimeout(idle);
    };
  }, [owner, inspector]);
  return null;
}

/**
 * The page the address shows: a light page in the light shell, any other in Ant Design's layout
 * (its code fetched the first time; the light shell waits with a spinner meanwhile). `/` and
 * /login lead to the user's start page; a page the user may not see is refused by the full app.
 */
function Frame() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { pathname } = useLocation();
  const route = findRoute(pathname);
  const home = isHome(pathname);

  useEffect(() => {
    if (home) navigate(landingPath(user), { replace: true });
  }, [home, user]);
  useEffect(() => {
    document.title = route ? `${t(`nav.${route.key}`)} · ${t('app.name')}` : t('app.name');
  }, [route, t]);

  if (home) return null;
  const light = route && canSee(user, route) && LIGHT_ROUTES.includes(route.key) ? LIGHT_PAGES[route.key] : undefined;
  if (light) return <LiteLayout>{light()}</LiteLayout>;
  return (
    <Suspense
      fallback={
        <LiteLayout>
          <div className="sl-loading" data-testid="page-loading">
            <span className="sl-spin" />
          </div>
        </LiteLayout>
      }
    >
      <FullApp />
    </Suspense>
  );
}
