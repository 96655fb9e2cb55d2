import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { apiHelpers, reportHazard } from '../support/api';
import { httpClient, startTestSystem, testServices } from '../support/env';
import { eventually } from '../support/wait';

const run = promisify(execFile);

/** Everything a Temporal history of this task queue holds, as the CLI prints it (-o json), with every base64 byte string also decoded. */
async function storedHistories(taskQueue: string): Promise<{ ids: string[]; text: string; encoded: { metadata: Record<string, string>; data?: string }[] }> {
  const s = testServices();
  const cli = (...args: string[]) =>
    run(s.temporalCli, [...args, '--address', s.temporalAddress, '--namespace', 'default', '-o', 'json'], { maxBuffer: 64 << 20 });
  const listed = JSON.parse((await cli('workflow', 'list', '--query', `TaskQueue="${taskQueue}"`)).stdout || '[]') as { execution: { workflowId: string } }[];
  const ids = listed.map((w) => w.execution.workflowId);
  let text = '';
  const encoded: { metadata: Record<string, string>; data?: string }[] = [];
  for (const id of ids) {
    const shown = (await cli('workflow', 'show', '-w', id)).stdout;
    text += shown;
    // Every base64 value in the JSON, decoded too, so a payload's bytes are searched as text.
    for (const m of shown.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)) text += `\n${Buffer.from(m[1], 'base64').toString('utf8')}`;
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const n = node as { metadata?: Record<string, string>; data?: string };
      if (n.metadata && typeof n.metadata.encoding === 'string' && Buffer.from(n.metadata.encoding, 'base64').toString() === 'binary/encrypted')
        encoded.push(n as never);
      Object.values(node as Record<string, unknown>).forEach(walk);
    };
    walk(JSON.parse(shown));
  }
  return { ids, text, encoded };
}

