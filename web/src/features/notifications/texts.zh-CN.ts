import type { Translation } from '../../i18n/types';
import type { en } from './texts.en';

/** Texts of the notifications feature, in Simplified Chinese: typed against texts.en.ts, so every key and nothing extra. */
export const zhCN: Translation<typeof en> = {
  notifications: {
    title: '通知',
    unreadOnly: '仅看未读',
    markRead: '标为已读',
    markAllRead: '全部标为已读',
    allRead: '所有通知均已标为已读。',
    empty: '暂无通知。',
    colSeverity: '级别',
    colMessage: '内容',
    colReceived: '接收时间',
    colActions: '操作',
    open: '打开',
    deferred: '免打扰时段，将于 {{time}} 发送',
    summary: '共 {{total}} 条，{{unread}} 条未读',
  },
  mail: {
    title: '邮件收件箱',
    hint: '系统发出的邮件，由内置测试邮件服务器接收。',
    from: '发件人',
    to: '收件人',
    subject: '主题',
    received: '接收时间',
    view: '查看',
    empty: '尚未收到邮件。',
    drawerTitle: '邮件',
  },
  alarm: {
    title: '紧急警报',
    acknowledge: '知道了',
    open: '立即查看',
    more_one: '还有 {{count}} 条紧急警报',
    more_other: '还有 {{count}} 条紧急警报',
    soundBlocked: '轻触屏幕以播放警报声',
  },
};
