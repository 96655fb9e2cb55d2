import type { Translation } from '../../i18n/types';
import type { en } from './texts.en';

/** Texts of the reports feature, in Simplified Chinese: typed against texts.en.ts, so every key and nothing extra. */
export const zhCN: Translation<typeof en> = {
  reports: {
    collaborationTitle: '协同报告',
    collaborationHint: '按部门统计本月：其他部门移交的任务（及来源部门）、按时完成情况、响应时间中位数、按时关闭的隐患、培训参与率，以及发布后的协同得分。',
    month: '月份',
    downloadXlsx: '下载 Excel',
    downloadCsv: '下载 CSV',
    statDepartments: '部门数',
    statHandoffs: '接收移交',
    statOnTime: '按时完成',
    statHazards: '按时关闭隐患',
    colDepartment: '部门',
    colReceived: '接收',
    colSent: '移交',
    colFrom: '来源部门',
    colOnTime: '按时率',
    colOpenOverdue: '超期未完成',
    colMedian: '响应中位数',
    colHazards: '按时关闭隐患',
    colTraining: '培训参与率',
    colScore: '协同得分',
    fromEntry: '{{name}} × {{count}}',
    onTimeDetail: '按时 {{onTime}}，超期 {{late}}，超期未完成 {{open}}',
    hours: '{{hours}} 小时',
    hazardsClosed: '{{onTime}} / {{closed}}',
    empty: '您的范围内没有部门。',
  },
};
