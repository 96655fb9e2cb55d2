import { Button } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { processHistoryPath } from '../processLinks';
import { PROCESS_READER_ROLES } from '../../routes';
import { navigate } from '../../router';
import { hasRole, useSession } from '../session';

/**
 * "Audit history": the auditor's timeline of a process, next to a detail page's Temporal link;
 * shown only to those who may read it. `asText` renders a plain link instead of a button.
 */
export function ProcessHistoryLink({ workflowId, asText }: { workflowId: string; asText?: boolean }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!hasRole(user, ...PROCESS_READER_ROLES)) return null;
  const to = processHistoryPath(workflowId);
  // A real link (opens in a new tab on a modified click), navigating in-app on a plain one.
  const onClick = (e: MouseEvent<HTMLElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return asText ? (
    <a href={to} onClick={onClick} data-testid="action-history">
      {t('processHistory.link')}
    </a>
  ) : (
    <Button href={to} onClick={onClick} data-testid="action-history">
      {t('processHistory.link')}
    </Button>
  );
}
