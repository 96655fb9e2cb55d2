#!/usr/bin/env node
// `npm start` / `npm test` on a fresh clone: plain Node with no dependencies, so it runs before
// `node_modules` exists. It installs dependencies when missing or stale, builds the web UI when
// its sources changed, then hands over to the TypeScript entry point (start) or jest (test).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
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

const dependenciesCurrent = () => {
  const installed = mtime(path.join(root, 'node_modules', '.package-lock.json'));
  return installed > 0 && installed >= mtime(path.join(root, 'package-lock.json')) && fs.existsSync(bin('tsx'));
};

/**
 * Runs `fn` holding a lock directory (mkdir is atomic), so two `npm test` / `npm start` started
 * at once do not run `npm ci` over each other; the second waits, then finds the work done. A lock
 * left by a killed run is taken over after 10 minutes.
 */
function withLock(name, fn) {
  const dir = path.join(root, '.data', `${name}.lock`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (let announced = false; ;) {
    try {
      fs.mkdirSync(dir);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() - mtime(dir) > 10 * 60_000) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (!announced) console.log(`Waiting for another run to finish ${name}…`);
      announced = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function ensureDependencies() {
  if (dependenciesCurrent()) return;
  withLock('install', installDependencies);
}

function installDependencies() {
  if (dependenciesCurrent()) return; // another run installed them while this one waited
  console.log('Installing dependencies (npm ci)…');
  const r = spawnSync('npm', [fs.existsSync(path.join(root, 'package-lock.json')) ? 'ci' : 'install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('safeloop: installing dependencies failed (see above). Check your network access to the npm registry.');
    process.exit(1);
  }
}

const webBuildCurrent = () => {
  const built = mtime(path.join(root, 'web', 'dist', 'index.html'));
  const sources = Math.max(
    newestIn(path.join(root, 'web', 'src')),
    mtime(path.join(root, 'web', 'index.html')),
    mtime(path.join(root, 'web', 'vite.config.mts')),
  );
  return built > 0 && built >= sources;
};

function ensureWebBuild() {
  if (webBuildCurrent()) return;
  withLock('web-build', () => {
    if (!webBuildCurrent()) buildWeb();
  });
}

function buildWeb() {
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

/** The usual places of a Chromium or Chrome binary, after the names looked up on PATH. */
const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const onPath = (name) =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name))
    .find((p) => isExecutable(p));
function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
const findBrowser = () => BROWSER_NAMES.map(onPath).find(Boolean) ?? BROWSER_PATHS.find(isExecutable);
/** True when fontconfig knows a font covering Chinese (the zh-CN screenshots need one); unknown counts as present. */
function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status !== 0 || r.stdout.trim() !== '';
}

/**
 * The browser for the browser tests, obtained the way `npm start` obtains Temporal: CHROMIUM_PATH;
 * a Chromium/Chrome on PATH or in the usual install locations; as root with apt, Debian's
 * chromium and fonts-noto-cjk (installed once); otherwise one clear line with the command to run.
 */
function ensureBrowser() {
  if (process.env.CHROMIUM_PATH) {
    if (isExecutable(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    console.error(`safeloop: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file; point it at a Chromium or Chrome binary, or unset it.`);
    process.exit(1);
  }
  const asRootWithApt = process.platform === 'linux' && process.getuid?.() === 0 && Boolean(onPath('apt-get'));
  let found = findBrowser();
  const packages = [...(found ? [] : ['chromium']), ...(hasCjkFont() ? [] : ['fonts-noto-cjk'])];
  if (packages.length && asRootWithApt) {
    console.log(`Installing ${packages.join(' and ')} from Debian's packages for the browser tests (first run only, about 1–3 minutes)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    const install =
      update.status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (!install || install.status !== 0) {
      console.error(`safeloop: installing ${packages.join(' ')} with apt-get failed (see above).`);
      process.exit(1);
    }
    found = findBrowser();
  }
  if (found) return found;
  const command =
    process.platform === 'darwin'
      ? 'brew install --cask chromium'
      : onPath('apt-get')
        ? 'sudo apt-get install chromium fonts-noto-cjk'
        : onPath('dnf')
          ? 'sudo dnf install chromium google-noto-sans-cjk-fonts'
          : 'install Chromium or Chrome';
  console.error(`safeloop: the browser tests need Chromium and none was found. Run: ${command} (or set CHROMIUM_PATH to a Chromium/Chrome binary).`);
  process.exit(1);
}

/** A run limited to paths (e.g. `npm test -- domain`, `npm run test:faults`) needs a browser only if one names the browser tests. */
const VALUE_FLAGS = new Set(['-t', '--testNamePattern', '-c', '--config', '-w', '--maxWorkers', '--shard', '--testTimeout', '--reporters', '--seed', '--runs']);
function needsBrowser(args) {
  const paths = args.filter((a, i) => !a.startsWith('-') && !VALUE_FLAGS.has(args[i - 1]));
  return paths.length === 0 || paths.some((a) => a.includes('browser'));
}

const namesPaths = (args) => args.some((a, i) => !a.startsWith('-') && !VALUE_FLAGS.has(args[i - 1]));

/**
 * The whole suite runs in two jest runs, one after the other: every suite but the browser ones,
 * then the browser ones. On a two-core machine (CI's) a page driven beside the process, fault and
 * concurrency suites lost clicks and timed out; alone they have the cores to themselves. Both runs
 * always run; the exit code is the first non-zero one.
 */
function runInTwoPhases(args) {
  const phases = [
    { name: 'processes, rules, API', args: ['--testPathIgnorePatterns', ...JEST_IGNORED, '/test/browser/'] },
    { name: 'browser', args: ['test/browser/'] },
  ];
  let failed = 0;
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => (stopping = true));
  for (const [i, phase] of phases.entries()) {
    if (stopping) break;
    console.log(`\nsafeloop: test run ${i + 1} of ${phases.length} (${phase.name})`);
    const r = spawnSync(bin('jest'), [...args, ...phase.args], { cwd: root, stdio: 'inherit', env: process.env });
    const code = r.status ?? 1;
    if (code !== 0 && failed === 0) failed = code;
  }
  process.exit(failed);
}
/** jest.config.js's testPathIgnorePatterns (a command-line list replaces the config's). */
const JEST_IGNORED = createRequire(import.meta.url)(path.join(root, 'jest.config.js')).testPathIgnorePatterns;

ensureDependencies();
if (cmd === 'test') {
  // `--runs N` sizes the model-based concurrency test (npm run test:concurrency -- --runs N); jest does not know the flag.
  const runs = rest.indexOf('--runs');
  if (runs >= 0) {
    process.env.CONCURRENCY_RUNS = rest[runs + 1] ?? '';
    rest.splice(runs, 2);
  }
  ensureWebBuild(); // the tests drive the built UI too
  if (needsBrowser(rest)) process.env.CHROMIUM_PATH = ensureBrowser();
  if (namesPaths(rest)) handOver(bin('jest'), rest);
  else runInTwoPhases(rest);
} else {
  if (cmd === 'start') ensureWebBuild();
  // tsx as a loader inside this one node process, not the tsx CLI: the CLI wraps the app in a
  // second process and, when the app takes more than 30 ms to acknowledge a signal (a loaded
  // machine), SIGKILLs it in the middle of its clean stop, orphaning the Temporal dev server.
  handOver(process.execPath, ['--import', 'tsx', path.join('scripts', 'safeloop.ts'), cmd, ...rest]);
}
