/**
 * The duty requirement library with industry templates (SPEC §2, "one post, one list"): a post's
 * profile (level × business type × risk) and its company's industry select the duty requirements
 * the post is assessed on, each tied to indicator codes of the indicator library. Pure data and
 * selection; safe to import from workflow code.
 */
import { BUSINESS_TYPES, POST_LEVELS, RISK_LEVELS, type BusinessType, type PostLevel, type RiskLevel } from '../org';

export const INDUSTRIES = ['machining', 'electronics', 'auto_parts', 'chemicals', 'construction'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export interface PostProfile {
  level: PostLevel;
  businessType: BusinessType;
  riskLevel: RiskLevel;
}

/** One duty requirement; a selector left out matches every value of that axis. */
export interface DutyRequirement {
  code: string;
  text: string;
  textZh: string;
  indicatorCodes: readonly string[];
  levels?: readonly PostLevel[];
  businessTypes?: readonly BusinessType[];
  riskLevels?: readonly RiskLevel[];
}

export interface IndustryTemplate {
  industry: Industry;
  name: string;
  nameZh: string;
  requirements: readonly DutyRequirement[];
}

const LEADS: PostLevel[] = ['middle', 'senior'];
const EMERGENCY = [
  'emergency_acknowledge_time',
  'emergency_response_on_time',
  'emergency_response_time_vs_target',
  'emergency_action_on_time',
  'emergency_review_findings',
];

/** Every industry starts from these. */
const COMMON: DutyRequirement[] = [
  {
    code: 'GEN-REPORT',
    text: 'Report hazards you notice and make safety suggestions.',
    textZh: '主动上报隐患，提出安全合理化建议。',
    indicatorCodes: ['suggestions_made'],
  },
  {
    code: 'GEN-TRAIN',
    text: 'Attend the required safety training and pass its assessment.',
    textZh: '按要求参加安全培训并考核合格。',
    indicatorCodes: ['training_pass_rate'],
  },
  {
    code: 'GEN-RECTIFY',
    text: 'Rectify the hazards assigned to you on time, so that they pass verification the first time.',
    textZh: '按期整改分派的隐患，一次验收通过。',
    indicatorCodes: ['hazard_rectification_on_time', 'hazard_verification_pass_rate', 'hazard_rework_count'],
  },
  {
    code: 'GEN-EMERGENCY',
    text: 'Know your emergency role; respond to emergencies and drills within the target time.',
    textZh: '熟悉应急职责，按目标时间响应突发事件和演练。',
    indicatorCodes: EMERGENCY,
    riskLevels: ['high'],
  },
  {
    code: 'GEN-EMERGENCY-LEAD',
    text: 'Command your unit’s emergency response and complete the improvement actions of the review.',
    textZh: '组织本单位应急响应，按期完成复盘改进措施。',
    indicatorCodes: EMERGENCY,
    levels: LEADS,
  },
  {
    code: 'GEN-COOPERATE',
    text: 'Acknowledge handoffs from other departments promptly and cooperate on them.',
    textZh: '及时响应跨部门协同任务，积极配合。',
    indicatorCodes: ['handoff_response_time', 'cooperation_behaviour'],
    levels: LEADS,
  },
  {
    code: 'GEN-RISK',
    text: 'Give your input to joint risk assessments on time; complete and verify the control measures you own.',
    textZh: '按时参与联合风险评估，落实并验证所负责的管控措施。',
    indicatorCodes: ['report_timeliness', 'risk_measure_on_time', 'risk_measure_verification_rate'],
    levels: LEADS,
  },
  {
    code: 'GEN-LEAD',
    text: 'Lead safety in your unit: inspections of your area pass, you set the example.',
    textZh: '落实本单位安全管理责任，检查达标，以身作则。',
    indicatorCodes: ['inspection_average_score', 'safety_leadership_behaviour'],
    levels: LEADS,
  },
];

const PRODUCTION: BusinessType[] = ['production'];
const PRODUCTION_RND: BusinessType[] = ['production', 'rnd'];

/** The industry templates: the common list plus each industry's own requirements. */
export const INDUSTRY_TEMPLATES: Record<Industry, IndustryTemplate> = {
  machining: {
    industry: 'machining',
    name: 'Machining',
    nameZh: '机械加工',
    requirements: [
      ...COMMON,
      {
        code: 'MAC-GUARD',
        text: 'Check machine guards and interlocks before every shift; never run a machine with a guard removed.',
        textZh: '班前检查防护罩与联锁装置，严禁拆除防护运行设备。',
        indicatorCodes: ['guard_intact_rate'],
        businessTypes: PRODUCTION,
      },
      {
        code: 'MAC-HOTWORK',
        text: 'Weld and grind only under a valid hot-work permit.',
        textZh: '焊接、打磨作业须持有效动火作业票。',
        indicatorCodes: ['hot_work_permit_compliance'],
        businessTypes: PRODUCTION,
        riskLevels: ['high'],
      },
      {
        code: 'MAC-WASTE',
        text: 'Collect used cutting fluids and oily rags as hazardous waste.',
        textZh: '废切削液、含油抹布按危废收集处置。',
        indicatorCodes: ['hazardous_waste_compliance'],
        businessTypes: PRODUCTION,
      },
    ],
  },
  electronics: {
    industry: 'electronics',
    name: 'Electronics',
    nameZh: '电子制造',
    requirements: [
      ...COMMON,
      {
        code: 'ELE-CHEM',
        text: 'Store solvents, fluxes and etchants in the designated cabinets, labelled and segregated.',
        textZh: '溶剂、助焊剂、蚀刻液分类存放于专用柜，标识清晰。',
        indicatorCodes: ['chemical_storage_compliance'],
        businessTypes: PRODUCTION_RND,
      },
      {
        code: 'ELE-WASTE',
        text: 'Hand over chemical and electronic waste through the hazardous-waste process.',
        textZh: '化学废液与电子废弃物按危废流程移交。',
        indicatorCodes: ['hazardous_waste_compliance'],
        businessTypes: PRODUCTION_RND,
      },
      {
        code: 'ELE-GUARD',
        text: 'Keep the guards and light curtains of automated lines intact.',
        textZh: '保持自动化产线防护罩与光幕完好。',
        indicatorCodes: ['guard_intact_rate'],
        businessTypes: PRODUCTION,
      },
    ],
  },
  auto_parts: {
    industry: 'auto_parts',
    name: 'Auto parts',
    nameZh: '汽车零部件',
    requirements: [
      ...COMMON,
      {
        code: 'AUT-GUARD',
        text: 'Keep press and robot-cell guards, two-hand controls and interlocks intact.',
        textZh: '保持冲压机、机器人工作站防护、双手按钮与联锁完好。',
        indicatorCodes: ['guard_intact_rate'],
        businessTypes: PRODUCTION,
      },
      {
        code: 'AUT-HOTWORK',
        text: 'Weld outside the welding cells only under a valid hot-work permit.',
        textZh: '焊接工位外的焊接作业须持有效动火作业票。',
        indicatorCodes: ['hot_work_permit_compliance'],
        businessTypes: PRODUCTION,
        riskLevels: ['high'],
      },
      {
        code: 'AUT-PAINT',
        text: 'Store paints and thinners by the chemical storage rules; dispose of paint sludge as hazardous waste.',
        textZh: '油漆、稀释剂按化学品存储规定存放，漆渣按危废处置。',
        indicatorCodes: ['chemical_storage_compliance', 'hazardous_waste_compliance'],
        businessTypes: PRODUCTION,
        riskLevels: ['high'],
      },
    ],
  },
  chemicals: {
    industry: 'chemicals',
    name: 'Chemicals',
    nameZh: '化工',
    requirements: [
      ...COMMON,
      {
        code: 'CHE-CHEM',
        text: 'Store hazardous chemicals 100 % by the rules: segregation, quantities, labels, ventilation.',
        textZh: '危险化学品存储100%合规：分区、限量、标识、通风。',
        indicatorCodes: ['chemical_storage_compliance'],
        businessTypes: PRODUCTION_RND,
      },
      {
        code: 'CHE-HOTWORK',
        text: 'Do no hot work without a permit, gas test and a fire watch.',
        textZh: '无动火作业票、未经气体检测和监护，严禁动火。',
        indicatorCodes: ['hot_work_permit_compliance'],
        riskLevels: ['high'],
      },
      {
        code: 'CHE-WASTE',
        text: 'Handle hazardous waste 100 % by the rules, from collection to the licensed contractor.',
        textZh: '危险废物从收集到转移100%合规。',
        indicatorCodes: ['hazardous_waste_compliance'],
        businessTypes: PRODUCTION_RND,
      },
      {
        code: 'CHE-GUARD',
        text: 'Keep the guards of pumps, agitators and conveyors intact.',
        textZh: '保持泵、搅拌器、输送设备防护装置完好。',
        indicatorCodes: ['guard_intact_rate'],
        businessTypes: PRODUCTION,
      },
    ],
  },
  construction: {
    industry: 'construction',
    name: 'Construction',
    nameZh: '建筑施工',
    requirements: [
      ...COMMON,
      {
        code: 'CON-GUARD',
        text: 'Keep edge protection, scaffold guard rails and machine guards intact.',
        textZh: '保持临边防护、脚手架护栏及机械防护完好。',
        indicatorCodes: ['guard_intact_rate'],
        businessTypes: PRODUCTION,
      },
      {
        code: 'CON-HOTWORK',
        text: 'Cut and weld only under a valid hot-work permit.',
        textZh: '切割、焊接作业须持有效动火作业票。',
        indicatorCodes: ['hot_work_permit_compliance'],
        businessTypes: PRODUCTION,
      },
      {
        code: 'CON-SITE',
        text: 'Keep the site’s chemicals and hazardous waste under control.',
        textZh: '管控现场化学品与危险废物。',
        indicatorCodes: ['chemical_storage_compliance', 'hazardous_waste_compliance'],
        levels: LEADS,
      },
    ],
  },
};

/** Parses `frontline-production-high` (see `postProfileCode` in domain/org). */
export function parsePostProfile(code: string): PostProfile | null {
  const [level, businessType, riskLevel, ...rest] = code.split('-');
  if (
    rest.length ||
    !(POST_LEVELS as readonly string[]).includes(level) ||
    !(BUSINESS_TYPES as readonly string[]).includes(businessType) ||
    !(RISK_LEVELS as readonly string[]).includes(riskLevel)
  )
    return null;
  return { level: level as PostLevel, businessType: businessType as BusinessType, riskLevel: riskLevel as RiskLevel };
}

/** The post's duty requirement list ("one post, one list"), in template order. */
export function dutyListFor(profile: PostProfile | string, industry: Industry): DutyRequirement[] {
  const p = typeof profile === 'string' ? parsePostProfile(profile) : profile;
  if (!p) throw new RangeError(`unknown post profile ${String(profile)}`);
  const template = INDUSTRY_TEMPLATES[industry];
  if (!template) throw new RangeError(`unknown industry ${String(industry)}`);
  return template.requirements.filter(
    (r) =>
      (!r.levels || r.levels.includes(p.level)) &&
      (!r.businessTypes || r.businessTypes.includes(p.businessType)) &&
      (!r.riskLevels || r.riskLevels.includes(p.riskLevel)),
  );
}

/** The indicator codes of the post's duty list, sorted and without repeats (a subject's `indicatorCodes`). */
export function dutyIndicatorCodes(profile: PostProfile | string, industry: Industry): string[] {
  return [...new Set(dutyListFor(profile, industry).flatMap((r) => r.indicatorCodes))].sort();
}
