import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { seedDemoInspections } from '../../db/seed/demo-inspections';
import { choose, chooseUnit, openInboxView, tick, waitFor, waitForTaskRow } from '../support/browser-ui';
import { browserSuite, shot } from '../support/browser-suite';
import { httpClient } from '../support/env';

/**
 * Issue 20 item 1 in a real browser on a phone in 简体中文: the frontline employee loses the network, reports
 * three hazards with a photo each and completes a task; the work waits on the phone (IndexedDB).
 * A reload without a network opens the app from the service worker, still signed in, with the four
 * items "waiting to send". When the network returns the queue sends itself: each report and the
 * completion arrive exactly once (the API lists exactly those three hazards, each with its photo,
 * and the task completed by the employee), the queue empties and the per-item results are shown.
 * An emergency raised offline shows its unit's numbers at once and is raised once. An inspection is
 * recorded offline by a safety officer whose session never opened the inspection form online: the
 * templates and the org tree the form chooses from were kept on the device when the app started.
 *
 * Needs web/dist (`npx vite build --config web/vite.config.mts`) and Chromium (see inbox.test.ts).
 */

/** A valid w×1 PNG whose pixels differ per `seed`: three photos with three different evidence ids. */
function png(seed: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const width = 4;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.from([0, ...Array.from({ length: width * 3 }, (_, i) => (seed * 53 + i * 17) & 0xff)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(row)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Hazard {
  id: string;
  title: string;
  area: string;
}

/** The number the queue's page or the header badge shows, once shown. */
const countOf = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-count', { timeout: 30_000 }));

/** The keys of the copies of reference data the app keeps on the device (IndexedDB safeloop-offline, store `copies`: `<owner>/<name>`). */
const deviceCopies = (page: Page) =>
  page.evaluate(`new Promise((resolve) => {
    const open = indexedDB.open('safeloop-offline');
    open.onerror = () => resolve([]);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('copies')) return db.close(), resolve([]);
      const keys = db.transaction('copies').objectStore('copies').getAllKeys();
      keys.onsuccess = () => (db.close(), resolve(keys.result));
    };
  })`) as Promise<string[]>;

describe('web UI: offline on a phone — queued on the device, sent once when the network returns', () => {
  const ui = browserSuite({ tmp: 'offline' });

  beforeAll(async () => {
    await seedDemoInspections(ui.system.dataSource); // the checklist templates an inspection is recorded from
  }, 60_000);

  it('three hazards with photos and a task completion made offline survive a reload and each arrive exactly once', async () => {
    const { appUrl, pageErrors } = ui;
    const suffix = randomUUID().slice(0, 8);
    const area = `Offline line ${suffix}`;
    const titles = [1, 2, 3].map((n) => `Offline hazard ${n} ${suffix}`);
    const photos = [1, 2, 3].map((n) => {
      const file = path.join(ui.tmp, `offline-${n}.png`);
      fs.writeFileSync(file, png(n));
      return { file, evidenceId: createHash('sha256').update(png(n)).digest('hex') };
    });

    // --- A task for the employee: a notice to their unit, of which they are a named responder ---
    const employeeApi = httpClient(appUrl);
    const me = (await employeeApi.login('employee')).user as { orgUnitId: string; personId: string };
    const admin = httpClient(appUrl);
    await admin.login('admin');
    expect((await admin.call('PUT', `/api/org/units/${me.orgUnitId}/responders`, { personIds: [me.personId] })).status).toBe(200);
    const safety = httpClient(appUrl);
    await safety.login('safety');
    const noticeTitle = `Offline check ${suffix}: guards before the shift`;
    const notice = await safety.call('POST', '/api/notices', {
      title: noticeTitle,
      body: 'Check the light curtains before the shift.',
      orgUnitId: me.orgUnitId,
      severity: 'normal',
    });
    expect(notice.status).toBe(201);

    // --- Online: the employee signs in on a phone; the app installs its service worker ----------
    const { context, page } = await ui.signedIn('employee', '/tasks', { device: 'phone', locale: 'zh-CN' });
    const taskId = await waitForTaskRow(page, appUrl, noticeTitle, { views: ['mine', 'team'], actionable: 'claimOrComplete', timeoutMs: 60_000 });
    const claim = page.getByTestId(`claim-${taskId}`);
    if (await claim.isVisible()) {
      const claimed = page.waitForResponse((r) => r.url().endsWith('/claim') && r.request().method() === 'POST');
      await claim.click();
      expect((await claimed).status()).toBe(200);
    }
    await openInboxView(page, appUrl, 'mine');
    await page.getByTestId(`complete-${taskId}`).waitFor();
    // The app shell is on the device once the service worker is active (its install precached the build).
    expect(await page.evaluate('navigator.serviceWorker.ready.then((r) => !!r.active)')).toBe(true);
    await waitFor(async () => (await page.evaluate('!!navigator.serviceWorker.controller')) === true, 'the page controlled by the service worker', 30_000);

    // Every request that leaves the phone from here on.
    const sentRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/') && r.method() !== 'GET') sentRequests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });

    // --- Offline: complete the task ----------------------------------------------------------------
    await context.setOffline(true);
    await page.getByTestId(`complete-${taskId}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('complete-form').waitFor();
    await tick(dialog.getByRole('checkbox'));
    await dialog.getByRole('textbox').fill('Briefed the shift; guards checked (offline).');
    await page.getByTestId('complete-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(async () => (await countOf(page, 'outbox-badge')) === 1, 'the completion waiting on the phone');
    expect(await page.getByTestId('outbox-badge').getAttribute('data-online')).toBe('false');

    // --- Offline: three hazard reports, a photo each (the report page itself from the service worker) ---
    await page.goto(`${appUrl}/hazards/new`);
    for (const [i, title] of titles.entries()) {
      await page.getByTestId('hazard-report-form').waitFor();
      await page.getByTestId('evidence-camera-input').setInputFiles(photos[i].file);
      await page.locator('[data-testid="evidence-item"][data-status="offline"]').waitFor();
      await page.getByTestId('hazard-title').fill(title);
      await page.getByTestId('category-guarding').click();
      await page.getByTestId('hazard-area').fill(area);
      await page.getByTestId('hazard-description').fill(`Photo ${i + 1} taken without a network.`);
      if (i === 0) await shot(page, 'offline-report-form.png');
      await page.getByTestId('hazard-submit').click();
      await page.getByTestId('hazard-queued').waitFor();
      if (i < titles.length - 1) await page.getByTestId('report-another').click();
    }
    await waitFor(async () => (await countOf(page, 'outbox-badge')) === 4, 'four items waiting on the phone');

    // --- Still offline: a reload opens the app from the device, signed in, with the queue --------
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    // The app opens at once with the user as last read; the badge follows once the device's queue is read.
    await waitFor(async () => (await countOf(page, 'outbox-badge')) === 4, 'the header badge counting four items');
    await page.getByTestId('outbox-badge').click();
    await page.getByTestId('outbox-page').waitFor();
    await waitFor(async () => (await countOf(page, 'outbox-count')) === 4, 'the queue listing four items');
    const waiting = page.getByTestId('outbox-item');
    expect(await waiting.count()).toBe(4);
    expect(await page.locator('[data-testid="outbox-item"][data-state="waiting"]').count()).toBe(4);
    expect((await page.locator('[data-testid="outbox-item"][data-kind="hazard"]').allTextContents()).length).toBe(3);
    expect(await page.locator('[data-testid="outbox-item"][data-kind="task"]').count()).toBe(1);
    await page.getByTestId('outbox-offline').waitFor();
    await shot(page, 'offline-queue.png');
    expect(sentRequests).toEqual([]); // nothing was even tried without a network

    // --- Back online: the queue sends itself, once -------------------------------------------------
    await context.setOffline(false);
    await waitFor(async () => (await countOf(page, 'outbox-count')) === 0, 'the queue emptied', 60_000);
    await page.getByTestId('outbox-empty').waitFor();
    const results = page.getByTestId('outbox-sent-item');
    await waitFor(async () => (await results.count()) === 4, 'four per-item results');
    expect(await page.locator('[data-testid="outbox-sent-item"][data-kind="hazard"][data-result="created"]').count()).toBe(3);
    expect(await page.locator('[data-testid="outbox-sent-item"][data-kind="task"][data-result="done"]').count()).toBe(1);
    await shot(page, 'offline-sent.png');
    // Three photos, one batch of reports, one completion: nothing sent twice.
    expect(sentRequests.filter((r) => r === 'POST /api/evidence')).toHaveLength(3);
    expect(sentRequests.filter((r) => r === 'POST /api/hazards/sync')).toHaveLength(1);
    expect(sentRequests.filter((r) => r.endsWith('/complete'))).toEqual([`POST /api/tasks/${encodeURIComponent(taskId)}/complete`]);
    expect(pageErrors).toEqual([]);
    await context.close();

    // --- The API agrees: exactly those three hazards, each with its photo; the task completed once ---
    let listed: Hazard[] = [];
    await waitFor(
      async () => {
        const r = await safety.call('GET', `/api/hazards?area=${encodeURIComponent(area)}&page=1&pageSize=50`);
        listed = (r.body?.items ?? []) as Hazard[];
        return listed.length >= 3;
      },
      'the three hazards listed',
      30_000,
    );
    expect(listed.map((h) => h.title).sort()).toEqual([...titles].sort());
    for (const [i, title] of titles.entries()) {
      const hazard = listed.find((h) => h.title === title)!;
      const detail = await safety.call('GET', `/api/hazards/${hazard.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.hazard).toMatchObject({ title, area, evidenceIds: [photos[i].evidenceId], reporter: 'Operator Liu' });
    }
    const task = await employeeApi.call('GET', `/api/tasks/${encodeURIComponent(taskId)}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ status: 'completed', completedBy: 'employee' });
  }, 300_000);

  it('an emergency raised offline shows the numbers of the unit at once and is raised exactly once when the network returns', async () => {
    const { appUrl, pageErrors } = ui;
    const location = `Stamping line 2, press ${randomUUID().slice(0, 6)}`;
    const { context, page } = await ui.signedIn('employee', '/tasks', { device: 'phone', locale: 'zh-CN' });
    expect(await page.evaluate('navigator.serviceWorker.ready.then((r) => !!r.active)')).toBe(true);
    await waitFor(async () => (await page.evaluate('!!navigator.serviceWorker.controller')) === true, 'the page controlled by the service worker', 30_000);
    const raised: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/emergencies') raised.push(r.postData() ?? '');
    });

    await context.setOffline(true);
    await page.goto(`${appUrl}/emergencies/new`);
    // Without a network the numbers to call are on top, before anything is filled in: they came with the session.
    await page.getByTestId('emergency-offline').waitFor();
    const phones = page.getByTestId('emergency-phones').first().getByTestId('emergency-phone');
    expect(await phones.count()).toBe(7);
    expect(await phones.first().getAttribute('href')).toBe('tel:13915082231');
    expect(await phones.first().textContent()).toContain('冲压车间值班长');
    expect(await phones.nth(1).textContent()).toContain('安全环保部 24h 值班');
    // What and where are all it takes.
    await page.getByTestId('emergency-type-fire').click();
    await page.getByTestId('emergency-location').fill(location);
    await page.getByTestId('emergency-submit').click();
    await page.getByTestId('emergency-queued').waitFor();
    expect(await page.getByTestId('emergency-queued').getByTestId('emergency-phone').count()).toBe(7);
    await shot(page, 'offline-emergency.png');
    expect(raised).toEqual([]);
    await waitFor(async () => (await countOf(page, 'outbox-badge')) === 1, 'the alarm waiting on the phone');

    await context.setOffline(false);
    await page.getByTestId('show-queue').click();
    await waitFor(async () => (await countOf(page, 'outbox-count')) === 0, 'the alarm sent', 60_000);
    const result = page.locator('[data-testid="outbox-sent-item"][data-kind="emergency"]');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('created');
    expect(raised).toHaveLength(1);
    const alarm = JSON.parse(raised[0]) as { emergencyId: string };
    expect(alarm).toMatchObject({ type: 'fire', location, drill: false });
    expect(pageErrors).toEqual([]);
    await context.close();

    // The API has it once, under the phone's id.
    const safety = httpClient(appUrl);
    await safety.login('safety');
    const list = await safety.call('GET', '/api/emergencies?page=1&pageSize=100');
    expect((list.body.items as { id: string; location: string }[]).filter((e) => e.location === location).map((e) => e.id)).toEqual([alarm.emergencyId]);
  }, 180_000);
  it('an inspection recorded offline, its form never opened online, survives a reload and is recorded exactly once', async () => {
    const { appUrl, pageErrors } = ui;
    const remarks = `Offline walk ${randomUUID().slice(0, 8)}`;
    // The safety officer signs in online on a phone and stays on the inbox: the inspections page and its form are not opened.
    const { context, page } = await ui.signedIn('safety', '/tasks', { device: 'phone', locale: 'zh-CN' });
    expect(await page.evaluate('navigator.serviceWorker.ready.then((r) => !!r.active)')).toBe(true);
    await waitFor(async () => (await page.evaluate('!!navigator.serviceWorker.controller')) === true, 'the page controlled by the service worker', 30_000);
    // After the online start the app keeps what the record form chooses from on the device.
    await waitFor(
      async () => {
        const keys = await deviceCopies(page);
        return keys.some((k) => k.endsWith('/inspection-templates')) && keys.some((k) => k.endsWith('/org-tree'));
      },
      'the templates and the org tree kept on the device',
      30_000,
    );
    const recorded: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/inspections') recorded.push(r.postData() ?? '');
    });

    // --- Offline: open the inspections page and record a walk -------------------------------------
    await context.setOffline(true);
    await page.goto(`${appUrl}/inspections`);
    await page.getByTestId('inspection-record').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('inspection-form').waitFor();
    await choose(page, dialog.getByTestId('inspection-template'), 'DEMO-WALK');
    await chooseUnit(page, dialog.getByTestId('inspection-unit'), '冲压车间');
    const item = (code: string) => dialog.getByTestId(`inspection-item-${code}`);
    for (const [code, score] of [
      ['guards', 8],
      ['housekeeping', 9],
      ['ppe', 10],
      ['exits', 5],
    ] as const)
      await item(code).locator('input.ant-input-number-input').fill(String(score));
    await tick(item('loto').locator('input[type="checkbox"]'));
    await dialog.getByTestId('inspection-remarks').fill(remarks);
    await shot(page, 'offline-inspection-form.png', false);
    await page.getByTestId('inspection-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(async () => (await countOf(page, 'outbox-badge')) === 1, 'the inspection waiting on the phone');
    expect(recorded).toEqual([]);

    // --- Still offline: a reload keeps it ----------------------------------------------------------
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    await waitFor(async () => (await countOf(page, 'outbox-badge')) === 1, 'the header badge counting the inspection');
    await page.getByTestId('outbox-badge').click();
    await page.getByTestId('outbox-page').waitFor();
    expect(await page.locator('[data-testid="outbox-item"][data-kind="inspection"][data-state="waiting"]').count()).toBe(1);

    // --- Back online: sent once --------------------------------------------------------------------
    await context.setOffline(false);
    await waitFor(async () => (await countOf(page, 'outbox-count')) === 0, 'the queue emptied', 60_000);
    const result = page.locator('[data-testid="outbox-sent-item"][data-kind="inspection"]');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('created');
    expect(recorded).toHaveLength(1);
    const sent = JSON.parse(recorded[0]) as {
      inspectionId: string;
      templateId: string;
      items: { code: string; score: number | null; remark: string | null }[];
    };
    expect(sent.items).toEqual([
      { code: 'guards', score: 8, remark: null },
      { code: 'housekeeping', score: 9, remark: null },
      { code: 'ppe', score: 10, remark: null },
      { code: 'exits', score: 5, remark: null },
      { code: 'loto', score: null, remark: null },
    ]);
    expect(pageErrors).toEqual([]);
    await context.close();

    // The API has it once, under the phone's id.
    const safety = httpClient(appUrl);
    await safety.login('safety');
    const list = await safety.call('GET', `/api/inspections?templateId=${sent.templateId}&page=1&pageSize=100`);
    expect(list.status).toBe(200);
    expect((list.body.items as { id: string; remarks: string | null }[]).filter((i) => i.remarks === remarks).map((i) => i.id)).toEqual([sent.inspectionId]);
  }, 180_000);
});
