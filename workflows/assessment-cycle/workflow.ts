import { allHandlersFinished, condition, patched, proxyActivities, setHandler, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { AssessmentCycleActivities } from '../../activities/assessment-cycles';
import type { CycleScheduleActivities } from '../../activities/cycle-schedules';
import { CYCLE_CATCHUP_WINDOW_SECONDS, previousPeriod, type AssessmentPeriod } from '../../domain/assessment-cycle/period';
import type { Policy } from '../../domain/policy';
import { improvementPlanWorkflowId, type ImprovementPlanInput } from '../improvement-plan/messages';
import { ImprovementPlanWorkflow } from '../improvement-plan/workflow';
import { DETACHED, startDetached } from '../shared/children';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { lines, text } from '../../domain/texts/text';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { acceptTaskCompletions } from '../shared/task-completions';
import { taskId } from '../shared/tasks';
import {
  cycleId as makeCycleId,
  cycleStateQuery,
  cycleWorkflowId,
  type CycleInput,
  type CyclePhase,
  type CycleRequest,
  type CycleState,
  type ScheduledCycle,
  type SnapshotSummary,
} from './messages';
import { cancellable } from '../shared/cancellation';
import { LONG, proxyActivitiesOn, RETRY } from '../shared/activity-options';

const cy = proxyActivities<Omit<AssessmentCycleActivities, 'scoreSnapshot' | 'sendScoreReports'>>(LONG);
/** Scoring a cycle and mailing its reports take minutes on a large group: the scoring queue's few slots, not the interactive ones. */
const long = proxyActivitiesOn<Pick<AssessmentCycleActivities, 'scoreSnapshot' | 'sendScoreReports'>>('scoring', LONG);
const cs = proxyActivities<CycleScheduleActivities>({ startToCloseTimeout: '1 minute', retry: RETRY });

const TEMPORAL_SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * The time a schedule meant this run for: Temporal's `TemporalScheduledStartTime` (also set on
 * triggered and backfilled runs), else the time it appends to the workflow ID, else the start.
 */
