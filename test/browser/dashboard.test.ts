import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { Task } from '../../db/entities';
import { reportHazard } from '../support/api';
import { loggedInClients } from '../support/as-user';
import { attr, waitFor } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { dashboardRows, type HazardRow } from '../support/dashboard-data';
import { eventually } from '../support/wait';

/**
 * The dashboard's drill-down through the web UI in Chromium, on a small data set with known
 * answers (inserted through the repositories, March 2025 against February) and one hazard reported
 * for real through the API (this month):
 *  1. the safety officer opens the dashboard (first in the menu), picks a custom range in March
 *     2025: the hazard closure card says 50% — 2 closed / 4 reported, ▼ against February's 100%
 *     in red; mean rectification time 36 h (median 36 h); SLA breach rate 2 / 3;
 *  2. clicking the closure card lists exactly the 4 hazards reported (the 2 closed marked), its
 *     count checked against the card's denominator; the numerator lists the 2 closed; a hazard's
 *     link opens its page;
 *  3. clicking the Production Department bar of the ranking (at the bar's position on the canvas)
 *     lists that department's 2 hazards; by person, Operator Liu's bar his one hazard; a point of
 *     the weekly trend the hazards of that week; a heat-map cell (Suzhou Plant × Fire) its hazard;
 *  4. in Chinese for a screenshot; then "This month": the real hazard counts, and the handoff
 *     matrix cell Production → Safety opens its grading task, whose link is the process's audit
 *     history (running).
 * Screenshots: dashboard*.png (one in Chinese).
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

async function insertDataset(ds: DataSource) {
  const { unit, user, hazard: insertHazard, marchSlaTasks, gradedAndAcknowledged } = dashboardRows(ds, { taskTitle: (id) => `Step ${id.slice(-8)}` });
  const [plant, safety, prod, stamping, equip, maint] = await Promise.all(
    ['DEMO-PLANT', 'DEMO-SAFETY', 'DEMO-PRODUCTION', 'DEMO-WS-STAMPING', 'DEMO-EQUIPMENT', 'DEMO-WS-MAINT'].map(unit),
  );
  const [employee, headProd, headEquip] = await Promise.all(['employee', 'head.production', 'head.equipment'].map(user));

  /** Graded when reported, when it has a level. */
  const hazard = (title: string, h: Omit<HazardRow, 'title' | 'description' | 'graded'>) =>
    insertHazard({ title, description: 'Found on the round', graded: h.level ? h.reported : undefined, ...h });
  // March 2025: 4 hazards reported (2 closed), one cancelled (not counted); February: 1, closed.
  const H1 = await hazard('Missing guard on press 4', {
    found: stamping,
    responsible: prod,
    person: employee.personId,
    status: 'closed',
    reported: '2025-03-03 10:00',
    acknowledged: '2025-03-03 12:00',
    closed: '2025-03-05 12:00',
    category: 'guarding',
    area: 'Press line 1',
    level: 'medium',
  });
  const H2 = await hazard('Frayed cable at the press feeder', {
    found: stamping,
    responsible: prod,
    person: headProd.personId,
    status: 'rectifying',
    reported: '2025-03-10 09:00',
    acknowledged: '2025-03-10 14:00',
    category: 'electrical',
    area: 'Press line 1',
    level: 'high',
    overdue: true,
  });
  const H3 = await hazard('Open gearbox cover', {
    found: maint,
    responsible: equip,
    person: headEquip.personId,
    status: 'closed',
    reported: '2025-03-12 09:00',
    closed: '2025-03-13 09:00',
    category: 'guarding',
    area: 'Maintenance bay',
    level: 'low',
  });
  const H4 = await hazard('Blocked fire exit at the gate', { found: plant, status: 'grading', reported: '2025-03-20 09:00', category: 'fire', area: 'Gate' });
  const H5 = await hazard('Duplicate report', { found: stamping, status: 'cancelled', reported: '2025-03-21 09:00', category: 'fire', area: 'Press line 1' });
  const H6 = await hazard('Oil on the floor', {
    found: stamping,
    responsible: prod,
    status: 'closed',
    reported: '2025-02-10 09:00',
    acknowledged: '2025-02-10 10:00',
    closed: '2025-02-11 10:00',
    category: 'housekeeping',
    area: 'Press line 2',
    level: 'low',
  });

  // SLA: 3 tasks due in March: one on time, one late, one still open past its due time.
  const tasks = await marchSlaTasks({ prod, stamping, equip }, { headProd, employee, headEquip });
  // H1's steps: safety graded it, production acknowledged it (two handoffs).
  await gradedAndAcknowledged(H1, safety, prod);
  return { units: { plant, safety, prod, equip }, hazards: { H1, H2, H3, H4, H5, H6 }, tasks };
}

