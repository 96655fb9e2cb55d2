/**
 * Incident (事故/事件) constants, defined once: what was reported, the 20 injury categories of
 * GB 6441 (企业职工伤亡事故分类), the consequence scale, the regulation's four levels, the
 * process's statuses and the root-cause categories. The workflow, the activities, the API (zod
 * enums, hence the OpenAPI document) and the web import them from here. Pure and deterministic.
 */

/** An incident (事故) or a near miss (未遂事件, may be reported anonymously). */
export const INCIDENT_KINDS = ['incident', 'near_miss'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** The 20 categories of GB 6441-1986, in the standard's order (the Chinese names are the standard's). */
export const INCIDENT_CATEGORIES = [
  'struck_by_object', // 物体打击
  'vehicle', // 车辆伤害
  'machinery', // 机械伤害
  'lifting', // 起重伤害
  'electric_shock', // 触电
  'drowning', // 淹溺
  'burn_scald', // 灼烫
  'fire', // 火灾
  'fall_from_height', // 高处坠落
  'collapse', // 坍塌
  'roof_fall', // 冒顶片帮
  'water_inrush', // 透水
  'blasting', // 放炮
  'explosive_explosion', // 火药爆炸
  'gas_explosion', // 瓦斯爆炸
  'boiler_explosion', // 锅炉爆炸
  'vessel_explosion', // 容器爆炸
  'other_explosion', // 其他爆炸
  'poisoning_asphyxiation', // 中毒和窒息
  'other_injury', // 其他伤害
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** GB 6441's names, for exports and the Chinese UI. */
export const INCIDENT_CATEGORY_NAMES_ZH: Record<IncidentCategory, string> = {
  struck_by_object: '物体打击',
  vehicle: '车辆伤害',
  machinery: '机械伤害',
  lifting: '起重伤害',
  electric_shock: '触电',
  drowning: '淹溺',
  burn_scald: '灼烫',
  fire: '火灾',
  fall_from_height: '高处坠落',
  collapse: '坍塌',
  roof_fall: '冒顶片帮',
  water_inrush: '透水',
  blasting: '放炮',
  explosive_explosion: '火药爆炸',
  gas_explosion: '瓦斯爆炸',
  boiler_explosion: '锅炉爆炸',
  vessel_explosion: '容器爆炸',
  other_explosion: '其他爆炸',
  poisoning_asphyxiation: '中毒和窒息',
  other_injury: '其他伤害',
};

/**
 * The worst consequence, mildest first: `none` (a near miss or damage only), first aid, medical
 * treatment (recordable), lost time (days away from work), fatality.
 */
export const INCIDENT_CONSEQUENCES = ['none', 'first_aid', 'medical_treatment', 'lost_time', 'fatality'] as const;
export type IncidentConsequence = (typeof INCIDENT_CONSEQUENCES)[number];

/** Consequences that count in the total recordable incident rate (TRIR). */
export const RECORDABLE_CONSEQUENCES = ['medical_treatment', 'lost_time', 'fatality'] as const satisfies readonly IncidentConsequence[];
/** Consequences that count in the lost-time injury frequency rate (LTIFR). */
export const LOST_TIME_CONSEQUENCES = ['lost_time', 'fatality'] as const satisfies readonly IncidentConsequence[];

/** The levels of 《生产安全事故报告和调查处理条例》: 一般 / 较大 / 重大 / 特别重大, mildest first. */
export const INCIDENT_LEVELS = ['general', 'larger', 'major', 'especially_major'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

export const INCIDENT_LEVEL_NAMES_ZH: Record<IncidentLevel, string> = { general: '一般', larger: '较大', major: '重大', especially_major: '特别重大' };

/** The steps of an incident's process, in order, then the two ends. */
export const INCIDENT_STATUSES = ['classifying', 'investigating', 'determining', 'actions', 'closing', 'closed', 'cancelled'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The statuses in which an incident's process has ended. */
export const INCIDENT_ENDED_STATUSES = ['closed', 'cancelled'] as const satisfies readonly IncidentStatus[];

/** The fishbone's categories: 人 / 机 / 料 / 法 / 环 / 管. */
export const FISHBONE_CATEGORIES = ['man', 'machine', 'material', 'method', 'environment', 'management'] as const;
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];

/** Responsibility a person bears for an incident: 直接责任 / 主要责任 / 领导责任. */
export const RESPONSIBILITY_LEVELS = ['direct', 'primary', 'leadership'] as const;
export type ResponsibilityLevel = (typeof RESPONSIBILITY_LEVELS)[number];

/** Corrective (fixes this cause) or preventive (stops it elsewhere). */
export const ACTION_KINDS = ['corrective', 'preventive'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
