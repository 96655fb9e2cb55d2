import {
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EmergencyActivities } from '../../activities/emergencies';
import type { IncidentActivities, IncidentStep, IncidentTransition } from '../../activities/incidents';
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
import { assignedNotice, runHumanTask, trackHumanTask, type HumanTaskState, type StepTask } from '../shared/human-task';
import { notify, notifyInput } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { acceptTaskCompletions, type Completed } from '../shared/task-completions';
import { StepWrites, settleOnCancellation, type CancelledWrites } from '../shared/step-writes';
import { taskId, type NewTask } from '../shared/tasks';
import type { NotificationRequest } from '../notification/messages';
import { actionVerifiedSignal, incidentStateQuery, type IncidentInput, type IncidentState, type TeamMember } from './messages';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
const inc = proxyActivities<IncidentActivities>({ startToCloseTimeout: '30 seconds', retry });
const sites = proxyActivities<Pick<EmergencyActivities, 'resolveEmergencyUnits'>>({ startToCloseTimeout: '30 seconds', retry });
/** Look-ups (ONE_STEP) run as local activities, in the workflow task that needs them. */
const lookups = proxyLocalActivities<Pick<EmergencyActivities, 'resolveEmergencyUnits'> & Pick<IncidentActivities, 'resolvePeople'>>({
  startToCloseTimeout: '30 seconds',
  retry,
});
/** A step's writes in one transaction (ONE_STEP), made by one local activity in the workflow task that took the step. */
const steps = proxyLocalActivities<Pick<IncidentActivities, 'recordIncidentStep'>>({ startToCloseTimeout: '30 seconds', retry });

/**
 * Patch marker (issue 22: one transaction per step): each step's writes — the report's record with
 * the classification task, a decision's transition and facts with the tasks it opens (their rows,
 * their candidates' notices, the SLA clocks) and the notices it owes — go in one local activity
 * (`recordIncidentStep`), one database transaction, instead of one activity per write; the
 * look-ups run as local activities, and the actions and lessons children start together.
 * Incidents started before it replay with one activity per write.
 */
const ONE_STEP = 'incident-one-step';

/** Under ONE_STEP: after a cancellation, what the step flushes in flight may have left unwritten is written before the process is marked cancelled. */
async function runIncidentWorkflow(input: IncidentInput): Promise<IncidentState> {
  return settleOnCancellation((cancelled) => incidentProcess(input, cancelled));
}

