import type { Translation } from '../../i18n/types';
import type { en } from './texts.en';

/** 设备上的待发送队列（离线时的操作）的文本。 */
export const zhCN: Translation<typeof en> = {
  outbox: {
    title: '待发送',
    badge: '待发送 {{count}}',
    badgeTitle_one: '本设备上有 {{count}} 项等待发送',
    badgeTitle_other: '本设备上有 {{count}} 项等待发送',
    offline: '离线',
    offlineTitle: '当前无网络：上报内容保存在本设备上，联网后自动发送。',
    intro: '无网络时的操作保存在本手机上（关闭应用也不会丢失），网络恢复后自动发送。',
    offlineNow: '当前无网络：网络恢复后立即发送。',
    sending: '正在发送…',
    sendNow: '立即发送',
    empty: '没有等待发送的内容。',
    waitingHeading: '等待发送',
    sentHeading: '已发送',
    clearSent: '清空列表',
    kind: {
      emergency: '应急报警',
      hazard: '隐患上报',
      task: '待办',
      inspection: '安全检查',
    },
    state: {
      waiting: '等待发送',
      invalid: '被拒绝',
    },
    photos_one: '{{count}} 张照片在本设备上',
    photos_other: '{{count}} 张照片在本设备上',
    attempts_one: '已尝试 1 次',
    attempts_other: '已尝试 {{count}} 次',
    savedAt: '保存于',
    sentAt: '发送于',
    result: {
      created: '已送达',
      exists: '已送达（此前已收到）',
      done: '已完成',
    },
    open: '查看',
    retry: '重试',
    remove: '删除',
    removeConfirm: '从本设备删除此项？它尚未发送。',
    queuedHazard: '已保存在本设备上：网络恢复后自动上报。',
    queuedTask: '已保存在本设备上：网络恢复后提交。',
    queuedInspection: '已保存在本设备上：网络恢复后提交检查记录。',
    showQueue: '查看待发送',
  },
};
