import type { MessageTree } from '../../i18n/types';

/** Texts of the notifications feature, in English. The namespaces are merged with the other features' in i18n/resources.ts; texts.zh-CN.ts has the same keys. */
export const en = {
  notifications: {
    title: 'Notifications',
    unreadOnly: 'Unread only',
    markRead: 'Mark as read',
    markAllRead: 'Mark all as read',
    allRead: 'All notifications are marked as read.',
    empty: 'No notifications.',
    colSeverity: 'Severity',
    colMessage: 'Message',
    colReceived: 'Received',
    colActions: 'Actions',
    open: 'Open',
    deferred: 'Held back by quiet hours until {{time}}',
    summary: '{{unread}} unread of {{total}}',
  },
  mail: {
    title: 'Mail sink',
    hint: 'Emails the system sent, as received by the built-in test mail server.',
    from: 'From',
    to: 'To',
    subject: 'Subject',
    received: 'Received',
    view: 'View',
    empty: 'No mail received yet.',
    drawerTitle: 'Email',
  },
  /** The full-screen alarm of a critical notification while the app is open. */
  alarm: {
    title: 'Critical alert',
    acknowledge: 'Acknowledge',
    open: 'Open',
    more_one: '{{count}} more critical alert waiting',
    more_other: '{{count}} more critical alerts waiting',
    soundBlocked: 'Tap anywhere to hear the alarm',
  },
} as const satisfies MessageTree;
