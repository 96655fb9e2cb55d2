import { Alert, Button, Card, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runAlertSweep, type AlertSweepResult } from '../../shared/api';
import { SeverityTag } from '../../shared/components/Tags';
import { useErrorText } from '../../shared/hooks';
import { alertPath } from '../../shared/operations';
import { Link } from '../../router';

/** "Run sweep now": evaluates every rule at once, as the schedule does, and tells how many new alerts fired. */
export function AlertSweepCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AlertSweepResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await runAlertSweep());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" data-testid="alert-sweep">
      <Space wrap align="center">
        <Button type="primary" loading={busy} onClick={() => void run()} data-testid="alert-sweep-run">
          {t('alertRules.runSweep')}
        </Button>
        <Typography.Text type="secondary">{t('alertRules.sweepHint')}</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="alert-sweep-error" />}
      {result && (
        <Alert
          style={{ marginTop: 12 }}
          type={result.fired ? 'warning' : 'success'}
          showIcon
          data-testid="alert-sweep-result"
          data-fired={result.fired}
          title={t('alertRules.sweepFired', { count: result.fired })}
          description={
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text type="secondary">
                {t('alertRules.sweepFigures', { rules: result.rules, candidates: result.candidates, notified: result.notified, resolved: result.resolved })}
              </Typography.Text>
              {result.alerts.length > 0 && (
                <List
                  size="small"
                  dataSource={result.alerts}
                  renderItem={(a) => (
                    <List.Item key={a.id}>
                      <Space size={4} wrap>
                        <SeverityTag severity={a.severity} />
                        <Link to={alertPath(a.id)} data-testid="alert-sweep-alert">
                          {a.title}
                        </Link>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Space>
          }
        />
      )}
    </Card>
  );
}
