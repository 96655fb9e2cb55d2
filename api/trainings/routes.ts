import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { RouteDeps } from '../platform/services';
import { Day, defineImportRoute } from '../inspections/common';
import { z } from '../platform/openapi';
import { Code } from '../org/common';
import { defineListRoute } from '../platform/pagination';
import { defineCreateRoute, defineGetRoute, defineUpdateRoute, IdParams } from '../platform/resource-routes';
import { TRAINERS } from './service';

const TAGS = ['trainings'];
const Text = (max: number) => z.string().trim().min(1).max(max);

const CreateBody = z
  .object({
    trainingId: z.string().uuid().describe('Client-generated: a resend is the same session'),
    code: Code.nullable().optional().describe('Optional business code; attendance files may name the session by it'),
    title: Text(200),
    topic: Text(200),
    orgUnitId: z.string().uuid().describe('The organising unit (in your scope)'),
    heldOn: Day,
    trainer: Text(200),
    participantIds: z.array(z.string().uuid()).max(1000).default([]).describe('People (in your scope) enrolled'),
  })
  .strict();

const TrainingSummary = z
  .object({
    id: z.string(),
    code: z.string().nullable(),
    title: z.string(),
    topic: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    heldOn: z.string(),
    trainer: z.string(),
    participants: z.number(),
    recorded: z.number().describe('Participants with a recorded result'),
    attended: z.number(),
    passed: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('TrainingSummary');

const TrainingDetail = TrainingSummary.extend({
  participantList: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      employeeNo: z.string(),
      orgUnitId: z.string(),
      attended: z.boolean().nullable(),
      passed: z.boolean().nullable(),
      remark: z.string().nullable(),
      recordedBy: z.string().nullable(),
      recordedAt: z.string().nullable(),
      fact: z
        .object({ id: z.string(), value: z.number().nullable(), occurredAt: z.string() })
        .nullable()
        .describe('The training.attended fact: 1 attended and passed, 0 absent or failed'),
    }),
  ),
}).openapi('Training');

const ResultsBody = z
  .object({
    results: z
      .array(
        z
          .object({
            personId: z.string().uuid().describe('A participant, or a person in your scope (enrolled as a walk-in)'),
            attended: z.boolean(),
            passed: z.boolean().describe('false when absent'),
            remark: z.string().trim().max(1000).nullable().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

const Counts = z.object({ recorded: z.number(), corrected: z.number(), unchanged: z.number() }).openapi('TrainingResultCounts');

/** Safety training sessions (安全培训): sessions, participants, results (one fact each), attendance import. */
export function trainingRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { trainings } = deps.services;

  defineCreateRoute(router, registry, {
    path: '/api/trainings',
    operationId: 'createTraining',
    summary: 'Create a training session with its participants (a resent trainingId is the same session)',
    tags: TAGS,
    access: TRAINERS,
    body: CreateBody,
    item: TrainingDetail,
    created: 'Created',
    again: 'Already created (resend)',
    refusals: { 404: 'The org unit is not in your scope', 409: 'The id or code is used by a different session' },
    save: (principal, { trainingId, ...input }) => trainings.create(principal, trainingId, input),
    answer: (r) => r.training,
  });

  defineListRoute(router, registry, {
    path: '/api/trainings',
    operationId: 'listTrainings',
    summary: 'Training sessions organised in your scope or that you took part in, newest first',
    tags: TAGS,
    access: 'authenticated',
    filters: {
      orgUnitId: z.string().uuid().optional().describe('Organised by this unit or a unit below it'),
      personId: z.string().uuid().optional().describe('Sessions this person was enrolled in'),
      from: Day.optional().describe('Held on or after this day'),
      to: Day.optional().describe('Held on or before this day'),
    },
    item: TrainingSummary,
    list: (principal, query) => trainings.list(principal, query),
  });

  defineImportRoute(router, registry, {
    path: '/api/trainings/import',
    operationId: 'importTrainingAttendance',
    summary: 'Import attendance from a CSV or xlsx file (all rows or none; re-importing the same file changes nothing)',
    tags: TAGS,
    access: TRAINERS,
    columns:
      "training (the session's code or id), " +
      'person (employee number or username), attended (yes/no), passed (yes/no; may be empty when absent), remark. A person not enrolled yet is ' +
      'enrolled when in your scope. A result already recorded is corrected when the file differs.',
    imported: 'Every row is valid; imported (created = results recorded, updated = results corrected)',
    run: (p, table, dryRun, format) => trainings.import(p, table, dryRun, format),
  });

  defineGetRoute(router, registry, {
    path: '/api/trainings/:id',
    operationId: 'getTraining',
    summary: 'A training session with each participant’s result and fact',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    item: TrainingDetail,
    answer: 'Detail',
    refusals: { 404: 'Not found or not visible to you' },
    get: (principal, { id }) => trainings.detail(principal, id),
  });

  defineUpdateRoute(router, registry, {
    method: 'put',
    path: '/api/trainings/:id/results',
    operationId: 'recordTrainingResults',
    summary: 'Record or correct results (one training.attended fact per participant; the same result again changes nothing)',
    tags: TAGS,
    access: TRAINERS,
    params: IdParams,
    body: ResultsBody,
    item: Counts,
    answer: 'Recorded',
    refusals: {
      403: 'Not an organiser of this session',
      404: 'Not found or not visible to you',
      409: 'The session is in the future, or a changed result is already part of a published assessment cycle (nothing written)',
    },
    update: (principal, { id }, body) => trainings.recordResults(principal, id, body.results),
  });
}
