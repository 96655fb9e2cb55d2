import { seedDemoIncidents } from '../../db/seed/demo-incidents';
import { currentPolicy } from '../../db/stores/policy-store';
import { apiHelpers } from '../support/api';
import { waitFor } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';

/**
 * The safety performance rates page on the demo plant's year (db/seed/demo-incidents.ts: twelve
 * months of worked hours, three recordable incidents of which two lost time, 30 days lost):
 *  1. the safety officer finds the page in the menu; TRIR, LTIFR and severity rate are the API's,
 *     each with what it counts; the trend is drawn;
 *  2. TRIR's card opens the three recordable incidents, each linked to its page;
 *  3. he corrects the stamping workshop's hours of this month in the editor: the entry and the
 *     rates change;
 *  4. on a phone in Chinese the page fits the screen; an employee has no such menu entry.
 * Screenshots: safety-rates.png, safety-rates-drill.png, safety-rates.zh-CN.png.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */
describe('web UI: safety performance rates', () => {
  const ui = browserSuite();
  const { call, ds, unit } = apiHelpers(() => ui.system);

  beforeAll(async () => {
    // The rows only: the two reports the demo leaves in flight would be processes with fixed ids on
    // the dev server every suite shares (test/integration/demo-rates.test.ts runs them).
    await seedDemoIncidents(ds(), await currentPolicy(ds()), async () => undefined);
  }, 60_000);

  it('shows the rates with their trend, opens the incidents behind a rate, corrects a month’s hours; phone and Chinese', async () => {
    const { pageErrors } = ui;
    const api = (await call('safety', 'GET', '/api/safety-rates')).body as {
      to: string;
      total: { trir: number; ltifr: number; severityRate: number; recordable: number; incidentIds: { recordable: string[] } };
    };
    expect(api.total).toMatchObject({ recordable: 3 });

    // --- 1. The page from the menu: the API's rates, what each counts, the trend -------------------
    const { page, context } = await ui.signedIn('safety', '/tasks');
    await page.getByTestId('nav-safetyRates').click();
    await page.getByTestId('safety-rates-total').waitFor({ timeout: 20_000 });
    for (const rate of ['trir', 'ltifr', 'severityRate'] as const)
      expect(Number(await page.getByTestId(`rate-${rate}`).getAttribute('data-value'))).toBeCloseTo(api.total[rate], 6);
    expect(await page.getByTestId('rate-trir').getByTestId('rate-count').textContent()).toBe('3 recordable incidents');
    expect(await page.getByTestId('rate-ltifr').getByTestId('rate-count').textContent()).toBe('2 lost-time injuries');
    expect(await page.getByTestId('rate-severityRate').getByTestId('rate-count').textContent()).toBe('30 days lost');
    await waitFor(async () => !!(await page.getByTestId('chart-safety-rates').getAttribute('data-rendered')), 'the trend drawn', 30_000);
    await shot(page, 'safety-rates.png');

    // --- 2. TRIR's card lists the three recordable incidents --------------------------------------
    await page.getByTestId('rate-trir').click();
    const drawer = page.getByTestId('safety-rates-drill');
    await drawer.waitFor();
    for (const id of api.total.incidentIds.recordable) await drawer.getByTestId(`rates-incident-${id}`).waitFor({ timeout: 20_000 });
    expect(await drawer.locator('[data-testid^="rates-incident-link-"]').count()).toBe(3);
    expect(await drawer.getByTestId('drill-count').textContent()).toBe('3 recordable incidents');
    await shot(page, 'safety-rates-drill.png', false);
    const first = api.total.incidentIds.recordable[0];
    await drawer.getByTestId(`rates-incident-link-${first}`).click();
    await page.waitForURL(`**/incidents/${first}`);
    // A demo incident: its investigation has a root cause and a summary only.
    await page.getByTestId('incident-root-cause').waitFor({ timeout: 20_000 });
    await page.goBack();
    await page.getByTestId('safety-rates-total').waitFor({ timeout: 20_000 });

    // --- 3. The stamping workshop's hours of this month, corrected in the editor -------------------
    const stamping = await unit('DEMO-WS-STAMPING');
    const before = Number(await page.getByTestId('rate-trir').getAttribute('data-value'));
    const row = page.getByTestId(`worked-hours-row-DEMO-WS-STAMPING-${api.to}`);
    await row.click(); // fills the form with the entry
    await page.getByTestId('worked-hours-form').getByText('Stamping Workshop', { exact: true }).waitFor();
    expect(await page.getByTestId('worked-hours-month').inputValue()).toBe(api.to);
    await page.getByTestId('worked-hours-hours').fill('210000');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/worked-hours') && r.request().method() === 'PUT');
    await page.getByTestId('worked-hours-save').click();
    expect((await saved).status()).toBe(200); // corrected
    await waitFor(async () => ((await row.textContent()) ?? '').includes('210,000'), 'the corrected entry');
    await waitFor(async () => Number(await page.getByTestId('rate-trir').getAttribute('data-value')) < before, 'TRIR with the added hours');
    const entry = (await call('safety', 'GET', `/api/worked-hours?orgUnitId=${stamping}&from=${api.to}&to=${api.to}`)).body.items[0];
    expect(entry).toMatchObject({ hours: 210000, updatedBy: 'safety' });
    await context.close();

    // --- 4. On a phone in Chinese; not for an employee --------------------------------------------
    const phone = await ui.signedIn('head.production', '/safety-rates', { device: 'phone', locale: 'zh-CN' });
    await phone.page.getByTestId('safety-rates-total').waitFor({ timeout: 20_000 });
    expect(await phone.page.getByTestId('rate-ltifr').textContent()).toContain('百万工时损工伤害率');
    const { scroll, width } = await phone.page.evaluate<{ scroll: number; width: number }>(
      '({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })',
    );
    expect(scroll).toBeLessThanOrEqual(width);
    expect(await phone.page.getByTestId('worked-hours-form').count()).toBe(0); // a department head reads, does not enter
    await shot(phone.page, 'safety-rates.zh-CN.png');
    await phone.context.close();

    const employee = await ui.signedIn('employee', '/tasks');
    await employee.page.getByTestId('nav-inbox').waitFor();
    expect(await employee.page.getByTestId('nav-safetyRates').count()).toBe(0);
    await employee.context.close();

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
