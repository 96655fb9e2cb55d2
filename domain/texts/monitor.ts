import { CADENCES } from '../assessment-cycle/period';
import { EMERGENCY_TYPES } from '../emergency/rules';
import { PERMIT_TYPES, PERMIT_TYPE_NAMES_ZH } from '../permit/constants';
import { defineTexts } from './define';
import { termTexts } from './terms';

/** What the process monitor says a process is about (from its projection), and the names it uses. */
export const monitorTexts = defineTexts(
  {
    'monitor.emergency': '{{type}} at {{location}}',
    'monitor.drill': 'Drill: {{type}} at {{location}}',
    'monitor.cycle': 'Assessment cycle {{period}} ({{cadence}})',
    'monitor.declaration': 'Declaration: {{title}}',
    'monitor.appeal': 'Appeal (level {{level}}) against {{line}} in {{cycle}}',
    'monitor.permit': 'Permit {{number}} ({{type}}): {{work}}',
    'monitor.incident': 'Incident: {{title}}',
    'monitor.near_miss': 'Near miss: {{title}}',
    'monitor.corrective': 'Corrective action {{n}} ({{source}}): {{description}}',
    'monitor.preventive': 'Preventive action {{n}} ({{source}}): {{description}}',
    'monitor.adjustment': 'Adjustment {{delta}} of a {{subject}} score in {{cycle}}',
  },
  {
    'monitor.emergency': '{{location}} {{type}}',
    'monitor.drill': '演练：{{location}} {{type}}',
    'monitor.cycle': '考核周期 {{period}}（{{cadence}}）',
    'monitor.declaration': '申报：{{title}}',
    'monitor.appeal': '申诉（第 {{level}} 级）：{{cycle}} 中的 {{line}}',
    'monitor.permit': '作业票 {{number}}（{{type}}）：{{work}}',
    'monitor.incident': '事故：{{title}}',
    'monitor.near_miss': '未遂事件：{{title}}',
    'monitor.corrective': '纠正措施 {{n}}（{{source}}）：{{description}}',
    'monitor.preventive': '预防措施 {{n}}（{{source}}）：{{description}}',
    'monitor.adjustment': '{{cycle}} 中{{subject}}得分调整 {{delta}}',
  },
);

export const emergencyTypeTexts = termTexts(
  'emergency.type',
  EMERGENCY_TYPES,
  { gas_leak: 'gas leak', fire: 'fire', chemical_spill: 'chemical spill', injury: 'injury', power_failure: 'power failure', other: 'emergency' },
  { gas_leak: '气体泄漏', fire: '火灾', chemical_spill: '化学品泄漏', injury: '人员受伤', power_failure: '停电', other: '突发事件' },
);

export const cadenceTexts = termTexts(
  'cadence',
  CADENCES,
  { weekly: 'weekly', monthly: 'monthly', quarterly: 'quarterly' },
  { weekly: '周度', monthly: '月度', quarterly: '季度' },
);

export const permitTypeTexts = termTexts(
  'permit.type',
  PERMIT_TYPES,
  {
    hot_work: 'hot work',
    confined_space: 'confined space',
    blind_plate: 'blind plate',
    work_at_height: 'work at height',
    lifting: 'lifting',
    temporary_electricity: 'temporary electricity',
    excavation: 'excavation',
    road_closure: 'road closure',
  },
  PERMIT_TYPE_NAMES_ZH,
);

export const sourceTexts = termTexts(
  'source',
  ['incident', 'emergency', 'hazard', 'risk_assessment', 'person', 'post', 'department', 'company'] as const,
  {
    incident: 'incident',
    emergency: 'emergency',
    hazard: 'hazard',
    risk_assessment: 'risk assessment',
    person: 'person',
    post: 'post',
    department: 'department',
    company: 'company',
  },
  { incident: '事故', emergency: '突发事件', hazard: '隐患', risk_assessment: '风险评估', person: '个人', post: '岗位', department: '部门', company: '公司' },
);
