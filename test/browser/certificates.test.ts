import { seedDemoWorkAreas } from '../../db/seed/demo-work-areas';
import { apiHelpers } from '../support/api';
import { attr, choose, waitFor } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';

/**
 * The certificates register and the work areas on a phone (390 × 844), on the demo plant's areas
 * and certificates (db/seed/demo-work-areas.ts):
 *  1. the safety officer sees the operator's welding certificate tagged expiring, adds a
 *     certificate for him and revokes it with a reason; the page fits the screen;
 *  2. the work areas show as a tree, a code's QR code opens, the printable sheet has every code;
 *  3. in Chinese the register speaks Chinese; the employee sees only his own certificates and no
 *     work-areas menu entry.
 * Screenshots: certificates.phone.png, work-areas.phone.png, work-area-codes.png, certificates.zh-CN.png.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */
describe('web UI: certificates and work areas on a phone', () => {
  const ui = browserSuite();
  const { ds } = apiHelpers(() => ui.system);

  beforeAll(async () => {
    await seedDemoWorkAreas(ds());
  }, 60_000);

  it('keeps certificates, shows the areas and their QR codes, in English and Chinese', async () => {
    const { page, context } = await ui.signedIn('safety', '/certificates', { device: 'phone' });
    const row = (number: string) => page.locator(`[data-testid^="certificate-row-"][data-number="${number}"]`);
    await row('T320500198811').waitFor({ timeout: 20_000 });
    expect(await attr(row('T320500198811'), 'data-status')).toBe('expiring');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    // --- 1. Add a certificate, then revoke it ------------------------------------------------------
    await page.getByTestId('certificate-new').click();
    const form = page.getByTestId('certificate-form');
    await choose(page, form.getByTestId('certificate-person'), 'Operator Liu (E1008)');
    await choose(page, form.getByTestId('certificate-type'), 'Electrician');
    await form.getByTestId('certificate-number').fill('T-BROWSER-1');
    await form.getByTestId('certificate-expires').fill('2030-06-30');
    await page.getByTestId('certificate-submit').click();
    await row('T-BROWSER-1').waitFor({ timeout: 10_000 });
    expect(await attr(row('T-BROWSER-1'), 'data-status')).toBe('valid');
    await shot(page, 'certificates.phone.png');
    await row('T-BROWSER-1').getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('certificate-revoke-reason').fill('Issued by mistake');
    await page.getByTestId('certificate-revoke-submit').click();
    await waitFor(async () => (await attr(row('T-BROWSER-1'), 'data-status')) === 'revoked', 'the certificate revoked', 10_000);

    // --- 2. Work areas: the tree, a QR code, the printable sheet -----------------------------------
    await page.goto(`${ui.appUrl}/work-areas`);
    await page.getByTestId('work-area-row-A-STAMPING').waitFor({ timeout: 20_000 });
    await page.getByTestId('work-area-row-E-PRESS-P3').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByTestId('work-area-qr-button-A-STAMPING').click();
    await page.getByTestId('work-area-qr-A-STAMPING').waitFor({ timeout: 10_000 });
    await shot(page, 'work-areas.phone.png');
    await page.goto(`${ui.appUrl}/work-areas/codes`);
    await waitFor(async () => (await page.locator('[data-testid^="work-area-qr-"]').count()) === 9, 'the 9 QR codes (4 areas, 5 equipment)', 20_000);
    await shot(page, 'work-area-codes.png');
    await context.close();

    // --- 3. Chinese; the employee's own certificates and menu ---------------------------------------
    const zh = await ui.signedIn('employee', '/certificates', { device: 'phone', locale: 'zh-CN' });
    await zh.page.locator('[data-testid^="certificate-row-"]').first().waitFor({ timeout: 20_000 });
    expect(await zh.page.getByTestId('certificates').getByText('人员证书').count()).toBeGreaterThan(0);
    const numbers = await zh.page.locator('[data-testid^="certificate-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')).sort());
    expect(numbers).toEqual(['SZ-CS-2025-031', 'T-BROWSER-1', 'T320500198811', 'T320500198812']);
    expect(await zh.page.getByTestId('certificate-new').count()).toBe(0);
    expect(await zh.page.getByTestId('nav-workAreas').count()).toBe(0);
    await shot(zh.page, 'certificates.zh-CN.png');
    await zh.context.close();
    expect(ui.pageErrors).toEqual([]);
  }, 180_000);
});
