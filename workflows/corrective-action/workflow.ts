import { condition, getExternalWorkflowHandle, patched, proxyActivities, setHandler, upsertSearchAttributes, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ActionTransition, IncidentActivities } from '../../activities/incidents';
import type { RiskAssessmentActivities } from '../../activities/risk-assessments';
import { HazardWorkflow } from '../hazard/workflow';
import { hazardWorkflowId, type HazardInput } from '../hazard/messages';
import { actionVerifiedSignal } from '../incident/messages';
import { text, when, type Text } from '../../domain/texts/text';
import { SHORT } from '../shared/activity-options';
import { cancellable } from '../shared/cancellation';
import { startDetached } from '../shared/children';
import { runHumanTask, trackHumanTask, type HumanTaskState } from '../shared/human-task';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { acceptTaskCompletions, type Completed } from '../shared/task-completions';
import { taskId } from '../shared/tasks';
import { correctiveActionStateQuery, type CorrectiveActionInput, type CorrectiveActionPhase, type CorrectiveActionState } from './messages';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
const acts = proxyActivities<IncidentActivities>({ startToCloseTimeout: '30 seconds', retry });
const users = proxyActivities<Pick<RiskAssessmentActivities, 'resolveUser'>>(SHORT);
/** Patch marker: a failed re-check of an action that asks for it (`recheckFailure`) reports a new hazard and closes the action instead of reopening it. */
const RECHECK_HAZARD = 'action-recheck-hazard';

/** The hazard a failed re-check of a major hazard's rectification reports: the hazard is back, to be graded and rectified again. */
function recurrenceHazard(
  input: CorrectiveActionInput,
  hazard: { area: string; category: string },
  recheck: { n: number; note: string; evidenceIds: string[]; by: string; reporter: { userId: string; personId: string | null } },
  hazardId: string,
  reportedAt: string,
): HazardInput {
  return {
    report: {
      hazardId,
      title: `Recurring: ${input.source.title}`.slice(0, 200),
      description: `Effectiveness re-check ${recheck.n} of "${input.description}" failed: ${recheck.note}\nThe ${input.source.type} ${input.source.id} was rectified and verified before (${input.source.link}).`,
      category: hazard.category,
      area: hazard.area.slice(0, 200),
      orgUnitId: input.orgUnitId,
      suspectedSeverity: 'high',
      evidenceIds: recheck.evidenceIds,
      reporterUserId: recheck.reporter.userId,
      reporterPersonId: recheck.reporter.personId,
      reporterUsername: recheck.by,
      reportedAt,
    },
    policy: input.policy,
    policyVersion: input.policyVersion,
  };
}

