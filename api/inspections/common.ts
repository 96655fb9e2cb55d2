import { In, type EntityManager } from 'typeorm';
import { insertFacts, type FactInput } from '../../db/projections/facts';
import { AssessmentCycle, Fact, OrgUnit } from '../../db/entities';
import { isCalendarDate } from '../../domain/inspections/rules';
import { ConflictError, localize, type FieldIssue, type Language } from '../platform/errors';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { ImportRejected, ImportRejectedBody, ImportReport, MAX_IMPORT_ROWS, type ImportProblem } from '../org/import';
import { readTable, type Table } from '../org/table';
import { defineRoute, type Principal, type RouteHeading } from '../platform/route';
import type { Role } from '../../domain/org';
import { fileBody, fileFormat, FILE_TYPES, ImportQuery, uploadedFile } from '../platform/uploads';
import { z } from '../platform/openapi';

/**
 * What inspections and trainings share: day fields, the heads recorded on facts, writing a fact
 * once and correcting it only while no published score covers it, and file uploads for imports
 * (read with the organisation import's reader, api/org/table.ts).
 */

export const Day = z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD').describe('A day, YYYY-MM-DD (the group’s time zone)');

/**
 * The head a fact records for each unit: the unit's own head, else the nearest department's
 * (as hazard and emergency facts do), so the score goes to whoever headed it that day.
 */
export async function headsOf(em: EntityManager, units: readonly OrgUnit[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(units.flatMap((u) => u.path.split('/').filter(Boolean)))];
  const chain = ids.length ? await em.findBy(OrgUnit, { id: In(ids) }) : [];
  const byId = new Map(chain.map((u) => [u.id, u]));
  const out = new Map<string, string | null>();
  for (const u of units) {
    if (u.headPersonId) {
      out.set(u.id, u.headPersonId);
      continue;
    }
    const depts = u.path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(id))
      .filter((a): a is OrgUnit => !!a && a.kind === 'department' && !!a.headPersonId);
    out.set(u.id, depts.pop()?.headPersonId ?? null);
  }
  return out;
}

/**
 * The published assessment cycle whose scores already include a fact like this (its period
 * covers the time and its scope the unit), or null. Such a fact is frozen: changing it would
 * silently contradict a published score, so corrections are refused (409); before publication a
 * correction is allowed and a recompute of a draft cycle sees it as changed input (new version).
 */
export async function publishedCycleCovering(
  em: EntityManager,
  facts: readonly { occurredAt: string | Date; orgUnitId: string | null }[],
): Promise<AssessmentCycle | null> {
  for (const f of facts) {
    const at = new Date(f.occurredAt);
    const cycles = await em
      .getRepository(AssessmentCycle)
      .createQueryBuilder('c')
      .where('c.period_start <= :at AND c.period_end > :at', { at })
      .andWhere('EXISTS (SELECT 1 FROM score_snapshots s WHERE s.cycle_id = c.id AND s.status = :pub)', { pub: 'published' })
      .orderBy('c.id')
      .getMany();
    if (!cycles.length) continue;
    const unit = f.orgUnitId ? await em.findOneBy(OrgUnit, { id: f.orgUnitId }) : null;
    const scopes = await em.findBy(OrgUnit, { id: In(cycles.map((c) => c.scopeOrgUnitId)) });
    const hit = cycles.find((c) => {
      const scope = scopes.find((s) => s.id === c.scopeOrgUnitId);
      return !unit || !scope || unit.path.startsWith(scope.path);
    });
    if (hit) return hit;
  }
  return null;
}

export function frozenConflict(cycle: AssessmentCycle, what: string): ConflictError {
  return new ConflictError(
    `${what} is already part of the published scores of assessment cycle ${cycle.period} (${cycle.id}); it cannot change. Correct the score with a manual adjustment instead.`,
  );
}