describe('web UI: the dashboard and its drill-down in Chromium', () => {
  const ui = browserSuite({ timeoutMs: 120_000 });

  it('KPI cards, ranking bars, heat-map and handoff cells drill down to exactly the records behind them', async () => {
    const started = Date.now();
    const { appUrl, pageErrors } = ui;
    const ds = ui.system.dataSource;
    const { units, hazards: h } = await insertDataset(ds);

    // A hazard reported for real this month: its grading task is a handoff Production → Safety.
    const { id: reportId, workflowId } = await reportHazard(
      loggedInClients(() => appUrl),
      'employee',
      {
        title: 'Slippery stairs to the mezzanine',
        description: 'Oil on the steps',
        category: 'housekeeping',
        area: 'Mezzanine',
        suspectedSeverity: 'medium',
      },
    );
    const grade = await eventually(
      () => ds.getRepository(Task).findOneBy({ workflowId, taskType: 'hazard.grade', status: 'open' }),
      'the grading task of the reported hazard',
      45_000,
    );

    // --- 1. The dashboard, first in the menu; a custom range: March 2025 ---------------------------
    const { context, page } = await ui.signedIn('safety', '/tasks');
    expect(await page.locator('[data-testid^="nav-"]').first().getAttribute('data-testid')).toBe('nav-dashboard');
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('period-custom').click();
    await page.getByTestId('dashboard-from').fill('2025-03-01');
    await page.getByTestId('dashboard-to').fill('2025-03-31');
    await waitFor(async () => urlParams(page) === 'period=custom&from=2025-03-01&to=2025-03-31', 'the period in the URL', 5_000);

    const closure = page.getByTestId('kpi-hazardClosureRate');
    await waitFor(
      async () => (await closure.getAttribute('data-denominator')) === '4' && (await attr(page.getByTestId('kpi-cards'), 'data-loading')) === 'false',
      'the March figures',
      15_000,
    );
    expect(await closure.getAttribute('data-numerator')).toBe('2');
    expect(await closure.getByTestId('kpi-value').textContent()).toBe('50%');
    expect(await closure.getByTestId('kpi-parts').textContent()).toBe('2 closed / 4 reported');
    expect(await closure.getAttribute('data-tone')).toBe('worse'); // February: 1 of 1 closed
    expect(await closure.getByTestId('kpi-change').textContent()).toBe('▼ −50 pp previous: 100%');
    expect(
      await closure
        .getByTestId('kpi-change')
        .locator('span')
        .first()
        .evaluate((e) => (e as unknown as { style: { color: string } }).style.color),
    ).toBe('rgb(207, 19, 34)'); // red: worse
    const rectification = page.getByTestId('kpi-meanRectificationHours');
    expect(await rectification.getByTestId('kpi-value').textContent()).toBe('36 h'); // (48 h + 24 h) / 2
    expect(await rectification.getByTestId('kpi-median').textContent()).toBe('median 36 h');
    expect(await rectification.getByTestId('kpi-parts').textContent()).toBe('72 h in all / 2 hazards closed');
    const sla = page.getByTestId('kpi-slaBreachRate');
    expect([await sla.getAttribute('data-numerator'), await sla.getAttribute('data-denominator'), await sla.getByTestId('kpi-value').textContent()]).toEqual([
      '2',
      '3',
      '66.7%',
    ]);
    expect(await page.getByTestId('dashboard-period-line').textContent()).toBe(
      'Figures for Huaxin Manufacturing Group · Mar 1, 2025 – Mar 31, 2025, compared with Jan 29, 2025 – Feb 28, 2025',
    );
    await chartReady(page, 'chart-ranking');
    await chartReady(page, 'chart-heatmap');
    await chartReady(page, 'chart-handoffs');
    await shot(page, 'dashboard.png');

    // --- 2. The closure card → exactly the 4 hazards reported, 2 of them counted as closed -------
    await closure.click();
    const drill = page.getByTestId('drill');
    await drill.waitFor();
    expect(await attr(drill, 'data-part')).toBe('denominator');
    const summary = page.getByTestId('drill-summary');
    await summary.waitFor();
    expect([await attr(summary, 'data-total'), await attr(summary, 'data-expected')]).toEqual(['4', '4']);
    expect(await summary.textContent()).toContain('4 records = the figure’s denominator (4)');
    expect(await drillRows(page)).toEqual(sorted(h.H1, h.H2, h.H3, h.H4));
    expect(
      await page
        .locator('[data-testid^="drill-row-"][data-in-numerator="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('drill-row-'.length)).sort()),
    ).toEqual(sorted(h.H1, h.H3));
    await shot(page, 'dashboard-drill.png', false);
    await page.getByTestId('drill-part-numerator').click();
    await waitFor(
      async () => (await attr(summary, 'data-total')) === '2' && (await drillRows(page)).join() === sorted(h.H1, h.H3).join(),
      'the numerator: the 2 closed hazards',
      10_000,
    );
    expect(await attr(summary, 'data-expected')).toBe('2');
    // A record's link opens its page.
    const link = page.getByTestId(`drill-row-${h.H1}`).getByTestId('drill-link');
    expect(await link.getAttribute('href')).toBe(`/hazards/${h.H1}`);
    await link.click();
    await page.getByText('Missing guard on press 4').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/hazards/${h.H1}`);
    await page.goBack();
    await closure.waitFor();

    // --- 3. A ranking bar (clicked where it is drawn) → that department's hazards -----------------
    await chartReady(page, 'chart-ranking');
    expect(await chartOption(page, 'chart-ranking', (o) => o.yAxis[0].data)).toEqual(['Equipment Department', 'Production Department', 'Suzhou Plant']);
    await clickChart(page, 'chart-ranking', [0.25, 1]); // Production: 1 of 2 closed, the bar up to 50%
    await drill.waitFor();
    expect(await page.getByTestId('drill-context').textContent()).toBe('Department: Production Department');
    await waitFor(async () => (await attr(summary, 'data-total')) === '2', 'the Production Department drill-down', 10_000);
    expect(await attr(summary, 'data-expected')).toBe('2'); // the bar's denominator
    expect(await drillRows(page)).toEqual(sorted(h.H1, h.H2));
    expect(await page.getByTestId(`drill-row-${h.H2}`).textContent()).toContain('Production Head Zhao');
    await shot(page, 'dashboard-ranking-drill.png', false);
    await closeDrill(page);

    // By person: a bar is a person's hazards (the responsible person).
    await page.getByTestId('rank-person').click();
    await waitFor(
      async () => (await chartOption(page, 'chart-ranking', (o) => o.yAxis[0].data)).join() === 'Equipment Head Qian,Operator Liu,Production Head Zhao',
      'the ranking by person',
      10_000,
    );
    expect(urlParams(page)).toBe('period=custom&from=2025-03-01&to=2025-03-31&rankBy=person');
    await clickChart(page, 'chart-ranking', [0.5, 1]); // Operator Liu: 1 of 1 closed
    await drill.waitFor();
    expect(await page.getByTestId('drill-context').textContent()).toBe('Person: Operator Liu');
    await waitFor(async () => (await attr(summary, 'data-total')) === '1', 'the Operator Liu drill-down', 10_000);
    expect(await drillRows(page)).toEqual([h.H1]);
    await closeDrill(page);
    await page.getByTestId('rank-department').click();

    // A point of the trend: the hazards reported in ISO week 11 (10–16 March), one of two closed.
    expect(await chartOption(page, 'chart-trend', (o) => o.xAxis[0].data)).toEqual(['2025-W09', '2025-W10', '2025-W11', '2025-W12', '2025-W13', '2025-W14']);
    await clickChart(page, 'chart-trend', [2, 0.5]);
    await drill.waitFor();
    expect(await page.getByTestId('drill-context').textContent()).toBe('Period: 2025-W11');
    await waitFor(async () => (await attr(summary, 'data-total')) === '2', 'the week-11 drill-down', 10_000);
    expect(await drillRows(page)).toEqual(sorted(h.H2, h.H3));
    await closeDrill(page);

    // A heat-map cell: hazards found at the plant's gate, category fire (the cancelled one left out).
    const columns: string[] = await chartOption(page, 'chart-heatmap', (o) => o.xAxis[0].data);
    const rows: string[] = await chartOption(page, 'chart-heatmap', (o) => o.yAxis[0].data);
    expect(rows).toEqual(['Production Department', 'Equipment Department', 'Suzhou Plant']);
    await clickChart(page, 'chart-heatmap', [columns.indexOf('Fire'), rows.indexOf('Suzhou Plant')]);
    await drill.waitFor();
    expect(await page.getByTestId('drill-context').textContent()).toBe('Suzhou Plant × Fire');
    await waitFor(async () => (await attr(summary, 'data-total')) === '1', 'the heat-map cell drill-down', 10_000);
    expect(await drillRows(page)).toEqual([h.H4]);
    await closeDrill(page);

    // --- 4. In Chinese; then this month: the reported hazard and its handoff ---------------------
    await page.getByTestId('lang-zh-CN').click();
    await closure.getByText('隐患闭环率').waitFor();
    expect(await closure.getByTestId('kpi-parts').textContent()).toBe('2 已闭环 / 4 上报');
    await waitFor(async () => (await chartOption(page, 'chart-heatmap', (o) => o.xAxis[0].data)).includes('消防'), 'the heat map in Chinese', 5_000);
    await chartReady(page, 'chart-heatmap');
    await shot(page, 'dashboard.zh-CN.png');
    await page.getByTestId('lang-en').click();
    await closure.getByText('Hazard closure rate').waitFor();

    await page.getByTestId('period-thisMonth').click();
    await waitFor(async () => urlParams(page) === 'period=thisMonth', 'this month in the URL', 5_000);
    await waitFor(
      async () => (await closure.getAttribute('data-denominator')) === '1' && (await attr(page.getByTestId('kpi-cards'), 'data-loading')) === 'false',
      'this month’s figures',
      15_000,
    );
    await waitFor(async () => (await attr(page.getByTestId('dashboard-handoffs'), 'data-loading')) === 'false', 'this month’s handoffs', 15_000);
    const departments: string[] = await chartOption(page, 'chart-handoffs', (o) => o.yAxis[0].data);
    expect(departments).toEqual(['Production Department', 'Safety Department']);
    await chartReady(page, 'chart-handoffs');
    await clickChart(page, 'chart-handoffs', [departments.indexOf('Safety Department'), departments.indexOf('Production Department')]); // x: received by, y: handed over by
    await drill.waitFor();
    expect(await page.getByTestId('drill-context').textContent()).toBe('Production Department → Safety Department');
    await waitFor(async () => (await attr(summary, 'data-total')) === '1', 'the handoff cell drill-down', 10_000);
    expect(await drillRows(page)).toEqual([grade.id]);
    const row = page.getByTestId(`drill-row-${grade.id}`);
    expect(await row.textContent()).toContain('handed over by Production Department');
    expect(await row.getByTestId('drill-process').getAttribute('href')).toBe(`/hazards/${reportId}`);
    await shot(page, 'dashboard-handoff-drill.png', false);
    await row.getByTestId('drill-link').click();
    const history = page.getByTestId('process-history');
    await history.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/processes/${encodeURIComponent(workflowId)}/history`);
    expect(await attr(history, 'data-status')).toBe('RUNNING');
    await context.close();

    expect(units.prod.name).toBe('Production Department');
    expect(pageErrors).toEqual([]);
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 150_000);
});

const sorted = (...xs: string[]) => [...xs].sort();
const urlParams = (page: Page) => new URL(page.url()).searchParams.toString();

/** The ids of the drill-down's rows, sorted. */
const drillRows = (page: Page) =>
  page.locator('[data-testid^="drill-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('drill-row-'.length)).sort());

async function closeDrill(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByTestId('drill').waitFor({ state: 'detached', timeout: 5_000 });
}

/** The chart's container, which carries its ECharts instance (web/src/shared/components/EChart.tsx). */
type ChartHost = { echarts?: { getOption(): any; convertToPixel(finder: { seriesIndex: number }, value: number[]): number[] } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Waits until the chart has drawn its current option (ECharts reports `finished`). */
async function chartReady(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).waitFor();
  await waitFor(async () => !!(await page.getByTestId(testId).getAttribute('data-rendered')), `${testId} drawn`, 10_000);
}

/** Reads the chart's current option (what it draws) through its ECharts instance. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function chartOption<T>(page: Page, testId: string, pick: (o: any) => T): Promise<T> {
  await chartReady(page, testId);
  const option = await page.getByTestId(testId).evaluate((el) => JSON.parse(JSON.stringify((el as unknown as ChartHost).echarts!.getOption())));
  return pick(option);
}

/** Clicks the canvas where the chart draws `value` (a bar's point, a cell's centre): the click a user makes. */
async function clickChart(page: Page, testId: string, value: number[]): Promise<void> {
  const el = page.getByTestId(testId);
  await chartReady(page, testId);
  const [x, y] = await el.evaluate((e, v) => (e as unknown as ChartHost).echarts!.convertToPixel({ seriesIndex: 0 }, v), value);
  await el.click({ position: { x, y } });
}
