import { randomUUID } from 'node:crypto';
import { SinkMail, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, reportHazard } from '../support/api';
import { httpClient, startTestSystem } from '../support/env';
import { eventually } from '../support/wait';

/**
 * Issue 20, "Chinese from end to end": what a process writes for people is stored as message keys
 * with parameters and read in the reader's language — a task's title and description through the
 * API by Accept-Language, the in-app notifications too, and a mail in its recipient's language
 * (their profile's), times on the organisation's clock (Asia/Shanghai), not ISO UTC.
 */
const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

describe('server texts in the reader’s language', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, usePolicy, openTask } = apiHelpers(() => system);
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
      expect(texts).toContainEqual(expect.stringContaining(`Task "隐患评级：${title}" handed to Safety Department`));
      expect(texts).toContainEqual(expect.stringContaining(`新任务：隐患评级：${title}`));
      expect(texts.join('\n')).not.toContain('[object Object]');
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
});
