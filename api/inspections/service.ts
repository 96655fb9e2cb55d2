import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { FactInput } from '../../db/projections/facts';
import { Fact, Inspection, InspectionItem, InspectionTemplate, InspectionTemplateItem, OrgUnit, Person, User } from '../../db/entities';
import {
  dayToInstant,
  inspectionFactId,
  inspectionSource,
  planInspectionImport,
  readDayCell,
  round2,
  scoreInspection,
  templateItemIssues,
  todayIn,
  totalIssue,
  type InspectionImportRow,
  type ItemEntry,
  type PlannedInspection,
  type ScoredItem,
  type TemplateItemDef,
} from '../../domain/inspections/rules';
import { hasRole, inScope, scopeQuery, listedUnit, underUnit } from '../platform/access';
import { pageRows } from '../platform/pagination';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../platform/errors';
import { z } from '../platform/openapi';
import { audit, changed, Code, isUniqueViolation, likeContains, pageWindow, uniqueOr409 } from '../org/common';
import { findDuplicates, findByKey, findIn, auditImport, importReport, validateRows, type ImportProblem, type ImportReport } from '../org/import';
import type { Table } from '../org/table';
import type { Principal } from '../platform/route';
import { named } from '../platform/names';
import { factChanged, frozenConflict, headsOf, publishedCycleCovering, rejectProblems, writeFact } from './common';

/** Who manages templates: the safety hub and admins. */
export const TEMPLATE_WRITERS = ['admin', 'safety_officer'] as const;
/** Who records inspections: the safety hub anywhere in its scope, department heads in their own subtree. */
export const INSPECTORS = ['admin', 'safety_officer', 'department_head'] as const;

export interface TemplateInput {
  templateId?: string;
  code: string;
  name: string;
  nameZh?: string | null;
  description?: string | null;
  active?: boolean;
  items: { code: string; title: string; category?: string | null; maxScore: number; weight?: number }[];
}

export interface InspectionInput {
  templateId: string;
  orgUnitId: string;
  inspectedOn: string;
  inspectorPersonId?: string | null;
  items?: { code: string; score: number | null; remark?: string | null }[];
  total?: number;
  remarks?: string | null;
}

export interface InspectionFilter {
  orgUnitId?: string;
  templateId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** What an inspection says (as an import plans it, without its id and file rows), for comparing a resend or a correction with what is stored. */
type InspectionContent = Omit<PlannedInspection, 'id' | 'rows'>;

const contentKey = (c: InspectionContent) =>
  JSON.stringify([
    c.templateId,
    c.orgUnitId,
    c.inspectedOn,
    c.inspectorPersonId,
    c.mode,
    c.score,
    c.remarks,
    c.items.map((i) => [i.code, i.title, i.category, i.maxScore, i.weight, i.score, i.remark]),
  ]);

/**
 * Inspection templates, inspections (recorded, corrected, imported) and their one
 * `inspection.scored` fact each. Every write runs in one transaction with its audit row(s).
 */
export class InspectionService {
  constructor(private readonly ds: DataSource) {}

  // ———————————————————————————————————————— templates ————————————————————————————————————————

  private async templateItems(em: EntityManager, templateIds: string[]): Promise<Map<string, TemplateItemDef[]>> {
    const rows = templateIds.length ? await em.find(InspectionTemplateItem, { where: { templateId: In(templateIds) }, order: { position: 'ASC' } }) : [];
    const out = new Map<string, TemplateItemDef[]>(templateIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.templateId)!.push({ code: r.code, title: r.title, category: r.category, maxScore: r.maxScore, weight: r.weight });
    return out;
  }

