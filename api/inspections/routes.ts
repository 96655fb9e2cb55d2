import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { RouteDeps } from '../platform/services';
import { Day, defineImportRoute } from './common';
import { INSPECTORS, TEMPLATE_WRITERS } from './service';
import { z } from '../platform/openapi';
import { Code } from '../org/common';
import { defineListRoute } from '../platform/pagination';
import { defineCreateRoute, defineGetRoute, defineUpdateRoute, IdParams } from '../platform/resource-routes';

const TAGS = ['inspections'];
const Text = (max: number) => z.string().trim().min(1).max(max);

const TemplateItem = z
  .object({
    code: Code.describe('Unique within the template; import files name items by it'),
    title: Text(300),
    category: z.string().trim().min(1).max(64).nullable().optional(),
    maxScore: z.number().positive().max(1000),
    weight: z.number().positive().max(1000).default(1).describe('Relative weight in the 0–100 total (default 1)'),
  })
  .strict();

const TemplateBody = z
  .object({
    code: Code,
    name: Text(200).describe('The English name'),
    nameZh: Text(200).nullable().optional().describe('The Chinese name; null: the English name serves both languages'),
    description: z.string().trim().max(5000).nullable().optional(),
    active: z.boolean().optional(),
    items: z.array(TemplateItem).min(1).max(200),
  })
  .strict();

const TemplateView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string().describe('The English name'),
    nameZh: z.string().nullable().describe('The Chinese name (null: the English name serves both)'),
    description: z.string().nullable(),
    active: z.boolean(),
    items: z.array(z.object({ code: z.string(), title: z.string(), category: z.string().nullable(), maxScore: z.number(), weight: z.number() })),
    maxTotal: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('InspectionTemplate');

const InspectionFields = {
  templateId: z.string().uuid(),
  orgUnitId: z.string().uuid().describe('The inspected department or workshop'),
  inspectedOn: Day,
  inspectorPersonId: z.string().uuid().nullable().optional().describe('Default: your own person'),
  items: z
    .array(
      z
        .object({
          code: z.string().trim().min(1).max(64),
          score: z.number().min(0).nullable().describe('0…the item’s maxScore; null: not applicable'),
          remark: z.string().trim().max(1000).nullable().optional(),
        })
        .strict(),
    )
    .max(200)
    .optional()
    .describe('One entry per checklist item of the template'),
  total: z.number().min(0).max(100).optional().describe('Instead of items: only a total 0–100 (e.g. a paper inspection)'),
  remarks: z.string().trim().max(5000).nullable().optional(),
};
const oneOfItemsOrTotal = (b: { items?: unknown; total?: unknown }) => (b.items === undefined) !== (b.total === undefined);
const itemsOrTotal = { message: 'give either items or total', path: ['items'] };

const RecordBody = z
  .object({ inspectionId: z.string().uuid().describe('Client-generated: a resend is the same inspection'), ...InspectionFields })
  .strict()
  .refine(oneOfItemsOrTotal, itemsOrTotal);
const CorrectBody = z.object(InspectionFields).strict().refine(oneOfItemsOrTotal, itemsOrTotal);

const InspectionSummary = z
  .object({
    id: z.string(),
    templateId: z.string(),
    templateCode: z.string(),
    templateName: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    inspectedOn: z.string(),
    inspectorPersonId: z.string().nullable(),
    inspectorName: z.string().nullable(),
    mode: z.enum(['items', 'total']),
    score: z.number().describe('Normalised 0–100: Σ weight × score / maxScore ÷ Σ weight × 100 over the applicable items'),
    remarks: z.string().nullable(),
    revision: z.number(),
    factId: z.string(),
    recordedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('InspectionSummary');

const InspectionDetail = InspectionSummary.extend({
  items: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      category: z.string().nullable(),
      maxScore: z.number(),
      weight: z.number(),
      score: z.number().nullable(),
      remark: z.string().nullable(),
    }),
  ),
  fact: z
    .object({
      id: z.string(),
      kind: z.string(),
      value: z.number().nullable(),
      orgUnitId: z.string().nullable(),
      departmentHeadPersonId: z.string().nullable(),
      occurredAt: z.string(),
    })
    .nullable()
    .describe('The inspection.scored fact scoring reads'),
}).openapi('Inspection');

