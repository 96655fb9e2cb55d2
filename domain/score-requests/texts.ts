import { defineTexts } from '../texts/define';
import { termTexts } from '../texts/terms';
import { term, type TextParam } from '../texts/text';

/** What appeals, declarations and score adjustments write for people: their review tasks and decisions. */
export const scoreRequestTexts = defineTexts(
  {
    'appeal.task.review': 'Appeal: {{appellant}} disputes "{{line}}" ({{period}})',
    'appeal.task.review_second': 'Second-level appeal: {{appellant}} disputes "{{line}}" ({{period}})',
    'appeal.task.review_description':
      '{{appellant}} disputes the line "{{line}}" of their score, version {{version}}:\n{{reason}}\n\nUphold the score, or adjust it with a reason.',
    'appeal.notice.accepted': 'Your appeal was accepted: {{delta}} points',
    'appeal.notice.rejected': 'Your appeal was not accepted',
    'appeal.notice.body': '{{reason}}\nDecided by {{by}}.{{version}}{{again}}',
    'appeal.notice.new_version': ' Your score now has version {{version}}; the earlier version stays readable.',
    'appeal.notice.again': ' You may appeal once more, to the next manager.',
    'declaration.task.review': 'Declaration by {{person}}: {{title}}',
    'declaration.task.review_description':
      '{{person}} declares ({{kind}}) for {{period}}: {{title}}. Approve with bonus points (the ruleset caps them per period) or reject, with a reason.',
    'declaration.notice.approved': 'Your declaration was approved',
    'declaration.notice.approved_points': 'Your declaration was approved: +{{points}}',
    'declaration.notice.rejected': 'Your declaration was rejected',
    'declaration.notice.body': '{{title}}\n{{reason}}\nReviewed by {{by}}.',
    'adjustment.task.approve': 'Approve a score adjustment: {{subject}} {{delta}} ({{line}})',
    'adjustment.task.approve_description': '{{by}} proposes {{delta}} points on {{line}} of {{subject}} ({{period}}).\nReason ({{code}}): {{reason}}',
    'adjustment.line': 'the line "{{line}}"',
    'adjustment.total': 'the total',
    'adjustment.total_short': 'total',
    'adjustment.notice.approved': 'Score adjustment approved: {{subject}} {{delta}}',
    'adjustment.notice.rejected': 'Score adjustment rejected: {{subject}} {{delta}}',
    'adjustment.notice.body': '{{reason}}\nDecided by {{by}}.',
    'adjustment.notice.body_applied': '{{reason}}\nDecided by {{by}}. Applied as snapshot version {{version}}.',
  },
  {
    'appeal.task.review': '申诉：{{appellant}} 对“{{line}}”有异议（{{period}}）',
    'appeal.task.review_second': '二级申诉：{{appellant}} 对“{{line}}”有异议（{{period}}）',
    'appeal.task.review_description': '{{appellant}} 对其得分（第 {{version}} 版）中的“{{line}}”一项有异议：\n{{reason}}\n\n请维持原得分，或说明理由后调整。',
    'appeal.notice.accepted': '您的申诉已被采纳：{{delta}} 分',
    'appeal.notice.rejected': '您的申诉未被采纳',
    'appeal.notice.body': '{{reason}}\n决定人：{{by}}。{{version}}{{again}}',
    'appeal.notice.new_version': '您的得分现为第 {{version}} 版，之前的版本仍可查阅。',
    'appeal.notice.again': '您还可以向上一级经理再申诉一次。',
    'declaration.task.review': '{{person}} 的申报：{{title}}',
    'declaration.task.review_description':
      '{{person}} 申报（{{kind}}），期间 {{period}}：{{title}}。请批准并给予加分（每期加分以规则集上限为准），或说明理由后驳回。',
    'declaration.notice.approved': '您的申报已批准',
    'declaration.notice.approved_points': '您的申报已批准：+{{points}}',
    'declaration.notice.rejected': '您的申报已驳回',
    'declaration.notice.body': '{{title}}\n{{reason}}\n审核人：{{by}}。',
    'adjustment.task.approve': '审批得分调整：{{subject}} {{delta}}（{{line}}）',
    'adjustment.task.approve_description': '{{by}} 提议对 {{subject}} 的{{line}}调整 {{delta}} 分（{{period}}）。\n理由（{{code}}）：{{reason}}',
    'adjustment.line': '“{{line}}”一项',
    'adjustment.total': '总分',
    'adjustment.total_short': '总分',
    'adjustment.notice.approved': '得分调整已批准：{{subject}} {{delta}}',
    'adjustment.notice.rejected': '得分调整已驳回：{{subject}} {{delta}}',
    'adjustment.notice.body': '{{reason}}\n决定人：{{by}}。',
    'adjustment.notice.body_applied': '{{reason}}\n决定人：{{by}}。已作为第 {{version}} 版得分快照生效。',
  },
);

const DECLARATION_KINDS = ['training', 'improvement_idea', 'other'] as const;
const ADJUSTMENT_REASONS = ['data_error', 'missed_evidence', 'exceptional_contribution', 'other'] as const;

export const declarationKindTexts = termTexts(
  'declaration.kind',
  DECLARATION_KINDS,
  { training: 'training', improvement_idea: 'improvement idea', other: 'other' },
  { training: '培训', improvement_idea: '改进建议', other: '其他' },
);
export const adjustmentReasonTexts = termTexts(
  'adjustment.reason',
  ADJUSTMENT_REASONS,
  { data_error: 'data error', missed_evidence: 'missed evidence', exceptional_contribution: 'exceptional contribution', other: 'other' },
  { data_error: '数据错误', missed_evidence: '遗漏证据', exceptional_contribution: '突出贡献', other: '其他' },
);

/** A declaration's kind named in the reader's language (an unknown one as it is). */
export const declarationKind = (kind: string): TextParam =>
  (DECLARATION_KINDS as readonly string[]).includes(kind) ? term(`declaration.kind.${kind as (typeof DECLARATION_KINDS)[number]}`) : kind;
/** An adjustment's reason code named in the reader's language (an unknown one as it is). */
export const adjustmentReason = (code: string): TextParam =>
  (ADJUSTMENT_REASONS as readonly string[]).includes(code) ? term(`adjustment.reason.${code as (typeof ADJUSTMENT_REASONS)[number]}`) : code;

/** A signed number of points: "+3", "-2". */
export const signed = (n: number): string => `${n > 0 ? '+' : ''}${n}`;
