import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Hazard } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, evidencePhoto, reportHazard } from '../support/api';
import { attr, choose, pickUntil, refreshUntil, waitFor, tick } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { eventually } from '../support/wait';

/**
 * The safety hub monitor and the auditor's timeline through the web UI in Chromium:
 *  1. an employee reports a hazard (API); the safety officer finds it on the monitor with its SLA
 *     countdown ticking and the unit holding its grading step, filters by type and text, saves the
 *     filters as a view and applies it again from the view list;
 *  2. under a fast SLA policy (grading due in 2 s, escalation every 2 s) a second hazard breaches:
 *     it heads the list sorted by time to breach, "overdue …" in red, escalation level ≥ 1; the
 *     officer selects it and cancels it with a reason → per-row result, the row disappears; the
 *     first one's open step is reassigned to the officer himself (the holder becomes his name);
 *  3. the first hazard is driven to closure (API); its page links to the audit history, which lists
 *     the steps in order with their actors (employee started it, safety graded, …, completed);
 *     Export JSON downloads the timeline, "Printable HTML" opens it.
 * Screenshots: monitor-*.png (the monitor also in Chinese).
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

const relaxed: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** Grading due in 2 s, escalation every 2 s (as in test/integration/processes.test.ts). */
const fast: Policy = { ...relaxed, sla: { ...DEFAULT_POLICY.sla, hazardGrading: 2 }, escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 2 } };
const PROCESS_WAIT_MS = 45_000;

