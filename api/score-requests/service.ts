import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { In, type DataSource } from 'typeorm';
import { AssessmentCycle, Declaration, Evidence, OrgUnit, Person, ScoreAdjustment, ScoreAppeal, ScoreResult, ScoreSnapshot, Task } from '../../db/entities';
import { escapeLike } from '../../db/sql';
import { currentPolicy } from '../../db/stores/policy-store';
import { adjustmentWorkflowId, type AdjustmentInput } from '../../workflows/adjustment/messages';
import { ManualAdjustmentWorkflow } from '../../workflows/adjustment/workflow';
import { appealWorkflowId, type AppealInput } from '../../workflows/appeal/messages';
import { AppealWorkflow } from '../../workflows/appeal/workflow';
import { declarationWorkflowId, type DeclarationInput } from '../../workflows/declaration/messages';
import { DeclarationWorkflow } from '../../workflows/declaration/workflow';
import { improvementPlanStateQuery } from '../../workflows/improvement-plan/messages';
import { ImprovementPlanWorkflow } from '../../workflows/improvement-plan/workflow';
import { parsePeriod, periodContaining } from '../../domain/assessment-cycle/period';
import type { TaskService, TaskView } from '../tasks/service';
import { hasRole, inScope, seesEverything } from '../platform/access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { MAX_PAGE_SIZE } from '../platform/pagination';
import type { Principal } from '../platform/route';

export const ADJUSTMENT_REASONS = ['data_error', 'missed_evidence', 'exceptional_contribution', 'other'] as const;

