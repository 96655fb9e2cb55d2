import type { EntityManager } from 'typeorm';
import type { Fact as ScoringFact } from '../../domain/scoring/facts';
import { Fact } from '../entities';
import { insertOne } from './insert';

/**
 * A scoring fact as a workflow sends it: the scoring engine's fact (dates as ISO strings) with the
 * policy version it was raised under; the API records inspections' and trainings' facts the same way.
 */
export interface FactInput extends ScoringFact {
  policyVersion: number | null;
}

/** Writes scoring facts; the ID (workflow ID + step) makes a repeat a no-op. */
export async function insertFacts(em: EntityManager, facts: FactInput[]): Promise<void> {
  const sqljs = em.connection.options.type === 'sqljs';
  for (const f of facts) {
    const row = { ...f, occurredAt: new Date(f.occurredAt), data: JSON.stringify(f.data) };
    if (!sqljs) {
      await insertOne(em, Fact, row, { ignore: true });
      continue;
    }
    await em.createQueryBuilder().insert().into(Fact).values(row).orIgnore().execute();
  }
}
