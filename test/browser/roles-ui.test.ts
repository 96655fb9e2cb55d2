import { randomUUID } from 'node:crypto';
import { browserSuite } from '../support/browser-suite';
import { httpClient } from '../support/env';
import { openPhoneMenu } from '../support/browser';

/**
 * Role-aware UI (issue 20 item 6) in a real browser against the real system: what a role cannot do
 * is not offered, the developer links (Temporal UI, API docs) are for admins, the safety hub and
 * auditors only, and a dashboard drill-down opens with the keyboard.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium.
 */
describe('web UI: what each role is offered', () => {
  const ui = browserSuite();

  it('a worker on a phone sees no Temporal UI or API docs link; the safety officer does', async () => {
    const { appUrl, pageErrors } = ui;
    const reportId = randomUUID();
    const employee = httpClient(appUrl);
    await employee.login('employee');
    const reported = await employee.call('POST', '/api/hazards', {
      reportId,
      title: `Loose guard rail ${reportId.slice(0, 6)}`,
      description: 'The rail at the mezzanine stairs moves',
      category: 'other',
      area: 'Mezzanine',
      suspectedSeverity: 'medium',
      evidenceIds: [],
    });
    expect(reported.status).toBe(201);

    // The worker, on a phone: the menu has no API docs, the hazard page no Temporal UI.
    const worker = await ui.signedIn('employee', '/tasks', { device: 'phone' });
    try {
      await openPhoneMenu(worker.page, 'nav-hazardNew');
      expect(await worker.page.getByTestId('nav-api-docs').count()).toBe(0);
      await worker.page.goto(`${appUrl}/hazards/${reportId}`);
      await worker.page.getByTestId('hazard-detail').waitFor();
      await worker.page.getByTestId('current-user').waitFor();
      expect(await worker.page.getByTestId('action-temporal').count()).toBe(0);
    } finally {
      await worker.context.close();
    }

    // The safety hub gets both (the same hazard, the same system: the links exist).
    const safety = await ui.signedIn('safety', `/hazards/${reportId}`);
    try {
      await safety.page.getByTestId('hazard-detail').waitFor();
      await safety.page.getByTestId('action-temporal').waitFor();
      expect(await safety.page.getByTestId('nav-api-docs').count()).toBe(1);
    } finally {
      await safety.context.close();
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('the read-only auditor is offered no report, new or action button, and not the report form; a KPI drills down with the keyboard', async () => {
    const { appUrl, pageErrors } = ui;
    const { context, page } = await ui.signedIn('auditor', '/hazards');
    try {
      // The hazard list: read, no "report a hazard"; the menu offers none of the write-only forms.
      await page.getByTestId('hazards-table').waitFor();
      expect(await page.getByTestId('hazards-report').count()).toBe(0);
      for (const form of ['hazardNew', 'emergencyNew', 'incidentNew', 'permitNew']) expect(await page.getByTestId(`nav-${form}`).count()).toBe(0);
      // Auditors keep the developer links.
      expect(await page.getByTestId('nav-api-docs').count()).toBe(1);

      // The other lists: no raise / report / request buttons.
      await page.getByTestId('nav-emergencies').click();
      await page.getByTestId('emergency-list').waitFor();
      expect(await page.getByTestId('emergency-raise-button').count()).toBe(0);
      await page.getByTestId('nav-incidents').click();
      await page.getByTestId('incident-list').waitFor();
      expect(await page.getByTestId('incident-report-button').count()).toBe(0);
      await page.getByTestId('nav-permits').click();
      await page.getByTestId('permit-list').waitFor();
      expect(await page.getByTestId('permit-request-button').count()).toBe(0);

      // The report form by its address: refused before any typing (not a 403 after it).
      await page.goto(`${appUrl}/hazards/new`);
      await page.getByTestId('current-user').waitFor();
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByTestId('hazard-report-form').count()).toBe(0);

      // The dashboard: a KPI card is in the tab order, a button, and Enter opens its records.
      await page.goto(`${appUrl}/dashboard`);
      const kpi = page.getByTestId('kpi-hazardClosureRate');
      await kpi.waitFor();
      expect(await kpi.getAttribute('tabindex')).toBe('0');
      expect(await kpi.getAttribute('role')).toBe('button');
      await kpi.focus();
      expect(await kpi.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByTestId('drill').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('drill').waitFor({ state: 'hidden' });
      // A chart too: in the tab order, the arrow keys step to a point, Enter opens its records.
      const trend = page.getByTestId('chart-trend');
      await trend.waitFor();
      expect(await trend.getAttribute('tabindex')).toBe('0');
      await trend.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('drill').waitFor();
      // The filters of a list are named for screen readers (no visible label).
      await page.goto(`${appUrl}/hazards`);
      await page.getByTestId('hazards-table').waitFor();
      const area = page.locator('input[data-testid="filter-area"], [data-testid="filter-area"] input');
      expect(await area.getAttribute('aria-label')).toBeTruthy();
      expect(await page.getByTestId('filter-status').locator('input').getAttribute('aria-label')).toBeTruthy();
    } finally {
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
