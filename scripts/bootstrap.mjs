#!/usr/bin/env node
// `npm start` / `npm test` on a fresh clone: plain Node with no dependencies, so it runs before
// `node_modules` exists. It installs dependencies when missing or stale, builds the web UI when
// its sources changed, then hands over to the TypeScript entry point (start) or jest (test).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`safeloop: Node.js >= 20.19 is required (this is ${process.versions.node}). Install a current Node.js LTS.`);
  process.exit(1);
}

const cmd = process.argv[2] ?? 'start';
const rest = process.argv.slice(3);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};
const newestIn = (p) => {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newestIn(path.join(p, f))), st.mtimeMs);
};

function ensureDependencies() {
  const installed = mtime(path.join(root, 'node_modules', '.package-lock.json'));
  const lock = mtime(path.join(root, 'package-lock.json'));
  if (installed && installed >= lock && fs.existsSync(bin('tsx'))) return;
  console.log('Installing dependencies (npm ci)…');
  const r = spawnSync('npm', [fs.existsSync(path.join(root, 'package-lock.json')) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('safeloop: installing dependencies failed (see above). Check your network access to the npm registry.');
    process.exit(1);
  }
}

function ensureWebBuild() {
  const built = mtime(path.join(root, 'web', 'dist', 'index.html'));
  const sources = Math.max(newestIn(path.join(root, 'web', 'src')), mtime(path.join(root, 'web', 'index.html')), mtime(path.join(root, 'web', 'vite.config.mts')));
  if (built && built >= sources) return;
  console.log('Building the web UI…');
  const r = spawnSync(bin('vite'), ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('safeloop: building the web UI failed (see above).');
    process.exit(1);
  }
}

/** Runs the child in the foreground; Ctrl-C reaches it through the terminal, other signals are forwarded. */
function handOver(file, args) {
  const child = spawn(file, args, { cwd: root, stdio: 'inherit', env: process.env });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (sig !== 'SIGINT') child.kill(sig);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

ensureDependencies();
if (cmd === 'test') {
  ensureWebBuild(); // the tests drive the built UI too
  handOver(bin('jest'), rest);
} else {
  if (cmd === 'start') ensureWebBuild();
  // tsx as a loader inside this one node process, not the tsx CLI: the CLI wraps the app in a
  // second process and, when the app takes more than 30 ms to acknowledge a signal (a loaded
  // machine), SIGKILLs it in the middle of its clean stop, orphaning the Temporal dev server.
  handOver(process.execPath, ['--import', 'tsx', path.join('scripts', 'safeloop.ts'), cmd, ...rest]);
}
