/**
 * Benchmark: the web UI on a phone on a weak network — how soon the login page and the hazard
 * report page (/hazards/new) can be used, cold and warm, and how many bytes of JavaScript the
 * report route costs.
 *
 *   npx vite build --config web/vite.config.mts && npm run bench:web
 *   BENCH_RUNS=5 npm run bench:web          # more loads per figure (default 3; the median is printed)
 *   BENCH_BASELINE=0 npm run bench:web      # skip the uncompressed baseline
 *   BENCH_WATERFALL=1 BENCH_PROFILE=1 …     # each load's requests, and its main thread's CPU profile
 *   BENCH_LOAF=1 …                          # each load's long animation frames until usable, and the scripts in them
 *
 * Real services: a Temporal dev server started here (in memory, free port), a fresh database on the
 * MariaDB/MySQL at TEST_DATABASE_URL (default mysql://root@127.0.0.1:3306/test, dropped after) with
 * the demo organisation, and the whole system serving the built UI from web/dist as production
 * does. Debian's Chromium (test/support/browser.ts) on a 390 × 844 touch screen, every page
 * throttled through the DevTools protocol as Chrome DevTools' "Fast 3G" preset does (its source,
 * front_end/core/sdk/NetworkManager.ts: 1.6 Mbit/s down and 750 kbit/s up at 90 %, and a request
 * latency of 150 ms × 3.75 = 562.5 ms) with the CPU slowed 4× (Lighthouse's mobile profile).
 *
 * Usable means: the page's first field is on screen and enabled — the login form's username, the
 * report form's title (the report form shows once the session is read and the route's code is
 * there). It is timed in the page (performance.now(), from the start of the navigation) on each
 * animation frame, so the bench's own round trips do not count.
 * - cold: a new browser profile (empty HTTP cache, no service worker); the hazard page's user is
 *   signed in already (the token in sessionStorage, as after the login form);
 * - warm: the same profile opening the page again in a new tab, after the first load finished
 *   and the service worker (if the build has one) controls the origin.
 * The report route's JavaScript is every script the page had fetched when it became usable
 * (Resource Timing: the bytes as sent, and decoded). The baseline, in the same run, is the same
 * build fetched with `Accept-Encoding: identity` (what the server sent before it compressed).
 *
 * Limits: DevTools throttles the page's requests; a service worker's own fetches (its precache,
 * after the first load) are not throttled, so the cold figure does not include the bandwidth the
 * precache takes on a real phone right after it.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { createLogger } from '../app/logger';
import { startSystem } from '../app/system';
import { obtainTemporalCli } from '../temporal/cli';
import { freePort, startDevServer } from '../temporal/dev-server';
import { launchChromium, WEB_INDEX } from '../test/support/browser';
import { createScratchMysqlDatabase } from '../test/support/mysql';
import { benchConfig, dropScratchDatabase, prepareDemoDatabase, runBench } from './support/system';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASELINE = process.env.BENCH_BASELINE !== '0';
/** BENCH_WATERFALL=1: each load's resources, with when each was asked for and arrived. */
const WATERFALL = process.env.BENCH_WATERFALL === '1';
/** BENCH_PROFILE=1: each load's main-thread CPU profile until usable, summed by function (to find what a load waits for). */
const PROFILE = process.env.BENCH_PROFILE === '1';
/**
 * BENCH_LOAF=1: each load's long animation frames (> 50 ms) until usable, with the scripts that ran in them and
 * their forced style and layout (the Long Animation Frames API, in the page: unlike BENCH_PROFILE, it costs the load nothing).
 */
const LOAF = process.env.BENCH_LOAF === '1';

/** Chrome DevTools' "Fast 3G" (NetworkManager.ts): bytes per second and ms of request latency. */
const FAST_3G = { offline: false, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9, latency: 150 * 3.75 };
const CPU_SLOWDOWN = 4;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' } as const;

/** Issue 20's targets. */
const TARGET = { coldMs: 3000, warmMs: 1000, routeJsBytes: 150 * 1024 };

/** The session token's storage key (web/src/shared/api/http.ts). */
const TOKEN_KEY = 'safeloop.token';

interface PageCase {
  name: string;
  path: string;
  /** The field that makes the page usable. */
  selector: string;
  signedIn: boolean;
}

const CASES: PageCase[] = [
  { name: 'login', path: '/login', selector: '[data-testid="login-username"]', signedIn: false },
  { name: 'hazard report', path: '/hazards/new', selector: '[data-testid="hazard-title"]', signedIn: true },
];

