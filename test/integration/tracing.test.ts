import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Task, User } from '../../db/entities';
import { migrate, openDatabase } from '../../db/data-source';
import { seedDemo } from '../../db/seed/demo';
import { EncryptionCodec, parseKeyRing } from '../../temporal/codec';
import { connectClient } from '../../temporal/connection';
import { freePort } from '../../temporal/dev-server';
import type { DataSource } from 'typeorm';
import { reportHazard, startHazardWorkflow, type TestSystem } from '../support/api';
import { loggedInClients } from '../support/as-user';
import { TEST_PAYLOAD_KEYS, testServices } from '../support/env';
import { createScratchMysqlDatabase } from '../support/mysql';
import { eventually } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

/** One span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}
type OtlpAttribute = { key: string; value: Record<string, unknown> };
type OtlpExport = {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[] }[] }[];
  }[];
};
const SERVER = 2;
const CLIENT = 3;

const attributes = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

/** A collector of our own: accepts OTLP/HTTP JSON exports on POST /v1/traces and keeps every span. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close: () => Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
      for (const rs of body.resourceSpans ?? []) {
        const service = String(attributes(rs.resource?.attributes)['service.name']);
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              kind: s.kind,
              attributes: attributes(s.attributes),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('tracing: OpenTelemetry over OTLP/HTTP across the API and the worker', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let db: Awaited<ReturnType<typeof createScratchMysqlDatabase>>;
  let ds: DataSource;
  let api: WorkerProcess;
  let worker: WorkerProcess;
  let appUrl: string;
  let taskQueue: string;
  const as = loggedInClients(() => appUrl);

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    db = await createScratchMysqlDatabase();
    ds = await openDatabase({ kind: 'mysql', url: db.url });
    await migrate(ds);
    await seedDemo(ds);
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    // The two production services, each its own process exporting to the receiver: the trace must cross them.
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      TEMPORAL_TASK_QUEUE: (taskQueue = `test-${randomUUID().slice(0, 8)}`),
      WORKFLOW_BUNDLE: testServices().workflowBundle,
      JWT_SECRET: 'test-secret-test-secret-test-secret-42',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    worker = startWorkerProcess('traced-worker', env);
    api = startWorkerProcess('traced-api', { ...env, PORT: String(port), HOST: '127.0.0.1', APP_URL: appUrl }, 'api');
    await Promise.all([worker.ready, api.ready]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await ds?.destroy();
    await db?.drop();
    await receiver?.close();
  });

  it('links POST /api/hazards → INSERT tasks and → StartWorkflow → RunWorkflow → StartActivity → RunActivity, parent to child', async () => {
    const { id, workflowId } = await reportHazard(as, 'employee', {
      title: 'Guard missing on press 3',
      description: 'Open nip point',
      suspectedSeverity: 'high',
    });
    const grading = await eventually(async () => ds.getRepository(Task).findOneBy({ workflowId, taskType: 'hazard.grade' }), 'the grading task');
    // A workflow's span lasts as long as the workflow and is exported when it ends: the safety hub
    // cancels the report (as a duplicate would be), so the process ends now.
    expect((await (await as('safety')).call('POST', `/api/hazards/${id}/cancel`, { reason: 'Reported twice' })).status).toBe(200);

    const server = await eventually(
      async () => receiver.spans.find((s) => s.kind === SERVER && s.name === 'POST /api/hazards'),
      'the API server span of POST /api/hazards',
    );
    const inTrace = () => receiver.spans.filter((s) => s.traceId === server.traceId);
    const only = (name: string) => {
      const found = inTrace().filter((s) => s.name === name);
      return found.length === 1 ? found[0] : undefined;
    };
    // Each hop, found by its parent: the span of the step before (on failure, the trace as received).
    const childOf = (parent: ReceivedSpan, name: string) =>
      eventually(async () => inTrace().find((s) => s.name === name && s.parentSpanId === parent.spanId), `${name} as a child of ${parent.name}`).catch(
        (err: Error) => {
          const listing = inTrace().map((s) => `${s.service} ${s.name} ${s.spanId} <- ${s.parentSpanId || 'root'}`);
          throw new Error(`${err.message}; the trace has:\n${listing.join('\n')}`);
        },
      );

    expect(server).toMatchObject({ service: 'safeloop-api', parentSpanId: '', attributes: { 'http.route': '/api/hazards', 'http.status_code': 201 } });
    const start = await childOf(server, 'StartWorkflow:HazardWorkflow');
    expect(start).toMatchObject({ service: 'safeloop-api', attributes: { temporalWorkflowId: workflowId } });
    const run = await childOf(start, 'RunWorkflow:HazardWorkflow');
    expect(run.service).toBe('safeloop-worker');
    // The grading task is written by the API in the transaction that starts the process (issue 22).
    const insert = await childOf(server, 'INSERT tasks');
    expect(insert).toMatchObject({
      service: 'safeloop-api',
      kind: CLIENT,
      attributes: { 'db.system.name': expect.stringMatching(/^(mysql|mariadb)$/), 'db.operation.name': 'INSERT', 'db.collection.name': 'tasks' },
    });
    // A step of the process (here the cancellation's writes, withdrawing the grading task) is a local activity of the run.
    const schedule = await childOf(run, 'StartActivity:recordHazardStep');
    const execute = await childOf(schedule, 'RunActivity:recordHazardStep');
    expect(execute.service).toBe('safeloop-worker');
    // That insert is the grading task's: the only task of the process so far, inserted once (the step found it there).
    expect(await ds.getRepository(Task).findBy({ workflowId })).toEqual([expect.objectContaining({ id: grading.id })]);
    expect(only('INSERT tasks')).toBe(insert);
    // Nothing on the way started a trace of its own: every hop has the request's trace id.
    expect(new Set([server, start, run, schedule, execute, insert].map((s) => s.traceId))).toEqual(new Set([server.traceId]));
  }, 120_000);

  it('leaves a process started without trace context untraced (as schedules start them), even on a worker that traces', async () => {
    // A starter without tracing: no trace context in the start's header.
    const { connection, client } = await connectClient(
      { address: testServices().temporalAddress, namespace: 'default' },
      new EncryptionCodec(parseKeyRing(TEST_PAYLOAD_KEYS), 'aes'),
    );
    try {
      const reporter = await ds.getRepository(User).findOneByOrFail({ username: 'employee' });
      const system = { client, config: { temporal: { taskQueue } } } as unknown as TestSystem;
      const policy = (await (await as('safety')).call('GET', '/api/policies/current')).body;
      const { hazardId, workflowId, handle } = await startHazardWorkflow(system, reporter, 'Untraced start', {
        policy: policy.document,
        policyVersion: policy.version,
      });
      await eventually(async () => ds.getRepository(Task).findOneBy({ workflowId, taskType: 'hazard.grade' }), 'the grading task');
      // A traced request then reaches it: that update, and only that, is in a trace.
      expect((await (await as('safety')).call('POST', `/api/hazards/${hazardId}/cancel`, { reason: 'Reported twice' })).status).toBe(200);
      await handle.result();
      const cancel = await eventually(
        async () =>
          receiver.spans.find((s) => s.kind === SERVER && s.name === 'POST /api/hazards/:id/cancel' && String(s.attributes['http.target']).includes(hazardId)),
        'the API server span of the cancel',
      );
      await eventually(
        async () => receiver.spans.find((s) => s.name === 'HandleUpdate:cancel' && s.service === 'safeloop-worker' && s.traceId === cancel.traceId),
        "the workflow's span of the traced update",
      );
      // A marker: a traced process's insert, exported by the worker after anything the untraced one could have exported.
      await reportHazard(as, 'employee', { title: 'Marker', description: 'After the untraced process ended', suspectedSeverity: 'low' });
      await eventually(async () => receiver.spans.filter((s) => s.name === 'INSERT tasks').length === 2, "the marker's insert span");

      const ofUntraced = receiver.spans.filter((s) => s.attributes.temporalWorkflowId === workflowId);
      expect(ofUntraced.length).toBeGreaterThan(0); // the update's client span names it
      expect(ofUntraced.filter((s) => s.traceId !== cancel.traceId)).toEqual([]);
      // Its run, its activities and their inserts made no spans: the one ended run is the first test's process.
      expect(receiver.spans.filter((s) => s.name === 'RunWorkflow:HazardWorkflow')).toHaveLength(1);
      expect(receiver.spans.filter((s) => s.name === 'RunActivity:recordHazardStep').every((s) => s.attributes.temporalWorkflowId !== workflowId)).toBe(true);
    } finally {
      await connection.close();
    }
  }, 120_000);
});
