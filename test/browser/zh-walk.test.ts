import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startDemoProcesses } from '../../app/demo-processes';
import { User } from '../../db/entities';
import { DEMO_LOGINS } from '../../db/seed/demo';
import { apiHelpers } from '../support/api';
import { browserSuite } from '../support/browser-suite';
import { waitFor } from '../support/browser-ui';

/**
 * The zh-CN walk (issue 20 item 4): every role of the demo signs in with the UI in 简体中文, opens
 * every page its menu offers and one detail page each of a hazard, an emergency, an incident, a
 * permit and a risk assessment of the demo, and no visible Latin-script word may show outside the
 * allow-list below — product and standard names, units, codes and ids (anything with a digit, an
 * upper-case code such as DEMO-PLANT), usernames and mail addresses. Visible text is read from the
 * header, the menu and the main content (text nodes the browser renders, and placeholders); code,
 * input values and elements marked data-latin-ok are skipped. The failure lists every offending
 * word with its page and the text it sits in.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

/** Product, standard and unit names a Chinese page may show as they are. */
const ALLOWED = new Set(
  [
    'SafeLoop',
    'Temporal',
    'HSE',
    'QR',
    'KPI',
    'KPIs',
    'LEC',
    'OHSAS',
    'ISO',
    'LTIFR',
    'TRIR',
    'LTI',
    'JSA',
    'LOTO',
    'PPE',
    'LEL',
    'CO', // carbon monoxide, as the gas tests name it
    'API',
    'JSON',
    'HTML',
    'CSV',
    'Excel',
    'PDF',
    'ID',
    'PWA',
    'SLA',
    'UTC',
    'GMT',
    'English', // the language switch names each language in itself
    'UI', // Temporal UI
    'kg',
    'g',
    'h',
    'min',
    's',
    'ms',
    'd',
    'km',
    'm',
    'kV',
    'V',
    't',
    'ppm',
    'mg',
    'L',
    'A',
    'B',
    'C',
    'D',
    'E',
  ].map((w) => w.toLowerCase()),
);

/** The demo's usernames (ids people sign in with, Latin by design) and the system's own actor id. */
const USERNAMES = new Set([...DEMO_LOGINS.map((l) => l.username.toLowerCase()), 'system']);

