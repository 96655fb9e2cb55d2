import { Code } from '../org/common';
import { z } from '../platform/openapi';

/** What the work-area routes take and answer. */

export const WORK_AREA_KINDS = ['area', 'equipment'] as const;
export const WorkAreaKind = z
  .enum(WORK_AREA_KINDS)
  .describe('area: a work area (作业区域); equipment: a piece of equipment standing in an area')
  .openapi('WorkAreaKind');

const Name = z.string().trim().min(1).max(200);

export const WorkAreaBody = z
  .object({
    code: Code.describe('Short and stable, printed under the QR code (e.g. A-TANK-101); unique'),
    name: Name,
    kind: WorkAreaKind,
    parentId: z.string().max(36).nullable().optional().describe('The area an equipment stands in (required for equipment; none for an area)'),
    orgUnitId: z.string().max(36).describe('The owning unit: its head is the area owner (属地负责人)'),
  })
  .strict();
export type WorkAreaInput = z.infer<typeof WorkAreaBody>;

export const WorkAreaPatch = z
  .object({
    name: Name.optional(),
    parentId: z.string().max(36).optional().describe('Moves an equipment to another area'),
    orgUnitId: z.string().max(36).optional(),
    active: z.boolean().optional().describe('false deactivates (an area with its equipment); true reactivates'),
  })
  .strict();
export type WorkAreaPatch = z.infer<typeof WorkAreaPatch>;

export const WorkAreaView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: WorkAreaKind,
    parentId: z.string().nullable(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    active: z.boolean(),
    url: z.string().describe('What its QR code encodes: <public web origin>/areas/<code>'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WorkArea');
export type WorkAreaView = z.infer<typeof WorkAreaView>;

export const WorkAreaNode = WorkAreaView.extend({ equipment: z.array(WorkAreaView).describe('The equipment standing in the area, by code') }).openapi(
  'WorkAreaNode',
);
export type WorkAreaNode = z.infer<typeof WorkAreaNode>;

export const WorkAreaFilters = {
  orgUnitId: z.string().max(36).optional().describe('Areas owned by this unit or a unit below it'),
  active: z.enum(['true', 'false', 'all']).default('true').describe('Active areas and equipment (default), inactive ones, or all'),
  q: z.string().trim().max(100).optional().describe('Part of the code or name of an area or of its equipment'),
};

export const CodeParams = z.object({ code: Code });
