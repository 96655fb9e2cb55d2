import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history as a replay fixture
 * (test/fixtures/histories/<name>.json), which the replay test runs against current code.
 * A fixture is never overwritten: it is the record of a shape that running processes may still
 * have; a new shape is recorded under a new name (delete a file by hand to re-record it).
 * `runId` picks one run of a workflow that continued as new (default: the latest).
 */
export async function recordHistory(client: Client, workflowId: string, name: string, runId?: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const file = path.join(__dirname, '../fixtures/histories', `${name}.json`);
  if (fs.existsSync(file)) {
    process.stdout.write(`recordHistory: ${name}.json exists and is kept; record a new shape under a new name\n`);
    return;
  }
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  // The workflow ID is kept with the history: workflows derive child and task IDs from it.
  fs.writeFileSync(file, `${JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }, null, 1)}\n`);
}
