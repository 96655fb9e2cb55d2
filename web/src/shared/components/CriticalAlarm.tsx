import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listNotifications, markNotificationRead, type NotificationView } from '../api';
import { usePoll } from '../lite/reads';
import { navigate, useLocation } from '../../router';
import { useSession } from '../session';
import '../lite/lite.css';

/** How often unread critical notifications are read while any notification is unread. */
const POLL_MS = 10_000;
/** One beep's length and the pause to the next, in seconds. */
const BEEP_S = 0.35;
const PERIOD_MS = 900;

/**
 * A siren from the Web Audio API (no sound file): two-tone beeps until stopped. Browsers start an
 * audio context suspended until the page has had a tap or key press; `blocked` says so, and the
 * next tap anywhere starts it.
 */
function useSiren(on: boolean): { blocked: boolean } {
  const [blocked, setBlocked] = useState(false);
  const ctxRef = useRef<AudioContext | null>(null);
  useEffect(() => {
    if (!on) return;
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = ctxRef.current ?? new Ctx();
    ctxRef.current = ctx;
    let high = true;
    const beep = () => {
      if (ctx.state !== 'running') {
        setBlocked(true);
        void ctx.resume().then(() => setBlocked(ctx.state !== 'running'));
        return;
      }
      setBlocked(false);
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = high ? 960 : 720;
      high = !high;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + BEEP_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + BEEP_S);
    };
    const unlock = () => void ctx.resume();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    beep();
    const timer = window.setInterval(beep, PERIOD_MS);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, [on]);
  useEffect(() => () => void ctxRef.current?.close(), []);
  return { blocked };
}

/**
 * A critical notification, while the app is open, takes the whole screen with a siren: its subject
 * and text, "Acknowledge" (marks it read) and "Open" (marks it read and opens the process it links
 * to). Unread critical notifications are read whenever anything is unread (the header's count
 * polls); several wait their turn, newest first. It sounds for what arrives while the app is open:
 * notifications older than this sign-in are in the list and the badge, not on the screen; nor is
 * one about the page the reader is looking at already.
 */
export function CriticalAlarm() {
  const { t } = useTranslation();
  const { unread, refreshUnread } = useSession();
  const { pathname } = useLocation();
  const [openedAt] = useState(() => Date.now());
  const [handled, setHandled] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const { data, refresh } = usePoll(
    `notifications/critical/${unread}`,
    async () => (await listNotifications({ unreadOnly: true, pageSize: 50 })).items.filter((n) => n.severity === 'critical'),
    POLL_MS,
    { enabled: unread > 0 },
  );
  const fresh = (unread > 0 ? (data ?? []) : []).filter((n) => !handled.has(n.id) && Date.parse(n.createdAt) >= openedAt);
  const onThisPage = (n: NotificationView) => !!n.link && n.link.split(/[?#]/)[0] === pathname;
  // One about the page being looked at counts as seen: it does not sound when the reader moves on either.
  const seenHere = fresh
    .filter(onThisPage)
    .map((n) => n.id)
    .join(',');
  useEffect(() => {
    if (seenHere) setHandled((h) => new Set([...h, ...seenHere.split(',')]));
  }, [seenHere]);
  const waiting = fresh.filter((n) => !onThisPage(n));
  const current: NotificationView | undefined = waiting[0];
  const { blocked } = useSiren(!!current);

  if (!current) return null;

  const done = async (open: boolean) => {
    setBusy(true);
    setHandled((h) => new Set([...h, current.id]));
    try {
      await markNotificationRead(current.id);
    } catch {
      // Shown once is enough: a failed mark leaves it unread in the list, not on the screen.
    } finally {
      setBusy(false);
      refreshUnread();
      void refresh();
    }
    if (open && current.link) navigate(current.link);
  };

  return (
    <div
      className="sl-root"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="critical-alarm-title"
      data-testid="critical-alarm"
      data-notification-id={current.id}
      data-sound={blocked ? 'blocked' : 'playing'}
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 2000,
        background: '#a8071a',
        color: '#fff',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        padding: 24,
        overflowY: 'auto',
      }}
    >
      <div style={{ maxWidth: 640, width: '100%', margin: '0 auto' }}>
        <span style={{ color: '#ffccc7', fontSize: 16, letterSpacing: 2 }}>⚠ {t('alarm.title')}</span>
        <h2
          id="critical-alarm-title"
          style={{ color: '#fff', margin: '8px 0 12px', fontSize: 30, fontWeight: 600, lineHeight: 1.35 }}
          data-testid="critical-alarm-subject"
        >
          {current.subject}
        </h2>
        <p style={{ color: '#fff', fontSize: 16, whiteSpace: 'pre-wrap' }}>{current.body}</p>
        {waiting.length > 1 && <p style={{ color: '#ffccc7' }}>{t('alarm.more', { count: waiting.length - 1 })}</p>}
        {blocked && <p style={{ color: '#ffccc7' }}>{t('alarm.soundBlocked')}</p>}
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16, width: '100%', marginTop: 16 }}>
          {current.link && (
            <button
              type="button"
              className="sl-btn sl-btn-block"
              disabled={busy}
              onClick={() => void done(true)}
              data-testid="critical-alarm-open"
              style={{ height: 56, fontSize: 18 }}
            >
              {t('alarm.open')}
            </button>
          )}
          <button
            type="button"
            className="sl-btn sl-btn-block"
            disabled={busy}
            onClick={() => void done(false)}
            data-testid="critical-alarm-acknowledge"
            style={{ height: 56, fontSize: 18, background: 'transparent', color: '#fff', borderColor: '#fff' }}
            autoFocus
          >
            {t('alarm.acknowledge')}
          </button>
        </div>
      </div>
    </div>
  );
}
