import express, { type Request, type RequestHandler } from 'express';
import { ValidationError } from './errors';
import { z } from './openapi';

/** File uploads of the CSV / Excel imports (organisation, inspections, trainings): sent as the raw request body. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** `application/vnd.ms-excel` is what browsers on Windows send for a .csv file. */
export const FILE_TYPES = ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream', XLSX_TYPE];
export const fileBody: RequestHandler = express.raw({ type: FILE_TYPES, limit: '5mb' });

export const ImportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).optional().describe('Default: xlsx for the spreadsheet Content-Type or a zip file, else csv'),
  dryRun: z.enum(['true', 'false']).default('false').describe('true: validate and report, write nothing'),
});

export function uploadedFile(req: Request): Buffer {
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new ValidationError([
      { path: 'body', message: `send the file as the request body with Content-Type ${FILE_TYPES.filter((t) => t !== 'application/vnd.ms-excel').join(', ')}` },
    ]);
  }
  return body;
}

/** xlsx files are zip archives: they start with the local file header signature `PK\x03\x04`. */
export function fileFormat(req: Request, data: Buffer, asked: 'csv' | 'xlsx' | undefined): 'csv' | 'xlsx' {
  return asked ?? (req.is(XLSX_TYPE) || (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) ? 'xlsx' : 'csv');
}