interface Resource {
  name: string;
  /** Bytes of the body as sent (compressed), 0 from a cache or the service worker. */
  encoded: number;
  decoded: number;
  transfer: number;
  /** ms since the navigation started. */
  start: number;
  end: number;
}

interface Load {
  ms: number;
  resources: Resource[];
}

/**
 * Run in every document before its own scripts: on each animation frame, is the field there,
 * visible and enabled? The first time it is, the time and the resources fetched so far are kept.
 * (A string: the bench's TypeScript has no DOM types.)
 */
const usableProbe = (selector: string) => `
  (() => {
    const selector = ${JSON.stringify(selector)};
    const check = () => {
      const el = document.querySelector(selector);
      if (el && !el.disabled && el.getClientRects().length > 0) {
        window.__usable = {
          ms: performance.now(),
          resources: performance.getEntriesByType('resource').map((e) => ({
            name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize, transfer: e.transferSize,
            start: e.startTime, end: e.responseEnd,
          })),
        };
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();
`;

async function throttle(context: BrowserContext, page: Page, identity: boolean): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  if (identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  return cdp;
}

/** Where a load's main-thread time went (BENCH_PROFILE=1): the V8 CPU profile's self time by script and function, the top `n`. */
function printProfile(
  profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] },
  n = 15,
): void {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const f = byNode.get(id)?.callFrame;
    const key = f ? `${f.functionName || '(anonymous)'} ${f.url ? path.basename(new URL(f.url, 'http://x').pathname) : ''}:${f.lineNumber}` : '?';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`    main thread profile: ${total.toFixed(0)} ms sampled; self time, top ${n}:`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`      ${ms.toFixed(0).padStart(6)} ms  ${key}`);
}

/** Kept from the start of each document when BENCH_LOAF=1 (a string for the same reason as usableProbe). */
const loafObserver = `
  (() => {
    window.__loaf = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__loaf.push({
            start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
            scripts: e.scripts.map((s) => ({ kind: s.invokerType, invoker: s.invoker, source: s.sourceURL, start: s.startTime, duration: s.duration, layout: s.forcedStyleAndLayoutDuration })),
          });
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {}
  })();
`;

interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  scripts: { kind: string; invoker: string; source: string; start: number; duration: number; layout: number }[];
}

/** BENCH_LOAF=1: the long animation frames that started before the page was usable (the one it became usable in too). */
async function printLongFrames(page: Page, usableMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, 300)); // the frame the page became usable in is reported once it has ended
  const frames = await page.evaluate(() => (globalThis as unknown as { __loaf?: LongFrame[] }).__loaf ?? []);
  console.log(`    long animation frames until usable (${usableMs.toFixed(0)} ms):`);
  for (const f of frames.filter((x) => x.start <= usableMs)) {
    console.log(`      ${f.start.toFixed(0).padStart(6)} ms +${f.duration.toFixed(0).padStart(4)} ms (blocking ${f.blocking.toFixed(0)} ms)`);
    for (const sc of f.scripts) {
      const where = sc.source ? path.basename(new URL(sc.source, 'http://x').pathname) : '';
      console.log(
        `        ${sc.start.toFixed(0).padStart(6)} ms +${sc.duration.toFixed(0).padStart(4)} ms  ${sc.kind} ${sc.invoker === sc.source ? '' : sc.invoker} ${where}${sc.layout ? `  (forced style and layout ${sc.layout.toFixed(0)} ms)` : ''}`,
      );
    }
  }
}

/**
 * Polls `fn` in the page (its source is sent to the page: it can use nothing of this module) until it returns something (the app's Content-Security-Policy forbids
 * the string evaluation page.waitForFunction uses; page.evaluate calls a function instead).
 */
