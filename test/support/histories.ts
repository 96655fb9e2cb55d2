import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { decodeHistory } from '../../api/processes/history-decoder';
import { renderProcessEvents } from '../../domain/process-history';
import { fetchDecodedHistory } from '../../temporal/codec';

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
  // Decoded: a fixture holds plain payloads, so the replay test needs no keys.
  const history = await fetchDecodedHistory(client, workflowId, runId);
  // The workflow ID is kept with the history: workflows derive child and task IDs from it.
  fs.writeFileSync(file, `${JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }, null, 1)}\n`);
}

/**
 * Accepted `completeTask` updates per task ID in a workflow's history, over all its runs
 * (continue-as-new): accepted by the validator and not ended in failure (a handler cancelled
 * with its process does not count as a decision).
 */
export async function acceptedCompletions(client: Client, workflowId: string): Promise<Map<string, string[]>> {
  const byTask = new Map<string, string[]>();
  // From the latest run back to the first through each run's `continuedExecutionRunId`.
  let runId: string | undefined = undefined;
  for (let i = 0; i < 100; i++) {
    const history = await fetchDecodedHistory(client, workflowId, runId);
    const accepted = new Map<string, { taskId: string; by: string }>();
    for (const e of history.events ?? []) {
      const a = e.workflowExecutionUpdateAcceptedEventAttributes;
      if (a?.acceptedRequest?.input?.name === 'completeTask') {
        const payload = a.acceptedRequest.input.args?.payloads?.[0];
        accepted.set(a.protocolInstanceId!, JSON.parse(Buffer.from(payload!.data!).toString()) as { taskId: string; by: string });
      }
      const done = e.workflowExecutionUpdateCompletedEventAttributes;
      if (done?.outcome?.failure && done.meta?.updateId) {
        for (const [k] of accepted) if (k === done.meta.updateId) accepted.delete(k);
      }
    }
    for (const arg of accepted.values()) byTask.set(arg.taskId, [...(byTask.get(arg.taskId) ?? []), arg.by]);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) break;
  }
  return byTask;
}

/**
 * The auditor's process entries (domain/process-history.ts) of a recorded fixture, as sorted
 * "kind | text" lines without what differs between two runs of the same path: times, IDs, the
 * process's workflow IDs (`workflowIds`), durations, the policy version; `normalise` takes out
 * what else differs (a text's wording on the day it was recorded). For comparing the entries of
 * two shapes of a process (issue 22's one-step patches).
 */
export function auditorEntries(fixture: string, workflowIds: RegExp, normalise: (line: string) => string = (l) => l): string[] {
  const { history } = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/histories', `${fixture}.json`), 'utf8'));
  // Through the wire format: the JSON form keeps 64-bit times as strings, the decoder reads them as the SDK's longs.
  const { History } = temporal.api.history.v1;
  const events = decodeHistory(History.decode(History.encode(historyFromJSON(history)).finish()));
  return renderProcessEvents(events, { taskTitles: new Map(), unitNames: new Map() })
    .map((e) => `${e.kind} | ${e.text}`)
    .map((t) =>
      normalise(
        t
          .replace(/\d{1,2} \w{3} \d{4}, \d\d:\d\d/g, '<time>')
          .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
          .replace(workflowIds, '<workflow>'),
      )
        .replace(/[\d.]+ (seconds?|minutes?|hours?|days?)/g, '<duration>')
        .replace(/policy v\d+/, 'policy v<n>'),
    )
    .sort();
}
