import { Alert, Button, Card, Flex, Form, Input, Layout, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, login, session, type CurrentUser } from '../../shared/api';
import { LanguageSwitch } from '../../shared/components/LanguageSwitch';
import { useErrorText } from '../../shared/hooks';

interface Credentials {
  username: string;
  password: string;
}

/** Username + password → bearer token kept on the device (localStorage, see session in shared/api/http.ts). */
export function LoginPage({ onLogin, expired }: { onLogin: (user: CurrentUser) => void; expired: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const r = await login(username, password);
      session.token = r.token;
      onLogin(r.user);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: 24 }}>
        <Typography.Text style={{ color: '#fff', fontSize: 20, fontWeight: 600 }}>{t('app.name')}</Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content>
        <Flex justify="center" style={{ padding: '64px 16px' }}>
          <Card title={t('login.title')} style={{ width: '100%', maxWidth: 420 }}>
            {expired && !error && <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />}
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
            <Form<Credentials> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
              <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
                <Input autoComplete="username" autoFocus data-testid="login-username" />
              </Form.Item>
              <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} block data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
          </Card>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
