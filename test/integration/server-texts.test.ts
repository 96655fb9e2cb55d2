import { randomUUID } from 'node:crypto';
import { OrgUnit, SinkMail, User, WorkArea } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { formatTime } from '../../domain/texts/render';
import { apiHelpers, reportHazard } from '../support/api';
import { httpClient, startTestSystem } from '../support/env';
import { eventually } from '../support/wait';

/**
 * Issue 20, "Chinese from end to end": what a process writes for people is stored as message keys
 * with parameters and read in the reader's language — a task's title and description through the
 * API by Accept-Language, the in-app notifications too, and a mail in its recipient's language
 * (their profile's), times on the organisation's clock (Asia/Shanghai), not ISO UTC.
 */
/** Latin-script words in `text` (codes such as a permit's number left out): what a Chinese reader should not see. */
const englishWords = (text: string, codes: string[] = []) => codes.reduce((t, c) => t.split(c).join(' '), text).match(/[A-Za-z]{2,}/g) ?? [];

const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

describe('server texts in the reader’s language', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, ds, unit, usePolicy, openTask, complete } = apiHelpers(() => system);
  /** The task as `username` reads it in `language`. */
  const readTask = async (username: string, id: string, language: string) => {
    const token = (await (await as(username)).login(username)).token;
    const r = await httpClient(system.appUrl!).call('GET', `/api/tasks/${encodeURIComponent(id)}`, undefined, {
      authorization: `Bearer ${token}`,
      'accept-language': language,
    });
    expect(r.status).toBe(200);
    return r.body as { title: string; description: string };
  };
  /** The organisation's unit names: data, bilingual through helper "names", not this test's concern. */
  const unitNames = async () => (await ds().getRepository(OrgUnit).find()).map((u) => u.name).sort((a, b) => b.length - a.length);
  /** People's display names: data too. */
  const peopleNames = async () => (await ds().getRepository(User).find()).map((u) => u.displayName).sort((a, b) => b.length - a.length);
  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy(policy, 'server texts test');
  });
  afterAll(() => system?.stop());

  it('a hazard’s grading task and its notice: Chinese for a Chinese reader, English for an English one; the mail in the recipient’s language', async () => {
    // The safety officer reads Chinese: their profile says so, and mails follow it.
    const safety = await as('safety');
    expect((await safety.call('PATCH', '/api/users/me', { locale: 'zh-CN' })).status).toBe(200);
    try {
      const title = `3号冲压线护栏缺失 ${Date.now()}`;
      const h = await reportHazard(as, 'employee', { title, description: '护栏螺栓松脱', area: '冲压车间', suspectedSeverity: 'high' });
      const task = await openTask(h.workflowId, 'hazard.grade');
      const path = `/api/tasks/${encodeURIComponent(task.id)}`;

      const token = (await safety.login('safety')).token;
      const read = async (language: string) => {
        const r = await httpClient(system.appUrl!).call('GET', path, undefined, { authorization: `Bearer ${token}`, 'accept-language': language });
        expect(r.status).toBe(200);
        return r.body as { title: string; description: string };
      };
      expect(await read('zh-CN,zh;q=0.9')).toMatchObject({ title: `隐患评级：${title}`, description: '护栏螺栓松脱\n区域：冲压车间' });
      expect(await read('en-US')).toMatchObject({ title: `Grade hazard: ${title}`, description: '护栏螺栓松脱\nArea: 冲压车间' });

      // The in-app notice of the new task, both ways; its due time on Shanghai's clock.
      const notices = async (language: string) =>
        eventually(async () => {
          const r = await httpClient(system.appUrl!).call('GET', '/api/notifications', undefined, {
            authorization: `Bearer ${token}`,
            'accept-language': language,
          });
          return (r.body.items as { subject: string; body: string }[]).find((n) => n.subject.includes(title));
        }, `the new-task notice (${language})`);
      const zh = await notices('zh-CN');
      expect(zh.subject).toBe(`新任务：隐患评级：${title}`);
      const due = new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(task.dueAt!);
      expect(zh.body).toBe(`隐患评级：${title}\n截止：${due}`);
      expect((await notices('en')).subject).toBe(`New task: Grade hazard: ${title}`);

      // The mail went to the safety officer in Chinese (their profile), with no ISO timestamp in it.
      const mail = await eventually(
        async () => (await system.dataSource.getRepository(SinkMail).find()).find((m) => m.subject.includes(title) && m.subject.startsWith('新任务')),
        'the Chinese mail',
      );
      expect(mail.subject).toBe(`新任务：隐患评级：${title}`);
      expect(mail.text).toContain(`截止：${due}`);
      expect(mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      // The monitor's step and the auditor's history read the same way.
      const auth = { authorization: `Bearer ${token}` };
      const monitor = await httpClient(system.appUrl!).call('GET', `/api/processes?q=${encodeURIComponent(title)}`, undefined, {
        ...auth,
        'accept-language': 'zh-CN',
      });
      expect(monitor.body.items[0].steps[0].title).toBe(`隐患评级：${title}`);
      const history = await httpClient(system.appUrl!).call('GET', `/api/processes/${encodeURIComponent(h.workflowId)}/history`, undefined, {
        ...auth,
        'accept-language': 'zh-CN',
      });
      const texts = (history.body.entries as { text: string }[]).map((e) => e.text);
      expect(texts).toContainEqual(expect.stringMatching(new RegExp(`^任务“隐患评级：${title}”已下达给.+，截止 \\d{4}/\\d{1,2}/\\d{1,2} \\d{2}:\\d{2}$`)));
      expect(texts).toContainEqual(expect.stringContaining(`新任务：隐患评级：${title}`));
      expect(texts.join('\n')).not.toContain('[object Object]');
      // The whole timeline in Chinese: no English word but the units' names (data) and the codes it cites.
      expect(englishWords(texts.join('\n'), [...(await unitNames()), ...(await peopleNames()), h.workflowId])).toEqual([]);
      expect(texts.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      // The row keeps the English words for search and older readers.
      expect(task.title).toBe(`Grade hazard: ${title}`);
    } finally {
      await system.dataSource.getRepository(User).update({ username: 'safety' }, { locale: 'en' });
    }
  });

  it('an emergency’s tasks: the headline, its type, the target in words and the due time on Shanghai’s clock', async () => {
    const emergencyId = randomUUID();
    const location = `喷漆车间2号工位 ${Date.now()}`;
    const r = await (
      await as('employee')
    ).call('POST', '/api/emergencies', { emergencyId, type: 'gas_leak', location, injuries: false, description: '工位附近有强烈燃气味' });
    expect(r.status).toBe(201);
    const workflowId = r.body.workflowId as string;
    const onSite = await openTask(workflowId, 'emergency.on_site');
    const evacuation = await openTask(workflowId, 'emergency.response', 'response-evacuation');
    const token = (await (await as('safety')).login('safety')).token;
    const read = async (id: string, language: string) =>
      (
        await httpClient(system.appUrl!).call('GET', `/api/tasks/${encodeURIComponent(id)}`, undefined, {
          authorization: `Bearer ${token}`,
          'accept-language': language,
        })
      ).body as { title: string; description: string };
    expect((await read(onSite.id, 'zh-CN')).title).toBe(`现场确认：${location}气体泄漏`);
    expect((await read(onSite.id, 'en')).title).toBe(`Confirm on site: Gas leak at ${location}`);
    const zh = await read(evacuation.id, 'zh-CN');
    expect(zh.title).toBe(`组织疏散：${location}气体泄漏`);
    expect(zh.description).toContain('有无人员受伤：无');
    expect(zh.description).toMatch(/目标：报警后 \d+(分钟|秒|小时)\S* 内完成（截至 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}）。$/);
    expect((await read(evacuation.id, 'en')).description).toMatch(
      /Target: done within \d+ (minutes?|seconds?|hours?).* of the alarm \(by \d{1,2} \w{3} \d{4}, \d{2}:\d{2}\)\.$/,
    );
  });
  it('a permit’s task: the type named in the reader’s language, the work window on Shanghai’s clock, no English words in Chinese', async () => {
    const areaId = randomUUID();
    await ds()
      .getRepository(WorkArea)
      .insert({
        id: areaId,
        code: `T-${areaId.slice(0, 6)}`,
        name: '罐区 T-101',
        kind: 'area',
        parentId: null,
        orgUnitId: await unit('DEMO-PRODUCTION'),
        active: true,
      });
    const operator = (await ds().getRepository(User).findOneByOrFail({ username: 'employee' })).personId!;
    const windowFrom = new Date(Date.now() - 60_000).toISOString();
    const r = await call('head.production', 'POST', '/api/permits', {
      permitId: randomUUID(),
      areaId,
      type: 'excavation',
      level: 'standard',
      workContent: '开挖管沟',
      windowFrom,
      windowTo: new Date(Date.now() + 4 * 3600_000).toISOString(),
      jsa: [{ step: '开挖', hazards: '塌方', controls: '放坡，设置围挡' }],
      measures: [{ kind: 'isolation', description: '关闭进料阀并上锁', lockNumber: 'L-0042' }],
      crew: [{ personId: operator, role: 'operator' }],
    });
    expect([r.status, r.status === 201 ? '' : r.text]).toEqual([201, '']);
    const number = r.body.number as string;
    const measures = await openTask(r.body.workflowId as string, 'permit.measures');
    const zh = await readTask('head.production', measures.id, 'zh-CN');
    expect(zh.title).toBe(`确认安全措施：动土作业 ${number}`);
    expect(zh.description).toContain(`罐区 T-101，${formatTime(windowFrom, 'zh-CN')} – `);
    expect(zh.description).toContain('作业危害分析：开挖: 塌方 → 放坡，设置围挡');
    expect(englishWords(`${zh.title}\n${zh.description}`, [number, 'T-101', 'L-0042'])).toEqual([]);
    const en = await readTask('head.production', measures.id, 'en');
    expect(en.title).toBe(`Confirm safety measures: excavation ${number}`);
    expect(en.description).toContain('Measures: 关闭进料阀并上锁 [L-0042]');
  });

  it('a risk assessment’s tasks: the department’s ask, then the register to compile with every department’s input, no English words in Chinese', async () => {
    const r = await call('safety', 'POST', '/api/risk-assessments', {
      assessmentId: randomUUID(),
      title: '冲压线月度风险评估',
      area: '冲压车间',
      orgUnitId: await unit('DEMO-WS-STAMPING'),
    });
    expect(r.status).toBe(201);
    const workflowId = r.body.workflowId as string;
    const input = await openTask(workflowId, 'risk.input', 'input-production');
    const zh = await readTask('head.production', input.id, 'zh-CN');
    expect(zh.title).toBe('风险评估输入（工艺与负荷）：冲压线月度风险评估 — 冲压车间');
    expect(englishWords(`${zh.title}\n${zh.description}`, await unitNames())).toEqual([]);
    expect((await readTask('head.production', input.id, 'en')).title).toBe('Risk assessment input (Process and load): 冲压线月度风险评估 — 冲压车间');

    const from: Record<string, string> = { production: 'head.production', equipment: 'head.equipment', hr: 'hr' };
    for (const [dept, who] of Object.entries(from))
      await complete(who, await openTask(workflowId, 'risk.input', `input-${dept}`), {
        assessment: '两班满负荷',
        concerns: dept === 'equipment' ? '3号压力机护栏磨损' : undefined,
      });
    const compile = await openTask(workflowId, 'risk.compile');
    const zhCompile = await readTask('safety', compile.id, 'zh-CN');
    expect(zhCompile.title).toBe('汇总风险清单：冲压线月度风险评估 — 冲压车间');
    expect(zhCompile.description).toContain('两班满负荷\n关注问题：3号压力机护栏磨损');
    expect(englishWords(zhCompile.description, await unitNames())).toEqual([]);
    expect((await readTask('safety', compile.id, 'en')).description).toContain('Concerns: 3号压力机护栏磨损');
  });
  it('error answers in the reader’s language: a 404 outside the API and an import’s row problems', async () => {
    const missing = await httpClient(system.appUrl!).call('GET', '/assets/no-such-chunk.js', undefined, { 'accept-language': 'zh-CN' });
    expect([missing.status, missing.body.error]).toEqual([404, { code: 'not_found', message: '未找到' }]);
    const token = (await (await as('manager')).login('manager')).token;
    const csv = ['employeeNo,name,shoeSize,orgUnitCode', 'C-901,,42,NO-SUCH-UNIT'].join('\n');
    const upload = (language: string) =>
      fetch(`${system.appUrl}/api/org/import?kind=people&format=csv&dryRun=true`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, 'accept-language': language },
        body: csv,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors: { message: string }[]; error: { message: string } } }));
    const zh = await upload('zh-CN');
    expect(zh.status).toBe(400);
    expect(zh.body.error.message).toMatch(/^未导入任何数据：文件中有 \d+ 个问题$/);
    expect(zh.body.errors.length).toBeGreaterThan(0);
    expect(
      zh.body.errors.map((e) => e.message).filter((m) => /[A-Za-z]{2,}/.test(m.replace(/employeeNo|name|email|orgUnitCode|postCode|NO-SUCH-UNIT/g, ''))),
    ).toEqual([]);
    const en = await upload('en');
    expect(en.body.error.message).toMatch(/^Nothing was imported: the file has \d+ problems?$/);
  });
});
