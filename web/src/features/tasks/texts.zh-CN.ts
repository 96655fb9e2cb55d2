import type { Translation } from '../../i18n/types';
import { incidentTasksZhCN } from '../incidents/texts.zh-CN';
import { permitTasksZhCN } from '../permits/texts.zh-CN';
import type { en } from './texts.en';

/** Texts of the tasks feature, in Simplified Chinese: typed against texts.en.ts, so every key and nothing extra. */
export const zhCN: Translation<typeof en> = {
  inbox: {
    title: '任务待办',
    tabMine: '我的',
    tabTeam: '本部门',
    tabCompleted: '已完成',
    empty: '暂无任务。',
    colTitle: '任务',
    colProcess: '流程',
    colOrgUnit: '组织单元',
    colAssignee: '处理人',
    colDue: '截止',
    colPriority: '优先级',
    colCompleted: '完成',
    colActions: '操作',
    noDueDate: '无截止时间',
    overdue: '已逾期',
    dueSoon: '即将到期',
    completedBy: '由 {{name}} 完成',
    completedByFor: '由 {{name}} 代 {{for}} 完成',
    claim: '认领',
    unclaim: '退回',
    complete: '完成',
    completeWithNote: '填写表单',
    approve: '同意',
    rejectOrComment: '驳回或批注',
    delegate: '转交',
    claimed: '任务已由您认领。',
    unclaimed: '任务已退回部门队列。',
    completed: '任务已完成。',
    delegated: '任务已转交。',
    processClosed: '该流程已结束，此任务无法再完成。',
    total_one: '共 {{count}} 项任务',
    total_other: '共 {{count}} 项任务',
  },
  taskStatus: {
    open: '待处理',
    completed: '已完成',
    cancelled: '已取消',
  },
  taskAction: {
    assessment: { review: '审核' },
    appeal: { review: '裁决' },
    adjustment: { approve: '审批' },
    declaration: { review: '审核' },
    improvement: { plan: '提交计划', check: '登记结果' },
    notice: { acknowledge: '确认知悉' },
    hazard: {
      grade: '定级',
      acknowledge: '确认接收',
      rectify: '提交整改',
      major_action: '提交措施',
      verify: '验收',
      extension_approval: '审批',
    },
    emergency: {
      on_site: '确认到场',
      response: '报告完成',
      under_control: '宣布已控制',
      review: '提交复盘',
      improvement: '报告完成',
    },
    risk: {
      input: '提交评估意见',
      compile: '汇编风险清单',
      measures: '提交措施建议',
      plan: '批准管控方案',
      measure: '报告完成',
      verify: '验证',
    },
    ...permitTasksZhCN.taskAction,
  },
  taskType: {
    assessment: { review: '审核安全考核分数' },
    appeal: { review: '复议审核' },
    adjustment: { approve: '审批分数调整' },
    declaration: { review: '审核自助申报' },
    improvement: { plan: '能力提升计划', check: '检查能力提升计划' },
    notice: { acknowledge: '确认通知' },
    hazard: {
      grade: '隐患定级',
      acknowledge: '确认隐患',
      rectify: '隐患整改',
      major_action: '重大隐患措施',
      verify: '整改验收',
      extension_approval: '延期审批',
    },
    emergency: {
      on_site: '安全到场',
      response: '应急处置',
      under_control: '宣布已控制',
      review: '事后复盘',
      improvement: '改进措施',
    },
    risk: {
      input: '风险评估意见',
      compile: '汇编风险清单',
      measures: '提出管控措施',
      plan: '管控方案',
      measure: '管控措施',
      verify: '验证管控措施',
    },
    ...incidentTasksZhCN.taskType,
    ...permitTasksZhCN.taskType,
  },
  taskForm: {
    assessment: {
      review: {
        decision: '审核结论',
        note: '说明',
      },
    },
    appeal: {
      review: {
        decision: '复议结论',
        delta: '调整分值（+/−）',
        reason: '理由',
        evidenceIds: '附件',
      },
    },
    adjustment: {
      approve: {
        approved: '审批结论',
        reason: '理由',
      },
    },
    declaration: {
      review: {
        approved: '审核结论',
        points: '加分',
        reason: '理由',
      },
    },
    improvement: {
      plan: {
        targets: '提升目标',
        measures: '提升措施',
        dueAt: '完成期限',
      },
      check: {
        completed: '计划是否已完成？',
        note: '说明',
      },
    },
    notice: {
      acknowledge: {
        comment: '备注',
        understood: '我已阅读并理解本通知',
      },
    },
    hazard: {
      grade: {
        likelihood: '可能性',
        severity: '严重度',
        responsibleOrgUnitId: '责任部门',
        responsiblePersonId: '责任人',
        note: '备注',
      },
      acknowledge: {
        understood: '我部门已接收该隐患并负责整改',
        comment: '备注',
      },
      rectify: {
        summary: '整改情况',
        evidenceIds: '整改照片 / 文件',
      },
      major_action: {
        summary: '已采取的措施',
        evidenceIds: '照片 / 文件',
      },
      verify: {
        passed: '现场验收结果',
        reason: '原因',
      },
      extension_approval: {
        approved: '审批结果',
        reason: '理由',
      },
    },
    emergency: {
      on_site: {
        onSite: '安全部门已到达现场',
        note: '备注',
      },
      response: {
        summary: '处置情况',
        done: '本部门的处置已完成',
      },
      under_control: {
        summary: '现场情况说明',
      },
      review: {
        findings: '复盘结论',
        actions: '改进措施',
      },
      improvement: {
        summary: '完成情况',
        evidenceIds: '照片 / 文件',
      },
    },
    risk: {
      input: {
        assessment: '本部门评估意见',
        concerns: '关注事项',
      },
      compile: {
        items: '风险',
        summary: '总结',
      },
      measures: {
        proposals: '建议的管控措施',
      },
      plan: {
        measures: '管控措施',
        note: '备注',
      },
      measure: {
        summary: '完成情况',
        evidenceIds: '照片 / 文件',
      },
      verify: {
        passed: '现场联合验证结果',
        reason: '原因',
      },
    },
    ...incidentTasksZhCN.taskForm,
    ...permitTasksZhCN.taskForm,
  },
  taskHelp: {
    appeal: {
      review: {
        delta: '调整时必填：加到（负数则扣减）分数上的分值。',
        reason: '申请人可见；与结论一起记入审计日志。',
      },
    },
    declaration: {
      review: {
        points: '批准时必填（规则对每期加分设有上限）。',
      },
    },
    assessment: {
      review: {
        decision: '发布后每人收到自己的考核报告；“重新计分”生成新的草稿版本（例如补录迟到的数据之后）。',
        note: '随快照保存并写入审计日志。',
      },
    },
    hazard: {
      grade: {
        likelihood: '1 = 极少 · 2 = 不太可能 · 3 = 可能 · 4 = 很可能 · 5 = 几乎肯定',
        severity: '1 = 可忽略 · 2 = 轻微 · 3 = 中等 · 4 = 严重 · 5 = 灾难性',
        responsiblePersonId: '可选；不指定则由部门负责人负责。',
      },
      verify: {
        reason: '验收不通过时必填：隐患将退回责任部门重新整改。',
      },
    },
    emergency: {
      review: {
        findings: '可参考任务说明中根据记录时间算出的延误。',
        actions: '可选。每个责任部门一行；各部门会收到任务，全部完成后应急事件才关闭。',
      },
    },
    risk: {
      input: {
        concerns: '可选：希望安全部门优先关注的事项。',
      },
      compile: {
        summary: '可选：对整份风险清单的说明。',
      },
      plan: {
        note: '可选：随方案一并保存。',
      },
      verify: {
        reason: '验证不通过时必填：将为该措施发起隐患流程。',
      },
    },
  },
  taskOption: {
    assessment: {
      review: { decision: { publish: '发布分数', rescore: '重新计分' } },
    },
    appeal: {
      review: { decision: { uphold: '维持原分', adjust: '调整分数' } },
    },
    adjustment: {
      approve: { approved: { true: '批准', false: '驳回' } },
    },
    declaration: {
      review: { approved: { true: '批准', false: '驳回' } },
    },
    improvement: {
      check: { completed: { true: '已完成', false: '未完成' } },
    },
    approve: '批准',
    reject: '驳回',
    pass: '验证通过',
    fail: '验证不通过',
    yes: '是',
    no: '否',
    hazard: {
      verify: { passed: { true: '通过', false: '不通过' } },
      extension_approval: { approved: { true: '批准', false: '驳回' } },
    },
    risk: {
      verify: { passed: { true: '通过', false: '不通过' } },
    },
    ...incidentTasksZhCN.taskOption,
    ...permitTasksZhCN.taskOption,
  },
  completeModal: {
    description: '详情',
    dueAt: '截止：',
    why: {
      assignee: '您是此任务的办理人。',
      substitute: '您代理此任务的办理人。',
      head: '您作为{{unit}}负责人收到此任务。',
      responder: '您作为{{unit}}的响应人收到此任务。',
      role: '您作为{{unit}}的{{role}}收到此任务。',
    },
    noFields: '无需填写内容，确认即可完成此任务。',
    required: '请填写“{{field}}”。',
    mustTick: '请勾选“{{field}}”。',
    tooLong: '“{{field}}”最多 {{max}} 个字符。',
    selectPlaceholder: '请选择…',
    invalid: '请修正标红的字段。',
    mustChoose: '请选择“{{field}}”。',
    needEvidence: '请至少上传一张照片或一个文件。',
    range: '“{{field}}”须在 {{min}} 到 {{max}} 之间。',
    uploading: '上传中…',
    riskPending: '选择可能性和严重度后显示风险等级。',
    riskResult: '风险：',
    majorHint: '重大隐患：该区域停工，安全、生产、设备部门联合处置。',
    actionsAdd: '添加措施',
    actionsUnit: '部门',
    actionsDescription: '需要做什么',
    actionsRemove: '删除',
    actionsIncomplete: '请选择部门并填写措施，或删除该行。',
  },
  delegateModal: {
    title: '转交“{{title}}”',
    to: '转交给',
    toRequired: '请选择同事。',
    placeholder: '按姓名搜索',
    submit: '转交',
    loadFailed: '无法加载同事列表。',
  },
  processTasks: {
    title: '任务',
    colTask: '任务',
    colStatus: '状态 / 截止',
    empty: '暂无任务。',
  },
  yourTasks: {
    title: '我的任务',
    titleMany: '我的任务（{{count}}）',
    bar: '我的任务：{{name}}',
  },
  workerHome: {
    title: '{{name}}，您好',
    reportHazard: '隐患上报',
    reportHazardHint: '拍照、选位置，即可提交',
    raiseEmergency: '紧急报警',
    raiseEmergencyHint: '泄漏、火情、受伤：立即通知所有人',
    myTasks: '我的待办',
    myTasksHint_one: '{{count}} 项待办',
    myTasksHint_other: '{{count}} 项待办',
    myScore: '我的考核',
    myScoreHint: '本期得分及其来由',
  },
};
