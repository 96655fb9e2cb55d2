import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { waitForTaskRow } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { httpClient } from '../support/env';

/**
 * Hazard reporting in a real browser against the real system: the frontline employee reports a
 * hazard with a photo on a phone-sized screen, the API confirms it (with the photo's evidence id),
 * and the safety officer finds the grading task in the inbox and opens the hazard's page with its
 * timeline and SLA clock.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

/** A 1×1 PNG (one red pixel). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const TITLE = 'Missing guard on press 3';

describe('web UI: hazard report and detail in Chromium', () => {
  const ui = browserSuite({ tmp: 'hazard' });

  it('employee reports a hazard with a photo on a phone; the safety officer sees the grading task and the hazard page', async () => {
    const { appUrl, pageErrors } = ui;
    const photo = path.join(ui.tmp, 'press-3.png');
    fs.writeFileSync(photo, PNG);
    const evidenceId = createHash('sha256').update(PNG).digest('hex');

    // --- The employee, on a phone -------------------------------------------------------------
    const { context: mobile, page: phone } = await ui.signedIn('employee', '/hazards/new', { device: 'phone' });
    await phone.getByTestId('hazard-report-form').waitFor();

    // The photo uploads at once; its id is the SHA-256 of the bytes.
    const uploaded = phone.waitForResponse((r) => r.url().endsWith('/api/evidence') && r.request().method() === 'POST');
    await phone.getByTestId('evidence-camera-input').setInputFiles(photo);
    expect((await uploaded).status()).toBe(201);
    const item = phone.locator('[data-testid="evidence-item"][data-status="done"]');
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-evidence-id')).toBe(evidenceId);

    await phone.getByTestId('hazard-title').fill(TITLE);
    await phone.getByTestId('category-guarding').click();
    await phone.getByTestId('hazard-area').fill('Press line 3');
    await phone.getByTestId('severity-high').click();
    await phone.getByTestId('hazard-description').fill('The light curtain on press 3 is removed; operators reach into the die area.');
    expect(await phone.getByTestId('category-guarding').getAttribute('aria-checked')).toBe('true');

    await shot(phone, 'report-form.png');
    // One column: nothing wider than the phone.
    // (A string: the test project's TypeScript has no DOM types.)
    const wide = await phone.evaluate<string[]>(`
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((e) => e.tagName + '.' + String(e.className).slice(0, 60) + ' ' + Math.round(e.getBoundingClientRect().right))
    `);
    expect(wide).toEqual([]);

    const reported = phone.waitForResponse((r) => r.url().endsWith('/api/hazards') && r.request().method() === 'POST');
    await phone.getByTestId('hazard-submit').click();
    const response = await reported;
    expect(response.status()).toBe(201);
    const created = (await response.json()) as { hazardId: string; workflowId: string; created: boolean };
    expect(created).toMatchObject({ hazardId: expect.any(String), workflowId: expect.any(String), created: true });
    const request = JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>;
    expect(request).toMatchObject({ title: TITLE, category: 'guarding', area: 'Press line 3', suspectedSeverity: 'high', evidenceIds: [evidenceId] });
    expect(request.reportId).toMatch(/^[0-9a-f-]{36}$/);
    await phone.getByTestId('hazard-link').waitFor();
    expect(await phone.getByTestId('hazard-link').getAttribute('href')).toBe(`/hazards/${created.hazardId}`);
    await mobile.close();

    // --- The API agrees (as the safety officer) -----------------------------------------------
    const safety = httpClient(appUrl);
    await safety.login('safety');
    // The hazard row is written by the workflow's first activity, a moment after the 201.
    let detail = await safety.call('GET', `/api/hazards/${created.hazardId}`);
    for (const until = Date.now() + 10_000; detail.status === 404 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 250));
      detail = await safety.call('GET', `/api/hazards/${created.hazardId}`);
    }
    expect(detail.status).toBe(200);
    expect(detail.body.hazard).toMatchObject({
      id: created.hazardId,
      title: TITLE,
      category: 'guarding',
      area: 'Press line 3',
      suspectedSeverity: 'high',
      evidenceIds: [evidenceId],
      reporter: 'Operator Liu',
    });
    const list = await safety.call('GET', '/api/hazards?category=guarding&page=1&pageSize=50');
    expect(list.status).toBe(200);
    expect((list.body.items as { id: string }[]).map((h) => h.id)).toContain(created.hazardId);
    const file = await safety.call('GET', `/api/evidence/${evidenceId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('image/png');

    // --- The safety officer, on a desktop ------------------------------------------------------
    const { context: desktop, page } = await ui.signedIn('safety', '/tasks');

    // The workflow creates the grading task asynchronously.
    const taskId = await waitForTaskRow(page, appUrl, TITLE, { views: ['team', 'mine'], actionable: 'any', pauseMs: 1_000 });
    const row = page.getByTestId(`task-row-${taskId}`);
    await row.getByTestId('task-type').getByText('Grade hazard').waitFor();

    // From the task to the hazard's page.
    await page.getByTestId(`task-link-${taskId}`).click();
    await page.waitForURL(`**/hazards/${created.hazardId}`);
    await page.getByTestId('hazard-detail').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('hazard-title').textContent()).toBe(TITLE);
    const reportedEvent = page.getByTestId('timeline-reported');
    await reportedEvent.waitFor();
    expect(await reportedEvent.textContent()).toContain('Reported');
    expect(await reportedEvent.textContent()).toContain('employee');
    const clock = page.getByTestId('sla-clock');
    await clock.waitFor();
    expect(await clock.getAttribute('data-state')).toBe('running');
    const before = await clock.textContent();
    await page.waitForTimeout(1_200);
    expect(await clock.textContent()).not.toBe(before); // it ticks
    expect(await page.getByTestId('hazard-status').textContent()).toBe('Grading');
    // The grading task is actionable from here, and the photo is shown.
    await page.getByTestId('hazard-tasks').getByTestId(`task-row-${taskId}`).waitFor();
    await page.locator('[data-testid="evidence-thumb"][data-status="done"]').first().waitFor({ timeout: 10_000 });
    await shot(page, 'hazard-detail.png');

    // The grading form from here: 1..5 scales and the live risk level (4 × 4 = 16: high, major).
    await page.getByTestId(`complete-${taskId}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('field-responsibleOrgUnitId').waitFor();
    await dialog.getByTestId('field-likelihood-4').click();
    await dialog.getByTestId('field-severity-4').click();
    const preview = dialog.getByTestId('risk-preview');
    await preview.and(page.locator('[data-level="high"]')).waitFor();
    expect(await preview.textContent()).toContain('16');
    expect(await preview.textContent()).toContain('Major');
    expect(await dialog.getByText('Please fill in “Likelihood”').count()).toBe(0);
    await shot(page, 'grade-form.png', false);
    await page.getByTestId('complete-submit').click();
    await dialog.getByText('Please fill in “Responsible department”').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    expect(pageErrors).toEqual([]);
    await desktop.close();
  }, 60_000);
});
