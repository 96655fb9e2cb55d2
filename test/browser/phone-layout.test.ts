import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { User } from '../../db/entities';
import { apiHelpers, reportHazard } from '../support/api';
import { refreshUntil, waitFor, waitForTaskRow } from '../support/browser-ui';
import { browserSuite } from '../support/browser-suite';

/**
 * Phone layouts that put the action first (issue 20 item 3), on a 390 × 844 touch screen: the
 * primary buttons are on the screen without scrolling sideways (their boxes within 0..390 and,
 * where they are the first thing to do, within 0..844), the process page's action bar stays in
 * view however far the page is scrolled, the responder confirms "on site" with one tap (the API
 * says the task is completed with onSite), the frontline worker lands on the big tiles, and a
 * critical notification arriving while the app is open takes the whole screen until acknowledged
 * or opened (the API says it is read). The worker's part is in Chinese. A declaration shows as a
 * card on My score, and as a card with approve / reject within the screen's width in the head's queue.
 * Screenshots of each layout: test/browser/screenshots/phone-*.png (the screen as the phone shows
 * it); with PHONE_SHOTS=docs/screenshots they refresh the committed ones the README shows.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

const WIDTH = 390;
const HEIGHT = 844;
const PHONE = { device: 'phone' } as const;
const DOCS_SHOTS = path.resolve(process.env.PHONE_SHOTS ?? path.join(__dirname, 'screenshots'));
/** The processes create tasks asynchronously. */
const PROCESS_WAIT_MS = 30_000;

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(l: Locator): Promise<Box> {
  await l.waitFor({ timeout: PROCESS_WAIT_MS });
  const box = await l.boundingBox();
  if (!box) throw new Error('no box: the element is not shown');
  return box;
}

/** The element is on the phone's screen as it is: nothing to scroll, sideways or down. */
async function expectOnScreen(l: Locator): Promise<Box> {
  const box = await boxOf(l);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
  return box;
}

/** Nothing on the page is wider than the phone. */
async function expectNoSideScroll(page: Page): Promise<void> {
  // (A string: the test project's TypeScript has no DOM types.)
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(WIDTH);
}

/** The screen as the phone shows it (390 × 844, small enough to commit), into DOCS_SHOTS. */
async function phoneShot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // transitions settle
  await page.screenshot({ path: path.join(DOCS_SHOTS, name) });
}

