import { randomUUID } from 'node:crypto';
import { Fact, OrgUnit, Person } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import { attr, choose, chooseUnit, openTaskForm, submitTaskForm, waitFor, waitForTaskRow } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { httpClient } from '../support/env';
import { directFact } from '../support/fixtures';

/**
 * Scoring through the web UI in Chromium. Facts for the equipment head (E1007, head.equipment)
 * go straight into the facts table (failed guard checks and trainings, three overdue days of one
 * hazard), then: HR starts the company's cycle of the current month from the "Start cycle" form →
 * the cycle page shows the progress reaching the review → HR follows the review task from the
 * inbox to the cycle page and publishes there → the department ranking; a recompute reproduces
 * the hash. The equipment head opens "My score": total, the four dimensions, the hazard_overdue
 * penalty line and its evidence (the three fact ids). A second test edits the ruleset: an invalid
 * weight shows its path, a draft with a doubled overdue penalty is saved, the author cannot approve
 * it, the diff and the what-if over the cycle show the change, the manager approves it.
 * A third saves, resumes and deletes a monthly schedule of the plant on the schedules tab.
 * Screenshots: scoring-*.png (cycle page and my score also in Chinese).
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

/** The cycle scores in a few seconds; tasks and statuses show up on pages that poll every 2–10 s. */
const PROCESS_WAIT_MS = 60_000;
const COMPANY = 'Huaxin Auto Parts Co., Ltd.';

