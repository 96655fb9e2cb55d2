import type { MessageTree } from '../../i18n/types';

/** Texts of the reports feature, in English. The namespaces are merged with the other features' in i18n/resources.ts; texts.zh-CN.ts has the same keys. */
export const en = {
  reports: {
    collaborationTitle: 'Collaboration report',
    collaborationHint:
      'Per department for the month: tasks other departments handed over to it (and from which), done on time, median response, hazards it closed on time and training participation, with the month’s collaboration score once published.',
    month: 'Month',
    downloadXlsx: 'Download Excel',
    downloadCsv: 'Download CSV',
    statDepartments: 'Departments',
    statHandoffs: 'Handoffs received',
    statOnTime: 'Done on time',
    statHazards: 'Hazards closed on time',
    colDepartment: 'Department',
    colReceived: 'Received',
    colSent: 'Sent',
    colFrom: 'From departments',
    colOnTime: 'On time',
    colOpenOverdue: 'Open overdue',
    colMedian: 'Median response',
    colHazards: 'Hazards closed on time',
    colTraining: 'Training participation',
    colScore: 'Collaboration score',
    fromEntry: '{{name}} × {{count}}',
    onTimeDetail: '{{onTime}} on time, {{late}} late, {{open}} open past due',
    hours: '{{hours}} h',
    hazardsClosed: '{{onTime}} / {{closed}}',
    empty: 'No department in your scope.',
  },
} as const satisfies MessageTree;
