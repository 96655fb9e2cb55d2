import type { Page } from 'playwright-core';
import { choose, openTaskForm, submitTaskForm, taskRowIn, waitFor } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { openPhoneMenu } from '../support/browser';

/**
 * Incidents (事故事件) through the web UI in Chromium on a phone (390 × 844) in Chinese: the
 * employee reports an incident with an injured person → sees it in the list → opens its detail;
 * then reports a near miss anonymously, gets a receipt code and follows the report by typing it on
 * the receipt page; the safety officer classifies the incident through its task form (GB 6441
 * category, consequence, investigation lead found by name). Screenshots: incident-report.zh-CN.png, incident-detail.zh-CN.png,
 * incident-receipt.zh-CN.png, incident-classify.zh-CN.png.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

/** The page fits the phone's width: nothing to scroll sideways. */
async function expectNoSideScroll(page: Page): Promise<void> {
  // (A string: the test project's TypeScript has no DOM types.)
  const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
    '({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })',
  );
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('web UI: incidents on a phone in Chinese', () => {
  const ui = browserSuite();

  it('reports an incident with an injured person, finds it in the list, opens it; reports a near miss anonymously and follows it by its receipt code; the safety officer classifies the incident through its task form', async () => {
    const { appUrl, pageErrors } = ui;
    const { page, context } = await ui.signedIn('employee', '/tasks', { device: 'phone', locale: 'zh-CN' });

    // --- 1. The menu leads to the report form --------------------------------------------------
    await openPhoneMenu(page, 'nav-incidents');
    expect(await page.getByTestId('nav-incidents').textContent()).toBe('事故事件');
    await page.getByTestId('nav-incidentNew').click();
    await page.getByTestId('incident-report-form').waitFor();
    await expectNoSideScroll(page);
    // The send button is in reach without scrolling (it sticks to the bottom of the screen).
    const submitBox = await page.getByTestId('incident-submit').boundingBox();
    expect(submitBox).not.toBeNull();
    expect(submitBox!.y + submitBox!.height).toBeLessThanOrEqual(844);
    expect(submitBox!.height).toBeGreaterThanOrEqual(44);

    await page.getByTestId('incident-title').fill('3号冲床夹手');
    await page.getByTestId('incident-description').fill('操作工在换模时手被夹伤。');
    await page.getByTestId('incident-location').fill('冲压车间 3号冲床');
    await page.getByTestId('incident-injured-add').click();
    await page.getByTestId('incident-injured-0-name').fill('刘师傅');
    await page.getByTestId('incident-injured-0-injury').fill('右手食指骨折');
    await page.getByTestId('incident-immediate-actions').fill('已停机，已送医。');
    await expectNoSideScroll(page);
    await shot(page, 'incident-report.zh-CN.png');
    const reported = page.waitForResponse((r) => r.url().endsWith('/api/incidents') && r.request().method() === 'POST');
    await page.getByTestId('incident-submit').click();
    const response = await reported;
    expect(response.status()).toBe(201);
    const sent = JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>;
    const { incidentId } = (await response.json()) as { incidentId: string };
    expect(sent).toMatchObject({
      incidentId,
      kind: 'incident',
      title: '3号冲床夹手',
      location: '冲压车间 3号冲床',
      injuredPeople: [{ name: '刘师傅', injury: '右手食指骨折' }],
      occurredAt: expect.stringMatching(/Z$/),
    });
    expect(incidentId).toMatch(/^[0-9a-f-]{36}$/);

    // --- 2. The list shows it; the detail opens from it -------------------------------------------
    await page.goto(`${appUrl}/incidents`);
    await page.getByTestId('incident-list').waitFor();
    await page.getByTestId(`incident-row-${incidentId}`).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId(`incident-row-${incidentId}`).textContent()).toContain('事故');
    await page.getByTestId(`incident-link-${incidentId}`).click();
    await page.waitForURL(`${appUrl}/incidents/${incidentId}`);
    await page.getByTestId('incident-detail').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('incident-title').textContent()).toBe('3号冲床夹手');
    expect(await page.getByTestId('incident-injured').textContent()).toContain('刘师傅 — 右手食指骨折');
    expect(await page.getByTestId('incident-status').first().getAttribute('data-status')).toBe('classifying');
    expect(await page.getByTestId('incident-status').first().textContent()).toBe('定性分类中');
    await page.getByTestId('incident-timeline').getByTestId('timeline-reported').waitFor({ timeout: 20_000 });
    await expectNoSideScroll(page);
    await shot(page, 'incident-detail.zh-CN.png');

    // --- 3. An anonymous near miss: a receipt code, and no identity sent --------------------------
    await page.goto(`${appUrl}/incidents/new`);
    await page.getByTestId('incident-report-form').waitFor();
    await page.getByTestId('incident-kind-near_miss').click();
    await page.getByTestId('incident-anonymous').click();
    // The form re-renders once the switch's value is watched: injured people and photos leave it.
    await waitFor(async () => (await page.getByTestId('incident-injured').count()) === 0, 'the anonymous form without injured people');
    expect(await page.getByTestId('incident-evidence').count()).toBe(0);
    await page.getByTestId('incident-title').fill('叉车倒车险些撞人');
    await page.getByTestId('incident-description').fill('叉车倒车未鸣笛，行人及时躲开。');
    await page.getByTestId('incident-location').fill('成品仓库 2号通道');
    const anonymous = page.waitForResponse((r) => r.url().endsWith('/api/incidents/anonymous') && r.request().method() === 'POST');
    await page.getByTestId('incident-submit').click();
    const anonymousResponse = await anonymous;
    expect(anonymousResponse.status()).toBe(201);
    const anonymousBody = JSON.parse(anonymousResponse.request().postData() ?? '{}') as Record<string, unknown>;
    expect(anonymousBody).not.toHaveProperty('injuredPeople');
    expect(anonymousBody).not.toHaveProperty('evidenceIds');
    expect(anonymousBody).not.toHaveProperty('kind');
    const code = (await page.getByTestId('incident-receipt-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    expect(anonymousBody.receiptCode).toBe(code);
    expect(await page.getByTestId('incident-receipt').textContent()).toContain('任何人都看不到是谁上报的');
    await expectNoSideScroll(page);

    // --- 4. Anyone signed in follows it by typing the code -----------------------------------------
    await page.goto(`${appUrl}/incidents/receipt`);
    await page.getByTestId('incident-receipt-page').waitFor();
    await page.getByTestId('receipt-code').fill(code.toLowerCase());
    await page.getByTestId('receipt-look-up').click();
    await page.getByTestId('receipt-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('receipt-title').textContent()).toBe('叉车倒车险些撞人');
    expect(await page.getByTestId('receipt-result').textContent()).toContain('未遂事件');
    await expectNoSideScroll(page);
    await shot(page, 'incident-receipt.zh-CN.png');

    await context.close();

    // --- 5. The safety hub classifies the incident through the task form -------------------------
    const safety = await ui.signedIn('safety', `/incidents/${incidentId}`, { locale: 'zh-CN' });
    const sp = safety.page;
    await sp.getByTestId('incident-detail').waitFor({ timeout: 10_000 });
    const dialog = await openTaskForm(sp, taskRowIn(sp.getByTestId('incident-tasks'), 'incident.classify'));
    await choose(sp, dialog.getByTestId('field-category'), '机械伤害');
    await choose(sp, dialog.getByTestId('field-consequence'), '急救处理');
    await choose(sp, dialog.getByTestId('field-investigationLeadPersonId'), '李强');
    await shot(sp, 'incident-classify.zh-CN.png');
    const payload = await submitTaskForm(sp, dialog);
    expect(payload).toEqual({ category: 'machinery', consequence: 'first_aid', investigationLeadPersonId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const status = sp.getByTestId('incident-detail').getByTestId('incident-status').first();
    await waitFor(async () => (await status.getAttribute('data-status')) === 'investigating', 'classified', 30_000);
    expect(await sp.getByTestId('incident-category').textContent()).toBe('机械伤害');
    expect(await sp.getByTestId('incident-investigation').textContent()).toContain('李强');
    await safety.context.close();

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
