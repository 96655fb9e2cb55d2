import { randomUUID } from 'node:crypto';
import { openInboxView, pickUntil, waitForTaskRow, tick } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { httpClient } from '../support/env';

/**
 * The task inbox in a real browser against the real system: the safety officer publishes a notice
 * through the API, its workflow hands an "acknowledge" task to the production department, and the
 * head of production claims and completes it in the web UI (Chromium through playwright-core).
 *
 * Needs web/dist (`npm test` builds it; otherwise `npx vite build --config web/vite.config.mts`)
 * and a Chromium binary (Debian: `apt-get install chromium`; elsewhere set CHROMIUM_PATH).
 */

interface OrgNode {
  id: string;
  code: string;
  children: OrgNode[];
}
interface Task {
  id: string;
  workflowId: string;
  status: string;
  completedBy: string | null;
}

function findUnit(nodes: OrgNode[], code: string): OrgNode | undefined {
  for (const n of nodes) {
    if (n.code === code) return n;
    const hit = findUnit(n.children, code);
    if (hit) return hit;
  }
  return undefined;
}

describe('web UI: task inbox in Chromium', () => {
  const ui = browserSuite();

  it('head of production acknowledges a notice: claim, complete with the form, see it completed', async () => {
    const { appUrl, pageErrors } = ui;
    // A notice for the production department, published through the real API.
    const safety = httpClient(appUrl);
    await safety.login('safety');
    const tree = await safety.call('GET', '/api/org/tree');
    expect(tree.status).toBe(200);
    const production = findUnit(tree.body as OrgNode[], 'DEMO-PRODUCTION');
    expect(production).toBeDefined();
    const title = `Browser check ${randomUUID().slice(0, 8)}: press guards`;
    const notice = await safety.call('POST', '/api/notices', {
      title,
      body: 'Check the light curtains on every stamping press before the shift.',
      orgUnitId: production!.id,
      severity: 'normal',
    });
    expect(notice.status).toBe(201);
    expect(notice.body).toMatchObject({ noticeId: expect.any(String), workflowId: expect.any(String) });

    // Sign in through the form.
    const { context, page } = await ui.signedIn('head.production', '/tasks');
    expect(await page.getByTestId('current-user').textContent()).toBe('Production Head Zhao');

    // The workflow creates the task asynchronously: look in "My team" and "Mine" for up to 20 s.
    const taskId = await waitForTaskRow(page, appUrl, title, { views: ['team', 'mine'], actionable: 'any', pauseMs: 1_000 });

    const claim = page.getByTestId(`claim-${taskId}`);
    if (await claim.isVisible()) {
      const claimed = page.waitForResponse((r) => r.url().endsWith(`/claim`) && r.request().method() === 'POST');
      await claim.click();
      expect((await claimed).status()).toBe(200);
    }

    await openInboxView(page, appUrl, 'mine');
    const row = page.getByTestId(`task-row-${taskId}`);
    await row.waitFor({ timeout: 5_000 });
    await page.getByTestId(`complete-${taskId}`).waitFor({ timeout: 5_000 });
    await shot(page, 'inbox.png');

    // The form comes from the task type's field metadata; the required tick is enforced.
    await page.getByTestId(`complete-${taskId}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('complete-submit').textContent()).toContain('Acknowledge');
    // Why it is theirs: claimed, so as the assignee (before claiming: as head of Production Department).
    expect(await dialog.getByTestId('task-candidacy').textContent()).toBe('You are the assignee.');
    await page.getByTestId('complete-submit').click();
    await dialog.getByText('Please tick').waitFor({ timeout: 5_000 });

    await tick(dialog.getByRole('checkbox'));
    await dialog.getByRole('textbox').fill('Briefed both shifts; guards checked.');
    const completed = page.waitForResponse((r) => r.url().endsWith(`/complete`) && r.request().method() === 'POST');
    await page.getByTestId('complete-submit').click();
    const completeResponse = await completed;
    expect(completeResponse.status()).toBe(200);
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });

    // Gone from "Mine", listed under "Completed".
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await openInboxView(page, appUrl, 'completed');
    await page.getByTestId(`task-row-${taskId}`).waitFor({ timeout: 10_000 });
    await shot(page, 'completed.png');

    // Language switch: UI and Ant Design both in Chinese, and the account keeps it (mails and notices follow it).
    const languageSaved = page.waitForResponse((r) => r.url().endsWith('/api/users/me') && r.request().method() === 'PATCH');
    await page.getByTestId('lang-zh-CN').click();
    const savedLanguage = await languageSaved;
    expect(savedLanguage.status()).toBe(200);
    expect(((await savedLanguage.json()) as { locale: string }).locale).toBe('zh-CN');
    await page.getByTestId('tab-completed').getByText('已完成').waitFor({ timeout: 5_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.waitForTimeout(400); // let the tab indicator settle under the wider labels
    await shot(page, 'completed.zh-CN.png');

    // The organisation page names the department's responders: where its tasks go.
    await page.goto(`${appUrl}/org?unit=${production!.id}`);
    const responders = page.getByTestId('unit-responders');
    await responders.getByTestId('responder-head').waitFor({ timeout: 10_000 });
    expect(await responders.getByTestId('responder-head').textContent()).toMatch(/Production Head Zhao|赵磊/); // names follow the UI language
    // The head names the stamping operator a responder too: the department's tasks will reach him.
    await responders.getByTestId('responders-edit').click();
    const picker = responders.getByTestId('responders-picker');
    await pickUntil(page, picker, async () => {
      await page.keyboard.type('Operator');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /Operator Liu|刘伟/ })
        .first()
        .click({ timeout: 8_000 });
      await picker
        .getByText(/Operator Liu|刘伟/)
        .first()
        .waitFor({ timeout: 3_000 });
      await page.keyboard.press('Escape');
    });
    const saved = page.waitForResponse((r) => r.url().endsWith('/responders') && r.request().method() === 'PUT');
    await responders.getByTestId('responders-save').click();
    expect((await saved).status()).toBe(200);
    await responders
      .getByTestId('responder')
      .filter({ hasText: /Operator Liu|刘伟/ })
      .waitFor({ timeout: 5_000 });

    expect(pageErrors).toEqual([]);
    await context.close();

    // And the API agrees: completed, by head.production.
    const head = httpClient(appUrl);
    await head.login('head.production');
    const list = await head.call('GET', '/api/tasks?view=completed&page=1&pageSize=50');
    expect(list.status).toBe(200);
    const task = (list.body.items as Task[]).find((t) => t.id === taskId);
    expect(task).toMatchObject({ status: 'completed', completedBy: 'head.production', workflowId: notice.body.workflowId });
  }, 60_000);
});
