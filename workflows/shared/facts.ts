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

/**
 * The `fact(kind, step, value, orgUnitId, data, heads?)` of a process whose facts are all about
 * one subject: each fact's data is what the step gives plus `common` (what every fact of the
 * process says), and it is counted for the head of `orgUnitId` among `heads` (by default the
 * process's `defaultHeads()`, read when the fact is made).
 */
export function processFacts(p: {
  workflowId: string;
  subjectId: string;
  policyVersion: number;
  common: Record<string, unknown>;
  defaultHeads: () => Record<string, string | null>;
}) {
  return (kind: string, step: string, value: number | null, orgUnitId: string, data: Record<string, unknown>, heads = p.defaultHeads()) =>
    headFact({
      workflowId: p.workflowId,
      step,
      kind,
      value,
      orgUnitId,
      heads,
      subjectId: p.subjectId,
      data: { ...data, ...p.common },
      policyVersion: p.policyVersion,
    });
}