describe('web UI: the safety hub monitor and the auditor timeline in Chromium', () => {
  const ui = browserSuite({ timeoutMs: 120_000 });
  const { pageErrors, signedIn } = ui;
  const { as, unit, usePolicy, openTask, complete } = apiHelpers(() => ui.system, { openTaskTimeoutMs: PROCESS_WAIT_MS });
  const report = (title: string) => reportHazard(as, 'employee', { title, description: `${title} — seen on the round`, suspectedSeverity: 'high' });

  beforeAll(async () => {
    await usePolicy(relaxed, 'monitor UI test');
  }, 120_000);

  it('the safety officer watches, filters, saves a view, cancels a breached hazard; the auditor timeline of a closed one exports', async () => {
    const started = Date.now();
    const tag = `m${randomUUID().slice(0, 6)}`;
    const ds = ui.system.dataSource;

    // --- 1. A fresh hazard on the monitor: countdown and holder ---------------------------------
    const a = await report(`Loose handrail on the mezzanine ${tag}`);
    const grade = await openTask(a.workflowId, 'hazard.grade');
    const { context, page } = await signedIn('safety', '/tasks');
    await page.getByTestId('nav-monitor').click();
    await page.getByTestId('monitor').waitFor();
    const rowA = page.getByTestId(`monitor-row-${a.workflowId}`);
    await untilRefreshed(page, async () => (await rowA.count()) > 0, 'the new hazard on the monitor');
    expect(await rowA.getByTestId('monitor-type').textContent()).toBe('Hazard');
    expect(await rowA.getByTestId('monitor-subject').textContent()).toBe(`Loose handrail on the mezzanine ${tag}`);
    expect(await rowA.getByTestId('monitor-subject').getAttribute('href')).toBe(`/hazards/${a.id}`);
    expect(await rowA.getByTestId('monitor-step').textContent()).toContain(grade.title);
    expect(await rowA.getByTestId('step-holder').textContent()).toBe('Safety Department');
    const countdown = rowA.getByTestId('sla-countdown');
    expect(await attr(countdown, 'data-overdue')).toBe('false');
    expect(await countdown.textContent()).toMatch(/^\d+[dhms]( \d+[hms])? left$/);
    const expected = Math.round((grade.dueAt!.getTime() - Date.now()) / 1000);
    const before = Number(await attr(countdown, 'data-seconds'));
    expect(Math.abs(before - expected)).toBeLessThan(10); // against the server's clock
    await waitFor(async () => Number(await attr(countdown, 'data-seconds')) <= before - 2, 'the countdown ticking', 5_000);
    expect(await attr(rowA.getByTestId('monitor-escalation'), 'data-level')).toBe('0');
    expect(Number(await attr(page.getByTestId('count-total'), 'data-value'))).toBeGreaterThanOrEqual(1);

    // The History link: the auditor's view of the running process.
    await rowA.getByTestId('monitor-history').click();
    await page.getByTestId('process-history').waitFor();
    expect(await attr(page.getByTestId('process-history'), 'data-status')).toBe('RUNNING');
    expect(await attr(page.getByTestId('history-entry').first(), 'data-kind')).toBe('started');
    await page.goBack();
    await rowA.waitFor();

    // --- 2. Filter by type and text; save the filters as a view and apply it again ---------------
    const typeSelect = page.getByTestId('filter-type');
    await pickUntil(page, typeSelect, async () => {
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^Hazard$/ })
        .first()
        .click({ timeout: 5_000 });
      await typeSelect.getByText('Hazard', { exact: true }).waitFor({ timeout: 3_000 });
      await page.keyboard.press('Escape'); // a multiple select stays open
    });
    await page.getByTestId('filter-text').locator('input').fill(tag);
    await page.getByTestId('filter-text').locator('input').press('Enter');
    await waitFor(
      async () => new URL(page.url()).searchParams.get('q') === tag && new URL(page.url()).searchParams.get('type') === 'hazard',
      'the filters in the URL',
      5_000,
    );
    await waitFor(
      async () => (await page.locator('[data-testid^="monitor-row-"]').count()) === 1 && (await rowA.count()) === 1,
      'only the tagged hazard listed',
      15_000,
    );
    await page.getByTestId('monitor-view-save').click();
    let dialog = page.getByRole('dialog');
    await dialog.getByTestId('view-name').fill(`Handrail ${tag}`);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/processes/views') && r.request().method() === 'POST', { timeout: 90_000 });
    await page.getByTestId('view-save-submit').click();
    const savedResponse = await saved;
    expect(savedResponse.status()).toBe(201);
    expect(JSON.parse(savedResponse.request().postData() ?? '{}')).toEqual({ name: `Handrail ${tag}`, shared: false, filters: { type: 'hazard', q: tag } });
    await dialog.waitFor({ state: 'hidden' });
    const viewSelect = page.getByTestId('monitor-view-select');
    await viewSelect.getByText(`Handrail ${tag}`).waitFor({ timeout: 10_000 }); // the current filters are that view
    await page.goto(`${ui.appUrl}/monitor`);
    await page.getByTestId('monitor-table').waitFor();
    await pickUntil(page, viewSelect, async () => {
      await page.locator('.ant-select-dropdown:visible').getByTestId(`view-option-Handrail ${tag}`).click({ timeout: 5_000 });
      await viewSelect.getByText(`Handrail ${tag}`).waitFor({ timeout: 3_000 });
    });
    await waitFor(
      async () => new URL(page.url()).searchParams.get('q') === tag && new URL(page.url()).searchParams.get('type') === 'hazard',
      'the view applied to the URL',
      5_000,
    );
    expect(await page.getByTestId('filter-text').locator('input').inputValue()).toBe(tag);

    // --- 3. Under a fast SLA policy a second hazard breaches and heads the list ------------------
    await usePolicy(fast, 'monitor UI test: fast grading SLA');
    const b = await report(`Oil on the forklift lane ${tag}`);
    await usePolicy(relaxed, 'monitor UI test: relaxed again');
    const rowB = page.getByTestId(`monitor-row-${b.workflowId}`);
    await untilRefreshed(
      page,
      async () => (await attr(rowB, 'data-overdue')) === 'true' && Number(await attr(rowB.getByTestId('monitor-escalation'), 'data-level')) >= 1,
      'the second hazard overdue and escalated',
    );
    const rows = page.locator('[data-testid^="monitor-row-"]');
    expect(await attr(rows.first(), 'data-testid')).toBe(`monitor-row-${b.workflowId}`); // sorted by time to breach
    expect(await rowB.getByTestId('sla-countdown').textContent()).toMatch(/^overdue \d+[ms]( \d+s)?$/);
    expect(await attr(rowB.getByTestId('sla-countdown'), 'data-overdue')).toBe('true');
    expect(await rowB.getByTestId('monitor-escalation').textContent()).toMatch(/^Level \d+$/);
    expect(Number(await attr(page.getByTestId('count-overdue'), 'data-value'))).toBe(1);
    expect(Number(await attr(page.getByTestId('count-escalated'), 'data-value'))).toBeGreaterThanOrEqual(1);
    await shot(page, 'monitor-overdue.png');
    await page.getByTestId('lang-zh-CN').click();
    await waitFor(async () => /^已超期 \d+(分|秒)/.test((await rowB.getByTestId('sla-countdown').textContent()) ?? ''), 'the countdown in Chinese', 5_000);
    await page.getByTestId('monitor-counts').getByText('已超期').waitFor();
    await shot(page, 'monitor-overdue.zh-CN.png');
    await page.getByTestId('lang-en').click();
    await waitFor(async () => /^overdue /.test((await rowB.getByTestId('sla-countdown').textContent()) ?? ''), 'the countdown in English again', 5_000);

    // --- 4. Select it and cancel it with a reason: per-row result, the row goes ------------------
    await tick(rowB.locator('.ant-checkbox-input'));
    await waitFor(async () => (await attr(page.getByTestId('monitor-selected'), 'data-count')) === '1', 'one row selected', 5_000);
    await page.getByTestId('bulk-cancel').click();
    dialog = page.getByRole('dialog');
    await dialog.getByTestId('bulk-dialog').waitFor();
    expect(await dialog.getByTestId('bulk-targets').textContent()).toBe(`Oil on the forklift lane ${tag}`);
    await page.getByTestId('bulk-submit').click();
    await dialog.getByText('Say why (at least 3 characters).').first().waitFor(); // the reason is required
    await dialog.getByTestId('bulk-reason').fill('Duplicate of an earlier report');
    const cancelled = page.waitForResponse((r) => r.url().endsWith('/api/processes/cancel') && r.request().method() === 'POST');
    await page.getByTestId('bulk-submit').click();
    const cancelResponse = await cancelled;
    expect(cancelResponse.status()).toBe(200);
    expect(JSON.parse(cancelResponse.request().postData() ?? '{}')).toEqual({ workflowIds: [b.workflowId], reason: 'Duplicate of an earlier report' });
    const result = dialog.getByTestId(`bulk-result-${b.workflowId}`);
    await result.waitFor();
    expect(await attr(result, 'data-ok')).toBe('true');
    await shot(page, 'monitor-cancel-result.png', false);
    await page.getByTestId('bulk-submit').click(); // "Close"
    await dialog.waitFor({ state: 'hidden' });
    await rowB.waitFor({ state: 'detached', timeout: 5_000 });
    await eventually(
      async () => (await ds.getRepository(Hazard).findOneByOrFail({ id: b.id })).status === 'cancelled',
      'the hazard cancelled',
      PROCESS_WAIT_MS,
    );
    await rowA.waitFor(); // the other one stays

    // Reassign the first one's open step to the officer himself: the holder becomes a person.
    await tick(rowA.locator('.ant-checkbox-input'));
    await page.getByTestId('bulk-reassign').click();
    dialog = page.getByRole('dialog');
    await dialog.getByTestId('bulk-dialog').waitFor();
    await choose(page, dialog.getByTestId('bulk-user'), 'Safety Officer Li');
    const reassigned = page.waitForResponse((r) => r.url().endsWith('/api/processes/reassign') && r.request().method() === 'POST');
    await page.getByTestId('bulk-submit').click();
    expect((await reassigned).status()).toBe(200);
    const handed = dialog.getByTestId(`bulk-result-${a.workflowId}`);
    await handed.waitFor();
    expect(await attr(handed, 'data-ok')).toBe('true');
    expect(await handed.textContent()).toContain('1 step handed over');
    await page.getByTestId('bulk-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await untilRefreshed(page, async () => (await attr(rowA.getByTestId('step-holder'), 'data-assignee')) === 'safety', 'the step held by the officer');

    // The view is the officer's own: delete it.
    await page.getByTestId('monitor-view-delete').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Delete view' }).click();
    await page.getByTestId('monitor-view-delete').waitFor({ state: 'detached', timeout: 10_000 });
    await shot(page, 'monitor.png');

    // --- 5. The first hazard driven to closure; its page links to the audit history --------------
    await complete('safety', grade, { likelihood: 2, severity: 3, responsibleOrgUnitId: await unit('DEMO-EQUIPMENT') });
    await complete('head.equipment', await openTask(a.workflowId, 'hazard.acknowledge'), { understood: true, comment: 'On it' });
    const photo = await evidencePhoto(as, 'head.equipment', 'handrail.png');
    expect(photo.status).toBe(201);
    await complete('head.equipment', await openTask(a.workflowId, 'hazard.rectify'), { summary: 'Handrail bolted', evidenceIds: [photo.body.id] });
    await complete('safety', await openTask(a.workflowId, 'hazard.verify', 'verify-safety-1'), { passed: true });
    await complete('head.production', await openTask(a.workflowId, 'hazard.verify', 'verify-production-1'), { passed: true });
    await eventually(
      async () => (await ui.system.client.workflow.getHandle(a.workflowId).describe()).status.name === 'COMPLETED',
      'the hazard process completed',
      PROCESS_WAIT_MS,
    );
    await untilRefreshed(page, async () => (await rowA.count()) === 0, 'the closed hazard gone from the monitor');

    await page.goto(`${ui.appUrl}/hazards/${a.id}`);
    await page.getByTestId('action-history').click();
    const history = page.getByTestId('process-history');
    await history.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/processes/${encodeURIComponent(a.workflowId)}/history`);
    expect(await attr(history, 'data-status')).toBe('COMPLETED');
    expect(await page.getByTestId('history-status').textContent()).toBe('Completed');
    const entries = await page.getByTestId('history-entry').evaluateAll((els) =>
      els.map((e) => ({
        kind: e.getAttribute('data-kind'),
        actor: e.getAttribute('data-actor'),
        source: e.getAttribute('data-source'),
        text: e.querySelector('[data-testid="history-text"]')?.textContent ?? '',
      })),
    );
    expect(entries[0]).toMatchObject({ kind: 'started', actor: 'employee' });
    expect(entries.at(-1)).toMatchObject({ kind: 'completed' });
    expect(entries.filter((e) => e.kind === 'decision').map((e) => [e.actor, e.text.replace(/^Completed "(\w+).*$/, '$1')])).toEqual([
      ['safety', 'Grade'],
      ['head.equipment', 'Acknowledge'],
      ['head.equipment', 'Rectify'],
      ['safety', 'Verify'],
      ['head.production', 'Verify'],
    ]);
    const index = (kind: string, re: RegExp) => entries.findIndex((e) => e.kind === kind && re.test(e.text));
    expect(index('task.handed', /Grade/)).toBeLessThan(index('decision', /Grade/));
    expect(index('decision', /Grade/)).toBeLessThan(index('task.handed', /Acknowledge/));
    expect(index('decision', /Rectify/)).toBeLessThan(index('task.handed', /Verify/));
    expect(entries.find((e) => e.kind === 'task.delegated')).toMatchObject({ actor: 'safety', source: 'audit' }); // the reassignment
    expect(index('task.delegated', /Grade/)).toBeLessThan(index('decision', /Grade/));
    expect(entries.some((e) => e.kind === 'notified')).toBe(false); // notifications hidden by default
    expect(await page.locator('[data-testid="history-entry"][data-kind="decision"] .ant-tag-green').count()).toBe(5);
    await shot(page, 'monitor-history.png');

    // Filters: notifications shown on demand; the audit log alone.
    await page.getByTestId('history-show-notifications').click();
    await waitFor(async () => (await page.getByTestId('history-entry').count()) > entries.length, 'notifications shown', 5_000);
    await page.getByTestId('history-source-audit').click();
    await waitFor(
      async () =>
        (await page.locator('[data-testid="history-entry"][data-source="process"]').count()) === 0 &&
        (await page.locator('[data-testid="history-entry"][data-kind="task.delegated"]').count()) === 1,
      'only audit entries',
      5_000,
    );
    await page.getByTestId('history-source-all').click();

    // Export JSON downloads the whole timeline; "Printable HTML" opens it in a new tab.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export-json').click()]);
    expect(download.suggestedFilename()).toMatch(/^process-history-Hazard_[\w-]+\.json$/);
    const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { workflowId: string; status: string; entries: { kind: string }[] };
    expect(exported).toMatchObject({ workflowId: a.workflowId, status: 'COMPLETED' });
    expect(exported.entries.filter((e) => e.kind !== 'notified').map((e) => e.kind)).toEqual(entries.map((e) => e.kind));
    const [printable] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('history-export-html').click()]);
    await printable.getByText('SafeLoop — process history').waitFor({ timeout: 10_000 });
    expect(await printable.locator('body').textContent()).toContain(a.workflowId);
    await printable.close();
    await context.close();

    expect(pageErrors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 150_000);
});

/** Presses the monitor's Refresh until `ready()` holds (the page also refreshes itself every 10 s). */
const untilRefreshed = (page: Page, ready: () => Promise<boolean>, what: string) =>
  refreshUntil(page.getByTestId('monitor-refresh'), ready, what, PROCESS_WAIT_MS);
