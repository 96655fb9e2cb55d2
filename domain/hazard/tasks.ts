import { z } from 'zod';
import { evidenceId, workReport, verification, type TaskTypeDef } from '../task-forms';

/** The task types of a hazard: the form each is completed with. */
export const HAZARD_TASKS = {
  'hazard.grade': {
    schema: z
      .object({
        likelihood: z.number().int().min(1).max(10),
        severity: z.number().int().min(1).max(10),
        responsibleOrgUnitId: z.string().uuid(),
        responsiblePersonId: z.string().uuid().optional(),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
    fields: [
      { name: 'likelihood', type: 'number', required: true, min: 1, max: 5 },
      { name: 'severity', type: 'number', required: true, min: 1, max: 5 },
      { name: 'responsibleOrgUnitId', type: 'orgUnit', required: true },
      { name: 'responsiblePersonId', type: 'person', required: false },
      { name: 'note', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'hazard.acknowledge': {
    schema: z.object({ understood: z.literal(true, { message: 'must be confirmed' }), comment: z.string().trim().max(2000).optional() }).strict(),
    fields: [
      { name: 'understood', type: 'boolean', required: true },
      { name: 'comment', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
  'hazard.rectify': {
    schema: z
      .object({ summary: z.string().trim().min(1).max(5000), evidenceIds: z.array(evidenceId).min(1, 'attach at least one photo or document').max(20) })
      .strict(),
    fields: [
      { name: 'summary', type: 'textarea', required: true, maxLength: 5000 },
      { name: 'evidenceIds', type: 'evidence', required: true },
    ],
  },
  'hazard.major_action': workReport(),
  'hazard.verify': verification(),
  'hazard.extension_approval': {
    schema: z.object({ approved: z.boolean(), reason: z.string().trim().min(1).max(2000) }).strict(),
    fields: [
      { name: 'approved', type: 'boolean', required: true },
      { name: 'reason', type: 'textarea', required: true, maxLength: 2000 },
    ],
  },
} satisfies Record<string, TaskTypeDef>;
