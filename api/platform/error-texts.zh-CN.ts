/**
 * The API's error messages in Simplified Chinese, gettext-style: the English text a throw site
 * writes is the key. `MESSAGES` holds the exact texts; `PATTERNS` the texts with parameters, as
 * an anchored pattern whose groups (ids, codes, numbers, names: kept as they are) fill the
 * Chinese. A message thrown in api/, domain/ or activities/ that is in neither fails
 * api/platform/error-texts.test.ts, so a new English-only message does not ship unnoticed.
 * zod's own messages are worded by `zodIssue` below (zod's Chinese locale for the rarer ones,
 * api/platform/route.ts); only a schema's own messages (a refine's, an `error` option's) are in
 * the catalogue.
 */
import { z } from 'zod';

/** Words the English messages fill in (org unit kinds, statuses, roles, what is in use): kept in English when unknown. */
const TERMS: Readonly<Record<string, string>> = {
  group: '集团',
  company: '公司',
  plant: '工厂',
  department: '部门',
  workshop: '车间',
  open: '待处理',
  acknowledged: '已确认',
  acknowledging: '待确认',
  resolved: '已解决',
  superior: '上级',
  peer: '同级',
  subordinate: '下级',
  'external expert': '外部专家',
  'child units': '个下级单位',
  posts: '个岗位',
  people: '名人员',
  users: '个账号',
  tasks: '个任务',
  Code: '编码',
  Username: '用户名',
  'Employee number': '工号',
  'Certificate number': '证书编号',
  'Work area code': '区域编码',
  'Org unit': '组织单位',
  Post: '岗位',
  'A code or employee number in the file': '文件中的编码或工号',
  'Hours for this unit and month': '该单位该月的工时',
  'A result of this training': '本次培训的一项结果',
  'This inspection': '本次检查',
  // Process statuses (hazard, emergency, permit), permit actions, emergency responses, processes
  grading: '定级中',
  rectifying: '整改中',
  major_actions: '重大隐患处置中',
  verifying: '验收中',
  responding: '响应中',
  reviewing: '复盘中',
  improving: '改进中',
  closed: '已关闭',
  cancelled: '已取消',
  preparing: '准备中',
  gas_testing: '气体检测中',
  approving: '审批中',
  issued: '已签发',
  working: '作业中',
  paused: '已暂停',
  suspended: '已中止',
  watching: '监护中',
  restoring: '恢复中',
  start: '开始',
  pause: '暂停',
  resume: '恢复',
  complete: '完成',
  evacuation: '疏散',
  'cut-off of the source': '切断危险源',
  'medical liaison': '医疗联络',
  'assessment cycle': '考核周期',
  'corrective action': '整改措施',
  'emergency process': '应急流程',
  'improvement plan': '改进计划',
  improvement_plan: '改进计划',
  permit: '作业许可',
  'risk assessment': '风险评估',
  appeal: '申诉',
  declaration: '申报',
  // Roles
  admin: '管理员',
  safety_officer: '安全管理',
  department_head: '部门负责人',
  manager: '经理',
  hr: '人力资源',
  auditor: '审核员',
  employee: '员工',
  adjustment: '得分调整',
};
const term = (english: string): string => TERMS[english] ?? english;
/** "a or b" lists of terms. */
const terms = (list: string): string =>
  list
    .split(' or ')
    .map((t) => term(t.trim()))
    .join('或');

