import { fetchOrgTree, listInspectionTemplates } from '../api';
import { ORG_TREE_COPY } from '../orgTree';
import { withDeviceCopy } from './copies';

/** The device copy's name of the inspection templates (InspectionFormModal reads through it). */
export const INSPECTION_TEMPLATES_COPY = 'inspection-templates';

/** The templates the record form chooses from (all of them: a correction may name an inactive one). */
export const readInspectionTemplates = async () => (await listInspectionTemplates()).items;

/**
 * What an inspector's record form chooses from, read now and kept on the device (./copies.ts), so
 * it opens without a network later even if it was never opened online: the checklist templates and
 * the org tree (the form's unit picker). Called by App.tsx once after an online start of an
 * inspector's session; each failure is left alone (the form reads again when opened).
 */
export async function keepOfflineCopies(owner: string): Promise<void> {
  await Promise.allSettled([withDeviceCopy(owner, INSPECTION_TEMPLATES_COPY, readInspectionTemplates), withDeviceCopy(owner, ORG_TREE_COPY, fetchOrgTree)]);
}
