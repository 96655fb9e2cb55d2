import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/http';

/**
 * Turns any error into a sentence for the user, in the UI language. Free of Ant Design (unlike
 * ./hooks.ts, which re-exports it): the light report route (issue 20) uses it too.
 */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) {
        if (err.status === 403) return t('common.forbidden');
        return err.message || t('common.unknownError');
      }
      if (err instanceof TypeError) return t('common.networkError');
      return t('common.unknownError');
    },
    [t],
  );
}
