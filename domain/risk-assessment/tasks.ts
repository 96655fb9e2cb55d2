import { z } from 'zod';
import { itemKey, isoDate, workReport, verification, type TaskTypeDef } from '../task-forms';

/** The task types of a joint risk assessment: the form each is completed with. */
export const RISK_ASSESSMENT_TASKS = {
  'risk.input': {
    schema: z.object({ assessment: z.string().trim().min(1).max(10000), concerns: z.string().trim().max(5000).optional() }).strict(),
    fields: [
      { name: 'assessment', type: 'textarea', required: true, maxLength: 10000 },
      { name: 'concerns', type: 'textarea', required: false, maxLength: 5000 },
    ],
  },
  'risk.compile': {
    schema: z
      .object({
        items: z
          .array(
            z
              .object({
                key: itemKey.optional(),
                title: z.string().trim().min(1).max(300),
                source: z.string().trim().min(1).max(100),
                likelihood: z.number().int().min(1).max(10),
                severity: z.number().int().min(1).max(10),
                ownerOrgUnitId: z.string().uuid(),
              })
              .strict(),
          )
          .min(1, 'the register needs at least one risk')
          .max(100),
        summary: z.string().trim().max(5000).optional(),
      })
      .strict(),
    fields: [
      { name: 'items', type: 'riskItems', required: true },
      { name: 'summary', type: 'textarea', required: false, maxLength: 5000 },
    ],
  },
  'risk.measures': {
    schema: z.object({ proposals: z.array(z.object({ itemKey, description: z.string().trim().min(1).max(2000) }).strict()).max(50) }).strict(),
    fields: [{ name: 'proposals', type: 'measureProposals', required: true }],
  },
  'risk.plan': {
    schema: z
      .object({
        measures: z
          .array(z.object({ itemKey, description: z.string().trim().min(1).max(2000), ownerOrgUnitId: z.string().uuid(), dueAt: isoDate }).strict())
          .min(1, 'the plan needs at least one measure')
          .max(50),
        note: z.string().trim().max(5000).optional(),
      })
      .strict(),
    fields: [
      { name: 'measures', type: 'controlPlan', required: true },
      { name: 'note', type: 'textarea', required: false, maxLength: 5000 },
    ],
  },
  'risk.measure': workReport(),
  'risk.verify': verification(),
} satisfies Record<string, TaskTypeDef>;
