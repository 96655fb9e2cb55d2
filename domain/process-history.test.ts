import { mergeTimeline, renderAudit, renderProcessEvents, type HistoryEventLite } from './process-history';

const ctx = { taskTitles: new Map([['t1', 'Grade hazard: oil']]), unitNames: new Map([['u-safety', 'Safety Department']]) };
const ev = (id: number, at: string, type: string, attrs: Record<string, unknown>): HistoryEventLite => ({ id, at: `2026-11-21T08:00:${at}.000Z`, type, attrs });

describe('process history', () => {
  const events = [
    ev(1, '00', 'WORKFLOW_EXECUTION_STARTED', { workflowType: 'HazardWorkflow', input: [{ report: { reporterUsername: 'employee' }, policyVersion: 4 }] }),
    ev(5, '01', 'ACTIVITY_TASK_SCHEDULED', { activityType: 'createTask', input: [{ id: 't1', title: 'Grade hazard: oil', orgUnitId: 'u-safety', candidateRole: 'safety_officer', dueAt: '2026-11-21T08:00:03.000Z' }] }),
    ev(6, '01', 'ACTIVITY_TASK_STARTED', { scheduledEventId: 5, attempt: 3 }),
    ev(7, '01', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 5 }),
    ev(8, '01', 'TIMER_STARTED', { timerId: '1', startToFireTimeoutMs: 2000 }),
    ev(9, '03', 'TIMER_FIRED', { timerId: '1' }),
    ev(10, '03', 'ACTIVITY_TASK_SCHEDULED', { activityType: 'recordEscalation', input: [{ taskId: 't1', level: 1, step: 'department_head' }] }),
    ev(11, '03', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 10 }),
    ev(12, '04', 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', { name: 'completeTask', args: [{ taskId: 't1', by: 'safety', onBehalfOf: null, payload: {} }] }),
    ev(13, '04', 'ACTIVITY_TASK_SCHEDULED', { activityType: 'recordHazardTransition', input: [{ changes: { status: 'acknowledging' }, event: { type: 'graded', actor: 'safety', data: {} }, facts: [{}] }] }),
    ev(14, '04', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 13 }),
    ev(15, '05', 'ACTIVITY_TASK_SCHEDULED', { activityType: 'resolveAudience', input: [{}] }),
    ev(16, '05', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 15 }),
    ev(17, '06', 'WORKFLOW_EXECUTION_COMPLETED', {}),
  ];

  it('tells what the workflow did in business words, with actors, retries and the SLA that fired', () => {
    const out = renderProcessEvents(events, ctx);
    expect(out.map((e) => [e.kind, e.actor, e.text])).toEqual([
      ['started', 'employee', 'Process started (HazardWorkflow) under policy v4'],
      ['task.handed', 'process', 'Task "Grade hazard: oil" handed to Safety Department (safety_officer), due 2026-11-21T08:00:03.000Z (after 3 attempts)'],
      ['sla.fired', 'process', 'SLA deadline of "Grade hazard: oil" passed (2 s after it was set)'],
      ['escalated', 'process', 'SLA breached on "Grade hazard: oil": escalation level 1 → department_head'],
      ['decision', 'safety', 'Completed "Grade hazard: oil"'],
      ['status', 'safety', 'Graded — status acknowledging (1 scoring fact recorded)'],
      ['completed', 'process', 'Process completed'],
    ]);
  });

  it('merges the audit log by time, leaving out what the workflow wrote itself', () => {
    const audit = renderAudit(
      [
        { seq: 1, at: '2026-11-21T08:00:02.000Z', actorType: 'user', actor: 'admin', onBehalfOf: null, action: 'task.delegated', entityType: 'task', entityId: 't1', after: { assignee: 'safety' } },
        { seq: 2, at: '2026-11-21T08:00:02.500Z', actorType: 'workflow', actor: 'Hazard:1', onBehalfOf: null, action: 'task.created', entityType: 'task', entityId: 't1', after: null },
      ],
      ctx,
    );
    expect(audit.map((a) => a.text)).toEqual(['Task delegated: "Grade hazard: oil" → safety']);
    const merged = mergeTimeline(renderProcessEvents(events, ctx), audit);
    expect(merged.map((e) => e.kind).slice(0, 4)).toEqual(['started', 'task.handed', 'task.delegated', 'sla.fired']);
  });
});
