import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { Brackets, In, type DataSource } from 'typeorm';
import { appendAudit, processStream } from '../../db/audit/audit-log';
import { loadCandidateGraph, requestersOf, resolveCandidates, whereCandidate } from '../../db/candidates';
import { Evidence, OrgUnit, Person, Task, User, UserRole } from '../../db/entities';
import { mayBeGiven, type CandidateReason } from '../../domain/candidates';
import { formFieldsOf, taskTypeDef, type FormField } from '../../domain/tasks';
import { ALREADY_COMPLETED, completeTaskUpdate, type NewTask } from '../../workflows/shared/tasks';
import { escapeLike, hasRole, inScope } from '../platform/access';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { updateHandle } from '../platform/process-updates';
import type { Principal } from '../platform/route';
import { forReader } from '../platform/reader';
import { displayNameOf, nameOf } from '../platform/names';

/** A process's refusal of a task it does not know as open (workflows/shared/task-completions.ts, the hazard's own check). */
const NOT_OPEN_IN_PROCESS = /^this task is not open in the /;
/** How long after the first refusal a completion is sent again while the inbox shows the task open and the process does not know it yet. */
const NOT_YET_OPEN_RETRY_MS = 15_000;

/**
 * The task inbox: one human-task model for every process. Visibility: the caller's scope, plus
 * tasks they are a candidate for or assigned to (or substitute for). Candidates follow the one
 * definition of domain/candidates.ts (responders of the unit; holders of the candidate role whose
 * scope covers it), the same one notifications use. Completion goes through the owning workflow
 * (an update), which records it. A task's view starts with what its workflow asked for (`NewTask`).
 */
export interface TaskView extends Pick<NewTask, 'id' | 'workflowId' | 'processType' | 'taskType' | 'orgUnitId' | 'candidateRole'> {
  /** In the reader's language. */
  title: string;
  description: string | null;
  orgUnitName: string;
  assignee: { id: string; username: string; displayName: string } | null;
  status: Task['status'];
  dueAt: string | null;
  followUpAt: string | null;
  priority: Task['priority'];
  overdue: boolean;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  completedOnBehalfOf: string | null;
  form: { fields: FormField[]; context: Record<string, unknown> | null };
  /** Why the caller may act on the task ("HR of Huaxin Auto Parts", "responder of Production Department"); null: they may not. */
  candidacy: Candidacy | null;
  actions: { canClaim: boolean; canUnclaim: boolean; canComplete: boolean; canDelegate: boolean };
}

export interface Candidacy {
  kind: 'assignee' | 'substitute' | CandidateReason['kind'];
  /** The candidate role (kind `role`). */
  role: string | null;
  /** The unit the person heads, responds for, or holds the role for. */
  unitName: string | null;
}

interface Loaded {
  task: Task;
  unit: OrgUnit;
  assignee: User | null;
  /** Open tasks: who they are for (user id → why). */
  candidates: Map<string, CandidateReason>;
}

const SUPERVISORS = ['department_head', 'manager', 'safety_officer'] as const;

