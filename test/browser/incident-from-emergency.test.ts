import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers } from '../support/api';
import { openTaskForm, submitTaskForm, taskRowIn, waitFor } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';

/**
 * What follows an emergency, on its page, on a phone (390 × 844) in Chinese:
 *  1. the safety officer reports the emergency as an incident: "上报为事故" opens the incident
 *     report filled in from the emergency (title, place); sent, the emergency lists the incident;
 *  2. the emergency runs to its end through the API with one improvement action; once done, the
 *     action is watched by its effectiveness re-checks (2 s later by policy): the page shows it
 *     with its next re-check, then the re-check task, which the safety officer completes there.
 * Screenshots: incident-from-emergency.zh-CN.png, emergency-rechecks.zh-CN.png.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

const fast: Policy = {
  ...DEFAULT_POLICY,
  quietHours: { default: null },
  reminders: { beforeDeadline: [] },
  actions: { verify: 600, recheckAfter: [2], recheck: 600 },
};

describe('web UI: an emergency’s incident report and watched actions', () => {
  const ui = browserSuite();
  const { call, unit, usePolicy, openTask, complete } = apiHelpers(() => ui.system, { openTaskTimeoutMs: 30_000 });

  beforeAll(async () => {
    await usePolicy(fast, 'browser test: re-checks after 2 s');
  });

  it('reports the emergency as an incident filled in from it; shows its improvement action under re-checks and completes the re-check', async () => {
    const { appUrl, pageErrors } = ui;
    const emergencyId = randomUUID();
    const raised = await call('employee', 'POST', '/api/emergencies', {
      emergencyId,
      type: 'chemical_spill',
      location: '酸洗间 2号槽',
      injuries: false,
      description: '酸液槽泄漏，地面有积液。',
    });
    expect(raised.status).toBe(201);
    const { workflowId } = raised.body as { workflowId: string };

    // --- 1. Report as incident, filled in from the emergency --------------------------------------
    const { page, context } = await ui.signedIn('safety', `/emergencies/${emergencyId}`, { device: 'phone', locale: 'zh-CN' });
    const incidents = page.getByTestId('emergency-incidents');
    await incidents.waitFor({ timeout: 20_000 });
    expect(await incidents.textContent()).toContain('尚未由此应急事件上报事故');
    await page.getByTestId('emergency-report-incident').click();
    await page.waitForURL(`${appUrl}/incidents/new?emergencyId=${emergencyId}`);
    await page.getByTestId('incident-from-emergency').waitFor();
    await waitFor(async () => (await page.getByTestId('incident-location').inputValue()) === '酸洗间 2号槽', 'the place filled in');
    expect(await page.getByTestId('incident-title').inputValue()).toBe('化学品泄漏 · 酸洗间 2号槽');
    expect(await page.getByTestId('incident-description').inputValue()).toBe('酸液槽泄漏，地面有积液。');
    expect(await page.getByTestId('incident-from-emergency').textContent()).toContain('化学品泄漏');
    await page.getByTestId('incident-immediate-actions').fill('已隔离酸洗间，已中和积液。');
    await shot(page, 'incident-from-emergency.zh-CN.png');
    const reported = page.waitForResponse((r) => r.url().endsWith('/api/incidents') && r.request().method() === 'POST');
    await page.getByTestId('incident-submit').click();
    const response = await reported;
    expect(response.status()).toBe(201);
    expect(JSON.parse(response.request().postData() ?? '{}')).toMatchObject({ emergencyId, location: '酸洗间 2号槽', kind: 'incident' });
    const { incidentId } = (await response.json()) as { incidentId: string };
    await page.getByTestId('incident-link').click();
    await page.waitForURL(`${appUrl}/incidents/${incidentId}`);
    await page.goto(`${appUrl}/emergencies/${emergencyId}`);
    await page.getByTestId(`emergency-incident-link-${incidentId}`).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('emergency-report-incident').textContent()).toBe('再上报一起事故');

    // --- 2. The emergency ends with one improvement action, watched by its re-checks -------------------
    await complete('safety', await openTask(workflowId, 'emergency.on_site'), { onSite: true });
    await complete('head.production', await openTask(workflowId, 'emergency.response', 'response-evacuation'), { summary: '已疏散', done: true });
    await complete('head.equipment', await openTask(workflowId, 'emergency.response', 'response-cutOff'), { summary: '已关阀', done: true });
    await complete('safety', await openTask(workflowId, 'emergency.under_control'), { summary: '已控制' });
    await complete('safety', await openTask(workflowId, 'emergency.review'), {
      findings: '槽体焊缝老化',
      actions: [{ orgUnitId: await unit('DEMO-EQUIPMENT'), description: '更换2号酸洗槽' }],
    });
    await complete('head.equipment', await openTask(workflowId, 'emergency.improvement'), { summary: '已更换' });

    const watched = page.getByTestId('emergency-watched-action-1');
    await watched.waitFor({ timeout: 30_000 });
    expect(await watched.textContent()).toContain('更换2号酸洗槽');
    await watched.getByTestId('action-next-recheck').waitFor({ timeout: 20_000 });
    const rechecks = page.getByTestId('emergency-recheck-tasks');
    const dialog = await openTaskForm(page, taskRowIn(rechecks, 'action.recheck', '更换2号酸洗槽'));
    await shot(page, 'emergency-rechecks.zh-CN.png');
    await dialog.getByTestId('field-effective-yes').click();
    await submitTaskForm(page, dialog);
    await waitFor(async () => (await watched.getAttribute('data-status')) === 'closed', 'the watched action closed after its re-check', 30_000);
    expect(await watched.textContent()).toContain('复查通过 1 · 不通过 0');
    await context.close();

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
