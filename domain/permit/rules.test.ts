import fc from 'fast-check';
import { PERMIT_LEVELS_OF, PERMIT_TYPES } from './constants';
import { DEFAULT_PERMIT_POLICY as P, PermitPolicySchema, permitKey } from './policy';
import {
  approvalRefusal,
  approversFor,
  certificateReminderDue,
  conflictsWith,
  crewCertificateProblems,
  isGasTestFresh,
  judgeGasTest,
  needsGasTest,
  validUntil,
  type Certificate,
} from './rules';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('the default permit policy', () => {
  it('is valid and has approvers and a validity for every type and level', () => {
    expect(PermitPolicySchema.parse(P)).toEqual(P);
    for (const type of PERMIT_TYPES)
      for (const level of PERMIT_LEVELS_OF[type]) {
        expect(approversFor(P, type, level).length).toBeGreaterThan(0);
        expect(P.validity[permitKey(type, level)]).toBeGreaterThan(0);
      }
  });

  it('refuses a table that leaves a level out, and a key that is not a type and its level', () => {
    const { 'hot_work:second': _, ...rest } = P.approvals;
    expect(PermitPolicySchema.safeParse({ ...P, approvals: rest }).success).toBe(false);
    expect(PermitPolicySchema.safeParse({ ...P, validity: { ...P.validity, 'hot_work:IV': 60 } }).success).toBe(false);
  });

  it('takes the standard figures: 8 h for 特级/一级 hot work, 72 h for 二级, a test at most 30 min old, a new one after a 60 min pause', () => {
    expect(P.validity['hot_work:special']).toBe(8 * 3600);
    expect(P.validity['hot_work:first']).toBe(8 * 3600);
    expect(P.validity['hot_work:second']).toBe(72 * 3600);
    expect(P.gas.freshFor).toBe(30 * 60);
    expect(P.gas.pauseRetestAfter).toBe(60 * 60);
    expect(approversFor(P, 'hot_work', 'special')).toEqual(['department_head', 'safety_officer', 'manager']);
  });
});

describe('gas tests', () => {
  it('passes a confined space within every limit, fails it on any reading out of limits or any gas not read', () => {
    const good = { o2: 20.9, lel: 0, h2s: 0, co: 2 };
    expect(judgeGasTest(P, 'confined_space', good)).toEqual({ passed: true, failures: [], missing: [] });
    expect(judgeGasTest(P, 'confined_space', { ...good, o2: 19.4 }).failures.map((f) => f.kind)).toEqual(['o2']);
    expect(judgeGasTest(P, 'confined_space', { ...good, o2: 21.5 }).passed).toBe(false); // enriched
    expect(judgeGasTest(P, 'confined_space', { ...good, lel: 10 }).passed).toBe(false); // below 10 % LEL, strictly
    expect(judgeGasTest(P, 'confined_space', { ...good, lel: 9.9 }).passed).toBe(true);
    expect(judgeGasTest(P, 'confined_space', { ...good, h2s: 7 }).passed).toBe(true);
    expect(judgeGasTest(P, 'confined_space', { ...good, h2s: 7.1 }).passed).toBe(false);
    expect(judgeGasTest(P, 'confined_space', { o2: 20.9, lel: 0, co: 2 })).toEqual({ passed: false, failures: [], missing: ['h2s'] });
  });

  it('needs a test for hot work and confined spaces only, by default', () => {
    expect(PERMIT_TYPES.filter((t) => needsGasTest(P, t))).toEqual(['hot_work', 'confined_space']);
    expect(judgeGasTest(P, 'excavation', {}).passed).toBe(true);
  });

  it('passes exactly the readings inside every bound (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (o2, lel) => {
        const v = judgeGasTest(P, 'hot_work', { o2, lel });
        expect(v.passed).toBe(o2 >= 19.5 && o2 <= 23.5 && lel < 10);
      }),
    );
  });

  it('counts a test as fresh for 30 minutes, never one from the future', () => {
    const t = Date.UTC(2026, 11, 6, 8);
    expect(isGasTestFresh(P, t, t + 30 * MIN)).toBe(true);
    expect(isGasTestFresh(P, t, t + 30 * MIN + 1)).toBe(false);
    expect(isGasTestFresh(P, t + 1, t)).toBe(false);
  });
});

