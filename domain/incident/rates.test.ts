import {
  addMonths,
  countsTowardRates,
  LTIFR_BASE_HOURS,
  monthOf,
  monthOfCell,
  monthsBetween,
  monthStart,
  perHours,
  safetyRates,
  SEVERITY_BASE_HOURS,
  TRIR_BASE_HOURS,
  type RateIncident,
} from './rates';
import { incidentIds } from '../../test/support/safety-rates';

const CST = 480;
let n = 0;
const incident = (occurredAt: string, consequence: string | null, daysLost = 0, more: Partial<RateIncident> = {}): RateIncident => ({
  id: `i${++n}`,
  kind: 'incident',
  status: 'investigating',
  consequence,
  daysLost,
  occurredAt: new Date(occurredAt),
  fromDrill: false,
  ...more,
});

describe('months', () => {
  it('steps across years and lists a range with both ends', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2025-03', '2025-03')).toEqual(['2025-03']);
    expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
  });

  it('an instant falls in its month at +08:00: 17:00 UTC on 31 January is already February', () => {
    expect(monthOf(new Date('2025-01-31T15:59:59.999Z'), CST)).toBe('2025-01');
    expect(monthOf(new Date('2025-01-31T16:00:00.000Z'), CST)).toBe('2025-02');
    expect(monthOf(new Date('2025-01-31T16:00:00.000Z'), 0)).toBe('2025-01');
    expect(monthStart('2025-02', CST).toISOString()).toBe('2025-01-31T16:00:00.000Z');
  });

  it.each([
    ['2025-03', '2025-03'],
    ['2025-3', '2025-03'],
    ['2025/03', '2025-03'],
    ['2025.12', '2025-12'],
    ['2025年3月', '2025-03'],
    ['2025-03-31', '2025-03'],
    [' 2025-03 ', '2025-03'],
    // A date cell as exceljs renders it, whatever the server's zone: a calendar day at midnight UTC.
    ['Sat Mar 01 2025 08:00:00 GMT+0800 (China Standard Time)', '2025-03'],
    ['Fri Feb 28 2025 19:00:00 GMT-0500 (Eastern Standard Time)', '2025-03'],
    ['Sat Mar 01 2025 00:00:00 GMT+0000 (Coordinated Universal Time)', '2025-03'],
    ['2025-13', null],
    ['2025-00', null],
    ['2025-02-30', null],
    ['March 2025', null],
    ['45717', null],
    ['', null],
  ])('the cell %j names %s', (cell, month) => {
    expect(monthOfCell(cell)).toBe(month);
  });
});