/** The fact columns that carry meaning (everything but the write time). */
function factContent(f: Omit<FactInput, 'id'>) {
  return JSON.stringify([
    f.kind,
    f.personId,
    f.attribution,
    f.orgUnitId,
    f.departmentHeadPersonId,
    f.sourceWorkflowId,
    f.subjectId,
    f.value,
    new Date(f.occurredAt).toISOString(),
    f.data,
  ]);
}

/** Whether writing `fact` would change what the stored fact says. */
export function factChanged(existing: Fact, fact: FactInput): boolean {
  return (
    factContent({
      ...existing,
      occurredAt: existing.occurredAt.toISOString(),
      data: JSON.parse(existing.data) as Record<string, unknown>,
      policyVersion: existing.policyVersion,
    }) !== factContent(fact)
  );
}

/**
 * Writes a fact: inserted when new, left alone when identical, replaced in place when its
 * content changed (the caller has checked `publishedCycleCovering` for both versions first).
 */
export async function writeFact(em: EntityManager, fact: FactInput): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await em.findOneBy(Fact, { id: fact.id });
  if (!existing) {
    await insertFacts(em, [fact]);
    return 'created';
  }
  if (!factChanged(existing, fact)) return 'unchanged';
  await em.update(
    Fact,
    { id: fact.id },
    {
      personId: fact.personId,
      attribution: fact.attribution,
      orgUnitId: fact.orgUnitId,
      departmentHeadPersonId: fact.departmentHeadPersonId,
      value: fact.value,
      occurredAt: new Date(fact.occurredAt),
      data: JSON.stringify(fact.data),
    },
  );
  return 'updated';
}

/**
 * The organisation import's 400 (row report, nothing written), with the problems also as
 * field issues `rows.<row>.<column>` (row as numbered in the file, header = 1) in `error.details`.
 */
export class RowsRejected extends ImportRejected {
  readonly issues: FieldIssue[];

  constructor(errors: ImportProblem[], dryRun: boolean) {
    super(errors, dryRun);
    this.issues = this.report.errors.map((e) => ({ path: e.column ? `rows.${e.row}.${e.column}` : `rows.${e.row}`, message: e.message }));
  }

  override toJSON(language: Language = 'en') {
    const json = super.toJSON(language);
    return { ...json, error: { ...json.error, details: this.issues.map((d) => ({ ...d, message: localize(d.message, language) })) } };
  }
}

/** Refuses an import (400 with the row report, nothing written) when any of its rows has a problem. */
export function rejectProblems(problems: ImportProblem[], dryRun: boolean): void {
  if (problems.length)
    throw new RowsRejected(
      problems.sort((a, b) => a.row - b.row),
      dryRun,
    );
}

/**
 * A CSV / xlsx import route (inspections, training attendance): the file as the raw body, read
 * with the organisation import's reader, all rows or none (400 with the row report), dry runs.
 */
export function defineImportRoute(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteHeading<readonly Role[]> & {
    columns: string;
    imported: string;
    run: (p: Principal, table: Table, dryRun: boolean, format: 'csv' | 'xlsx') => Promise<ImportReport>;
  },
): void {
  defineRoute(router, registry, {
    method: 'post',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: spec.tags,
    access: spec.access,
    query: ImportQuery,
    rawBody: {
      contentTypes: FILE_TYPES,
      description: `The file itself, at most 5 MB and ${MAX_IMPORT_ROWS} rows; the first row names the columns: ${spec.columns}`,
    },
    middleware: [fileBody],
    responses: {
      200: { description: spec.imported, schema: ImportReport },
      400: { description: 'Problems by row and column (also as error.details paths rows.<row>.<column>); nothing was written', schema: ImportRejectedBody },
      413: { description: 'The file is larger than 5 MB' },
    },
    handler: async ({ query, principal, req }) => {
      const dryRun = query.dryRun === 'true';
      const data = uploadedFile(req);
      const format = fileFormat(req, data, query.format);
      const read = await readTable(data, format);
      if (!read.ok) throw new RowsRejected([read.problem], dryRun);
      return spec.run(principal, read.table, dryRun, format);
    },
  });
}
