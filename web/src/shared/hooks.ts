import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** The current time, refreshed every `intervalMs`, for relative times that stay correct. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Turns any error into a sentence for the user, in the UI language. */
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

/**
 * An action run from a button: `busy` is the key of the one running (its button spins); then
 * `done` as a success message, or the error in words, and `reload` either way.
 */
export function useBusyAction(reload: () => Promise<unknown> | void): {
  busy: string | null;
  act: (key: string, action: () => Promise<unknown>, done: string) => Promise<void>;
} {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const act = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await action();
      void message.success(done);
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
      await reload();
    }
  };
  return { busy, act };
}
