import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';

/**
 * Runs `temporal server start-dev` (a real Temporal server in one binary) and waits until its
 * frontend answers. With a database file, workflow state survives restarts.
 */
export interface DevServerOptions {
  cli: string;
  port: number;
  uiPort: number | null; // null: headless
  namespace: string;
  /** SQLite file for the server's state; null keeps it in memory (tests). */
  dbFile: string | null;
  logFile?: string;
  /** Remembers the server's pid so a server orphaned by a killed parent is stopped next time. */
  pidFile?: string;
  readyTimeoutMs?: number;
  /** The Temporal UI decodes payloads through this remote codec endpoint (the app's /api/temporal/codec). */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  pid: number;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  if (opts.pidFile) await stopOrphan(opts.pidFile);
  for (const port of [opts.port, opts.uiPort]) {
    if (port !== null && (await isPortTaken(port))) {
      throw new PortInUseError(
        `Port ${port} is already in use, so the Temporal dev server cannot start. ` +
          `Stop what uses it, or set ${port === opts.port ? 'TEMPORAL_PORT' : 'TEMPORAL_UI_PORT'} to a free port.`,
      );
    }
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', opts.namespace, '--log-level', 'warn'];
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort), ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []));
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  let out: number | 'ignore' = 'ignore';
  if (opts.logFile) {
    fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
    out = fs.openSync(opts.logFile, 'a');
  }
  const child = spawn(opts.cli, args, { stdio: ['ignore', out, out] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pidFile = opts.pidFile;
  if (pidFile && child.pid) {
    fs.writeFileSync(pidFile, String(child.pid));
    void exited.then(() => fs.rmSync(pidFile, { force: true }));
  }
  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  let lastError = '';
  for (;;) {
    if (child.exitCode !== null) {
      const tail = opts.logFile ? logTail(opts.logFile) : '';
      throw new Error(
        `The Temporal dev server exited with code ${child.exitCode} during start-up${opts.logFile ? ` (see ${opts.logFile})` : ''}.${tail ? `\nLast lines of its log:\n${tail}` : ''}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1s' });
      try {
        await connection.withDeadline(Date.now() + 2000, () => connection.workflowService.describeNamespace({ namespace: opts.namespace }));
        break;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`The Temporal dev server did not become ready on ${address}: ${lastError}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    address,
    uiUrl: opts.uiPort === null ? null : `http://localhost:${opts.uiPort}`,
    pid: child.pid!,
    stop: () => stopChild(child, exited),
  };
}

/** The last lines of the dev server's log, so a start-up failure says why without a second look. */
function logTail(file: string, lines = 8): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = await Promise.race([exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 10_000)))]);
  clearTimeout(timer);
  if (!killed) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A dev server left running by a parent that was killed (kill -9, crash): stop it before starting anew. */
async function stopOrphan(pidFile: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  const alive = (p: number) => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    cmdline = process.platform === 'linux' ? '' : 'start-dev'; // no /proc: trust the pid file
  }
  if (pid > 0 && alive(pid) && cmdline.includes('start-dev')) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(pidFile, { force: true });
}

export function isPortTaken(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.once('listening', () => server.close(() => resolve(false)));
    server.listen(port, host);
  });
}

/** A port the OS says is free right now (for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
