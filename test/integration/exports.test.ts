import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { AssessmentCycle, Fact, OrgUnit, Person, ScoreAdjustment, ScoreResult, ScoreSnapshot, Task, User } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { httpClient, startTestSystem } from '../support/env';
import { eventually } from '../support/wait';

const relaxed: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
const WAIT = 60_000;

describe('exports: HR results from frozen snapshots, monthly collaboration report', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let cycleId = '';
  const month = periodContaining('monthly', new Date()).label;
  const api = async (username: string) => {
    const c = httpClient(system.appUrl!);
    await c.login(username);
    return c;
  };
  const download = async (username: string, path: string) => {
    const { token } = await httpClient(system.appUrl!).login(username);
    const r = await fetch(`${system.appUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
  };

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.dataSource;
    expect((await (await api('safety')).call('POST', '/api/policies', { document: relaxed, note: 'exports test' })).status).toBe(201);
    const employee = await ds.getRepository(Person).findOneByOrFail({ id: (await ds.getRepository(User).findOneByOrFail({ username: 'employee' })).personId! });
    const fact = (kind: string, value: number) => ({
      id: `test:${randomUUID()}`,
      kind,
      personId: employee.id,
      attribution: 'direct',
      orgUnitId: employee.orgUnitId,
      departmentHeadPersonId: null,
      sourceWorkflowId: 'exports-test',
      subjectId: randomUUID().slice(0, 8),
      value,
      occurredAt: new Date(),
      data: '{}',
      policyVersion: null,
    });
    await ds.getRepository(Fact).insert([fact('guard.check', 0), fact('guard.check', 1), fact('training.attended', 1)]);
    const hr = await api('hr');
    const company = await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-CO' });
    const started = await hr.call('POST', '/api/assessment-cycles', { scopeOrgUnitId: company.id, period: month });
    expect(started.status).toBe(201);
    cycleId = started.body.cycleId;
    const review = await eventually(
      async () => (await ds.getRepository(Task).findBy({ workflowId: started.body.workflowId, taskType: 'assessment.review', status: 'open' }))[0],
      'the review task',
      WAIT,
    );
    expect((await hr.call('POST', `/api/tasks/${encodeURIComponent(review.id)}/complete`, { payload: { decision: 'publish', note: 'ok' } })).status).toBe(200);
    await eventually(async () => (await ds.getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).status === 'published', 'published', WAIT);
  }, 120_000);
  afterAll(() => system?.stop());

  it('exports the published snapshot to HR as Excel and CSV with the snapshot’s numbers; a re-export is identical', async () => {
    const q = `/api/exports/assessment-results?cycleId=${encodeURIComponent(cycleId)}`;
    const x1 = await download('hr', `${q}&format=xlsx`);
    expect(x1.status).toBe(200);
    expect(x1.headers.get('content-disposition')).toBe(`attachment; filename="safeloop-results-${month}-person-v1.xlsx"`);
    const x2 = await download('hr', `${q}&format=xlsx&version=1`);
    expect(x2.body.equals(x1.body)).toBe(true);
    expect(x2.headers.get('x-content-sha256')).toBe(createHash('sha256').update(x1.body).digest('hex'));
    const c1 = await download('hr', `${q}&format=csv`);
    const c2 = await download('manager', `${q}&format=csv`);
    expect(c1.body.equals(c2.body)).toBe(true);
    expect(c1.headers.get('x-content-sha256')).toBe(createHash('sha256').update(c1.body).digest('hex'));

    // The workbook's rows are the snapshot's results, ranked.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x1.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = await system.dataSource.getRepository(ScoreResult).find({ where: { cycleId, subjectType: 'person', snapshotId: `${cycleId}#1` } });
    expect(sheet.rowCount - 1).toBe(rows.length);
    const snap = await system.dataSource.getRepository(ScoreSnapshot).findOneByOrFail({ cycleId, version: 1 });
    for (let i = 2; i <= sheet.rowCount; i++) {
      const r = sheet.getRow(i);
      const id = String(r.getCell(col('Subject ID')).value);
      const stored = rows.find((x) => x.subjectId === id)!;
      expect({
        total: r.getCell(col('Total')).value,
        rating: r.getCell(col('Rating')).value,
        hash: r.getCell(col('Input hash')).value,
        rank: r.getCell(col('Rank')).value,
      }).toEqual({ total: Math.round(stored.total * 100) / 100, rating: stored.rating, hash: snap.inputHash, rank: i - 1 });
      if (i > 2) expect(Number(r.getCell(col('Total')).value)).toBeLessThanOrEqual(Number(sheet.getRow(i - 1).getCell(col('Total')).value));
    }
    const employee = await system.dataSource
      .getRepository(Person)
      .findOneByOrFail({ id: (await system.dataSource.getRepository(User).findOneByOrFail({ username: 'employee' })).personId! });
    const csv = c1.body.toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n').find((l) => l.includes(employee.id))).toContain(employee.employeeNo);

    // Frozen only, right people only, clear errors.
    await system.dataSource.getRepository(ScoreSnapshot).insert({ ...snap, id: `${cycleId}#9`, version: 9, status: 'draft', publishedAt: null });
    const draft = await (await api('hr')).call('GET', `${q}&version=9`);
    expect(draft.status).toBe(409);
    await system.dataSource.getRepository(ScoreSnapshot).delete({ id: `${cycleId}#9` });
    expect((await (await api('hr')).call('GET', `${q}&version=7`)).body.error.details[0].path).toBe('query.version');
    expect((await (await api('employee')).call('GET', q)).status).toBe(403);
    expect((await (await api('head.production')).call('GET', q)).status).toBe(403);
    expect((await (await api('hr')).call('GET', `/api/exports/assessment-results?cycleId=nope`)).status).toBe(404);
    expect((await (await api('hr')).call('GET', `${q}&format=pdf`)).body.error.details[0].path).toBe('query.format');
  });

  it('a version’s export is the same bytes for ever: after a rename, after newer versions supersede it; X-Content-SHA256 is the SHA-256 of the body; “superseded by” is beside the file', async () => {
    const ds = system.dataSource;
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const files = async (version?: number) => {
      const out: Record<string, Awaited<ReturnType<typeof download>>> = {};
      for (const subjectType of ['person', 'department'])
        for (const format of ['csv', 'xlsx', 'json'])
          out[`${subjectType}.${format}`] = await download(
            'hr',
            `/api/exports/assessment-results?cycleId=${encodeURIComponent(cycleId)}&subjectType=${subjectType}&format=${format}${version ? `&version=${version}` : ''}`,
          );
      return out;
    };
    const before = await files();
    for (const [name, f] of Object.entries(before)) {
      expect([name, f.status]).toEqual([name, 200]);
      expect([name, f.headers.get('x-content-sha256')]).toEqual([name, sha(f.body)]);
      expect([f.headers.get('x-score-version'), f.headers.get('x-score-version-status'), f.headers.get('x-superseded-by')]).toEqual(['1', 'published', null]);
    }
    const employee = await ds.getRepository(Person).findOneByOrFail({ id: (await ds.getRepository(User).findOneByOrFail({ username: 'employee' })).personId! });
    const oldName = employee.name;
    expect(before['person.csv']!.body.toString('utf8')).toContain(oldName);
    const reportV1 = (await (await api('hr')).call('GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${employee.id}?version=1`)).body;
    expect(reportV1).toMatchObject({ name: oldName, version: 1, status: 'published', supersededBy: null });

    // The person is renamed (as the HR system's import writes it), then two adjustments make v2 and v3.
    await ds.getRepository(Person).update({ id: employee.id }, { name: `${oldName} (renamed)` });
    const adjust = async (delta: number) => {
      const proposed = await (
        await api('manager')
      ).call('POST', '/api/adjustments', { cycleId, subjectType: 'person', subjectId: employee.id, delta, reasonCode: 'other', text: `export test ${delta}` });
      expect(proposed.status).toBe(201);
      const task = await eventually(
        async () => (await ds.getRepository(Task).findBy({ workflowId: proposed.body.workflowId, taskType: 'adjustment.approve', status: 'open' }))[0],
        'the approval task',
        WAIT,
      );
      expect(
        (await (await api('hr')).call('POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload: { approved: true, reason: 'ok' } })).status,
      ).toBe(200);
      return eventually(
        async () => (await ds.getRepository(ScoreAdjustment).findOneByOrFail({ id: proposed.body.adjustmentId })).newVersion,
        'the adjustment applied',
        WAIT,
      );
    };
    expect(await adjust(1)).toBe(2);
    expect(await adjust(2)).toBe(3);

    const after = await files(1);
    for (const [name, f] of Object.entries(after)) {
      expect([name, f.body.equals(before[name]!.body)]).toEqual([name, true]);
      expect([name, f.headers.get('x-content-sha256')]).toEqual([name, before[name]!.headers.get('x-content-sha256')]);
      expect([f.headers.get('x-score-version'), f.headers.get('x-score-version-status'), f.headers.get('x-superseded-by')]).toEqual(['1', 'superseded', '2']);
    }
    expect(after['person.csv']!.body.toString('utf8')).not.toContain('(renamed)');
    // The score report of v1 too: the name it was published with; "superseded by v2" beside it.
    const reportAfter = (await (await api('hr')).call('GET', `/api/scores/${encodeURIComponent(cycleId)}/person/${employee.id}?version=1`)).body;
    expect(reportAfter).toMatchObject({ name: oldName, version: 1, status: 'superseded', supersededBy: 2, total: reportV1.total, lines: reportV1.lines });
    expect(reportAfter.versions.map((v: { version: number; status: string; supersededBy: number | null }) => [v.version, v.status, v.supersededBy])).toEqual([
      [1, 'superseded', 2],
      [2, 'superseded', 3],
      [3, 'published', null],
    ]);
    const latest = await download('hr', `/api/exports/assessment-results?cycleId=${encodeURIComponent(cycleId)}&format=csv`);
    expect([latest.headers.get('x-score-version'), latest.headers.get('x-score-version-status'), latest.headers.get('x-content-sha256')]).toEqual([
      '3',
      'published',
      sha(latest.body),
    ]);
    const detail = (await (await api('hr')).call('GET', `/api/assessment-cycles/${encodeURIComponent(cycleId)}`)).body;
    expect(detail.snapshots.map((s: { version: number; supersededBy: number | null }) => [s.version, s.supersededBy])).toEqual([
      [1, 2],
      [2, 3],
      [3, null],
    ]);
    await ds.getRepository(Person).update({ id: employee.id }, { name: oldName });
  }, 180_000);

  it('reports each department’s collaboration for the month: handoffs received with their source, on-time rate, training participation', async () => {
    const ds = system.dataSource;
    const unit = async (code: string) => ds.getRepository(OrgUnit).findOneByOrFail({ code });
    const [safety, equipment] = await Promise.all([unit('DEMO-SAFETY'), unit('DEMO-EQUIPMENT')]);
    // A hazard graded by safety and handed to equipment, acknowledged on time.
    const reportId = randomUUID();
    const r = await (
      await api('employee')
    ).call('POST', '/api/hazards', {
      reportId,
      title: 'Frayed sling',
      description: 'Frayed sling on crane 2',
      category: 'lifting',
      area: 'Bay 2',
      suspectedSeverity: 'high',
      evidenceIds: [],
    });
    expect(r.status).toBe(201);
    const open = (taskType: string) =>
      eventually(async () => (await ds.getRepository(Task).findBy({ workflowId: r.body.workflowId, taskType, status: 'open' }))[0], taskType, WAIT);
    const safetyApi = await api('safety');
    expect(
      (
        await safetyApi.call('POST', `/api/tasks/${encodeURIComponent((await open('hazard.grade')).id)}/complete`, {
          payload: { likelihood: 2, severity: 3, responsibleOrgUnitId: equipment.id },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await (
          await api('head.equipment')
        ).call('POST', `/api/tasks/${encodeURIComponent((await open('hazard.acknowledge')).id)}/complete`, { payload: { understood: true } })
      ).status,
    ).toBe(200);
    await open('hazard.rectify');

    const report = await (await api('manager')).call('GET', `/api/exports/collaboration-report?period=${month}&format=json&download=false`);
    expect(report.status).toBe(200);
    const eq = report.body.items.find((d: { departmentId: string }) => d.departmentId === equipment.id);
    expect(eq.handoffsReceived).toBe(1); // the acknowledgement (rectifying stays in the department)
    expect(eq.completedOnTime).toBeGreaterThanOrEqual(1);
    expect(eq.onTimeRate).toBe(1);
    expect(eq.fromDepartments[0]).toMatchObject({ departmentId: safety.id, departmentName: 'Safety Department' });
    expect(report.body.items.find((d: { departmentId: string }) => d.departmentId === safety.id).handoffsSent).toBeGreaterThanOrEqual(1);
    const production = report.body.items.find((d: { departmentName: string }) => d.departmentName === 'Production Department');
    expect(production.trainingParticipation).toBeGreaterThan(0);

    // Department heads get their own department only; files in both formats.
    const mine = await (await api('head.equipment')).call('GET', `/api/exports/collaboration-report?period=${month}&format=json&download=false`);
    expect(mine.body.items.map((d: { departmentId: string }) => d.departmentId)).toEqual([equipment.id]);
    const csv = await download('manager', `/api/exports/collaboration-report?period=${month}&format=csv`);
    expect(csv.body.toString('utf8').split('\r\n')[0]).toBe(
      '\uFEFFPeriod,Department,Handoffs received,Handoffs sent,Completed on time,Completed late,Open overdue,On-time rate %,Median response (h),Hazards closed,Hazards closed on time,Training participation %,Collaboration score',
    );
    const xlsx = await download('manager', `/api/exports/collaboration-report?period=${month}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Departments', 'Handoffs']);
    expect((await (await api('manager')).call('GET', '/api/exports/collaboration-report?period=2026-13')).body.error.details[0].path).toBe('query.period');
    expect((await (await api('employee')).call('GET', `/api/exports/collaboration-report?period=${month}`)).status).toBe(403);
  });
});
