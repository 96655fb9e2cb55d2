import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Hazard, OrgUnit, Task, User } from '../../db/entities';

/**
 * Rows for the dashboard suites' data sets with known answers, inserted through the repositories
 * into the demo organisation (test/integration/dashboard.test.ts over the API, test/browser/
 * dashboard.test.ts through the UI).
 */

/** A local time in the group's time zone (+08:00). */
export const L = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);

export interface HazardRow {
  title: string;
  description: string;
  found: OrgUnit;
  responsible?: OrgUnit;
  person?: string | null;
  status: string;
  reported: string;
  graded?: string;
  acknowledged?: string;
  closed?: string;
  category: string;
  area: string;
  level?: string;
  overdue?: boolean;
}

export interface TaskRow {
  id?: string;
  /** Default: `Notice:<id>`, a notice's only task. */
  workflowId?: string;
  u: OrgUnit;
  created: string;
  due?: string;
  completed?: string;
  /** Default: completed when `completed` is given, else open. */
  status?: Task['status'];
  assignee?: User;
}

/**
 * Inserters bound to `ds`: org units and users by code and username, hazards reported by the demo
 * employee (severity and risk level from `level`), and tasks titled by `taskTitle`.
 */
export function dashboardRows(ds: DataSource, options: { taskTitle: (id: string) => string }) {
  const unit = (code: string) => ds.getRepository(OrgUnit).findOneByOrFail({ code });
  const user = (username: string) => ds.getRepository(User).findOneByOrFail({ username });
  let employee: Promise<User> | undefined;
  const hazard = async (h: HazardRow) => {
    const reporter = await (employee ??= user('employee'));
    const id = randomUUID();
    await ds.getRepository(Hazard).insert({
      id,
      workflowId: `Hazard:${id}`,
      title: h.title,
      description: h.description,
      category: h.category,
      area: h.area,
      orgUnitId: h.found.id,
      suspectedSeverity: 'medium',
      evidenceIds: [],
      reporterUserId: reporter.id,
      reporterPersonId: reporter.personId,
      status: h.status,
      severity: h.level ? (h.level === 'high' || h.level === 'extreme' ? 'major' : 'general') : null,
      riskLevel: h.level ?? null,
      responsibleOrgUnitId: h.responsible?.id ?? null,
      responsiblePersonId: h.person ?? null,
      overdue: h.overdue ?? false,
      reportedAt: L(h.reported),
      gradedAt: h.graded ? L(h.graded) : null,
      acknowledgedAt: h.acknowledged ? L(h.acknowledged) : null,
      closedAt: h.closed ? L(h.closed) : null,
      policyVersion: 1,
    });
    return id;
  };
  const task = async (t: TaskRow) => {
    const id = t.id ?? randomUUID();
    const workflowId = t.workflowId ?? `Notice:${id}`;
    await ds.getRepository(Task).insert({
      id,
      workflowId,
      processType: workflowId.split(':')[0].toLowerCase(),
      taskType: 'test.step',
      title: options.taskTitle(id),
      description: null,
      orgUnitId: t.u.id,
      candidateRole: null,
      assigneeUserId: t.assignee?.id ?? null,
      status: t.status ?? (t.completed ? 'completed' : 'open'),
      dueAt: t.due ? L(t.due) : null,
      completedAt: t.completed ? L(t.completed) : null,
      completedBy: t.completed ? 'someone' : null,
      createdAt: L(t.created),
    });
    return id;
  };
  /**
   * The SLA sample both suites share: three tasks due in March 2025 — production's completed on
   * time (by its head), the stamping workshop's completed late (the employee), equipment's still
   * open past its due time (its head).
   */
  const marchSlaTasks = async (u: { prod: OrgUnit; stamping: OrgUnit; equip: OrgUnit }, p: { headProd: User; employee: User; headEquip: User }) => ({
    T1: await task({ u: u.prod, created: '2025-03-04 12:00', due: '2025-03-05 12:00', completed: '2025-03-05 11:00', assignee: p.headProd }),
    T2: await task({ u: u.stamping, created: '2025-03-05 12:00', due: '2025-03-06 12:00', completed: '2025-03-07 09:00', assignee: p.employee }),
    T3: await task({ u: u.equip, created: '2025-03-07 08:00', due: '2025-03-08 12:00', assignee: p.headEquip }),
  });
  /** The first two steps of a hazard reported on 3 March 2025, a handoff: the safety department graded it, production acknowledged it. */
  const gradedAndAcknowledged = async (hazardId: string, safety: OrgUnit, prod: OrgUnit) => [
    await task({ id: `Hazard:${hazardId}/grade`, workflowId: `Hazard:${hazardId}`, u: safety, created: '2025-03-03 10:00', completed: '2025-03-03 11:00' }),
    await task({ id: `Hazard:${hazardId}/acknowledge`, workflowId: `Hazard:${hazardId}`, u: prod, created: '2025-03-03 11:00', completed: '2025-03-03 12:00' }),
  ];
  return { unit, user, hazard, task, marchSlaTasks, gradedAndAcknowledged };
}
