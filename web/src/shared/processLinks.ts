import type { TaskView } from './api';
import { emergencyIdOf, hazardIdOf } from '../features/hazards/hazard';
import { riskAssessmentIdOf } from '../features/risk-assessments/risk';
import { cycleIdOf, cyclePath, improvementPlanPath } from '../features/scores/scoring';

/** Processes whose decisions wait in the approval queue (`/approvals`). */
const APPROVAL_PROCESSES = new Set(['appeal', 'adjustment', 'declaration']);

/**
 * The page of the process a task belongs to (hazard, emergency, risk assessment, assessment cycle,
 * improvement plan; appeals, adjustments and declarations: the approval queue), if it has one.
 */
export function processLink(task: Pick<TaskView, 'processType' | 'workflowId'> & { form?: { context?: Record<string, unknown> | null } }): string | null {
  const source = actionSourceLink(task);
  if (source) return source;
  const hazardId = hazardIdOf(task);
  if (hazardId) return `/hazards/${hazardId}`;
  const emergencyId = emergencyIdOf(task);
  if (emergencyId) return `/emergencies/${emergencyId}`;
  const assessmentId = riskAssessmentIdOf(task);
  if (assessmentId) return `/risk-assessments/${encodeURIComponent(assessmentId)}`;
  const cycleId = cycleIdOf(task);
  if (cycleId) return cyclePath(cycleId);
  if (task.processType === 'improvement_plan' && task.workflowId.startsWith('ImprovementPlan:')) return improvementPlanPath(task.workflowId);
  const incidentId = incidentIdOf(task);
  if (incidentId) return `/incidents/${incidentId}`;
  if (task.processType === 'permit' && task.workflowId.startsWith('Permit:')) return `/permits/${task.workflowId.slice('Permit:'.length)}`;
  if (APPROVAL_PROCESSES.has(task.processType)) return '/approvals';
  return null;
}

/**
 * The incident a task belongs to: its own (`Incident:<id>`) or, for an action's task from before
 * tasks named their source, the one a corrective action of it corrects (`Action:<incident id>-a<n>`).
 */
function incidentIdOf(task: Pick<TaskView, 'processType' | 'workflowId'>): string | null {
  if (task.processType === 'incident' && task.workflowId.startsWith('Incident:')) return task.workflowId.slice('Incident:'.length);
  const action = task.processType === 'corrective_action' ? /^Action:([0-9a-f-]{36})-a\d+$/.exec(task.workflowId) : null;
  return action ? action[1] : null;
}

/** The page of the process a corrective action corrects, as its task's context names it (`sourceLink`: incident, emergency, hazard, risk assessment). */
function actionSourceLink(task: Pick<TaskView, 'processType'> & { form?: { context?: Record<string, unknown> | null } }): string | null {
  const link = task.processType === 'corrective_action' ? task.form?.context?.sourceLink : null;
  return typeof link === 'string' && /^\/[a-z-]+\/[^/]+$/.test(link) ? link : null;
}

/** The auditor's timeline of a process (`/processes/<workflow id>/history`). */
export function processHistoryPath(workflowId: string): string {
  return `/processes/${encodeURIComponent(workflowId)}/history`;
}

/** The workflow ID of a timeline path, or null for any other path under /processes. */
export function workflowIdOfHistoryPath(pathname: string): string | null {
  const m = /^\/processes\/([^/]+)\/history$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}
