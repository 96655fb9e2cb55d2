import { byId, byQuery, client, dataOf, type Body, type Query, type Schemas } from '../../shared/api/client';
import { fetchFile } from '../../shared/api/core';
import { WorkAreaKindValues } from '../../shared/api/values';
import type { WorkAreaNode, WorkAreaKind } from '../../shared/api/types';

export type WorkAreaView = Schemas['WorkArea'];
export type { WorkAreaNode, WorkAreaKind };
export type WorkAreaFilter = Query<'listWorkAreas'>;
export type NewWorkArea = Body<'createWorkArea'>;
export type WorkAreaChange = Body<'updateWorkArea'>;

export const WORK_AREA_KINDS = WorkAreaKindValues;

export const listWorkAreas = (filter: WorkAreaFilter) => dataOf(client.GET('/api/work-areas', byQuery(filter)));

export const createWorkArea = (body: NewWorkArea) => dataOf(client.POST('/api/work-areas', { body }));

export const updateWorkArea = (areaId: string, body: WorkAreaChange) => dataOf(client.PATCH('/api/work-areas/{id}', { ...byId(areaId), body }));

/** A code's QR code (the endpoint needs the Authorization header) as a data URL for an <img>: the SVG never runs as a document. */
export async function workAreaQr(code: string): Promise<string> {
  const { blob } = await fetchFile(`/api/work-areas/${encodeURIComponent(code)}/qr.svg`, `${code}.svg`);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await blob.text())}`;
}
