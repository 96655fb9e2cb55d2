import { CREW_ROLES, GAS_KINDS, isLevelOf, PERMIT_LEVELS, PERMIT_STATUSES, PERMIT_TYPES, SUSPENSION_REASONS } from '../../domain/permit/constants';
import { isoDate } from '../../domain/task-forms';
import { z } from '../platform/openapi';
import { TaskViewSchema } from '../tasks/routes';

/** What the permit routes take and answer. */

export const PermitType = z.enum(PERMIT_TYPES).openapi('PermitType');
export const PermitLevel = z.enum(PERMIT_LEVELS).openapi('PermitLevel');
export const PermitStatus = z.enum(PERMIT_STATUSES).openapi('PermitStatus');
export const CrewRole = z.enum(CREW_ROLES).openapi('CrewRole');
const SafetyMeasureKind = z.enum(['isolation', 'blind', 'ventilation', 'fire_equipment', 'ppe', 'other']).openapi('SafetyMeasureKind');
const text = (max: number) => z.string().trim().min(1).max(max);

/** A permit request: type and level, where, what, when, who (with their certificates, checked), the JSA and the safety measures. */
export const PermitRequestBody = z
  .object({
    permitId: z.string().uuid().describe('Client-generated id: a resent request is the same permit'),
    type: PermitType,
    level: PermitLevel.describe("One of the type's levels (hot work: special, first, second; work at height: I–IV; lifting: first–third; others: standard)"),
    areaId: z.string().uuid(),
    equipmentId: z.string().uuid().optional(),
    workContent: text(2000),
    windowFrom: isoDate,
    windowTo: isoDate,
    crew: z
      .array(z.object({ personId: z.string().uuid(), role: CrewRole }).strict())
      .min(1)
      .max(30)
      .refine((c) => new Set(c.map((x) => `${x.personId}/${x.role}`)).size === c.length, 'a person once per role'),
    contractor: z.string().trim().max(200).optional(),
    jsa: z
      .array(z.object({ step: text(500), hazards: text(1000), controls: text(1000) }).strict())
      .min(1)
      .max(50),
    measures: z
      .array(z.object({ kind: SafetyMeasureKind, description: text(1000), lockNumber: z.string().trim().max(64).optional() }).strict())
      .min(1)
      .max(100),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!isLevelOf(b.type, b.level)) ctx.addIssue({ code: 'custom', path: ['level'], message: `not a level of ${b.type}` });
    if (Date.parse(b.windowTo) <= Date.parse(b.windowFrom)) ctx.addIssue({ code: 'custom', path: ['windowTo'], message: 'must be after windowFrom' });
    if (b.measures.some((m) => m.kind === 'isolation' && !m.lockNumber))
      ctx.addIssue({ code: 'custom', path: ['measures'], message: 'every isolation point needs its lock number' });
  });
export type PermitRequestInput = z.infer<typeof PermitRequestBody>;

const ConflictView = z.object({ permitId: z.string(), number: z.string(), type: PermitType });

export const PermitRequested = z
  .object({ permitId: z.string(), workflowId: z.string(), number: z.string(), created: z.boolean(), conflicts: z.array(ConflictView) })
  .openapi('PermitRequested');

export const GasTestBody = z
  .object({
    testId: z.string().uuid().describe('Client-generated id: a resent test is recorded once'),
    takenAt: isoDate.optional().describe('When the readings were taken (default: now)'),
    readings: z.partialRecord(z.enum(GAS_KINDS), z.number().min(0).max(1_000_000)).describe('o2: % vol; lel: % of the lower explosive limit; h2s, co: ppm'),
  })
  .strict();
export type GasTestInputBody = z.infer<typeof GasTestBody>;

export const GasTestView = z
  .object({
    testId: z.string(),
    passed: z.boolean(),
    failures: z.array(z.object({ kind: z.enum(GAS_KINDS), value: z.number() })),
    missing: z.array(z.enum(GAS_KINDS)),
    effect: z.enum(['recorded', 'suspended', 'cleared']).describe('What the test did: recorded only, suspended the permit, or let it go on'),
    status: PermitStatus,
  })
  .openapi('PermitGasTestResult');

export const WorkActionBody = z
  .object({
    action: z.enum(['start', 'pause', 'resume', 'complete']),
    clientId: z.string().uuid().describe('A resend with the same id gets the first answer'),
  })
  .strict();

const Clock = z.object({ kind: z.string(), at: z.string() }).nullable();

export const PermitSummary = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    number: z.string(),
    type: PermitType,
    level: PermitLevel,
    status: PermitStatus,
    areaId: z.string(),
    areaName: z.string(),
    orgUnitId: z.string(),
    workContent: z.string(),
    windowFrom: z.string(),
    windowTo: z.string(),
    issuedAt: z.string().nullable(),
    validUntil: z.string().nullable(),
    lastGasTestAt: z.string().nullable(),
    nextClock: Clock,
    suspensionReason: z.enum(SUSPENSION_REASONS).nullable(),
    suspensions: z.number(),
    compliant: z.boolean().nullable(),
    requester: z.string().nullable(),
  })
  .openapi('PermitSummary');

export const PermitDetail = PermitSummary.extend({
  contractor: z.string().nullable(),
  crew: z.array(z.object({ personId: z.string(), name: z.string(), role: CrewRole })),
  jsa: z.array(z.object({ step: z.string(), hazards: z.string(), controls: z.string() })),
  measures: z.array(z.object({ kind: SafetyMeasureKind, description: z.string(), lockNumber: z.string().nullable() })),
  conflicts: z.array(ConflictView),
  gasTests: z.array(
    z.object({
      id: z.string(),
      takenAt: z.string(),
      tester: z.string().nullable(),
      readings: z.partialRecord(z.enum(GAS_KINDS), z.number()),
      passed: z.boolean(),
    }),
  ),
  tasks: z.array(TaskViewSchema),
  timeline: z.array(z.object({ id: z.string(), at: z.string(), type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()) })),
  temporalUrl: z.string().nullable(),
}).openapi('PermitDetail');