function scheduledStartTime(): Date {
  const info = workflowInfo();
  const typed = info.typedSearchAttributes.get(TEMPORAL_SCHEDULED_START_TIME);
  if (typed instanceof Date && !Number.isNaN(typed.getTime())) return typed;
  const suffix = /-(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/.exec(info.workflowId);
  return suffix ? new Date(suffix[1]) : info.startTime;
}

/**
 * A schedule's run: works out the period that ended before its scheduled time, in the schedule's
 * own time zone, and starts that period's cycle under its business ID (a second run for the same
 * period finds it started and does nothing). A run that came later than the schedule's catch-up
 * window, and earlier periods whose run never came and that were never scored, are reported as
 * alerts (HR and the safety hub of the scope).
 */
export async function AssessmentCycleLauncherWorkflow(input: CycleInput): Promise<string> {
  if (!('scheduled' in input)) throw new Error('the launcher takes a scheduled cycle');
  const { scheduled } = input;
  if (!patched('cycle-launcher-scheduled-time')) return launchByStartTime(scheduled);
  const scheduledAt = scheduledStartTime();
  const zone = scheduled.timeZone ?? 480;
  const period = previousPeriod(scheduled.cadence, scheduledAt, zone);
  const p = await cy.currentPolicyForCycle();
  const request = scheduledRequest(scheduled, period);
  const check = await cs.checkCycleSchedule({
    scheduled,
    period,
    scheduledAt: scheduledAt.toISOString(),
    startedAt: workflowInfo().startTime.toISOString(),
    catchupWindowSeconds: scheduled.catchupWindowSeconds ?? CYCLE_CATCHUP_WINDOW_SECONDS[scheduled.cadence],
    launcherWorkflowId: workflowInfo().workflowId,
  });
  const id = await startCycle(request, p);
  for (const a of check.fired) if (a.notification) await notify(p.policy, a.notification);
  return id;
}

/** The cycle a schedule starts for a period (no ruleset pinned: the one in force is used). */
function scheduledRequest(scheduled: ScheduledCycle, period: AssessmentPeriod): CycleRequest {
  return {
    cycleId: makeCycleId(scheduled.scopeOrgUnitId, period.label),
    scopeOrgUnitId: scheduled.scopeOrgUnitId,
    cadence: scheduled.cadence,
    period: period.label,
    periodStart: period.start,
    periodEnd: period.end,
    rulesetVersion: null,
    startedBy: 'schedule',
  };
}

async function startCycle(request: CycleRequest, p: { policy: Policy; version: number }): Promise<string> {
  const id = cycleWorkflowId(request.cycleId);
  await startDetached(AssessmentCycleWorkflow, id, [{ request, policy: p.policy, policyVersion: p.version }]);
  return id;
}

/** Runs recorded before the patch: the period before the run's start, in +08:00. Kept for replay only. */
async function launchByStartTime(scheduled: ScheduledCycle): Promise<string> {
  const p = await cy.currentPolicyForCycle();
  const period = previousPeriod(scheduled.cadence, workflowInfo().startTime);
  const request = scheduledRequest(scheduled, period);
  return startCycle(request, p);
}

async function runAssessmentCycleWorkflow(input: CycleInput): Promise<CycleState> {
  if (!('request' in input)) throw new Error('a cycle needs its request (schedules start AssessmentCycleLauncherWorkflow)');
  const { request } = input;
  const policy: Policy = input.policy;
  const { workflowId } = workflowInfo();
  const openTasks = new Set<string>();
  const s: CycleState = {
    phase: 'scoring',
    request,
    rulesetVersion: null,
    snapshot: null,
    reviewTaskId: null,
    reviewRound: 0,
    publishedAt: null,
    reportsSent: 0,
    plansStarted: [],
    flagged: [],
  };
  const link = `/assessment-cycles/${encodeURIComponent(request.cycleId)}`;

  setHandler(cycleStateQuery, () => s);
  const completed = acceptTaskCompletions({
    workflowId,
    what: 'assessment cycle',
    isOpen: (id) => openTasks.has(id),
    onCompleted: (id) => openTasks.delete(id),
  });
  const setPhase = (phase: CyclePhase) => {
    s.phase = phase;
    upsertSearchAttributes([{ key: SA.status, value: phase }]);
  };
  upsertSearchAttributes([
    { key: SA.processType, value: 'assessment_cycle' },
    { key: SA.status, value: s.phase },
    { key: SA.severity, value: 'normal' },
    { key: SA.orgUnit, value: request.scopeOrgUnitId },
  ]);

  // 1. Freeze the ruleset version, 2. score into a draft snapshot.
  s.rulesetVersion = (await cy.freezeCycle({ request, workflowId })).rulesetVersion;
  s.snapshot = await long.scoreSnapshot({
    cycleId: request.cycleId,
    version: 1,
    reason: 'initial',
    by: request.startedBy,
    note: `first scoring of ${request.period}`,
  });

  // 3. Review by HR: publish, or score again (e.g. after late facts were corrected).
  for (;;) {
    setPhase('review');
    s.reviewRound++;
    const id = taskId(workflowId, `review-${s.reviewRound}`);
    s.reviewTaskId = id;
    openTasks.add(id);
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    const snap: SnapshotSummary = s.snapshot;
    await runHumanTask({
      policy,
      task: {
        id,
        processType: 'assessment_cycle',
        taskType: 'assessment.review',
        title: text('cycle.task.review', { period: request.period }),
        description: text('cycle.task.review_description', {
          version: snap.version,
          ruleset: s.rulesetVersion ?? '',
          persons: snap.persons,
          facts: snap.facts,
          needs: snap.needsImprovement,
          second: snap.consecutiveNeedsImprovement,
          special: snap.specialReview,
        }),
        orgUnitId: request.scopeOrgUnitId,
        candidateRole: 'hr',
        priority: 'normal',
        context: { cycleId: request.cycleId, snapshot: snap },
      },
      slaSeconds: policy.sla.approval,
      done: () => completed.has(id),
      state: h,
      link,
    });
    const decision = completed.get(id)!;
    if (decision.payload.decision === 'publish') {
      // 4. Publish.
      setPhase('publishing');
      s.publishedAt = await cy.publishSnapshot({ cycleId: request.cycleId, version: snap.version, by: decision.by, note: String(decision.payload.note) });
      break;
    }
    setPhase('scoring');
    s.snapshot = await long.scoreSnapshot({
      cycleId: request.cycleId,
      version: snap.version + 1,
      reason: 'recompute',
      by: decision.by,
      note: String(decision.payload.note),
    });
  }

  // 5. Reports to every person, 6. improvement plans, 7. the second "needs improvement" flagged to HR.
  const version = s.snapshot.version;
  s.reportsSent = await long.sendScoreReports({ cycleId: request.cycleId, version, link: '/my-score' });
  const candidates = await cy.needsImprovement({ cycleId: request.cycleId, version });
  for (const c of candidates) {
    const planId = improvementPlanWorkflowId(request.cycleId, c.personId);
    const plan: ImprovementPlanInput = {
      cycleId: request.cycleId,
      period: request.period,
      personId: c.personId,
      personName: c.personName,
      personUserId: c.personUserId,
      orgUnitId: c.departmentId ?? c.orgUnitId,
      shortfall: c.shortfall,
      total: c.total,
      policy,
      policyVersion: input.policyVersion,
    };
    // Inline (not startDetached): this loop resumes on the same tick as before, beside the update handlers.
    try {
      await startChild(ImprovementPlanWorkflow, { workflowId: planId, args: [plan], ...DETACHED });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    s.plansStarted.push(planId);
    if (c.consecutive) s.flagged.push(c.personId);
  }
  const flagged = candidates.filter((c) => c.consecutive);
  if (flagged.length) {
    await notify(policy, {
      dedupKey: `${workflowId}/flagged`,
      audience: { kind: 'unit', orgUnitId: request.scopeOrgUnitId, role: 'hr' },
      severity: 'normal',
      subject: text('cycle.notice.flagged', { count: flagged.length, period: request.period }),
      body: text('cycle.notice.flagged_body', { people: lines(flagged.map((c) => text('cycle.flagged_person', { name: c.personName, total: c.total }))) }),
      link,
      source: workflowId,
    });
  }
  setPhase('published');
  await condition(allHandlersFinished);
  return s;
}

export const AssessmentCycleWorkflow = cancellable(runAssessmentCycleWorkflow);
