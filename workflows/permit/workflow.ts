import { condition, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { EmergencyActivities } from '../../activities/emergencies';
import type { PermitActivities, PermitStep, PermitTransition } from '../../activities/permits';
import type { PermitStatus, SuspensionReason } from '../../domain/permit/constants';
import { approvalRefusal, approversFor, isGasTestFresh, judgeGasTest, needsGasTest, validUntil } from '../../domain/permit/rules';
import type { ApproverRole } from '../../domain/permit/policy';
import { lines, term, text, when, type Text } from '../../domain/texts/text';
import { SHORT } from '../shared/activity-options';
import { assignedNotice, runHumanTask, trackHumanTask, type HumanTaskState, type StepTask } from '../shared/human-task';
import { notify, notifyInput } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { acceptTaskCompletions, type Completed } from '../shared/task-completions';
import { StepWrites, settleOnCancellation, type CancelledWrites } from '../shared/step-writes';
import { taskId, type NewTask } from '../shared/tasks';
import type { NotificationRequest } from '../notification/messages';
import {
  certificateLapsedSignal,
  permitStateQuery,
  recordGasTestUpdate,
  workActionUpdate,
  type GasTestResult,
  type PermitInput,
  type PermitState,
  type WorkActionInput,
} from './messages';

const act = proxyActivities<PermitActivities>(SHORT);
const sites = proxyActivities<Pick<EmergencyActivities, 'resolveEmergencyUnits'>>(SHORT);
/** Look-ups (ONE_STEP) run as local activities, in the workflow task that needs them. */
const lookups = proxyLocalActivities<Pick<EmergencyActivities, 'resolveEmergencyUnits'> & Pick<PermitActivities, 'permitCrewUserIds'>>(SHORT);
/** A step's writes in one transaction (ONE_STEP), made by one local activity in the workflow task that took the step. */
const steps = proxyLocalActivities<Pick<PermitActivities, 'recordPermitStep'>>(SHORT);

/**
 * Patch marker (issue 22: one transaction per step): each step's writes — the request's record
 * with the measures task, a decision's transition with the task it opens (its row, its
 * candidates' notice, the clock), a gas test with what it changes, a suspension with its notices —
 * go in one local activity (`recordPermitStep`), one database transaction, instead of one
 * activity per write; the look-ups run as local activities. Permits started before it replay
 * with one activity per write.
 */
const ONE_STEP = 'permit-one-step';

/** Statuses in which a gas test changes nothing any more. */
const AFTER_WORK: readonly PermitStatus[] = ['watching', 'restoring', 'closed', 'cancelled'];
/** Suspensions a new passing gas test lifts (the permit goes to `paused`: the supervisor resumes). */
const LIFTED_BY_TEST: readonly SuspensionReason[] = ['gas_out_of_limits', 'retest_missed'];

/**
 * One permit to work (特殊作业票), ID `Permit:<id>`: the area owner confirms the JSA and measures,
 * a passing gas test (where the type needs one), approvals by level, issue with its validity, then
 * the work under live clocks — validity expiry, periodic re-tests, a re-test after a long pause, a
 * reading out of limits or a crew member's lapsed certificate suspend it at once — completion, the
 * post-work watch (fire watch) and the area owner's confirmation that the site is restored.
 */
export async function PermitWorkflow(input: PermitInput): Promise<PermitState> {
  return settleOnCancellation((cancelled) => permitProcess(input, cancelled));
}

async function permitProcess(input: PermitInput, cancelled: CancelledWrites): Promise<PermitState> {
  const { request: r, policy } = input;
  const pp = policy.permit;
  const { workflowId } = workflowInfo();
  /** Whether this execution writes each step in one local activity (ONE_STEP); asked once, before any command of its own. */
  const oneStep = patched(ONE_STEP);
  /** The writes of the step in progress (oneStep), written together by `writes.flush()`. */
  const writes = new StepWrites<Omit<PermitStep, 'permitId' | 'workflowId'>>(
    () => ({ requested: undefined, gasTest: undefined, transitions: [], tasks: [], notifications: [] }),
    ({ requested, gasTest, ...rest }) =>
      steps.recordPermitStep({ permitId: r.permitId, workflowId, ...(requested ? { requested } : {}), ...(gasTest ? { gasTest } : {}), ...rest }),
  );
  if (oneStep) cancelled.writes = writes;
  /** A timeline event's time (oneStep): the workflow's clock, a millisecond after the previous event taken in the same workflow task. */
  let lastEventAt = 0;
  const eventTime = () => new Date((lastEventAt = Math.max(Date.now(), lastEventAt + 1))).toISOString();
  const link = `/permits/${r.permitId}`;
  const typeName = text('permit.name', { type: term(`permit.type.${r.type}`), number: r.number });
  const place = { work: r.workContent, area: r.areaName, from: when(r.windowFrom), to: when(r.windowTo) };
  const gasTested = needsGasTest(pp, r.type);
  const s = {
    status: 'preparing' as PermitStatus,
    suspensionReason: null as SuspensionReason | null,
    validUntil: null as string | null,
    /** When the last passing test was taken (ms), and the last test of any verdict. */
    lastPass: null as number | null,
    pausedAt: null as number | null,
    openTasks: [] as string[],
    tests: new Map<string, GasTestResult>(),
    /** Bumped at every change the main loop must look at again. */
    version: 0,
    breached: false,
    workedOnStaleTest: false,
    suspensions: [] as SuspensionReason[],
  };
  const state = (): PermitState => ({
    status: s.status,
    suspensionReason: s.suspensionReason,
    validUntil: s.validUntil,
    lastGasTestAt: s.lastPass === null ? null : new Date(s.lastPass).toISOString(),
    nextClock: nextClock(),
  });
  const now = () => new Date().toISOString();
  const crewUsernames = r.crew.flatMap((c) => (c.username ? [c.username] : []));

  /** The clock that falls next while the permit is issued or worked: its validity, or the next periodic re-test. */
  function nextClock(): { kind: string; at: string } | null {
    if (!['issued', 'working', 'paused'].includes(s.status) || !s.validUntil) return null;
    const clocks: { kind: string; at: number }[] = [{ kind: 'validity', at: Date.parse(s.validUntil) }];
    const every = pp.gas.retestEvery[r.type];
    if (s.status === 'working' && every && s.lastPass !== null) clocks.push({ kind: 'retest', at: s.lastPass + every * 1000 });
    const first = clocks.sort((a, b) => a.at - b.at)[0];
    return { kind: first.kind, at: new Date(first.at).toISOString() };
  }

  /** The monitor reads the next clock as the process's deadline. */
  function deadlineAttribute(clock: { at: string } | null) {
    if (clock) upsertSearchAttributes([{ key: SA.slaDeadline, value: new Date(clock.at) }]);
  }

  async function transition(
    changes: PermitTransition['changes'],
    type: string,
    actor: string,
    data: Record<string, unknown>,
    stepId = type,
    facts: PermitTransition['facts'] = [],
  ) {
    const clock = nextClock();
    deadlineAttribute(clock);
    const t = {
      changes: { ...changes, nextClockAt: clock?.at ?? null, nextClock: clock?.kind ?? null },
      event: { id: `${workflowId}/${stepId}`, type, actor, at: oneStep ? eventTime() : now(), data },
      facts,
    };
    if (oneStep) {
      writes.next.transitions.push(t);
      return;
    }
    await act.recordPermitTransition({ permitId: r.permitId, workflowId, ...t });
  }

  /** Tells people of this permit: with the step's writes (oneStep), else at once. */
  // Returns notify's own promise (no extra await), so the caller resumes exactly as before.
  function tell(request: NotificationRequest): Promise<void> {
    if (!oneStep) return notify(policy, request);
    writes.next.notifications.push(notifyInput(policy, request));
    return Promise.resolve();
  }

  /** Waits for a step's task (`step(...)`) once the writes that open it are written (before the patch: the step's own promise). */
  function opened(c: Promise<Completed>): Promise<Completed> {
    return oneStep ? writes.flush().then(() => c) : c;
  }
  function setStatus(status: PermitStatus) {
    s.status = status;
    s.version++;
    upsertSearchAttributes([{ key: SA.status, value: status }]);
  }
  /** A scoring fact of the permit, counted for its requester (作业申请人) in the area's unit. */
  function fact(kind: string, step: string, value: number, data: Record<string, unknown>) {
    return {
      id: `${workflowId}/${step}`,
      kind,
      personId: r.requesterPersonId,
      attribution: r.requesterPersonId ? 'direct' : 'none',
      orgUnitId: r.orgUnitId,
      departmentHeadPersonId: null,
      sourceWorkflowId: workflowId,
      subjectId: r.permitId,
      value,
      occurredAt: now(),
      data,
      policyVersion: input.policyVersion,
    };
  }

  /** Suspends the permit at once: critical notice to the crew, the area owner's unit and the safety hub. */
  async function suspend(reason: SuspensionReason, actor: string, data: Record<string, unknown>, stepId: string) {
    setStatus('suspended');
    s.suspensionReason = reason;
    s.suspensions.push(reason);
    // (oneStep: the crew is looked up first, then the suspension and its notices are written together.)
    let crew: string[] | null = null;
    if (oneStep) crew = await lookups.permitCrewUserIds(r.crew.map((c) => c.personId));
    await transition({ status: 'suspended', suspensionReason: reason, suspensions: s.suspensions.length }, 'suspended', actor, { reason, ...data }, stepId, [
      fact('permit.suspension', `${stepId}/fact`, 0, { reason, type: r.type, level: r.level }),
    ]);
    const crewUsers = crew ?? (await act.permitCrewUserIds(r.crew.map((c) => c.personId)));
    const message = {
      severity: 'critical' as const,
      subject: text('permit.notice.suspended', { reason: term(`permit.suspension.${reason}`), permit: typeName }),
      body: text('permit.notice.suspended_body', { work: r.workContent, area: r.areaName, reason: term(`permit.suspension.${reason}`) }),
      link,
      source: workflowId,
    };
    if (crewUsers.length) await tell({ ...message, dedupKey: `${stepId}/crew`, audience: { kind: 'users', userIds: crewUsers } });
    await tell({ ...message, dedupKey: `${stepId}/owner`, audience: { kind: 'unit', orgUnitId: r.orgUnitId, role: 'department_head' } });
    await tell({ ...message, dedupKey: `${stepId}/safety`, audience: { kind: 'unit', orgUnitId: safetyUnit, role: 'safety_officer' } });
  }

  /** The safety hub's unit, known once the first activities ran (before any suspension can happen). */
  let safetyUnit = r.orgUnitId;
  setHandler(permitStateQuery, state);

  /** Mirrors the next clock into the projection (no timeline entry). */
  async function mirrorClock() {
    const clock = nextClock();
    deadlineAttribute(clock);
    const changes = { nextClockAt: clock?.at ?? null, nextClock: clock?.kind ?? null };
    if (oneStep) writes.next.transitions.push({ changes });
    else await act.recordPermitTransition({ permitId: r.permitId, workflowId, changes });
  }

  // Approvals: never the requester or a crew member (also not on their behalf); the inbox gives role tasks only to holders of the role.
  const approverOf = new Map<string, ApproverRole>();
  const completed = acceptTaskCompletions({
    workflowId,
    what: 'permit',
    isOpen: (id) => s.openTasks.includes(id),
    onCompleted: (id) => (s.openTasks = s.openTasks.filter((t) => t !== id)),
    refuse: (c) => {
      const role = approverOf.get(c.taskId);
      if (!role) return null;
      const who = (username: string) =>
        approvalRefusal({
          approverUserId: username,
          approverRoles: [role],
          requesterUserId: r.requesterUsername,
          crewUserIds: crewUsernames,
          role,
        });
      const refusal = who(c.by) ?? (c.onBehalfOf ? who(c.onBehalfOf) : null);
      if (refusal === 'requester') return 'the requester of a permit does not approve it';
      if (refusal === 'crew') return 'a member of the crew does not approve their own permit';
      return null;
    },
  });

  setHandler(
    recordGasTestUpdate,
    async (t) => {
      const known = s.tests.get(t.testId);
      if (known) return known; // a resend
      const verdict = judgeGasTest(pp, r.type, t.readings);
      const taken = Date.parse(t.takenAt);
      const placeholder: GasTestResult = { testId: t.testId, verdict, effect: 'recorded', status: s.status };
      s.tests.set(t.testId, placeholder);
      // (oneStep: the test is written first in its step, with what it changes.)
      if (oneStep) writes.next.gasTest = { test: t, verdict };
      else await act.recordPermitGasTest({ permitId: r.permitId, workflowId, test: t, verdict });
      let effect: GasTestResult['effect'] = 'recorded';
      if (verdict.passed) {
        if (s.lastPass === null || taken > s.lastPass) s.lastPass = taken;
        if (s.status === 'suspended' && s.suspensionReason && LIFTED_BY_TEST.includes(s.suspensionReason)) {
          setStatus('paused');
          s.pausedAt = taken;
          s.suspensionReason = null;
          effect = 'cleared';
          await transition({ status: 'paused', suspensionReason: null }, 'suspension_lifted', t.testerUsername, { testId: t.testId }, `lifted/${t.testId}`);
        } else {
          if (s.status === 'gas_testing') effect = 'cleared';
          s.version++;
          if (['issued', 'working', 'paused'].includes(s.status)) await mirrorClock();
        }
      } else if (['issued', 'working', 'paused'].includes(s.status)) {
        effect = 'suspended';
        await suspend('gas_out_of_limits', t.testerUsername, { testId: t.testId, failures: verdict.failures, missing: verdict.missing }, `suspend/${t.testId}`);
      }
      const result: GasTestResult = { testId: t.testId, verdict, effect, status: s.status };
      if (oneStep) await writes.flush();
      s.tests.set(t.testId, result);
      return result;
    },
    {
      validator: (t) => {
        if (s.tests.has(t.testId)) return;
        if (!gasTested) throw new Error('this type of permit needs no gas test');
        if (AFTER_WORK.includes(s.status)) throw new Error(`the permit is ${s.status}: a gas test changes nothing`);
        if (Date.parse(t.takenAt) > Date.now() + 60_000) throw new Error('takenAt is in the future');
      },
    },
  );

  setHandler(
    workActionUpdate,
    async (a: WorkActionInput) => {
      const from = s.status;
      const to: PermitStatus = a.action === 'pause' ? 'paused' : a.action === 'complete' ? 'watching' : 'working';
      if (a.action === 'pause') s.pausedAt = Date.now();
      setStatus(to);
      if (to === 'working') s.suspensionReason = null;
      await transition(
        { status: to, ...(a.action === 'complete' ? { completedAt: now() } : {}), ...(from === 'suspended' ? { suspensionReason: null } : {}) },
        a.action === 'start' ? 'work_started' : a.action === 'pause' ? 'work_paused' : a.action === 'resume' ? 'work_resumed' : 'work_completed',
        a.byUsername,
        { from },
        `work/${s.version}`,
      );
      if (oneStep) await writes.flush();
      return state();
    },
    {
      validator: (a: WorkActionInput) => {
        const allowed: Record<WorkActionInput['action'], PermitStatus[]> = {
          start: ['issued'],
          pause: ['working'],
          resume: ['paused'],
          complete: ['working', 'paused', 'suspended'],
        };
        if (!allowed[a.action].includes(s.status)) throw new Error(`the permit is ${s.status}: it cannot ${a.action}`);
        if ((a.action === 'start' || a.action === 'resume') && gasTested) {
          const fresh = s.lastPass !== null && isGasTestFresh(pp, s.lastPass, Date.now());
          const pausedLong = a.action === 'resume' && s.pausedAt !== null && Date.now() - s.pausedAt > pp.gas.pauseRetestAfter * 1000;
          const testedSincePause = s.lastPass !== null && s.pausedAt !== null && s.lastPass >= s.pausedAt;
          if (a.action === 'start' && !fresh)
            throw new Error(`the last passing gas test is older than ${pp.gas.freshFor / 60} minutes: test again before work starts`);
          if (pausedLong && !(testedSincePause && fresh))
            throw new Error(`work paused longer than ${pp.gas.pauseRetestAfter / 60} minutes: test again before it resumes`);
        }
      },
    },
  );

  const lapses: { personId: string; certificateId: string; reason: string }[] = [];
  setHandler(certificateLapsedSignal, (l) => {
    if (!r.crew.some((c) => c.personId === l.personId)) return;
    lapses.push({ personId: l.personId, certificateId: l.certificateId, reason: l.reason });
    s.version++;
  });

  /** One inbox step with its SLA and escalation; a breach marks the permit non-compliant. */
  async function step(name: string, task: StepTask, slaSeconds: number): Promise<Completed> {
    const id = taskId(workflowId, name);
    s.openTasks.push(id);
    const stepPolicy = { ...policy, escalation: { ...policy.escalation, stepAfter: pp.sla.escalateEvery } };
    const stepTask = { id, processType: 'permit', ...task };
    const clock = (h: HumanTaskState) => ({ nextClockAt: h.dueAt, nextClock: name.split('-')[0], escalationLevel: h.escalationLevel });
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
      if (h.breached) s.breached = true;
      if (oneStep) {
        // (The clock the task opened with is in the projection already.)
        if (h.dueAt === view.dueAt && h.escalationLevel === view.escalationLevel && h.breached === view.breached) return;
        Object.assign(view, { dueAt: h.dueAt, escalationLevel: h.escalationLevel, breached: h.breached });
        writes.next.transitions.push({ changes: clock(h) });
        await writes.flush();
        return;
      }
      await act.recordPermitTransition({ permitId: r.permitId, workflowId, changes: clock(h) });
    });
    return completed.get(id)!;
  }

  async function cancel(by: string, reason: string, stepId: string, said: string | Text = reason): Promise<PermitState> {
    setStatus('cancelled');
    await transition({ status: 'cancelled', closedAt: now() }, 'cancelled', by, { reason }, stepId);
    await tell({
      dedupKey: `${workflowId}/cancelled`,
      audience: { kind: 'users', userIds: [r.requesterUserId] },
      severity: 'normal',
      subject: text('permit.notice.refused', { permit: typeName }),
      body: said,
      link,
      source: workflowId,
    });
    if (oneStep) await writes.flush();
    return state();
  }

  upsertSearchAttributes([
    { key: SA.processType, value: 'permit' },
    { key: SA.status, value: s.status },
    { key: SA.severity, value: `${r.type}:${r.level}` },
    { key: SA.orgUnit, value: r.orgUnitId },
  ]);
  // oneStep: the units are looked up first, then the request's record is written with the measures task.
  let units: Awaited<ReturnType<EmergencyActivities['resolveEmergencyUnits']>>;
  if (oneStep) {
    units = await lookups.resolveEmergencyUnits(r.orgUnitId);
    writes.next.requested = { request: r, policyVersion: input.policyVersion };
  } else {
    await act.recordPermitRequested({ request: r, workflowId, policyVersion: input.policyVersion });
    units = await sites.resolveEmergencyUnits(r.orgUnitId);
  }
  safetyUnit = units.safety;

  // ---- JSA and safety measures, confirmed by the area owner -------------------------------------
  const m = await opened(
    step(
      'measures',
      {
        taskType: 'permit.measures',
        title: text('permit.task.measures', { permit: typeName }),
        description: text('permit.task.measures_description', {
          ...place,
          jsa: r.jsa.map((x) => `${x.step}: ${x.hazards} → ${x.controls}`).join('; '),
          measures: r.measures.map((x) => `${x.description}${x.lockNumber ? ` [${x.lockNumber}]` : ''}`).join('; '),
        }),
        orgUnitId: r.orgUnitId,
        candidateRole: 'department_head',
        priority: 'normal',
      },
      pp.sla.measures,
    ),
  );
  const confirmed = m.payload as { passed: boolean; reason?: string };
  if (!confirmed.passed)
    return cancel(m.by, confirmed.reason ?? 'measures not confirmed', 'measures-refused', confirmed.reason ?? text('permit.refused.measures'));
  setStatus(gasTested ? 'gas_testing' : 'approving');
  await transition({ status: s.status }, 'measures_confirmed', m.by, {});

  // ---- gas test: a passing one before approval (freshness is checked again at issue and start) ---
  if (gasTested) {
    if (oneStep) await writes.flush();
    await condition(() => s.lastPass !== null);
    setStatus('approving');
    await transition({ status: 'approving' }, 'gas_test_accepted', 'system', { takenAt: new Date(s.lastPass!).toISOString() });
  }

  // ---- approvals by level ---------------------------------------------------------------------
  const roles = approversFor(pp, r.type, r.level);
  for (const [i, role] of roles.entries()) {
    const name = `approve-${i + 1}`;
    approverOf.set(taskId(workflowId, name), role);
    const unit = role === 'department_head' ? r.orgUnitId : role === 'safety_officer' ? units.safety : units.plant;
    const c = await opened(
      step(
        name,
        {
          taskType: 'permit.approve',
          title: text('permit.task.approve', { step: i + 1, of: roles.length, permit: typeName }),
          description: r.conflicts.length
            ? text('permit.task.approve_description_conflicts', {
                ...place,
                conflicts: lines(r.conflicts.map((x) => text('permit.conflict', { type: term(`permit.type.${x.type}`), number: x.number }))),
              })
            : text('permit.task.approve_description', place),
          orgUnitId: unit,
          candidateRole: role,
          priority: 'normal',
          context: { conflicts: r.conflicts, role },
        },
        pp.sla.approval,
      ),
    );
    const d = c.payload as { approved: boolean; reason?: string };
    if (!d.approved) return cancel(c.by, d.reason ?? 'refused', `${name}-refused`, d.reason ?? text('permit.refused.approval'));
    await transition({}, 'approved', c.by, { role, step: i + 1, of: roles.length }, name);
  }

  // ---- issue: a stale test is taken again first ------------------------------------------------
  if (gasTested && !isGasTestFresh(pp, s.lastPass!, Date.now())) {
    setStatus('gas_testing');
    const stale = s.lastPass;
    await transition({ status: 'gas_testing' }, 'gas_test_stale', 'system', { takenAt: new Date(stale!).toISOString() });
    if (oneStep) await writes.flush();
    await condition(() => s.lastPass !== stale && isGasTestFresh(pp, s.lastPass!, Date.now()));
  }
  const issuedAt = Date.now();
  s.validUntil = new Date(validUntil(pp, r.type, r.level, issuedAt, Date.parse(r.windowTo))).toISOString();
  setStatus('issued');
  await transition({ status: 'issued', issuedAt: new Date(issuedAt).toISOString(), validUntil: s.validUntil }, 'issued', 'system', {
    validUntil: s.validUntil,
  });
  await tell({
    dedupKey: `${workflowId}/issued`,
    audience: { kind: 'users', userIds: [r.requesterUserId] },
    severity: 'normal',
    subject: text('permit.notice.issued', { permit: typeName }),
    body: text('permit.notice.issued_body', { until: when(s.validUntil) }),
    link,
    source: workflowId,
  });
  if (oneStep) await writes.flush();

  // ---- work under live clocks ------------------------------------------------------------------
  let handledLapses = 0;
  while (s.status !== 'watching') {
    if (lapses.length > handledLapses) {
      const l = lapses[handledLapses++];
      if (['issued', 'working', 'paused'].includes(s.status)) await suspend('certificate_lapsed', 'system', l, `suspend/certificate/${handledLapses}`);
      if (oneStep) await writes.flush();
      continue;
    }
    const clock = nextClock();
    const seen = s.version;
    if (!clock) {
      await condition(() => s.version !== seen);
      continue;
    }
    if (await condition(() => s.version !== seen, Math.max(Date.parse(clock.at) - Date.now(), 0))) continue;
    if (clock.kind === 'validity') {
      await suspend('validity_expired', 'system', { validUntil: s.validUntil }, 'suspend/validity');
      s.validUntil = null; // suspended for good: complete (close) or request a new permit
      if (oneStep) await writes.flush();
    } else if (clock.kind === 'retest') {
      await suspend('retest_missed', 'system', { lastTestAt: new Date(s.lastPass!).toISOString() }, `suspend/retest/${s.lastPass}`);
      if (oneStep) await writes.flush();
    }
  }

  // ---- post-work watch (fire watch) ------------------------------------------------------------
  const watch = pp.watch[r.type];
  let watchOk = true;
  if (watch) {
    await transition({}, 'watch_started', 'system', { checkAfter: watch.after });
    if (oneStep) await writes.flush();
    await sleep(watch.after * 1000);
    const w = await opened(
      step(
        'watch',
        {
          taskType: 'permit.watch',
          title: text('permit.task.watch', { permit: typeName }),
          description: text('permit.task.watch_description', { area: r.areaName }),
          orgUnitId: r.orgUnitId,
          candidateRole: 'department_head',
          // The crew's guardian (监护人) keeps the watch when they have a login; else the area owner's unit.
          assigneeUserId: r.crew.find((c) => c.role === 'guardian' && c.userId)?.userId ?? null,
          priority: 'critical',
        },
        watch.within,
      ),
    );
    const v = w.payload as { passed: boolean; reason?: string };
    watchOk = v.passed;
    await transition({}, v.passed ? 'watch_done' : 'watch_found_problem', w.by, { reason: v.reason ?? null }, 'watch');
  }

  // ---- restoration and close -------------------------------------------------------------------
  setStatus('restoring');
  await transition({ status: 'restoring' }, 'restoring', 'system', {});
  const rs = await opened(
    step(
      'restore',
      {
        taskType: 'permit.restore',
        title: text('permit.task.restore', { permit: typeName }),
        description: text('permit.task.restore_description', { area: r.areaName }),
        orgUnitId: r.orgUnitId,
        candidateRole: 'department_head',
        priority: 'normal',
      },
      pp.sla.restore,
    ),
  );
  const compliant = !s.breached && !s.workedOnStaleTest && watchOk && !s.suspensions.includes('validity_expired');
  setStatus('closed');
  await transition({ status: 'closed', closedAt: now(), compliant }, 'closed', rs.by, { compliant, suspensions: s.suspensions }, 'closed', [
    fact('permit.compliance', 'compliance', compliant ? 1 : 0, { type: r.type, level: r.level, breached: s.breached, suspensions: s.suspensions }),
    ...(r.type === 'hot_work' ? [fact('hot_work.permit', 'hot-work-compliance', compliant ? 1 : 0, { level: r.level })] : []),
  ]);
  if (oneStep) await writes.flush();
  return state();
}
