import { Alert, Button, Card, Descriptions, Form, Input, Layout, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, session, type CurrentUser } from './api';

interface Component {
  status: 'ok' | 'down';
  latencyMs: number;
  detail: string;
  error?: string;
}
interface Health {
  status: 'ok' | 'degraded';
  time: string;
  database: Component;
  temporal: Component & { namespace: string; uiUrl: string | null };
}

export function App() {
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    if (!session.token) return setChecked(true);
    api<CurrentUser>('GET', '/api/auth/me')
      .then(setUser)
      .catch(() => (session.token = null))
      .finally(() => setChecked(true));
  }, []);

  if (!checked) return null;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
          SafeLoop
        </Typography.Title>
        {user && (
          <Space>
            <Typography.Text style={{ color: '#fff' }} data-testid="current-user">
              {user.displayName}
            </Typography.Text>
            <Button
              onClick={() => {
                session.token = null;
                setUser(null);
              }}
            >
              Sign out
            </Button>
          </Space>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 960, width: '100%', margin: '0 auto' }}>
        {user ? <Home user={user} /> : <Login onLogin={setUser} />}
      </Layout.Content>
    </Layout>
  );
}

function Login({ onLogin }: { onLogin: (u: CurrentUser) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card title="Sign in" style={{ maxWidth: 420, margin: '48px auto' }}>
      {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form
        layout="vertical"
        onFinish={async (values: { username: string; password: string }) => {
          setBusy(true);
          setError(null);
          try {
            const r = await api<{ token: string; user: CurrentUser }>('POST', '/api/auth/login', values);
            session.token = r.token;
            onLogin(r.user);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item label="Username" name="username" rules={[{ required: true, message: 'Enter your username' }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item label="Password" name="password" rules={[{ required: true, message: 'Enter your password' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          Sign in
        </Button>
      </Form>
    </Card>
  );
}

function Home({ user }: { user: CurrentUser }) {
  const [health, setHealth] = useState<Health | null>(null);
  const load = useCallback(() => {
    api<Health>('GET', '/api/health').then(setHealth, () => setHealth(null));
  }, []);
  useEffect(() => {
    load();
    const t = setInterval(load, 10_000);
    return () => clearInterval(t);
  }, [load]);

  const tag = (c?: Component) => (c ? <Tag color={c.status === 'ok' ? 'green' : 'red'}>{c.status === 'ok' ? `OK · ${c.latencyMs} ms` : `DOWN · ${c.error ?? ''}`}</Tag> : <Tag>…</Tag>);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={`Welcome, ${user.displayName}`}>
        <Typography.Paragraph>
          Roles: {user.roles.map((r) => (
            <Tag key={r}>{r.replace('_', ' ')}</Tag>
          ))}
        </Typography.Paragraph>
      </Card>
      <Card title="System status" extra={<Button onClick={load}>Refresh</Button>} data-testid="system-status">
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="Overall">{health ? <Tag color={health.status === 'ok' ? 'green' : 'orange'}>{health.status}</Tag> : '…'}</Descriptions.Item>
          <Descriptions.Item label={`Database (${health?.database.detail ?? ''})`}>{tag(health?.database)}</Descriptions.Item>
          <Descriptions.Item label={`Temporal (${health?.temporal.detail ?? ''})`}>
            {tag(health?.temporal)}{' '}
            {health?.temporal.uiUrl && (
              <a href={health.temporal.uiUrl} target="_blank" rel="noreferrer">
                Open Temporal UI
              </a>
            )}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 16 }}>
          <a href="/api/docs">API documentation</a>
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
