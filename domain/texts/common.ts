import { defineTexts } from './define';

/** Texts several processes use: the inbox's generic notices, units of duration. */
export const commonTexts = defineTexts(
  {
    'notice.new_task': 'New task: {{title}}',
    'notice.new_task_body': '{{title}}\nDue: {{due}}',
    'notice.reminder': 'Reminder: {{title}}',
    'notice.reminder_body': 'Due {{due}}',
    'notice.overdue': 'Overdue (escalation {{level}}): {{title}}',
    'notice.overdue_body': 'The task "{{title}}" was due {{due}} and is not done.',
    'duration.days': '{{count}} days',
    'duration.days_one': '{{count}} day',
    'duration.hours': '{{count}} hours',
    'duration.hours_one': '{{count}} hour',
    'duration.minutes': '{{count}} minutes',
    'duration.minutes_one': '{{count}} minute',
    'duration.seconds': '{{count}} seconds',
    'duration.seconds_one': '{{count}} second',
    'duration.join': '{{a}} {{b}}',
  },
  {
    'notice.new_task': '新任务：{{title}}',
    'notice.new_task_body': '{{title}}\n截止：{{due}}',
    'notice.reminder': '提醒：{{title}}',
    'notice.reminder_body': '截止 {{due}}',
    'notice.overdue': '已超期（第 {{level}} 级升级）：{{title}}',
    'notice.overdue_body': '任务“{{title}}”应于 {{due}} 完成，至今未完成。',
    'duration.days': '{{count}}天',
    'duration.days_one': '{{count}}天',
    'duration.hours': '{{count}}小时',
    'duration.hours_one': '{{count}}小时',
    'duration.minutes': '{{count}}分钟',
    'duration.minutes_one': '{{count}}分钟',
    'duration.seconds': '{{count}}秒',
    'duration.seconds_one': '{{count}}秒',
    'duration.join': '{{a}}{{b}}',
  },
);
