import { condition, ParentClosePolicy, proxyActivities, setHandler, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { EmergencyActivities } from '../../activities/emergencies';
import type { IncidentActivities, IncidentTransition } from '../../activities/incidents';
import { term, text, when } from '../../domain/texts/text';
import type { IncidentStatus } from '../../domain/incident/constants';
import { incidentLevel, investigationSla, isReportable } from '../../domain/incident/policy';
import type { Classification, Investigation, Responsibility } from '../../domain/incident/tasks';
import type { Policy } from '../../domain/policy';
import { CorrectiveActionWorkflow } from '../corrective-action/workflow';
import { correctiveActionWorkflowId } from '../corrective-action/messages';
import { SafetyNoticeWorkflow } from '../notice/workflow';
import { noticeWorkflowId } from '../notice/messages';
import { cancellable } from '../shared/cancellation';
import { runHumanTask, trackHumanTask, type HumanTaskState, type StepTask } from '../shared/human-task';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { acceptTaskCompletions, type Completed } from '../shared/task-completions';
import { taskId } from '../shared/tasks';
import { actionVerifiedSignal, incidentStateQuery, type IncidentInput, type IncidentState, type TeamMember } from './messages';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
const inc = proxyActivities<IncidentActivities>({ startToCloseTimeout: '30 seconds', retry });
const sites = proxyActivities<Pick<EmergencyActivities, 'resolveEmergencyUnits'>>({ startToCloseTimeout: '30 seconds', retry });

async function runIncidentWorkflow(input: IncidentInput): Promise<IncidentState> {
  const { report, policy } = input;
  const ip = policy.incident;
  const { workflowId } = workflowInfo();
  const link = `/incidents/${report.incidentId}`;
  const what = report.kind === 'near_miss' ? 'near miss' : 'incident';
  const whatTerm = term(`incident.kind.${report.kind}`);
  const s: IncidentState = {
    phase: 'classifying',
    classification: null,
    lead: null,
    members: [],
    regulatory: null,
    clock: null,
    responsibilities: [],
    actions: [],
    openTasks: [],
    closedAt: null,
  };
  setHandler(incidentStateQuery, () => s);
  setHandler(actionVerifiedSignal, ({ n }) => {
    const a = s.actions.find((x) => x.n === n);
    if (a) a.verified = true;
  });
  const isLead = (username: string | null) => !!username && username === s.lead?.username;
  const completed = acceptTaskCompletions({
    workflowId,
    what,
    isOpen: (id) => s.openTasks.includes(id),
    onCompleted: (id) => (s.openTasks = s.openTasks.filter((t) => t !== id)),
    refuse: (c) =>
      c.taskId === taskId(workflowId, 'investigate') && s.lead?.username && !isLead(c.by) && !isLead(c.onBehalfOf)
        ? `only the investigation lead (${s.lead.name}) submits the investigation report`
        : null,
  });
  const now = () => new Date().toISOString();

  async function transition(
    changes: IncidentTransition['changes'],
    type: string,
    actor: string,
    data: Record<string, unknown>,
    facts: IncidentTransition['facts'] = [],
    stepId = type,
  ) {
    await inc.recordIncidentTransition({
      incidentId: report.incidentId,
      workflowId,
      changes,
      event: { id: `${workflowId}/${stepId}`, type, actor, at: now(), data },
      facts,
    });
  }
  function fact(
    kind: string,
    step: string,
    value: number | null,
    who: { personId: string | null; orgUnitId: string; attribution: string },
    data: Record<string, unknown>,
  ) {
    return {
      id: `${workflowId}/${step}`,
      kind,
      personId: who.personId,
      attribution: who.attribution,
      orgUnitId: who.orgUnitId,
      departmentHeadPersonId: null,
      sourceWorkflowId: workflowId,
      subjectId: report.incidentId,
      value,
      occurredAt: now(),
      data,
      policyVersion: input.policyVersion,
    };
  }
  function setPhase(phase: IncidentStatus) {
    s.phase = phase;
    upsertSearchAttributes([{ key: SA.status, value: phase }]);
  }

  /** One human step with its SLA and escalation ladder; its clock is mirrored into the projection (`regulatory`: the report clock's own columns). */
  async function step(
    name: string,
    task: Omit<StepTask, 'candidateRole'> & { candidateRole?: string },
    slaSeconds: number,
    opts: { regulatory?: boolean; policy?: Policy } = {},
  ): Promise<Completed> {
    const id = taskId(workflowId, name);
    s.openTasks.push(id);
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    const run = runHumanTask({
      policy: opts.policy ?? policy,
      task: { id, processType: 'incident', candidateRole: task.candidateRole ?? null, ...task },
      slaSeconds,
      done: () => completed.has(id),
      state: h,
      link,
    });
    await trackHumanTask(run, h, async (h) => {
      if (opts.regulatory) {
        s.regulatory = { dueAt: h.dueAt, reportedAt: null, escalationLevel: h.escalationLevel, breached: h.breached };
        await inc.recordIncidentTransition({
          incidentId: report.incidentId,
          workflowId,
          changes: { regulatoryDueAt: h.dueAt, regulatoryEscalationLevel: h.escalationLevel },
        });
      } else {
        s.clock = { taskId: id, dueAt: h.dueAt, escalationLevel: h.escalationLevel, breached: h.breached };
        await inc.recordIncidentTransition({
          incidentId: report.incidentId,
          workflowId,
          changes: { dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached },
        });
      }
    });
    if (!opts.regulatory) s.clock = null;
    return completed.get(id)!;
  }

  /**
   * The regulatory report clock: a critical task for the safety hub to record who told the
   * authority, when, whom and the reference; each missed interval tells the next rung of the
   * ladder (critical messages are not held for quiet hours).
   */
  async function reportToAuthority(units: { safety: string }): Promise<void> {
    const c = await step(
      'regulatory-report',
      {
        taskType: 'incident.regulatory_report',
        title: text('incident.task.regulatory_report', { title: report.title }),
        description: text('incident.task.regulatory_report_description', {
          level: term(`incident.level.${s.classification!.level ?? 'general'}`),
          location: report.location,
        }),
        orgUnitId: units.safety,
        priority: 'critical',
      },
      ip.sla.regulatoryReport,
      { regulatory: true, policy: { ...policy, escalation: { ...policy.escalation, stepAfter: ip.sla.regulatoryEscalateEvery } } },
    );
    const p = c.payload as { reportedBy: string; reportedAt: string; authority: string; reference: string; note?: string };
    const late = s.regulatory!.breached;
    s.regulatory = { ...s.regulatory!, reportedAt: p.reportedAt };
    await transition({ regulatoryReportedAt: p.reportedAt }, 'reported_to_authority', c.by, { ...p, late }, [
      fact(
        'incident.regulatory_report',
        'regulatory-report',
        late ? 0 : 1,
        { personId: null, orgUnitId: units.safety, attribution: 'none' },
        { late, authority: p.authority },
      ),
    ]);
  }

  upsertSearchAttributes([
    { key: SA.processType, value: 'incident' },
    { key: SA.status, value: s.phase },
    { key: SA.severity, value: report.kind },
    { key: SA.orgUnit, value: report.orgUnitId },
  ]);
  await inc.recordIncidentReported({ report, receiptHash: input.receiptHash, workflowId, policyVersion: input.policyVersion });
  const units = await sites.resolveEmergencyUnits(report.orgUnitId);
  const injured = report.injuredPeople.length > 0;

  // ---- classification --------------------------------------------------------------------------
  const cl = await step(
    'classify',
    {
      taskType: 'incident.classify',
      title: text('incident.task.classify', { what: whatTerm, title: report.title }),
      description: text(injured ? 'incident.task.classify_description_injured' : 'incident.task.classify_description', {
        description: report.description,
        location: report.location,
        when: when(report.occurredAt),
        ...(injured ? { injured: report.injuredPeople.map((x) => `${x.name} (${x.injury})`).join('; ') } : {}),
        actions: report.immediateActions || '-',
      }),
      orgUnitId: units.safety,
      priority: injured ? 'critical' : 'normal',
    },
    ip.sla.classify,
  );
  const k = cl.payload as Classification;
  const casualties = { deaths: k.deaths, seriousInjuries: k.seriousInjuries, directLossYuan: k.directLossYuan };
  const level = incidentLevel(ip, report.kind, casualties);
  const reportable = isReportable(ip, report.kind, casualties);
  const figures = {
    category: k.category,
    consequence: k.consequence,
    deaths: k.deaths,
    seriousInjuries: k.seriousInjuries,
    minorInjuries: k.minorInjuries,
    daysLost: k.daysLost,
    directLossYuan: k.directLossYuan,
  };
  s.classification = { ...figures, level, reportable, by: cl.by, at: cl.at };
  const team = await inc.resolvePeople([k.investigationLeadPersonId, ...k.investigationMemberPersonIds]);
  s.lead = team.find((m) => m.personId === k.investigationLeadPersonId) ?? null;
  s.members = team.filter((m) => m.personId !== k.investigationLeadPersonId);
  setPhase('investigating');
  await transition(
    {
      status: 'investigating',
      ...figures,
      level,
      reportable,
      classifiedAt: cl.at,
      investigationLeadPersonId: k.investigationLeadPersonId,
      escalationLevel: 0,
      overdue: false,
    },
    'classified',
    cl.by,
    { ...s.classification, lead: s.lead?.name ?? null, members: s.members.map((m) => m.name), note: k.note ?? null },
    [
      fact(
        'incident.classified',
        'classified',
        1,
        { personId: null, orgUnitId: report.orgUnitId, attribution: 'none' },
        { kind: report.kind, category: k.category, consequence: k.consequence, level, reportable, daysLost: k.daysLost },
      ),
    ],
  );
  upsertSearchAttributes([{ key: SA.severity, value: level ?? (report.kind === 'near_miss' ? 'near_miss' : k.consequence) }]);
  const regulatory = reportable ? reportToAuthority(units) : Promise.resolve();

  // ---- investigation ---------------------------------------------------------------------------
  const lead: TeamMember = s.lead ?? { personId: k.investigationLeadPersonId, name: '?', orgUnitId: units.safety, userId: null, username: null };
  const withUsers = [lead, ...s.members].flatMap((m) => (m.userId ? [m.userId] : []));
  if (withUsers.length)
    await notify(policy, {
      dedupKey: `${workflowId}/team`,
      audience: { kind: 'users', userIds: withUsers },
      severity: reportable ? 'critical' : 'normal',
      subject: text('incident.notice.team', { title: report.title }),
      body: text('incident.notice.team_body', { lead: lead.name, members: s.members.map((m) => m.name).join(', ') || '-' }),
      link,
      source: workflowId,
    });
  const inv = await step(
    'investigate',
    {
      taskType: 'incident.investigate',
      title: text('incident.task.investigate', { title: report.title }),
      description: text('incident.task.investigate_description', { lead: lead.name, members: s.members.map((m) => m.name).join(', ') || '-' }),
      orgUnitId: lead.orgUnitId,
      assigneeUserId: lead.userId,
      priority: reportable ? 'critical' : 'normal',
    },
    investigationSla(ip, report.kind, level),
  );
  const found = inv.payload as Investigation;
  setPhase(report.kind === 'incident' ? 'determining' : 'actions');
  await transition({ status: s.phase, investigatedAt: inv.at, escalationLevel: 0, overdue: false }, 'investigated', inv.by, {
    timeline: found.timeline,
    whys: found.whys,
    fishbone: found.fishbone,
    rootCause: found.rootCause,
    summary: found.summary,
    evidenceIds: found.evidenceIds,
    actions: found.actions,
  });

  // ---- responsibility (incidents; a near miss blames nobody) -----------------------------------
  if (report.kind === 'incident') {
    const r = await step(
      'responsibility',
      {
        taskType: 'incident.responsibility',
        title: text('incident.task.responsibility', { title: report.title }),
        description: text('incident.task.root_cause', { cause: found.rootCause }),
        orgUnitId: units.plant,
        candidateRole: 'manager',
        priority: 'normal',
      },
      ip.sla.responsibility,
    );
    const d = r.payload as Responsibility;
    const people = await inc.resolvePeople(d.responsibilities.map((x) => x.personId));
    s.responsibilities = d.responsibilities.map((x) => ({ personId: x.personId, level: x.level }));
    const facts = d.responsibilities.flatMap((x) => {
      const who = { personId: x.personId, orgUnitId: people.find((p) => p.personId === x.personId)?.orgUnitId ?? report.orgUnitId, attribution: 'direct' };
      const data = { level: x.level, incidentLevel: level, consequence: k.consequence, serious: reportable };
      return [
        fact('incident.responsibility', `responsibility-${x.personId}`, 1, who, data),
        ...(reportable ? [fact('incident.serious', `serious-${x.personId}`, null, who, data)] : []),
      ];
    });
    // A serious incident nobody is named for still counts against the unit where it happened.
    if (reportable && d.responsibilities.length === 0)
      facts.push(
        fact(
          'incident.serious',
          'serious-unit',
          null,
          { personId: null, orgUnitId: report.orgUnitId, attribution: 'department_head' },
          { incidentLevel: level },
        ),
      );
    setPhase('actions');
    await transition(
      { status: 'actions', determinedAt: r.at, escalationLevel: 0, overdue: false },
      'responsibility_determined',
      r.by,
      { responsibilities: d.responsibilities.map((x) => ({ ...x, name: people.find((p) => p.personId === x.personId)?.name ?? null })), note: d.note ?? null },
      facts,
    );
  }

  // ---- corrective and preventive actions --------------------------------------------------------
  for (const [i, a] of found.actions.entries()) {
    const n = i + 1;
    const actionId = `${report.incidentId}-a${n}`;
    const childId = correctiveActionWorkflowId(actionId);
    s.actions.push({ n, actionId, workflowId: childId, orgUnitId: a.orgUnitId, verified: false });
    await startChild(CorrectiveActionWorkflow, {
      workflowId: childId,
      args: [
        {
          actionId,
          n,
          source: { type: 'incident', id: report.incidentId, workflowId, title: report.title, link },
          kind: a.kind,
          description: a.description,
          orgUnitId: a.orgUnitId,
          verifierOrgUnitId: units.safety,
          dueAt: a.dueAt,
          policy,
          policyVersion: input.policyVersion,
        },
      ],
      // An action's re-checks run for months after the incident closed.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }
  if (s.actions.length) await transition({ actionsTotal: s.actions.length }, 'actions_started', 'safety hub', { actions: s.actions.map((a) => a.actionId) });
  let verified = 0;
  while (verified < s.actions.length) {
    await condition(() => s.actions.filter((a) => a.verified).length > verified);
    verified = s.actions.filter((a) => a.verified).length;
    await transition(
      { actionsVerified: verified },
      'actions_verified',
      'safety hub',
      { verified, total: s.actions.length },
      [],
      `actions-verified-${verified}`,
    );
  }

  // ---- closure: every action verified, the authority told; lessons learned ----------------------
  await regulatory;
  setPhase('closing');
  await transition({ status: 'closing' }, 'closing', 'safety hub', {});
  const close = await step(
    'close',
    {
      taskType: 'incident.close',
      title: text('incident.task.close', { title: report.title }),
      description: text('incident.task.close_description', { cause: found.rootCause }),
      orgUnitId: units.safety,
      priority: 'normal',
    },
    ip.sla.close,
  );
  const lessons = close.payload as { lessons: string; lessonsOrgUnitIds: string[] };
  for (const [i, orgUnitId] of lessons.lessonsOrgUnitIds.entries()) {
    const noticeId = `${report.incidentId}-lessons-${i + 1}`;
    await startChild(SafetyNoticeWorkflow, {
      workflowId: noticeWorkflowId(noticeId),
      args: [
        {
          noticeId,
          title: text('notice.lessons', { title: report.title }),
          body: lessons.lessons,
          orgUnitId,
          severity: 'normal',
          issuedBy: close.by,
          policy,
          policyVersion: input.policyVersion,
        },
      ],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }
  s.closedAt = close.at;
  const seconds = (Date.parse(close.at) - Date.parse(report.reportedAt)) / 1000;
  await transition(
    { status: 'closed', closedAt: close.at, dueAt: null, overdue: false, escalationLevel: 0 },
    'closed',
    close.by,
    { lessons: lessons.lessons, lessonsOrgUnitIds: lessons.lessonsOrgUnitIds, seconds },
    [fact('incident.closed', 'closed', seconds, { personId: null, orgUnitId: report.orgUnitId, attribution: 'none' }, { kind: report.kind, seconds })],
  );
  setPhase('closed');
  if (report.reporterUserId && !report.anonymous)
    await notify(policy, {
      dedupKey: `${workflowId}/closed`,
      audience: { kind: 'users', userIds: [report.reporterUserId] },
      severity: 'info',
      subject: text('incident.notice.closed', { title: report.title }),
      body: text('incident.notice.closed_body', { what: whatTerm, lessons: lessons.lessons }),
      link,
      source: workflowId,
    });
  return s;
}

export const IncidentWorkflow = cancellable(runIncidentWorkflow);
