import { Badge, Button, Drawer, Grid, Layout, Menu, Space, Tooltip, Typography, type MenuProps } from 'antd';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMenuOpen } from '../lite/menu-state';
import { Link, useLocation } from '../../router';
import { useSession } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { CriticalAlarm } from './CriticalAlarm';
import { OutboxBadge } from '../offline/OutboxBadge';
import { useLabel } from '../../i18n';
import { localDisplayName } from '../names';
import { findRoute, ROUTES, visibleRoutes, type RouteDef } from '../../routes';
import { useDeveloperLinks } from '../access';

const headerText = { color: '#fff' } as const;

/** Header (app, user, language, unread badge, sign out) and the role-aware side navigation. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { user, signOut, unread } = useSession();
  const { pathname } = useLocation();
  const label = useLabel();
  // Phones (the hazard report form is used on the shop floor): a compact header and less padding.
  const screens = Grid.useBreakpoint();
  const compact = !screens.md;
  const [menuOpen, setMenuOpen] = useMenuOpen();
  const developer = useDeveloperLinks();

  const entry = (r: RouteDef) => ({
    key: r.path,
    label: (
      <Link to={r.path} data-testid={`nav-${r.key}`} style={r.key === 'emergencyNew' ? { color: '#cf1322', fontWeight: 600 } : undefined}>
        {t(`nav.${r.key}`)}
      </Link>
    ),
  });
  // Pages of a group sit together under its title, where the group's first page is.
  const shown = visibleRoutes(user).filter((r) => !r.hidden);
  const pages: NonNullable<MenuProps['items']> = [];
  for (const r of shown) {
    if (!r.group) pages.push(entry(r));
    else if (shown.find((x) => x.group === r.group) === r)
      pages.push({
        type: 'group' as const,
        key: `group-${r.group}`,
        label: t(`nav.group.${r.group}`),
        children: shown.filter((x) => x.group === r.group).map(entry),
      });
  }
  // The API docs: a developer link, for admins, the safety hub and auditors only.
  const items: MenuProps['items'] = developer
    ? [
        ...pages,
        { type: 'divider' as const },
        {
          key: 'api-docs',
          label: (
            <a href="/api/docs" target="_blank" rel="noreferrer" data-testid="nav-api-docs">
              {t('nav.apiDocs')}
            </a>
          ),
        },
      ]
    : pages;
  const found = findRoute(pathname);
  const selected = found?.hidden && found.parent ? ROUTES.find((r) => r.key === found.parent) : found;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected.path] : []}
      items={items}
      onClick={() => setMenuOpen(false)}
      style={{ height: '100%', borderInlineEnd: 0 }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: compact ? 8 : 16,
          paddingInline: compact ? 12 : 24,
          ...(compact ? { flexWrap: 'wrap', height: 'auto', lineHeight: '32px', paddingBlock: 8 } : {}),
        }}
      >
        <Space size={compact ? 'small' : 'middle'} align="center">
          {compact && (
            <Button size="small" ghost onClick={() => setMenuOpen(true)} aria-label={t('header.menu')} data-testid="nav-open">
              ☰
            </Button>
          )}
          <Link to="/tasks" style={{ ...headerText, fontSize: compact ? 18 : 20, fontWeight: 600 }}>
            {t('app.name')}
          </Link>
          {!compact && <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }}>{t('app.tagline')}</Typography.Text>}
        </Space>
        <Space
          size={compact ? 'small' : 'middle'}
          align="center"
          wrap={compact}
          style={{ marginInlineStart: 'auto', maxWidth: '100%', justifyContent: 'flex-end' }}
        >
          <OutboxBadge owner={user.id} />
          <Tooltip title={t('header.unreadTitle', { count: unread })}>
            <Link to="/notifications" style={headerText} data-testid="unread-badge" data-count={unread} aria-label={t('header.unreadTitle', { count: unread })}>
              <Badge count={unread} overflowCount={99} size="small" offset={[8, -2]}>
                <span style={headerText}>{t('header.notifications')}</span>
              </Badge>
            </Link>
          </Tooltip>
          <LanguageSwitch account />
          <Tooltip title={user.roles.map((r) => label(`roles.${r}`, r)).join(', ')}>
            <Typography.Text
              style={{
                ...headerText,
                ...(compact
                  ? { display: 'inline-block', maxWidth: 72, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'middle' }
                  : {}),
              }}
              data-testid="current-user"
            >
              {localDisplayName(user, i18n.language)}
            </Typography.Text>
          </Tooltip>
          <Button size="small" onClick={signOut} data-testid="sign-out">
            {t('header.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {compact ? (
          <Drawer placement="left" size={260} open={menuOpen} onClose={() => setMenuOpen(false)} title={t('app.name')} styles={{ body: { padding: 0 } }}>
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider theme="light" width={220} breakpoint="lg" collapsedWidth={0}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: compact ? 8 : 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
      <CriticalAlarm />
    </Layout>
  );
}
