import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { ApiDeps } from '../platform/deps';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';
import { ORG_WRITERS, uniqueOr409 } from './common';
import { ImportRejected, ImportRejectedBody, ImportReport, MAX_IMPORT_ROWS, auditImport, importReport } from './import';
import { planImport } from './importers';
import { readTable, type TableFormat } from './table';
import { fileBody, fileFormat, FILE_TYPES, uploadedFile } from '../platform/uploads';

const ImportQuery = z.object({
  kind: z.enum(['people', 'units']),
  format: z.enum(['csv', 'xlsx']).optional().describe('Default: xlsx for the spreadsheet Content-Type or a zip file, else csv'),
  dryRun: z.enum(['true', 'false']).default('false').describe('true: validate and report, write nothing'),
});

/** Bulk import of people or org units from CSV or Excel, all-or-nothing. */
export function importRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/org/import',
    operationId: 'importOrg',
    summary: 'Import people or org units from a CSV or xlsx file (all rows or none)',
    tags: ['org'],
    access: ORG_WRITERS,
    query: ImportQuery,
    rawBody: {
      contentTypes: FILE_TYPES,
      description:
        `The file itself, at most 5 MB and ${MAX_IMPORT_ROWS} rows; the first row names the columns. ` +
        'people: employeeNo, name, orgUnitCode, email?, postCode? (upsert by employeeNo). ' +
        'units: code, name, kind, parentCode?, departmentFunction? (upsert by code; a parent may be an earlier row).',
    },
    middleware: [fileBody],
    responses: {
      200: { description: 'Every row is valid; imported (or, in a dry run, would be)', schema: ImportReport },
      400: { description: 'Problems by row and column; nothing was written', schema: ImportRejectedBody },
      413: { description: 'The file is larger than 5 MB' },
    },
    handler: async ({ query, principal, req }) => {
      const p = principal;
      const dryRun = query.dryRun === 'true';
      const data = uploadedFile(req);
      const format: TableFormat = fileFormat(req, data, query.format);
      const read = await readTable(data, format);
      if (!read.ok) throw new ImportRejected([read.problem], dryRun);

      return deps.dataSource.transaction(async (em) => {
        const plan = await planImport(query.kind, em, p, read.table);
        if (plan.problems.length) throw new ImportRejected(plan.problems, dryRun);
        const counts = { created: plan.created, updated: plan.updated, unchanged: plan.unchanged };
        const report = importReport(dryRun, counts);
        if (dryRun || report.imported === 0) return report;
        await uniqueOr409('body', 'A code or employee number in the file', () => plan.apply(em));
        await auditImport(em, p, 'org', { kind: query.kind, format, rows: read.table.rows.length, ...counts });
        return report;
      });
    },
  });
}
