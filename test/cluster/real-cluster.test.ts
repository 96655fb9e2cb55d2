import { randomUUID } from 'node:crypto';
import { ProbeRun } from '../../db/entities';
import { probeWorkflowId } from '../../workflows/probe/messages';
import { httpClient, startTestSystem } from '../support/env';
import { eventually } from '../support/wait';

/**
 * Runs only under `npm run test:cluster` (jest.config.js ignores test/cluster/ otherwise): checks
 * that the suite really talks to the cluster that script started — the server built from source,
 * persistence and visibility on PostgreSQL, several history shards — and that the work of one
 * system is shared by its two worker processes.
 */
const expected = JSON.parse(process.env.SAFELOOP_TEST_CLUSTER ?? '{}') as { version?: string; historyShards?: number; store?: string };

describe('a real Temporal cluster', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  it('is the Temporal server built from source, on PostgreSQL, with several history shards', async () => {
    const info = await system.client.connection.workflowService.getClusterInfo({});
    expect(info.serverVersion).toBe(expected.version);
    expect(info.historyShardCount).toBe(expected.historyShards);
    expect(info.historyShardCount).toBeGreaterThan(1);
    expect(info.persistenceStore).toBe(expected.store);
    expect(info.visibilityStore).toContain(expected.store);
  });

  it('shares the processes of one system between its two worker processes, and finds them through SQL visibility', async () => {
    expect(system.workers).toHaveLength(2);
    expect(system.workers.every((w) => w.alive())).toBe(true);
    const http = httpClient(system.appUrl!);
    await http.login('admin');
    const probeIds = Array.from({ length: 12 }, () => randomUUID());
    const answers = await Promise.all(probeIds.map((probeId) => http.call('POST', '/api/system/probes', { probeId, message: `cluster ${probeId}` })));
    expect(answers.map((a) => a.status)).toEqual(probeIds.map(() => 201));
    const rows = await system.dataSource.getRepository(ProbeRun).findBy(probeIds.map((id) => ({ workflowId: probeWorkflowId(id) })));
    expect(rows).toHaveLength(probeIds.length);

    // Who completed each workflow task and ran each activity: the SDK's identity is `<pid>@<host>`.
    const pids = new Set<number>();
    for (const id of probeIds) {
      const history = await system.client.workflow.getHandle(probeWorkflowId(id)).fetchHistory();
      for (const e of history.events ?? []) {
        const identity = e.workflowTaskCompletedEventAttributes?.identity ?? e.activityTaskStartedEventAttributes?.identity;
        if (identity) pids.add(Number(identity.split('@')[0]));
      }
    }
    expect([...pids].sort()).toEqual(system.workers.map((w) => w.child.pid!).sort());

    // The monitor's kind of query: custom search attributes in PostgreSQL visibility (eventually consistent).
    const query = `SafeLoopProcessType = 'probe' AND SafeLoopStatus = 'recorded' AND TaskQueue = '${system.config.temporal.taskQueue}'`;
    await eventually(async () => (await system.client.workflow.count(query)).count === probeIds.length, 'all probes visible as recorded', 30_000);
    const listed: string[] = [];
    for await (const wf of system.client.workflow.list({ query })) listed.push(wf.workflowId);
    expect(listed.sort()).toEqual(probeIds.map(probeWorkflowId).sort());
  });
});
