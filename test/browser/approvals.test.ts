import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { AssessmentCycle, Fact, OrgUnit, Person, ScoreSnapshot, Task, User } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { loggedInClients } from '../support/as-user';
import { attr, choose, chooseUnit, refreshUntil, reloadUntil, waitFor } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { PNG } from '../support/fixtures';
import { eventually } from '../support/wait';

/**
 * The approval queue, appeals, adjustments and self-declarations through the web UI in Chromium.
 * A published company cycle of this month in which the employee (Operator Liu) failed three
 * trainings (facts inserted directly), then:
 *  1. the employee appeals the training_pass_rate line on "My score" → head.production finds it in
 *     Approvals and upholds it with a reason → the employee sees "Not accepted" and appeals further
 *     → the plant manager adjusts +5 in Approvals → "My score" shows version 2 with both totals
 *     ("Original … → adjusted … by appeal, v2") and switches back to version 1;
 *  2. the manager proposes an adjustment of the equipment head's score on the Adjustments tab; an
 *     admin hands the approval to the manager himself, whose "Approve" is refused (self-approval,
 *     shown in the dialog); handed to HR, HR approves it in the queue → the Adjustments tab shows
 *     who decided, why and the new version;
 *  3. the employee declares a self-run training with a photo → head.production approves it with
 *     bonus points → "My declarations" shows it approved; the employee's improvement plan (rated
 *     "needs improvement") has its page with steps and tasks, linked from the inbox.
 * Screenshots: approvals-*.png (the queue and the adjusted report also in Chinese).
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

const PROCESS_WAIT_MS = 60_000;
const relaxed: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

describe('web UI: approvals, appeals, adjustments and declarations in Chromium', () => {
  const ui = browserSuite({ timeoutMs: 120_000, tmp: 'approvals' });
  const { pageErrors, signedIn } = ui;
  let cycleId = '';
  let employeeId = '';
  let qiangId = '';
  const api = loggedInClients(() => ui.appUrl);

  beforeAll(async () => {
    const ds = ui.system.dataSource;
    expect((await (await api('safety')).call('POST', '/api/policies', { document: relaxed, note: 'approvals UI test' })).status).toBe(201);
    const employee = await ds.getRepository(Person).findOneByOrFail({ id: (await ds.getRepository(User).findOneByOrFail({ username: 'employee' })).personId! });
    employeeId = employee.id;
    qiangId = (await ds.getRepository(Person).findOneByOrFail({ employeeNo: 'E1007' })).id;
    const fact = (kind: string) => ({
      id: `ui-approvals/${kind}/${randomUUID()}`,
      kind,
      personId: employee.id,
      attribution: 'direct',
      orgUnitId: employee.orgUnitId,
      departmentHeadPersonId: null,
      sourceWorkflowId: 'inspection-import',
      subjectId: `check-${randomUUID().slice(0, 8)}`,
      value: 0,
      occurredAt: new Date(),
      data: '{}',
      policyVersion: null,
    });
    // Three failed trainings: the pass rate has its minimum sample (3) and reads 0 %; guard checks have no process (not in the default ruleset).
    await ds.getRepository(Fact).insert(Array.from({ length: 3 }, () => fact('training.attended')));
    // HR starts and publishes the company's cycle of this month (the cycle UI has its own test).
    const hr = await api('hr');
    const company = await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-CO' });
    const started = await hr.call('POST', '/api/assessment-cycles', { scopeOrgUnitId: company.id, period: periodContaining('monthly', new Date()).label });
    expect(started.status).toBe(201);
    cycleId = started.body.cycleId;
    const review = await eventually(
      async () => (await ds.getRepository(Task).findBy({ workflowId: started.body.workflowId, taskType: 'assessment.review', status: 'open' }))[0],
      'the review task',
      PROCESS_WAIT_MS,
    );
    expect((await hr.call('POST', `/api/tasks/${encodeURIComponent(review.id)}/complete`, { payload: { decision: 'publish', note: 'ok' } })).status).toBe(200);
    await eventually(
      async () => (await ds.getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).status === 'published',
      'published',
      PROCESS_WAIT_MS,
    );
  }, 120_000);

  it('an appeal is upheld by the department head, appealed further and adjusted by the manager: My score shows version 2 with both totals', async () => {
    const started = Date.now();
    // --- 1. The employee appeals the training pass-rate line of their published score ---------
    const emp = await signedIn('employee', '/my-score');
    const ep = emp.page;
    await ep.getByTestId('score-report').waitFor({ timeout: 15_000 });
    const original = Number(await attr(ep.getByTestId('report-total'), 'data-total'));
    expect(await attr(ep.getByTestId('line-training_pass_rate'), 'data-shortfall')).toBe('true');
    expect(await ep.getByTestId('nav-approvals').count()).toBe(0); // not an approver
    await ep.getByTestId('appeal-training_pass_rate').click();
    let dialog = ep.getByRole('dialog');
    await dialog.getByTestId('appeal-form').waitFor();
    expect(await dialog.getByTestId('appeal-line').textContent()).toBe('Safety training pass rate');
    await dialog.getByTestId('appeal-reason').waitFor(); // the field is there before the first tap
    await ep.getByTestId('appeal-submit').click();
    await dialog.getByText('Say why you appeal.').waitFor(); // the reason is required
    await dialog.getByTestId('appeal-reason').fill('Two of the checks were of press 4, which was decommissioned');
    const appealed = ep.waitForResponse((r) => r.url().endsWith('/api/appeals') && r.request().method() === 'POST');
    await ep.getByTestId('appeal-submit').click();
    const first = await appealed;
    expect(first.status()).toBe(201);
    expect(JSON.parse(first.request().postData() ?? '{}')).toEqual({
      cycleId,
      lineCode: 'training_pass_rate',
      reason: 'Two of the checks were of press 4, which was decommissioned',
    });
    const firstId = ((await first.json()) as { appealId: string }).appealId;
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(async () => (await attr(ep.getByTestId('appeal-status-training_pass_rate'), 'data-status')) === 'open', 'the appeal shown as under review');
    expect(await ep.getByTestId('appeal-training_pass_rate').count()).toBe(0);

    // --- 2. The head of production upholds it in the approval queue ----------------------------
    const head = await signedIn('head.production', '/tasks');
    const hp = head.page;
    await hp.getByTestId('nav-approvals').click();
    await hp.getByTestId('approvals').waitFor();
    const row1 = await waitForApprovalRow(hp, 'appeal.review');
    const row = hp.getByTestId(`approval-row-${row1}`);
    expect(await row.getByTestId('approval-type').textContent()).toBe('Appeal');
    expect(await row.textContent()).toContain('Safety training pass rate');
    expect(await row.getByTestId('approval-reason').textContent()).toContain('press 4, which was decommissioned');
    expect(await attr(row.getByTestId('approval-due'), 'data-overdue')).toBe('false');
    await shot(hp, 'approvals-queue.png');
    await hp.getByTestId('lang-zh-CN').click();
    await hp.getByTestId('approvals-tab-queue').getByText('待审批').waitFor();
    await row
      .getByTestId(`uphold-${row1}`)
      .getByText(/^维\s?持$/)
      .waitFor(); // Ant Design spaces two-character Chinese buttons
    await shot(hp, 'approvals-queue.zh-CN.png');
    await hp.getByTestId('lang-en').click();
    await row.getByTestId(`uphold-${row1}`).getByText('Uphold').waitFor();
    await row.getByTestId(`uphold-${row1}`).click();
    dialog = hp.getByRole('dialog');
    await dialog.getByTestId('decision-form').waitFor();
    await hp.getByTestId('decision-submit').click();
    await dialog.getByText('Give a reason.').waitFor(); // required
    await dialog.getByTestId('decision-reason').fill('The checks were of press 3, which is in service');
    expect(await submitDecision(hp, dialog)).toEqual({ decision: 'uphold', reason: 'The checks were of press 3, which is in service' });
    await row.waitFor({ state: 'detached', timeout: 5_000 }); // the row disappears at once
    await head.context.close();

    // --- 3. The employee sees "Not accepted" and appeals further -------------------------------
    await untilAfterReload(
      ep,
      async () => (await ep.getByTestId('appeal-status-training_pass_rate').getAttribute('data-status', { timeout: 10_000 })) === 'upheld',
      'the appeal upheld',
    );
    expect(await ep.getByTestId('appeal-status-training_pass_rate').textContent()).toBe('Not accepted');
    expect(await ep.getByTestId('appeal-decision-training_pass_rate').textContent()).toContain('head.production: The checks were of press 3');
    await ep.getByTestId('appeal-further-training_pass_rate').click();
    dialog = ep.getByRole('dialog');
    await dialog.getByTestId('appeal-parent').waitFor();
    await dialog.getByTestId('appeal-reason').fill('Press 3 was locked out all month: see the LOTO log');
    const further = ep.waitForResponse((r) => r.url().endsWith('/api/appeals') && r.request().method() === 'POST');
    await ep.getByTestId('appeal-submit').click();
    const second = await further;
    expect(second.status()).toBe(201);
    expect(JSON.parse(second.request().postData() ?? '{}')).toMatchObject({ lineCode: 'training_pass_rate', parentAppealId: firstId });
    expect(((await second.json()) as { level: number }).level).toBe(2);
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(async () => (await attr(ep.getByTestId('appeal-cell-training_pass_rate'), 'data-level')) === '2', 'the further appeal shown');

    // --- 4. The plant manager adjusts +5 -----------------------------------------------------------
    const manager = await signedIn('manager', '/approvals');
    const mp = manager.page;
    const row2 = await waitForApprovalRow(mp, 'appeal.review');
    const managerRow = mp.getByTestId(`approval-row-${row2}`);
    expect(await managerRow.textContent()).toContain('2nd level');
    await managerRow.getByTestId(`adjust-${row2}`).click();
    dialog = mp.getByRole('dialog');
    await dialog.getByTestId('decision-form').waitFor();
    await dialog.getByTestId('decision-reason').fill('The LOTO log confirms press 3 was out of service');
    await mp.getByTestId('decision-submit').click();
    await dialog.getByText('Give the points: not 0, between −100 and 100.').waitFor(); // adjusting needs points
    await dialog.getByTestId('decision-delta').fill('5');
    expect(await submitDecision(mp, dialog)).toEqual({ decision: 'adjust', delta: 5, reason: 'The LOTO log confirms press 3 was out of service' });
    await managerRow.waitFor({ state: 'detached', timeout: 5_000 });
    // The Appeals tab: both levels, who decided and the new version.
    await mp.getByTestId('approvals-tab-appeals').click();
    const adjustedRow = mp.locator('[data-testid^="appeal-row-"][data-status="adjusted"]');
    await untilRefreshed(mp, async () => (await adjustedRow.count()) === 1, 'the adjusted appeal in the history');
    expect(await adjustedRow.getByTestId('decision-cell').textContent()).toContain('manager');
    expect(await attr(adjustedRow.getByTestId('version-link'), 'data-version')).toBe('2');
    expect(await mp.locator('[data-testid^="appeal-row-"][data-status="upheld"]').count()).toBe(1);
    await shot(mp, 'approvals-appeals.png');
    await manager.context.close();

    // --- 5. My score: version 2 in force, both totals, the original readable ----------------------
    await untilAfterReload(
      ep,
      async () => (await ep.getByTestId('report-versions').count()) > 0 && (await ep.getByTestId('score-report').getAttribute('data-version')) === '2',
      'the new version in force on My score',
    );
    const adjusted = Math.min(100, Math.round((original + 5) * 100) / 100);
    expect(Number(await attr(ep.getByTestId('score-report'), 'data-version'))).toBe(2);
    expect(Number(await attr(ep.getByTestId('report-total'), 'data-total'))).toBeCloseTo(adjusted, 2);
    expect(await ep.getByTestId('report-versions-summary').textContent()).toBe(`Original ${fmt(original)} → adjusted ${fmt(adjusted)} by appeal, v2`);
    expect(await attr(ep.getByTestId('report-version-1'), 'data-status')).toBe('superseded');
    expect(await attr(ep.getByTestId('report-version-2'), 'data-reason')).toBe('appeal');
    expect(await ep.getByTestId('appeal-status-training_pass_rate').textContent()).toBe('Accepted');
    expect(await ep.getByTestId('appeal-further-training_pass_rate').count()).toBe(0); // two levels only
    // The +5 sits on the disputed line, beside it (no line of its own).
    expect(await attr(ep.getByTestId('line-corrections-training_pass_rate'), 'data-adjustment')).toBe('5');
    expect(await attr(ep.getByTestId('line-corrections-training_pass_rate').getByTestId('line-correction'), 'data-version')).toBe('2');
    expect(await ep.getByTestId('line-manual_adjustment').count()).toBe(0);
    expect(await ep.getByTestId('report-version-superseded-by-1').textContent()).toBe(' · superseded by v2');
    await shot(ep, 'approvals-adjusted-report.png');
    await ep.getByTestId('lang-zh-CN').click();
    await ep
      .getByTestId('report-versions-summary')
      .getByText(`原始 ${fmt(original)} → 经复议调整为 ${fmt(adjusted)}（第 2 版）`)
      .waitFor();
    await shot(ep, 'approvals-adjusted-report.zh-CN.png');
    await ep.getByTestId('lang-en').click();
    await ep.getByTestId('report-version-1').click();
    await waitFor(async () => (await attr(ep.getByTestId('score-report'), 'data-version')) === '1', 'version 1 shown');
    expect(Number(await attr(ep.getByTestId('report-total'), 'data-total'))).toBe(original);
    expect(await ep.getByTestId('appeal-further-training_pass_rate').count()).toBe(0);
    await emp.context.close();

    expect(pageErrors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(150_000);
  }, 200_000);

  it('the manager proposes an adjustment; his own approval is refused (self-approval); HR approves it in the queue', async () => {
    const manager = await signedIn('manager', '/approvals?tab=adjustments');
    const mp = manager.page;
    await mp.getByTestId('adjustment-propose').click();
    let dialog = mp.getByRole('dialog');
    await dialog.getByTestId('adjust-form').waitFor();
    await waitFor(
      async () => (await dialog.getByTestId('adjust-cycle').textContent())?.includes(periodContaining('monthly', new Date()).label) ?? false,
      'the cycle picked by default',
    );
    await chooseUnit(mp, dialog.getByTestId('adjust-unit'), 'Equipment Department');
    await choose(mp, dialog.getByTestId('adjust-person'), 'Equipment Head Qian');
    await dialog.getByTestId('adjust-delta').fill('3');
    await dialog.getByTestId('adjust-reason-exceptional_contribution').click();
    await dialog.getByTestId('adjust-text').fill('Led the lockout drill of the stamping line');
    const proposed = mp.waitForResponse((r) => r.url().endsWith('/api/adjustments') && r.request().method() === 'POST');
    await mp.getByTestId('adjust-submit').click();
    const response = await proposed;
    expect(response.status()).toBe(201);
    expect(JSON.parse(response.request().postData() ?? '{}')).toEqual({
      cycleId,
      subjectType: 'person',
      subjectId: qiangId,
      delta: 3,
      reasonCode: 'exceptional_contribution',
      text: 'Led the lockout drill of the stamping line',
    });
    const { adjustmentId, workflowId } = (await response.json()) as { adjustmentId: string; workflowId: string };
    await dialog.waitFor({ state: 'hidden' });
    const pending = mp.getByTestId(`adjustment-row-${adjustmentId}`);
    await pending.waitFor({ timeout: 15_000 });
    expect(await attr(pending, 'data-status')).toBe('pending');
    await waitFor(async () => (await pending.getByTestId('adjustment-subject').textContent()) === 'Equipment Head Qian', 'the subject named');

    // An admin cannot hand the approval to the proposer himself: delegation keeps the rules (9aa5b73), refused with the reason.
    const ds = ui.system.dataSource;
    const task = await eventually(
      async () => (await ds.getRepository(Task).findBy({ workflowId, taskType: 'adjustment.approve', status: 'open' }))[0],
      'the approval task',
      PROCESS_WAIT_MS,
    );
    const admin = await api('admin');
    const managerUser = await ds.getRepository(User).findOneByOrFail({ username: 'manager' });
    const handed = await admin.call('POST', `/api/tasks/${encodeURIComponent(task.id)}/delegate`, { toUserId: managerUser.id });
    expect([handed.status, handed.body.error.message]).toEqual([403, expect.stringMatching(/manager asked for this approval and cannot decide it/)]);
    await manager.context.close();

    // Handed to HR: HR approves it in the queue; the score gets the cycle's next snapshot version.
    const versionsBefore = await ds.getRepository(ScoreSnapshot).countBy({ cycleId });
    const hrUser = await ds.getRepository(User).findOneByOrFail({ username: 'hr' });
    expect((await admin.call('POST', `/api/tasks/${encodeURIComponent(task.id)}/delegate`, { toUserId: hrUser.id })).status).toBe(200);
    const hr = await signedIn('hr', '/approvals');
    const hp = hr.page;
    expect(await waitForApprovalRow(hp, 'adjustment.approve')).toBe(task.id);
    const row = hp.getByTestId(`approval-row-${task.id}`);
    expect(await attr(row.getByTestId('approval-delta'), 'data-delta')).toBe('3');
    expect(await row.getByTestId('approval-reason').textContent()).toContain('Led the lockout drill');
    expect(await row.textContent()).toContain('proposed by manager');
    await row.getByTestId(`approve-${task.id}`).click();
    dialog = hp.getByRole('dialog');
    await dialog.getByTestId('decision-reason').fill('Confirmed by the drill report');
    expect(await submitDecision(hp, dialog)).toEqual({ approved: true, reason: 'Confirmed by the drill report' });
    await row.waitFor({ state: 'detached', timeout: 5_000 });
    await hp.getByTestId('approvals-tab-adjustments').click();
    const decided = hp.getByTestId(`adjustment-row-${adjustmentId}`);
    await untilRefreshed(hp, async () => (await decided.getAttribute('data-status', { timeout: 10_000 })) === 'approved', 'the adjustment approved');
    expect(await decided.getByTestId('decision-cell').textContent()).toContain('hr');
    expect(await decided.getByTestId('decision-cell').textContent()).toContain('Confirmed by the drill report');
    expect(await attr(decided.getByTestId('version-link'), 'data-version')).toBe(String(versionsBefore + 1));
    await shot(hp, 'approvals-adjustments.png');
    await hr.context.close();
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('the employee declares a training with a photo, head.production approves it with points; the improvement plan has its page', async () => {
    const photo = path.join(ui.tmp, 'training.png');
    fs.writeFileSync(photo, PNG);
    const emp = await signedIn('employee', '/my-score');
    const ep = emp.page;
    await ep.getByTestId('my-declarations').waitFor({ timeout: 15_000 });
    await ep.getByTestId('declare-button').click();
    let dialog = ep.getByRole('dialog');
    await dialog.getByTestId('declare-form').waitFor();
    await dialog.getByTestId('declare-kind-training').click();
    await dialog.getByTestId('declare-title').fill('Ran a lockout/tagout refresher for my shift');
    await dialog.getByTestId('declare-text').fill('Twelve colleagues, one hour, with the LOTO checklist');
    await dialog.getByTestId('declare-evidence-file-input').setInputFiles(photo);
    await dialog.locator('[data-testid="declare-evidence-item"][data-status="done"]').waitFor({ timeout: 15_000 });
    const declared = ep.waitForResponse((r) => r.url().endsWith('/api/declarations') && r.request().method() === 'POST');
    await ep.getByTestId('declare-submit').click();
    const response = await declared;
    expect(response.status()).toBe(201);
    const sent = JSON.parse(response.request().postData() ?? '{}') as { evidenceIds: string[] };
    expect(sent).toMatchObject({
      kind: 'training',
      title: 'Ran a lockout/tagout refresher for my shift',
      text: 'Twelve colleagues, one hour, with the LOTO checklist',
    });
    expect(sent.evidenceIds).toHaveLength(1);
    const { declarationId } = (await response.json()) as { declarationId: string };
    await dialog.waitFor({ state: 'hidden' });
    const mine = ep.getByTestId(`declaration-row-${declarationId}`);
    await mine.waitFor({ timeout: 15_000 });
    expect(await attr(mine, 'data-status')).toBe('pending');

    const head = await signedIn('head.production', '/approvals');
    const hp = head.page;
    const id = await waitForApprovalRow(hp, 'declaration.review');
    const row = hp.getByTestId(`approval-row-${id}`);
    expect(await row.textContent()).toContain('Ran a lockout/tagout refresher for my shift');
    await row.getByTestId('evidence-thumb').first().waitFor();
    await row.getByTestId(`approve-${id}`).click();
    dialog = hp.getByRole('dialog');
    await dialog.getByTestId('decision-reason').fill('Good initiative; attendance list checked');
    await hp.getByTestId('decision-submit').click();
    await dialog.getByText('Give the bonus points: more than 0, at most 20.').waitFor();
    await dialog.getByTestId('decision-points').fill('2');
    expect(await submitDecision(hp, dialog)).toEqual({ approved: true, points: 2, reason: 'Good initiative; attendance list checked' });
    await row.waitFor({ state: 'detached', timeout: 5_000 });
    await shot(hp, 'approvals-empty-queue.png', false);

    // The employee's improvement plan (rated "needs improvement"): listed, its page, its task.
    await hp.getByTestId('nav-improvementPlans').click();
    const plan = hp.locator('[data-testid^="plan-row-"]', { hasText: 'Operator Liu' });
    await untilAfterReload(hp, async () => (await plan.count()) > 0, 'the improvement plan listed');
    await plan.locator('[data-testid^="plan-link-"]').click();
    await hp.getByTestId('plan-detail').waitFor({ timeout: 15_000 });
    expect(await attr(hp.getByTestId('plan-detail'), 'data-phase')).toBe('planning');
    expect(await hp.getByTestId('plan-person').textContent()).toBe('Operator Liu');
    await hp.getByTestId('plan-tasks').locator('[data-task-type="improvement.plan"]').waitFor({ timeout: 15_000 });
    expect(await hp.getByTestId('plan-report').getAttribute('href')).toBe(`/scores/${encodeURIComponent(cycleId)}/person/${employeeId}`);
    await shot(hp, 'approvals-improvement-plan.png');
    // The inbox links the plan's task to this page.
    await hp.goto(`${ui.appUrl}/tasks?view=mine`);
    const planTask = hp.locator('[data-testid^="task-row-"]', { hasText: 'Improvement plan for Operator Liu' });
    await planTask.waitFor({ timeout: 15_000 });
    expect(await planTask.locator('[data-testid^="task-link-"]').getAttribute('href')).toBe(
      `/improvement-plans/${encodeURIComponent(`ImprovementPlan:${cycleId}:${employeeId}`)}`,
    );
    await head.context.close();

    await untilAfterReload(ep, async () => (await mine.getAttribute('data-status', { timeout: 10_000 })) === 'approved', 'the declaration approved');
    expect(await mine.getByTestId('declaration-points').textContent()).toBe('+2 points');
    expect(await mine.textContent()).toContain('head.production');
    await shot(ep, 'approvals-declarations.png');
    await emp.context.close();
    expect(pageErrors).toEqual([]);
  }, 150_000);
});

/** Scores as the UI prints them (at most two decimals). */
const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

