import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../../app/logger';
import { installTemporalRuntime } from '../../temporal/worker';
import { testServices } from '../support/env';

installTemporalRuntime(createLogger(process.env.TEST_LOG_LEVEL ?? 'warn'));

/**
 * Every committed workflow history replays against today's workflow code: a change that would
 * break running processes (non-determinism) fails here before it ships. Histories are recorded
 * from real runs (RECORD_HISTORIES=1 npm test) and named `<WorkflowType>[-variant].json`.
 */
const dir = path.join(__dirname, '../fixtures/histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('workflow history replay', () => {
  it('has a committed history for every exported workflow', () => {
    // workflows/index.ts is CommonJS (lazy getters, see there): its exports' names, none loaded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const workflows = Object.keys(require('../../workflows') as object);
    expect(workflows.length).toBeGreaterThan(15);
    const recorded = new Set(files.map((f) => f.replace(/(-[^.]*)?\.json$/, '')));
    expect(workflows.filter((w) => !recorded.has(w))).toEqual([]);
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: { codePath: testServices().workflowBundle } }, history, workflowId);
  });
});

/**
 * Shapes whose patch was taken through to removal (docs/VERSIONING.md): no process of that shape
 * may still run when the code that removed it ships, because it no longer replays. Kept to show
 * that the removal is real (and what a premature one would break).
 */
const retiredDir = path.join(__dirname, '../fixtures/retired-histories');
const retired = fs.readdirSync(retiredDir).filter((f) => f.endsWith('.json'));

describe('retired history shapes', () => {
  it.each(retired)('%s no longer replays', async (file) => {
    const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(retiredDir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: testServices().workflowBundle } }, history, workflowId)).rejects.toThrow(
      /[Nn]ondeterminis/,
    );
  });
});
