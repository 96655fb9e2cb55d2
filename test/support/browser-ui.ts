import type { Locator, Page } from 'playwright-core';

/**
 * Steps the browser tests share with Ant Design widgets, the inbox and the task form: pick an
 * option or an org unit (checked and retried, since under load a click can land while a dropdown
 * is still moving), find a task in the inbox or on a process page, open and submit a task's
 * completion form, read an attribute, and poll, refresh or reload until the page shows a state.
 */

/** An element's attribute, waiting up to 10 s for the element. */
export const attr = (l: Locator, name: string) => l.getAttribute(name, { timeout: 10_000 });

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

/** Runs `step` until it succeeds, three tries at the most; the third failure is thrown. */
export async function retried<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Opens `select`'s dropdown and runs `pick` until it succeeds (three tries), then waits for the dropdown to close. */
export async function pickUntil(page: Page, select: Locator, pick: () => Promise<void>): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await retried(async () => {
    // No Escape here: in a dialog it would close the dialog too. An open dropdown is just used again.
    if (!(await dropdown.isVisible())) {
      await select.click();
      await dropdown.waitFor({ timeout: 5_000 });
    }
    await page.waitForTimeout(200); // the dropdown slides into place
    await pick();
  });
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
  // A loaded machine (CI runs browser suites beside the process suites) can take long to answer: a generous wait.
  const completed = page.waitForResponse((r) => r.url().endsWith('/complete') && r.request().method() === 'POST', { timeout: 90_000 });
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

/** Presses `refresh` (a page's Refresh button) until `ready()` holds; a failing check counts as not yet. */
export async function refreshUntil(refresh: Locator, ready: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${timeoutMs / 1000} s`);
    await refresh.page().waitForTimeout(750);
    await refresh.click();
  }
}

/**
 * Polls `ready()` for `settleMs` (the page refreshes itself too), then `reload()`s the page and
 * polls again, until it holds; a failing check counts as not yet.
 */
export async function reloadUntil(
  page: Page,
  ready: () => Promise<boolean>,
  what: string,
  options: { reload: () => Promise<unknown>; settleMs: number; timeoutMs: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const settled = Date.now() + options.settleMs;
    for (;;) {
      if (await ready().catch(() => false)) return;
      if (Date.now() >= settled) break;
      await page.waitForTimeout(250);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${options.timeoutMs / 1000} s`);
    await options.reload();
  }
}

export type InboxView = 'mine' | 'team' | 'completed';

/** Opens an inbox view: the list answered 200 and its table is shown. */
export async function openInboxView(page: Page, appUrl: string, view: InboxView): Promise<void> {
  const loaded = page.waitForResponse((r) => r.url().includes(`/api/tasks?view=${view}`) && r.request().method() === 'GET');
  await page.goto(`${appUrl}/tasks?view=${view}`);
  expect((await loaded).status()).toBe(200);
  await page.getByTestId(`inbox-table-${view}`).waitFor();
}

/** Which rows count: those with a complete button (the default), with a claim or a complete button, or any. */
const ACTIONABLE = {
  complete: '[data-testid^="complete-"]',
  claimOrComplete: '[data-testid^="claim-"], [data-testid^="complete-"]',
  any: null,
} as const;

export interface TaskRowOptions {
  /** The views to look in, in this order (default: "Mine", then "My team"). */
  views?: readonly InboxView[];
  /** Text the row must show besides the title (a unit's name). */
  alsoShowing?: string;
  actionable?: keyof typeof ACTIONABLE;
  timeoutMs?: number;
  /** The pause between rounds over the views. */
  pauseMs?: number;
}

/**
 * Reloads the inbox views until a row with `title` shows up (the processes create tasks
 * asynchronously); returns its task id, leaving the page on the view that has it.
 */
export async function waitForTaskRow(page: Page, appUrl: string, title: string, options: TaskRowOptions = {}): Promise<string> {
  const { views = ['mine', 'team'], alsoShowing, actionable = 'complete', timeoutMs = 20_000, pauseMs = 750 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const view of views) {
      await openInboxView(page, appUrl, view);
      let row = page.locator('[data-testid^="task-row-"]', { hasText: title });
      if (alsoShowing) row = row.filter({ hasText: alsoShowing });
      const buttons = ACTIONABLE[actionable];
      if (buttons) row = row.filter({ has: page.locator(buttons) });
      if ((await row.count()) > 0) {
        const testId = await row.first().getAttribute('data-testid');
        return testId!.slice('task-row-'.length);
      }
    }
    const which = `${actionable === 'any' ? '' : 'actionable '}task "${title}"${alsoShowing ? ` for ${alsoShowing}` : ''}`;
    if (Date.now() > deadline) throw new Error(`no ${which} in the inbox after ${timeoutMs / 1000} s`);
    await page.waitForTimeout(pauseMs);
  }
}

/** The row of a task of `taskType` (and showing `text`) in a process page's task list. */
export function taskRowIn(list: Locator, taskType: string, text?: string): Locator {
  const rows = list.locator(`[data-task-type="${taskType}"]`);
  return text ? rows.filter({ hasText: text }) : rows;
}

/**
 * Ticks a checkbox and waits until the page shows it ticked. Playwright's check() gives up when the
 * box is not ticked right after its click; on a loaded machine the re-render can come later, so
 * this waits for it, and clicks again if the tick was lost.
 */
export async function tick(box: Locator): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await box.isChecked()) return;
    await box.click();
    try {
      await waitFor(() => box.isChecked(), 'the box ticked', 5_000);
      return;
    } catch {
      // not ticked yet: click again
    }
  }
  throw new Error('the checkbox stays unticked');
}
