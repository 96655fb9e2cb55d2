import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chooseUnit, reloadUntil, submitTaskForm, waitForTaskRow, tick } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { httpClient } from '../support/env';
import { PNG as PNG_FIXED } from '../support/fixtures';

/**
 * The hazard issue's "Done when" scenario, every step through the web UI in Chromium by the user
 * whose job it is, each signed in through the login form in a browser context of their own:
 * production reports a missing guard → safety grades it general and assigns equipment → equipment
 * acknowledges, updates twice, submits with a photo → safety and production verify → closed.
 * The API confirms the end state. Screenshots land in test/browser/screenshots/scenario-*.png.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

/** A 1×1 PNG (one red pixel). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
// The rectification photo is the fixtures' PNG: other bytes, so another (content-addressed) evidence id.

const TITLE = 'Missing guard on press 3';
/** The process moves on asynchronously; a task or status shows up within a second or two. */
const PROCESS_WAIT_MS = 20_000;
const EXPECTED_TIMELINE = ['reported', 'graded', 'acknowledged', 'progress', 'progress', 'rectification_submitted', 'closed'];

describe('web UI: the whole hazard scenario in Chromium', () => {
  const ui = browserSuite({ tmp: 'scenario' });

  it('production reports → safety grades general, assigns equipment → equipment acknowledges, updates twice, rectifies with a photo → safety and production verify → closed', async () => {
    const started = Date.now();
    const { appUrl, pageErrors, tmp } = ui;

    // --- 1. The employee (stamping workshop, under production) reports it on a phone -----------
    const reporter = await ui.signedIn('employee', '/hazards/new', { device: 'phone' });
    const phone = reporter.page;
    await phone.getByTestId('hazard-report-form').waitFor();
    const photo = path.join(tmp, 'press-3.png');
    fs.writeFileSync(photo, PNG);
    await phone.getByTestId('evidence-camera-input').setInputFiles(photo);
    await phone.locator('[data-testid="evidence-item"][data-status="done"]').waitFor({ timeout: 10_000 });
    await phone.getByTestId('hazard-title').fill(TITLE);
    await phone.getByTestId('category-guarding').click();
    await phone.getByTestId('hazard-area').fill('Press line 3');
    await phone.getByTestId('severity-high').click();
    await phone.getByTestId('hazard-description').fill('The guard on press 3 is missing; operators can reach into the die area.');
    const reported = phone.waitForResponse((r) => r.url().endsWith('/api/hazards') && r.request().method() === 'POST');
    await phone.getByTestId('hazard-submit').click();
    const reportResponse = await reported;
    expect(reportResponse.status()).toBe(201);
    const { hazardId } = (await reportResponse.json()) as { hazardId: string };
    await phone.getByTestId('hazard-link').waitFor();
    await shot(phone, 'scenario-1-reported.png');
    await reporter.context.close();

    // --- 2. The safety officer grades it from the inbox: 2 × 3 = 6, medium, general → equipment
    const safety = await ui.signedIn('safety', '/tasks');
    const sp = safety.page;
    const gradeId = await waitForTaskRow(sp, appUrl, `Grade hazard: ${TITLE}`, { alsoShowing: 'Safety Department' });
    await sp.getByTestId(`task-row-${gradeId}`).getByTestId('task-type').getByText('Grade hazard').waitFor();
    await sp.getByTestId(`complete-${gradeId}`).click();
    let dialog = sp.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('field-likelihood-2').click();
    await dialog.getByTestId('field-severity-3').click();
    const preview = dialog.getByTestId('risk-preview');
    await preview.and(sp.locator('[data-level="medium"]')).waitFor();
    expect(await preview.textContent()).toContain('6');
    expect(await preview.textContent()).toContain('Medium');
    expect(await preview.textContent()).toContain('General');
    await chooseUnit(sp, dialog.getByTestId('field-responsibleOrgUnitId'), 'Equipment Department');
    await shot(sp, 'scenario-2-grade-form.png', false);
    expect(await submitTaskForm(sp, dialog)).toEqual({ likelihood: 2, severity: 3, responsibleOrgUnitId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    // --- 3. The head of equipment acknowledges, updates twice, and rectifies with a photo -------
    const equipment = await ui.signedIn('head.equipment', '/tasks');
    const ep = equipment.page;
    const ackId = await waitForTaskRow(ep, appUrl, `Acknowledge hazard: ${TITLE}`, { alsoShowing: 'Equipment Department' });
    await ep.getByTestId(`complete-${ackId}`).click();
    dialog = ep.getByRole('dialog');
    await dialog.waitFor();
    await tick(dialog.getByTestId('field-understood'));
    await dialog.getByTestId('field-comment').fill('On it: a new guard is ordered.');
    await shot(ep, 'scenario-3-acknowledge-form.png', false);
    await submitTaskForm(ep, dialog);

    // From the task's link to the hazard page, which offers progress updates once it is rectifying.
    await ep.goto(`${appUrl}/hazards/${hazardId}`);
    await ep.getByTestId('hazard-detail').waitFor({ timeout: 10_000 });
    await reloadHazardPageUntil(ep, () => ep.getByTestId('action-progress').isVisible(), 'the "Add progress" button (hazard rectifying)');
    expect(await ep.getByTestId('hazard-status').textContent()).toBe('Rectifying');
    const updates = ['Ordered a new guard from the press maker.', 'Guard fitted, waiting for the interlock test.'];
    for (const [i, text] of updates.entries()) {
      await ep.getByTestId('action-progress').click();
      const modal = ep.getByRole('dialog');
      await modal.waitFor();
      await modal.getByTestId('progress-text').fill(text);
      const posted = ep.waitForResponse((r) => r.url().endsWith(`/api/hazards/${hazardId}/progress`) && r.request().method() === 'POST');
      await ep.getByTestId('action-submit').click();
      expect((await posted).status()).toBe(200);
      await modal.waitFor({ state: 'hidden', timeout: 10_000 });
      await reloadHazardPageUntil(ep, async () => (await ep.getByTestId('timeline-progress').count()) === i + 1, `progress update ${i + 1} in the timeline`);
    }
    await ep.getByTestId('hazard-timeline').getByText(updates[1]).waitFor();
    await shot(ep, 'scenario-3-progress.png');

    // The rectify task, from the hazard page's task list, with a photo of the fitted guard.
    const rectifyRow = ep.getByTestId('hazard-tasks').locator('[data-testid^="task-row-"]', { hasText: 'Rectify hazard' });
    await reloadHazardPageUntil(ep, async () => (await rectifyRow.locator('[data-testid^="complete-"]').count()) > 0, 'the rectify task');
    await rectifyRow.locator('[data-testid^="complete-"]').first().click();
    dialog = ep.getByRole('dialog');
    await dialog.waitFor();
    expect(await ep.getByTestId('complete-submit').textContent()).toContain('Submit rectification');
    const fixedPhoto = path.join(tmp, 'press-3-fixed.png');
    fs.writeFileSync(fixedPhoto, PNG_FIXED);
    const uploaded = ep.waitForResponse((r) => r.url().endsWith('/api/evidence') && r.request().method() === 'POST');
    await dialog.getByTestId('field-evidenceIds-file-input').setInputFiles(fixedPhoto);
    expect((await uploaded).status()).toBe(201);
    const fixedItem = dialog.locator('[data-testid="field-evidenceIds-item"][data-status="done"]');
    await fixedItem.waitFor({ timeout: 10_000 });
    const fixedId = await fixedItem.getAttribute('data-evidence-id');
    expect(fixedId).toMatch(/^[0-9a-f]{64}$/);
    await dialog.getByTestId('field-summary').fill('New fixed guard and interlock fitted on press 3; interlock tested.');
    await shot(ep, 'scenario-3-rectify-form.png', false);
    const rectifyPayload = await submitTaskForm(ep, dialog);
    expect(rectifyPayload).toEqual({ summary: 'New fixed guard and interlock fitted on press 3; interlock tested.', evidenceIds: [fixedId] });
    await equipment.context.close();

    // --- 4. Safety and production each verify with "Pass" --------------------------------------
    const safetyVerifyId = await waitForTaskRow(sp, appUrl, `Verify rectification: ${TITLE}`, { alsoShowing: 'Safety Department' });
    await sp.getByTestId(`complete-${safetyVerifyId}`).click();
    dialog = sp.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('field-passed-yes').click();
    await shot(sp, 'scenario-4-verify-safety.png', false);
    expect(await submitTaskForm(sp, dialog)).toEqual({ passed: true });

    const production = await ui.signedIn('head.production', '/tasks');
    const pp = production.page;
    const productionVerifyId = await waitForTaskRow(pp, appUrl, `Verify rectification: ${TITLE}`, { alsoShowing: 'Production Department' });
    expect(productionVerifyId).not.toBe(safetyVerifyId);
    await pp.getByTestId(`complete-${productionVerifyId}`).click();
    dialog = pp.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('field-passed-yes').click();
    await shot(pp, 'scenario-4-verify-production.png', false);
    expect(await submitTaskForm(pp, dialog)).toEqual({ passed: true });
    await production.context.close();

    // --- 5. Closed: the hazard page (as safety) and the API ------------------------------------
    await sp.goto(`${appUrl}/hazards/${hazardId}`);
    await sp.getByTestId('hazard-detail').waitFor({ timeout: 10_000 });
    await reloadHazardPageUntil(sp, async () => (await sp.getByTestId('hazard-status').textContent()) === 'Closed', 'status Closed');
    await reloadHazardPageUntil(sp, async () => (await sp.getByTestId('timeline-closed').count()) === 1, 'the closed event in the timeline');
    const timeline: string[] = [];
    for (const event of await sp.getByTestId('hazard-timeline').locator('[data-testid^="timeline-"]').all()) {
      timeline.push((await event.getAttribute('data-testid'))!.slice('timeline-'.length));
    }
    expect(timeline).toEqual(EXPECTED_TIMELINE);
    expect(await sp.getByTestId('timeline-graded').textContent()).toContain('Medium');
    expect(await sp.getByTestId('sla-clock').getAttribute('data-state')).not.toBe('running');
    await sp.locator('[data-testid="evidence-thumb"][data-status="done"]').first().waitFor({ timeout: 10_000 });
    await shot(sp, 'scenario-5-closed.png');
    await safety.context.close();

    const api = httpClient(appUrl);
    await api.login('safety');
    const detail = await api.call('GET', `/api/hazards/${hazardId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.hazard).toMatchObject({
      id: hazardId,
      title: TITLE,
      status: 'closed',
      severity: 'general',
      riskScore: 6,
      riskLevel: 'medium',
      responsibleOrgUnitName: 'Equipment Department',
      reworkCount: 0,
    });
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual(EXPECTED_TIMELINE);
    const tasks = detail.body.tasks as { id: string; taskType: string; status: string; completedBy: string | null }[];
    expect(tasks.map((t) => `${t.taskType} ${t.status} by ${t.completedBy}`).sort()).toEqual(
      [
        'hazard.grade completed by safety',
        'hazard.acknowledge completed by head.equipment',
        'hazard.rectify completed by head.equipment',
        'hazard.verify completed by safety',
        'hazard.verify completed by head.production',
      ].sort(),
    );
    expect(tasks.find((t) => t.id === safetyVerifyId)?.completedBy).toBe('safety');
    expect(tasks.find((t) => t.id === productionVerifyId)?.completedBy).toBe('head.production');

    expect(pageErrors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 120_000);
});

/** Reloads the hazard page until `ready()` holds (the process moves on asynchronously; the page polls by itself too). */
const reloadHazardPageUntil = (page: Page, ready: () => Promise<boolean>, what: string) =>
  reloadUntil(page, ready, what, {
    settleMs: 750,
    timeoutMs: PROCESS_WAIT_MS,
    reload: async () => {
      await page.reload();
      await page.getByTestId('hazard-detail').waitFor({ timeout: 10_000 });
    },
  });
