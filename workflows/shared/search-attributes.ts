import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes the safety-hub monitor filters and sorts on. Every process workflow
 * keeps them current with `upsertSearchAttributes`; `temporal/search-attributes.ts` registers
 * them on the namespace.
 */
export const SA = {
  processType: defineSearchAttributeKey('SafeLoopProcessType', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('SafeLoopStatus', SearchAttributeType.KEYWORD),
  severity: defineSearchAttributeKey('SafeLoopSeverity', SearchAttributeType.KEYWORD),
  orgUnit: defineSearchAttributeKey('SafeLoopOrgUnit', SearchAttributeType.KEYWORD),
  department: defineSearchAttributeKey('SafeLoopDepartment', SearchAttributeType.KEYWORD),
  slaDeadline: defineSearchAttributeKey('SafeLoopSlaDeadline', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('SafeLoopOverdue', SearchAttributeType.BOOL),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);