/** The words of `text` that a Chinese page must not show. */
function strayWords(text: string): string[] {
  const out: string[] = [];
  for (const token of text.match(/[A-Za-z\p{N}*][A-Za-z\p{N}_.@/:'’+*-]*/gu) ?? []) {
    const bare = token.replace(/[.:'’-]+$/u, '');
    if (!/[A-Za-z]/.test(bare)) continue; // no Latin letter
    if (bare.length === 1) continue; // a letter standing for something (N periods, grade A)
    if (/\p{N}/u.test(bare)) continue; // a code, id, number with unit (5km/h, E1001, T-101, O₂)
    if (bare.includes('@') || bare.includes('://')) continue; // a mail address, a URL
    if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(bare)) continue; // a code: hazard_overdue, per_fact
    if (/^[A-Za-z0-9*]+(-[A-Za-z0-9*]+)+$/.test(bare) && /[A-Z*]/.test(bare)) continue; // a code: DEMO-PLANT, DEMO-POST-frontline-rnd-high, *-*-high
    const parts = bare.split(/[/]/);
    if (parts.every((p) => ALLOWED.has(p.toLowerCase()) || USERNAMES.has(p.toLowerCase()) || p === '')) continue;
    if (USERNAMES.has(bare.toLowerCase())) continue;
    out.push(bare);
  }
  return out;
}

/**
 * The visible text of the header, the menu, the main content and open dialogs and drawers (Ant
 * Design's layout, or the light shell's `data-shell` parts on the frontline's pages): one
 * string per rendered text node, and the placeholders of empty inputs. Runs in the page (a string:
 * the test's TypeScript has no DOM types).
 */
const COLLECT_VISIBLE_TEXT = `(() => {
  const roots = [...document.querySelectorAll('.ant-layout-header, .ant-layout-sider, .ant-layout-content, .ant-modal, .ant-drawer, [data-shell]')];
  const skip = (el) => !!el.closest('code, pre, script, style, [data-latin-ok], [aria-hidden="true"]');
  const texts = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const value = (n.nodeValue || '').trim();
      if (!value || !el || skip(el)) continue;
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      texts.push(value);
    }
    for (const input of root.querySelectorAll('input[placeholder], textarea[placeholder]')) {
      if (!skip(input) && input.checkVisibility() && !input.value) texts.push(input.placeholder);
    }
  }
  return texts;
})()`;

const visibleTexts = (page: Page): Promise<string[]> => page.evaluate<string[]>(COLLECT_VISIBLE_TEXT);

/** Waits until the page has finished loading what it shows (no spinner or skeleton, a moment of quiet). */
async function settled(page: Page): Promise<void> {
  await page.waitForTimeout(800);
  await waitFor(async () => (await page.locator('.ant-spin-spinning, .ant-skeleton-active, .sl-spin').count()) === 0, 'the page loaded', 20_000).catch(
    () => undefined,
  );
  await page.waitForTimeout(400);
}

/** Waits until the app shows `path` (client-side navigation: no load event). */
const at = (page: Page, path: string) => waitFor(async () => new URL(page.url()).pathname === path, `the app at ${path}`, 20_000);

const DETAILS = ['hazards', 'emergencies', 'incidents', 'permits', 'risk-assessments'];

describe('web UI: every page in 简体中文 for every role', () => {
  const ui = browserSuite({ timeoutMs: 180_000 });
  // The walk reads what the pages show, it does not race them: a second run would find the same words.
  jest.retryTimes(0);
  const { call } = apiHelpers(() => ui.system);

  beforeAll(async () => {
    const { client, dataSource, config } = ui.system;
    // The plant's people read Chinese (as `npm start` seeds them, DEMO_LOCALE): the mails they get are Chinese too.
    await dataSource.getRepository(User).createQueryBuilder().update().set({ locale: 'zh-CN' }).execute();
    await startDemoProcesses(client, dataSource, config.temporal.taskQueue);
    const raised = await call('employee', 'POST', '/api/emergencies', {
      emergencyId: randomUUID(),
      type: 'gas_leak',
      location: '喷漆车间 2号工位',
      injuries: false,
      description: '2号工位有刺鼻气味，气体报警器响。',
    });
    expect(raised.status).toBe(201);
  }, 180_000);

  const roles = ['employee', 'head.production', 'safety', 'manager', 'hr', 'auditor', 'admin'];

  it('shows no stray English on any page', async () => {
    const offending = new Map<string, Map<string, string[]>>(); // page → text → its stray words
    const note = (where: string, texts: string[]) => {
      for (const text of texts) {
        const words = strayWords(text);
        if (!words.length) continue;
        const page = offending.get(where) ?? new Map<string, string[]>();
        page.set(text.replace(/\s+/g, ' ').slice(0, 140), words);
        offending.set(where, page);
      }
    };
    for (const username of roles) {
      const { context, page } = await ui.signedIn(username, '/tasks', { locale: 'zh-CN' });
      try {
        await settled(page);
        const links = await page
          .locator('.ant-layout-sider a[data-testid^="nav-"]')
          .evaluateAll((as) =>
            as
              .map((a) => ({ testId: a.getAttribute('data-testid')!, href: a.getAttribute('href')! }))
              .filter((l) => l.href.startsWith('/') && !l.href.startsWith('/api/')),
          );
        for (const link of links) {
          await page.getByTestId(link.testId).click();
          await at(page, link.href);
          await settled(page);
          note(`${username} ${link.href}`, await visibleTexts(page));
          const section = link.href.slice(1);
          if (!DETAILS.includes(section)) continue;
          const detail = page.locator(`.ant-layout-content a[href^="/${section}/"]`).filter({ hasNot: page.locator('[href$="/new"]') });
          const hrefs = (await detail.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))).filter((h) => /^\/[a-z-]+\/[0-9a-f-]{36}$/.test(h));
          if (!hrefs.length) continue;
          await page.locator(`.ant-layout-content a[href="${hrefs[0]}"]`).first().click();
          await at(page, hrefs[0]);
          await settled(page);
          note(`${username} /${section}/:id`, await visibleTexts(page));
        }
      } finally {
        await context.close();
      }
    }
    const report = [...offending].map(([where, texts]) => `${where}: ${[...texts].map(([text, words]) => `«${text}» (${words.join(' ')})`).join(' · ')}`);
    if (report.length) console.log(`zh-CN walk: stray English\n${report.join('\n')}`);
    expect(report).toEqual([]);
    expect(ui.pageErrors).toEqual([]);
  }, 900_000);
});