async function poll<T>(page: Page, fn: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(fn).catch(() => undefined); // a navigation in progress
    if (value !== undefined && value !== null) return value as T;
    if (Date.now() > until) throw new Error(`${page.url()}: nothing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens `c` in a new throttled tab of `context` and waits until it is usable. */
async function load(context: BrowserContext, base: string, c: PageCase, identity: boolean): Promise<Load> {
  const page = await context.newPage();
  try {
    const cdp = await throttle(context, page, identity);
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.goto(base + c.path, { waitUntil: 'commit', timeout: 120_000 });
    const usable = await poll(page, () => (globalThis as { __usable?: Load }).__usable);
    if (PROFILE) printProfile((await cdp.send('Profiler.stop')).profile);
    if (LOAF) await printLongFrames(page, usable.ms);
    if (WATERFALL) {
      console.log(`  ${c.name}: usable at ${usable.ms.toFixed(0)} ms`);
      for (const r of usable.resources)
        console.log(`    ${r.start.toFixed(0).padStart(6)} → ${r.end.toFixed(0).padStart(6)} ms  ${kb(r.transfer).padStart(9)}  ${new URL(r.name).pathname}`);
    }
    // Let the load finish (late scripts, the service worker's registration) before the tab closes.
    await page.waitForLoadState('load', { timeout: 120_000 });
    if (HAS_SERVICE_WORKER()) {
      type Nav = { serviceWorker: { getRegistration(): Promise<unknown> } };
      await poll(
        page,
        () => (globalThis as unknown as { navigator: Nav }).navigator.serviceWorker.getRegistration().then((r) => (r ? true : undefined)),
        30_000,
      );
    }
    return usable;
  } finally {
    await page.close();
  }
}

/** The build's service worker (vite-plugin-pwa writes sw.js beside index.html), if it has one. */
const HAS_SERVICE_WORKER = () => fs.existsSync(path.join(path.dirname(WEB_INDEX), 'sw.js'));

/** With a service worker in the build: waits until it is active and controls a page of the origin. */
async function serviceWorkerSettled(context: BrowserContext, base: string): Promise<boolean> {
  if (!HAS_SERVICE_WORKER()) return false;
  const page = await context.newPage();
  try {
    await page.goto(`${base}/login`, { waitUntil: 'load' });
    type Worker = { state: string } | null;
    type Nav = { serviceWorker: { controller: Worker; getRegistration(): Promise<{ installing: Worker; waiting: Worker; active: Worker } | undefined> } };
    try {
      await poll(page, () => (globalThis as unknown as { navigator: Nav }).navigator.serviceWorker.controller?.state === 'activated' || undefined, 60_000);
      return true;
    } catch (err) {
      const state = await page.evaluate(async () => {
        const reg = await (globalThis as unknown as { navigator: Nav }).navigator.serviceWorker.getRegistration();
        return reg ? `installing ${reg.installing?.state ?? '-'}, waiting ${reg.waiting?.state ?? '-'}, active ${reg.active?.state ?? '-'}` : 'no registration';
      });
      throw new Error(`the service worker did not take control (${state})`, { cause: err });
    }
  } finally {
    await page.close();
  }
}

interface Measured {
  cold: Load[];
  warm: Load[];
  sw: boolean;
}

async function measure(browser: Browser, base: string, c: PageCase, token: string, identity: boolean): Promise<Measured> {
  const m: Measured = { cold: [], warm: [], sw: false };
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext(PHONE);
    try {
      context.setDefaultTimeout(120_000);
      if (LOAF) await context.addInitScript(loafObserver);
      await context.addInitScript(usableProbe(c.selector));
      // sessionStorage, and localStorage where the app keeps it for a phone that closes the app offline.
      if (c.signedIn)
        await context.addInitScript(
          `try { sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)}); localStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)}); } catch {}`,
        );
      m.cold.push(await load(context, base, c, identity));
      m.sw = await serviceWorkerSettled(context, base);
      m.warm.push(await load(context, base, c, identity));
    } finally {
      await context.close();
    }
  }
  return m;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const isJs = (r: Resource) => /\.m?js(\?|$)/.test(new URL(r.name).pathname);

function jsOf(load: Load): { files: Resource[]; encoded: number; decoded: number } {
  const files = load.resources.filter(isJs);
  return { files, encoded: files.reduce((a, r) => a + r.encoded, 0), decoded: files.reduce((a, r) => a + r.decoded, 0) };
}

function report(label: string, c: PageCase, m: Measured): { cold: number; warm: number; js: ReturnType<typeof jsOf> } {
  const cold = median(m.cold.map((l) => l.ms));
  const warm = median(m.warm.map((l) => l.ms));
  const js = jsOf(m.cold[0]);
  const all = m.cold[0].resources.reduce((a, r) => a + r.transfer, 0);
  console.log(
    `${label.padEnd(13)} ${c.name.padEnd(14)} cold ${s(cold).padStart(8)} (${m.cold.map((l) => s(l.ms)).join(', ')})   warm ${s(warm).padStart(8)} (${m.warm
      .map((l) => s(l.ms))
      .join(
        ', ',
      )})   JS ${String(js.files.length).padStart(2)} files ${kb(js.encoded).padStart(10)} sent / ${kb(js.decoded).padStart(10)} decoded   all resources ${kb(all)} transferred${m.sw ? '   service worker active' : ''}`,
  );
  return { cold, warm, js };
}

/** How the server sends the shell: encoding and caching of index.html, an entry script, the service worker and an API answer. */
async function printServing(base: string): Promise<void> {
  const html = await (await fetch(`${base}/`)).text();
  const entry = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const paths = ['/', ...(entry ? [entry] : []), ...(HAS_SERVICE_WORKER() ? ['/sw.js', '/manifest.webmanifest'] : []), '/api/health'];
  console.log('served (Accept-Encoding: gzip, deflate, br, zstd):');
  for (const p of paths) {
    // node:http, not fetch: fetch would decode the body, and the bytes as sent are the point.
    const r = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
      http
        .get(base + p, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
        })
        .on('error', reject);
    });
    console.log(
      `  ${p.padEnd(40)} ${String(r.status)} ${(r.headers['content-encoding'] ?? 'identity').padEnd(8)} ${kb(r.bytes).padStart(9)}   cache-control: ${r.headers['cache-control'] ?? '-'}`,
    );
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run "npx vite build --config web/vite.config.mts" first`);
  const cli = await obtainTemporalCli((l) => console.log(l));
  const server = await startDevServer({ cli, port: await freePort(), uiPort: null, namespace: 'default', dbFile: null });
  const db = await createScratchMysqlDatabase('safeloop_bench');
  let browser: Browser | undefined;
  try {
    await prepareDemoDatabase(db.url);
    const system = await startSystem(benchConfig(db.url, server.address), createLogger('silent'), 'all');
    try {
      const base = system.appUrl!;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'employee', password: 'safeloop-demo' }),
      });
      const token = ((await login.json()) as { token: string }).token;
      browser = await launchChromium();
      await printServing(base);

      console.log(
        `\nweb UI on a phone: Chrome DevTools "Fast 3G" (${kb(FAST_3G.downloadThroughput)}/s down, ${kb(FAST_3G.uploadThroughput)}/s up, ${FAST_3G.latency} ms latency), CPU ${CPU_SLOWDOWN}× slower`,
      );
      console.log(
        `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${browser.version()}; ${RUNS} loads per figure, median (each load)\n`,
      );
      const results: Record<string, ReturnType<typeof report>> = {};
      const variants: [string, boolean][] = [['as served', false], ...(BASELINE ? ([['uncompressed', true]] as [string, boolean][]) : [])];
      for (const [label, identity] of variants) {
        for (const c of CASES) results[`${label}/${c.name}`] = report(label, c, await measure(browser, base, c, token, identity));
      }

      const hazard = results['as served/hazard report'];
      console.log(`\nthe report route's JavaScript as served (cold load, until usable):`);
      for (const r of [...hazard.js.files].sort((a, b) => b.decoded - a.decoded)) {
        console.log(`  ${path.basename(new URL(r.name).pathname).padEnd(44)} ${kb(r.encoded).padStart(10)} sent  ${kb(r.decoded).padStart(10)} decoded`);
      }
      const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}× target ${value <= target ? 'ok' : 'MISSED'}`;
      console.log(`\ntargets (issue 20), hazard report page:`);
      console.log(`  cold  ${s(hazard.cold).padStart(8)} / ${s(TARGET.coldMs)}   ${ratio(hazard.cold, TARGET.coldMs)}`);
      console.log(`  warm  ${s(hazard.warm).padStart(8)} / ${s(TARGET.warmMs)}   ${ratio(hazard.warm, TARGET.warmMs)}`);
      console.log(`  JS    ${kb(hazard.js.encoded).padStart(8)} / ${kb(TARGET.routeJsBytes)}   ${ratio(hazard.js.encoded, TARGET.routeJsBytes)}`);
      const base0 = results['uncompressed/hazard report'];
      if (base0) {
        console.log(`\nagainst the uncompressed baseline (same build, Accept-Encoding: identity), hazard report page:`);
        console.log(`  cold  ${s(hazard.cold)} vs ${s(base0.cold)}  (${(base0.cold / hazard.cold).toFixed(1)}× faster)`);
        console.log(`  warm  ${s(hazard.warm)} vs ${s(base0.warm)}  (${(base0.warm / hazard.warm).toFixed(1)}× faster)`);
        console.log(
          `  JS    ${kb(hazard.js.encoded)} vs ${kb(base0.js.encoded)} sent  (${(base0.js.encoded / Math.max(1, hazard.js.encoded)).toFixed(1)}× fewer bytes)`,
        );
      }
    } finally {
      await browser?.close();
      await system.stop();
    }
  } finally {
    await dropScratchDatabase(db);
    await server.stop();
  }
}

runBench(main, { exitWhenDone: true });
