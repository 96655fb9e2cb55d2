import type { Translation } from '../../i18n/types';
import type { en } from './texts.en';

/** Texts of the status feature, in Simplified Chinese: typed against texts.en.ts, so every key and nothing extra. */
export const zhCN: Translation<typeof en> = {
  status: {
    title: '系统状态',
    overall: '总体',
    database: '数据库（{{detail}}）',
    temporal: 'Temporal（{{detail}}）',
    ok: '正常 · {{ms}} 毫秒',
    down: '故障 · {{error}}',
    statusOk: '正常',
    statusDegraded: '降级',
    openTemporalUi: '打开 Temporal 界面',
    apiDocs: 'API 文档',
  },
};