/** Submits the open decision dialog; returns the payload sent once it is accepted and the dialog closed. */
async function submitDecision(page: Page, dialog: Locator): Promise<Record<string, unknown>> {
  const completed = page.waitForResponse((r) => r.url().endsWith('/complete') && r.request().method() === 'POST');
  await page.getByTestId('decision-submit').click();
  const response = await completed;
  expect(`${response.status()} ${response.status() === 200 ? '' : await response.text()}`.trim()).toBe('200');
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  return (JSON.parse(response.request().postData() ?? '{}') as { payload: Record<string, unknown> }).payload;
}

/** Refreshes the approval queue until a row of `taskType` with a decision button shows up; returns its task id. */
async function waitForApprovalRow(page: Page, taskType: string): Promise<string> {
  await page.getByTestId('approvals').waitFor({ timeout: 15_000 });
  const row = page
    .locator(`[data-testid^="approval-row-"][data-task-type="${taskType}"]`)
    .filter({ has: page.locator('[data-testid^="approve-"], [data-testid^="uphold-"]') });
  await untilRefreshed(page, async () => (await row.count()) > 0, `an approval of ${taskType}`);
  return (await row.first().getAttribute('data-testid'))!.slice('approval-row-'.length);
}

/** Presses the approvals page's Refresh until `ready()` holds. */
const untilRefreshed = (page: Page, ready: () => Promise<boolean>, what: string) =>
  refreshUntil(page.getByTestId('approvals-refresh'), ready, what, PROCESS_WAIT_MS);

/** Reloads the page until `ready()` holds (decisions are recorded by the processes a moment later), giving each load 5 s to show it. */
const untilAfterReload = (page: Page, ready: () => Promise<boolean>, what: string) =>
  reloadUntil(page, ready, what, {
    settleMs: 5_000,
    timeoutMs: PROCESS_WAIT_MS,
    reload: async () => {
      await page.reload();
      await page.getByTestId('current-user').waitFor();
    },
  });
