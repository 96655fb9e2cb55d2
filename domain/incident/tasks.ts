import { z } from 'zod';
import { evidenceId, isoDate, type TaskTypeDef } from '../task-forms';
import { ACTION_KINDS, FISHBONE_CATEGORIES, INCIDENT_CATEGORIES, INCIDENT_CONSEQUENCES, RESPONSIBILITY_LEVELS } from './constants';

const count = z.number().int().min(0).max(10_000);
const text = (max: number) => z.string().trim().min(1).max(max);

/** The safety hub's classification: GB 6441 category, consequence, counts, loss and the investigation team. */
export const ClassificationSchema = z
  .object({
    category: z.enum(INCIDENT_CATEGORIES),
    consequence: z.enum(INCIDENT_CONSEQUENCES),
    deaths: count.default(0),
    seriousInjuries: count.default(0),
    minorInjuries: count.default(0),
    daysLost: count.default(0),
    directLossYuan: z.number().min(0).max(1e12).default(0),
    investigationLeadPersonId: z.string().uuid(),
    investigationMemberPersonIds: z.array(z.string().uuid()).max(20).default([]),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.consequence === 'fatality' && c.deaths < 1) ctx.addIssue({ code: 'custom', path: ['deaths'], message: 'a fatality needs at least one death' });
    if (c.deaths > 0 && c.consequence !== 'fatality')
      ctx.addIssue({ code: 'custom', path: ['consequence'], message: 'deaths mean the consequence is a fatality' });
    if (c.consequence === 'lost_time' && c.daysLost < 1) ctx.addIssue({ code: 'custom', path: ['daysLost'], message: 'lost time needs at least one day lost' });
    if (c.investigationMemberPersonIds.includes(c.investigationLeadPersonId))
      ctx.addIssue({ code: 'custom', path: ['investigationMemberPersonIds'], message: 'the lead is not also a member' });
  });
export type Classification = z.infer<typeof ClassificationSchema>;

/** A corrective or preventive action the investigation proposes: one department owns it, with a due date. */
export const ProposedActionSchema = z.object({ kind: z.enum(ACTION_KINDS), orgUnitId: z.string().uuid(), description: text(2000), dueAt: isoDate }).strict();
export type ProposedAction = z.infer<typeof ProposedActionSchema>;

/** The investigation report: timeline of events, a 5-why chain, fishbone causes, evidence and the actions. */
export const InvestigationSchema = z
  .object({
    timeline: z
      .array(z.object({ at: isoDate, what: text(1000) }).strict())
      .min(1)
      .max(100),
    whys: z.array(text(1000)).min(1).max(10).describe('The 5-why chain: each answer asks the next "why?"; the last is the root cause'),
    fishbone: z
      .array(z.object({ category: z.enum(FISHBONE_CATEGORIES), cause: text(1000) }).strict())
      .max(60)
      .default([]),
    rootCause: text(2000),
    summary: text(10_000),
    evidenceIds: z.array(evidenceId).max(20).default([]),
    actions: z.array(ProposedActionSchema).max(20).default([]),
  })
  .strict();
export type Investigation = z.infer<typeof InvestigationSchema>;

/** Who bears which responsibility (直接 / 主要 / 领导责任). */
export const ResponsibilitySchema = z
  .object({
    responsibilities: z
      .array(z.object({ personId: z.string().uuid(), level: z.enum(RESPONSIBILITY_LEVELS), note: z.string().trim().max(2000).optional() }).strict())
      .max(30)
      .refine((rs) => new Set(rs.map((r) => r.personId)).size === rs.length, 'one entry per person'),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export type Responsibility = z.infer<typeof ResponsibilitySchema>;

/** The task types of an incident: the form each is completed with. */
export const INCIDENT_TASKS = {
  'incident.classify': {
    schema: ClassificationSchema,
    fields: [
      { name: 'category', type: 'select', required: true, options: [...INCIDENT_CATEGORIES] },
      { name: 'consequence', type: 'select', required: true, options: [...INCIDENT_CONSEQUENCES] },
      { name: 'deaths', type: 'number', required: false, min: 0 },
      { name: 'seriousInjuries', type: 'number', required: false, min: 0 },
      { name: 'minorInjuries', type: 'number', required: false, min: 0 },
      { name: 'daysLost', type: 'number', required: false, min: 0 },
      { name: 'directLossYuan', type: 'number', required: false, min: 0 },
      { name: 'investigationLeadPersonId', type: 'person', required: true },
      { name: 'investigationMemberPersonIds', type: 'people', required: false },
      { name: 'note', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'incident.regulatory_report': {
    schema: z
      .object({ reportedBy: text(100), reportedAt: isoDate, authority: text(200), reference: text(100), note: z.string().trim().max(2000).optional() })
      .strict(),
    fields: [
      { name: 'reportedBy', type: 'text', required: true, maxLength: 100 },
      { name: 'reportedAt', type: 'datetime', required: true },
      { name: 'authority', type: 'text', required: true, maxLength: 200 },
      { name: 'reference', type: 'text', required: true, maxLength: 100 },
      { name: 'note', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'incident.investigate': {
    schema: InvestigationSchema,
    fields: [
      { name: 'timeline', type: 'timeline', required: true },
      { name: 'whys', type: 'whys', required: true },
      { name: 'fishbone', type: 'fishbone', required: false },
      { name: 'rootCause', type: 'textarea', required: true, maxLength: 2000 },
      { name: 'summary', type: 'textarea', required: true, maxLength: 10_000 },
      { name: 'evidenceIds', type: 'evidence', required: false },
      { name: 'actions', type: 'correctiveActions', required: false },
    ],
  },
  'incident.responsibility': {
    schema: ResponsibilitySchema,
    fields: [
      { name: 'responsibilities', type: 'responsibilities', required: true },
      { name: 'note', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'incident.close': {
    schema: z
      .object({
        lessons: text(10_000),
        lessonsOrgUnitIds: z.array(z.string().uuid()).max(50).default([]).describe('Departments that must acknowledge the lessons learned'),
      })
      .strict(),
    fields: [
      { name: 'lessons', type: 'textarea', required: true, maxLength: 10_000 },
      { name: 'lessonsOrgUnitIds', type: 'orgUnits', required: false },
    ],
  },
} satisfies Record<string, TaskTypeDef>;
