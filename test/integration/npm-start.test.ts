import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, isPortTaken } from '../../temporal/dev-server';
import { httpClient, testServices } from '../support/env';
import { eventually } from '../support/wait';

/**
 * What `npm start` runs (scripts/safeloop.ts start) as a real child process: its own dev
 * server with state under DATA_DIR, the embedded database with demo data, then Ctrl-C.
 */
const root = path.resolve(__dirname, '../..');

function launch(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const clean = { ...process.env };
  for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PORT', 'SEED_DEMO', 'JWT_SECRET']) delete clean[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/safeloop.ts', 'start'], {
    cwd: root,
    env: { ...clean, TEMPORAL_CLI: testServices().temporalCli, ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(output: () => string, text: string, exited: Promise<unknown>, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  let done = false;
  void exited.then(() => (done = true));
  while (!output().includes(text)) {
    if (done) throw new Error(`process exited before printing "${text}":\n${output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start (embedded default)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts everything, prints URLs and logins, persists across restarts and stops cleanly on Ctrl-C', async () => {
    const [port, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    const env = {
      PORT: String(port),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      SMTP_SINK_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
    };

    const first = launch(env);
    await waitFor(first.output, 'Press Ctrl-C to stop.', first.exited);
    const banner = first.output();
    expect(banner).toContain(`App:          http://localhost:${port}`);
    expect(banner).toContain(`Temporal UI:  http://localhost:${uiPort}`);
    for (const login of ['admin', 'safety', 'hr', 'manager', 'auditor', 'head.production', 'head.equipment', 'employee'])
      expect(banner).toContain(`    ${login} `);
    expect(banner).toContain('safeloop-demo');

    const http = httpClient(`http://127.0.0.1:${port}`);
    const health = await http.call('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.database).toMatchObject({ status: 'ok', detail: `sqlite:${path.join(dataDir, 'safeloop.sqlite')}` });
    expect(health.body.temporal.status).toBe('ok');
    const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
    expect(ui.status).toBe(200);

    // Demo processes on the first start: the safety hub has a hazard to grade.
    await http.login('safety');
    const graded = await eventually(async () => {
      const inbox = await http.call('GET', '/api/tasks?view=mine');
      return inbox.body.items.find((t: { taskType: string; title: string }) => t.taskType === 'hazard.grade' && t.title.includes('3号压力机防护罩缺失'));
    }, 'the demo grading task');
    expect(graded.orgUnitName).toBe('Safety Department');

    await http.login('admin');
    const probeId = '2b0e7c1a-4d5f-4e6a-8b9c-0d1e2f3a4b5c';
    expect((await http.call('POST', '/api/system/probes', { probeId, message: 'before restart' })).status).toBe(201);
    // The CLI as a client of the dev server.
    const list = spawnSync(testServices().temporalCli, ['workflow', 'list', '--address', `127.0.0.1:${temporalPort}`], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(`Probe:${probeId}`);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped.');
    expect(await isPortTaken(port)).toBe(false);
    expect(await isPortTaken(temporalPort)).toBe(false);
    expect(await isPortTaken(uiPort)).toBe(false);

    // Warm start on the same data: no second seed, the probe and its workflow are still there.
    const second = launch(env);
    await waitFor(second.output, 'Press Ctrl-C to stop.', second.exited);
    await http.login('employee');
    await http.login('admin');
    const probe = await http.call('GET', `/api/system/probes/${probeId}`);
    expect(probe.status).toBe(200);
    expect(probe.body.message).toBe('before restart');
    const again = spawnSync(
      testServices().temporalCli,
      ['workflow', 'describe', '--workflow-id', `Probe:${probeId}`, '--address', `127.0.0.1:${temporalPort}`],
      { encoding: 'utf8' },
    );
    expect(again.status).toBe(0);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await isPortTaken(temporalPort)).toBe(false);
  }, 150_000);

  it('stops a dev server orphaned by a killed start before starting again', async () => {
    const [port, temporalPort] = [await freePort(), await freePort()];
    const env = {
      PORT: String(port),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(await freePort()),
      SMTP_SINK_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
    };
    const killed = launch(env);
    await waitFor(killed.output, 'Press Ctrl-C to stop.', killed.exited);
    const orphanPid = Number(fs.readFileSync(path.join(dataDir, 'temporal.pid'), 'utf8'));
    killed.child.kill('SIGKILL'); // as a crash would
    await killed.exited;
    expect(() => process.kill(orphanPid, 0)).not.toThrow(); // still running, holding its port

    const next = launch(env);
    await waitFor(next.output, 'Press Ctrl-C to stop.', next.exited);
    expect(() => process.kill(orphanPid, 0)).toThrow();
    next.child.kill('SIGINT');
    expect(await next.exited).toBe(0);
    expect(await isPortTaken(temporalPort)).toBe(false);
    expect(await isPortTaken(port)).toBe(false);
  }, 150_000);

  it('says in one line that the port is taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = launch({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(`safeloop: Port ${port} is already in use. Stop what uses it or set PORT to a free port.`);
    } finally {
      blocker.close();
    }
  });

  it('says in one line that the database is unreachable', async () => {
    const run = launch({
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      DATABASE_URL: 'mysql://root@127.0.0.1:9/safeloop',
      TEMPORAL_ADDRESS: testServices().temporalAddress,
    });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^safeloop: Cannot connect to the database mysql:\/\/root@127\.0\.0\.1:9\/safeloop \(.*ECONNREFUSED.*\)\. Check DATABASE_URL\.$/);
  });
});