describe('approvals', () => {
  const base = { approverUserId: 'a', approverRoles: ['department_head'], requesterUserId: 'r', crewUserIds: ['w1'], role: 'department_head' as const };
  it('lets a holder of the role approve, never the requester, a crew member, or someone without the role (delegated or not)', () => {
    expect(approvalRefusal(base)).toBeNull();
    expect(approvalRefusal({ ...base, approverUserId: 'r' })).toBe('requester');
    expect(approvalRefusal({ ...base, approverUserId: 'w1' })).toBe('crew');
    expect(approvalRefusal({ ...base, role: 'safety_officer' })).toBe('lacks_role');
    expect(approvalRefusal({ ...base, role: 'safety_officer', delegated: true })).toBe('delegate_lacks_role');
    expect(approvalRefusal({ ...base, approverUserId: 'r', approverRoles: ['department_head', 'manager'] })).toBe('requester');
  });
});

describe('validity', () => {
  it('ends at the requested end or the longest validity from issue, whichever is first', () => {
    const t = Date.UTC(2026, 11, 6, 8);
    expect(validUntil(P, 'hot_work', 'first', t, t + 12 * HOUR)).toBe(t + 8 * HOUR);
    expect(validUntil(P, 'hot_work', 'second', t, t + 12 * HOUR)).toBe(t + 12 * HOUR);
    expect(validUntil(P, 'temporary_electricity', 'standard', t, t + 30 * DAY)).toBe(t + 15 * DAY);
  });
});

describe('simultaneous operations', () => {
  const t = Date.UTC(2026, 11, 6, 8);
  const running = [
    { id: 'cs', type: 'confined_space' as const, areaId: 'A', from: t, to: t + 4 * HOUR },
    { id: 'cs-b', type: 'confined_space' as const, areaId: 'B', from: t, to: t + 4 * HOUR },
    { id: 'ex', type: 'excavation' as const, areaId: 'A', from: t, to: t + 4 * HOUR },
    { id: 'later', type: 'blind_plate' as const, areaId: 'A', from: t + 5 * HOUR, to: t + 6 * HOUR },
  ];
  it('flags hot work beside a confined-space entry in the same area and window, in either order', () => {
    expect(conflictsWith(P, { type: 'hot_work', areaId: 'A', from: t + HOUR, to: t + 2 * HOUR }, running).map((p) => p.id)).toEqual(['cs']);
    expect(conflictsWith(P, { type: 'hot_work', areaId: 'A', from: t + 4.5 * HOUR, to: t + 5.5 * HOUR }, running).map((p) => p.id)).toEqual(['later']);
    expect(conflictsWith(P, { type: 'excavation', areaId: 'A', from: t, to: t + HOUR }, running)).toEqual([]);
    const hot = [{ id: 'hw', type: 'hot_work' as const, areaId: 'B', from: t, to: t + HOUR }];
    expect(conflictsWith(P, { type: 'confined_space', areaId: 'B', from: t, to: t + HOUR }, hot).map((p) => p.id)).toEqual(['hw']);
  });
});

describe('certificates', () => {
  const t = Date.UTC(2026, 11, 6, 8);
  const window = { from: t, to: t + 8 * HOUR };
  const cert = (personId: string, type: Certificate['type'], expiresAt: number | null, revoked = false): Certificate => ({
    personId,
    type,
    expiresAt,
    revoked,
  });

  it('finds the crew members without a valid certificate for their role, and one that lapses mid-window', () => {
    const crew = [
      { personId: 'welder', role: 'operator' as const },
      { personId: 'lapsing', role: 'operator' as const },
      { personId: 'none', role: 'operator' as const },
      { personId: 'revoked', role: 'operator' as const },
      { personId: 'watch', role: 'guardian' as const },
    ];
    const certs = [
      cert('welder', 'welding', t + 30 * DAY),
      cert('lapsing', 'welding', t + 2 * HOUR),
      cert('none', 'electrician', null),
      cert('revoked', 'welding', null, true),
    ];
    expect(crewCertificateProblems(P, 'hot_work', crew, certs, window)).toEqual([
      { personId: 'lapsing', role: 'operator', needs: ['welding'], reason: 'lapses' },
      { personId: 'none', role: 'operator', needs: ['welding'], reason: 'missing' },
      { personId: 'revoked', role: 'operator', needs: ['welding'], reason: 'missing' },
    ]);
  });

  it('reminds at 90, 30 and 7 days before expiry', () => {
    const exp = t + 100 * DAY;
    expect(certificateReminderDue(P, exp, t)).toBeNull();
    expect(certificateReminderDue(P, exp, exp - 90 * DAY)).toBe(90);
    expect(certificateReminderDue(P, exp, exp - 29 * DAY)).toBe(30);
    expect(certificateReminderDue(P, exp, exp - DAY)).toBe(7);
    expect(certificateReminderDue(P, exp, exp + 1)).toBeNull();
  });
});