/** Scored checklist inspections (安全检查): templates, recording, correction, lists and import. */
export function inspectionRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { inspections } = deps.services;

  defineListRoute(router, registry, {
    path: '/api/inspections/templates',
    operationId: 'listInspectionTemplates',
    summary: 'Inspection templates (checklists with max scores and weights)',
    tags: TAGS,
    access: 'authenticated',
    filters: {
      active: z.enum(['true', 'false']).optional(),
      q: z.string().trim().min(1).max(100).optional().describe('Part of the name or code'),
    },
    item: TemplateView,
    list: (_principal, query) => inspections.listTemplates(query),
  });

  defineCreateRoute(router, registry, {
    path: '/api/inspections/templates',
    operationId: 'createInspectionTemplate',
    summary: 'Create an inspection template (safety hub); a resent templateId returns the same template',
    tags: TAGS,
    access: TEMPLATE_WRITERS,
    body: TemplateBody.extend({ templateId: z.string().uuid().optional().describe('Client-generated id (optional)') }).strict(),
    item: TemplateView,
    created: 'Created',
    again: 'Already created (resend)',
    refusals: { 409: 'Code in use, or the id names a different template' },
    save: (principal, body) => inspections.createTemplate(principal, body),
    answer: (r) => r.template,
  });

  defineGetRoute(router, registry, {
    path: '/api/inspections/templates/:id',
    operationId: 'getInspectionTemplate',
    summary: 'An inspection template with its items',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    item: TemplateView,
    answer: 'The template',
    refusals: { 404: 'No such template' },
    get: (_principal, { id }) => inspections.getTemplate(id),
  });

  defineUpdateRoute(router, registry, {
    method: 'put',
    path: '/api/inspections/templates/:id',
    operationId: 'updateInspectionTemplate',
    summary: 'Replace a template’s name, items or active flag (recorded inspections keep the items they were scored with)',
    tags: TAGS,
    access: TEMPLATE_WRITERS,
    params: IdParams,
    body: TemplateBody,
    item: TemplateView,
    answer: 'Updated',
    refusals: { 404: 'No such template', 409: 'Code in use' },
    update: (principal, { id }, body) => inspections.updateTemplate(principal, id, body),
  });

  defineCreateRoute(router, registry, {
    path: '/api/inspections',
    operationId: 'recordInspection',
    summary:
      'Record a completed inspection: the server computes the 0–100 score and writes one inspection.scored fact (a resent inspectionId is the same inspection)',
    tags: TAGS,
    access: INSPECTORS,
    body: RecordBody,
    item: InspectionDetail,
    created: 'Recorded',
    again: 'Already recorded with the same content (resend)',
    refusals: { 404: 'The org unit is not in your scope', 409: 'The id is already recorded with different content' },
    save: (principal, { inspectionId, ...input }) => inspections.record(principal, inspectionId, input),
    answer: (r) => r.inspection,
  });

  defineListRoute(router, registry, {
    path: '/api/inspections',
    operationId: 'listInspections',
    summary: 'Inspections of units in your scope, newest first',
    tags: TAGS,
    access: 'authenticated',
    filters: {
      orgUnitId: z.string().uuid().optional().describe('This unit and the units below it'),
      templateId: z.string().uuid().optional(),
      from: Day.optional().describe('Inspected on or after this day'),
      to: Day.optional().describe('Inspected on or before this day'),
    },
    item: InspectionSummary,
    list: (principal, query) => inspections.list(principal, query),
  });

  defineImportRoute(router, registry, {
    path: '/api/inspections/import',
    operationId: 'importInspections',
    summary: 'Import inspections from a CSV or xlsx file (all rows or none; re-importing the same file changes nothing)',
    tags: TAGS,
    access: INSPECTORS,
    columns:
      'template (code), orgUnitCode, date (YYYY-MM-DD), ' +
      'item, score, total, inspector (employee number or username), remark. One inspection per template, unit and date: one row per checklist item ' +
      '(score empty or n/a: not applicable; every item of the template needed), or one row with total (0–100) and no item. An inspection already ' +
      'imported for the same template, unit and date is corrected when the file differs, left alone when it is the same.',
    imported: 'Every row is valid; imported (or, in a dry run, would be)',
    run: (p, table, dryRun, format) => inspections.import(p, table, dryRun, format),
  });

  defineGetRoute(router, registry, {
    path: '/api/inspections/:id',
    operationId: 'getInspection',
    summary: 'An inspection with its item scores and its scoring fact',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    item: InspectionDetail,
    answer: 'Detail',
    refusals: { 404: 'Not found or not in your scope' },
    get: (principal, { id }) => inspections.detail(principal, id),
  });

  defineUpdateRoute(router, registry, {
    method: 'put',
    path: '/api/inspections/:id',
    operationId: 'correctInspection',
    summary: 'Correct a recorded inspection (safety hub or its recorder); refused while a published assessment cycle counts its fact',
    tags: TAGS,
    access: INSPECTORS,
    params: IdParams,
    body: CorrectBody,
    item: InspectionDetail,
    answer: 'Corrected (or unchanged)',
    refusals: {
      403: 'Not the safety hub nor its recorder',
      404: 'Not found or not in your scope',
      409: 'Its score is already part of a published assessment cycle',
    },
    update: (principal, { id }, body) => inspections.correct(principal, id, body),
  });
}
