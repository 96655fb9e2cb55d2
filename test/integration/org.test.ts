import ExcelJS from 'exceljs';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { AuditEntry, OrgUnit, Person, Post } from '../../db/entities';
import { usersOf } from '../support/as-user';
import { startTestSystem } from '../support/env';

/**
 * The organisation API against MariaDB with the demo organisation: data scopes (subtree reads,
 * 404 outside), who may write, placement rules, strict bodies, audit rows in the same
 * transaction, and all-or-nothing CSV/xlsx import.
 */
describe('organisation API', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let as: ReturnType<typeof usersOf>['as'];
  const unitId = async (code: string) => (await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code })).id;
  const personId = async (employeeNo: string) => (await system.dataSource.getRepository(Person).findOneByOrFail({ employeeNo })).id;
  const paths = (r: { body: { error: { details?: { path: string }[] } } }) => (r.body.error.details ?? []).map((d) => d.path);
  type Node = { code: string; children: Node[] };
  const codes = (nodes: Node[]): string[] => nodes.flatMap((n) => [n.code, ...codes(n.children)]);

  beforeAll(async () => {
    system = await startTestSystem('api');
    as = usersOf(system.appUrl!).as;
  });
  afterAll(() => system?.stop());

  it('shows each caller their own subtree; admins see the whole group', async () => {
    const employee = await as('employee').call('GET', '/api/org/tree');
    expect(employee.status).toBe(200);
    expect(codes(employee.body)).toEqual(['DEMO-WS-STAMPING']);
    expect(employee.body[0]).toMatchObject({ kind: 'workshop', name: 'Stamping Workshop', parentId: await unitId('DEMO-PRODUCTION'), children: [] });

    const head = await as('head.production').call('GET', '/api/org/tree');
    expect(head.body).toHaveLength(1);
    expect(head.body[0]).toMatchObject({ code: 'DEMO-PRODUCTION', departmentFunction: 'production', headName: 'Production Head Zhao' });
    expect(codes(head.body).sort()).toEqual(['DEMO-PRODUCTION', 'DEMO-WS-ASSEMBLY', 'DEMO-WS-STAMPING']);

    const admin = await as('admin').call('GET', '/api/org/tree');
    expect(admin.body.map((n: Node) => n.code)).toEqual(['DEMO-GROUP']);
    const all = codes(admin.body);
    expect(all).toHaveLength(13);
    expect(all).toEqual(expect.arrayContaining(['DEMO-CO', 'DEMO-PLANT', 'DEMO-SAFETY', 'DEMO-EQUIPMENT', 'DEMO-WS-MAINT']));
    expect(codes((await as('auditor').call('GET', '/api/org/tree')).body)).toHaveLength(13);
  });

  it('returns a unit with its posts (profile fields), people and head', async () => {
    const r = await as('head.production').call('GET', `/api/org/units/${await unitId('DEMO-WS-STAMPING')}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: 'DEMO-WS-STAMPING', parentName: 'Production Department', head: null });
    expect(r.body.posts).toContainEqual(
      expect.objectContaining({
        code: 'DEMO-POST-frontline-production-high',
        name: 'Stamping press operator',
        level: 'frontline',
        businessType: 'production',
        riskLevel: 'high',
      }),
    );
    expect(r.body.people).toContainEqual(
      expect.objectContaining({
        employeeNo: 'E1008',
        name: 'Operator Liu',
        email: 'employee@safeloop.example',
        postName: 'Stamping press operator',
        active: true,
      }),
    );
    expect(r.text).not.toMatch(/"path"/);

    const production = await as('head.production').call('GET', `/api/org/units/${await unitId('DEMO-PRODUCTION')}`);
    expect(production.body.head).toMatchObject({ name: 'Production Head Zhao' });
    expect(production.body.children.map((c: { code: string }) => c.code).sort()).toEqual(['DEMO-WS-ASSEMBLY', 'DEMO-WS-STAMPING']);
  });

  it('answers 404 for units and people outside the caller’s scope, for reads and writes alike', async () => {
    const equipment = await unitId('DEMO-EQUIPMENT');
    const headOfEquipment = await personId('E1007');
    const head = as('head.production');
    expect((await head.call('GET', `/api/org/units/${equipment}`)).status).toBe(404);
    expect((await head.call('PATCH', `/api/org/units/${equipment}`, { name: 'Mine now' })).status).toBe(404);
    expect((await head.call('DELETE', `/api/org/units/${equipment}`)).status).toBe(404);
    expect((await head.call('GET', `/api/org/people/${headOfEquipment}`)).status).toBe(404);
    expect((await head.call('PATCH', `/api/org/people/${headOfEquipment}`, { name: 'X' })).status).toBe(404);
    expect((await head.call('GET', `/api/org/people?orgUnitId=${equipment}`)).status).toBe(404);
    const visible = await head.call('GET', '/api/org/people?pageSize=200');
    expect(visible.body.items.map((p: { employeeNo: string }) => p.employeeNo).sort()).toEqual(['E1006', 'E1008']);
    // In scope but not a writer: 403.
    expect((await head.call('PATCH', `/api/org/units/${await unitId('DEMO-WS-STAMPING')}`, { name: 'X' })).status).toBe(403);
    expect((await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ id: equipment })).name).toBe('Equipment Department');
  });

  it('lets a manager create a workshop in scope, with its audit row in the same transaction', async () => {
    const production = await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-PRODUCTION' });
    const created = await as('manager').call('POST', '/api/org/units', {
      parentId: production.id,
      kind: 'workshop',
      name: 'Welding Workshop',
      code: 'WS-WELD',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      parentId: production.id,
      kind: 'workshop',
      name: 'Welding Workshop',
      code: 'WS-WELD',
      departmentFunction: null,
      headPersonId: null,
    });
    const row = await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ id: created.body.id });
    expect(row.path).toBe(`${production.path}${row.id}/`);

    const audit = await system.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'org.unit.created', entityId: row.id });
    expect(audit).toMatchObject({ actor: 'manager', entityType: 'org_unit', orgUnitId: row.id, before: null });
    expect(JSON.parse(audit.after!)).toMatchObject({ code: 'WS-WELD', parentId: production.id });

    const tree = await as('head.production').call('GET', '/api/org/tree');
    expect(codes(tree.body)).toContain('WS-WELD');

    // Rename, then delete the (empty) unit: both audited.
    const renamed = await as('manager').call('PATCH', `/api/org/units/${row.id}`, { name: 'Welding & Cutting' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Welding & Cutting');
    expect((await as('manager').call('DELETE', `/api/org/units/${row.id}`)).status).toBe(204);
    const actions = (await system.dataSource.getRepository(AuditEntry).findBy({ entityId: row.id })).map((a) => a.action);
    expect(actions).toEqual(['org.unit.created', 'org.unit.updated', 'org.unit.deleted']);
  });

  it('enforces placement rules, codes, scope of the parent and emptiness on delete', async () => {
    const manager = as('manager');
    const plant = await unitId('DEMO-PLANT');
    const wrongParent = await manager.call('POST', '/api/org/units', { parentId: plant, kind: 'workshop', name: 'W', code: 'WS-BAD' });
    expect(wrongParent.status).toBe(400);
    expect(paths(wrongParent)).toEqual(['body.parentId']);

    const noFunction = await manager.call('POST', '/api/org/units', { parentId: plant, kind: 'department', name: 'Quality', code: 'DEP-Q' });
    expect(paths(noFunction)).toEqual(['body.departmentFunction']);
    const functionOnWorkshop = await manager.call('POST', '/api/org/units', {
      parentId: await unitId('DEMO-PRODUCTION'),
      kind: 'workshop',
      name: 'W',
      code: 'WS-F',
      departmentFunction: 'safety',
    });
    expect(paths(functionOnWorkshop)).toEqual(['body.departmentFunction']);

    const duplicate = await manager.call('POST', '/api/org/units', {
      parentId: await unitId('DEMO-PRODUCTION'),
      kind: 'workshop',
      name: 'W',
      code: 'DEMO-WS-STAMPING',
    });
    expect(duplicate.status).toBe(409);
    expect(paths(duplicate)).toEqual(['body.code']);

    const outside = await manager.call('POST', '/api/org/units', { parentId: await unitId('DEMO-CO'), kind: 'plant', name: 'Second plant', code: 'PLANT-2' });
    expect(outside.status).toBe(404);
    expect((await manager.call('POST', '/api/org/units', { parentId: null, kind: 'group', name: 'G', code: 'G2' })).status).toBe(403);
    expect(
      (await as('employee').call('POST', '/api/org/units', { parentId: await unitId('DEMO-WS-STAMPING'), kind: 'workshop', name: 'Team', code: 'T1' })).status,
    ).toBe(403);

    const notEmpty = await manager.call('DELETE', `/api/org/units/${await unitId('DEMO-PRODUCTION')}`);
    expect(notEmpty.status).toBe(409);
    expect(notEmpty.body.error.message).toMatch(/2 child units.*posts.*people/);

    const head = await manager.call('PATCH', `/api/org/units/${await unitId('DEMO-WS-STAMPING')}`, { headPersonId: await personId('E1008') });
    expect(head.status).toBe(200);
    expect(head.body.headName).toBe('Operator Liu');
    const foreignHead = await manager.call('PATCH', `/api/org/units/${await unitId('DEMO-WS-STAMPING')}`, { headPersonId: await personId('E1007') });
    expect(paths(foreignHead)).toEqual(['body.headPersonId']);
  });

  it('rejects auditors’ writes with 403', async () => {
    const auditor = as('auditor');
    const stamping = await unitId('DEMO-WS-STAMPING');
    expect((await auditor.call('POST', '/api/org/units', { parentId: stamping, kind: 'workshop', name: 'T', code: 'T-AUD' })).status).toBe(403);
    expect((await auditor.call('PATCH', `/api/org/units/${stamping}`, { name: 'T' })).status).toBe(403);
    expect((await auditor.call('DELETE', `/api/org/units/${stamping}`)).status).toBe(403);
    expect((await auditor.call('PATCH', `/api/org/people/${await personId('E1008')}`, { name: 'T' })).status).toBe(403);
    expect((await auditor.call('GET', `/api/org/units/${stamping}`)).status).toBe(200);
  });

  it('rejects unknown and protected fields (mass assignment) with 400 naming them', async () => {
    const admin = as('admin');
    const stamping = await unitId('DEMO-WS-STAMPING');
    for (const extra of [{ path: '/x/' }, { id: 'other' }, { kind: 'plant' }, { parentId: stamping }]) {
      const r = await admin.call('PATCH', `/api/org/units/${stamping}`, { name: 'Stamping Workshop', ...extra });
      expect(r.status).toBe(400);
      const [key] = Object.keys(extra);
      expect(r.body.error.details).toContainEqual({ path: 'body', message: expect.stringContaining(`"${key}"`) });
    }
    const person = await admin.call('POST', '/api/org/people', { employeeNo: 'X-1', name: 'X', orgUnitId: stamping, active: false, id: 'mine' });
    expect(person.status).toBe(400);
    expect(person.body.error.message).toMatch(/"active".*"id"|"id".*"active"/);
    expect((await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ id: stamping })).kind).toBe('workshop');
  });

  it('maintains posts and people, keeping each person’s post inside their unit', async () => {
    const hr = as('hr');
    const stamping = await unitId('DEMO-WS-STAMPING');
    const assembly = await unitId('DEMO-WS-ASSEMBLY');
    const profiles = await hr.call('GET', '/api/org/post-profiles');
    expect(profiles.body).toHaveLength(18);

    const post = await hr.call('POST', '/api/org/posts', { orgUnitId: stamping, code: 'P-DIE', name: 'Die setter', profileCode: 'frontline-production-high' });
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ code: 'P-DIE', level: 'frontline', businessType: 'production', riskLevel: 'high' });
    expect(paths(await hr.call('POST', '/api/org/posts', { orgUnitId: stamping, code: 'P-X', name: 'X', profileCode: 'nope' }))).toEqual(['body.profileCode']);
    expect(
      (await hr.call('POST', '/api/org/posts', { orgUnitId: await unitId('DEMO-CO'), code: 'P-Y', name: 'Y', profileCode: 'senior-functional-normal' })).status,
    ).toBe(201);
    expect(
      (await hr.call('POST', '/api/org/posts', { orgUnitId: await unitId('DEMO-GROUP'), code: 'P-Z', name: 'Z', profileCode: 'senior-functional-normal' }))
        .status,
    ).toBe(404);
    expect(
      paths(
        await as('admin').call('POST', '/api/org/posts', {
          orgUnitId: await unitId('DEMO-GROUP'),
          code: 'P-Z',
          name: 'Z',
          profileCode: 'senior-functional-normal',
        }),
      ),
    ).toEqual(['body.orgUnitId']);

    const foreignPost = await hr.call('POST', '/api/org/people', { employeeNo: 'E2001', name: 'Wrong Post', orgUnitId: assembly, postId: post.body.id });
    expect(foreignPost.status).toBe(400);
    expect(paths(foreignPost)).toEqual(['body.postId']);

    const created = await hr.call('POST', '/api/org/people', {
      employeeNo: 'E2001',
      name: 'Die Setter Ma',
      email: 'ma@safeloop.example',
      orgUnitId: stamping,
      postId: post.body.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ employeeNo: 'E2001', orgUnitName: 'Stamping Workshop', postName: 'Die setter', active: true });
    expect((await hr.call('POST', '/api/org/people', { employeeNo: 'E2001', name: 'Again', orgUnitId: stamping })).status).toBe(409);

    // Heading the workshop ends when the person leaves it.
    expect((await hr.call('PATCH', `/api/org/units/${stamping}`, { headPersonId: created.body.id })).body.headName).toBe('Die Setter Ma');

    // Moving to another unit without a new post would leave the post behind: 400; with postId null it moves.
    const stale = await hr.call('PATCH', `/api/org/people/${created.body.id}`, { orgUnitId: assembly });
    expect(paths(stale)).toEqual(['body.postId']);
    expect((await hr.call('DELETE', `/api/org/posts/${post.body.id}`)).status).toBe(409);
    const moved = await hr.call('PATCH', `/api/org/people/${created.body.id}`, { orgUnitId: assembly, postId: null, active: false });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ orgUnitName: 'Assembly Workshop', postId: null, active: false });
    expect((await hr.call('DELETE', `/api/org/posts/${post.body.id}`)).status).toBe(204);
    expect((await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ id: stamping })).headPersonId).toBeNull();
    expect(await system.dataSource.getRepository(Post).countBy({ code: 'P-DIE' })).toBe(0);
    const actions = (await system.dataSource.getRepository(AuditEntry).findBy({ entityId: created.body.id })).map((a) => a.action);
    expect(actions).toEqual(['org.person.created', 'org.person.updated']);
  });

  it('pages people, searches them and rejects page sizes above 200', async () => {
    const admin = as('admin');
    const page = await admin.call('GET', '/api/org/people?pageSize=3&page=2');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 3 });
    expect(page.body.items).toHaveLength(3);
    expect(page.body.total).toBeGreaterThanOrEqual(8);
    expect((await admin.call('GET', '/api/org/people')).body.pageSize).toBe(50);

    const tooBig = await admin.call('GET', '/api/org/people?pageSize=10000');
    expect(tooBig.status).toBe(400);
    expect(paths(tooBig)).toEqual(['query.pageSize']);

    const found = await admin.call('GET', `/api/org/people?q=${encodeURIComponent('Operator')}`);
    expect(found.body.items.map((p: { name: string }) => p.name)).toEqual(['Operator Liu']);
    expect((await admin.call('GET', `/api/org/people?q=${encodeURIComponent('%')}`)).body.total).toBe(0);
    const inProduction = await admin.call('GET', `/api/org/people?orgUnitId=${await unitId('DEMO-PRODUCTION')}&active=true`);
    expect(inProduction.body.items.map((p: { employeeNo: string }) => p.employeeNo).sort()).toEqual(['E1006', 'E1008']);
  });

  describe('import', () => {
    const peopleCount = () => system.dataSource.getRepository(Person).count();

    it('imports valid CSV people rows (upsert by employeeNo) and audits them', async () => {
      const csv = [
        'employeeNo,name,email,orgUnitCode,postCode',
        'C-001,Import One,one@safeloop.example,DEMO-WS-STAMPING,DEMO-POST-frontline-production-high',
        'C-002,Import Two,,DEMO-WS-ASSEMBLY,',
        '"C-003","Three, with comma",three@safeloop.example,DEMO-WS-ASSEMBLY,DEMO-POST-middle-production-normal',
      ].join('\n');
      const before = await peopleCount();
      const dry = await as('manager').upload('/api/org/import?kind=people&format=csv&dryRun=true', csv, 'text/csv');
      expect(dry.status).toBe(200);
      expect(dry.body).toEqual({ ok: true, dryRun: true, imported: 3, created: 3, updated: 0, unchanged: 0, errors: [] });
      expect(await peopleCount()).toBe(before);

      const r = await as('manager').upload('/api/org/import?kind=people&format=csv', csv, 'text/csv; charset=utf-8');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, dryRun: false, imported: 3, created: 3, errors: [] });
      expect(await peopleCount()).toBe(before + 3);
      const three = await system.dataSource.getRepository(Person).findOneByOrFail({ employeeNo: 'C-003' });
      expect(three).toMatchObject({ name: 'Three, with comma', orgUnitId: await unitId('DEMO-WS-ASSEMBLY') });
      expect(await system.dataSource.getRepository(AuditEntry).countBy({ action: 'org.person.created', actor: 'manager' })).toBeGreaterThanOrEqual(3);
      expect(await system.dataSource.getRepository(AuditEntry).countBy({ action: 'org.import.completed' })).toBe(1);

      // Same file again: nothing changes; one changed name: one update.
      const again = await as('manager').upload('/api/org/import?kind=people', csv, 'text/csv');
      expect(again.body).toMatchObject({ ok: true, imported: 0, unchanged: 3 });
      const renamed = await as('manager').upload('/api/org/import?kind=people', csv.replace('Import Two', 'Import Two-Renamed'), 'text/csv');
      expect(renamed.body).toMatchObject({ ok: true, imported: 1, updated: 1, unchanged: 2 });
    });

    it('rejects a CSV with bad rows as a whole, naming row and column, and writes nothing', async () => {
      const csv = [
        'employeeNo,name,email,orgUnitCode,postCode',
        'D-001,Good Row,good@safeloop.example,DEMO-WS-STAMPING,',
        'D-002,Unknown Unit,,NO-SUCH-UNIT,',
        'D-001,Duplicate,,DEMO-WS-STAMPING,',
        'D-004,Bad Email,not-an-email,DEMO-WS-STAMPING,',
        'D-005,Foreign Unit,,DEMO-CO,',
        'D-006,Wrong Post,,DEMO-WS-STAMPING,DEMO-POST-middle-production-normal',
        ',No Number,,DEMO-WS-STAMPING,',
      ].join('\r\n');
      const before = await peopleCount();
      const auditBefore = await system.dataSource.getRepository(AuditEntry).count();
      const r = await as('manager').upload('/api/org/import?kind=people&format=csv', csv, 'text/csv');
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ ok: false, imported: 0, error: { code: 'import_rejected' } });
      const problems = r.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
      expect(problems.sort()).toEqual(['3:orgUnitCode', '4:employeeNo', '5:email', '6:orgUnitCode', '7:postCode', '8:employeeNo']);
      expect(r.body.errors).toContainEqual({ row: 4, column: 'employeeNo', message: 'duplicate of row 2' });
      expect(r.body.errors).toContainEqual({ row: 8, column: 'employeeNo', message: 'required' });
      expect(await peopleCount()).toBe(before);
      expect(await system.dataSource.getRepository(AuditEntry).count()).toBe(auditBefore);

      // HR's scope is the company: the group above it is out of reach.
      const outOfScope = await as('hr').upload('/api/org/import?kind=people', 'employeeNo,name,orgUnitCode\nD-100,X,DEMO-GROUP\n', 'text/csv');
      expect(outOfScope.body.errors).toEqual([{ row: 2, column: 'orgUnitCode', message: 'no org unit DEMO-GROUP in your scope' }]);
    });

    it('reports header problems and unreadable files without a 500', async () => {
      const manager = as('manager');
      const header = await manager.upload('/api/org/import?kind=people', 'employeeNo,name,salary\n1,A,100\n', 'text/csv');
      expect(header.status).toBe(400);
      expect(header.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ row: 1, column: 'salary' }), { row: 1, column: 'orgUnitCode', message: 'missing column' }]),
      );
      const badXlsx = await manager.upload('/api/org/import?kind=people&format=xlsx', 'not a zip', 'application/octet-stream');
      expect(badXlsx.body.errors).toEqual([{ row: 0, column: null, message: 'not a readable .xlsx workbook' }]);
      const badQuote = await manager.upload('/api/org/import?kind=people', 'employeeNo,name,orgUnitCode\n"E9,x,DEMO-PLANT\n', 'text/csv');
      expect(badQuote.status).toBe(400);
      expect(badQuote.body.errors[0]).toMatchObject({ row: 2, column: null });
      const noFile = await manager.call('POST', '/api/org/import?kind=people', { employeeNo: 'x' });
      expect(noFile.status).toBe(400);
      expect(paths(noFile)).toEqual(['body']);
      const badKind = await manager.upload('/api/org/import?kind=posts', 'a\n', 'text/csv');
      expect(paths(badKind)).toEqual(['query.kind']);
      expect((await as('employee').upload('/api/org/import?kind=people', 'employeeNo\n', 'text/csv')).status).toBe(403);
      expect((await as('auditor').upload('/api/org/import?kind=people', 'employeeNo\n', 'text/csv')).status).toBe(403);
    });

    it('imports units from an xlsx workbook, parents in earlier rows', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Units');
      sheet.addRow(['Code', 'Name', 'Kind', 'ParentCode', 'DepartmentFunction']);
      sheet.addRow(['DEP-QA', 'Quality Department', 'department', 'DEMO-PLANT', 'safety']);
      sheet.addRow([]);
      sheet.addRow(['WS-QA-LAB', 'QA Lab', 'workshop', 'DEP-QA', null]);
      sheet.addRow(['WS-QA-LAB-2', 'QA Lab Night Shift', 'workshop', 'WS-QA-LAB', null]);
      const file = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
      const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

      // No format and a generic content type: recognised as a workbook by its zip signature.
      const r = await as('manager').upload('/api/org/import?kind=units', file, 'application/octet-stream');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, imported: 3, created: 3 });
      const units = system.dataSource.getRepository(OrgUnit);
      const dep = await units.findOneByOrFail({ code: 'DEP-QA' });
      const lab = await units.findOneByOrFail({ code: 'WS-QA-LAB' });
      const night = await units.findOneByOrFail({ code: 'WS-QA-LAB-2' });
      expect(dep).toMatchObject({ kind: 'department', departmentFunction: 'safety', parentId: await unitId('DEMO-PLANT') });
      expect(night.path).toBe(`${lab.path}${night.id}/`);
      expect(lab.path.startsWith(dep.path)).toBe(true);

      // Format inferred from the content type; row numbers as in the sheet (row 3 is blank).
      const bad = new ExcelJS.Workbook();
      const s2 = bad.addWorksheet('Units');
      s2.addRow(['code', 'name', 'kind', 'parentCode']);
      s2.addRow(['WS-LATE-CHILD', 'Child first', 'workshop', 'DEP-LATER']);
      s2.addRow([]);
      s2.addRow(['DEP-LATER', 'Later', 'department', 'DEMO-PLANT']);
      s2.addRow(['WS-UNDER-PLANT', 'Wrong level', 'workshop', 'DEMO-PLANT']);
      s2.addRow(['WS-QA-LAB-2', 'Moved', 'workshop', 'DEP-QA']);
      const rejected = await as('manager').upload('/api/org/import?kind=units', Buffer.from((await bad.xlsx.writeBuffer()) as ArrayBuffer), type);
      expect(rejected.status).toBe(400);
      expect(rejected.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`).sort()).toEqual([
        '2:parentCode',
        '4:departmentFunction',
        '5:parentCode',
        '6:parentCode',
      ]);
      expect(await units.countBy({ code: 'DEP-LATER' })).toBe(0);
    });
  });

  it('documents every route, the import body as a file, and keeps the audit chain intact', async () => {
    const doc = (await as('admin').call('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/org/tree',
        '/api/org/units',
        '/api/org/units/{id}',
        '/api/org/post-profiles',
        '/api/org/posts',
        '/api/org/posts/{id}',
        '/api/org/people',
        '/api/org/people/{id}',
        '/api/org/import',
      ]),
    );
    const upload = doc.paths['/api/org/import'].post;
    expect(Object.keys(upload.requestBody.content)).toEqual(
      expect.arrayContaining(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
    );
    expect(upload.parameters.map((p: { name: string }) => p.name)).toEqual(['kind', 'format', 'dryRun']);
    expect(doc.components.schemas.OrgTreeNode.properties.children.items.$ref).toBe('#/components/schemas/OrgTreeNode');
    expect((await verifyAuditLog(system.dataSource)).ok).toBe(true);
  });
});
