import { z } from 'zod';

/**
 * Task types: the form each kind of human task is completed with. The API validates a
 * completion's payload against the schema and shows the field list to the UI; processes add
 * their task types here.
 */
export interface FormField {
  name: string;
  type: 'text' | 'textarea' | 'boolean' | 'select' | 'number' | 'datetime';
  required: boolean;
  options?: string[];
  maxLength?: number;
}

interface TaskTypeDef {
  schema: z.ZodType;
  fields: FormField[];
}

const TASK_TYPES = {
  'notice.acknowledge': {
    schema: z
      .object({
        understood: z.literal(true, { message: 'must be confirmed' }),
        comment: z.string().trim().max(2000).optional(),
      })
      .strict(),
    fields: [
      { name: 'understood', type: 'boolean', required: true },
      { name: 'comment', type: 'textarea', required: false, maxLength: 2000 },
    ],
  },
} satisfies Record<string, TaskTypeDef>;

export type TaskType = keyof typeof TASK_TYPES;

export function isTaskType(t: string): t is TaskType {
  return Object.prototype.hasOwnProperty.call(TASK_TYPES, t);
}

export function taskTypeDef(t: string): TaskTypeDef {
  if (!isTaskType(t)) throw new Error(`unknown task type ${t}`);
  return TASK_TYPES[t];
}
