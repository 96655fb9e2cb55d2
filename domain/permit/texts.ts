import { defineTexts } from '../texts/define';
import { termTexts } from '../texts/terms';
import { CERTIFICATE_TYPE_NAMES_ZH, CERTIFICATE_TYPES, SUSPENSION_REASONS } from './constants';

/** What the permit-to-work process writes for people: its tasks and notices. */
export const permitTexts = defineTexts(
  {
    'permit.name': '{{type}} {{number}}',
    'permit.task.measures': 'Confirm safety measures: {{permit}}',
    'permit.task.measures_description': '{{work}}\n{{area}}, {{from}} – {{to}}\nJSA: {{jsa}}\nMeasures: {{measures}}',
    'permit.task.approve': 'Approve permit ({{step}}/{{of}}): {{permit}}',
    'permit.task.approve_description': '{{work}}\n{{area}}, {{from}} – {{to}}',
    'permit.task.approve_description_conflicts': '{{work}}\n{{area}}, {{from}} – {{to}}\nCONFLICTS with running permits:\n{{conflicts}}',
    'permit.conflict': '- {{number}} ({{type}})',
    'permit.task.watch': 'Fire watch check: {{permit}}',
    'permit.task.watch_description': 'Check {{area}} for embers, heat and smoke after the work, and confirm the site is safe.',
    'permit.task.restore': 'Confirm the site restored: {{permit}}',
    'permit.task.restore_description': '{{area}}: isolations removed as planned, blinds recorded, tools and waste cleared.',
    'permit.notice.suspended': 'STOP WORK — permit suspended ({{reason}}): {{permit}}',
    'permit.notice.suspended_body': '{{work}}\n{{area}}\nReason: {{reason}}',
    'permit.notice.refused': 'Permit refused: {{permit}}',
    'permit.notice.issued': 'Permit issued: {{permit}}',
    'permit.notice.issued_body': 'Valid until {{until}}',
    'permit.refused.measures': 'measures not confirmed',
    'permit.refused.approval': 'refused',
  },
  {
    'permit.name': '{{type}} {{number}}',
    'permit.task.measures': '确认安全措施：{{permit}}',
    'permit.task.measures_description': '{{work}}\n{{area}}，{{from}} – {{to}}\n作业危害分析：{{jsa}}\n安全措施：{{measures}}',
    'permit.task.approve': '审批作业票（{{step}}/{{of}}）：{{permit}}',
    'permit.task.approve_description': '{{work}}\n{{area}}，{{from}} – {{to}}',
    'permit.task.approve_description_conflicts': '{{work}}\n{{area}}，{{from}} – {{to}}\n与进行中的作业票冲突：\n{{conflicts}}',
    'permit.conflict': '- 作业票 {{number}}（{{type}}）',
    'permit.task.watch': '动火监护检查：{{permit}}',
    'permit.task.watch_description': '作业结束后检查 {{area}} 有无余火、高温和烟雾，确认现场安全。',
    'permit.task.restore': '确认现场恢复：{{permit}}',
    'permit.task.restore_description': '{{area}}：按计划拆除隔离，记录盲板，清理工具和废弃物。',
    'permit.notice.suspended': '立即停止作业——作业票已暂停（{{reason}}）：{{permit}}',
    'permit.notice.suspended_body': '{{work}}\n{{area}}\n原因：{{reason}}',
    'permit.notice.refused': '作业票未获批准：{{permit}}',
    'permit.notice.issued': '作业票已签发：{{permit}}',
    'permit.notice.issued_body': '有效期至 {{until}}',
    'permit.refused.measures': '安全措施未确认',
    'permit.refused.approval': '未批准',
  },
);

export const suspensionReasonTexts = termTexts(
  'permit.suspension',
  SUSPENSION_REASONS,
  {
    gas_out_of_limits: 'gas reading out of limits',
    retest_missed: 're-test missed',
    certificate_lapsed: 'a crew certificate lapsed',
    validity_expired: 'validity expired',
    manual: 'suspended by hand',
  },
  {
    gas_out_of_limits: '气体检测超限',
    retest_missed: '未按时复测',
    certificate_lapsed: '作业人员证书失效',
    validity_expired: '作业票超过有效期',
    manual: '人工暂停',
  },
);

/** The certificate sweep's reminders, to the holder and to their department head. */
export const certificateTexts = defineTexts(
  {
    'certificate.what': '{{type}} certificate {{number}}',
    'certificate.notice.holder': 'Your {{what}} expires on {{on}} (in {{days}} days or less)',
    'certificate.notice.holder_body': 'Your {{what}} is valid through {{on}}. Renew it in time: an expired certificate suspends any permit to work you are on.',
    'certificate.notice.head': '{{person}}’s {{what}} expires on {{on}}',
    'certificate.notice.head_body':
      '{{person}} ({{employeeNo}})’s {{what}} is valid through {{on}}. Arrange the renewal: an expired certificate suspends the permits to work they are on.',
  },
  {
    'certificate.what': '{{type}}证书 {{number}}',
    'certificate.notice.holder': '您的{{what}}将于 {{on}} 到期（{{days}} 天内）',
    'certificate.notice.holder_body': '您的{{what}}有效期至 {{on}}。请及时复审：证书过期将暂停您参与的所有作业票。',
    'certificate.notice.head': '{{person}} 的{{what}}将于 {{on}} 到期',
    'certificate.notice.head_body': '{{person}}（{{employeeNo}}）的{{what}}有效期至 {{on}}。请安排复审：证书过期将暂停其参与的作业票。',
  },
);

export const certificateTypeTexts = termTexts(
  'certificate.type',
  CERTIFICATE_TYPES,
  {
    electrician: 'electrician',
    welding: 'welding and thermal cutting',
    height: 'work at height',
    hazardous_chemicals: 'hazardous chemicals',
    crane: 'crane operation',
    rigger: 'rigging and signalling',
    gas_tester: 'gas testing',
    confined_space: 'confined space',
  },
  CERTIFICATE_TYPE_NAMES_ZH,
);