export class TaskService {
  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
  ) {}

  private isCandidate(p: Principal, l: Loaded): boolean {
    return l.candidates.has(p.userId);
  }

  private candidacy(p: Principal, l: Loaded): Candidacy | null {
    const actor = this.actsFor(p, l);
    if (actor) return { kind: actor === 'self' ? 'assignee' : 'substitute', role: null, unitName: null };
    const why = l.candidates.get(p.userId);
    if (!why) return null;
    return { kind: why.kind, role: why.kind === 'role' ? why.role : null, unitName: why.unitName };
  }

  private actsFor(p: Principal, l: Loaded): 'self' | 'substitute' | null {
    if (!l.assignee) return null;
    if (l.assignee.id === p.userId) return 'self';
    if (l.assignee.substituteUserId === p.userId) return 'substitute';
    return null;
  }

  private supervises(p: Principal, l: Loaded): boolean {
    return hasRole(p, 'admin') || (hasRole(p, ...SUPERVISORS) && l.unit.path.startsWith(p.orgUnitPath));
  }

  private visible(p: Principal, l: Loaded): boolean {
    return inScope(p, l.unit.path) || this.isCandidate(p, l) || this.actsFor(p, l) !== null || l.task.completedBy === p.username;
  }

  private view(p: Principal, l: Loaded, now = new Date()): TaskView {
    const t = l.task;
    const open = t.status === 'open';
    const actor = this.actsFor(p, l);
    return {
      id: t.id,
      workflowId: t.workflowId,
      processType: t.processType,
      taskType: t.taskType,
      title: forReader(t.titleText, t.title),
      description: forReader(t.descriptionText, t.description),
      orgUnitId: t.orgUnitId,
      orgUnitName: nameOf(l.unit),
      candidateRole: t.candidateRole,
      assignee: l.assignee ? { id: l.assignee.id, username: l.assignee.username, displayName: displayNameOf(l.assignee) } : null,
      status: t.status,
      dueAt: t.dueAt?.toISOString() ?? null,
      followUpAt: t.followUpAt?.toISOString() ?? null,
      priority: t.priority,
      overdue: open && !!t.dueAt && t.dueAt.getTime() < now.getTime(),
      createdAt: t.createdAt.toISOString(),
      completedAt: t.completedAt?.toISOString() ?? null,
      completedBy: t.completedBy,
      completedOnBehalfOf: t.completedOnBehalfOf,
      form: formOf(t.taskType, t.context),
      candidacy: open ? this.candidacy(p, l) : null,
      actions: {
        canClaim: open && !l.assignee && this.isCandidate(p, l),
        canUnclaim: open && !!l.assignee && (actor === 'self' || this.supervises(p, l)),
        canComplete: open && (actor !== null || (!l.assignee && this.isCandidate(p, l))),
        canDelegate: open && (actor === 'self' || this.supervises(p, l)),
      },
    };
  }

  private async hydrate(tasks: Task[]): Promise<Loaded[]> {
    const unitIds = [...new Set(tasks.map((t) => t.orgUnitId))];
    const userIds = [...new Set(tasks.map((t) => t.assigneeUserId).filter((x): x is string => !!x))];
    const [units, users, candidates] = await Promise.all([
      unitIds.length ? this.ds.getRepository(OrgUnit).findBy({ id: In(unitIds) }) : [],
      userIds.length ? this.ds.getRepository(User).findBy({ id: In(userIds) }) : [],
      resolveCandidates(
        this.ds,
        tasks.filter((t) => t.status === 'open'),
      ),
    ]);
    return tasks.map((task) => ({
      task,
      unit: units.find((u) => u.id === task.orgUnitId)!,
      assignee: users.find((u) => u.id === task.assigneeUserId) ?? null,
      candidates: candidates.get(task.id) ?? new Map<string, CandidateReason>(),
    }));
  }

  /** Loads a task the caller may see, else 404. */
  private async load(p: Principal, id: string): Promise<Loaded> {
    const task = await this.ds.getRepository(Task).findOneBy({ id });
    if (!task) throw new NotFoundError('No such task');
    const [l] = await this.hydrate([task]);
    if (!this.visible(p, l)) throw new NotFoundError('No such task');
    return l;
  }

  async get(p: Principal, id: string): Promise<TaskView> {
    return this.view(p, await this.load(p, id));
  }

  async list(p: Principal, q: { view: 'mine' | 'team' | 'completed'; page: number; pageSize: number }): Promise<{ items: TaskView[]; total: number }> {
    const qb = this.ds.getRepository(Task).createQueryBuilder('t').innerJoin(OrgUnit, 'ou', 'ou.id = t.org_unit_id');
    const substituteFor = (await this.ds.getRepository(User).findBy({ substituteUserId: p.userId })).map((u) => u.id);
    if (q.view === 'mine') {
      const candidate = await whereCandidate(this.ds, p);
      qb.where('t.status = :open', { open: 'open' }).andWhere(
        new Brackets((w) => {
          w.where('t.assignee_user_id IN (:...me)', { me: [p.userId, ...substituteFor] }).orWhere(
            new Brackets((c) => {
              c.where('t.assignee_user_id IS NULL').andWhere(candidate);
            }),
          );
        }),
      );
    } else {
      qb.where('t.status = :status', { status: q.view === 'team' ? 'open' : 'completed' });
      if (!p.roles.some((r) => r === 'admin' || r === 'auditor')) {
        qb.andWhere(
          new Brackets((w) => {
            w.where('ou.path LIKE :scope', { scope: `${escapeLike(p.orgUnitPath)}%` }).orWhere('t.completed_by = :me', { me: p.username });
          }),
        );
      }
    }
    qb.orderBy(q.view === 'completed' ? 't.completedAt' : 't.dueAt', q.view === 'completed' ? 'DESC' : 'ASC').addOrderBy('t.id', 'ASC');
    const [tasks, total] = await qb
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const now = new Date();
    return { items: (await this.hydrate(tasks)).map((l) => this.view(p, l, now)), total };
  }

  async claim(p: Principal, id: string): Promise<TaskView> {
    const l = await this.load(p, id);
    if (l.assignee?.id === p.userId) return this.view(p, l);
    if (l.task.status !== 'open') throw new ConflictError('The task is closed');
    if (l.assignee) throw new ConflictError(`The task is already claimed by ${l.assignee.username}`);
    if (!this.isCandidate(p, l))
      throw new ForbiddenError(
        await this.notForYou(p, l, 'You are not a candidate for this task: it is for the responders of its unit or the holders of its role'),
      );
    await this.assign(p, l, p.userId, 'task.claimed', null);
    return this.get(p, id);
  }

  async unclaim(p: Principal, id: string): Promise<TaskView> {
    const l = await this.load(p, id);
    if (!l.assignee || l.task.status !== 'open') return this.view(p, l);
    if (!(this.actsFor(p, l) === 'self' || this.supervises(p, l))) throw new ForbiddenError('Only the assignee or a supervisor can release the task');
    await this.assign(p, l, null, 'task.unclaimed', null);
    return this.get(p, id);
  }

  async delegate(p: Principal, id: string, toUserId: string): Promise<TaskView> {
    const { l, target } = await this.checkDelegation(p, id, toUserId);
    await this.assign(p, l, target.id, 'task.delegated', l.assignee?.username ?? p.username);
    return this.get(p, id);
  }

  /**
   * Throws unless the caller may hand the task to this user: the assignee or a supervisor, to an
   * active user of their scope who could have been given the task (role, scope, not the requester).
   */
  async checkDelegation(p: Principal, id: string, toUserId: string): Promise<{ l: Loaded; target: User }> {
    const l = await this.load(p, id);
    if (l.task.status !== 'open') throw new ConflictError('The task is closed');
    if (!(this.actsFor(p, l) === 'self' || this.supervises(p, l))) throw new ForbiddenError('Only the assignee or a supervisor can delegate the task');
    const target = await this.ds.getRepository(User).findOneBy({ id: toUserId, active: true });
    const targetUnit = target ? await this.ds.getRepository(OrgUnit).findOneBy({ id: target.orgUnitId }) : null;
    if (!target || !targetUnit || !inScope(p, targetUnit.path))
      throw new ValidationError([{ path: 'body.toUserId', message: 'no such active user in your scope' }]);
    const why = await this.ineligibility(l, target);
    if (why) throw new ForbiddenError(`${target.username} could not have been given "${l.task.title}": ${why}`);
    return { l, target };
  }

  /**
   * Why this user could not have been given the task (role, scope, the requester of an approval),
   * or null when they could. `actingAs`: who acts for them now (a substitute), also never the requester.
   */
  private async ineligibility(l: Loaded, user: User, actingAs?: string): Promise<string | null> {
    const [graph, requesters, roles, memberUnits] = await Promise.all([
      loadCandidateGraph(this.ds, { unitIds: [l.task.orgUnitId], roles: l.task.candidateRole ? [l.task.candidateRole] : [] }),
      requestersOf(this.ds, [l.task]),
      this.ds.getRepository(UserRole).findBy({ userId: user.id }),
      this.memberPaths(user),
    ]);
    const requester = requesters.get(l.task.id);
    if (requester && (requester === user.username || requester === actingAs)) return `${requester} asked for this approval and cannot decide it`;
    const target = { userId: user.id, personId: user.personId, seatUnitId: user.orgUnitId, roles: roles.map((r) => r.role), memberPaths: memberUnits };
    if (mayBeGiven(l.task, graph, target)) return null;
    if (l.task.candidateRole && !target.roles.includes(l.task.candidateRole as never)) return `it is for the ${l.task.candidateRole} role`;
    if (l.task.candidateRole) return `it is for the holders of the ${l.task.candidateRole} role responsible for ${l.unit.name}`;
    return `it is for the responders and members of ${l.unit.name}`;
  }

  /** Why the caller may not take the task: they asked for the approval, or the general reason. */
  private async notForYou(p: Principal, l: Loaded, otherwise: string): Promise<string> {
    const requester = (await requestersOf(this.ds, [l.task])).get(l.task.id);
    return requester === p.username ? 'You asked for this approval: someone else decides it' : otherwise;
  }

  /** Paths of the units a user belongs to (login's unit and person's unit). */
  private async memberPaths(user: User): Promise<string[]> {
    const person = user.personId ? await this.ds.getRepository(Person).findOneBy({ id: user.personId }) : null;
    const units = await this.ds.getRepository(OrgUnit).findBy({ id: In([user.orgUnitId, ...(person?.active ? [person.orgUnitId] : [])]) });
    return units.map((u) => u.path);
  }

  async setFollowUp(p: Principal, id: string, followUpAt: Date | null): Promise<TaskView> {
    const l = await this.load(p, id);
    if (l.task.status !== 'open') throw new ConflictError('The task is closed');
    if (!(this.actsFor(p, l) || this.isCandidate(p, l) || this.supervises(p, l))) throw new ForbiddenError();
    await this.ds.transaction(async (em) => {
      await em.getRepository(Task).update({ id }, { followUpAt });
      await appendAudit(em, {
        actorType: 'user',
        actor: p.username,
        action: 'task.follow_up_set',
        entityType: 'task',
        entityId: id,
        stream: processStream(l.task.workflowId),
        before: { followUpAt: l.task.followUpAt },
        after: { followUpAt },
        orgUnitId: l.task.orgUnitId,
      });
    });
    return this.get(p, id);
  }

  private async assign(p: Principal, l: Loaded, userId: string | null, action: string, delegatedFrom: string | null): Promise<void> {
    await this.ds.transaction(async (em) => {
      const res = await em
        .getRepository(Task)
        .createQueryBuilder()
        .update()
        .set({ assigneeUserId: userId, ...(action === 'task.delegated' ? { delegatedFromUserId: l.assignee?.id ?? p.userId } : {}) })
        .where('id = :id AND status = :open', { id: l.task.id, open: 'open' })
        .andWhere(action === 'task.claimed' ? 'assignee_user_id IS NULL' : '1 = 1')
        .execute();
      if (!res.affected) throw new ConflictError('The task changed meanwhile; reload it');
      const to = userId ? await em.getRepository(User).findOneBy({ id: userId }) : null;
      await appendAudit(em, {
        actorType: 'user',
        actor: p.username,
        onBehalfOf: delegatedFrom && delegatedFrom !== p.username ? delegatedFrom : null,
        action,
        entityType: 'task',
        entityId: l.task.id,
        stream: processStream(l.task.workflowId),
        before: { assignee: l.assignee?.username ?? null },
        after: { assignee: to?.username ?? null, ...(delegatedFrom ? { delegatedFrom } : {}) },
        orgUnitId: l.task.orgUnitId,
      });
    });
  }

  /** Form fields that name records (org units, people, evidence) must name existing ones. */
  private async checkReferences(l: Loaded, payload: Record<string, unknown>): Promise<void> {
    const fields = taskTypeDef(l.task.taskType).fields;
    const issues: { path: string; message: string }[] = [];
    let unit: OrgUnit | null = null;
    for (const f of fields.filter((x) => x.type === 'orgUnit')) {
      const v = payload[f.name];
      if (typeof v !== 'string') continue;
      unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: v });
      if (!unit || !['department', 'workshop'].includes(unit.kind))
        issues.push({ path: `body.payload.${f.name}`, message: 'must be an existing department or workshop' });
    }
    for (const f of fields.filter((x) => x.type === 'person')) {
      const v = payload[f.name];
      if (typeof v !== 'string') continue;
      const person = await this.ds.getRepository(Person).findOneBy({ id: v, active: true });
      const pu = person ? await this.ds.getRepository(OrgUnit).findOneBy({ id: person.orgUnitId }) : null;
      if (!pu || (unit && !pu.path.startsWith(unit.path)))
        issues.push({ path: `body.payload.${f.name}`, message: 'must be an active person of the chosen unit' });
    }
    for (const f of fields.filter((x) => x.type === 'actions')) {
      const actions = payload[f.name];
      if (!Array.isArray(actions)) continue;
      for (const [i, a] of (actions as { orgUnitId: string }[]).entries()) {
        const u = await this.ds.getRepository(OrgUnit).findOneBy({ id: a.orgUnitId });
        if (!u || !['department', 'workshop'].includes(u.kind))
          issues.push({ path: `body.payload.${f.name}.${i}.orgUnitId`, message: 'must be an existing department or workshop' });
      }
    }
    const context = l.task.context ? (JSON.parse(l.task.context) as { items?: { key: string }[]; matrixSize?: number }) : {};
    const keys = new Set((context.items ?? []).map((i) => i.key));
    for (const f of fields.filter((x) => ['riskItems', 'measureProposals', 'controlPlan'].includes(x.type))) {
      const rows = payload[f.name];
      if (!Array.isArray(rows)) continue;
      for (const [i, r] of (rows as { ownerOrgUnitId?: string; itemKey?: string; likelihood?: number; severity?: number }[]).entries()) {
        for (const axis of ['likelihood', 'severity'] as const) {
          const v = r[axis];
          if (context.matrixSize && v !== undefined && v > context.matrixSize)
            issues.push({ path: `body.payload.${f.name}.${i}.${axis}`, message: `must be from 1 to ${context.matrixSize}` });
        }
        if (r.ownerOrgUnitId !== undefined) {
          const u = await this.ds.getRepository(OrgUnit).findOneBy({ id: r.ownerOrgUnitId });
          if (!u || !['department', 'workshop'].includes(u.kind))
            issues.push({ path: `body.payload.${f.name}.${i}.ownerOrgUnitId`, message: 'must be an existing department or workshop' });
        }
        if (r.itemKey !== undefined && !keys.has(r.itemKey))
          issues.push({ path: `body.payload.${f.name}.${i}.itemKey`, message: 'not an item of this risk register' });
        const due = (r as { dueAt?: string }).dueAt;
        if (due !== undefined && Date.parse(due) <= Date.now()) issues.push({ path: `body.payload.${f.name}.${i}.dueAt`, message: 'must be in the future' });
      }
    }
    for (const f of fields.filter((x) => x.type === 'evidence')) {
      const ids = payload[f.name];
      if (!Array.isArray(ids) || ids.length === 0) continue;
      const found = await this.ds.getRepository(Evidence).findBy({ id: In(ids as string[]) });
      if (found.length !== new Set(ids).size) issues.push({ path: `body.payload.${f.name}`, message: 'unknown evidence id' });
    }
    if (issues.length) throw new ValidationError(issues);
  }

  async complete(p: Principal, id: string, payload: unknown): Promise<TaskView> {
    const l = await this.load(p, id);
    if (l.task.status === 'completed') {
      if (l.task.completedBy === p.username) return this.view(p, l); // completing twice changes nothing
      throw alreadyCompleted(l.task.completedBy);
    }
    if (l.task.status === 'cancelled') throw new AppError(409, 'process_closed', 'This task was withdrawn: its process ended or moved past it');
    const actor = this.actsFor(p, l);
    if (!(actor || (!l.assignee && this.isCandidate(p, l))))
      throw new ForbiddenError(await this.notForYou(p, l, 'You are not the assignee or a candidate for this task'));
    const ineligible = actor ? await this.ineligibility(l, l.assignee!, p.username) : null;
    if (ineligible) throw new ForbiddenError(`${l.assignee!.username} may no longer complete this task: ${ineligible}`);
    const parsed = taskTypeDef(l.task.taskType).schema.safeParse(payload ?? {});
    if (!parsed.success)
      throw new ValidationError(parsed.error.issues.map((i) => ({ path: ['body', 'payload', ...i.path.map(String)].join('.'), message: i.message })));
    await this.checkReferences(l, parsed.data as Record<string, unknown>);
    const onBehalfOf = actor === 'substitute' ? l.assignee!.username : null;
    const send = () =>
      updateHandle(this.client, l.task.workflowId).executeUpdate(completeTaskUpdate, {
        args: [
          {
            taskId: id,
            by: p.username,
            byName: { en: p.displayName, zh: p.displayNameZh ?? null },
            onBehalfOf,
            payload: parsed.data as Record<string, unknown>,
          },
        ],
        // A resend by the same person (a double tap, a retried request) gets the first result;
        // someone else's completion of the same task is a different update and is refused.
        updateId: completionUpdateId(id, p.username),
      });
    try {
      // A process writes a step's tasks in a local activity: after a worker's crash the rows can be
      // in the inbox before the process, replaying, has reached the step again, and until then it
      // does not know the task. While the row stays open the completion is sent again (a refusal
      // is not recorded in the process's history), for as long as an update may take.
      let until: number | null = null;
      for (;;) {
        try {
          await send();
          break;
        } catch (err) {
          const refused = err instanceof WorkflowUpdateFailedError ? ((err.cause as Error | undefined)?.message ?? err.message) : '';
          until ??= Date.now() + NOT_YET_OPEN_RETRY_MS;
          if (!NOT_OPEN_IN_PROCESS.test(refused) || Date.now() > until) throw err;
          const row = await this.ds.getRepository(Task).findOne({ where: { id }, select: { id: true, status: true } });
          if (row?.status !== 'open') throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    } catch (err) {
      const reason = err instanceof WorkflowUpdateFailedError ? ((err.cause as Error | undefined)?.message ?? err.message) : '';
      const fresh = await this.load(p, id);
      const takenBy = reason.startsWith(ALREADY_COMPLETED)
        ? reason.slice(ALREADY_COMPLETED.length)
        : fresh.task.status === 'completed'
          ? fresh.task.completedBy
          : null;
      if (takenBy === p.username) return this.view(p, await this.loadWhenRecorded(p, id)); // this person's earlier completion
      if (takenBy) throw alreadyCompleted(takenBy);
      const ended = async () =>
        (
          await this.client.workflow
            .getHandle(l.task.workflowId)
            .describe()
            .catch(() => null)
        )?.status.name !== 'RUNNING';
      if (
        err instanceof WorkflowNotFoundError ||
        /already completed|not found|workflow execution.*(completed|closed|terminated)/i.test((err as Error).message) ||
        (!(err instanceof WorkflowUpdateFailedError) && (await ended()))
      ) {
        throw new AppError(409, 'process_closed', 'The process this task belongs to has ended');
      }
      if (err instanceof WorkflowUpdateFailedError) throw new ConflictError(`The process refused: ${(err.cause as Error | undefined)?.message ?? err.message}`);
      throw err;
    }
    return this.view(p, await this.loadWhenRecorded(p, id));
  }

  /** The task once its completion is in the inbox (the workflow records it before its update returns; an earlier run's may still be committing). */
  private async loadWhenRecorded(p: Principal, id: string): Promise<Loaded> {
    for (let i = 0; ; i++) {
      const l = await this.load(p, id);
      if (l.task.status !== 'open' || i >= 20) return l;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function alreadyCompleted(by: string | null): AppError {
  return new AppError(409, 'task_already_completed', `${by ?? 'Someone else'} already completed this task`, [{ path: 'completedBy', message: by ?? '' }]);
}

/** The update id of one person's completion of one task. */
export function completionUpdateId(taskId: string, username: string): string {
  return `complete:${taskId}:${username}`;
}

/** A task's form: its type's fields (scales fitted to the process's risk matrix) and the context the process gave it. */
function formOf(taskType: string, rawContext: string | null): { fields: FormField[]; context: Record<string, unknown> | null } {
  const context = rawContext ? (JSON.parse(rawContext) as Record<string, unknown>) : null;
  return { fields: formFieldsOf(taskType, context), context };
}