async function runCorrectiveActionWorkflow(input: CorrectiveActionInput): Promise<CorrectiveActionState> {
  const { policy, source } = input;
  const { workflowId } = workflowInfo();
  const s: CorrectiveActionState = {
    phase: 'doing',
    round: 1,
    dueAt: input.dueAt,
    verifiedAt: null,
    nextRecheckAt: null,
    rechecksPassed: 0,
    rechecksFailed: 0,
    openTasks: [],
    hazardId: null,
  };
  setHandler(correctiveActionStateQuery, () => s);
  const completed = acceptTaskCompletions({
    workflowId,
    what: 'corrective action',
    isOpen: (id) => s.openTasks.includes(id),
    onCompleted: (id) => (s.openTasks = s.openTasks.filter((t) => t !== id)),
  });
  const now = () => new Date().toISOString();
  /** A reopened action gets as long as the first round had (at least the verification SLA). */
  const reopenWindow = Math.max(Date.parse(input.dueAt) - Date.now(), policy.actions.verify * 1000);
  const label = text(input.kind === 'preventive' ? 'action.label.preventive' : 'action.label.corrective', { n: input.n, source: source.title });

  async function transition(
    changes: ActionTransition['changes'],
    type: string,
    step: string,
    actor: string,
    data: Record<string, unknown>,
    facts: ActionTransition['facts'] = [],
  ) {
    await acts.recordActionTransition({
      actionId: input.actionId,
      workflowId,
      changes,
      event: { id: `${workflowId}/${step}`, type, actor, at: now(), data },
      facts,
    });
  }
  function setPhase(phase: CorrectiveActionPhase, slaDeadline: string | null) {
    s.phase = phase;
    upsertSearchAttributes([{ key: SA.status, value: phase }, ...(slaDeadline ? [{ key: SA.slaDeadline, value: new Date(slaDeadline) }] : [])]);
  }
  /** A task with its SLA and ladder; the due date is mirrored into the projection. */
  async function step(name: string, taskType: string, title: Text, description: string | Text, orgUnitId: string, slaSeconds: number): Promise<Completed> {
    const id = taskId(workflowId, name);
    s.openTasks.push(id);
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    const run = runHumanTask({
      policy,
      // The form's context names the source's page (incident, emergency, hazard, risk assessment): the inbox links there.
      task: {
        id,
        processType: 'corrective_action',
        taskType,
        title,
        description,
        orgUnitId,
        candidateRole: null,
        priority: 'normal',
        context: { sourceLink: source.link },
      },
      slaSeconds,
      done: () => completed.has(id),
      state: h,
      link: source.link,
    });
    await trackHumanTask(run, h, async () => {});
    return completed.get(id)!;
  }
  const fact = (kind: string, stepId: string, value: number, data: Record<string, unknown>) => ({
    id: `${workflowId}/${stepId}`,
    kind,
    personId: null,
    attribution: 'department_head',
    orgUnitId: input.orgUnitId,
    departmentHeadPersonId: null,
    sourceWorkflowId: workflowId,
    subjectId: input.actionId,
    value,
    occurredAt: now(),
    data: { ...data, source: source.type, sourceId: source.id },
    policyVersion: input.policyVersion,
  });

  /** Do it, then verify it, until a verification passes. */
  async function doAndVerify(reason: string | null): Promise<void> {
    for (;;) {
      const r = s.round;
      setPhase('doing', s.dueAt);
      const slaSeconds = Math.max(1, Math.round((Date.parse(s.dueAt) - Date.now()) / 1000));
      const done = await step(
        `do-${r}`,
        'action.do',
        label,
        reason
          ? text('action.task.do_description_reopened', { description: input.description, reason, due: when(s.dueAt) })
          : text('action.task.do_description', { description: input.description, due: when(s.dueAt) }),
        input.orgUnitId,
        slaSeconds,
      );
      setPhase('verifying', null);
      await transition({ status: 'verifying' }, 'done', `done-${r}`, done.by, { round: r, ...done.payload });
      const v = await step(
        `verify-${r}`,
        'action.verify',
        text('action.task.verify', { label }),
        input.description,
        input.verifierOrgUnitId,
        policy.actions.verify,
      );
      const passed = v.payload.passed === true;
      if (passed) {
        s.verifiedAt = v.at;
        await transition({ status: 'monitoring', verifiedAt: v.at }, 'verified', `verified-${r}`, v.by, { round: r }, [
          fact('action.verified', `verified-${r}`, 1, { round: r, onTime: Date.parse(done.at) <= Date.parse(s.dueAt) }),
        ]);
        return;
      }
      reason = String(v.payload.reason ?? '');
      s.round++;
      s.dueAt = new Date(Date.now() + reopenWindow).toISOString();
      await transition({ status: 'doing', round: s.round, dueAt: s.dueAt }, 'verification_failed', `verification-failed-${r}`, v.by, { round: r, reason });
    }
  }

  upsertSearchAttributes([
    { key: SA.processType, value: 'corrective_action' },
    { key: SA.status, value: s.phase },
    { key: SA.orgUnit, value: input.orgUnitId },
    { key: SA.department, value: input.orgUnitId },
  ]);
  const { policy: _policy, ...created } = input;
  await acts.recordActionCreated({ ...created, workflowId, by: 'safety hub', at: now() });
  if (input.doneAt) s.verifiedAt = input.doneAt;
  else
    await notify(policy, {
      dedupKey: `${workflowId}/assigned-1`,
      audience: { kind: 'unit', orgUnitId: input.orgUnitId },
      severity: 'normal',
      subject: text('action.notice.new', { label }),
      body: text('action.task.do_description', { description: input.description, due: when(input.dueAt) }),
      link: source.link,
      source: workflowId,
    });
  if (!input.doneAt) {
    await doAndVerify(null);
    try {
      await getExternalWorkflowHandle(source.workflowId).signal(actionVerifiedSignal, { n: input.n });
    } catch {
      // The source process has ended (cancelled): the action goes on with its re-checks.
    }
  }

  // ---- effectiveness re-checks: durable timers from the verification ----------------------------
  for (const [i, after] of policy.actions.recheckAfter.entries()) {
    const at = Date.parse(s.verifiedAt!) + after * 1000;
    s.nextRecheckAt = new Date(at).toISOString();
    setPhase('monitoring', s.nextRecheckAt);
    await acts.recordActionTransition({
      actionId: input.actionId,
      workflowId,
      changes: { status: 'monitoring', nextRecheckAt: s.nextRecheckAt, ...(input.doneAt ? { verifiedAt: s.verifiedAt } : {}) },
    });
    if (at > Date.now()) await condition(() => false, at - Date.now());
    const n = i + 1;
    const c = await step(
      `recheck-${n}`,
      'action.recheck',
      text('action.task.recheck', { n, label }),
      text('action.task.recheck_description', { description: input.description }),
      input.verifierOrgUnitId,
      policy.actions.recheck,
    );
    if (c.payload.effective === true) {
      s.rechecksPassed++;
      await transition({ rechecksPassed: s.rechecksPassed }, 'recheck_passed', `recheck-${n}`, c.by, { n, note: c.payload.note ?? null }, [
        fact('action.recheck', `recheck-${n}`, 1, { n, effective: true }),
      ]);
      continue;
    }
    s.rechecksFailed++;
    const reason = String(c.payload.note ?? '');
    if (input.recheckFailure && patched(RECHECK_HAZARD)) {
      // The hazard is back: a new hazard process grades and rectifies it; this action ends here.
      s.hazardId = uuid4();
      const reporter = await users.resolveUser(c.by);
      const evidenceIds = (c.payload.evidenceIds as string[] | undefined) ?? [];
      await startDetached(HazardWorkflow, hazardWorkflowId(s.hazardId), [
        recurrenceHazard(input, input.recheckFailure.hazard, { n, note: reason, evidenceIds, by: c.by, reporter }, s.hazardId, now()),
      ]);
      await transition(
        { rechecksFailed: s.rechecksFailed, nextRecheckAt: null },
        'recheck_failed',
        `recheck-${n}`,
        c.by,
        { n, note: reason, reopened: false, hazardId: s.hazardId },
        [fact('action.recheck', `recheck-${n}`, 0, { n, effective: false, note: reason, hazardId: s.hazardId })],
      );
      break;
    }
    s.round++;
    s.dueAt = new Date(Date.now() + reopenWindow).toISOString();
    await transition(
      { rechecksFailed: s.rechecksFailed, status: 'doing', round: s.round, dueAt: s.dueAt, nextRecheckAt: null },
      'recheck_failed',
      `recheck-${n}`,
      c.by,
      { n, note: reason, reopened: true },
      [fact('action.recheck', `recheck-${n}`, 0, { n, effective: false, note: reason })],
    );
    await notify(policy, {
      dedupKey: `${workflowId}/reopened-${n}`,
      audience: { kind: 'unit', orgUnitId: input.orgUnitId },
      severity: 'normal',
      subject: text('action.notice.reopened', { label }),
      body: text('action.notice.reopened_body', { n, reason, due: when(s.dueAt) }),
      link: source.link,
      source: workflowId,
    });
    await doAndVerify(reason);
  }
  s.nextRecheckAt = null;
  const closedAt = now();
  setPhase('closed', null);
  await transition({ status: 'closed', closedAt, nextRecheckAt: null }, 'closed', 'closed', 'safety hub', {
    rechecksPassed: s.rechecksPassed,
    rechecksFailed: s.rechecksFailed,
    ...(s.hazardId ? { hazardId: s.hazardId } : {}),
  });
  return s;
}

export const CorrectiveActionWorkflow = cancellable(runCorrectiveActionWorkflow);
