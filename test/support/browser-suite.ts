import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertBrowserPrerequisites, launchChromium, SHOTS } from './browser';
import { startTestSystem } from './env';

/**
 * The frame every browser suite shares: the whole system and Chromium started before the tests
 * and stopped after them, a scratch folder when the suite wants one, the pages' uncaught errors
 * collected (the suites expect none), users signed in through the login form in browser contexts
 * of their own, and screenshots into test/browser/screenshots.
 */

export type TestSystem = Awaited<ReturnType<typeof startTestSystem>>;

/** The screens the suites use: a desktop (1440 × 900) and a phone (390 × 844, touch). */
export const DEVICES = {
  desktop: { viewport: { width: 1440, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

export interface SignInOptions {
  /** The screen (default: desktop). */
  device?: keyof typeof DEVICES;
  /** The browser's language (default: en-US); the UI can still be switched with its language buttons. */
  locale?: 'en-US' | 'zh-CN';
  /** Collects the page's uncaught errors, prefixed with the username. */
  pageErrors?: string[];
}

/** Signs in through the login form the page shows and waits for the signed-in layout. */
export async function signIn(page: Page, username: string, password = 'safeloop-demo'): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/** A browser context of its own for `username`: opens `url` (which asks to sign in) and signs in through the form. */
export async function signedIn(browser: Browser, url: string, username: string, options: SignInOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', ...DEVICES[options.device ?? 'desktop'], acceptDownloads: true });
  // CI runs the browser suites beside the process, fault and concurrency suites on two cores: an
  // answer can take far longer than Playwright's 30 s default there. Each test's own timeout still bounds it.
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  const { pageErrors } = options;
  if (pageErrors) page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
  await page.goto(url);
  await signIn(page, username);
  return { context, page };
}

/** A screenshot into test/browser/screenshots once buttons, dialogs, drawers and charts have finished their transitions. */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, name), fullPage });
}

export interface BrowserSuite {
  /** The running system (from the suite's beforeAll on). */
  readonly system: TestSystem;
  readonly browser: Browser;
  readonly appUrl: string;
  /** The scratch folder (with `browserSuite({ tmp })`), removed after the suite. */
  readonly tmp: string;
  /** Every signed-in page's uncaught errors. */
  readonly pageErrors: string[];
  /** `username` signed in through the login form at `at` (a path of the app), in a browser context of their own. */
  signedIn(username: string, at: string, options?: Omit<SignInOptions, 'pageErrors'>): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * Registers the suite's beforeAll (Chromium and the built UI there, the system and Chromium
 * started, the scratch folder `safeloop-<tmp>-…` made) and afterAll (all of it stopped and
 * removed). Call it first in the describe block: a suite's own beforeAll runs after it.
 */
export function browserSuite(options: { timeoutMs?: number; tmp?: string } = {}): BrowserSuite {
  let system: TestSystem | undefined;
  let browser: Browser | undefined;
  let tmp: string | undefined;
  const pageErrors: string[] = [];
  const started = <T>(value: T | null | undefined, what: string): T => {
    if (value === undefined || value === null) throw new Error(`${what} is there only from the suite's beforeAll on`);
    return value;
  };

  const startTimeoutMs = options.timeoutMs ?? 30_000;
  let starting: Promise<PromiseSettledResult<unknown>[]> | undefined;
  // A browser test that fails is run once more, its first failure printed: on CI's two cores a
  // page beside the process suites has lost a click or an answer now and then (three fresh-clone
  // runs, a different suite each time, every one passing alone). A test that fails twice fails.
  jest.retryTimes(1, { logErrorsBeforeRetry: true });

  beforeAll(async () => {
    assertBrowserPrerequisites();
    if (options.tmp) tmp = fs.mkdtempSync(path.join(os.tmpdir(), `safeloop-${options.tmp}-`));
    // Both start at once; whichever started is stopped in afterAll, also when the other failed.
    starting = Promise.allSettled([startTestSystem().then((s) => (system = s)), launchChromium().then((b) => (browser = b))]);
    for (const r of await starting) if (r.status === 'rejected') throw r.reason;
  }, startTimeoutMs);

  afterAll(async () => {
    await starting; // a start that outlived beforeAll's timeout is stopped too, not left running
    await browser?.close();
    await system?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, startTimeoutMs + 20_000);

  return {
    get system() {
      return started(system, 'the system');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    get appUrl() {
      return started(system?.appUrl, "the app's URL");
    },
    get tmp() {
      return started(tmp, 'the scratch folder (browserSuite({ tmp }))');
    },
    pageErrors,
    signedIn: (username, at, signInOptions = {}) =>
      signedIn(started(browser, 'Chromium'), `${started(system?.appUrl, "the app's URL")}${at}`, username, { ...signInOptions, pageErrors }),
  };
}
