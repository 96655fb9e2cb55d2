import { In } from 'typeorm';
import { appendAudit } from '../db/audit/audit-log';
import { Fact, Hazard, HazardEvent, OrgUnit, Task } from '../db/entities';
import { escapeLike } from '../db/sql';
import type { HazardReport, HazardUnits, Responsible } from '../workflows/hazard/messages';
import type { ActivityDeps } from './deps';

export interface FactInput {
  id: string;
  kind: string;
  personId: string | null;
  attribution: string;
  orgUnitId: string | null;
  departmentHeadPersonId: string | null;
  sourceWorkflowId: string;
  subjectId: string;
  value: number | null;
  occurredAt: string;
  data: Record<string, unknown>;
  policyVersion: number | null;
}

export interface HazardTransition {
  hazardId: string;
  workflowId: string;
  changes: Partial<Record<keyof Hazard, unknown>>;
  event?: { id: string; type: string; actor: string; at: string; data: Record<string, unknown> };
  facts?: FactInput[];
}

/** The projection row of a freshly reported hazard (written by the API at once, and by the workflow). */
export function projectionOf(r: HazardReport, workflowId: string, policyVersion: number): Partial<Hazard> {
  return {
    id: r.hazardId,
    workflowId,
    title: r.title,
    description: r.description,
    category: r.category,
    area: r.area,
    orgUnitId: r.orgUnitId,
    suspectedSeverity: r.suspectedSeverity,
    evidenceIds: r.evidenceIds,
    reporterUserId: r.reporterUserId,
    reporterPersonId: r.reporterPersonId,
    status: 'grading',
    reportedAt: new Date(r.reportedAt),
    policyVersion,
  };
}

/** Writes scoring facts; the ID (workflow ID + step) makes a repeat a no-op. */
export async function insertFacts(em: import('typeorm').EntityManager, facts: FactInput[]): Promise<void> {
  for (const f of facts) {
    await em
      .createQueryBuilder()
      .insert()
      .into(Fact)
      .values({ ...f, occurredAt: new Date(f.occurredAt), data: JSON.stringify(f.data) })
      .orIgnore()
      .execute();
  }
}

const DATE_FIELDS = new Set(['dueAt', 'gradedAt', 'acknowledgedAt', 'closedAt', 'reportedAt']);

