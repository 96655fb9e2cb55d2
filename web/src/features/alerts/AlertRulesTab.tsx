import { useQueryClient } from '@tanstack/react-query';
import { Alert, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { listAlertRules, type AlertRule } from '../../shared/api';
import { usePolledQuery } from '../../shared/query';
import { ALERT_RULE_EDITOR_ROLES } from '../../routes';
import { hasRole, useSession } from '../../shared/session';
import { AlertRuleCard } from './AlertRuleCard';
import { AlertSweepCard } from './AlertSweepCard';

/**
 * The alert rules: each one's switch, severity, parameters (per kind; the server validates them
 * and a rejected value shows its message on the field) and audience; "Run sweep now" evaluates
 * every rule at once, as the schedule does, and tells how many new alerts fired.
 */
export function AlertRulesTab() {
  const { t } = useTranslation();
  const { user } = useSession();
  const canEdit = hasRole(user, ...ALERT_RULE_EDITOR_ROLES);
  const queryClient = useQueryClient();
  const query = usePolledQuery(['alert-rules'], listAlertRules, false);
  const rules = query.data ?? null;
  const error = query.errorText;
  const replace = (r: AlertRule) => queryClient.setQueryData<AlertRule[]>(['alert-rules'], (list) => (list ?? []).map((x) => (x.id === r.id ? r : x)));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="alert-rules">
      {canEdit ? <AlertSweepCard /> : <Typography.Text type="secondary">{t('alertRules.readOnly')}</Typography.Text>}
      {error && <Alert type="error" showIcon title={error} />}
      {!rules && !error && <Spin />}
      {rules?.map((r) => (
        <AlertRuleCard key={`${r.id}@${r.version}`} rule={r} canEdit={canEdit} onSaved={replace} onStale={() => void query.refresh()} />
      ))}
    </Space>
  );
}