  private templateView(t: InspectionTemplate, items: TemplateItemDef[]) {
    return {
      id: t.id,
      code: t.code,
      name: t.name,
      nameZh: t.nameZh,
      description: t.description,
      active: t.active,
      items,
      maxTotal: 100,
      createdBy: t.createdBy,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  }

  async listTemplates(f: { active?: 'true' | 'false'; q?: string; page: number; pageSize: number }) {
    const qb = this.ds.getRepository(InspectionTemplate).createQueryBuilder('t');
    if (f.active) qb.andWhere('t.active = :a', { a: f.active === 'true' });
    if (f.q) qb.andWhere(`(t.name LIKE :q ESCAPE '!' OR t.nameZh LIKE :q ESCAPE '!' OR t.code LIKE :q ESCAPE '!')`, { q: likeContains(f.q) });
    const [rows, total] = await qb.orderBy('t.name', 'ASC').addOrderBy('t.id', 'ASC').skip(pageWindow(f).skip).take(pageWindow(f).take).getManyAndCount();
    const items = await this.templateItems(
      this.ds.manager,
      rows.map((t) => t.id),
    );
    return { items: rows.map((t) => this.templateView(t, items.get(t.id)!)), total };
  }

  async getTemplate(id: string) {
    const t = await this.ds.getRepository(InspectionTemplate).findOneBy({ id });
    if (!t) throw new NotFoundError('No such inspection template');
    return this.templateView(t, (await this.templateItems(this.ds.manager, [t.id])).get(t.id)!);
  }

  private checkedItems(items: TemplateInput['items']): TemplateItemDef[] {
    const defs = items.map((i) => ({ code: i.code, title: i.title, category: i.category ?? null, maxScore: i.maxScore, weight: i.weight ?? 1 }));
    const issues = templateItemIssues(defs);
    if (issues.length) throw new ValidationError(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
    return defs;
  }

  /** Creates a template; a resent `templateId` with the same content returns it (`created: false`). */
  async createTemplate(p: Principal, b: TemplateInput) {
    const defs = this.checkedItems(b.items);
    const id = b.templateId ?? randomUUID();
    const existing = b.templateId ? await this.ds.getRepository(InspectionTemplate).findOneBy({ id }) : null;
    if (existing) {
      const view = await this.getTemplate(id);
      const same =
        view.code === b.code &&
        view.name === b.name &&
        view.nameZh === (b.nameZh ?? null) &&
        (view.description ?? null) === (b.description ?? null) &&
        JSON.stringify(view.items) === JSON.stringify(defs);
      if (!same) throw new ConflictError('This template id is already used by a different template; update it with PUT');
      return { template: view, created: false };
    }
    await uniqueOr409('body.code', `Template code ${b.code}`, () =>
      this.ds.transaction(async (em) => {
        const t = em.create(InspectionTemplate, {
          id,
          code: b.code,
          name: b.name,
          nameZh: b.nameZh ?? null,
          description: b.description ?? null,
          active: b.active ?? true,
          createdBy: p.username,
        });
        await em.insert(InspectionTemplate, { ...t });
        await em.insert(
          InspectionTemplateItem,
          defs.map((d, position) => ({ templateId: id, position, ...d })),
        );
        await audit(em, p, {
          action: 'inspection.template.created',
          entityType: 'inspection_template',
          entityId: id,
          after: { code: b.code, name: b.name, nameZh: b.nameZh ?? null, description: b.description ?? null, active: b.active ?? true, items: defs },
          orgUnitId: null,
        });
      }),
    );
    return { template: await this.getTemplate(id), created: true };
  }

  /**
   * Replaces a template's name, description, active flag and items. Recorded inspections keep
   * the items as they were scored, so their scores never change.
   */
  async updateTemplate(p: Principal, id: string, b: Omit<TemplateInput, 'templateId'>) {
    const before = await this.getTemplate(id);
    const defs = this.checkedItems(b.items);
    const after = { code: b.code, name: b.name, nameZh: b.nameZh ?? null, description: b.description ?? null, active: b.active ?? before.active, items: defs };
    const old = { code: before.code, name: before.name, nameZh: before.nameZh, description: before.description, active: before.active, items: before.items };
    if (!changed(old, after)) return before;
    await uniqueOr409('body.code', `Template code ${b.code}`, () =>
      this.ds.transaction(async (em) => {
        await em.update(
          InspectionTemplate,
          { id },
          { code: after.code, name: after.name, nameZh: after.nameZh, description: after.description, active: after.active },
        );
        await em.delete(InspectionTemplateItem, { templateId: id });
        await em.insert(
          InspectionTemplateItem,
          defs.map((d, position) => ({ templateId: id, position, ...d })),
        );
        await audit(em, p, { action: 'inspection.template.updated', entityType: 'inspection_template', entityId: id, before: old, after, orgUnitId: null });
      }),
    );
    return this.getTemplate(id);
  }

  // ———————————————————————————————————————— recording ————————————————————————————————————————

  /** The unit an inspection is of: a department or workshop in the caller's scope (else 404 / 400). */
  private async unitToInspect(em: EntityManager, p: Principal, orgUnitId: string): Promise<OrgUnit> {
    const unit = await em.findOneBy(OrgUnit, { id: orgUnitId });
    if (!unit || !inScope(p, unit.path)) throw new NotFoundError('No such org unit in your scope');
    if (unit.kind !== 'department' && unit.kind !== 'workshop')
      throw new ValidationError([{ path: 'body.orgUnitId', message: 'inspections are of a department or workshop' }]);
    return unit;
  }

  /** Checks the input against its template and computes the score (400 with field paths). */
  private async evaluate(
    em: EntityManager,
    p: Principal,
    b: InspectionInput,
  ): Promise<{ content: InspectionContent; template: InspectionTemplate; unit: OrgUnit }> {
    const issues: FieldIssue[] = [];
    const template = await em.findOneBy(InspectionTemplate, { id: b.templateId });
    if (!template) throw new ValidationError([{ path: 'body.templateId', message: 'no such inspection template' }]);
    const unit = await this.unitToInspect(em, p, b.orgUnitId);
    if (b.inspectedOn > todayIn(new Date())) issues.push({ path: 'body.inspectedOn', message: 'cannot be in the future' });
    const inspectorPersonId = b.inspectorPersonId === undefined ? p.personId : b.inspectorPersonId;
    if (inspectorPersonId && !(await em.existsBy(Person, { id: inspectorPersonId })))
      issues.push({ path: 'body.inspectorPersonId', message: 'no such person' });
    let mode: 'items' | 'total';
    let score = 0;
    let items: ScoredItem[] = [];
    if (b.items) {
      mode = 'items';
      const defs = (await this.templateItems(em, [template.id])).get(template.id)!;
      const scored = scoreInspection(defs, b.items as ItemEntry[]);
      if (scored.ok) ({ score, items } = scored);
      else issues.push(...scored.issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
    } else {
      mode = 'total';
      const problem = totalIssue(b.total!);
      if (problem) issues.push({ path: 'body.total', message: problem });
      score = round2(b.total!);
    }
    if (issues.length) throw new ValidationError(issues);
    return {
      content: {
        templateId: template.id,
        orgUnitId: unit.id,
        inspectedOn: b.inspectedOn,
        inspectorPersonId: inspectorPersonId ?? null,
        mode,
        score,
        remarks: b.remarks ?? null,
        items,
      },
      template,
      unit,
    };
  }

  private async stored(em: EntityManager, i: Inspection): Promise<InspectionContent> {
    const rows = await em.find(InspectionItem, { where: { inspectionId: i.id }, order: { position: 'ASC' } });
    return {
      templateId: i.templateId,
      orgUnitId: i.orgUnitId,
      inspectedOn: i.inspectedOn,
      inspectorPersonId: i.inspectorPersonId,
      mode: i.mode,
      score: i.score,
      remarks: i.remarks,
      items: rows.map((r) => ({
        code: r.itemCode,
        title: r.title,
        category: r.category,
        maxScore: r.maxScore,
        weight: r.weight,
        position: r.position,
        score: r.score,
        remark: r.remark,
      })),
    };
  }

  /** The inspection's one fact: the 0–100 score, for the inspected unit (its head recorded as department head). */
  private async factOf(
    em: EntityManager,
    id: string,
    c: InspectionContent,
    template: Pick<InspectionTemplate, 'id' | 'code'>,
    unit: OrgUnit,
    recorded?: Fact | null,
  ): Promise<FactInput> {
    // A correction keeps the head recorded for the unit that day; a new unit gets its current head.
    const head = recorded && recorded.orgUnitId === unit.id ? recorded.departmentHeadPersonId : ((await headsOf(em, [unit])).get(unit.id) ?? null);
    return {
      id: inspectionFactId(id),
      kind: 'inspection.scored',
      personId: null,
      attribution: 'none',
      orgUnitId: unit.id,
      departmentHeadPersonId: head,
      sourceWorkflowId: inspectionSource(id),
      subjectId: id,
      value: c.score,
      occurredAt: dayToInstant(c.inspectedOn),
      data: { templateId: template.id, templateCode: template.code, mode: c.mode, items: c.items.length },
      policyVersion: null,
    };
  }

  /** Writes a new inspection: row, items, fact, audit. */
  private async insert(
    em: EntityManager,
    p: Principal,
    id: string,
    c: InspectionContent,
    template: InspectionTemplate,
    unit: OrgUnit,
    action = 'inspection.recorded',
  ): Promise<void> {
    const fact = await this.factOf(em, id, c, template, unit);
    await em.insert(Inspection, { id, ...contentColumns(c), factId: fact.id, revision: 1, recordedBy: p.username });
    await insertItems(em, id, c);
    await writeFact(em, fact);
    await audit(em, p, { action, entityType: 'inspection', entityId: id, after: { ...c, factId: fact.id }, orgUnitId: unit.id });
  }

  /**
   * Replaces a recorded inspection's content and its fact. Refused (409) when a published
   * assessment cycle already counts the fact as it is or would count it as it becomes.
   */
  private async replace(
    em: EntityManager,
    p: Principal,
    current: Inspection,
    before: InspectionContent,
    c: InspectionContent,
    template: InspectionTemplate,
    unit: OrgUnit,
  ): Promise<void> {
    const old = await em.findOneBy(Fact, { id: current.factId });
    const fact = await this.factOf(em, current.id, c, template, unit, old);
    // Remarks may change at any time; what scoring reads may not once it is published.
    if (!old || factChanged(old, fact)) {
      const frozen = await publishedCycleCovering(em, [
        ...(old ? [{ occurredAt: old.occurredAt, orgUnitId: old.orgUnitId }] : []),
        { occurredAt: fact.occurredAt, orgUnitId: fact.orgUnitId },
      ]);
      if (frozen) throw frozenConflict(frozen, 'This inspection');
    }
    await em.update(Inspection, { id: current.id }, { ...contentColumns(c), revision: current.revision + 1 });
    await em.delete(InspectionItem, { inspectionId: current.id });
    await insertItems(em, current.id, c);
    await writeFact(em, fact);
    await audit(em, p, {
      action: 'inspection.corrected',
      entityType: 'inspection',
      entityId: current.id,
      before: { ...before, revision: current.revision },
      after: { ...c, revision: current.revision + 1 },
      orgUnitId: unit.id,
    });
  }

  /** Only the safety hub, admins and whoever recorded it may correct an inspection (a department head never re-scores the hub's inspection of their department). */
  private assertMayCorrect(p: Principal, i: Inspection): void {
    if (hasRole(p, 'admin', 'safety_officer') || i.recordedBy === p.username) return;
    throw new ForbiddenError('Only the safety hub or whoever recorded this inspection can correct it');
  }

  /**
   * Records a completed inspection with a client-generated id: the score is computed here and
   * one `inspection.scored` fact written. A resend with the same content returns the same
   * inspection (`created: false`); different content under the same id is a 409 (correct with PUT).
   */
  async record(
    p: Principal,
    inspectionId: string,
    b: InspectionInput,
  ): Promise<{ inspection: Awaited<ReturnType<InspectionService['detail']>>; created: boolean }> {
    const created = await this.ds.transaction(async (em) => {
      const { content, template, unit } = await this.evaluate(em, p, b);
      const existing = await em.findOneBy(Inspection, { id: inspectionId });
      if (existing) return this.resend(em, existing, content);
      if (!template.active) throw new ValidationError([{ path: 'body.templateId', message: 'this template is inactive' }]);
      try {
        await this.insert(em, p, inspectionId, content, template, unit);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        throw new ConflictError('This inspection is being recorded by another request; send it again');
      }
      return true;
    });
    return { inspection: await this.detail(p, inspectionId), created };
  }

  private async resend(em: EntityManager, existing: Inspection, content: InspectionContent): Promise<false> {
    if (contentKey(await this.stored(em, existing)) !== contentKey(content))
      throw new ConflictError('This inspection id is already recorded with different content; correct it with PUT /api/inspections/{id}');
    return false;
  }

  /** Corrects a recorded inspection (see `replace`); the same content again changes nothing. */
  async correct(p: Principal, id: string, b: InspectionInput) {
    await this.ds.transaction(async (em) => {
      const current = await this.load(em, p, id);
      this.assertMayCorrect(p, current);
      const before = await this.stored(em, current);
      const { content, template, unit } = await this.evaluate(em, p, b);
      if (contentKey(before) === contentKey(content)) return;
      await this.replace(em, p, current, before, content, template, unit);
    });
    return this.detail(p, id);
  }

  // ———————————————————————————————————————— reading ————————————————————————————————————————

  private async load(em: EntityManager, p: Principal, id: string): Promise<Inspection> {
    const qb = em.getRepository(Inspection).createQueryBuilder('i').innerJoin(OrgUnit, 'ou', 'ou.id = i.org_unit_id').where('i.id = :id', { id });
    const i = await scopeQuery(qb, p, 'ou').getOne();
    if (!i) throw new NotFoundError('No such inspection');
    return i;
  }

  async list(p: Principal, f: InspectionFilter) {
    const qb = scopeQuery(this.ds.getRepository(Inspection).createQueryBuilder('i').innerJoin(OrgUnit, 'ou', 'ou.id = i.org_unit_id'), p, 'ou');
    if (f.orgUnitId) underUnit(qb, 'ou', await listedUnit(this.ds, f.orgUnitId, p));
    if (f.templateId) qb.andWhere('i.template_id = :t', { t: f.templateId });
    if (f.from) qb.andWhere('i.inspected_on >= :from', { from: f.from });
    if (f.to) qb.andWhere('i.inspected_on <= :to', { to: f.to });
    const [rows, total] = await pageRows(qb.orderBy('i.inspectedOn', 'DESC').addOrderBy('i.createdAt', 'DESC').addOrderBy('i.id', 'ASC'), f);
    return { items: await this.summaries(rows), total };
  }

  private async summaries(rows: Inspection[]) {
    const ids = (f: (i: Inspection) => string | null) => [...new Set(rows.map(f).filter((x): x is string => !!x))];
    const [templates, units, people] = await Promise.all([
      rows.length ? this.ds.getRepository(InspectionTemplate).findBy({ id: In(ids((i) => i.templateId)) }) : [],
      rows.length ? this.ds.getRepository(OrgUnit).findBy({ id: In(ids((i) => i.orgUnitId)) }) : [],
      ids((i) => i.inspectorPersonId).length ? this.ds.getRepository(Person).findBy({ id: In(ids((i) => i.inspectorPersonId)) }) : [],
    ]);
    return rows.map((i) => {
      const t = templates.find((x) => x.id === i.templateId);
      return {
        id: i.id,
        templateId: i.templateId,
        templateCode: t?.code ?? '',
        templateName: named(t),
        orgUnitId: i.orgUnitId,
        orgUnitName: named(units.find((u) => u.id === i.orgUnitId)),
        inspectedOn: i.inspectedOn,
        inspectorPersonId: i.inspectorPersonId,
        inspectorName: named(people.find((x) => x.id === i.inspectorPersonId)) || null,
        mode: i.mode,
        score: i.score,
        remarks: i.remarks,
        revision: i.revision,
        factId: i.factId,
        recordedBy: i.recordedBy,
        createdAt: i.createdAt.toISOString(),
        updatedAt: i.updatedAt.toISOString(),
      };
    });
  }

  /** An inspection with its items and the fact it feeds scoring with. */
  async detail(p: Principal, id: string) {
    const i = await this.load(this.ds.manager, p, id);
    const [summary] = await this.summaries([i]);
    const { items } = await this.stored(this.ds.manager, i);
    const fact = await this.ds.getRepository(Fact).findOneBy({ id: i.factId });
    return {
      ...summary,
      items: items.map((x) => ({
        code: x.code,
        title: x.title,
        category: x.category,
        maxScore: x.maxScore,
        weight: x.weight,
        score: x.score,
        remark: x.remark,
      })),
      fact: fact
        ? {
            id: fact.id,
            kind: fact.kind,
            value: fact.value,
            orgUnitId: fact.orgUnitId,
            departmentHeadPersonId: fact.departmentHeadPersonId,
            occurredAt: fact.occurredAt.toISOString(),
          }
        : null,
    };
  }

  // ———————————————————————————————————————— import ————————————————————————————————————————

  /**
   * Imports inspections from a table (see `InspectionRow`), all or nothing: every row checked
   * first, problems by row and column; then each inspection is created, left alone when the
   * file says the same as what is stored, or corrected (same rules as PUT). Inspections are
   * identified by template, unit and date, so re-importing a file is a no-op.
   */
  async import(p: Principal, table: Table, dryRun: boolean, format: string): Promise<ImportReport> {
    return this.ds.transaction(async (em) => {
      const problems: ImportProblem[] = [];
      const valid = validateRows(table, InspectionRow, ['template', 'orgUnitCode', 'date'], problems);
      const rows: InspectionImportRow[] = valid.map((r) => ({
        row: r.row,
        template: r.template,
        orgUnitCode: r.orgUnitCode,
        date: r.date,
        item: r.item,
        score: r.score,
        total: r.total,
        inspector: r.inspector,
        remark: r.remark,
      }));
      findDuplicates(
        rows.filter((r) => r.item !== null),
        (r) => `${r.template}\u0000${r.orgUnitCode}\u0000${r.date}\u0000${r.item!.toLowerCase()}`,
        'item',
        problems,
      ).forEach((d) => rows.splice(rows.indexOf(d), 1));

      const templates = await findIn(
        em,
        InspectionTemplate,
        'code',
        rows.map((r) => r.template),
      );
      const items = await this.templateItems(
        em,
        templates.map((t) => t.id),
      );
      const units = await findIn(
        em,
        OrgUnit,
        'code',
        rows.map((r) => r.orgUnitCode),
      );
      const names = rows.flatMap((r) => (r.inspector ? [r.inspector] : []));
      const people = await findIn(em, Person, 'employeeNo', names);
      const users = await findIn(em, User, 'username', names);
      const inspectors = new Map<string, string>([
        ...users.filter((u) => u.personId).map((u) => [u.username, u.personId!] as const),
        ...people.map((x) => [x.employeeNo, x.id] as const),
      ]);
      const mayRecord = hasRole(p, ...INSPECTORS);
      const plan = planInspectionImport(rows, {
        templates: new Map(templates.map((t) => [t.code, { id: t.id, items: items.get(t.id)! }])),
        units: new Map(units.map((u) => [u.code, { id: u.id, kind: u.kind, inScope: mayRecord && inScope(p, u.path) }])),
        inspectors,
      });
      problems.push(...plan.problems);

      const existing = await findByKey(
        em,
        Inspection,
        'id',
        plan.inspections.map((i) => i.id),
      );
      const creates: PlannedInspection[] = [];
      const updates: { current: Inspection; before: InspectionContent; planned: PlannedInspection }[] = [];
      let unchanged = 0;
      for (const planned of plan.inspections) {
        const current = existing.get(planned.id);
        if (!current) {
          if (templates.find((t) => t.id === planned.templateId)?.active === false)
            problems.push({ row: planned.rows[0], column: 'template', message: 'this template is inactive: no new inspections' });
          else creates.push(planned);
          continue;
        }
        const before = await this.stored(em, current);
        if (contentKey(before) === contentKey(contentOf(planned))) {
          unchanged++;
          continue;
        }
        if (!hasRole(p, 'admin', 'safety_officer') && current.recordedBy !== p.username) {
          problems.push({
            row: planned.rows[0],
            column: null,
            message: 'this inspection was recorded by someone else: only the safety hub or its recorder can correct it',
          });
          continue;
        }
        const old = await em.findOneBy(Fact, { id: current.factId });
        const template = templates.find((t) => t.id === planned.templateId)!;
        const fact = await this.factOf(
          em,
          planned.id,
          contentOf(planned),
          template,
          units.find((u) => u.id === planned.orgUnitId)!,
          old,
        );
        const frozen =
          !old || factChanged(old, fact)
            ? await publishedCycleCovering(em, [
                ...(old ? [{ occurredAt: old.occurredAt, orgUnitId: old.orgUnitId }] : []),
                { occurredAt: fact.occurredAt, orgUnitId: fact.orgUnitId },
              ])
            : null;
        if (frozen) {
          problems.push({
            row: planned.rows[0],
            column: null,
            message: `changes an inspection already part of the published scores of cycle ${frozen.period}`,
          });
          continue;
        }
        updates.push({ current, before, planned });
      }
      const future = rows.filter((r) => r.date > todayIn(new Date()));
      for (const r of future) problems.push({ row: r.row, column: 'date', message: 'cannot be in the future' });
      rejectProblems(problems, dryRun);

      const report = importReport(dryRun, { created: creates.length, updated: updates.length, unchanged });
      if (dryRun || report.imported === 0) return report;
      const byId = new Map(templates.map((t) => [t.id, t]));
      const unitById = new Map(units.map((u) => [u.id, u]));
      for (const planned of creates)
        await this.insert(em, p, planned.id, contentOf(planned), byId.get(planned.templateId)!, unitById.get(planned.orgUnitId)!, 'inspection.imported');
      for (const u of updates)
        await this.replace(em, p, u.current, u.before, contentOf(u.planned), byId.get(u.planned.templateId)!, unitById.get(u.planned.orgUnitId)!);
      await auditImport(em, p, 'inspection', { format, rows: table.rows.length, created: report.created, updated: report.updated, unchanged });
      return report;
    });
  }
}

/** A planned inspection's content: all of it but its id and the file rows it came from. */
function contentOf({ id: _id, rows: _rows, ...content }: PlannedInspection): InspectionContent {
  return content;
}

/** The columns of an inspection's row that hold its content: all of it but the item scores (rows of their own). */
function contentColumns({ items: _items, ...columns }: InspectionContent) {
  return columns;
}

/** The content's item scores as the inspection's item rows. */
async function insertItems(em: EntityManager, inspectionId: string, c: InspectionContent): Promise<void> {
  if (!c.items.length) return;
  await em.insert(
    InspectionItem,
    c.items.map((i) => ({
      inspectionId,
      itemCode: i.code,
      position: i.position,
      title: i.title,
      category: i.category,
      maxScore: i.maxScore,
      weight: i.weight,
      score: i.score,
      remark: i.remark,
    })),
  );
}

/** Reads a number cell: empty → null; `n/a` → null for scores. */
const numberCell = (allowNa: boolean) =>
  z
    .string()
    .nullable()
    .transform((v, ctx) => {
      if (v === null) return null;
      const t = v.trim();
      if (allowNa && /^(n\/?a|-)$/i.test(t)) return null;
      const n = Number(t.replace(',', '.'));
      if (t === '' || !Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: allowNa ? 'expected a number (or n/a)' : 'expected a number' });
        return z.NEVER;
      }
      return n;
    });

/** A day cell (`YYYY-MM-DD` or an Excel date). */
export const dayCell = z.string().transform((v, ctx) => {
  const day = readDayCell(v);
  if (day === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD' });
    return z.NEVER;
  }
  return day;
});

/**
 * The columns of an inspection import file. One inspection per template, unit and date: either
 * one row per checklist item (`item`, `score`; `n/a` or empty score = not applicable) or one row
 * with `total` (0–100) and no item. `inspector` is an employee number or username.
 */
export const InspectionRow = z.object({
  template: Code,
  orgUnitCode: Code,
  date: dayCell,
  item: Code.nullable(),
  score: numberCell(true),
  total: numberCell(false),
  inspector: z.string().trim().max(64).nullable(),
  remark: z.string().trim().max(1000).nullable(),
});
