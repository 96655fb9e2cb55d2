import type { Locator, Page } from 'playwright-core';

/**
 * Steps the browser tests share with Ant Design widgets and the task form: pick an option or an
 * org unit (checked and retried, since under load a click can land while a dropdown is still
 * moving), open and submit a task's completion form, and poll until the page shows a state.
 */

/** Picks the option containing `text` in an Ant Design Select. */
export async function choose(page: Page, select: Locator, text: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await pickUntil(page, select, async () => {
    await dropdown.locator('.ant-select-item-option', { hasText: text }).first().click({ timeout: 5_000 });
    await select.getByText(text).first().waitFor({ timeout: 3_000 });
  });
}

/** Picks `name` in an org-unit TreeSelect by typing to search and clicking the tree node. */
export async function chooseUnit(page: Page, select: Locator, name: string): Promise<void> {
  await pickUntil(page, select, async () => {
    await page.keyboard.press('ControlOrMeta+A'); // a retry replaces the search text
    await page.keyboard.type(name.split(' ')[0]);
    const node = page.locator('.ant-select-dropdown:visible [title]', { hasText: name }).filter({ has: page.getByText(name, { exact: true }) });
    await node.first().click({ timeout: 8_000 });
    await select.getByText(name, { exact: true }).waitFor({ timeout: 3_000 });
  });
}

/** Opens `select`'s dropdown and runs `pick` until it succeeds (three tries), then waits for the dropdown to close. */
export async function pickUntil(page: Page, select: Locator, pick: () => Promise<void>): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  for (let attempt = 1; ; attempt++) {
    try {
      // No Escape here: in a dialog it would close the dialog too. An open dropdown is just used again.
      if (!(await dropdown.isVisible())) {
        await select.click();
        await dropdown.waitFor({ timeout: 5_000 });
      }
      await page.waitForTimeout(200); // the dropdown slides into place
      await pick();
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  await dropdown.waitFor({ state: 'hidden', timeout: 5_000 });
}

/** Opens the completion form of the task in `row` (claiming it first when needed). */
export async function openTaskForm(page: Page, row: Locator, timeoutMs = 60_000): Promise<Locator> {
  const complete = row.locator('[data-testid^="complete-"]');
  const claim = row.locator('[data-testid^="claim-"]');
  await complete.or(claim).first().waitFor({ timeout: timeoutMs });
  if ((await complete.count()) === 0) {
    await claim.first().click();
    await complete.first().waitFor({ timeout: 10_000 });
  }
  await complete.first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByTestId('complete-form').waitFor();
  return dialog;
}

/** Submits the open task form and waits until it is accepted and the dialog closed; returns the payload sent. */
export async function submitTaskForm(page: Page, dialog: Locator): Promise<Record<string, unknown>> {
  const completed = page.waitForResponse((r) => r.url().endsWith('/complete') && r.request().method() === 'POST');
  await page.getByTestId('complete-submit').click();
  const response = await completed;
  if (response.status() !== 200) throw new Error(`completing the task: ${response.status()} ${await response.text()}`);
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  return (JSON.parse(response.request().postData() ?? '{}') as { payload: Record<string, unknown> }).payload;
}

/** Polls `ready()` (the pages refresh themselves) until it holds; a failing check counts as not yet. */
export async function waitFor(ready: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
