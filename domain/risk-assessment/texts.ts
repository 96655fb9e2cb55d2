import { defineTexts } from '../texts/define';
import { termTexts } from '../texts/terms';
import { RISK_INPUT_DEPARTMENTS as DEPARTMENTS } from './rules';

/** What the joint risk assessment writes for people: its department, safety hub and measure tasks, its closing notice. */
export const riskAssessmentTexts = defineTexts(
  {
    'risk.header': '{{title}} — {{area}}',
    'risk.task.input': 'Risk assessment input ({{ask}}): {{header}}',
    'risk.task.input_description': '{{ask}}\nDepartments taking part: {{departments}}.',
    'risk.task.compile': 'Compile the risk register: {{header}}',
    'risk.task.compile_description':
      'Inputs from the departments:\n\n{{inputs}}\n\nList the risks with likelihood and severity (1–{{size}}) and the owning department.',
    'risk.input.answer': '{{unit}}: {{assessment}}',
    'risk.input.answer_concerns': '{{unit}}: {{assessment}}\nConcerns: {{concerns}}',
    'risk.input.gap': '{{unit}}: no answer by the deadline (gap recorded)',
    'risk.task.proposals': 'Propose control measures: {{header}}',
    'risk.task.proposals_description': 'The risk register:\n{{register}}\n\nPropose control measures for the risks you can act on.',
    'risk.register.item': '• {{title}} ({{level}}, {{likelihood}}×{{severity}}={{score}}) — {{owner}}',
    'risk.register.owner': 'owner',
    'risk.task.plan': 'Control plan: {{header}}',
    'risk.task.plan_description': 'Proposed measures:\n{{proposals}}\n\nAssign each measure an owner and a due date.',
    'risk.plan.proposal': '• [{{item}}] {{description}} ({{by}})',
    'risk.plan.none': '(none)',
    'risk.task.measure': 'Control measure: {{description}}',
    'risk.task.measure_description': 'Risk: {{risk}} ({{level}})\nAssessment: {{header}}\nDue {{due}}; verification by the safety hub follows.',
    'risk.task.verify': 'Verify control measure: {{description}}',
    'risk.task.verify_description_done':
      'Joint verification with {{owner}}.\nRisk: {{risk}}\nReported done {{at}} by {{by}}.\nA failed verification starts a hazard process.',
    'risk.task.verify_description_not_done':
      'Joint verification with {{owner}}.\nRisk: {{risk}}\nNot reported done by its due date {{due}}.\nA failed verification starts a hazard process.',
    'risk.the_owner': 'the owner',
    'risk.notice.closed': 'Risk assessment closed: {{header}}',
    'risk.notice.closed_body': '{{risks}} risks, {{measures}} measures, {{failed}} failed verification, {{gaps}} gaps.',
    'risk.notice.closed_body_hazards': '{{risks}} risks, {{measures}} measures, {{failed}} failed verification (hazard processes started), {{gaps}} gaps.',
  },
  {
    'risk.header': '{{title}} — {{area}}',
    'risk.task.input': '风险评估输入（{{ask}}）：{{header}}',
    'risk.task.input_description': '{{ask}}\n参与部门：{{departments}}。',
    'risk.task.compile': '汇总风险清单：{{header}}',
    'risk.task.compile_description': '各部门的输入：\n\n{{inputs}}\n\n列出各项风险及其可能性和严重程度（1–{{size}}）和责任部门。',
    'risk.input.answer': '{{unit}}：{{assessment}}',
    'risk.input.answer_concerns': '{{unit}}：{{assessment}}\n关注问题：{{concerns}}',
    'risk.input.gap': '{{unit}}：截止时未答复（已记录缺项）',
    'risk.task.proposals': '提出控制措施：{{header}}',
    'risk.task.proposals_description': '风险清单：\n{{register}}\n\n请针对本部门能够处理的风险提出控制措施。',
    'risk.register.item': '• {{title}}（{{level}}，可能性×严重程度 {{likelihood}}×{{severity}}={{score}}）— 责任部门：{{owner}}',
    'risk.register.owner': '未指定',
    'risk.task.plan': '控制方案：{{header}}',
    'risk.task.plan_description': '提议的措施：\n{{proposals}}\n\n请为每项措施指定责任部门和完成期限。',
    'risk.plan.proposal': '• [{{item}}] {{description}}（提议部门：{{by}}）',
    'risk.plan.none': '（无）',
    'risk.task.measure': '控制措施：{{description}}',
    'risk.task.measure_description': '风险：{{risk}}（{{level}}）\n评估：{{header}}\n截止 {{due}}；之后由安全管理部门验证。',
    'risk.task.verify': '验证控制措施：{{description}}',
    'risk.task.verify_description_done': '与 {{owner}} 联合验证。\n风险：{{risk}}\n{{by}} 于 {{at}} 报告已完成。\n验证不通过将启动隐患流程。',
    'risk.task.verify_description_not_done': '与 {{owner}} 联合验证。\n风险：{{risk}}\n截至期限 {{due}} 未报告完成。\n验证不通过将启动隐患流程。',
    'risk.the_owner': '责任部门',
    'risk.notice.closed': '风险评估已关闭：{{header}}',
    'risk.notice.closed_body': '{{risks}} 项风险，{{measures}} 项措施，{{failed}} 项验证未通过，{{gaps}} 个缺项。',
    'risk.notice.closed_body_hazards': '{{risks}} 项风险，{{measures}} 项措施，{{failed}} 项验证未通过（已启动隐患流程），{{gaps}} 个缺项。',
  },
);

/** What each department is asked for its input: a short title and the ask. */
export const riskAskTexts = termTexts(
  'risk.ask',
  DEPARTMENTS,
  { production: 'Process and load', equipment: 'Equipment state and failure risks', hr: 'Training status of the area’s staff' },
  { production: '工艺与负荷', equipment: '设备状态与故障风险', hr: '区域人员培训情况' },
);
export const riskAskDetailTexts = termTexts(
  'risk.ask_detail',
  DEPARTMENTS,
  {
    production: 'Describe the processes running in the area, their load and planned changes this period.',
    equipment: 'Describe the state of the equipment in the area and the failure risks you see.',
    hr: 'Report the training and certification status of the staff working in the area.',
  },
  {
    production: '请说明该区域正在运行的工艺、负荷以及本期计划的变更。',
    equipment: '请说明该区域设备的状态以及您看到的故障风险。',
    hr: '请报告在该区域工作人员的培训和持证情况。',
  },
);
