import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history as a replay fixture
 * (test/fixtures/histories/<name>.json), which the replay test runs against current code.
 */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(__dirname, '../fixtures/histories', `${name}.json`);
  // The workflow ID is kept with the history: workflows derive child and task IDs from it.
  fs.writeFileSync(file, `${JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }, null, 1)}\n`);
}
