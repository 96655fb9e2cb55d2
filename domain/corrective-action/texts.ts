import { defineTexts } from '../texts/define';

/** What a corrective or preventive action writes for people: its do, verify and re-check tasks, its notices. */
export const correctiveActionTexts = defineTexts(
  {
    'action.label.corrective': 'Corrective action {{n}} ({{source}})',
    'action.label.preventive': 'Preventive action {{n}} ({{source}})',
    'action.task.do_description': '{{description}}\nDue: {{due}}',
    'action.task.do_description_reopened': '{{description}}\nReopened: {{reason}}\nDue: {{due}}',
    'action.task.verify': 'Verify: {{label}}',
    'action.task.recheck': 'Effectiveness re-check {{n}}: {{label}}',
    'action.task.recheck_description': 'Is "{{description}}" still in place and working?',
    'action.notice.new': 'New action: {{label}}',
    'action.notice.reopened': 'Reopened: {{label}}',
    'action.notice.reopened_body': 'Effectiveness re-check {{n}} failed: {{reason}}\nDue: {{due}}',
  },
  {
    'action.label.corrective': '纠正措施 {{n}}（{{source}}）',
    'action.label.preventive': '预防措施 {{n}}（{{source}}）',
    'action.task.do_description': '{{description}}\n截止：{{due}}',
    'action.task.do_description_reopened': '{{description}}\n重新打开：{{reason}}\n截止：{{due}}',
    'action.task.verify': '验证：{{label}}',
    'action.task.recheck': '第 {{n}} 次有效性复查：{{label}}',
    'action.task.recheck_description': '“{{description}}”是否仍然落实并且有效？',
    'action.notice.new': '新措施：{{label}}',
    'action.notice.reopened': '重新打开：{{label}}',
    'action.notice.reopened_body': '第 {{n}} 次有效性复查未通过：{{reason}}\n截止：{{due}}',
  },
);
