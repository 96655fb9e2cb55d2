import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Obtains the Temporal CLI (which carries the single-binary dev server), in this order:
 *   1. `temporal` on PATH
 *   2. TEMPORAL_CLI (an explicit binary path)
 *   3. a build cached in the user's cache directory (shared by every clone on the machine)
 *   4. the official release download
 *   5. `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` (retried with GOSUMDB=off
 *      when checksum lookups are unreachable)
 * and explains in one message what to install when none of them works.
 */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;
const EXE = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

export class ToolchainError extends Error {}

type Say = (line: string) => void;

export function temporalCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'safeloop', `temporal-v${TEMPORAL_CLI_VERSION}`);
}

export async function obtainTemporalCli(say: Say = () => undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const onPath = findOnPath(EXE, env.PATH);
  if (onPath) return onPath;

  if (env.TEMPORAL_CLI) {
    if (isExecutable(env.TEMPORAL_CLI)) return env.TEMPORAL_CLI;
    throw new ToolchainError(`TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file.`);
  }

  const cacheDir = temporalCacheDir(env);
  const cached = path.join(cacheDir, EXE);
  if (isExecutable(cached)) return cached;

  fs.mkdirSync(cacheDir, { recursive: true });
  const downloadError = await tryDownload(cacheDir, say, env.TEMPORAL_CLI_DOWNLOAD_URL);
  if (isExecutable(cached)) return cached;

  const go = findOnPath(process.platform === 'win32' ? 'go.exe' : 'go', env.PATH);
  if (!go) {
    throw new ToolchainError(
      `SafeLoop needs the Temporal CLI (dev server) and could not get it: the release download failed (${downloadError}) ` +
        'and Go is not installed to build it. Install one of: the Temporal CLI (https://docs.temporal.io/cli), ' +
        'or Go >= 1.23 (https://go.dev/dl); or set TEMPORAL_CLI=/path/to/temporal, or TEMPORAL_ADDRESS=host:7233 to use a running cluster.',
    );
  }
  say(`Building the Temporal CLI v${TEMPORAL_CLI_VERSION} from source with Go (first run on this machine only; a few minutes)…`);
  let result = await run(go, ['install', GO_PACKAGE], { ...env, GOBIN: cacheDir, GOFLAGS: '-trimpath' });
  if (result.code !== 0 && /sum\.golang\.org|checksum|verifying|GOSUMDB/i.test(result.output)) {
    say('Checksum database unreachable; retrying the Temporal CLI build with GOSUMDB=off…');
    result = await run(go, ['install', GO_PACKAGE], { ...env, GOBIN: cacheDir, GOSUMDB: 'off', GOFLAGS: '-trimpath' });
  }
  if (result.code !== 0 || !isExecutable(cached)) {
    throw new ToolchainError(
      `Building the Temporal CLI with Go failed (exit ${result.code}). Last output:\n${result.output.slice(-2000)}\n` +
        'Install the Temporal CLI yourself (https://docs.temporal.io/cli) and put it on PATH or set TEMPORAL_CLI.',
    );
  }
  return cached;
}

function findOnPath(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns null on success, else a short reason. */
async function tryDownload(cacheDir: string, say: Say, override?: string): Promise<string | null> {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform as string];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  if (!platform || !arch) return `no release for ${process.platform}/${process.arch}`;
  const url = override || `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${platform}&arch=${arch}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-temporal-'));
  try {
    say(`Downloading the Temporal CLI v${TEMPORAL_CLI_VERSION}…`);
    const res = await fetch(url, { signal: AbortSignal.timeout(180_000) });
    if (!res.ok || !res.body) return `HTTP ${res.status}`;
    const archive = path.join(tmp, platform === 'windows' ? 'temporal.zip' : 'temporal.tar.gz');
    fs.writeFileSync(archive, Buffer.from(await res.arrayBuffer()));
    const untar = await run('tar', ['-xf', archive, '-C', tmp], process.env);
    if (untar.code !== 0) return `could not unpack (${untar.output.trim()})`;
    const bin = path.join(tmp, EXE);
    if (!fs.existsSync(bin)) return 'archive had no temporal binary';
    fs.chmodSync(bin, 0o755);
    fs.copyFileSync(bin, path.join(cacheDir, `${EXE}.partial`));
    fs.renameSync(path.join(cacheDir, `${EXE}.partial`), path.join(cacheDir, EXE));
    return null;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return e.cause?.code ?? e.message;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
