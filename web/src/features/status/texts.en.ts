import type { MessageTree } from '../../i18n/types';

/** Texts of the status feature, in English. The namespaces are merged with the other features' in i18n/resources.ts; texts.zh-CN.ts has the same keys. */
export const en = {
  status: {
    title: 'System status',
    overall: 'Overall',
    database: 'Database ({{detail}})',
    temporal: 'Temporal ({{detail}})',
    ok: 'OK · {{ms}} ms',
    down: 'DOWN · {{error}}',
    statusOk: 'ok',
    statusDegraded: 'degraded',
    openTemporalUi: 'Open the Temporal UI',
    apiDocs: 'API documentation',
  },
} as const satisfies MessageTree;
