import type { EntityManager } from 'typeorm';
import { Fact } from '../entities';

/** A scoring fact as a workflow sends it (dates as ISO strings); the API records inspections' and trainings' facts the same way. */
export interface FactInput {
  id: string;
  kind: string;
  personId: string | null;
  attribution: string;
  orgUnitId: string | null;
  departmentHeadPersonId: string | null;
  sourceWorkflowId: string;
  subjectId: string;
  value: number | null;
  occurredAt: string;
  data: Record<string, unknown>;
  policyVersion: number | null;
}

/** Writes scoring facts; the ID (workflow ID + step) makes a repeat a no-op. */
export async function insertFacts(em: EntityManager, facts: FactInput[]): Promise<void> {
  for (const f of facts) {
    await em
      .createQueryBuilder()
      .insert()
      .into(Fact)
      .values({ ...f, occurredAt: new Date(f.occurredAt), data: JSON.stringify(f.data) })
      .orIgnore()
      .execute();
  }
}