/** Appeals and manual adjustments of published scores. */
export class ScoreRequestService {
  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly tasks: TaskService,
  ) {}

  /** A person declares extra evidence (self-run training, improvement idea) for a period; their department head reviews it. */
  async declare(p: Principal, b: { kind: 'training' | 'improvement_idea' | 'other'; title: string; text: string; evidenceIds: string[]; period?: string }) {
    if (!p.personId) throw new ForbiddenError('Only people with a score can declare');
    const period = b.period ? parsePeriod(b.period) : periodContaining('monthly', new Date());
    if (!period) throw new ValidationError([{ path: 'body.period', message: 'expected 2026-11, 2026-Q4 or 2026-W47' }]);
    if (Date.parse(period.start) > Date.now()) throw new ValidationError([{ path: 'body.period', message: 'the period has not started yet' }]);
    if (b.evidenceIds.length) {
      const found = await this.ds.getRepository(Evidence).findBy({ id: In(b.evidenceIds) });
      if (found.length !== new Set(b.evidenceIds).size) throw new ValidationError([{ path: 'body.evidenceIds', message: 'unknown evidence id' }]);
    }
    const person = await this.ds.getRepository(Person).findOneByOrFail({ id: p.personId });
    const unit = await this.ds.getRepository(OrgUnit).findOneByOrFail({ id: person.orgUnitId });
    const chain = await this.ds.getRepository(OrgUnit).findBy({ id: In(unit.path.split('/').filter(Boolean)) });
    const dept = chain.filter((u) => u.kind === 'department').sort((a, c) => c.path.length - a.path.length)[0] ?? unit;
    const policy = await currentPolicy(this.ds);
    const declarationId = randomUUID();
    const workflowId = declarationWorkflowId(declarationId);
    await this.ds.getRepository(Declaration).insert({
      id: declarationId,
      workflowId,
      personId: person.id,
      kind: b.kind,
      title: b.title,
      text: b.text,
      evidenceIds: JSON.stringify(b.evidenceIds),
      period: period.label,
      declaredBy: p.username,
      status: 'pending',
    });
    const input: DeclarationInput = {
      declarationId,
      personId: person.id,
      personName: person.name,
      departmentId: dept.id,
      period: period.label,
      periodEnd: period.end,
      kind: b.kind,
      title: b.title,
      declarant: p.username,
      declarantUserId: p.userId,
      policy: policy.document,
      policyVersion: policy.version,
    };
    try {
      await this.client.workflow.start(DeclarationWorkflow, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      await this.ds.getRepository(Declaration).delete({ id: declarationId });
      throw err;
    }
    return { declarationId, workflowId };
  }

  async listDeclarations(p: Principal) {
    const qb = this.ds
      .getRepository(Declaration)
      .createQueryBuilder('d')
      .innerJoin(Person, 'pe', 'pe.id = d.person_id')
      .innerJoin(OrgUnit, 'ou', 'ou.id = pe.org_unit_id')
      .addSelect('pe.name', 'personName');
    if (!seesEverything(p)) qb.andWhere('(ou.path LIKE :scope OR d.person_id = :me)', { scope: `${escapeLike(p.orgUnitPath)}%`, me: p.personId ?? '-' });
    const { entities, raw } = await qb.orderBy('d.createdAt', 'DESC').take(200).getRawAndEntities<{ personName: string }>();
    return {
      items: entities.map((d, i) => ({
        ...d,
        personName: raw[i]?.personName ?? '',
        evidenceIds: JSON.parse(d.evidenceIds) as string[],
        createdAt: d.createdAt.toISOString(),
        reviewedAt: d.reviewedAt?.toISOString() ?? null,
      })),
    };
  }

  /** Improvement plans (from Temporal visibility, state by query) of people the caller may see. */
  async listPlans(p: Principal, only?: string) {
    const items = [];
    // Visibility query literals: no quote, backslash or control character can end or break one.
    const literal = (v: string) => `'${[...v].filter((c) => c >= ' ' && c !== "'" && c !== '\\').join('')}'`;
    const query = `${only ? `WorkflowId = ${literal(only)}` : `WorkflowType = ${literal(ImprovementPlanWorkflow.name)}`} AND TaskQueue = ${literal(this.taskQueue)}`;
    for await (const w of this.client.workflow.list({ query })) {
      if (!w.workflowId.startsWith('ImprovementPlan:') || w.type !== ImprovementPlanWorkflow.name) continue;
      const personId = w.workflowId.split(':').pop()!;
      const cycleId = w.workflowId.slice('ImprovementPlan:'.length, -(personId.length + 1));
      const person = await this.ds.getRepository(Person).findOneBy({ id: personId });
      const unit = person ? await this.ds.getRepository(OrgUnit).findOneBy({ id: person.orgUnitId }) : null;
      if (!person || !unit || (personId !== p.personId && !inScope(p, unit.path))) continue;
      const state = await this.client.workflow
        .getHandle(w.workflowId)
        .query(improvementPlanStateQuery)
        .catch(() => null);
      items.push({
        workflowId: w.workflowId,
        cycleId,
        period: cycleId.split(':').pop() ?? '',
        personId,
        personName: person.name,
        status: w.status.name,
        ...(state ?? { phase: null, targets: null, measures: null, dueAt: null, checkedBy: null, openTasks: [] }),
      });
      if (items.length >= MAX_PAGE_SIZE) break; // bounded like the other unpaged lists (appeals, declarations)
    }
    return { items };
  }

  async plan(p: Principal, workflowId: string) {
    const [item] = (await this.listPlans(p, workflowId)).items;
    if (!item) throw new NotFoundError('No such improvement plan');
    const rows = await this.ds.getRepository(Task).find({ where: { workflowId }, order: { createdAt: 'ASC' } });
    const tasks: TaskView[] = [];
    for (const t of rows) {
      const v = await this.tasks.get(p, t.id).catch(() => null);
      if (v) tasks.push(v);
    }
    return { ...item, tasks };
  }

  private async publishedLine(cycleId: string, personId: string, lineCode: string | null, path: string) {
    const cycle = await this.ds.getRepository(AssessmentCycle).findOneBy({ id: cycleId });
    if (!cycle) throw new ValidationError([{ path: 'body.cycleId', message: 'no such assessment cycle' }]);
    const snap = await this.ds.getRepository(ScoreSnapshot).findOneBy({ cycleId, status: 'published' });
    if (!snap) throw new ConflictError('The cycle has no published scores yet');
    const row = await this.ds.getRepository(ScoreResult).findOneBy({ snapshotId: snap.id, subjectId: personId });
    if (!row) throw new ValidationError([{ path, message: 'no published score of this subject in the cycle' }]);
    if (lineCode) {
      const lines = JSON.parse(row.lines) as { indicatorCode?: string; ruleCode?: string }[];
      if (!lines.some((l) => (l.indicatorCode ?? l.ruleCode) === lineCode))
        throw new ValidationError([{ path: 'body.lineCode', message: 'no such line in the published score' }]);
    }
    return { cycle, snap, row };
  }

  /** A person appeals a line of their own published score, within the window; level 2 follows a decided level-1 appeal. */
  async appeal(p: Principal, b: { cycleId: string; lineCode: string; reason: string; parentAppealId?: string }) {
    if (!p.personId) throw new ForbiddenError('Only people with a score can appeal');
    const { cycle, snap } = await this.publishedLine(b.cycleId, p.personId, b.lineCode, 'body.cycleId');
    const policy = await currentPolicy(this.ds);
    let level = 1;
    if (b.parentAppealId) {
      const parent = await this.ds.getRepository(ScoreAppeal).findOneBy({ id: b.parentAppealId, subjectId: p.personId });
      if (!parent) throw new ValidationError([{ path: 'body.parentAppealId', message: 'no such appeal of yours' }]);
      if (parent.status === 'open') throw new ConflictError('The first appeal is not decided yet');
      if (parent.level >= 2) throw new ConflictError('There is only one further level of appeal');
      if (parent.cycleId !== b.cycleId || parent.lineCode !== b.lineCode)
        throw new ValidationError([{ path: 'body.lineCode', message: 'a further appeal is about the same line' }]);
      level = 2;
    } else {
      const opened = (snap.publishedAt ?? cycle.publishedAt ?? new Date()).getTime();
      const first =
        (
          await this.ds
            .getRepository(ScoreSnapshot)
            .findOne({ where: { cycleId: cycle.id, status: In(['published', 'superseded']) }, order: { version: 'ASC' } })
        )?.publishedAt?.getTime() ?? opened;
      if (Date.now() > first + policy.document.sla.appealWindow * 1000) throw new ConflictError('The appeal window of this cycle has closed');
    }
    const person = await this.ds.getRepository(Person).findOneByOrFail({ id: p.personId });
    const appealId = randomUUID();
    const workflowId = appealWorkflowId(appealId);
    await this.ds.transaction(async (em) => {
      const open = await em.getRepository(ScoreAppeal).findOne({
        where: { cycleId: b.cycleId, subjectId: p.personId!, lineCode: b.lineCode, status: 'open' },
        lock: this.ds.options.type === 'sqljs' ? undefined : { mode: 'pessimistic_write' },
      });
      if (open) throw new ConflictError('This line already has an open appeal');
      await em.getRepository(ScoreAppeal).insert({
        id: appealId,
        workflowId,
        cycleId: b.cycleId,
        snapshotVersion: snap.version,
        subjectId: p.personId!,
        lineCode: b.lineCode,
        level,
        parentAppealId: b.parentAppealId ?? null,
        appellant: p.username,
        reviewerOrgUnitId: person.orgUnitId,
        reason: b.reason,
        status: 'open',
        evidenceIds: '[]',
      });
    });
    const input: AppealInput = {
      appealId,
      cycleId: b.cycleId,
      snapshotVersion: snap.version,
      personId: p.personId,
      personOrgUnitId: person.orgUnitId,
      lineCode: b.lineCode,
      level,
      appellant: p.username,
      appellantUserId: p.userId,
      reason: b.reason,
      policy: policy.document,
    };
    try {
      await this.client.workflow.start(AppealWorkflow, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        await this.ds.getRepository(ScoreAppeal).delete({ id: appealId }); // nothing half-written
        throw err;
      }
    }
    return { appealId, workflowId, level };
  }

  /** A manager or HR proposes an adjustment of a published score in their scope; a second person approves. */
  async propose(
    p: Principal,
    b: {
      cycleId: string;
      subjectType: 'person' | 'department';
      subjectId: string;
      lineCode?: string;
      delta: number;
      reasonCode: (typeof ADJUSTMENT_REASONS)[number];
      text: string;
    },
  ) {
    if (!hasRole(p, 'manager', 'hr', 'admin')) throw new ForbiddenError('Only HR and managers adjust scores');
    const { cycle } = await this.publishedLine(b.cycleId, b.subjectId, b.lineCode ?? null, 'body.subjectId');
    const unitId = b.subjectType === 'person' ? (await this.ds.getRepository(Person).findOneBy({ id: b.subjectId }))?.orgUnitId : b.subjectId;
    const unit = unitId ? await this.ds.getRepository(OrgUnit).findOneBy({ id: unitId }) : null;
    if (!unit || !inScope(p, unit.path)) throw new ValidationError([{ path: 'body.subjectId', message: 'no such subject in your scope' }]);
    const name = b.subjectType === 'person' ? ((await this.ds.getRepository(Person).findOneBy({ id: b.subjectId }))?.name ?? b.subjectId) : unit.name;
    const policy = await currentPolicy(this.ds);
    const adjustmentId = randomUUID();
    const workflowId = adjustmentWorkflowId(adjustmentId);
    await this.ds.getRepository(ScoreAdjustment).insert({
      id: adjustmentId,
      workflowId,
      cycleId: cycle.id,
      subjectType: b.subjectType,
      subjectId: b.subjectId,
      lineCode: b.lineCode ?? null,
      delta: b.delta,
      reasonCode: b.reasonCode,
      text: b.text,
      proposedBy: p.username,
      status: 'pending',
    });
    const input: AdjustmentInput = {
      adjustmentId,
      cycleId: cycle.id,
      scopeOrgUnitId: cycle.scopeOrgUnitId,
      subjectType: b.subjectType,
      subjectId: b.subjectId,
      subjectName: name,
      lineCode: b.lineCode ?? null,
      delta: b.delta,
      reasonCode: b.reasonCode,
      text: b.text,
      proposedBy: p.username,
      proposerUserId: p.userId,
      approverRole: hasRole(p, 'hr') ? 'manager' : 'hr',
      policy: policy.document,
    };
    try {
      await this.client.workflow.start(ManualAdjustmentWorkflow, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      await this.ds.getRepository(ScoreAdjustment).delete({ id: adjustmentId });
      throw err;
    }
    return { adjustmentId, workflowId };
  }

  async listAppeals(p: Principal) {
    const qb = this.ds
      .getRepository(ScoreAppeal)
      .createQueryBuilder('a')
      .innerJoin(Person, 'pe', 'pe.id = a.subject_id')
      .innerJoin(OrgUnit, 'ou', 'ou.id = pe.org_unit_id');
    if (!seesEverything(p)) qb.andWhere('(ou.path LIKE :scope OR a.subject_id = :me)', { scope: `${escapeLike(p.orgUnitPath)}%`, me: p.personId ?? '-' });
    const { entities, raw } = await qb.addSelect('pe.name', 'personName').orderBy('a.createdAt', 'DESC').take(200).getRawAndEntities<{ personName: string }>();
    return {
      items: entities.map((a, i) => ({
        ...a,
        personName: raw[i]?.personName ?? '',
        evidenceIds: JSON.parse(a.evidenceIds) as string[],
        createdAt: a.createdAt.toISOString(),
        decidedAt: a.decidedAt?.toISOString() ?? null,
      })),
    };
  }

  async listAdjustments(p: Principal) {
    if (!hasRole(p, 'manager', 'hr', 'admin', 'auditor', 'department_head')) throw new ForbiddenError();
    const rows = await this.ds.getRepository(ScoreAdjustment).find({ order: { createdAt: 'DESC' }, take: 500 });
    const people = rows.length ? await this.ds.getRepository(Person).findBy({ id: In(rows.map((r) => r.subjectId)) }) : [];
    const units = await this.ds
      .getRepository(OrgUnit)
      .findBy({ id: In([...new Set([...rows.map((r) => r.subjectId), ...people.map((x) => x.orgUnitId)]), '-']) });
    const visible = rows.filter((r) => {
      const unitId = r.subjectType === 'person' ? people.find((x) => x.id === r.subjectId)?.orgUnitId : r.subjectId;
      const u = units.find((x) => x.id === unitId);
      return !!u && inScope(p, u.path);
    });
    const nameOf = (a: ScoreAdjustment) =>
      (a.subjectType === 'person' ? people.find((x) => x.id === a.subjectId)?.name : units.find((x) => x.id === a.subjectId)?.name) ?? a.subjectId;
    return {
      items: visible.map((a) => ({ ...a, subjectName: nameOf(a), createdAt: a.createdAt.toISOString(), decidedAt: a.decidedAt?.toISOString() ?? null })),
    };
  }

  async getAppeal(p: Principal, id: string) {
    const items = (await this.listAppeals(p)).items;
    const a = items.find((x) => x.id === id);
    if (!a) throw new NotFoundError('No such appeal');
    return a;
  }
}