/** Hazard projection, timeline and scoring facts; every write idempotent per workflow step. */
export function createHazardActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  const units = () => dataSource.getRepository(OrgUnit);

  async function ancestors(unit: OrgUnit): Promise<OrgUnit[]> {
    return units().findBy({ id: In(unit.path.split('/').filter(Boolean)) });
  }
  const nearest = (list: OrgUnit[], kinds: OrgUnit['kind'][]) => list.filter((a) => kinds.includes(a.kind)).sort((a, b) => b.path.length - a.path.length)[0];

  return {
    /** The plant's safety hub, production and equipment departments for a hazard found in `orgUnitId`. */
    async resolveHazardUnits(orgUnitId: string): Promise<HazardUnits> {
      const unit = await units().findOneByOrFail({ id: orgUnitId });
      const site = nearest(await ancestors(unit), ['plant']) ?? nearest(await ancestors(unit), ['company', 'group'])!;
      const depts = await units()
        .createQueryBuilder('o')
        .where('o.path LIKE :p', { p: `${escapeLike(site.path)}%` })
        .andWhere('o.kind = :k', { k: 'department' })
        .getMany();
      const fn = (f: string) => depts.find((d) => d.departmentFunction === f)?.id ?? site.id;
      return { safety: fn('safety'), production: fn('production'), equipment: fn('equipment'), plant: site.id };
    },

    /** Attribution (SPEC §4): the named person, else the head of the unit's department. */
    async resolveResponsible(input: { orgUnitId: string; personId: string | null }): Promise<Responsible> {
      const unit = await units().findOneByOrFail({ id: input.orgUnitId });
      const chain = await ancestors(unit);
      const dept = nearest(chain, ['department']);
      const headUnit = unit.headPersonId ? unit : dept;
      const head = headUnit?.headPersonId ?? null;
      const level: Responsible['level'] = unit.kind === 'workshop' ? 'workshop' : unit.kind === 'department' || unit.kind === 'plant' ? 'plant' : 'headquarters';
      if (input.personId) return { orgUnitId: unit.id, personId: input.personId, attribution: 'direct', departmentHeadPersonId: head, level };
      return { orgUnitId: unit.id, personId: head, attribution: head ? 'department_head' : 'none', departmentHeadPersonId: head, level };
    },

    async recordHazardReported(input: { report: HazardReport; workflowId: string; policyVersion: number }): Promise<void> {
      const r = input.report;
      await dataSource.transaction(async (em) => {
        if (await em.getRepository(HazardEvent).existsBy({ id: `${input.workflowId}/reported` })) return;
        const row = projectionOf(r, input.workflowId, input.policyVersion);
        await em.createQueryBuilder().insert().into(Hazard).values(row).orIgnore().execute();
        await em.getRepository(HazardEvent).insert({ id: `${input.workflowId}/reported`, hazardId: r.hazardId, at: new Date(r.reportedAt), type: 'reported', actor: r.reporterUsername, data: JSON.stringify({ title: r.title, category: r.category, area: r.area, evidenceIds: r.evidenceIds }) });
        await insertFacts(em, [
          {
            id: `${input.workflowId}/reported`,
            kind: 'hazard.reported',
            personId: r.reporterPersonId,
            attribution: 'reporter',
            orgUnitId: r.orgUnitId,
            departmentHeadPersonId: null,
            sourceWorkflowId: input.workflowId,
            subjectId: r.hazardId,
            value: 1,
            occurredAt: r.reportedAt,
            data: { category: r.category, suspectedSeverity: r.suspectedSeverity },
            policyVersion: input.policyVersion,
          },
        ]);
        await appendAudit(em, { actorType: 'workflow', actor: input.workflowId, onBehalfOf: r.reporterUsername, action: 'hazard.reported', entityType: 'hazard', entityId: r.hazardId, after: row, orgUnitId: r.orgUnitId, at: new Date(r.reportedAt) });
      });
    },

    /** One transition: projection fields, a timeline event and facts, with an audit row. */
    async recordHazardTransition(t: HazardTransition): Promise<void> {
      await dataSource.transaction(async (em) => {
        if (t.event && (await em.getRepository(HazardEvent).existsBy({ id: t.event.id }))) return; // already applied
        const before = await em.getRepository(Hazard).findOneByOrFail({ id: t.hazardId });
        const changes: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(t.changes)) changes[k] = DATE_FIELDS.has(k) && typeof v === 'string' ? new Date(v) : v;
        if (Object.keys(changes).length) await em.getRepository(Hazard).update({ id: t.hazardId }, changes);
        if (t.event) await em.getRepository(HazardEvent).insert({ id: t.event.id, hazardId: t.hazardId, at: new Date(t.event.at), type: t.event.type, actor: t.event.actor, data: JSON.stringify(t.event.data) });
        await insertFacts(em, t.facts ?? []);
        const picked = Object.fromEntries(Object.keys(changes).map((k) => [k, (before as unknown as Record<string, unknown>)[k]]));
        await appendAudit(em, {
          actorType: 'workflow',
          actor: t.workflowId,
          onBehalfOf: t.event?.actor ?? null,
          action: `hazard.${t.event?.type ?? 'updated'}`,
          entityType: 'hazard',
          entityId: t.hazardId,
          before: picked,
          after: { ...changes, ...(t.event ? { event: t.event.data } : {}), ...(t.facts?.length ? { facts: t.facts.map((f) => f.id) } : {}) },
          orgUnitId: before.orgUnitId,
          at: t.event ? new Date(t.event.at) : undefined,
        });
      });
    },

    /** Cancels specific open tasks (rerouted, superseded, or the hazard was cancelled). */
    async cancelTasks(input: { workflowId: string; ids: string[]; reason: string }): Promise<void> {
      if (!input.ids.length) return;
      await dataSource.transaction(async (em) => {
        const open = await em.getRepository(Task).findBy({ id: In(input.ids), workflowId: input.workflowId, status: 'open' });
        for (const t of open) {
          await em.getRepository(Task).update({ id: t.id }, { status: 'cancelled' });
          await appendAudit(em, { actorType: 'workflow', actor: input.workflowId, action: 'task.cancelled', entityType: 'task', entityId: t.id, before: { status: 'open' }, after: { status: 'cancelled', reason: input.reason }, orgUnitId: t.orgUnitId });
        }
      });
    },
  };
}

export type HazardActivities = ReturnType<typeof createHazardActivities>;
