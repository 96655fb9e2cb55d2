import { Badge, Button, Layout, Menu, Space, Tooltip, Typography, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { useLabel } from '../i18n';
import { findRoute, visibleRoutes } from '../routes';

const headerText = { color: '#fff' } as const;

/** Header (app, user, language, unread badge, sign out) and the role-aware side navigation. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut, unread } = useSession();
  const { pathname } = useLocation();
  const label = useLabel();

  const items: MenuProps['items'] = [
    ...visibleRoutes(user).map((r) => ({
      key: r.path,
      label: (
        <Link to={r.path} data-testid={`nav-${r.key}`}>
          {t(`nav.${r.key}`)}
        </Link>
      ),
    })),
    { type: 'divider' as const },
    {
      key: 'api-docs',
      label: (
        <a href="/api/docs" target="_blank" rel="noreferrer" data-testid="nav-api-docs">
          {t('nav.apiDocs')}
        </a>
      ),
    },
  ];
  const selected = findRoute(pathname);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, paddingInline: 24 }}>
        <Space size="middle" align="center">
          <Link to="/tasks" style={{ ...headerText, fontSize: 20, fontWeight: 600 }}>
            {t('app.name')}
          </Link>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }}>{t('app.tagline')}</Typography.Text>
        </Space>
        <Space size="middle" align="center" wrap={false}>
          <Tooltip title={t('header.unreadTitle', { count: unread })}>
            <Link to="/notifications" style={headerText} data-testid="unread-badge" data-count={unread} aria-label={t('header.unreadTitle', { count: unread })}>
              <Badge count={unread} overflowCount={99} size="small" offset={[8, -2]}>
                <span style={headerText}>{t('header.notifications')}</span>
              </Badge>
            </Link>
          </Tooltip>
          <LanguageSwitch />
          <Tooltip title={user.roles.map((r) => label(`roles.${r}`, r)).join(', ')}>
            <Typography.Text style={headerText} data-testid="current-user">
              {user.displayName}
            </Typography.Text>
          </Tooltip>
          <Button size="small" onClick={signOut} data-testid="sign-out">
            {t('header.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider theme="light" width={220} breakpoint="lg" collapsedWidth={0}>
          <Menu mode="inline" selectedKeys={selected ? [selected.path] : []} items={items} style={{ height: '100%', borderInlineEnd: 0 }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
