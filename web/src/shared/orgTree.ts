import { fetchOrgTree, type OrgTreeNode } from './api';
import { useSessionRead } from './lite/reads';
import { withDeviceCopy } from './offline/copies';
import { useSession } from './session';

/** The device copy's name of the org tree (./offline/copies.ts, ./offline/prime.ts). */
export const ORG_TREE_COPY = 'org-tree';

/**
 * The org tree the API lets the user see, read once per sign-in and shared by every picker (the
 * light report form's and the Ant Design ones'); without a network, the device's copy from the
 * last online read. A failed read is tried again by the next picker. No TanStack Query: the
 * report form (issue 20) uses it.
 */
export function useOrgTree(): { tree: OrgTreeNode[] | null; failed: boolean } {
  const { user } = useSession();
  const { data, failed } = useSessionRead(ORG_TREE_COPY, () => withDeviceCopy(user.id, ORG_TREE_COPY, fetchOrgTree));
  return { tree: data ?? null, failed };
}
