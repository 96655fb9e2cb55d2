import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OrgUnit, Person, Post } from '../../db/entities';
import { DEPARTMENT_FUNCTIONS, ORG_UNIT_KINDS, type OrgUnitKind } from '../../domain/org';
import { hasRole, inScope } from '../platform/access';
import { z } from '../platform/openapi';
import type { Principal } from '../platform/route';
import { audit, changed, Code, Email, EmployeeNo, insertCopy, Name, newOrgUnit } from './common';
import { releaseHeadships } from './headship';
import { findDuplicates, findByKey, validateRows, type ImportProblem } from './import';
import { unitPlacementIssues } from './rules';
import { snapshot } from './views';
import type { Table } from './table';

/**
 * The two importers. Each plans first (every check, no writes) and returns the problems and the
 * writes to make; the route applies the writes only when there is no problem and it is not a
 * dry run. Both upsert: people by `employeeNo`, units by `code`.
 */
export interface ImportPlan {
  problems: ImportProblem[];
  created: number;
  updated: number;
  unchanged: number;
  /** Performs the writes and their audit rows, in the caller's transaction. */
  apply(em: EntityManager): Promise<void>;
}

export type ImportKind = 'people' | 'units';

export function planImport(kind: ImportKind, em: EntityManager, p: Principal, table: Table): Promise<ImportPlan> {
  return kind === 'people' ? planPeople(em, p, table) : planUnits(em, p, table);
}

const PersonRow = z.object({ employeeNo: EmployeeNo, name: Name, email: Email.nullable(), orgUnitCode: Code, postCode: Code.nullable() });

/** People, upserted by employee number: a known number updates name, email, unit and post (in your scope). */
async function planPeople(em: EntityManager, p: Principal, table: Table): Promise<ImportPlan> {
  const problems: ImportProblem[] = [];
  const rows = validateRows(table, PersonRow, ['employeeNo', 'name', 'orgUnitCode'], problems);
  const dupes = findDuplicates(rows, (r) => r.employeeNo, 'employeeNo', problems);

  const units = await findByKey(
    em,
    OrgUnit,
    'code',
    rows.map((r) => r.orgUnitCode),
  );
  const posts = await findByKey(
    em,
    Post,
    'code',
    rows.flatMap((r) => (r.postCode ? [r.postCode] : [])),
  );
  const existing = await findByKey(
    em,
    Person,
    'employeeNo',
    rows.map((r) => r.employeeNo),
  );
  const homes = await findByKey(
    em,
    OrgUnit,
    'id',
    [...existing.values()].map((x) => x.orgUnitId),
  );

  const creates: Person[] = [];
  const updates: { before: Person; after: Person }[] = [];
  let unchanged = 0;
  for (const r of rows) {
    if (dupes.has(r)) continue;
    const before = problems.length;
    const unit = units.get(r.orgUnitCode);
    if (!unit || !inScope(p, unit.path)) problems.push({ row: r.row, column: 'orgUnitCode', message: `no org unit ${r.orgUnitCode} in your scope` });
    const post = r.postCode ? posts.get(r.postCode) : null;
    if (r.postCode && (!post || (unit && post.orgUnitId !== unit.id)))
      problems.push({ row: r.row, column: 'postCode', message: `no post ${r.postCode} in org unit ${r.orgUnitCode}` });
    const current = existing.get(r.employeeNo);
    const home = current && homes.get(current.orgUnitId);
    if (current && (!home || !inScope(p, home.path)))
      problems.push({ row: r.row, column: 'employeeNo', message: 'already in use by a person outside your scope' });
    if (problems.length > before || !unit) continue;

    const fields = { employeeNo: r.employeeNo, name: r.name, email: r.email, orgUnitId: unit.id, postId: post?.id ?? null };
    if (!current) creates.push(em.create(Person, { id: randomUUID(), ...fields, active: true }));
    else if (changed(snapshot.person(current), snapshot.person({ ...current, ...fields })))
      updates.push({ before: current, after: em.create(Person, { ...current, ...fields }) });
    else unchanged++;
  }

  return {
    problems,
    created: creates.length,
    updated: updates.length,
    unchanged,
    apply: async (tx) => {
      for (const person of creates) {
        await insertCopy(tx, Person, person);
        await audit(tx, p, {
          action: 'org.person.created',
          entityType: 'person',
          entityId: person.id,
          after: snapshot.person(person),
          orgUnitId: person.orgUnitId,
        });
      }
      for (const { before, after } of updates) {
        const { id, ...fields } = snapshot.person(after);
        await tx.update(Person, { id }, fields);
        await audit(tx, p, {
          action: 'org.person.updated',
          entityType: 'person',
          entityId: id,
          before: snapshot.person(before),
          after: snapshot.person(after),
          orgUnitId: after.orgUnitId,
        });
        if (after.orgUnitId !== before.orgUnitId) await releaseHeadships(tx, p, after);
      }
    },
  };
}

