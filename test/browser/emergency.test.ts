import type { Locator, Page } from 'playwright-core';
import { chooseUnit, openTaskForm as openForm, submitTaskForm, taskRowIn, waitFor as poll, waitForTaskRow, tick } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { httpClient } from '../support/env';
import { CLOSED_EMERGENCY_TIMELINE } from '../support/fixtures';
import { openPhoneMenu } from '../support/browser';

/**
 * The emergency response (SPEC §3) through the web UI in Chromium, each step by the user whose
 * job it is, each signed in through the login form in a browser context of their own: the
 * employee raises a gas leak with an injury on a phone → the safety officer confirms "on site" from
 * the command view → production evacuates (inbox), equipment cuts off the source (command view),
 * HR does the medical liaison (inbox) → safety declares it under control, reviews it with one
 * improvement action for equipment → equipment completes the action → closed. The API confirms
 * the end state. Screenshots: emergency-raise.png, emergency-command-phone.png, emergency-command.png,
 * emergency-review-form.png, emergency-closed.png.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

const LOCATION = 'Paint shop, gas station 2';
const HEADLINE = `Gas leak at ${LOCATION}`;
/** The process moves on asynchronously; a task or status shows up within a second or two. */
const PROCESS_WAIT_MS = 20_000;

describe('web UI: emergency response in Chromium', () => {
  const ui = browserSuite();

  it('employee raises a gas leak with an injury → safety on site → evacuation, cut-off, medical → under control → review with an action → closed', async () => {
    const started = Date.now();
    const { appUrl, pageErrors } = ui;

    // --- 1. The employee raises it on a phone, from the navigation ----------------------------
    const reporter = await ui.signedIn('employee', '/tasks', { device: 'phone' });
    const phone = reporter.page;
    await openPhoneMenu(phone, 'nav-emergencyNew');
    await phone.getByTestId('nav-emergencyNew').click();
    await phone.getByTestId('emergency-raise-form').waitFor();
    await phone.getByTestId('emergency-type-gas_leak').click();
    await phone.getByTestId('emergency-location').fill(LOCATION);
    await phone.getByTestId('emergency-injuries-yes').click();
    await phone.getByTestId('emergency-description').fill('Strong smell of gas near station 2; one painter is dizzy.');
    expect(await phone.getByTestId('emergency-drill').getAttribute('aria-checked')).toBe('false');
    await shot(phone, 'emergency-raise.png');
    const raised = phone.waitForResponse((r) => r.url().endsWith('/api/emergencies') && r.request().method() === 'POST');
    await phone.getByTestId('emergency-submit').click();
    const raiseResponse = await raised;
    expect(raiseResponse.status()).toBe(201);
    const sent = JSON.parse(raiseResponse.request().postData() ?? '{}') as Record<string, unknown>;
    const { emergencyId } = (await raiseResponse.json()) as { emergencyId: string };
    expect(sent).toEqual({
      emergencyId,
      type: 'gas_leak',
      location: LOCATION,
      orgUnitId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      injuries: true,
      drill: false,
      description: expect.any(String),
    });
    // Straight on to the command view, live.
    await phone.waitForURL(`${appUrl}/emergencies/${emergencyId}`);
    await phone.getByTestId('emergency-detail').waitFor({ timeout: 10_000 });
    await phone.getByTestId('dept-medical').waitFor({ timeout: PROCESS_WAIT_MS });
    await shot(phone, 'emergency-command-phone.png');
    await reporter.context.close();

    // --- 2. The safety officer opens the command view and confirms on site ---------------------
    const safety = await ui.signedIn('safety', `/emergencies/${emergencyId}`);
    const sp = safety.page;
    await sp.getByTestId('emergency-detail').waitFor({ timeout: 10_000 });
    expect(await sp.getByTestId('emergency-title').textContent()).toBe(`Gas leak · ${LOCATION}`);
    expect(await sp.getByTestId('emergency-status').getAttribute('data-status')).toBe('acknowledging');
    expect(await sp.getByTestId('emergency-drill-badge').count()).toBe(0);
    // The clock ticks.
    const clock = sp.getByTestId('emergency-clock');
    expect(await clock.getAttribute('data-state')).toBe('running');
    const before = await clock.textContent();
    await sp.waitForTimeout(1_200);
    expect(await clock.textContent()).not.toBe(before);
    for (const step of ['onSite', 'evacuation', 'cutOff', 'medical']) expect(await sp.getByTestId(`dept-${step}`).getAttribute('data-status')).toBe('waiting');
    expect(await sp.getByTestId('dept-cutOff').textContent()).toContain('Target 00:10:00');
    expect(await sp.getByTestId('dept-medical').textContent()).toContain('Target 00:15:00');

    let dialog = await openTaskForm(sp, taskRow(sp, 'emergency.on_site'));
    expect(await sp.getByTestId('complete-submit').textContent()).toContain('Confirm on site');
    await tick(dialog.getByTestId('field-onSite'));
    await dialog.getByTestId('field-note').fill('On site with gas detectors; area cordoned off.');
    expect(await submitTaskForm(sp, dialog)).toEqual({ onSite: true, note: 'On site with gas detectors; area cordoned off.' });
    await waitFor(async () => (await sp.getByTestId('dept-onSite').getAttribute('data-status')) === 'done', 'on site done in the command view');
    await waitFor(async () => (await sp.getByTestId('emergency-status').getAttribute('data-status')) === 'responding', 'status responding');

    // A progress note from the safety hub about the evacuation.
    await sp.getByTestId('progress-text').fill('Wind from the west: assemble at point B.');
    const noted = sp.waitForResponse((r) => r.url().endsWith(`/api/emergencies/${emergencyId}/progress`) && r.request().method() === 'POST');
    await sp.getByTestId('progress-submit').click();
    expect((await noted).status()).toBe(200);
    await sp.getByTestId('emergency-timeline').getByText('Wind from the west: assemble at point B.').waitFor({ timeout: 10_000 });

    // --- 3. Production evacuates, from the inbox ------------------------------------------------
    const production = await ui.signedIn('head.production', '/tasks');
    const pp = production.page;
    const evacuateId = await waitForTaskRow(pp, appUrl, `Evacuate: ${HEADLINE}`, { timeoutMs: PROCESS_WAIT_MS });
    await pp.getByTestId(`complete-${evacuateId}`).click();
    dialog = pp.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('field-summary').fill('Paint shop evacuated, 23 people at assembly point B.');
    await tick(dialog.getByTestId('field-done'));
    expect(await submitTaskForm(pp, dialog)).toEqual({ summary: 'Paint shop evacuated, 23 people at assembly point B.', done: true });
    await production.context.close();
    await waitFor(async () => (await sp.getByTestId('dept-evacuation').getAttribute('data-status')) === 'done', 'evacuation done in the command view');
    expect(await sp.getByTestId('dept-evacuation').getAttribute('data-late')).toBe('false');
    expect(await sp.getByTestId('dept-evacuation').textContent()).toContain('head.production');
    await shot(sp, 'emergency-command.png');

    // --- 4. Equipment cuts off the source, from the command view --------------------------------
    const equipment = await ui.signedIn('head.equipment', `/emergencies/${emergencyId}`);
    const ep = equipment.page;
    await ep.getByTestId('emergency-detail').waitFor({ timeout: 10_000 });
    dialog = await openTaskForm(ep, taskRow(ep, 'emergency.response', 'Cut off the source'));
    await dialog.getByTestId('field-summary').fill('Main gas valve closed, line purged.');
    await tick(dialog.getByTestId('field-done'));
    await submitTaskForm(ep, dialog);
    await waitFor(async () => (await ep.getByTestId('dept-cutOff').getAttribute('data-status')) === 'done', 'cut-off done in the command view');

    // --- 5. HR (its person is in the HR department) does the medical liaison, from the inbox ---
    const hr = await ui.signedIn('hr', '/tasks');
    const hp = hr.page;
    const medicalId = await waitForTaskRow(hp, appUrl, `Medical liaison: ${HEADLINE}`, { timeoutMs: PROCESS_WAIT_MS });
    await hp.getByTestId(`complete-${medicalId}`).click();
    dialog = hp.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('field-summary').fill('Painter taken to the clinic; family informed.');
    await tick(dialog.getByTestId('field-done'));
    await submitTaskForm(hp, dialog);
    await hr.context.close();

    // --- 6. Safety declares it under control, then reviews it with one action for equipment ----
    await waitFor(async () => (await sp.getByTestId('dept-medical').getAttribute('data-status')) === 'done', 'medical done in the command view');
    dialog = await openTaskForm(sp, taskRow(sp, 'emergency.under_control'));
    expect(await sp.getByTestId('complete-submit').textContent()).toContain('Declare under control');
    await dialog.getByTestId('field-summary').fill('Leak stopped, gas cleared, all accounted for.');
    await submitTaskForm(sp, dialog);
    await waitFor(async () => (await sp.getByTestId('emergency-status').getAttribute('data-status')) === 'reviewing', 'status reviewing');
    await waitFor(async () => (await sp.getByTestId('emergency-clock').getAttribute('data-state')) === 'stopped', 'the clock stopped');
    await sp.getByTestId('emergency-review').waitFor({ timeout: PROCESS_WAIT_MS });
    await sp.getByTestId('findings-none').waitFor(); // everyone was within target

    dialog = await openTaskForm(sp, taskRow(sp, 'emergency.review'));
    await dialog.getByTestId('field-findings').fill('Response within targets; the gas detector at station 2 alarmed late.');
    await dialog.getByTestId('field-actions-add').click();
    await chooseUnit(sp, dialog.getByTestId('field-actions-0-unit'), 'Equipment Department');
    await dialog.getByTestId('field-actions-0-description').fill('Replace the gas detector at station 2.');
    await shot(sp, 'emergency-review-form.png', false);
    expect(await submitTaskForm(sp, dialog)).toEqual({
      findings: 'Response within targets; the gas detector at station 2 alarmed late.',
      actions: [{ orgUnitId: expect.stringMatching(/^[0-9a-f-]{36}$/), description: 'Replace the gas detector at station 2.' }],
    });
    await waitFor(async () => (await sp.getByTestId('emergency-status').getAttribute('data-status')) === 'improving', 'status improving');
    await sp.getByTestId('review-findings').waitFor({ timeout: 10_000 });

    // --- 7. Equipment completes the improvement action from the command view → closed ---------
    dialog = await openTaskForm(ep, taskRow(ep, 'emergency.improvement'));
    await dialog.getByTestId('field-summary').fill('New detector fitted and tested.');
    await submitTaskForm(ep, dialog);
    await equipment.context.close();

    await waitFor(async () => (await sp.getByTestId('emergency-status').getAttribute('data-status')) === 'closed', 'status closed');
    await sp.getByTestId('timeline-closed').waitFor({ timeout: 10_000 });
    expect(await sp.getByTestId('review-action-1').getAttribute('data-done')).toBe('true');
    await shot(sp, 'emergency-closed.png');

    // The list: under "Real emergencies", not under "Drills".
    await sp.goto(`${appUrl}/emergencies`);
    await sp.getByTestId(`emergency-row-${emergencyId}`).waitFor({ timeout: 10_000 });
    await sp.getByTestId('emergency-tab-drills').click();
    await sp.getByTestId('emergency-list').getByText('No drills.').waitFor();
    await safety.context.close();

    // --- 8. The API agrees --------------------------------------------------------------------
    const api = httpClient(appUrl);
    await api.login('safety');
    const detail = await api.call('GET', `/api/emergencies/${emergencyId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.emergency).toMatchObject({
      id: emergencyId,
      type: 'gas_leak',
      location: LOCATION,
      injuries: true,
      drill: false,
      status: 'closed',
      reporter: 'Operator Liu',
    });
    expect(detail.body.emergency.controlledAt).toEqual(expect.any(String));
    expect(detail.body.emergency.closedAt).toEqual(expect.any(String));
    const types = (detail.body.timeline as { type: string }[]).map((e) => e.type);
    // Three departments responded.
    expect([...types].sort()).toEqual([...CLOSED_EMERGENCY_TIMELINE, 'response_done', 'response_done'].sort());
    const tasks = detail.body.tasks as { taskType: string; status: string; completedBy: string | null; title: string }[];
    expect(tasks.map((t) => `${t.taskType} ${t.status} by ${t.completedBy}`).sort()).toEqual(
      [
        'emergency.on_site completed by safety',
        'emergency.response completed by head.production',
        'emergency.response completed by head.equipment',
        'emergency.response completed by hr',
        'emergency.under_control completed by safety',
        'emergency.review completed by safety',
        'emergency.improvement completed by head.equipment',
      ].sort(),
    );

    expect(pageErrors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 150_000);
});

/** The command view's row of a task of `taskType` (and containing `text`) that can be acted on. */
const taskRow = (page: Page, taskType: string, text?: string) => taskRowIn(page.getByTestId('emergency-tasks'), taskType, text);

/** Waits (the view polls every 2.5 s) for the row's complete button, claims first if needed, opens the form. */
const openTaskForm = (page: Page, row: Locator) => openForm(page, row, PROCESS_WAIT_MS);

/** Polls `ready()` (the command view refreshes itself every 2.5 s) until it holds. */
const waitFor = (ready: () => Promise<boolean>, what: string) => poll(ready, what, PROCESS_WAIT_MS);