describe('web UI: phone layouts put the action first', () => {
  const ui = browserSuite();
  const { as, call, ds } = apiHelpers(() => ui.system);

  beforeAll(() => fs.mkdirSync(DOCS_SHOTS, { recursive: true }));

  it('inbox cards, your task first with the action bar, one-tap on site, the worker home and the critical alarm', async () => {
    const { appUrl, pageErrors } = ui;

    // --- 1. A hazard's page: your task at the top, the action bar always in view -------------------
    const hazard = await reportHazard(as, 'employee', {
      title: 'Oil on the floor by press 2',
      description: 'A leaking hydraulic hose; the floor is slippery.',
      suspectedSeverity: 'medium',
    });
    const safety = await ui.signedIn('safety', `/hazards/${hazard.id}`, PHONE);
    const sp = safety.page;
    await sp.getByTestId('hazard-detail').waitFor({ timeout: PROCESS_WAIT_MS });
    const yours = sp.getByTestId('your-tasks');
    await yours.waitFor({ timeout: PROCESS_WAIT_MS });
    expect(await yours.locator('[data-task-type]').first().getAttribute('data-task-type')).toBe('hazard.grade');
    const bar = sp.getByTestId('action-bar');
    const gradeId = (await bar.getAttribute('data-task-id', { timeout: PROCESS_WAIT_MS }))!;
    // The bar's button (claim first if the task waits in the team's queue, else grade) is on the screen.
    const barButton = sp.locator(`[data-testid="bar-claim-${gradeId}"], [data-testid="bar-complete-${gradeId}"]`).first();
    await expectOnScreen(barButton);
    await expectOnScreen(yours.locator(`[data-testid="your-claim-${gradeId}"], [data-testid="your-complete-${gradeId}"]`).first());
    await expectNoSideScroll(sp);
    await phoneShot(sp, 'phone-hazard.png');
    // Scrolled to the end of the page the bar is still there, still in reach.
    await sp.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await sp.waitForTimeout(300);
    const barBox = await expectOnScreen(bar);
    expect(barBox.y + barBox.height).toBeGreaterThan(HEIGHT - 4); // at the very bottom
    await expectOnScreen(barButton);
    // It works: the grade form opens from the bar.
    if ((await sp.getByTestId(`bar-claim-${gradeId}`).count()) > 0) await sp.getByTestId(`bar-claim-${gradeId}`).click();
    await sp.getByTestId(`bar-complete-${gradeId}`).click();
    await sp.getByRole('dialog').getByTestId('complete-form').waitFor();
    await sp.keyboard.press('Escape');
    await sp.getByRole('dialog').waitFor({ state: 'hidden' });

    // --- 2. An emergency: the safety officer confirms on site with one tap -----------------------------
    const emergencyId = randomUUID();
    const raised = await call('employee', 'POST', '/api/emergencies', {
      emergencyId,
      type: 'gas_leak',
      location: 'Paint shop, station 4',
      injuries: false,
      description: 'Smell of gas near station 4.',
    });
    expect(raised.status).toBe(201);
    await sp.goto(`${appUrl}/emergencies/${emergencyId}`);
    await sp.getByTestId('emergency-detail').waitFor({ timeout: PROCESS_WAIT_MS });
    await sp.getByTestId('your-tasks').locator('[data-task-type="emergency.on_site"]').waitFor({ timeout: PROCESS_WAIT_MS });
    const onSiteId = (await bar.getAttribute('data-task-id'))!;
    const oneTap = sp.getByTestId(`bar-one-tap-${onSiteId}`);
    expect(await oneTap.textContent()).toContain('Confirm on site');
    await expectOnScreen(oneTap);
    await expectNoSideScroll(sp);
    await phoneShot(sp, 'phone-emergency.png');
    const completed = sp.waitForResponse((r) => r.url().endsWith(`/api/tasks/${encodeURIComponent(onSiteId)}/complete`) && r.request().method() === 'POST');
    await oneTap.click();
    const response = await completed;
    expect(response.status()).toBe(200);
    expect(JSON.parse(response.request().postData() ?? '{}')).toEqual({ payload: { onSite: true } });
    // The API: the on-site task is completed by the safety officer; no dialog was needed.
    expect(await sp.getByRole('dialog').count()).toBe(0);
    await waitFor(
      async () => {
        const detail = await call('safety', 'GET', `/api/emergencies/${emergencyId}`);
        const task = (detail.body.tasks as { id: string; status: string; completedBy: string | null }[]).find((x) => x.id === onSiteId);
        return task?.status === 'completed' && task.completedBy !== null;
      },
      'the on-site task completed (API)',
      PROCESS_WAIT_MS,
    );
    await waitFor(async () => (await sp.getByTestId('dept-onSite').getAttribute('data-status')) === 'done', 'on site done on the page', PROCESS_WAIT_MS);
    await safety.context.close();

    // --- 3. The inbox: production's "evacuate" card with its button on the screen ----------------------
    const production = await ui.signedIn('head.production', '/tasks', PHONE);
    const pp = production.page;
    const evacuateId = await waitForTaskRow(pp, appUrl, 'Evacuate', { timeoutMs: PROCESS_WAIT_MS, actionable: 'claimOrComplete' });
    const row = pp.getByTestId(`task-row-${evacuateId}`);
    expect(await pp.getByTestId('inbox-table-mine').or(pp.getByTestId('inbox-table-team')).first().getAttribute('data-layout')).toBe('cards');
    const evacuate = row.locator(`[data-testid="complete-${evacuateId}"], [data-testid="claim-${evacuateId}"]`).first();
    const box = await expectOnScreen(evacuate);
    expect(box.height).toBeGreaterThanOrEqual(32); // a finger's size, not the desktop's small buttons
    await expectNoSideScroll(pp);
    await phoneShot(pp, 'phone-inbox.png');
    await production.context.close();

    // --- 4. The worker home, in Chinese: four big tiles on the first screen ----------------------------
    const worker = await ui.signedIn('employee', '/', { ...PHONE, locale: 'zh-CN' });
    const wp = worker.page;
    await wp.waitForURL(`${appUrl}/home`);
    await wp.getByTestId('worker-home').waitFor();
    for (const tile of ['home-report-hazard', 'home-raise-emergency', 'home-my-tasks', 'home-my-score']) {
      const tileBox = await expectOnScreen(wp.getByTestId(tile));
      expect(tileBox.height).toBeGreaterThanOrEqual(100);
    }
    expect(await wp.getByTestId('home-report-hazard').textContent()).toContain('隐患上报');
    expect(await wp.getByTestId('home-raise-emergency').textContent()).toContain('紧急报警');
    await waitFor(async () => (await wp.getByTestId('home-task-count').getAttribute('data-count')) !== '', 'the count of open tasks');
    await expectNoSideScroll(wp);
    await phoneShot(wp, 'phone-home.png');

    // --- 5. A critical notification while the app is open: the full-screen alarm --------------------
    const employee = await ds().getRepository(User).findOneByOrFail({ username: 'employee' });
    const sent = await call('safety', 'POST', '/api/notifications', {
      audience: { kind: 'users', userIds: [employee.id] },
      severity: 'critical',
      subject: 'Gas leak in the paint shop: leave by exit B',
      body: 'Assemble at point B and wait for the roll call.',
      link: `/emergencies/${emergencyId}`,
    });
    expect(sent.status).toBe(202);
    const alarm = wp.getByTestId('critical-alarm');
    await alarm.waitFor({ timeout: 45_000 }); // the header's count polls every 15 s
    const alarmBox = await boxOf(alarm);
    expect(alarmBox).toEqual({ x: 0, y: 0, width: WIDTH, height: HEIGHT });
    expect(await wp.getByTestId('critical-alarm-subject').textContent()).toBe('Gas leak in the paint shop: leave by exit B');
    expect(['playing', 'blocked']).toContain(await alarm.getAttribute('data-sound'));
    expect(await wp.getByTestId('critical-alarm-acknowledge').textContent()).toBe('知道了');
    await expectOnScreen(wp.getByTestId('critical-alarm-open'));
    await expectOnScreen(wp.getByTestId('critical-alarm-acknowledge'));
    const notificationId = (await alarm.getAttribute('data-notification-id'))!;
    await phoneShot(wp, 'phone-alarm.png');
    await wp.getByTestId('critical-alarm-open').click();
    await wp.waitForURL(`${appUrl}/emergencies/${emergencyId}`);
    await alarm.waitFor({ state: 'hidden' });
    const mine = await call('employee', 'GET', '/api/notifications?pageSize=50');
    const read = (mine.body.items as { id: string; readAt: string | null }[]).find((n) => n.id === notificationId);
    expect(read?.readAt).not.toBeNull();

    // --- 6. A declaration: My score's card on the worker's phone, the head's approval card -----------
    const declared = await call('employee', 'POST', '/api/declarations', {
      kind: 'training',
      title: 'Ran a lockout/tagout refresher for my shift',
      text: 'Twelve colleagues, one hour.',
    });
    expect(declared.status).toBe(201);
    const { declarationId } = declared.body as { declarationId: string };
    await wp.goto(`${appUrl}/my-score`);
    await wp.getByTestId(`declaration-row-${declarationId}`).waitFor({ timeout: PROCESS_WAIT_MS });
    await expectNoSideScroll(wp);
    await phoneShot(wp, 'phone-my-score.png');
    await worker.context.close();

    const head = await ui.signedIn('head.production', '/approvals', PHONE);
    const hp = head.page;
    await hp.getByTestId('approvals').waitFor({ timeout: PROCESS_WAIT_MS });
    const approval = hp.locator('[data-testid^="approval-row-"][data-task-type="declaration.review"]');
    await refreshUntil(hp.getByTestId('approvals-refresh'), async () => (await approval.count()) > 0, 'the declaration to approve', PROCESS_WAIT_MS);
    const approvalId = (await approval.first().getAttribute('data-testid'))!.slice('approval-row-'.length);
    expect(await hp.getByTestId('approvals-queue').getAttribute('data-layout')).toBe('cards');
    const approve = hp.getByTestId(`approve-${approvalId}`);
    const reject = hp.getByTestId(`reject-${approvalId}`);
    // Approve and reject side by side within the phone's width; one scroll down at most, never sideways.
    await approve.scrollIntoViewIfNeeded();
    await expectOnScreen(approve);
    await expectOnScreen(reject);
    await expectNoSideScroll(hp);
    await phoneShot(hp, 'phone-approvals.png');
    await head.context.close();

    expect(pageErrors).toEqual([]);
  }, 300_000);
});