describe.each(['aes', 'gm'] as const)('Temporal payloads are encrypted (CRYPTO_PROFILE=%s)', (profile) => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, openTask } = apiHelpers(() => system);

  beforeAll(async () => {
    system = await startTestSystem('all', { CRYPTO_PROFILE: profile, TEMPORAL_UI_URL: 'http://localhost:8233' });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('no e-mail address, name or injury is stored in clear; the auditor timeline and the codec endpoint read them', async () => {
    const secret = { email: 'li.na@plant-secret.example', name: '李娜', injury: 'deep chemical burn on the left forearm' };
    const hazard = await reportHazard(as, 'employee', {
      title: `Acid splash at tank 7 (${profile})`,
      description: `${secret.name} (${secret.email}) was splashed; ${secret.injury}`,
      suspectedSeverity: 'high',
    });
    await openTask(hazard.workflowId, 'hazard.grade');
    const incident = await call('employee', 'POST', '/api/incidents', {
      incidentId: randomUUID(),
      kind: 'incident',
      title: `Acid splash (${profile})`,
      description: 'Valve gland leaked during sampling',
      location: 'Tank farm 7',
      occurredAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      injuredPeople: [{ name: secret.name, injury: secret.injury }],
      immediateActions: 'Eye wash, hospital',
    });
    expect(incident.status).toBe(201);
    await openTask(incident.body.workflowId, 'incident.classify');
    // (Under incident-one-step the task is written inside the process's first workflow task: its history is read once that task is recorded.)
    await eventually(
      async () => (await system.client.workflow.getHandle(incident.body.workflowId).describe()).historyLength > 4,
      'the incident’s first workflow task recorded',
    );

    const stored = await storedHistories(system.config.temporal.taskQueue);
    expect(stored.ids).toEqual(expect.arrayContaining([hazard.workflowId, incident.body.workflowId]));
    expect(stored.ids.some((id) => id !== hazard.workflowId && id !== incident.body.workflowId)).toBe(true); // notifications too
    // (One step a transaction, issue 22: the two processes' first workflow tasks hold their inputs and their steps' markers, 7 payloads in all.)
    expect(stored.encoded.length).toBeGreaterThan(5);
    for (const clear of [secret.email, secret.name, secret.injury, 'Valve gland leaked', '@safeloop.example']) expect(stored.text).not.toContain(clear);
    const cipher = profile === 'gm' ? 'SM4-CTR+HMAC-SM3' : 'AES-256-GCM';
    expect(new Set(stored.encoded.map((p) => Buffer.from(p.metadata['encryption-cipher'], 'base64').toString()))).toEqual(new Set([cipher]));

    // The auditor's timeline decodes through the client's data converter.
    const history = await call('auditor', 'GET', `/api/processes/${encodeURIComponent(hazard.workflowId)}/history`);
    expect(history.status).toBe(200);
    // (the task's title and the policy version come from decrypted activity and workflow inputs)
    const entries = (history.body.entries as { text: string }[]).map((e) => e.text).join('\n');
    expect(entries).toContain(`Acid splash at tank 7 (${profile})`);
    expect(entries).toMatch(/under policy v1/);

    // Under the 国密 profile the audit log's hash chain is SM3 too (rows keep their own digest, so the chain verifies across a switch).
    const verified = await call('auditor', 'GET', '/api/audit/verify');
    expect(verified.status).toBe(200);
    const digest = profile === 'gm' ? 'sm3' : 'sha256';
    expect(verified.body).toMatchObject({ ok: true, appending: digest, brokenAt: null });
    expect(verified.body.algorithms).toContain(digest);
    const newest = (await system.dataSource.query('SELECT hash_alg FROM audit_log ORDER BY seq DESC LIMIT 1')) as { hash_alg: string }[];
    expect(newest[0].hash_alg).toBe(digest);

    // The Temporal UI's remote codec: decodes for the auditor (a read, though a POST) and the safety hub, not for a worker or a stranger.
    const sample = { payloads: stored.encoded.slice(0, 5) };
    const decoded = await call('auditor', 'POST', '/api/temporal/codec/decode', sample);
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toHaveLength(5);
    for (const p of decoded.body.payloads)
      expect(Buffer.from(p.metadata.encoding, 'base64').toString()).toMatch(/^(json\/plain|binary\/null|json\/protobuf|binary\/plain)$/);
    expect((await call('safety', 'POST', '/api/temporal/codec/decode', sample)).status).toBe(200);
    expect((await call('employee', 'POST', '/api/temporal/codec/decode', sample)).status).toBe(403);
    expect((await httpClient(system.appUrl!).call('POST', '/api/temporal/codec/decode', sample)).status).toBe(401);
    expect((await call('auditor', 'POST', '/api/temporal/codec/encode', sample)).status).toBe(403);
    const roundTrip = await call('admin', 'POST', '/api/temporal/codec/encode', decoded.body);
    expect(roundTrip.status).toBe(200);
    expect((await call('admin', 'POST', '/api/temporal/codec/decode', roundTrip.body)).body).toEqual(decoded.body);

    // From the Temporal UI's origin: its preflight, then the call with the cookie the login set.
    const preflight = await fetch(`${system.appUrl}/api/temporal/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const login = await fetch(`${system.appUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'safety', password: 'safeloop-demo' }),
    });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^safeloop_codec=[^;]+;.*Path=\/api\/temporal\/codec;.*HttpOnly;.*SameSite=Strict/);
    const viaUi = await fetch(`${system.appUrl}/api/temporal/codec/decode`, {
      method: 'POST',
      headers: { origin: 'http://localhost:8233', 'content-type': 'application/json', 'x-namespace': 'default', cookie: cookie.split(';')[0] },
      body: JSON.stringify(sample),
    });
    expect(viaUi.status).toBe(200);
    expect(((await viaUi.json()) as { payloads: unknown[] }).payloads).toEqual(decoded.body.payloads);
  }, 120_000);
});