export const MESSAGES: Readonly<Record<string, string>> = {
  // Import row problems (a file's rows, reported in the import's answer)
  'a value in a column without a known header': '有值的列没有可识别的表头',
  'already in use by a person outside your scope': '已被您管辖范围外的人员使用',
  'duplicate column': '列重复',
  'missing column': '缺少此列',
  'no org unit with this code in your scope': '您的管辖范围内没有此编码的组织单位',
  'no person with this employee number in your scope': '您的管辖范围内没有此工号的人员',
  'not a participant of this session, nor an active person in your scope': '既不是本场培训的参加人员，也不是您管辖范围内的在职人员',
  required: '必填',
  'this certificate was revoked; a revoked certificate cannot change': '此证书已被吊销，吊销的证书不能修改',
  'this inspection was recorded by someone else: only the safety hub or its recorder can correct it': '此检查由他人记录：只有安全管理部门或记录人可以更正',
  'this number is another person’s certificate': '此编号是另一人的证书',
  'this template is inactive: no new inspections': '此模板已停用：不能再记录新的检查',
  // The error handler and the platform
  'Not found': '未找到',
  'Bad request': '请求无效',
  'No such API route': '没有这个接口',
  'Internal error; it has been logged': '服务器内部错误，已记录日志',
  'The request body is not valid JSON': '请求内容不是有效的 JSON',
  'malformed JSON': 'JSON 格式错误',
  'The request body is too large': '请求内容过大',
  'Unsupported charset or content encoding': '不支持的字符集或内容编码',
  'The database is unavailable; try again in a few seconds': '数据库暂时不可用，请几秒后重试',
  'Temporal is unavailable; try again in a few seconds': '流程引擎（Temporal）暂时不可用，请几秒后重试',
  'this route takes no request body': '此接口不接受请求内容',
  'Invalid input': '输入无效',
  'Authentication required': '请先登录',
  'You are not allowed to do this': '您无权执行此操作',
  'Too many failed logins; try again in 15 minutes': '登录失败次数过多，请 15 分钟后再试',
  'Authorization header must be "Bearer <token>" or "ApiKey <key>"': 'Authorization 请求头必须是 "Bearer <token>" 或 "ApiKey <key>"',
  'User unknown or disabled': '用户不存在或已停用',
  'Auditors have read-only access': '审核员只有只读权限',
  'Wrong username or password': '用户名或密码错误',
  'Token expired': '登录已过期，请重新登录',
  'Invalid token': '登录凭证无效，请重新登录',
  'Malformed API key': 'API 密钥格式错误',
  'Invalid or revoked API key': 'API 密钥无效或已吊销',
  'unknown IANA time zone': '未知的时区（应为 IANA 时区名）',
  'no such org unit in your plant': '您的工厂中没有这个组织单位',
  'no such org unit in your scope': '您的管辖范围内没有这个组织单位',
  'no such org unit': '没有这个组织单位',
  'No such org unit': '没有这个组织单位',
  'No such org unit in your scope': '您的管辖范围内没有这个组织单位',
  'Org unit not found': '未找到该组织单位',
  'Parent org unit not found': '未找到上级组织单位',
  'not a valid date': '不是有效的日期',
  'expected a date YYYY-MM-DD': '应为日期，格式 YYYY-MM-DD',
  'expected an ISO date-time': '应为 ISO 格式的日期时间',
  'expected a month YYYY-MM': '应为月份，格式 YYYY-MM',
  'expected a month, e.g. 2026-11': '应为月份，例如 2026-11',
  'expected 2026-11 (month), 2026-Q4 (quarter) or 2026-W47 (ISO week)': '应为 2026-11（月）、2026-Q4（季度）或 2026-W47（ISO 周）',
  'expected 2026-11, 2026-Q4 or 2026-W47': '应为 2026-11、2026-Q4 或 2026-W47',
  'must be confirmed': '必须确认',
  'already in use': '已被使用',
  'must ascend': '必须递增',
  'must descend': '必须递减',
  'must be greater than 0': '必须大于 0',
  'must not be 0': '不能为 0',
  'cannot be in the future': '不能是将来的时间',
  'must be in the future': '必须是将来的时间',
  'must be later than from': '必须晚于开始时间',
  'must not be before from': '不能早于开始时间',

  // Org, people, users, API keys
  'Person not found': '未找到该人员',
  'Post not found': '未找到该岗位',
  'User not found': '未找到该用户',
  'No such person': '没有这个人员',
  'no such person': '没有这个人员',
  'no such person in your scope': '您的管辖范围内没有这个人员',
  'no such department': '没有这个部门',
  'Only administrators create root units': '只有管理员可以创建顶级单位',
  'must be an active person of this unit or a unit below it': '必须是本单位或其下级单位的在职人员',
  'Only org writers or the unit’s head name its responders': '只有组织维护人员或本单位负责人可以指定应急响应人',
  'has no active login: tasks could not reach them': '没有可用的登录账号，无法收到任务',
  'required for a department': '部门必须填写',
  'only departments have a function': '只有部门才有职能',
  'posts belong to a unit below the group': '岗位必须属于集团以下的单位',
  'Nobody changes their own roles, status or org unit; ask an administrator': '不能修改自己的角色、状态或所属单位，请联系管理员',
  'Only administrators manage administrator and auditor accounts': '只有管理员可以管理管理员和审核员账号',
  'must be another active user': '必须是另一位在用的用户',
  'required to change your own password': '修改自己的密码时必须填写',
  'is not your current password': '不是您当前的密码',
  'Only administrators grant the admin and auditor roles': '只有管理员可以授予管理员和审核员角色',
  'That person already has a login': '该人员已有登录账号',
  'already linked to a user': '已关联到一个用户',
  'roles must not repeat': '角色不能重复',
  'no such active user': '没有这个在用的用户',
  'no such active user in your scope': '您的管辖范围内没有这个在用的用户',
  'a payload could not be decoded (tampered, or encrypted with a key not in PAYLOAD_KEYS)': '有载荷无法解码（被篡改，或加密所用的密钥不在 PAYLOAD_KEYS 中）',
  'No such API key': '没有这个 API 密钥',
  'unknown user or outside your scope': '用户不存在或不在您的管辖范围内',

  // Hazards, evidence, incidents, emergencies
  'No such hazard': '没有这个隐患',
  'no such hazard': '没有这个隐患',
  'No such evidence': '没有这个附件',
  'send the file as the request body': '请把文件作为请求内容发送',
  'must be percent-encoded UTF-8 (encodeURIComponent)': '必须是百分号编码的 UTF-8（encodeURIComponent）',
  'Only the responsible department can do this': '只有责任部门可以执行此操作',
  'must be a department or workshop': '必须是部门或车间',
  'must be an existing department or workshop': '必须是已有的部门或车间',
  'must be a person of the responsible unit': '必须是责任单位的人员',
  'required (unless the report comes from an emergency)': '必填（由应急事件转来的报告除外）',
  'no such emergency': '没有这个应急事件',
  'No such emergency': '没有这个应急事件',
  'The emergency process has ended': '该应急流程已结束',
  'this emergency has no such response task': '该应急事件没有这个响应任务',
  'Only the responding department or the safety hub can do this': '只有响应部门或安全管理部门可以执行此操作',
  'Only the responding departments or the safety hub can do this': '只有响应部门或安全管理部门可以执行此操作',
  'attach only photos you uploaded': '只能附上您自己上传的照片',
  'choose another code': '请换一个编号',
  'No such incident': '没有这个事故',
  'No report with this receipt code': '没有使用此回执编号的报告',
  'a fatality needs at least one death': '死亡事故至少应有一人死亡',
  'deaths mean the consequence is a fatality': '有人死亡时后果应为死亡事故',
  'lost time needs at least one day lost': '误工事故至少应损失一天',
  'the lead is not also a member': '调查组长不能同时是组员',
  'one entry per person': '每人只能有一条记录',

  // Tasks and processes
  'No such task': '没有这个任务',
  'The task is closed': '该任务已关闭',
  'Only the assignee or a supervisor can release the task': '只有任务办理人或其上级可以退回任务',
  'Only the assignee or a supervisor can delegate the task': '只有任务办理人或其上级可以转办任务',
  'The task changed meanwhile; reload it': '任务已被他人更改，请刷新后再试',
  'must be an active person of the chosen unit': '必须是所选单位的在职人员',
  'not an item of this risk register': '不是本风险清单中的条目',
  'This task was withdrawn: its process ended or moved past it': '该任务已撤回：所属流程已结束或已进入后续步骤',
  'You are not the assignee or a candidate for this task': '您不是该任务的办理人或候选人',
  'The process this task belongs to has ended': '该任务所属的流程已结束',
  'Someone else already completed this task': '其他人已完成该任务',
  'No such process': '没有这个流程',
  'The process has already ended': '该流程已结束',
  'This kind of process cannot be cancelled here': '此类流程不能在这里取消',
  'The process has no open step to reassign': '该流程没有可改派的未完成步骤',
  'Only the safety hub shares views': '只有安全管理部门可以共享视图',
  'You already have a view with that name': '您已有同名的视图',
  'No such view': '没有这个视图',
  'Only its owner or an admin deletes a view': '只有视图的创建人或管理员可以删除它',
  'say why it is not done': '请说明未完成的原因',
  'say what no longer works': '请说明哪些措施已不再有效',
  'say why it failed': '请说明不合格的原因',
  'say why it is refused': '请说明拒绝的原因',
  'You are not a candidate for this task: it is for the responders of its unit or the holders of its role':
    '您不是该任务的候选人：它属于本单位的响应人或该角色的人员',
  'You asked for this approval: someone else decides it': '这项审批是您提出的，须由他人决定',

  // A process's refusals (its update validators, api/platform/process-updates.ts)
  'self-approval is not possible: a second person approves an adjustment': '不能自己审批：得分调整须由另一人审批',
  'an appeal is decided by someone other than the appellant': '申诉须由申诉人以外的人处理',
  'self-approval is not possible: someone else reviews a declaration': '不能自己审批：申报须由他人审核',
  'this task is not open in the hazard process': '该任务在隐患流程中已不是待办状态',
  'self-approval is not allowed: another manager must decide the extension': '不允许自己审批：延期须由另一位负责人决定',
  'the new deadline must be later than the current one': '新的期限必须晚于当前期限',
  'an extension request is already waiting for approval': '已有一个延期申请在等待审批',
  'the requester of a permit does not approve it': '作业许可的申请人不能审批自己的申请',
  'a member of the crew does not approve their own permit': '作业人员不能审批自己的作业许可',
  'this type of permit needs no gas test': '此类作业许可不需要气体检测',
  'takenAt is in the future': '检测时间（takenAt）不能是将来的时间',

  // Certificates, permits, work areas
  'Certificate not found': '未找到该证书',
  'must not be before the issue date': '不能早于发证日期',
  'A revoked certificate cannot change; add a new one': '已吊销的证书不能修改，请新增一张证书',
  revoked: '已吊销',
  'already revoked': '已经吊销',
  'No such permit': '没有这个作业许可',
  'no such work area': '没有这个作业区域',
  'no such equipment': '没有这台设备',
  'not a work area of your plant': '不是您所在工厂的作业区域',
  'Only the requester, the crew, the area owner or the safety hub move the work': '只有申请人、作业人员、区域负责人或安全管理部门可以推进作业',
  'a person once per role': '每人在同一角色中只能出现一次',
  'must be after windowFrom': '必须晚于作业开始时间',
  'every isolation point needs its lock number': '每个隔离点都必须填写锁具编号',
  'must be <type>:<level> of a permit type and one of its levels': '必须是 <类型>:<级别>，即一种作业许可类型及其级别之一',
  'every type and level needs its approvers': '每种类型和级别都必须设置审批人',
  'every type and level needs its validity': '每种类型和级别都必须设置有效期',
  'no such work area (equipment stands in an area)': '没有这个作业区域（设备必须位于某个区域内）',
  'the area is deactivated': '该区域已停用',
  'an area stands in no other area': '区域不能位于另一个区域内',
  'required: the area the equipment stands in': '必填：设备所在的区域',
  'Work area not found': '未找到该作业区域',
  'its area is deactivated: reactivate the area first': '其所在区域已停用，请先重新启用该区域',

  // Inspections, trainings, notices, notifications, alerts
  'No such inspection template': '没有这个检查模板',
  'no such inspection template': '没有这个检查模板',
  'This template id is already used by a different template; update it with PUT': '该模板 id 已被另一个模板使用，请用 PUT 更新',
  'inspections are of a department or workshop': '检查对象必须是部门或车间',
  'Only the safety hub or whoever recorded this inspection can correct it': '只有安全管理部门或记录此检查的人可以更正',
  'this template is inactive': '该模板已停用',
  'This inspection is being recorded by another request; send it again': '另一个请求正在记录此检查，请重新提交',
  'This inspection id is already recorded with different content; correct it with PUT /api/inspections/{id}':
    '该检查 id 已有内容不同的记录，请用 PUT /api/inspections/{id} 更正',
  'No such inspection': '没有这个检查',
  'expected a number (or n/a)': '应为数字（或 n/a）',
  'expected a number': '应为数字',
  'give either items or total': '请填写逐项得分或总分，二者选一',
  'a template needs at least one checklist item': '模板至少需要一个检查项',
  'at least one item must apply (not all can be null)': '至少要有一项适用（不能全部为空）',
  'Only the safety hub, HR and department heads organise trainings': '只有安全管理部门、人力资源和部门负责人可以组织培训',
  'listed twice': '重复列出',
  'no active person with this id in your scope': '您的管辖范围内没有该 id 的在职人员',
  'This training id is already used by a different session': '该培训 id 已被另一场培训使用',
  'This training (or its code) was just created by another request; send it again': '该培训（或其编号）刚被另一个请求创建，请重新提交',
  'No such training': '没有这个培训',
  'Only the organisers of this training record its results': '只有本次培训的组织者可以记录培训结果',
  'not a participant, nor an active person in your scope': '不是参训人员，也不是您管辖范围内的在职人员',
  'No such notice': '没有这个通知',
  'No such notification': '没有这条消息',
  'No such alert': '没有这个预警',
  'Only the alert’s recipients and the safety hub, managers, department heads or HR acknowledge alerts':
    '只有预警的接收人以及安全管理部门、经理、部门负责人或人力资源可以确认预警',
  'The alert is no longer open': '该预警已不是待处理状态',
  'No such alert rule': '没有这个预警规则',
  'The rule was changed meanwhile; reload and try again': '规则已被他人修改，请刷新后重试',
  'watch hazards, tasks or both': '请选择监视隐患、任务或两者',

  // Assessment, scores, appeals, rulesets, exports, dashboard, safety rates, risk assessments
  'Only HR, managers and admins run assessment cycles': '只有人力资源、经理和管理员可以运行考核周期',
  'Only HR, managers and admins recompute cycles': '只有人力资源、经理和管理员可以重新计算考核周期',
  'the period has not started yet': '该期间尚未开始',
  'must be a published ruleset version': '必须是已发布的规则版本',
  'No such assessment cycle': '没有这个考核周期',
  'no such assessment cycle': '没有这个考核周期',
  'Rankings are for managers, HR and department heads': '排名仅供经理、人力资源和部门负责人查看',
  'No such score': '没有这个得分',
  'No such score (not published yet?)': '没有这个得分（可能尚未发布）',
  'facts are attributed to persons and departments': '事实记录只归属于人员和部门',
  'Only people rate behaviour (your login has no person)': '只有人员才能评价行为（您的账号未关联人员）',
  'you cannot rate yourself': '不能给自己评分',
  'The cycle has not been scored yet': '该考核周期尚未计分',
  'No such ruleset version': '没有这个规则版本',
  'No such schedule': '没有这个计划',
  'No such policy version': '没有这个策略版本',
  'No such probe': '没有这个探测记录',
  'no such snapshot version in this cycle': '该考核周期中没有这个快照版本',
  'The cycle has no published scores yet': '该考核周期还没有已发布的得分',
  'Results exports are for HR, managers and auditors': '考核结果导出仅供人力资源、经理和审核员使用',
  'The collaboration report is for managers, HR, the safety hub and department heads': '协作报告仅供经理、人力资源、安全管理部门和部门负责人查看',
  'these records are not attributed to people': '这些记录不归属于个人',
  'this KPI is not attributed to people': '该指标不归属于个人',
  'Only people with a score can declare': '只有有得分的人员可以申报',
  'unknown evidence id': '未知的附件 id',
  'No such improvement plan': '没有这个改进计划',
  'no published score of this subject in the cycle': '该对象在此考核周期中没有已发布的得分',
  'no such line in the published score': '已发布的得分中没有这一项',
  'Only people with a score can appeal': '只有有得分的人员可以申诉',
  'no such appeal of yours': '您没有这个申诉',
  'The first appeal is not decided yet': '首次申诉尚未处理完',
  'There is only one further level of appeal': '只能再申诉一级',
  'a further appeal is about the same line': '再次申诉必须针对同一项',
  'The appeal window of this cycle has closed': '该考核周期的申诉期已结束',
  'This line already has an open appeal': '这一项已有未处理的申诉',
  'Only HR and managers adjust scores': '只有人力资源和经理可以调整得分',
  'no such subject in your scope': '您的管辖范围内没有这个对象',
  'No such appeal': '没有这个申诉',
  'an adjustment needs a non-zero delta': '调整分值不能为 0',
  'approved declarations need points': '批准的申报必须填写分值',
  'required with profile': '使用 profile 时必填',
  'expected <level>-<businessType>-<risk>, e.g. frontline-production-high': '应为 <层级>-<业务类型>-<风险>，例如 frontline-production-high',
  'excellent must be ≥ qualified when higher is better': '越高越好时，优秀值必须 ≥ 合格值',
  'excellent must be ≤ qualified when lower is better': '越低越好时，优秀值必须 ≤ 合格值',
  'a behaviour scale read from a count needs scale steps': '按次数计算的行为量表需要设置分档',
  'scale steps must have descending min': '分档的最小值必须递减',
  'coverage is measured for departments only': '覆盖率只针对部门计算',
  'behaviour ratings are given to persons only': '行为评价只针对个人',
  'only rated indicators are cross-checked': '只有评分类指标才做交叉核对',
  'bands must ascend': '分级必须递增',
  'must be one of the band levels': '必须是分级中的一个等级',
  'Only the safety hub starts risk assessments': '只有安全管理部门可以发起风险评估',
  'must be a plant, department or workshop in your scope': '必须是您管辖范围内的工厂、部门或车间',
  'No such risk assessment': '没有这个风险评估',
  'Only the safety hub manages risk assessment schedules': '只有安全管理部门可以管理风险评估计划',
  'each department once': '每个部门只能出现一次',
};