async function incidentProcess(input: IncidentInput, cancelled: CancelledWrites): Promise<IncidentState> {
  const { report, policy } = input;
  const ip = policy.incident;
  const { workflowId } = workflowInfo();
  /** Whether this execution writes each step in one local activity (ONE_STEP); asked once, before any command of its own. */
  const oneStep = patched(ONE_STEP);
  /** The writes of the step in progress (oneStep), written together by `writes.flush()`. */
  const writes = new StepWrites<Omit<IncidentStep, 'incidentId' | 'workflowId'>>(
    () => ({ reported: undefined, transitions: [], tasks: [], notifications: [] }),
    ({ reported, ...rest }) => steps.recordIncidentStep({ incidentId: report.incidentId, workflowId, ...(reported ? { reported } : {}), ...rest }),
  );
  if (oneStep) cancelled.writes = writes;
  /**
   * A timeline event's time (oneStep): the workflow's clock, but a millisecond after the previous
   * event when several are taken in one workflow task (its clock stands still), so the timeline,
   * which is sorted by time, keeps them in the order they happened.
   */
  let lastEventAt = 0;
  const eventTime = () => new Date((lastEventAt = Math.max(Date.now(), lastEventAt + 1))).toISOString();
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
    const event = { id: `${workflowId}/${stepId}`, type, actor, at: oneStep ? eventTime() : now(), data };
    if (oneStep) {
      writes.next.transitions.push({ changes, event, facts });
      return;
    }
    await inc.recordIncidentTransition({ incidentId: report.incidentId, workflowId, changes, event, facts });
  }

  /** Tells people of this incident: with the step's writes (oneStep), else at once. */
  // Returns notify's own promise (no extra await), so the caller resumes exactly as before.
  function tell(request: NotificationRequest): Promise<void> {
    if (!oneStep) return notify(policy, request);
    writes.next.notifications.push(notifyInput(policy, request));
    return Promise.resolve();
  }

  /** Waits for a step's task (`step(...)`) once the writes that open it are written (oneStep: they are in the step's buffer until then). */
  // (Before the patch: the step's own promise, no extra await, so the process resumes exactly as before.)
  function opened(c: Promise<Completed>): Promise<Completed> {
    return oneStep ? writes.flush().then(() => c) : c;
  }

  /**
   * oneStep: a decision that starts children (the actions) has its transition written after they
   * started, with the step that follows, so the step's writes wait in no buffer while the children
   * start; before the patch it is written at once.
   */
  const afterChildren: (() => Promise<void>)[] = [];
  function writeAfterChildren(write: () => Promise<void>): Promise<void> {
    if (!oneStep) return write();
    afterChildren.push(write);
    return Promise.resolve();
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
    const stepPolicy = opts.policy ?? policy;
    const stepTask = { id, processType: 'incident', candidateRole: task.candidateRole ?? null, ...task };
    /** The clock mirrored into the state; its projection columns (the regulatory report's own, or the process's). */
    const clock = (h: HumanTaskState): IncidentTransition['changes'] => {
      if (opts.regulatory) {
        s.regulatory = { dueAt: h.dueAt, reportedAt: null, escalationLevel: h.escalationLevel, breached: h.breached };
        return { regulatoryDueAt: h.dueAt, regulatoryEscalationLevel: h.escalationLevel };
      }
      s.clock = { taskId: id, dueAt: h.dueAt, escalationLevel: h.escalationLevel, breached: h.breached };
      return { dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached };
    };
    /** oneStep: the task opens with the step's writes (its row, its candidates' notice, the clock), and is run as resumed (nothing written again). */
    const view: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    if (oneStep) {
      view.dueAt = new Date(Date.now() + slaSeconds * 1000).toISOString();
      const full: NewTask = { ...stepTask, workflowId, dueAt: view.dueAt };
      writes.next.tasks.push(full);
      writes.next.notifications.push(notifyInput(stepPolicy, assignedNotice(full, view.dueAt, link)));
      writes.next.transitions.push({ changes: clock(view) });
      upsertSearchAttributes([
        { key: SA.slaDeadline, value: new Date(view.dueAt) },
        { key: SA.overdue, value: false },
      ]);
    }
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    const run = runHumanTask({
      policy: stepPolicy,
      task: stepTask,
      slaSeconds,
      done: () => completed.has(id),
      state: h,
      link,
      ...(oneStep ? { resume: { dueAt: view.dueAt, escalationLevel: 0 } } : {}),
    });
    await trackHumanTask(run, h, async (h) => {
      if (oneStep) {
        // (The clock the task opened with is in the projection already.)
        if (h.dueAt === view.dueAt && h.escalationLevel === view.escalationLevel && h.breached === view.breached) return;
        Object.assign(view, { dueAt: h.dueAt, escalationLevel: h.escalationLevel, breached: h.breached });
        writes.next.transitions.push({ changes: clock(h) });
        await writes.flush();
        return;
      }
      await inc.recordIncidentTransition({ incidentId: report.incidentId, workflowId, changes: clock(h) });
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
    if (oneStep) await writes.flush();
  }

  upsertSearchAttributes([
    { key: SA.processType, value: 'incident' },
    { key: SA.status, value: s.phase },
    { key: SA.severity, value: report.kind },
    { key: SA.orgUnit, value: report.orgUnitId },
  ]);
  // oneStep: the units are looked up first (the classification task's unit), then the report's record
  // is written with the classification task, in the start's one transaction.
  let units: Awaited<ReturnType<EmergencyActivities['resolveEmergencyUnits']>>;
  if (oneStep) {
    units = await lookups.resolveEmergencyUnits(report.orgUnitId);
    writes.next.reported = { report, receiptHash: input.receiptHash, policyVersion: input.policyVersion };
  } else {
    await inc.recordIncidentReported({ report, receiptHash: input.receiptHash, workflowId, policyVersion: input.policyVersion });
    units = await sites.resolveEmergencyUnits(report.orgUnitId);
  }
  const injured = report.injuredPeople.length > 0;
  const people = (ids: string[]) => (oneStep ? lookups.resolvePeople(ids) : inc.resolvePeople(ids));

  // ---- classification --------------------------------------------------------------------------
  const cl = await opened(
    step(
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
    ),
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
  const team = await people([k.investigationLeadPersonId, ...k.investigationMemberPersonIds]);
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
    await tell({
      dedupKey: `${workflowId}/team`,
      audience: { kind: 'users', userIds: withUsers },
      severity: reportable ? 'critical' : 'normal',
      subject: text('incident.notice.team', { title: report.title }),
      body: text('incident.notice.team_body', { lead: lead.name, members: s.members.map((m) => m.name).join(', ') || '-' }),
      link,
      source: workflowId,
    });
  // (oneStep: the classification's step writes its transition, the report clock's task, the team's notice and the investigation task together.)
  const inv = await opened(
    step(
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
    ),
  );
  const found = inv.payload as Investigation;
  setPhase(report.kind === 'incident' ? 'determining' : 'actions');
  const investigated = () =>
    transition({ status: s.phase, investigatedAt: inv.at, escalationLevel: 0, overdue: false }, 'investigated', inv.by, {
      timeline: found.timeline,
      whys: found.whys,
      fishbone: found.fishbone,
      rootCause: found.rootCause,
      summary: found.summary,
      evidenceIds: found.evidenceIds,
      actions: found.actions,
    });
  // (oneStep: an incident's investigation opens the responsibility step with it; a near miss's starts the actions.)
  if (report.kind === 'incident') await investigated();
  else await writeAfterChildren(investigated);

  // ---- responsibility (incidents; a near miss blames nobody) -----------------------------------
  if (report.kind === 'incident') {
    const r = await opened(
      step(
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
      ),
    );
    const d = r.payload as Responsibility;
    const named = await people(d.responsibilities.map((x) => x.personId));
    s.responsibilities = d.responsibilities.map((x) => ({ personId: x.personId, level: x.level }));
    const facts = d.responsibilities.flatMap((x) => {
      const who = { personId: x.personId, orgUnitId: named.find((p) => p.personId === x.personId)?.orgUnitId ?? report.orgUnitId, attribution: 'direct' };
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
    await writeAfterChildren(() =>
      transition(
        { status: 'actions', determinedAt: r.at, escalationLevel: 0, overdue: false },
        'responsibility_determined',
        r.by,
        { responsibilities: d.responsibilities.map((x) => ({ ...x, name: named.find((p) => p.personId === x.personId)?.name ?? null })), note: d.note ?? null },
        facts,
      ),
    );
  }

  // ---- corrective and preventive actions --------------------------------------------------------
  // (oneStep: the children start together.)
  const children: Promise<unknown>[] = [];
  for (const [i, a] of found.actions.entries()) {
    const n = i + 1;
    const actionId = `${report.incidentId}-a${n}`;
    const childId = correctiveActionWorkflowId(actionId);
    s.actions.push({ n, actionId, workflowId: childId, orgUnitId: a.orgUnitId, verified: false });
    const child = startChild(CorrectiveActionWorkflow, {
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
    if (oneStep) children.push(child);
    else await child;
  }
  if (oneStep) {
    await Promise.all(children);
    for (const write of afterChildren.splice(0)) await write();
  }
  if (s.actions.length) await transition({ actionsTotal: s.actions.length }, 'actions_started', 'safety hub', { actions: s.actions.map((a) => a.actionId) });
  if (oneStep) await writes.flush();
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
    if (oneStep) await writes.flush();
  }

  // ---- closure: every action verified, the authority told; lessons learned ----------------------
  await regulatory;
  setPhase('closing');
  await transition({ status: 'closing' }, 'closing', 'safety hub', {});
  const close = await opened(
    step(
      'close',
      {
        taskType: 'incident.close',
        title: text('incident.task.close', { title: report.title }),
        description: text('incident.task.close_description', { cause: found.rootCause }),
        orgUnitId: units.safety,
        priority: 'normal',
      },
      ip.sla.close,
    ),
  );
  const lessons = close.payload as { lessons: string; lessonsOrgUnitIds: string[] };
  // (oneStep: the notices start together, before the closing step's writes.)
  const notices: Promise<unknown>[] = [];
  for (const [i, orgUnitId] of lessons.lessonsOrgUnitIds.entries()) {
    const noticeId = `${report.incidentId}-lessons-${i + 1}`;
    const child = startChild(SafetyNoticeWorkflow, {
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
    if (oneStep) notices.push(child);
    else await child;
  }
  if (oneStep) await Promise.all(notices);
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
    await tell({
      dedupKey: `${workflowId}/closed`,
      audience: { kind: 'users', userIds: [report.reporterUserId] },
      severity: 'info',
      subject: text('incident.notice.closed', { title: report.title }),
      body: text('incident.notice.closed_body', { what: whatTerm, lessons: lessons.lessons }),
      link,
      source: workflowId,
    });
  if (oneStep) await writes.flush();
  return s;
}

export const IncidentWorkflow = cancellable(runIncidentWorkflow);
