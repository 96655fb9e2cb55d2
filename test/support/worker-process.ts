import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_PAYLOAD_KEYS } from './env';

const root = path.resolve(__dirname, '../..');

/**
 * A SafeLoop worker as its own process, the way production runs it (`npm run worker`): one node
 * process with tsx as a loader, so SIGKILL hits the worker itself. (The tsx CLI would wrap it in a
 * second process: killing the wrapper leaves the real worker running as an orphan.)
 */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** Resolves when the worker printed its banner (connected, polling). */
  readonly ready: Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  alive(): boolean;
  /** SIGKILL: no clean stop, whatever it was doing is lost mid-way. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the clean stop. */
  stop(): Promise<void>;
}

/** `command`: the role, `worker` or (for a test of the two services apart) `api`. */
export function startWorkerProcess(name: string, env: Record<string, string>, command: 'worker' | 'api' = 'worker'): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/safeloop.ts', command], {
    cwd: root,
    // Several workers run side by side here: no fixed ops port; a short drain unless a test sets its own.
    env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: '0', WORKER_SHUTDOWN_GRACE_SECONDS: '2', PAYLOAD_KEYS: TEST_PAYLOAD_KEYS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (out.includes('SafeLoop is running')) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => reject(new Error(`worker ${name} exited (${code ?? signal}) before it was ready:\n${out.slice(-3000)}`)));
  });
  ready.catch(() => undefined); // observed by whoever awaits it
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    name,
    ready,
    exited,
    output: () => out,
    alive,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
