import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Shared set-up of the browser tests: Debian's Chromium driven by playwright-core. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_INDEX = path.resolve(__dirname, '../../web/dist/index.html');
export const SHOTS = path.resolve(__dirname, '../browser/screenshots');

/** Fails with what to do when Chromium or the built web UI is missing; creates the screenshot folder. */
export function assertBrowserPrerequisites(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary.`);
  }
  if (!fs.existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} is missing: npm test builds the web UI; when running jest directly run "npx vite build --config web/vite.config.mts" first.`);
  }
  fs.mkdirSync(SHOTS, { recursive: true });
}

/** Headless Chromium with the flags this closed network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Opens the phone's menu and waits for one of its entries. The tap is repeated while the entry
 * does not show: a tap made while the page's shell is still being swapped for the full app's
 * (a slow machine) opens a menu that the swap then closes, as it would for a person, who taps again.
 */
export async function openPhoneMenu(page: Page, entryTestId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId('nav-open').click();
    try {
      await page.getByTestId(entryTestId).waitFor({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
