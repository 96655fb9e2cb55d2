/**
 * Permit to work (特殊作业票) constants, defined once: the eight special operations of GB 30871
 * (危险化学品企业特殊作业安全规范), their levels, the permit's statuses, the gas readings a test
 * records and the certificates people hold. The workflow, the activities, the API (zod enums,
 * hence the OpenAPI document and the web's generated lists) import them from here. Pure.
 */

/** The eight special operations of GB 30871, in the standard's order. */
export const PERMIT_TYPES = [
  'hot_work', // 动火作业
  'confined_space', // 受限空间作业
  'blind_plate', // 盲板抽堵作业
  'work_at_height', // 高处作业
  'lifting', // 吊装作业
  'temporary_electricity', // 临时用电作业
  'excavation', // 动土作业
  'road_closure', // 断路作业
] as const;
export type PermitType = (typeof PERMIT_TYPES)[number];

/** The standard's names, for exports and the Chinese UI. */
export const PERMIT_TYPE_NAMES_ZH: Record<PermitType, string> = {
  hot_work: '动火作业',
  confined_space: '受限空间作业',
  blind_plate: '盲板抽堵作业',
  work_at_height: '高处作业',
  lifting: '吊装作业',
  temporary_electricity: '临时用电作业',
  excavation: '动土作业',
  road_closure: '断路作业',
};

/**
 * Every level any type has; a type's own levels are PERMIT_LEVELS_OF[type] (a type without levels
 * has the one level `standard`). Hot work: 特级 / 一级 / 二级; work at height by the height: Ⅰ 2–5 m,
 * Ⅱ 5–15 m, Ⅲ 15–30 m, Ⅳ above 30 m; lifting by the load: 一级 above 100 t, 二级 40–100 t, 三级 below 40 t.
 */
export const PERMIT_LEVELS = ['special', 'first', 'second', 'third', 'I', 'II', 'III', 'IV', 'standard'] as const;
export type PermitLevel = (typeof PERMIT_LEVELS)[number];

export const PERMIT_LEVELS_OF: Record<PermitType, readonly PermitLevel[]> = {
  hot_work: ['special', 'first', 'second'],
  confined_space: ['standard'],
  blind_plate: ['standard'],
  work_at_height: ['I', 'II', 'III', 'IV'],
  lifting: ['first', 'second', 'third'],
  temporary_electricity: ['standard'],
  excavation: ['standard'],
  road_closure: ['standard'],
};

export const PERMIT_LEVEL_NAMES_ZH: Record<PermitLevel, string> = {
  special: '特级',
  first: '一级',
  second: '二级',
  third: '三级',
  I: 'Ⅰ级',
  II: 'Ⅱ级',
  III: 'Ⅲ级',
  IV: 'Ⅳ级',
  standard: '',
};

export const isLevelOf = (type: PermitType, level: string): level is PermitLevel => (PERMIT_LEVELS_OF[type] as readonly string[]).includes(level);

/**
 * Where a permit stands. `preparing`: JSA and safety measures for the area owner to confirm;
 * `gas_testing`: waiting for a passing, fresh test; `approving`: approvals by level; `issued`:
 * valid, work not started; `working`; `paused` (a break: a long one needs a new test);
 * `suspended` (a reading out of limits, a missed re-test, a lapsed certificate or expiry: work
 * stops until a new test, or the permit is closed or renewed); `watching`: post-work watch (fire
 * watch); `restoring`: the area owner confirms the site restored; then `closed`, or `cancelled`
 * (withdrawn or refused before work).
 */
export const PERMIT_STATUSES = [
  'preparing',
  'gas_testing',
  'approving',
  'issued',
  'working',
  'paused',
  'suspended',
  'watching',
  'restoring',
  'closed',
  'cancelled',
] as const;
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

export const OPEN_PERMIT_STATUSES: readonly PermitStatus[] = PERMIT_STATUSES.filter((s) => s !== 'closed' && s !== 'cancelled');
/** Statuses in which the permit holds its area (for simultaneous-operation conflicts): from approval to the end of the watch. */
export const ACTIVE_PERMIT_STATUSES: readonly PermitStatus[] = ['approving', 'issued', 'working', 'paused', 'suspended', 'watching'];

/** Why a permit was suspended. */
export const SUSPENSION_REASONS = ['gas_out_of_limits', 'retest_missed', 'certificate_lapsed', 'validity_expired', 'manual'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

/** What a gas test measures: oxygen (% vol), flammables (% of the lower explosive limit), toxic gases (ppm). */
export const GAS_KINDS = ['o2', 'lel', 'h2s', 'co'] as const;
export type GasKind = (typeof GAS_KINDS)[number];
export const GAS_UNITS: Record<GasKind, string> = { o2: '% vol', lel: '% LEL', h2s: 'ppm', co: 'ppm' };

/**
 * Certificates people hold: the 特种作业操作证 categories a permit's crew needs (electrician,
 * welding and thermal cutting, work at height, hazardous chemicals), the 特种设备作业人员证 of crane
 * operators and riggers, and the plant's own gas-tester and confined-space training.
 */
export const CERTIFICATE_TYPES = [
  'electrician', // 电工作业
  'welding', // 焊接与热切割作业
  'height', // 高处作业
  'hazardous_chemicals', // 危险化学品安全作业
  'crane', // 起重机械作业（特种设备作业人员证）
  'rigger', // 起重机械指挥/司索
  'gas_tester', // 气体检测（企业培训）
  'confined_space', // 受限空间作业（企业培训）
] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

export const CERTIFICATE_TYPE_NAMES_ZH: Record<CertificateType, string> = {
  electrician: '电工作业',
  welding: '焊接与热切割作业',
  height: '高处作业',
  hazardous_chemicals: '危险化学品安全作业',
  crane: '起重机械作业',
  rigger: '起重机械指挥/司索',
  gas_tester: '气体检测',
  confined_space: '受限空间作业',
};

/** A crew member's part in the work. */
export const CREW_ROLES = ['operator', 'guardian', 'supervisor'] as const; // 作业人员 / 监护人 / 作业负责人
export type CrewRole = (typeof CREW_ROLES)[number];
