/** The decisions the queue holds, in the inbox's task types. */
export const APPROVAL_TASK_TYPES = ['appeal.review', 'adjustment.approve', 'declaration.review', 'hazard.extension_approval', 'assessment.review'] as const;
export type ApprovalType = (typeof APPROVAL_TASK_TYPES)[number];
export const isApproval = (t: string): t is ApprovalType => (APPROVAL_TASK_TYPES as readonly string[]).includes(t);

/** Appeals: uphold or adjust; everything else: approve or reject (a score review: publish or score again). */
export type Verdict = 'approve' | 'reject' | 'uphold' | 'adjust';

/** A list the page reads beside the queue: its items, or why it could not be read. */
export interface Loaded<T> {
  items: T[] | null;
  error: string | null;
}