type Fill = string | ((...groups: string[]) => string | undefined);

/** Messages with parameters: an anchored pattern, and the Chinese with `$1`… for its groups (or a function of them). */
export const PATTERNS: readonly (readonly [RegExp, Fill])[] = [
  [/^(\d+) more problems not shown$/, '另有 $1 个问题未显示'],
  [/^at most (\d+) rows per file: split it$/, '每个文件最多 $1 行：请拆分文件'],
  [/^changes a result already part of the published scores of cycle (.+)$/, '修改的结果已计入考核周期 $1 已发布的得分'],
  [/^changes an inspection already part of the published scores of cycle (.+)$/, '修改的检查已计入考核周期 $1 已发布的得分'],
  [/^duplicate of row (\d+)$/, '与第 $1 行重复'],
  [/^expected hours, a number from 0 to (\d+)$/, '应为工时，0 到 $1 之间的数字'],
  [/^no org unit (\S+) in your scope$/, '您的管辖范围内没有组织单位 $1'],
  [/^no post (\S+) in org unit (\S+)$/, '组织单位 $2 中没有岗位 $1'],
  [/^unknown certificate type \(one of (.+), or its Chinese name\)$/, '未知的证书类型（应为 $1 之一，或其中文名称）'],
  [/^unknown column \(the columns are (.+)\)$/, '未知的列（可用的列：$1）'],
  [/^Nothing was imported: the file has (\d+) problems?$/, '未导入任何数据：文件中有 $1 个问题'],
  [/^The request body is too large \(at most (.+) here\)$/, '请求内容过大（此处最多 $1）'],
  [/^nested deeper than (\d+) levels$/, '嵌套层数超过 $1 层'],
  [/^send the file as the request body with Content-Type (.+)$/, '请把文件作为请求内容发送，Content-Type 为 $1 之一'],
  [
    /^The process did not answer within (\d+) s\. Your request may still take effect: look again in a moment before you repeat it\.$/,
    '流程未在 $1 秒内响应。您的请求可能仍会生效：请稍后查看，再决定是否重新提交。',
  ],
  [/^The process refused: (.+)$/s, (why) => `流程拒绝了此操作：${zhCN(why) ?? why}`],
  [/^A step of the process failed \((.+)\), so it could not do this$/s, '流程的一个步骤失败（$1），因此无法执行此操作'],
  [/^The sweep (\S+) is still running; look again in a moment$/, '巡检 $1 仍在运行，请稍后再查看'],
  [/^The sweep (\S+) is still running; its alerts will appear in the list$/, '巡检 $1 仍在运行，其预警稍后会出现在列表中'],
  [/^The sweep (\S+) failed; see its history in Temporal$/, '巡检 $1 失败，请在 Temporal 中查看其历史'],
  [/^The alert is already (\w+)$/, (status) => `该预警已是“${term(status)}”状态`],
  [/^The rule was changed meanwhile \(version (\d+)\); reload and try again$/, '规则已被他人修改（版本 $1），请刷新后重试'],
  [/^not a rated behaviour indicator; one of (.+)$/, '不是评分类行为指标，应为以下之一：$1'],
  [/^from 0 to (\d+)$/, '应在 0 到 $1 之间'],
  [/^must be from (\d+) to (\d+)$/, '必须在 $1 到 $2 之间'],
  [/^You are not this person's (.+)$/, (role) => `您不是此人的${term(role)}`],
  [/^A (.+) certificate numbered (.+) is already in the register$/, '登记册中已有编号为 $2 的同类证书（$1）'],
  [/^The certificate was already revoked on (.+)$/, '该证书已于 $1 吊销'],
  [/^(.+) is not attributed to people: rank by department$/, '$1 不归属于个人，请按部门排名'],
  [/^(.+) is a count: it has no denominator$/, '$1 是计数指标，没有分母'],
  [/^(.+) is not attributed to people$/, '$1 不归属于个人'],
  [/^Version (\d+) is a draft: only frozen \(published or superseded\) snapshots are exported$/, '版本 $1 是草稿：只能导出已冻结（已发布或已被取代）的快照'],
  [/^Only (.+) are accepted$/, '只接受 $1'],
  [/^the content is not a (.+) file$/, '内容不是 $1 文件'],
  [/^unknown evidence: (.+)$/, '未知的附件：$1'],
  [
    /^(.+) is already part of the published scores of assessment cycle (\S+) \((\S+)\); it cannot change\. Correct the score with a manual adjustment instead\.$/,
    (what, period, id) => `${term(what)}已计入考核周期 ${period}（${id}）已发布的得分，不能再修改。请改用手工调整来更正得分。`,
  ],
  [/^Template code (.+) is already in use$/, '模板编码 $1 已被使用'],
  [/^Employee number (.+) is already in use$/, '工号 $1 已被使用'],
  [/^Work area code (.+) is already in use$/, '区域编码 $1 已被使用'],
  [/^Training code (.+) is already in use$/, '培训编号 $1 已被使用'],
  [/^(.+) code (.+) is already in use$/, (what, code) => `${term(what)}编码 ${code} 已被使用`],
  [/^Username (.+) is taken$/, '用户名 $1 已被占用'],
  [/^(.+) is already in use$/, (what) => `${term(what)}已被使用`],
  [/^(\d+) (?:person holds|people hold) this post; give them another post first$/, '有 $1 人担任此岗位，请先为他们更换岗位'],
  [/^no post profile (.+) \(see GET \/api\/org\/post-profiles\)$/, '没有岗位模板 $1（见 GET /api/org/post-profiles）'],
  [/^must be an active person of (.+)$/, '必须是 $1 的在职人员'],
  [/^a (\w+) needs a parent \((.+)\)$/, (kind, parents) => `${term(kind)}必须有上级（${terms(parents)}）`],
  [
    /^a (\w+) cannot sit under a (\w+) \(only under a (.+)\)$/,
    (kind, parent, allowed) => `${term(kind)}不能位于${term(parent)}之下（只能位于${terms(allowed)}之下）`,
  ],
  [/^a (\w+) is a root and has no parent$/, (kind) => `${term(kind)}是顶级单位，没有上级`],
  [
    /^The unit still has (.+); move or delete them first$/,
    (held) => `该单位还有${held.replace(/(\d+) ([a-z ]+)/g, (_, n: string, what: string) => `${n}${term(what)}`).replace(/, /g, '、')}，请先移走或删除`,
  ],
  [/^not a level of (.+)$/, '不是 $1 的级别'],
  [
    /^(.+) \((.+)\) needs a valid certificate: (.+) \((theirs expires before the work ends|none held)\)$/,
    (who, role, needs, why) =>
      `${who}（${role}）需要有效的证书：${needs.replace(/ or /g, ' 或 ')}（${why === 'none held' ? '未持有' : '其证书在作业结束前到期'}）`,
  ],
  [/^Recording gas tests needs a valid (.+) certificate$/, '记录气体检测需要有效的 $1 证书'],
  [/^unknown process type "(.*)"; expected one of (.+)$/, '未知的流程类型 "$1"，应为以下之一：$2'],
  [/^at most (\d+) months$/, '最多 $1 个月'],
  [/^The task is already claimed by (.+)$/, '该任务已被 $1 认领'],
  [/^(.+) could not have been given "(.+)": (.+)$/s, (who, title, why) => `${who} 不能承接“${title}”：${zhCN(why) ?? why}`],
  [/^(.+) may no longer complete this task: (.+)$/s, (who, why) => `${who} 已不能完成此任务：${zhCN(why) ?? why}`],
  [/^(.+) already completed this task$/, '$1 已完成此任务'],
  [/^The session is on (.+): record its results from that day on$/, '培训日期为 $1：请从当天起记录结果'],
  [/^No work area or equipment with code (.+)$/, '没有编码为 $1 的作业区域或设备'],
  [/^the period may span at most (\d+) days \(3 years\)$/, '期间最多 $1 天（3 年）'],
  [/^duplicate of item (.+)$/, '与检查项 $1 重复'],
  [/^the template has no item (.+)$/, '模板中没有检查项 $1'],
  [/^item (.+) is given twice \(first at (.+)\)$/, '检查项 $1 填写了两次（第一次在 $2）'],
  [/^must be between 0 and (.+) \(the item's max score\), or null when not applicable$/, '必须在 0 到 $1（该项满分）之间，不适用时为 null'],
  [/^every checklist item needs a score \(null: not applicable\); missing: (.+)$/, '每个检查项都需要得分（null 表示不适用）；缺少：$1'],
  [/^a (\w+) indicator reads facts with (.+)$/, '$1 类指标应使用 $2 读取事实'],
  [/^the last band must reach (\d+)$/, '最后一级必须达到 $1'],
  [/^(.+) asked for this approval and cannot decide it$/, '$1 提出了这项审批，不能自己决定'],
  [/^it is for the holders of the (.+) role responsible for (.+)$/, (role, unit) => `该任务属于负责 ${unit} 的“${term(role)}”角色人员`],
  [/^it is for the (.+) role$/, (role) => `该任务属于“${term(role)}”角色`],
  [/^it is for the responders and members of (.+)$/, '该任务属于 $1 的响应人和成员'],
  [
    /^not possible while the (hazard|emergency) is (\w+)$/,
    (what, status) => `${what === 'hazard' ? '隐患' : '应急事件'}处于“${term(status)}”状态，不能执行此操作`,
  ],
  [/^this emergency has no (.+) task$/, (response) => `该应急事件没有“${term(response)}”任务`],
  [/^the (.+) is already done$/, (response) => `“${term(response)}”已经完成`],
  [/^only the investigation lead \((.+)\) submits the investigation report$/, '只有调查组长（$1）可以提交调查报告'],
  [/^task (\S+) does not belong to this notice$/, '任务 $1 不属于此通知'],
  [/^the permit is (\w+): a gas test changes nothing$/, (status) => `作业许可处于“${term(status)}”状态，气体检测不会改变什么`],
  [/^the permit is (\w+): it cannot (\w+)$/, (status, action) => `作业许可处于“${term(status)}”状态，不能${term(action)}`],
  [/^the last passing gas test is older than (\S+) minutes: test again before work starts$/, '最近一次合格的气体检测已超过 $1 分钟，开工前请重新检测'],
  [/^work paused longer than (\S+) minutes: test again before it resumes$/, '作业暂停已超过 $1 分钟，恢复前请重新检测'],
  [/^likelihood and severity go from 1 to (\d+)$/, '可能性和严重程度应在 1 到 $1 之间'],
  [/^"(.+)" is not an item of this register$/, '“$1”不是本风险清单中的条目'],
  [/^this task is not open in the (.+)$/, (what) => `该任务在${term(what)}流程中已不是待办状态`],
  [/^this task was already completed by (.+)$/, '该任务已由 $1 完成'],
];

/** What zod expected, in words (its own names are kept for the others). */
const KINDS: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否（true/false）',
  array: '列表',
  object: '对象',
  date: '日期',
  null: '空值（null）',
};
/** String formats zod checks, by zod's names and by its English words for them. */
const FORMATS: Readonly<Record<string, string>> = {
  uuid: 'UUID',
  UUID: 'UUID',
  guid: 'GUID',
  GUID: 'GUID',
  email: '电子邮箱',
  'email address': '电子邮箱',
  url: '网址',
  URL: '网址',
  datetime: '日期时间（ISO 格式）',
  'ISO datetime': '日期时间（ISO 格式）',
  date: '日期（YYYY-MM-DD）',
  'ISO date': '日期（YYYY-MM-DD）',
  time: '时间',
  'ISO time': '时间',
};
const zodChinese = z.locales.zhCN().localeError;

const expected = (kind: string, missing: boolean): string | undefined => (missing ? '必填' : KINDS[kind] ? `应为${KINDS[kind]}` : undefined);
/** A size zod checks (too small or too big), in words; undefined for the sizes of dates and files' minimum. */
function size(big: boolean, origin: string, n: string, exact: boolean, inclusive: boolean): string | undefined {
  if (origin === 'string') return exact ? `应为 ${n} 个字符` : big ? `最多 ${n} 个字符` : n === '1' ? '不能为空' : `至少 ${n} 个字符`;
  if (origin === 'array' || origin === 'set') return exact ? `应为 ${n} 项` : big ? `最多 ${n} 项` : `至少 ${n} 项`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    if (exact) return `应等于 ${n}`;
    return big ? (inclusive ? `不能大于 ${n}` : `必须小于 ${n}`) : inclusive ? `不能小于 ${n}` : `必须大于 ${n}`;
  }
  if (origin === 'file' && big) return `文件过大（最多 ${n} 字节）`;
  return undefined;
}
const oneOf = (values: string[]) => (values.length === 1 ? `应为 ${values[0]}` : `应为以下之一：${values.join('、')}`);
const format = (name: string): string | undefined => (FORMATS[name] ? `${FORMATS[name]}格式不正确` : undefined);

/**
 * zod's own message for an issue (one it raised with its own words), in plain Chinese: a missing
 * field is "必填", sizes are "至少 3 个字符" rather than zod's "数值过小：期望 string >=3 字符";
 * the rarer issues in the words of zod's zh-CN locale. The issue needs its input (`reportInput`).
 * `ZOD_PATTERNS` words zod's English messages the same way, for zod errors made elsewhere.
 */
export function zodIssue(issue: z.core.$ZodIssue): string | undefined {
  let said: string | undefined;
  switch (issue.code) {
    case 'invalid_type':
      said = expected(issue.expected, issue.input === undefined);
      break;
    case 'too_small':
    case 'too_big': {
      const big = issue.code === 'too_big';
      said = size(big, issue.origin, String(big ? issue.maximum : issue.minimum), !!issue.exact, !!issue.inclusive);
      break;
    }
    case 'invalid_value':
      said = oneOf(issue.values.map((v) => JSON.stringify(v)));
      break;
    case 'unrecognized_keys':
      said = `不认识的字段：${issue.keys.map((k) => JSON.stringify(k)).join('、')}`;
      break;
    case 'invalid_format':
      said = issue.format === 'regex' ? '格式不正确' : format(issue.format);
      break;
    case 'not_multiple_of':
      said = `必须是 ${issue.divisor} 的倍数`;
      break;
  }
  if (said) return said;
  const locale = zodChinese(issue as z.core.$ZodRawIssue);
  return typeof locale === 'string' ? locale : (locale?.message ?? undefined);
}

/** zod's English messages (zod errors mapped to field issues outside the routes' validation: task forms, alert rules), worded as `zodIssue` words them. */
const ZOD_PATTERNS: readonly (readonly [RegExp, (...groups: string[]) => string | undefined])[] = [
  [/^Invalid input: expected (\w+), received (\w+)$/, (kind, received) => expected(kind, received === 'undefined') ?? `应为 ${kind}`],
  [
    /^Too (small|big): expected (\w+) to (?:have|be) (exactly |>=|<=|>|<)(\S+)(?: \w+)?$/,
    (which, origin, adj, n) => size(which === 'big', origin, n, adj === 'exactly ', adj.endsWith('=')),
  ],
  [/^Invalid option: expected one of (.+)$/, (values) => oneOf(values.split('|'))],
  [/^Invalid input: expected (.+)$/, (value) => oneOf([value])],
  [/^Invalid string: must match pattern .+$/, () => '格式不正确'],
  [/^Invalid number: must be a multiple of (\S+)$/, (n) => `必须是 ${n} 的倍数`],
  [/^Unrecognized keys?: (.+)$/, (keys) => `不认识的字段：${keys.split(', ').join('、')}`],
  [/^Invalid (.+)$/, format],
];

/** The Chinese of an English message, or undefined when the catalogue does not know it. */
export function zhCN(message: string): string | undefined {
  const exact = MESSAGES[message];
  if (exact !== undefined) return exact;
  for (const [pattern, fill] of [...PATTERNS, ...ZOD_PATTERNS]) {
    const m = pattern.exec(message);
    const said = m && (typeof fill === 'string' ? message.replace(pattern, fill) : fill(...m.slice(1)));
    if (said) return said;
  }
  return undefined;
}
