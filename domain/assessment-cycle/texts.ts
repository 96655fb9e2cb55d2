import { DIMENSIONS, RATINGS } from '../scoring/indicators';
import { defineTexts } from '../texts/define';
import { termTexts } from '../texts/terms';

/** What the assessment cycle and an improvement plan write for people: the score review, the flagged people, the plan's tasks. */
export const assessmentCycleTexts = defineTexts(
  {
    'cycle.task.review': 'Review the safety scores of {{period}}',
    'cycle.task.review_description':
      'Draft snapshot v{{version}} (ruleset v{{ruleset}}): {{persons}} people, {{facts}} facts; {{needs}} need improvement, {{second}} for the second time, {{special}} flagged for special review. Publish it, or score again.',
    'cycle.notice.flagged': '{{count}} people need improvement for the second period in a row ({{period}})',
    'cycle.notice.flagged_body': 'Consider a post adjustment or intensive training for:\n{{people}}',
    'cycle.flagged_person': '- {{name}} ({{total}})',
    'plan.task.plan': 'Improvement plan for {{person}}',
    'plan.task.plan_description':
      '{{person}} scored {{total}} in {{period}} and needs improvement. Agree targets, measures (training, mentoring, extra inspections) and a deadline with them.',
    'plan.task.plan_description_weakest':
      '{{person}} scored {{total}} in {{period}} and needs improvement (weakest: {{dimension}}). Agree targets, measures (training, mentoring, extra inspections) and a deadline with them.',
    'plan.notice.reminder': 'Reminder: the improvement plan of {{person}} is due {{due}}',
    'plan.notice.reminder_own': 'Reminder: your improvement plan is due {{due}}',
    'plan.notice.reminder_body': 'Targets: {{targets}}\nMeasures: {{measures}}',
    'plan.task.check': 'Check the improvement plan of {{person}}',
    'plan.task.check_description': 'Targets: {{targets}}\nMeasures: {{measures}}\nDue: {{due}}. Was the plan completed?',
    'score.report.subject': 'Your safety score for {{period}}: {{total}}',
    'score.report.body':
      'Your safety duty score for {{period}}: {{total}} ({{rating}}).\n\nBy dimension:\n{{dimensions}}\n\n{{shortfalls}}\n\nYou may appeal a line within the appeal window.',
    'score.report.dimension': '  {{dimension}}: {{score}}',
    'score.report.shortfalls': 'Shortfalls and the evidence behind them:\n{{lines}}',
    'score.report.no_shortfalls': 'No shortfalls this period.',
    'score.report.line': '  - {{code}}: {{explanation}}',
    'score.report.line_records': '  - {{code}}: {{explanation}} (records: {{records}})',
  },
  {
    'cycle.task.review': '审核 {{period}} 的安全考核得分',
    'cycle.task.review_description':
      '得分快照草稿第 {{version}} 版（规则集第 {{ruleset}} 版）：{{persons}} 人，{{facts}} 条事实；{{needs}} 人需改进，其中 {{second}} 人连续两期，{{special}} 人标记为专项审查。请发布，或重新计算。',
    'cycle.notice.flagged': '{{count}} 人连续两期需改进（{{period}}）',
    'cycle.notice.flagged_body': '请考虑对以下人员调整岗位或强化培训：\n{{people}}',
    'cycle.flagged_person': '- {{name}}（{{total}} 分）',
    'plan.task.plan': '{{person}} 的改进计划',
    'plan.task.plan_description': '{{person}} 在 {{period}} 得分 {{total}}，需要改进。请与其商定目标、措施（培训、带教、加密检查）和完成期限。',
    'plan.task.plan_description_weakest':
      '{{person}} 在 {{period}} 得分 {{total}}，需要改进（最薄弱：{{dimension}}）。请与其商定目标、措施（培训、带教、加密检查）和完成期限。',
    'plan.notice.reminder': '提醒：{{person}} 的改进计划将于 {{due}} 到期',
    'plan.notice.reminder_own': '提醒：您的改进计划将于 {{due}} 到期',
    'plan.notice.reminder_body': '目标：{{targets}}\n措施：{{measures}}',
    'plan.task.check': '检查 {{person}} 的改进计划',
    'plan.task.check_description': '目标：{{targets}}\n措施：{{measures}}\n截止：{{due}}。计划是否已完成？',
    'score.report.subject': '您 {{period}} 的安全考核得分：{{total}}',
    'score.report.body':
      '您 {{period}} 的安全履职得分：{{total}}（{{rating}}）。\n\n各维度得分：\n{{dimensions}}\n\n{{shortfalls}}\n\n如有异议，可在申诉期内对单项提出申诉。',
    'score.report.dimension': '  {{dimension}}：{{score}} 分',
    'score.report.shortfalls': '不足之处及其依据：\n{{lines}}',
    'score.report.no_shortfalls': '本期无扣分项。',
    'score.report.line': '  - 指标 {{code}}：{{explanation}}',
    'score.report.line_records': '  - 指标 {{code}}：{{explanation}}（记录：{{records}}）',
  },
);

/** The four dimensions of a score, named. */
export const dimensionTexts = termTexts(
  'dimension',
  DIMENSIONS,
  { compliance_execution: 'compliance execution', risk_control: 'risk control', emergency_response: 'emergency response', collaboration: 'collaboration' },
  { compliance_execution: '合规执行', risk_control: '风险管控', emergency_response: '应急响应', collaboration: '协同配合' },
);

/** The three ratings, named. */
export const ratingTexts = termTexts(
  'rating',
  RATINGS,
  { excellent: 'excellent', qualified: 'qualified', needs_improvement: 'needs improvement' },
  { excellent: '优秀', qualified: '合格', needs_improvement: '需改进' },
);
