import type { Translation } from '../../i18n/types';
import type { en } from './followUps.texts.en';

/** 应急事件后续（由其上报的事故与有效性复查中的改进措施）的文本（简体中文），键与 followUps.texts.en.ts 相同。 */
export const zhCN: Translation<typeof en> = {
  emergencyFollowUps: {
    incidents: '事故上报',
    noIncidents: '尚未由此应急事件上报事故。',
    reportIncident: '上报为事故',
    reportAnother: '再上报一起事故',
    reportHint: '打开事故上报表单，并填入应急事件已知的信息。',
    actions: '有效性复查中的改进措施',
    noActions: '暂无复查中的改进措施：真实应急事件的每项改进措施完成后都会进行有效性复查。',
    tasks: '复查任务',
  },
};
