import { randomUUID } from 'node:crypto';
import { OrgUnit } from '../../db/entities';
import { childPath } from '../../domain/org';
import { forkliftCheck } from '../../domain/scoring/fixtures';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';

/**
 * Ruleset authority by scope: rulesets are group-wide, so group-level HR or an administrator
 * approves them; a manager scoped to one plant never does; a business line's HR (the company's)
 * publishes only its own custom indicators, weighted for departments of its subtree, based on the
 * version in force and within the group's caps.
 */
describe('ruleset authority by scope', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call } = apiHelpers(() => system);
  const unit = async (code: string) => system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code });
  const FORKLIFT = forkliftCheck('Forklift pre-use checks done', '叉车班前点检完成率', ['person', 'department'], { approved: true, minSample: 5 });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const withForklift = (doc: Record<string, any>, departmentId: string, weight = 0.1) => ({
    ...doc,
    indicators: { ...doc.indicators, forklift_check: FORKLIFT },
    weights: {
      ...doc.weights,
      byDepartment: {
        ...doc.weights.byDepartment,
        [departmentId]: {
          dimensions: { compliance_execution: 0.25, risk_control: 0.3, emergency_response: 0.25 - weight, collaboration: 0.2 },
          custom: { forklift_check: weight },
        },
      },
    },
  });

  beforeAll(async () => {
    system = await startTestSystem('api');
  });
  afterAll(() => system?.stop());

  it('group-wide changes: group-level HR or an administrator; a business line: its own custom indicators for its own departments, within the caps', async () => {
    const current = (await call('hr', 'GET', '/api/rulesets/current')).body;
    const production = (await unit('DEMO-PRODUCTION')).id;

    // A business line's own indicator for its own department: the company's HR publishes it.
    const own = await call('safety', 'POST', '/api/rulesets', {
      document: withForklift(current.document, production),
      note: 'forklift checks in production',
      basedOn: current.version,
    });
    expect(own.status).toBe(201);
    expect((await call('manager', 'POST', `/api/rulesets/${own.body.version}/approve`, { note: 'ok' })).status).toBe(403); // a plant's manager
    const published = await call('hr', 'POST', `/api/rulesets/${own.body.version}/approve`, { note: 'our indicator' });
    expect([published.status, published.body.status, published.body.approvedBy]).toEqual([200, 'published', 'hr']);
    const inForce = published.body.version as number;

    // Above the group's cap on custom weights: not even a valid draft.
    const over = await call('safety', 'POST', '/api/rulesets', {
      document: withForklift(published.body.document, production, 0.25),
      note: 'too much',
      basedOn: inForce,
    });
    expect(over.status).toBe(400);
    expect(over.body.error.details.map((d: { path: string }) => d.path)).toContain(`body.document.weights.byDepartment.${production}.custom`);

    // Another business line's department: refused to this company's HR.
    const group = await unit('DEMO-GROUP');
    const otherCo = {
      id: randomUUID(),
      code: `OTHER-CO-${randomUUID().slice(0, 6)}`,
      kind: 'company' as const,
      name: 'Other business line',
      parentId: group.id,
      path: '',
      departmentFunction: null,
      headPersonId: null,
    };
    otherCo.path = childPath(group.path, otherCo.id);
    const otherDept = {
      id: randomUUID(),
      code: `OTHER-DEPT-${randomUUID().slice(0, 6)}`,
      kind: 'department' as const,
      name: 'Other production',
      parentId: otherCo.id,
      path: '',
      departmentFunction: 'production' as const,
      headPersonId: null,
    };
    otherDept.path = childPath(otherCo.path, otherDept.id);
    await system.dataSource.getRepository(OrgUnit).insert([otherCo, otherDept]);
    const theirs = await call('safety', 'POST', '/api/rulesets', {
      document: withForklift(published.body.document, otherDept.id),
      note: 'their department',
      basedOn: inForce,
    });
    expect(theirs.status).toBe(201);
    const refused = await call('hr', 'POST', `/api/rulesets/${theirs.body.version}/approve`, { note: 'ok' });
    expect([refused.status, refused.body.error.message]).toEqual([403, expect.stringContaining('outside your business line')]);

    // A group-wide rule (the overdue penalty) or a library indicator: the group's, not the business line's.
    const stricter = structuredClone(published.body.document);
    stricter.rules.hazard_overdue.points = 10;
    const groupWide = await call('safety', 'POST', '/api/rulesets', { document: stricter, note: 'stricter overdue', basedOn: inForce });
    const notHers = await call('hr', 'POST', `/api/rulesets/${groupWide.body.version}/approve`, { note: 'ok' });
    expect([notHers.status, notHers.body.error.message]).toEqual([403, expect.stringContaining('not rules.hazard_overdue.points')]);
    const threshold = structuredClone(published.body.document);
    threshold.indicators.training_pass_rate.thresholds.qualified = 80;
    const library = await call('safety', 'POST', '/api/rulesets', { document: threshold, note: 'softer pass rate', basedOn: inForce });
    expect((await call('hr', 'POST', `/api/rulesets/${library.body.version}/approve`, { note: 'ok' })).status).toBe(403);

    // Based on an older version: it would undo what was published since.
    const stale = await call('safety', 'POST', '/api/rulesets', {
      document: withForklift(current.document, production, 0.05),
      note: 'from v1',
      basedOn: current.version,
    });
    const staleRefused = await call('hr', 'POST', `/api/rulesets/${stale.body.version}/approve`, { note: 'ok' });
    expect([staleRefused.status, staleRefused.body.error.message]).toEqual([403, expect.stringContaining(`based on the version in force (v${inForce})`)]);

    // The group's administrator approves the group-wide change.
    const approved = await call('admin', 'POST', `/api/rulesets/${groupWide.body.version}/approve`, { note: 'agreed' });
    expect([approved.status, approved.body.approvedBy]).toEqual([200, 'admin']);
    expect((await call('hr', 'GET', '/api/rulesets/current')).body.version).toBe(groupWide.body.version);
  });
});
