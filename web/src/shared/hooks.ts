import { App } from 'antd';
import { useEffect, useState } from 'react';
import { useErrorText } from './errorText';

export { useErrorText };

/** The current time, refreshed every `intervalMs`, for relative times that stay correct. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
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