describe('rates', () => {
  it('have their documented bases', () => {
    expect([TRIR_BASE_HOURS, LTIFR_BASE_HOURS, SEVERITY_BASE_HOURS]).toEqual([200_000, 1_000_000, 1_000_000]);
  });

  it('are null without hours, never a division by zero', () => {
    expect(perHours(3, null, TRIR_BASE_HOURS)).toBeNull();
    expect(perHours(3, 0, TRIR_BASE_HOURS)).toBeNull();
    expect(perHours(0, 50_000, TRIR_BASE_HOURS)).toBe(0);
    expect(perHours(1, 50_000, TRIR_BASE_HOURS)).toBe(4);
  });

  it('count incidents only: near misses, cancelled incidents and a drill’s never', () => {
    expect(countsTowardRates({ kind: 'incident', status: 'closed', fromDrill: false })).toBe(true);
    expect(countsTowardRates({ kind: 'near_miss', status: 'closed', fromDrill: false })).toBe(false);
    expect(countsTowardRates({ kind: 'incident', status: 'cancelled', fromDrill: false })).toBe(false);
    expect(countsTowardRates({ kind: 'incident', status: 'closed', fromDrill: true })).toBe(false);
  });

  it('per month and for the range, by hand', () => {
    const medical = incident('2025-01-10T02:00:00Z', 'medical_treatment');
    const firstAid = incident('2025-01-12T02:00:00Z', 'first_aid');
    // 01:00 on 1 February in Shanghai: February's.
    const lost = incident('2025-01-31T17:00:00Z', 'lost_time', 12);
    const nearMiss = incident('2025-02-03T02:00:00Z', 'lost_time', 5, { kind: 'near_miss' });
    const cancelled = incident('2025-02-04T02:00:00Z', 'fatality', 6000, { status: 'cancelled' });
    const unclassified = incident('2025-02-05T02:00:00Z', null);
    const drill = incident('2025-02-06T02:00:00Z', 'lost_time', 3, { fromDrill: true });
    const fatal = incident('2025-03-02T02:00:00Z', 'fatality', 6000);
    const april = incident('2025-04-02T02:00:00Z', 'medical_treatment');
    const outside = incident('2025-05-02T02:00:00Z', 'lost_time', 3);
    const r = safetyRates({
      from: '2025-01',
      to: '2025-04',
      offsetMinutes: CST,
      hours: [
        { month: '2025-01', hours: 100_000, entries: 2 },
        { month: '2025-02', hours: 80_000, entries: 1 },
        { month: '2025-03', hours: 0, entries: 1 },
      ],
      // Any order: the drill-down lists them oldest first.
      incidents: [outside, april, fatal, drill, unclassified, cancelled, nearMiss, lost, firstAid, medical],
    });
    expect(r.months).toEqual([
      // 1 × 200,000 / 100,000 = 2; no lost time.
      {
        month: '2025-01',
        hours: 100_000,
        hoursEntries: 2,
        recordable: 1,
        lostTime: 0,
        daysLost: 0,
        trir: 2,
        ltifr: 0,
        severityRate: 0,
        incidentIds: incidentIds([medical], [], []),
      },
      // 1 × 200,000 / 80,000 = 2.5; 1 × 1,000,000 / 80,000 = 12.5; 12 × 1,000,000 / 80,000 = 150.
      {
        month: '2025-02',
        hours: 80_000,
        hoursEntries: 1,
        recordable: 1,
        lostTime: 1,
        daysLost: 12,
        trir: 2.5,
        ltifr: 12.5,
        severityRate: 150,
        incidentIds: incidentIds([lost], [lost], [lost]),
      },
      // 0 hours entered: counts, no rates.
      {
        month: '2025-03',
        hours: 0,
        hoursEntries: 1,
        recordable: 1,
        lostTime: 1,
        daysLost: 6000,
        trir: null,
        ltifr: null,
        severityRate: null,
        incidentIds: incidentIds([fatal], [fatal], [fatal]),
      },
      // No hours entered.
      {
        month: '2025-04',
        hours: null,
        hoursEntries: 0,
        recordable: 1,
        lostTime: 0,
        daysLost: 0,
        trir: null,
        ltifr: null,
        severityRate: null,
        incidentIds: incidentIds([april], [], []),
      },
    ]);
    // January to March (April has no entry): 180,000 hours; 3 recordable → 3 × 200,000 / 180,000; 2 lost time → 2 × 10⁶ / 180,000; 6,012 days → 6,012 × 10⁶ / 180,000.
    expect(r.total).toEqual({
      hours: 180_000,
      hoursEntries: 4,
      recordable: 3,
      lostTime: 2,
      daysLost: 6012,
      trir: (3 * 200_000) / 180_000,
      ltifr: (2 * 1_000_000) / 180_000,
      severityRate: (6012 * 1_000_000) / 180_000,
      incidentIds: incidentIds([medical, lost, fatal], [lost, fatal], [lost, fatal]),
      monthsWithoutHours: ['2025-04'],
    });
  });

  it('a range without any hours has no rates at all', () => {
    const r = safetyRates({ from: '2025-01', to: '2025-02', offsetMinutes: CST, hours: [], incidents: [incident('2025-01-10T02:00:00Z', 'lost_time', 2)] });
    expect(r.months.map((m) => [m.month, m.recordable, m.trir])).toEqual([
      ['2025-01', 1, null],
      ['2025-02', 0, null],
    ]);
    expect(r.total).toMatchObject({ hours: null, recordable: 0, trir: null, ltifr: null, severityRate: null, monthsWithoutHours: ['2025-01', '2025-02'] });
  });
});