const UnitRow = z.object({
  code: Code,
  name: Name,
  kind: z.enum(ORG_UNIT_KINDS),
  parentCode: Code.nullable(),
  departmentFunction: z.enum(DEPARTMENT_FUNCTIONS).nullable(),
});

/**
 * Units, upserted by code: a known code updates name and department function (kind and parent
 * cannot change by import). A parent is an existing unit in your scope or a unit of an earlier
 * row of the same file.
 */
async function planUnits(em: EntityManager, p: Principal, table: Table): Promise<ImportPlan> {
  const problems: ImportProblem[] = [];
  const rows = validateRows(table, UnitRow, ['code', 'name', 'kind'], problems);
  const dupes = findDuplicates(rows, (r) => r.code, 'code', problems);
  const inFile = new Map(rows.filter((r) => !dupes.has(r)).map((r) => [r.code, r.row]));
  const rejectedRows = new Set<number>();

  const known = await findByKey(
    em,
    OrgUnit,
    'code',
    rows.flatMap((r) => (r.parentCode ? [r.code, r.parentCode] : [r.code])),
  );
  /** Units as they will be after the rows so far: existing ones and those this file creates. */
  const planned = new Map<string, { id: string; kind: OrgUnitKind; path: string }>();
  const creates: OrgUnit[] = [];
  const updates: { before: OrgUnit; after: OrgUnit }[] = [];
  let unchanged = 0;

  for (const r of rows) {
    if (dupes.has(r)) continue;
    const before = problems.length;
    const problem = (column: string, message: string) => problems.push({ row: r.row, column, message });
    const current = known.get(r.code);
    if (current && !inScope(p, current.path)) problem('code', 'already in use by a unit outside your scope');

    let parent: { id: string; kind: OrgUnitKind; path: string } | null = null;
    if (r.parentCode) {
      const parentRow = inFile.get(r.parentCode);
      const parentUnit = known.get(r.parentCode);
      if (parentRow !== undefined && parentRow >= r.row && !parentUnit) problem('parentCode', `the parent ${r.parentCode} must come in an earlier row`);
      else if (parentRow !== undefined && rejectedRows.has(parentRow)) problem('parentCode', `the parent's row ${parentRow} has problems`);
      else if (planned.has(r.parentCode)) parent = planned.get(r.parentCode)!;
      // An existing unit may name its own parent even when that parent is above the caller's scope.
      else if (parentUnit && (inScope(p, parentUnit.path) || parentUnit.id === current?.parentId)) parent = parentUnit;
      else problem('parentCode', `no org unit ${r.parentCode} in your scope`);
    } else if (!current && r.kind === 'group' && !hasRole(p, 'admin')) problem('parentCode', 'only administrators create root units');

    for (const issue of unitPlacementIssues(r.kind, r.parentCode ? (parent?.kind ?? null) : null, r.departmentFunction)) {
      if (issue.field === 'parent' && r.parentCode && !parent) continue; // already reported: unknown parent
      problem(issue.field === 'parent' ? 'parentCode' : 'departmentFunction', issue.message);
    }
    if (current && current.kind !== r.kind) problem('kind', `is ${current.kind}: an existing unit's kind cannot change`);
    if (current && (parent?.id ?? null) !== current.parentId && !(r.parentCode && !parent))
      problem('parentCode', 'moving an existing unit is not supported by import');
    if (problems.length > before) {
      rejectedRows.add(r.row);
      continue;
    }

    if (current) {
      planned.set(r.code, current);
      const after = em.create(OrgUnit, { ...current, name: r.name, departmentFunction: r.departmentFunction });
      if (changed(snapshot.unit(current), snapshot.unit(after))) updates.push({ before: current, after });
      else unchanged++;
    } else {
      const unit = newOrgUnit(em, parent, { kind: r.kind, name: r.name, code: r.code, departmentFunction: r.departmentFunction });
      planned.set(r.code, unit);
      creates.push(unit);
    }
  }

  return {
    problems,
    created: creates.length,
    updated: updates.length,
    unchanged,
    apply: async (tx) => {
      // Creates are in file order, so every parent is written before its children.
      for (const unit of creates) {
        await insertCopy(tx, OrgUnit, unit);
        await audit(tx, p, { action: 'org.unit.created', entityType: 'org_unit', entityId: unit.id, after: snapshot.unit(unit), orgUnitId: unit.id });
      }
      for (const { before, after } of updates) {
        await tx.update(OrgUnit, { id: after.id }, { name: after.name, departmentFunction: after.departmentFunction });
        await audit(tx, p, {
          action: 'org.unit.updated',
          entityType: 'org_unit',
          entityId: after.id,
          before: snapshot.unit(before),
          after: snapshot.unit(after),
          orgUnitId: after.id,
        });
      }
    },
  };
}
