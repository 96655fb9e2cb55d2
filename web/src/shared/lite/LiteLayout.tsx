import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMenuOpen } from './menu-state';
import { Link, useLocation } from '../../router';
import { useLabel } from '../../i18n';
import { findRoute, ROUTES, visibleRoutes, type RouteDef } from '../../routes';
import { useDeveloperLinks } from '../access';
import { localDisplayName } from '../names';
import { OutboxBadge } from '../offline/OutboxBadge';
import { useSession } from '../session';
import { CriticalAlarm } from '../components/CriticalAlarm';
import { LanguageSwitch } from '../components/LanguageSwitch';
import './lite.css';

/** Ant Design's `md` breakpoint: narrower is a phone (compact header, the menu in a drawer). */
const WIDE = '(min-width: 768px)';

function useWide(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mq = window.matchMedia(WIDE);
      mq.addEventListener('change', onChange);
      return () => mq.removeEventListener('change', onChange);
    },
    () => window.matchMedia(WIDE).matches,
  );
}

/**
 * The light shell (issue 20, a phone on a weak network): the same header and role-aware navigation
 * as the Ant Design layout (../components/AppLayout.tsx), drawn with plain elements and
 * ./lite.css, so the frontline's pages (the hazard report, the worker's home) open without Ant
 * Design's code. The other pages are shown in the Ant Design layout, fetched when first opened.
 */
export function LiteLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { user, signOut, unread } = useSession();
  const { pathname } = useLocation();
  const label = useLabel();
  const compact = !useWide();
  const [menuOpen, setMenuOpen] = useMenuOpen();
  useEffect(() => setMenuOpen(false), [pathname]);
  const unreadTitle = t('header.unreadTitle', { count: unread });

  return (
    <div className="sl-root sl-layout">
      <header className={compact ? 'sl-header sl-compact' : 'sl-header'} data-shell="header">
        <span className="sl-row">
          {compact && (
            <button type="button" className="sl-btn sl-btn-menu" onClick={() => setMenuOpen(true)} aria-label={t('header.menu')} data-testid="nav-open">
              ☰
            </button>
          )}
          <Link to="/tasks" className="sl-brand">
            {t('app.name')}
          </Link>
          {!compact && <span className="sl-tagline">{t('app.tagline')}</span>}
        </span>
        <span className="sl-row sl-header-end">
          <OutboxBadge owner={user.id} />
          <Link to="/notifications" data-testid="unread-badge" data-count={unread} aria-label={unreadTitle} title={unreadTitle}>
            <span className="sl-count">
              {t('header.notifications')}
              {unread > 0 && <sup>{unread > 99 ? '99+' : unread}</sup>}
            </span>
          </Link>
          <LanguageSwitch account />
          <span className="sl-header-text sl-user" title={user.roles.map((r) => label(`roles.${r}`, r)).join(', ')} data-testid="current-user">
            {localDisplayName(user, i18n.language)}
          </span>
          <button type="button" className="sl-btn sl-btn-small" onClick={signOut} data-testid="sign-out">
            {t('header.signOut')}
          </button>
        </span>
      </header>
      <div className="sl-body">
        {compact ? (
          menuOpen && (
            <>
              <div className="sl-drawer-mask" onClick={() => setMenuOpen(false)} />
              <nav className="sl-drawer" role="dialog" aria-modal="true" aria-label={t('app.name')} data-shell="menu">
                <div className="sl-drawer-head">
                  <button
                    type="button"
                    className="sl-btn sl-btn-link"
                    onClick={() => setMenuOpen(false)}
                    aria-label={t('common.close')}
                    style={{ fontSize: 18 }}
                  >
                    ×
                  </button>
                  {t('app.name')}
                </div>
                <NavMenu onPick={() => setMenuOpen(false)} />
              </nav>
            </>
          )
        ) : (
          <nav className="sl-sider" data-shell="menu">
            <NavMenu />
          </nav>
        )}
        <main className={compact ? 'sl-content sl-compact-content' : 'sl-content'} data-shell="content">
          {children}
        </main>
      </div>
      <CriticalAlarm />
    </div>
  );
}

/** The pages the user may open, a group's pages together under its title; the API docs for the developer roles. */
function NavMenu({ onPick }: { onPick?: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { pathname } = useLocation();
  const developer = useDeveloperLinks();
  const found = findRoute(pathname);
  const selected = found?.hidden && found.parent ? ROUTES.find((r) => r.key === found.parent) : found;
  const shown = visibleRoutes(user).filter((r) => !r.hidden);

  const entry = (r: RouteDef) => (
    <li key={r.path} className={`sl-menu-item${r.group ? ' sl-menu-sub' : ''}${r === selected ? ' sl-selected' : ''}`}>
      <Link
        to={r.path}
        data-testid={`nav-${r.key}`}
        onClick={onPick}
        aria-current={r === selected ? 'page' : undefined}
        style={r.key === 'emergencyNew' ? { color: '#cf1322', fontWeight: 600 } : undefined}
      >
        {t(`nav.${r.key}`)}
      </Link>
    </li>
  );
  const items: ReactNode[] = [];
  for (const r of shown) {
    if (!r.group) items.push(entry(r));
    else if (shown.find((x) => x.group === r.group) === r) {
      items.push(
        <li key={`group-${r.group}`} className="sl-menu-group" role="presentation">
          {t(`nav.group.${r.group}`)}
        </li>,
        ...shown.filter((x) => x.group === r.group).map(entry),
      );
    }
  }
  return (
    <ul className="sl-menu">
      {items}
      {developer && (
        <>
          <li className="sl-menu-divider" role="separator" />
          <li className="sl-menu-item">
            <a href="/api/docs" target="_blank" rel="noreferrer" data-testid="nav-api-docs">
              {t('nav.apiDocs')}
            </a>
          </li>
        </>
      )}
    </ul>
  );
}
