import type { Policy } from '../../domain/policy';
import { term, text, when, type Text } from '../../domain/texts/text';
import type { RiskItem } from '../../domain/risk-assessment/rules';
import type { Completed } from '../shared/task-completions';
import { hazardWorkflowId, type HazardInput } from '../hazard/messages';
import { DETACHED } from '../shared/children';
import type { MeasureState } from './messages';

/*
 * The steps of one control measure, the same whether it runs as the assessment's child
 * (`RiskMeasureWorkflow`) or inline in an assessment recorded before that patch: the texts of
 * its two tasks, what its completion records, and the hazard a failed verification starts.
 * Pure: the workflows keep their own awaits (activities, the hazard's start), so each records
 * the same commands in the same order as before.
 */

const SUSPECTED: Record<string, 'low' | 'medium' | 'high'> = { low: 'low', medium: 'medium', high: 'high', extreme: 'high' };

/** The owner's task: report the measure done by its due date. */
export function measureTaskText(m: MeasureState, item: RiskItem | null | undefined, header: string): { title: Text; description: Text } {
  return {
    title: text('risk.task.measure', { description: m.description }),
    description: text('risk.task.measure_description', {
      risk: item?.title ?? m.itemKey,
      level: item ? term(`risk.level.${item.level}`) : '',
      header,
      due: when(m.dueAt),
    }),
  };
}

/** The safety hub's task: verify the measure jointly with its owner. */
export function verifyTaskText(m: MeasureState, item: RiskItem | null | undefined, ownerName: string | undefined): { title: Text; description: Text } {
  const said = { owner: ownerName ?? text('risk.the_owner'), risk: item?.title ?? m.itemKey };
  return {
    title: text('risk.task.verify', { description: m.description }),
    description:
      m.status === 'done'
        ? text('risk.task.verify_description_done', { ...said, at: when(m.doneAt!), by: m.doneBy ?? '' })
        : text('risk.task.verify_description_not_done', { ...said, due: when(m.dueAt) }),
  };
}

/** Seconds from now until `iso`, at least one (a task's SLA). */
export function secondsUntil(iso: string): number {
  return Math.max(1, Math.round((Date.parse(iso) - Date.now()) / 1000));
}

/** The `measure_done` event's data once the owner reported the measure done. */
export function measureDoneData(m: MeasureState, c: Completed, orgUnitName: string | undefined, onTime: boolean): Record<string, unknown> {
  return {
    n: m.n,
    description: m.description,
    orgUnitName,
    summary: c.payload.summary,
    evidenceIds: c.payload.evidenceIds ?? [],
    onTime,
  };
}

/** Records the safety hub's verification on the measure; true when it passed. */
export function settleVerification(m: MeasureState, c: Completed): boolean {
  const passed = c.payload.passed === true;
  Object.assign(m, { status: passed ? 'passed' : 'failed', verifiedAt: c.at, verifiedBy: c.by, reason: passed ? null : String(c.payload.reason ?? '') });
  return passed;
}

/**
 * How a failed verification starts its hazard process (`m.hazardId`), reported by the verifier:
 * `startChild(HazardWorkflow, …)` options, detached so the hazard outlives the assessment.
 */
export function failedMeasureHazard(
  m: MeasureState,
  c: Completed,
  reporter: { userId: string; personId: string | null },
  ctx: { item: RiskItem | null | undefined; header: string; assessmentWorkflowId: string; area: string; policy: Policy; policyVersion: number },
): { workflowId: string; args: [HazardInput] } & typeof DETACHED {
  const { item } = ctx;
  const hazard: HazardInput = {
    report: {
      hazardId: m.hazardId!,
      title: `Failed control measure: ${m.description}`.slice(0, 200),
      description: `The control measure "${m.description}" for the risk "${item?.title ?? m.itemKey}" failed joint verification: ${m.reason}\nFrom the risk assessment "${ctx.header}" (${ctx.assessmentWorkflowId}).`,
      category: 'other',
      area: ctx.area.slice(0, 200),
      orgUnitId: m.ownerOrgUnitId,
      suspectedSeverity: SUSPECTED[item?.level ?? 'medium'] ?? 'medium',
      evidenceIds: [],
      reporterUserId: reporter.userId,
      reporterPersonId: reporter.personId,
      reporterUsername: c.by,
      reportedAt: new Date().toISOString(),
    },
    policy: ctx.policy,
    policyVersion: ctx.policyVersion,
  };
  return { workflowId: hazardWorkflowId(m.hazardId!), args: [hazard], ...DETACHED };
}

/**
 * A promise the process awaits later (work running beside its main line): marked handled now, so
 * that its rejection when the process is cancelled, before anything awaits it, is no unhandled
 * rejection (which fails the workflow task again and again instead of letting the process end as
 * cancelled). Whoever awaits it later still sees the rejection. Adds no command.
 */
export function awaitedLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
