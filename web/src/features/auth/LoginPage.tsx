import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, login, session, type CurrentUser } from '../../shared/api';
import { LanguageSwitch } from '../../shared/components/LanguageSwitch';
import { useErrorText } from '../../shared/errorText';
import '../../shared/lite/lite.css';

/**
 * Username + password → bearer token kept on the device (localStorage, see session in shared/api/http.ts).
 * Plain elements in the look of the app's Ant Design theme (shared/lite/lite.css): a worker who
 * signs in on a weak network on the way to the report form waits for no Ant Design (issue 20).
 */
export function LoginPage({ onLogin, expired }: { onLogin: (user: CurrentUser) => void; expired: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const missing = {
    username: tried && !username.trim() ? t('login.usernameRequired') : null,
    password: tried && !password ? t('login.passwordRequired') : null,
  };

  const submit = async () => {
    setTried(true);
    if (!username.trim() || !password) return;
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

  const field = (name: 'username' | 'password', input: (a: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactNode) => (
    <div className="sl-field">
      <label className="sl-label" htmlFor={`login-${name}`} style={{ fontSize: 14 }}>
        {t(`login.${name}`)}
      </label>
      {input({ id: `login-${name}`, 'aria-invalid': !!missing[name], 'aria-describedby': `login-${name}-help` })}
      <div id={`login-${name}-help`} className="sl-error-text" role={missing[name] ? 'alert' : undefined}>
        {missing[name]}
      </div>
    </div>
  );

  return (
    <div className="sl-root sl-layout">
      <header className="sl-header">
        <span className="sl-header-text sl-brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main style={{ display: 'flex', justifyContent: 'center', padding: '64px 16px' }}>
        <section className="sl-card" style={{ width: '100%', maxWidth: 420, margin: 0 }} aria-labelledby="login-title">
          <h1 className="sl-card-head" id="login-title" style={{ margin: 0 }}>
            {t('login.title')}
          </h1>
          <div className="sl-card-body" style={{ padding: 24 }}>
            {expired && !error && (
              <div className="sl-alert sl-info" role="status">
                {t('login.sessionExpired')}
              </div>
            )}
            {error && (
              <div className="sl-alert" role="alert" data-testid="login-error">
                {error}
              </div>
            )}
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (!busy) void submit();
              }}
            >
              {field('username', (a) => (
                <input
                  {...a}
                  className="sl-input"
                  autoComplete="username"
                  autoFocus
                  data-testid="login-username"
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                />
              ))}
              {field('password', (a) => (
                <input
                  {...a}
                  type="password"
                  className="sl-input"
                  autoComplete="current-password"
                  data-testid="login-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              ))}
              <button type="submit" className="sl-btn sl-btn-primary sl-btn-block" aria-busy={busy} data-testid="login-submit">
                {busy && <span className="sl-spin sl-spin-small" aria-hidden="true" />}
                {t('login.submit')}
              </button>
            </form>
          </div>
        </section>
      </main>
    </div>
  );
}
