import { mergeTimeline, renderAudit, renderProcessEvents, type HistoryEventLite } from './process-history';

const ctx = { taskTitles: new Map([['t1', 'Grade hazard: oil']]), unitNames: new Map([['u-safety', 'Safety Department']]) };
const ev = (id: number, at: string, type: string, attrs: Record<string, unknown>): HistoryEventLite => ({ id, at: `2026-11-21T08:00:${at}.000Z`, type, attrs });

describe('process history', () => {
  const events = [
    ev(1, '00', 'WORKFLOW_EXECUTION_STARTED', { workflowType: 'HazardWorkflow', input: [{ report: { reporterUsername: 'employee' }, policyVersion: 4 }] }),
    ev(5, '01', 'ACTIVITY_TASK_SCHEDULED', {
      activityType: 'createTask',
      input: [{ id: 't1', title: 'Grade hazard: oil', orgUnitId: 'u-safety', candidateRole: 'safety_officer', dueAt: '2026-11-21T08:00:03.000Z' }],
    }),
    ev(6, '01', 'ACTIVITY_TASK_STARTED', { scheduledEventId: 5, attempt: 3 }),
    ev(7, '01', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 5 }),
    ev(8, '01', 'TIMER_STARTED', { timerId: '1', startToFireTimeoutMs: 2000 }),
    ev(9, '03', 'TIMER_FIRED', { timerId: '1' }),
    ev(10, '03', 'ACTIVITY_TASK_SCHEDULED', { activityType: 'recordEscalation', input: [{ taskId: 't1', level: 1, step: 'department_head' }] }),
    ev(11, '03', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 10 }),
    ev(12, '04', 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', { name: 'completeTask', args: [{ taskId: 't1', by: 'safety', onBehalfOf: null, payload: {} }] }),
    ev(13, '04', 'ACTIVITY_TASK_SCHEDULED', {
      activityType: 'recordHazardTransition',
      input: [{ changes: { status: 'acknowledging' }, event: { type: 'graded', actor: 'safety', data: {} }, facts: [{}] }],
    }),
    ev(14, '04', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 13 }),
    ev(15, '05', 'ACTIVITY_TASK_SCHEDULED', { activityType: 'resolveAudience', input: [{}] }),
    ev(16, '05', 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 15 }),
    ev(17, '06', 'WORKFLOW_EXECUTION_COMPLETED', {}),
  ];

  it('tells what the workflow did in business words, with actors, retries and the SLA that fired', () => {
    const out = renderProcessEvents(events, ctx);
    expect(out.map((e) => [e.kind, e.actor, e.text])).toEqual([
      ['started', 'employee', 'Process started by employee (HazardWorkflow) under policy v4'],
      ['task.handed', 'process', 'Task "Grade hazard: oil" handed to Safety Department (safety_officer), due 21 Nov 2026, 16:00 (after 3 attempts)'],
      ['sla.fired', 'process', 'SLA of "Grade hazard: oil" passed: it was due 21 Nov 2026, 16:00, 2 seconds after it was handed out'],
      ['escalated', 'process', 'SLA breached on "Grade hazard: oil": escalation level 1 → department_head'],
      ['decision', 'safety', 'Completed "Grade hazard: oil"'],
      ['status', 'safety', 'Graded — status acknowledging (1 scoring fact recorded)'],
      ['completed', 'process', 'Process completed'],
    ]);
  });

  it('speaks the reader’s language: Chinese sentences, names of statuses, roles and processes, times on Shanghai’s clock, durations in words, people by name', () => {
    const zh = renderProcessEvents(events, { ...ctx, language: 'zh-CN', people: new Map([['employee', '刘操作工']]) });
    expect(zh.map((e) => e.text)).toEqual([
      '流程由刘操作工启动（隐患流程），依据策略第 4 版',
      '任务“Grade hazard: oil”已下达给Safety Department（角色：安全员），截止 2026/11/21 16:00（尝试 3 次后）',
      '“Grade hazard: oil”已超过时限：应于 2026/11/21 16:00 完成，下达后 2秒',
      '“Grade hazard: oil”已超时：升级至第 1 级 → 部门负责人',
      '完成“Grade hazard: oil”',
      '已评级 — 状态：待接收（记录 1 条考核事实）',
      '流程已完成',
    ]);
    expect(zh[0].actor).toBe('employee');
  });

  it('merges the audit log by time, leaving out what the workflow wrote itself', () => {
    const audit = renderAudit(
      [
        {
          seq: 1,
          at: '2026-11-21T08:00:02.000Z',
          actorType: 'user',
          actor: 'admin',
          onBehalfOf: null,
          action: 'task.delegated',
          entityType: 'task',
          entityId: 't1',
          after: { assignee: 'safety' },
        },
        {
          seq: 2,
          at: '2026-11-21T08:00:02.500Z',
          actorType: 'workflow',
          actor: 'Hazard:1',
          onBehalfOf: null,
          action: 'task.created',
          entityType: 'task',
          entityId: 't1',
          after: null,
        },
      ],
      ctx,
    );
    expect(audit.map((a) => a.text)).toEqual(['Task delegated: "Grade hazard: oil" → safety']);
    const merged = mergeTimeline(renderProcessEvents(events, ctx), audit);
    expect(merged.map((e) => e.kind).slice(0, 4)).toEqual(['started', 'task.handed', 'task.delegated', 'sla.fired']);
  });

  describe('who started a process', () => {
    const started = (attrs: Record<string, unknown>) =>
      renderProcessEvents([ev(1, '00', 'WORKFLOW_EXECUTION_STARTED', { workflowType: 'SafetyNoticeWorkflow', ...attrs })], ctx)[0];

    it('names the safety officer who issued a notice (issuedBy in the input), not "system"', () => {
      const e = started({
        input: [{ noticeId: 'n1', title: 'Wear goggles', issuedBy: 'safety', policyVersion: 2, policy: { sla: { noticeAcknowledge: 20 } } }],
      });
      expect([e.kind, e.actor, e.text, e.data.startedVia]).toEqual([
        'started',
        'safety',
        'Process started by safety (SafetyNoticeWorkflow) under policy v2',
        'input',
      ]);
    });

    it('prefers a startedBy memo, then the input, then a schedule or the parent process', () => {
      expect(started({ input: [{ issuedBy: 'safety' }], memo: { startedBy: 'admin' } }).actor).toBe('admin');
      expect(started({ input: [{ request: { startedBy: 'hr' } }] }).actor).toBe('hr');
      expect(started({ input: [{}], scheduleId: 'risk-monthly' }).text).toBe('Process started by the schedule risk-monthly (SafetyNoticeWorkflow)');
      const child = started({ input: [{ personId: 'p1' }], parentWorkflowId: 'AssessmentCycle:c1' });
      expect([child.actor, child.text]).toEqual(['AssessmentCycle:c1', 'Process started by the process AssessmentCycle:c1 (SafetyNoticeWorkflow)']);
      expect(started({ input: [{}] }).actor).toBe('system');
    });
  });

  describe('which SLA passed', () => {
    // The workflow's clock is the start of each workflow task; a 20 s SLA with a reminder 10 s before it.
    const at = (s: number) => new Date(Date.UTC(2026, 10, 21, 8, 0, 0) + s * 1000).toISOString();
    const notice = [
      {
        id: 1,
        at: at(0),
        type: 'WORKFLOW_EXECUTION_STARTED',
        attrs: { workflowType: 'SafetyNoticeWorkflow', input: [{ issuedBy: 'safety', policy: { sla: { noticeAcknowledge: 20 } }, policyVersion: 3 }] },
      },
      { id: 3, at: at(0), type: 'WORKFLOW_TASK_STARTED', attrs: {} },
      {
        id: 5,
        at: at(0.3),
        type: 'ACTIVITY_TASK_SCHEDULED',
        attrs: {
          activityType: 'createTask',
          input: [{ id: 't1', taskType: 'notice.acknowledge', title: 'Wear goggles', orgUnitId: 'u-safety', dueAt: at(20) }],
        },
      },
      { id: 7, at: at(0.5), type: 'ACTIVITY_TASK_COMPLETED', attrs: { scheduledEventId: 5 } },
      { id: 9, at: at(0.6), type: 'WORKFLOW_TASK_STARTED', attrs: {} },
      { id: 11, at: at(0.7), type: 'TIMER_STARTED', attrs: { timerId: '1', startToFireTimeoutMs: 9400 } },
      { id: 12, at: at(10), type: 'TIMER_FIRED', attrs: { timerId: '1' } },
      { id: 14, at: at(10.2), type: 'WORKFLOW_TASK_STARTED', attrs: {} },
      { id: 16, at: at(10.4), type: 'TIMER_STARTED', attrs: { timerId: '2', startToFireTimeoutMs: 9800 } },
      { id: 17, at: at(20.1), type: 'TIMER_FIRED', attrs: { timerId: '2' } },
    ];

    it('says the 20 s policy SLA and the due time, not the 10 s timer that followed the reminder', () => {
      const out = renderProcessEvents(notice, ctx).filter((e) => e.kind === 'sla.fired' || e.kind === 'timer.fired');
      expect(out.map((e) => [e.kind, e.text])).toEqual([
        ['timer.fired', 'Timer of 9 seconds fired (reminder, escalation step or waiting period)'],
        [
          'sla.fired',
          'SLA of "Wear goggles" passed: it was due 21 Nov 2026, 16:00, 20 seconds after it was handed out; policy SLA noticeAcknowledge 20 seconds',
        ],
      ]);
      expect(out[1].data).toEqual({ taskId: 't1', dueAt: at(20), slaSeconds: 20, policyKey: 'noticeAcknowledge', policySeconds: 20 });
    });

    it('names each task of a round whose tasks share a due time once, leaving out one completed in time', () => {
      const round = [
        ...notice.slice(0, 2),
        {
          id: 5,
          at: at(0.3),
          type: 'ACTIVITY_TASK_SCHEDULED',
          attrs: { activityType: 'createTask', input: [{ id: 'a', taskType: 'risk.input', title: 'Input A', dueAt: at(20) }] },
        },
        {
          id: 6,
          at: at(0.3),
          type: 'ACTIVITY_TASK_SCHEDULED',
          attrs: { activityType: 'createTask', input: [{ id: 'b', taskType: 'risk.input', title: 'Input B', dueAt: at(20) }] },
        },
        {
          id: 7,
          at: at(0.3),
          type: 'ACTIVITY_TASK_SCHEDULED',
          attrs: { activityType: 'createTask', input: [{ id: 'c', taskType: 'risk.input', title: 'Input C', dueAt: at(20) }] },
        },
        ...[5, 6, 7].map((s, i) => ({ id: 8 + i, at: at(0.5), type: 'ACTIVITY_TASK_COMPLETED', attrs: { scheduledEventId: s } })),
        { id: 12, at: at(0.6), type: 'WORKFLOW_TASK_STARTED', attrs: {} },
        ...['1', '2', '3'].map((timerId, i) => ({ id: 13 + i, at: at(0.7), type: 'TIMER_STARTED', attrs: { timerId, startToFireTimeoutMs: 19400 } })),
        {
          id: 16,
          at: at(5),
          type: 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
          attrs: { name: 'completeTask', args: [{ taskId: 'b', by: 'head.production', payload: {} }] },
        },
        { id: 17, at: at(20), type: 'TIMER_FIRED', attrs: { timerId: '1' } },
        { id: 18, at: at(20), type: 'TIMER_FIRED', attrs: { timerId: '3' } },
      ].map((e) =>
        e.type === 'WORKFLOW_EXECUTION_STARTED' ? { ...e, attrs: { ...e.attrs, input: [{ issuedBy: 'safety', policy: { sla: { riskInput: 20 } } }] } } : e,
      );
      const breaches = renderProcessEvents(round, ctx).filter((e) => e.kind === 'sla.fired');
      expect(breaches.map((e) => e.data.taskId).sort()).toEqual(['a', 'c']);
      expect(breaches[0].text).toMatch(/20 seconds after it was handed out; policy SLA riskInput 20 seconds$/);
    });

    it('does not take a reminder that fires within seconds of the deadline for the SLA', () => {
      const close = notice.map((e) => (e.id === 11 ? { ...e, attrs: { timerId: '1', startToFireTimeoutMs: 17400 } } : e.id === 12 ? { ...e, at: at(18) } : e));
      expect(renderProcessEvents(close, ctx).filter((e) => e.kind === 'sla.fired')).toHaveLength(1);
    });
  });

  it('says when a step failed for good instead of being retried', () => {
    const out = renderProcessEvents(
      [
        ev(5, '01', 'ACTIVITY_TASK_SCHEDULED', { activityType: 'recordTaskCompletion', input: [{ taskId: 't1' }] }),
        ev(6, '02', 'ACTIVITY_TASK_FAILED', {
          scheduledEventId: 5,
          message: 'task t1 of Notice:1 not found',
          nonRetryable: true,
          retryState: 'NON_RETRYABLE_FAILURE',
        }),
      ],
      ctx,
    );
    expect(out.map((e) => e.text)).toEqual(['Step "record task completion" failed for good (not retried): task t1 of Notice:1 not found']);
  });
});
