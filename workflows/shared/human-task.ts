import { condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';
import { text, when } from '../../domain/texts/text';
import { countEscalation, countSlaBreach } from './metrics';
import { notify } from './notify';
import { SA } from './search-attributes';
import type { NotificationRequest } from '../notification/messages';
import type { NewTask } from './tasks';
import { tasks } from './activity-options';

export interface HumanTaskState {
  escalationLevel: number;
  breached: boolean;
  dueAt: string;
}

/** One step's inbox task as a process words it; the step adds the task's ID and the process type. */
export type StepTask = Omit<NewTask, 'id' | 'workflowId' | 'processType' | 'dueAt'>;

/** The notice that tells a task's candidates it is theirs (its key: the task's ID + `/assigned`). */
export function assignedNotice(task: Omit<NewTask, 'dueAt'>, dueAt: string, link: string): NotificationRequest {
  return {
    dedupKey: `${task.id}/assigned`,
    audience: { kind: 'unit', orgUnitId: task.orgUnitId, ...(task.candidateRole ? { role: task.candidateRole } : {}) },
    severity: task.priority,
    subject: text('notice.new_task', { title: task.title }),
    body: text('notice.new_task_body', { title: task.title, due: when(dueAt) }),
    link,
    source: task.workflowId,
  };
}

/**
 * One human task with its SLA, as every process runs it: create it in the inbox, tell the
 * candidates, remind before the deadline, and after a breach climb the escalation ladder one
 * rung per `policy.escalation.stepAfter` until `done()` turns true. Durations come from the
 * policy in the workflow input, so replay is deterministic.
 */
export async function runHumanTask(opts: {
  policy: Policy;
  task: Omit<NewTask, 'workflowId' | 'dueAt'>;
  slaSeconds: number;
  done: () => boolean;
  state: HumanTaskState;
  link: string;
  /** A run that continued as new picks the task up where the previous run left it: same deadline, rungs already climbed skipped. */
  resume?: { dueAt: string; escalationLevel: number };
}): Promise<void> {
  const { policy, task, slaSeconds, done, state, link, resume } = opts;
  const { workflowId } = workflowInfo();
  const dueAt = resume ? Date.parse(resume.dueAt) : Date.now() + slaSeconds * 1000;
  state.dueAt = new Date(dueAt).toISOString();
  if (!resume) {
    await tasks.createTask({ ...task, workflowId, dueAt: state.dueAt });
    upsertSearchAttributes([
      { key: SA.slaDeadline, value: new Date(dueAt) },
      { key: SA.overdue, value: false },
    ]);
    await notify(policy, assignedNotice({ ...task, workflowId }, state.dueAt, link));
  }

  // Reminders before the deadline, earliest first.
  for (const offset of resume?.escalationLevel ? [] : [...policy.reminders.beforeDeadline].sort((a, b) => b - a)) {
    const at = dueAt - offset * 1000;
    if (at <= Date.now()) continue;
    if (await condition(done, at - Date.now())) return;
    await notify(policy, {
      dedupKey: `${task.id}/reminder/${offset}`,
      audience: { kind: 'unit', orgUnitId: task.orgUnitId, ...(task.candidateRole ? { role: task.candidateRole } : {}) },
      severity: task.priority === 'critical' ? 'critical' : 'normal',
      subject: text('notice.reminder', { title: task.title }),
      body: text('notice.reminder_body', { due: when(state.dueAt) }),
      link,
      source: workflowId,
    });
  }
  if (await condition(done, Math.max(dueAt - Date.now(), 0))) return;

  // Breached: climb the ladder (the first rung, the assignee, was already told).
  state.breached = true;
  countSlaBreach(task.taskType);
  upsertSearchAttributes([{ key: SA.overdue, value: true }]);
  const ladder = policy.escalation.ladder.filter((s) => s !== 'assignee');
  for (const step of ladder.slice(resume?.escalationLevel ?? 0)) {
    state.escalationLevel++;
    countEscalation(task.taskType, step);
    await tasks.recordEscalation({ taskId: task.id, workflowId, level: state.escalationLevel, step });
    await notify(policy, {
      dedupKey: `${task.id}/escalation/${state.escalationLevel}`,
      audience: { kind: 'escalation', orgUnitId: task.orgUnitId, step },
      severity: task.priority === 'info' ? 'normal' : task.priority,
      subject: text('notice.overdue', { level: state.escalationLevel, title: task.title }),
      body: text('notice.overdue_body', { title: task.title, due: when(state.dueAt) }),
      link,
      source: workflowId,
    });
    if (await condition(done, policy.escalation.stepAfter * 1000)) return;
  }
  await condition(done);
}

/**
 * Waits for a `runHumanTask` to finish while mirroring its clock (deadline, escalation level,
 * breach) into the process's state and projection: `onChange` runs at every change.
 */
export async function trackHumanTask(run: Promise<void>, h: HumanTaskState, onChange: (h: HumanTaskState) => Promise<void>): Promise<void> {
  const known = { dueAt: '', level: 0, breached: false };
  const changed = () => h.dueAt !== known.dueAt || h.escalationLevel !== known.level || h.breached !== known.breached;
  for (;;) {
    const finished = await Promise.race([run.then(() => true), condition(changed).then(() => false)]);
    if (changed()) {
      Object.assign(known, { dueAt: h.dueAt, level: h.escalationLevel, breached: h.breached });
      await onChange(h);
    }
    if (finished) return;
  }
}
