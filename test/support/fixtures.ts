/** A 1×1 PNG: real image bytes for evidence uploads. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A manual adjustment of a person's score: 10 points back on the overdue line, for days counted after the hazard was reassigned. */
export const overdueAdjustment = (cycleId: string, personId: string) => ({
  cycleId,
  subjectType: 'person',
  subjectId: personId,
  lineCode: 'hazard_overdue',
  delta: 10,
  reasonCode: 'data_error',
  text: 'Two overdue days were counted after the hazard was reassigned',
});

/**
 * A fact row attributed directly to a person, occurred now, under no policy version (data `{}`
 * unless given): what an inspection import or a process would have recorded.
 */
export const directFact = (f: {
  id: string;
  kind: string;
  personId: string;
  orgUnitId: string | null;
  departmentHeadPersonId: string | null;
  sourceWorkflowId: string;
  subjectId: string;
  value: number;
  data?: string;
}) => ({ attribution: 'direct', occurredAt: new Date(), policyVersion: null, ...f, data: f.data ?? '{}' });

/**
 * The timeline of an emergency with injuries taken to closure: one event of each type, a
 * `response_done` per responding department (the suites that check the count add the others).
 */
export const CLOSED_EMERGENCY_TIMELINE = [
  'reported',
  'alerted',
  'on_site',
  'progress',
  'response_done',
  'under_control',
  'review_started',
  'reviewed',
  'action_done',
  'closed',
] as const;
