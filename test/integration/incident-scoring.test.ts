import { randomUUID } from 'node:crypto';
import { User } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY } from '../../domain/policy';
import { DEFAULT_RULESET } from '../../domain/scoring/ruleset';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { eventually } from '../support/wait';

/**
 * The scoring rules decide what a responsibility costs: with a published rule "direct
 * responsibility for an incident: −5", the assessment cycle after an incident below the
 * reportable level takes 5 points from the person named directly responsible (the fact as its
 * evidence), nothing from the one with leadership responsibility, and flags no special review
 * (only a serious incident does: incident.test.ts).
 */
describe('incident responsibility in the scores', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call, unit, usePolicy, openTask, complete, facts, ds } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });
  const personOf = async (username: string) => (await ds().getRepository(User).findOneByOrFail({ username })).personId!;

  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy({ ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } }, 'incident scoring test');
  });
  afterAll(() => system?.stop());

  it('a direct responsibility costs the points of the ruleset’s rule in the next cycle; no special review below serious', async () => {
    const document = structuredClone(DEFAULT_RULESET) as unknown as { rules: Record<string, unknown> };
    document.rules.incident_direct_responsibility = {
      type: 'per_fact',
      kind: 'penalty',
      name: 'Direct responsibility for an incident: −5',
      dimension: 'risk_control',
      factKinds: ['incident.responsibility'],
      where: [{ field: 'data.level', op: 'eq', value: 'direct' }],
      points: 5,
      target: 'responsible',
      appliesTo: ['person'],
    };
    const draft = await call('hr', 'POST', '/api/rulesets', { document, note: 'incident responsibility costs points', basedOn: 1 });
    expect(draft.status).toBe(201);
    expect((await call('admin', 'POST', `/api/rulesets/${draft.body.version}/approve`, { note: 'agreed' })).body.status).toBe('published');

    const incidentId = randomUUID();
    const reported = await call('employee', 'POST', '/api/incidents', {
      incidentId,
      kind: 'incident',
      title: 'Pinched finger at the bending brake',
      description: 'The back gauge closed on a finger; plaster and back to work.',
      location: 'Bending brake 2',
      occurredAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      injuredPeople: [{ name: 'Operator Liu', injury: 'pinched finger' }],
    });
    const workflowId = reported.body.workflowId as string;
    await complete('safety', await openTask(workflowId, 'incident.classify'), {
      category: 'machinery',
      consequence: 'first_aid',
      minorInjuries: 1,
      investigationLeadPersonId: await personOf('safety'),
    });
    await complete('safety', await openTask(workflowId, 'incident.investigate'), {
      timeline: [{ at: new Date(Date.now() - 20 * 60_000).toISOString(), what: 'Finger under the back gauge' }],
      whys: ['Hand near the gauge while it moved'],
      rootCause: 'Gauge moves without a guard',
      summary: 'Unguarded back gauge',
    });
    const employee = await personOf('employee');
    const head = await personOf('head.production');
    await complete('manager', await openTask(workflowId, 'incident.responsibility'), {
      responsibilities: [
        { personId: employee, level: 'direct' },
        { personId: head, level: 'leadership' },
      ],
    });
    const direct = await eventually(async () => (await facts(workflowId, 'incident.responsibility')).find((f) => f.personId === employee), 'the fact');

    const period = periodContaining('monthly', new Date()).label;
    const cycle = await call('hr', 'POST', '/api/assessment-cycles', { scopeOrgUnitId: await unit('DEMO-CO'), period });
    expect(cycle.status).toBe(201);
    await openTask(cycle.body.workflowId, 'assessment.review', '', 60_000);
    const scores = async (personId: string) => (await call('hr', 'GET', `/api/scores/${encodeURIComponent(cycle.body.cycleId)}/person/${personId}`)).body;
    const mine = await scores(employee);
    expect(mine.lines.find((l: { ruleCode?: string }) => l.ruleCode === 'incident_direct_responsibility')).toMatchObject({
      kind: 'penalty',
      points: -5,
      n: 1,
      factIds: [direct.id],
    });
    expect(mine.lines.some((l: { ruleCode?: string }) => l.ruleCode === 'serious_incident')).toBe(false);
    expect(mine.flags.specialReview).toBe(false);
    const theirs = await scores(head);
    expect(theirs.lines.some((l: { ruleCode?: string }) => l.ruleCode === 'incident_direct_responsibility')).toBe(false);
    expect(theirs.flags.specialReview).toBe(false);
  }, 180_000);
});
