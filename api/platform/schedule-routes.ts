import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { ZodType } from 'zod';
import type { Role } from '../../domain/org';
import { z } from './openapi';
import { defineCreateRoute, defineDeleteRoute, Triggered } from './resource-routes';
import { defineRoute, type Principal } from './route';

/** The `:scheduleId` of a schedule's routes (a Temporal Schedule id). */
export const ScheduleIdParams = z.object({ scheduleId: z.string().min(1).max(200) });

/**
 * What a feature's service does with its Temporal Schedules (one per unit or scope): it checks
 * who may see and change each one; reading one and pausing it are optional.
 */
export interface ScheduleService<B, S, L = S> {
  listSchedules(p: Principal): Promise<L[]>;
  saveSchedule(p: Principal, body: B): Promise<{ created: boolean; schedule: S }>;
  getSchedule?(p: Principal, scheduleId: string): Promise<S>;
  setPaused?(p: Principal, scheduleId: string, paused: boolean, note: string): Promise<S>;
  triggerSchedule(p: Principal, scheduleId: string): Promise<void>;
  deleteSchedule(p: Principal, scheduleId: string): Promise<unknown>;
}

/** The summary of each schedule route; `get` and `pause` only where the service reads and pauses one. */
interface ScheduleSummaries {
  list: string;
  save: string;
  get?: string;
  pause?: string;
  trigger: string;
  remove: string;
}

/**
 * The routes of a feature's schedules under `path`, named after `noun` (e.g. `CycleSchedule`:
 * listCycleSchedules, saveCycleSchedule, getCycleSchedule, pauseCycleSchedule,
 * triggerCycleSchedule, deleteCycleSchedule): any user lists and reads the ones they can see,
 * `managers` create or change (PUT, 201 or 200 with the schedule), pause, run now (202) and
 * delete them.
 */
export function defineScheduleRoutes<B extends ZodType, S extends ZodType, L extends ZodType = S>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: {
    path: string;
    noun: string;
    tags: string[];
    managers: readonly Role[];
    body: B;
    item: S;
    /** What a row of the list is (default: `item`). */
    listed?: L;
    summaries: ScheduleSummaries;
    service: ScheduleService<z.infer<B>, z.input<S>, z.input<L>>;
  },
): void {
  const { path, noun, tags, managers: access, body, item, listed, summaries, service } = spec;
  const one = `${path}/:scheduleId`;
  defineRoute(router, registry, {
    method: 'get',
    path,
    operationId: `list${noun}s`,
    summary: summaries.list,
    tags,
    access: 'authenticated',
    responses: { 200: { description: 'Schedules', schema: z.object({ items: z.array(listed ?? item) }) } },
    handler: async ({ principal }) => ({ items: await service.listSchedules(principal) }),
  });
  defineCreateRoute(router, registry, {
    method: 'put',
    path,
    operationId: `save${noun}`,
    summary: summaries.save,
    tags,
    access,
    body,
    item,
    created: 'Created',
    again: 'Changed',
    save: (principal, b) => service.saveSchedule(principal, b),
    answer: (r) => r.schedule,
  });
  const { getSchedule, setPaused } = service;
  if (getSchedule && summaries.get) {
    defineRoute(router, registry, {
      method: 'get',
      path: one,
      operationId: `get${noun}`,
      summary: summaries.get,
      tags,
      access: 'authenticated',
      params: ScheduleIdParams,
      responses: { 200: { description: 'Schedule', schema: item } },
      handler: ({ params, principal }) => getSchedule.call(service, principal, params.scheduleId),
    });
  }
  if (setPaused && summaries.pause) {
    defineRoute(router, registry, {
      method: 'post',
      path: `${one}/pause`,
      operationId: `pause${noun}`,
      summary: summaries.pause,
      tags,
      access,
      params: ScheduleIdParams,
      body: z.object({ paused: z.boolean(), note: z.string().trim().min(1).max(500) }).strict(),
      responses: { 200: { description: 'Schedule', schema: item } },
      handler: ({ params, body: b, principal }) => setPaused.call(service, principal, params.scheduleId, b.paused, b.note),
    });
  }
  defineRoute(router, registry, {
    method: 'post',
    path: `${one}/trigger`,
    operationId: `trigger${noun}`,
    summary: summaries.trigger,
    tags,
    access,
    params: ScheduleIdParams,
    responses: { 202: { description: 'Triggered', schema: Triggered } },
    handler: async ({ params, principal }) => {
      await service.triggerSchedule(principal, params.scheduleId);
      return { triggered: true } as const;
    },
  });
  defineDeleteRoute(router, registry, {
    path: one,
    operationId: `delete${noun}`,
    summary: summaries.remove,
    tags,
    access,
    params: ScheduleIdParams,
    remove: (principal, { scheduleId }) => service.deleteSchedule(principal, scheduleId),
  });
}
