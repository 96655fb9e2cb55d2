/**
 * A scoring fact of a process counted for the head of `orgUnitId`'s department (attribution
 * `none` when it has no head). Its ID is the process's workflow ID and step, so a retry writes it
 * once; it occurs now (workflow time).
 */
export function headFact(f: {
  workflowId: string;
  step: string;
  kind: string;
  value: number | null;
  orgUnitId: string;
  heads: Record<string, string | null>;
  subjectId: string;
  data: Record<string, unknown>;
  policyVersion: number;
}) {
  const head = f.heads[f.orgUnitId] ?? null;
  return {
    id: `${f.workflowId}/${f.step}`,
    kind: f.kind,
    personId: head,
    attribution: head ? 'department_head' : 'none',
    orgUnitId: f.orgUnitId,
    departmentHeadPersonId: head,
    sourceWorkflowId: f.workflowId,
    subjectId: f.subjectId,
    value: f.value,
    occurredAt: new Date().toISOString(),
    data: f.data,
    policyVersion: f.policyVersion,
  };
}
