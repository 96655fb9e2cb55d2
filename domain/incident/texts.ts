import { defineTexts } from '../texts/define';
import { termTexts } from '../texts/terms';
import { INCIDENT_LEVEL_NAMES_ZH, INCIDENT_LEVELS } from './constants';

/** What the incident process writes for people: its tasks and notices. */
export const incidentTexts = defineTexts(
  {
    'incident.kind.incident': 'incident',
    'incident.kind.near_miss': 'near miss',
    'incident.task.classify': 'Classify {{what}}: {{title}}',
    'incident.task.classify_description': '{{description}}\nWhere: {{location}}\nWhen: {{when}}\nImmediate actions: {{actions}}',
    'incident.task.classify_description_injured': '{{description}}\nWhere: {{location}}\nWhen: {{when}}\nInjured: {{injured}}\nImmediate actions: {{actions}}',
    'incident.task.regulatory_report': 'Report to the authority: {{title}}',
    'incident.task.regulatory_report_description':
      'A reportable {{level}} incident at {{location}}: tell the authority within the deadline and record it here.',
    'incident.task.investigate': 'Investigate: {{title}}',
    'incident.task.investigate_description': 'Lead: {{lead}}. Team: {{members}}. Timeline, 5-why root cause, fishbone, evidence and corrective actions.',
    'incident.task.responsibility': 'Determine responsibility: {{title}}',
    'incident.task.root_cause': 'Root cause: {{cause}}',
    'incident.task.close': 'Close with lessons learned: {{title}}',
    'incident.task.close_description': 'Root cause: {{cause}}. Write the lessons learned and choose the departments that must acknowledge them.',
    'incident.notice.team': 'Investigation team: {{title}}',
    'incident.notice.team_body': 'You are on the investigation team (lead: {{lead}}; members: {{members}}).',
    'incident.notice.closed': 'Closed: {{title}}',
    'incident.notice.closed_body': 'The {{what}} you reported is investigated and its actions verified. Lessons learned: {{lessons}}',
  },
  {
    'incident.kind.incident': '事故',
    'incident.kind.near_miss': '未遂事件',
    'incident.task.classify': '{{what}}定级：{{title}}',
    'incident.task.classify_description': '{{description}}\n地点：{{location}}\n时间：{{when}}\n已采取的应急措施：{{actions}}',
    'incident.task.classify_description_injured': '{{description}}\n地点：{{location}}\n时间：{{when}}\n受伤人员：{{injured}}\n已采取的应急措施：{{actions}}',
    'incident.task.regulatory_report': '向主管部门报告：{{title}}',
    'incident.task.regulatory_report_description': '{{location}}发生需上报的{{level}}事故：请在时限内向主管部门报告，并在此记录。',
    'incident.task.investigate': '事故调查：{{title}}',
    'incident.task.investigate_description': '组长：{{lead}}。组员：{{members}}。时间线、5个为什么根因分析、鱼骨图、证据和纠正措施。',
    'incident.task.responsibility': '责任认定：{{title}}',
    'incident.task.root_cause': '根本原因：{{cause}}',
    'incident.task.close': '总结教训并结案：{{title}}',
    'incident.task.close_description': '根本原因：{{cause}}。请撰写事故教训，并选择需要学习确认的部门。',
    'incident.notice.team': '调查组：{{title}}',
    'incident.notice.team_body': '您已加入调查组（组长：{{lead}}；组员：{{members}}）。',
    'incident.notice.closed': '已结案：{{title}}',
    'incident.notice.closed_body': '您报告的{{what}}已调查完毕，纠正措施已验证。事故教训：{{lessons}}',
  },
);

export const incidentLevelTexts = termTexts(
  'incident.level',
  INCIDENT_LEVELS,
  { general: 'general', larger: 'larger', major: 'major', especially_major: 'especially major' },
  INCIDENT_LEVEL_NAMES_ZH,
);