describe('web UI: scoring, assessment cycles and rulesets in Chromium', () => {
  const ui = browserSuite();
  const { pageErrors, signedIn } = ui;
  let cycleId: string;
  let qiangId: string;
  const overdueIds: string[] = [];
  const period = periodContaining('monthly', new Date()).label;

  beforeAll(async () => {
    const ds = ui.system.dataSource;
    const qiang = await ds.getRepository(Person).findOneByOrFail({ employeeNo: 'E1007' });
    qiangId = qiang.id;
    const equipment = (await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-EQUIPMENT' })).id;
    const fact = (kind: string, value: number, data: Record<string, unknown> = {}) =>
      directFact({
        id: `ui-test/${kind}/${randomUUID()}`,
        kind,
        personId: qiang.id,
        orgUnitId: equipment,
        departmentHeadPersonId: qiang.id,
        sourceWorkflowId: 'inspection-import',
        subjectId: `check-${randomUUID().slice(0, 8)}`,
        value,
        data: JSON.stringify(data),
      });
    const facts = [
      ...Array.from({ length: 5 }, () => fact('guard.check', 0)),
      ...Array.from({ length: 3 }, () => fact('training.attended', 0)),
      ...Array.from({ length: 3 }, () => fact('hazard.overdue_day', 1, { hazardId: 'h1' })),
    ];
    overdueIds.push(...facts.filter((f) => f.kind === 'hazard.overdue_day').map((f) => f.id));
    await ds.getRepository(Fact).insert(facts);
  }, 30_000);

  it('HR starts the month’s cycle → progress → review from the inbox → published → department ranking → recompute reproduces; the head sees his score and its evidence', async () => {
    const { appUrl } = ui;
    const started = Date.now();
    const hr = await signedIn('hr', '/tasks');
    const hp = hr.page;

    // --- 1. HR starts the company's cycle of this month from the menu -----------------------------
    await hp.getByTestId('nav-assessmentCycles').click();
    await hp.getByTestId('cycle-list').waitFor();
    await hp.getByTestId('cycle-start-button').click();
    const startForm = hp.getByRole('dialog');
    await startForm.getByTestId('cycle-start-form').waitFor();
    expect(await attr(startForm.getByTestId('cycle-start-period'), 'data-period')).toBe(period); // the current month by default
    await chooseUnit(hp, startForm.getByTestId('cycle-start-scope'), COMPANY);
    await shot(hp, 'scoring-start.png', false);
    const startedResponse = hp.waitForResponse((r) => r.url().endsWith('/api/assessment-cycles') && r.request().method() === 'POST');
    await hp.getByTestId('cycle-start-submit').click();
    const startResponse = await startedResponse;
    expect(startResponse.status()).toBe(201);
    const sent = JSON.parse(startResponse.request().postData() ?? '{}') as Record<string, unknown>;
    expect(sent).toEqual({ scopeOrgUnitId: expect.stringMatching(/^[0-9a-f-]{36}$/), period });
    ({ cycleId } = (await startResponse.json()) as { cycleId: string });
    expect(cycleId).toBe(`${sent.scopeOrgUnitId as string}:${period}`);
    await hp.waitForURL(`${appUrl}/assessment-cycles/${encodeURIComponent(cycleId)}`);
    await hp.getByTestId('cycle-detail').waitFor({ timeout: 20_000 });
    expect(await hp.getByTestId('cycle-title').textContent()).toBe(`${period} — ${COMPANY}`);

    // --- 2. The progress reaches the review (the page refreshes every 2 s while scoring) ----------
    await waitFor(async () => (await attr(hp.getByTestId('cycle-status'), 'data-status')) === 'review', 'status review');
    const progress = hp.getByTestId('cycle-progress');
    const total = Number(await attr(progress, 'data-total'));
    expect(total).toBeGreaterThan(10);
    expect(Number(await attr(progress, 'data-done'))).toBe(total);
    await hp.getByTestId('snapshot-row-1').waitFor();
    expect(await attr(hp.getByTestId('snapshot-row-1'), 'data-status')).toBe('draft');
    expect(await attr(hp.getByTestId('snapshot-row-1'), 'data-reason')).toBe('initial');
    await hp.getByTestId('cycle-snapshot-summary').waitFor();

    // --- 3. The review task is in HR's inbox and links to the cycle page -------------------------
    const reviewId = await waitForTaskRow(hp, appUrl, `Review the safety scores of ${period}`, { actionable: 'claimOrComplete', timeoutMs: PROCESS_WAIT_MS });
    expect(await hp.getByTestId(`task-link-${reviewId}`).getAttribute('href')).toBe(`/assessment-cycles/${encodeURIComponent(cycleId)}`);
    await hp.getByTestId(`task-link-${reviewId}`).click();
    await hp.waitForURL(`${appUrl}/assessment-cycles/${encodeURIComponent(cycleId)}`);
    await hp.getByTestId('cycle-detail').waitFor({ timeout: 15_000 });

    // --- 4. HR publishes right on the cycle page --------------------------------------------------
    const dialog = await openTaskForm(hp, hp.getByTestId('cycle-tasks').locator('[data-task-type="assessment.review"]'));
    expect(await hp.getByTestId('complete-submit').textContent()).toContain('Decide');
    await choose(hp, dialog.getByTestId('field-decision'), 'Publish the scores');
    await dialog.getByTestId('field-note').fill('Checked with the department heads');
    expect(await submitTaskForm(hp, dialog)).toEqual({ decision: 'publish', note: 'Checked with the department heads' });
    await waitFor(async () => (await attr(hp.getByTestId('cycle-status'), 'data-status')) === 'published', 'status published');
    await waitFor(async () => (await attr(hp.getByTestId('snapshot-row-1'), 'data-status')) === 'published', 'snapshot 1 published');

    // --- 5. The department ranking, best first ----------------------------------------------------
    await hp.getByTestId('ranking-tab-department').click();
    await hp.waitForURL(/ranking=department/);
    const deptRows = hp.getByTestId('ranking-table-department').locator('[data-testid^="ranking-row-"]');
    await waitFor(async () => (await deptRows.count()) > 3, 'the department ranking');
    const totals = (await hp.getByTestId('ranking-table-department').getByTestId('ranking-total').allTextContents()).map(Number);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(await hp.getByTestId('ranking-table-department').textContent()).toContain('Equipment Department');

    // --- 6. Recompute under the frozen version: the same hash ------------------------------------
    await hp.getByTestId('cycle-recompute').click();
    await hp.getByTestId('recompute-note').fill('audit check');
    const recomputed = hp.waitForResponse((r) => r.url().endsWith('/recompute') && r.request().method() === 'POST');
    await hp.getByTestId('recompute-submit').click();
    const recomputeBody = (await (await recomputed).json()) as { reproduced: boolean; inputHash: string };
    expect(recomputeBody.reproduced).toBe(true);
    expect(await attr(hp.getByTestId('recompute-result'), 'data-reproduced')).toBe('true');
    expect(await hp.getByTestId('recompute-result').textContent()).toContain(recomputeBody.inputHash.slice(0, 12));
    await shot(hp, 'scoring-cycle.png');
    await hp.getByTestId('lang-zh-CN').click();
    await hp.getByTestId('cycle-status').getByText('已发布').waitFor();
    await hp.getByTestId('cycle-ranking').getByText('排名').waitFor();
    await shot(hp, 'scoring-cycle.zh-CN.png');
    await hp.getByTestId('lang-en').click();
    await hp.getByTestId('cycle-status').getByText('Published').waitFor();

    // The person ranking links to the head's report (the same report component as "My score").
    await hp.getByTestId('ranking-tab-person').click();
    const headLink = hp.getByTestId(`ranking-link-${qiangId}`);
    await headLink.waitFor({ timeout: 15_000 });
    expect(await headLink.getAttribute('href')).toBe(`/scores/${encodeURIComponent(cycleId)}/person/${qiangId}`);
    await headLink.click();
    await hp.getByTestId('score-report').waitFor({ timeout: 15_000 });
    expect(await hp.getByTestId('report-name').textContent()).toBe('Equipment Head Qian');
    await hr.context.close();

    // --- 7. The equipment head opens "My score" ----------------------------------------------------
    const head = await signedIn('head.equipment', '/tasks');
    const ep = head.page;
    await ep.getByTestId('nav-myScore').click();
    await ep.getByTestId('score-report').waitFor({ timeout: 15_000 });
    const api = httpClient(appUrl);
    await api.login('head.equipment');
    const mine = (await api.call('GET', '/api/scores/me')).body.items as { cycleId: string; total: number; rating: string }[];
    expect(mine[0]).toMatchObject({ cycleId, rating: 'needs_improvement' });
    expect(Number(await attr(ep.getByTestId('report-total'), 'data-total'))).toBe(mine[0].total);
    expect(await attr(ep.getByTestId('report-rating'), 'data-rating')).toBe('needs_improvement');
    expect(await ep.getByTestId('report-period').textContent()).toContain(period);
    for (const d of ['compliance_execution', 'risk_control', 'emergency_response', 'collaboration']) await ep.getByTestId(`report-dimension-${d}`).waitFor();
    expect(await attr(ep.getByTestId('report-dimension-compliance_execution'), 'data-shortfall')).toBe('true'); // failed guard checks and trainings
    const penalty = ep.getByTestId('line-hazard_overdue');
    expect(await attr(penalty, 'data-kind')).toBe('penalty');
    expect(await attr(penalty, 'data-shortfall')).toBe('true');
    expect(await penalty.textContent()).toContain('Hazard overdue past its SLA');
    expect(await penalty.textContent()).toContain('−15');
    await ep.getByTestId('evidence-hazard_overdue').click();
    const evidence = ep.getByTestId('evidence-list-hazard_overdue');
    await evidence.waitFor({ timeout: 10_000 });
    expect(await attr(evidence, 'data-count')).toBe('3');
    expect((await evidence.getByTestId('evidence-fact').allTextContents()).sort()).toEqual([...overdueIds].sort());
    await shot(ep, 'scoring-my-score.png');
    await ep.getByTestId('lang-zh-CN').click();
    await ep.getByTestId('report-rating').getByText('待改进').waitFor();
    await ep.getByTestId('line-hazard_overdue').getByText('隐患超期未整改').waitFor();
    await shot(ep, 'scoring-my-score.zh-CN.png');
    await ep.getByTestId('lang-en').click();
    await head.context.close();

    expect(pageErrors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(150_000);
  }, 200_000);

  it('rulesets: an invalid weight names its path; a stricter draft is saved, not approvable by its author, diffed, tried on the cycle and approved by the group administrator (not by a plant manager)', async () => {
    const { appUrl } = ui;
    const hr = await signedIn('hr', '/rulesets');
    const hp = hr.page;
    await hp.getByTestId('ruleset-editor').waitFor({ timeout: 15_000 });
    expect(await attr(hp.getByTestId('ruleset-editor'), 'data-version')).toBe('1');
    expect(await attr(hp.getByTestId('ruleset-editor').getByTestId('ruleset-status'), 'data-status')).toBe('published');

    // Too little collaboration for departments: the form marks the field, Validate names the path.
    const collaboration = hp.getByTestId('rs-weights.bySubjectType.department.dimensions.collaboration');
    await collaboration.fill('0.05');
    await hp.getByTestId('ruleset-dirty').waitFor();
    await hp.getByTestId('ruleset-validate').click();
    await hp.getByTestId('ruleset-issues').waitFor();
    const paths = await hp.getByTestId('ruleset-issue').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    expect(paths).toContain('weights.bySubjectType.department.dimensions.collaboration');
    await hp.getByTestId('ruleset-reset').click();
    await hp.getByTestId('ruleset-dirty').waitFor({ state: 'detached' });

    // A stricter overdue penalty, saved as a new draft based on v1.
    await hp.getByTestId('rs-rules.hazard_overdue.points').fill('10');
    await hp.getByTestId('ruleset-validate').click();
    await hp.getByTestId('ruleset-valid').waitFor();
    await hp.getByTestId('ruleset-save-as').click();
    await hp.getByTestId('save-as-note').fill('stricter overdue penalty');
    const created = hp.waitForResponse((r) => r.url().endsWith('/api/rulesets') && r.request().method() === 'POST');
    await hp.getByTestId('save-as-submit').click();
    const createdResponse = await created;
    expect(createdResponse.status()).toBe(201);
    const draft = (await createdResponse.json()) as { version: number; basedOn: number };
    expect(draft.basedOn).toBe(1);
    await hp.waitForURL(new RegExp(`version=${draft.version}`));
    await waitFor(async () => (await attr(hp.getByTestId('ruleset-editor'), 'data-version')) === String(draft.version), 'the new draft opened');
    expect(await attr(hp.getByTestId('ruleset-editor').getByTestId('ruleset-status'), 'data-status')).toBe('draft');
    expect(await hp.getByTestId('ruleset-approve').isDisabled()).toBe(true); // HR wrote it

    // Diff with v1: exactly the changed points.
    await hp.getByTestId('ruleset-view-diff').click();
    await choose(hp, hp.getByTestId('ruleset-diff-with'), 'v1');
    const change = hp.getByTestId('ruleset-diff-table').getByTestId('ruleset-change');
    await waitFor(async () => (await change.count()) === 1, 'one change');
    expect(await attr(change, 'data-path')).toBe('rules.hazard_overdue.points');

    // What-if over this month's cycle: the equipment head loses points.
    await hp.getByTestId('ruleset-view-whatif').click();
    await choose(hp, hp.getByTestId('whatif-cycle'), period);
    const ran = hp.waitForResponse((r) => r.url().endsWith('/what-if') && r.request().method() === 'POST');
    await hp.getByTestId('whatif-run').click();
    expect((await ran).status()).toBe(200);
    const row = hp.getByTestId(`whatif-row-person-${qiangId}`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('whatif-delta').textContent()).toMatch(/^−\d/); // a larger penalty (the total may hit 0 first)
    await shot(hp, 'scoring-whatif.png');
    await hr.context.close();

    // A group-wide ruleset: the group's administrator approves it (a plant manager may not); it is the current version from now on.
    const manager = await signedIn('admin', `/rulesets?version=${draft.version}`);
    const mp = manager.page;
    await mp.getByTestId('ruleset-help').waitFor();
    await waitFor(async () => (await attr(mp.getByTestId('ruleset-editor'), 'data-version')) === String(draft.version), 'the draft opened');
    await mp.getByTestId('ruleset-approve').click();
    await mp.getByTestId('approve-note').fill('agreed');
    const approved = mp.waitForResponse((r) => r.url().endsWith('/approve') && r.request().method() === 'POST');
    await mp.getByTestId('approve-submit').click();
    expect((await approved).status()).toBe(200);
    await waitFor(async () => (await attr(mp.getByTestId('ruleset-editor').getByTestId('ruleset-status'), 'data-status')) === 'published', 'published');
    await shot(mp, 'scoring-rulesets.png');
    await manager.context.close();

    const api = httpClient(appUrl);
    await api.login('hr');
    expect((await api.call('GET', '/api/rulesets/current')).body).toMatchObject({ version: draft.version, status: 'published', approvedBy: 'admin' });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('schedules: HR saves a paused monthly schedule of the plant, resumes it and deletes it', async () => {
    const hr = await signedIn('hr', '/assessment-cycles?tab=schedules');
    const hp = hr.page;
    await hp.getByTestId('cycle-schedule-form').waitFor({ timeout: 15_000 });
    await chooseUnit(hp, hp.getByTestId('cycle-schedule-scope'), 'Suzhou Plant');
    await hp.getByTestId('cycle-schedule-time').fill('03:30');
    await hp.getByTestId('cycle-schedule-paused').click();
    const saved = hp.waitForResponse((r) => r.url().endsWith('/api/assessment-cycles/schedules') && r.request().method() === 'PUT');
    await hp.getByTestId('cycle-schedule-submit').click();
    const response = await saved;
    expect(response.status()).toBe(201);
    expect(JSON.parse(response.request().postData() ?? '{}')).toEqual({
      scopeOrgUnitId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      cadence: 'monthly',
      time: '03:30',
      timeZone: 'Asia/Shanghai',
      paused: true,
    });
    const state = hp.getByTestId('cycle-schedule-state');
    await state.waitFor();
    expect(await attr(state, 'data-paused')).toBe('true');
    expect(await hp.getByTestId('cycle-schedule-when-monthly').textContent()).toBe('Monthly on the 1st, 03:30 (Asia/Shanghai)');
    await hp.getByTestId('cycle-schedule-pause').click(); // resume
    await waitFor(async () => (await attr(state, 'data-paused')) === 'false', 'the schedule resumed');
    await shot(hp, 'scoring-schedules.png');
    const deleted = hp.waitForResponse((r) => r.url().includes('/api/assessment-cycles/schedules/') && r.request().method() === 'DELETE');
    await hp.getByTestId('cycle-schedule-delete').click();
    await hp.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Delete' }).click();
    expect((await deleted).status()).toBe(204);
    await state.waitFor({ state: 'detached' });
    await hr.context.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
