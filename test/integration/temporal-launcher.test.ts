import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection, Client } from '@temporalio/client';
import { obtainTemporalCli, temporalCacheDir, ToolchainError } from '../../temporal/cli';
import { freePort, PortInUseError, startDevServer } from '../../temporal/dev-server';
import { testServices } from '../support/env';

describe('obtaining the Temporal CLI', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prefers `temporal` on PATH', async () => {
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'temporal'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(await obtainTemporalCli(undefined, { PATH: `${bin}:/usr/bin:/bin`, HOME: tmp })).toBe(path.join(bin, 'temporal'));
  });

  it('uses TEMPORAL_CLI when set and refuses one that is not executable', async () => {
    const cli = testServices().temporalCli;
    expect(await obtainTemporalCli(undefined, { PATH: '/usr/bin:/bin', TEMPORAL_CLI: cli })).toBe(cli);
    await expect(obtainTemporalCli(undefined, { PATH: '/usr/bin:/bin', TEMPORAL_CLI: path.join(tmp, 'missing') })).rejects.toThrow(/not an executable/);
  });

  it('reuses the build cached in the user cache directory', async () => {
    const env = { PATH: '/usr/bin:/bin', XDG_CACHE_HOME: path.join(tmp, 'cache') };
    const cached = path.join(temporalCacheDir(env), 'temporal');
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.writeFileSync(cached, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(cached).toContain(path.join('cache', 'safeloop', 'temporal-v1.5.1'));
    expect(await obtainTemporalCli(undefined, env)).toBe(cached);
  });

  it('says what to install when there is no binary, no download and no Go', async () => {
    const lines: string[] = [];
    const err = await obtainTemporalCli((l) => lines.push(l), {
      PATH: '/nonexistent',
      XDG_CACHE_HOME: path.join(tmp, 'empty-cache'),
      TEMPORAL_CLI_DOWNLOAD_URL: 'http://127.0.0.1:9/none',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ToolchainError);
    expect(err.message).toMatch(/Install one of: the Temporal CLI .* or Go/);
    expect(lines.join('\n')).toMatch(/Downloading the Temporal CLI/);
  });
});

describe('the dev server', () => {
  it('refuses a taken port with a clear message', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startDevServer({ cli: testServices().temporalCli, port, uiPort: null, namespace: 'default', dbFile: null })).rejects.toThrow(PortInUseError);
      await expect(startDevServer({ cli: testServices().temporalCli, port, uiPort: null, namespace: 'default', dbFile: null })).rejects.toThrow(
        `Port ${port} is already in use`,
      );
    } finally {
      blocker.close();
    }
  });

  it('keeps in-flight workflows across a restart with its database file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-devserver-'));
    const dbFile = path.join(dir, 'temporal.db');
    const port = await freePort();
    // With a log file, a start-up failure (the restart once exited 2 under CI load) shows the server's last lines.
    const opts = { cli: testServices().temporalCli, port, uiPort: null, namespace: 'default', dbFile, logFile: path.join(dir, 'temporal.log') };
    try {
      let server = await startDevServer(opts);
      let connection = await Connection.connect({ address: server.address });
      // No worker polls this queue: the workflow stays running, as an in-flight process would.
      await new Client({ connection }).workflow.start('ProbeWorkflow', { workflowId: 'Probe:persisted', taskQueue: 'nobody-polls', args: [{}] });
      await connection.close();
      await server.stop();

      server = await startDevServer(opts);
      connection = await Connection.connect({ address: server.address });
      const description = await new Client({ connection }).workflow.getHandle('Probe:persisted').describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.type).toBe('ProbeWorkflow');
      await connection.close();
      await server.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
