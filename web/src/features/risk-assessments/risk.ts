import type { MeasureStatus, RiskAssessmentStatus, RiskChange, RiskLevel, TaskView } from '../../shared/api';

/** Joint risk assessment helpers of the UI: colours, steps, links. */

export const RISK_STATUS_COLORS: Record<RiskAssessmentStatus, string> = {
  inputs: 'purple',
  compiling: 'geekblue',
  proposing: 'blue',
  planning: 'cyan',
  executing: 'orange',
  verifying: 'gold',
  closed: 'green',
};

/** The steps of the header, one per phase in order. */
export const RISK_STEPS: RiskAssessmentStatus[] = ['inputs', 'compiling', 'proposing', 'planning', 'executing', 'verifying', 'closed'];

export const MEASURE_STATUS_COLORS: Record<MeasureStatus, string> = { planned: 'default', done: 'blue', passed: 'green', failed: 'red' };

export const CHANGE_COLORS: Record<RiskChange, string> = { new: 'blue', raised: 'red', lowered: 'green', removed: 'default', unchanged: 'default' };

/** Heat-map cell backgrounds by level: light when empty, strong when risks sit in the cell. */
export const HEAT_COLORS: Record<RiskLevel, { empty: string; filled: string; text: string }> = {
  low: { empty: '#f6ffed', filled: '#73d13d', text: '#135200' },
  medium: { empty: '#fffbe6', filled: '#fadb14', text: '#614700' },
  high: { empty: '#fff7e6', filled: '#fa8c16', text: '#fff' },
  extreme: { empty: '#fff1f0', filled: '#f5222d', text: '#fff' },
};

/** Where a register item's risk comes from (free text on the API; these are the form's choices). */
export const RISK_SOURCES = ['process', 'equipment', 'people', 'environment', 'management', 'other'] as const;

/** The assessment a task belongs to (its workflow is `RiskAssessment:<id>`, or a measure's `RiskAssessment:<id>/measure-<n>`), for a link to its page. */
export function riskAssessmentIdOf(task: Pick<TaskView, 'processType' | 'workflowId'>): string | null {
  return task.processType === 'risk_assessment' && task.workflowId.startsWith('RiskAssessment:')
    ? task.workflowId.slice('RiskAssessment:'.length).replace(/\/measure-\d+$/, '')
    : null;
}
