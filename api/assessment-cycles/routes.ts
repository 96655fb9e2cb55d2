import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { CADENCES } from '../../domain/assessment-cycle/period';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineListRoute, PageQuery, pageOf } from '../platform/pagination';
import { defineCreateRoute } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import { defineScheduleRoutes } from '../platform/schedule-routes';
import { TimeZone } from '../platform/time-zone';
import type { CycleState } from '../../workflows/assessment-cycle/messages';
import { CYCLE_ROLES } from './service';
import {
  BehaviourRating,
  Cycle,
  CycleDetail,
  CycleStarted,
  CycleStatus,
  RankingPage,
  Rating,
  RatingRecorded,
  ScoreFacts,
  ScoreReport,
  SubjectType,
  WhatIfResult,
  type StoredLine,
  type StoredSummary,
  type Written,
} from './schemas';

const Id = z.object({ id: z.string().min(1).max(100) });
const Schedule = z.object({
  scheduleId: z.string(),
  paused: z.boolean(),
  nextRuns: z.array(z.string()),
  recentRuns: z.array(z.object({ at: z.string(), workflowId: z.string() })),
  runs: z.number(),
  missedRuns: z.number().describe('Runs skipped because they came later than the catch-up window (each skipped period is also a missed_schedule alert)'),
});

/** Assessment cycles (考核周期), their snapshots, rankings and score reports, recompute, what-if, schedules. */
export function assessmentCycleRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { cycles } = deps.services;

  defineCreateRoute(router, registry, {
    path: '/api/assessment-cycles',
    operationId: 'startAssessmentCycle',
    summary: 'Start the assessment cycle of a scope and period on demand (the same scope and period is the same cycle)',
    tags: ['scoring'],
    access: [...CYCLE_ROLES],
    body: z
      .object({
        scopeOrgUnitId: z.string().uuid(),
        period: z.string().max(16).describe('2026-11 (monthly), 2026-Q4 (quarterly) or 2026-W47 (weekly)'),
        rulesetVersion: z.number().int().positive().optional().describe('Default: the newest published version'),
      })
      .strict(),
    item: CycleStarted,
    created: 'Started',
    again: 'Already started',
    save: (principal, body) => cycles.start(principal, body),
  });

  defineListRoute(router, registry, {
    path: '/api/assessment-cycles',
    operationId: 'listAssessmentCycles',
    summary: 'Cycles of scopes you can see, newest period first',
    tags: ['scoring'],
    access: 'authenticated',
    filters: { status: CycleStatus.optional() },
    item: Cycle,
    list: async (principal, query) => {
      const r = await cycles.list(principal, query);
      return { items: r.items as ((typeof r.items)[number] & Written['cycle'])[], total: r.total };
    },
  });

  defineScheduleRoutes(router, registry, {
    path: '/api/assessment-cycles/schedules',
    noun: 'CycleSchedule',
    tags: ['scoring'],
    managers: CYCLE_ROLES,
    body: z
      .object({
        scopeOrgUnitId: z.string().uuid(),
        cadence: z.enum(CADENCES),
        paused: z.boolean().default(false),
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
          .default('02:00'),
        timeZone: TimeZone.default('Asia/Shanghai'),
      })
      .strict(),
    item: Schedule,
    listed: Schedule.extend({ cadence: z.string(), scopeOrgUnitId: z.string(), scopeName: z.string() }),
    summaries: {
      list: 'Cycle schedules (weekly / monthly / quarterly) of scopes you can see',
      save: 'Create or change the weekly / monthly / quarterly schedule of a scope (a Temporal Schedule; each run scores the period that just ended)',
      trigger: 'Run a cycle schedule now',
      remove: 'Delete a cycle schedule',
    },
    service: cycles,
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/assessment-cycles/:id',
    operationId: 'getAssessmentCycle',
    summary: 'A cycle: progress, live state (phase, snapshot summary, review round), its snapshot versions',
    tags: ['scoring'],
    access: 'authenticated',
    params: Id,
    responses: { 200: { description: 'Detail', schema: CycleDetail } },
    handler: async ({ params, principal }) => {
      const detail = await cycles.detail(principal, params.id);
      // The service reads `live` from the cycle workflow's state query.
      return {
        ...detail,
        cycle: detail.cycle as typeof detail.cycle & Written['cycle'],
        live: detail.live as CycleState | null,
        snapshots: detail.snapshots as ((typeof detail.snapshots)[number] & Written['snapshot'])[],
      };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/assessment-cycles/:id/results',
    operationId: 'getCycleResults',
    summary: 'Ranking: a snapshot’s results of one subject type, best first (default: the current snapshot)',
    tags: ['scoring'],
    access: 'authenticated',
    params: Id,
    query: PageQuery.extend({ subjectType: SubjectType.default('person'), version: z.coerce.number().int().positive().optional() }).strict(),
    responses: { 200: { description: 'A page', schema: RankingPage } },
    handler: async ({ params, query, principal }) => {
      const r = await cycles.results(principal, params.id, query);
      // Each row carries its stored breakdown (score_results.summary), read back as JSON.
      return { ...pageOf(r.items as ((typeof r.items)[number] & StoredSummary & Written['result'])[], r.total, query), version: r.version };
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/assessment-cycles/:id/recompute',
    operationId: 'recomputeCycle',
    summary: 'Score the cycle again under its own ruleset version: the same hash proves it reproduces; late facts make a new draft snapshot version',
    tags: ['scoring'],
    access: [...CYCLE_ROLES],
    params: Id,
    body: z.object({ note: z.string().trim().min(1).max(500) }).strict(),
    responses: {
      200: {
        description: 'Result',
        schema: z.object({ reproduced: z.boolean(), inputHash: z.string(), version: z.number(), newVersion: z.number().nullable() }),
      },
    },
    handler: ({ params, body, principal }) => cycles.recompute(principal, params.id, body.note),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/scores/me',
    operationId: 'listMyScores',
    summary: 'Your own published scores, newest period first',
    tags: ['scoring'],
    access: 'authenticated',
    responses: {
      200: {
        description: 'Scores',
        schema: z.object({ items: z.array(z.object({ cycleId: z.string(), period: z.string(), version: z.number(), total: z.number(), rating: Rating })) }),
      },
    },
    handler: async ({ principal }) => {
      const mine = await cycles.mine(principal);
      return { items: mine.items as ((typeof mine.items)[number] & Pick<Written['result'], 'rating'>)[] };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/scores/:cycleId/:subjectType/:subjectId',
    operationId: 'getScoreReport',
    summary: 'A score report: total, rating, dimension breakdown and every line with the facts behind it; all snapshot versions listed',
    tags: ['scoring'],
    access: 'authenticated',
    params: z.object({ cycleId: z.string().min(1).max(100), subjectType: SubjectType, subjectId: z.string().min(1).max(200) }),
    query: z.object({ version: z.coerce.number().int().positive().optional() }).strict(),
    responses: { 200: { description: 'Report', schema: ScoreReport } },
    handler: async ({ params, query, principal }) => {
      const report = await cycles.subject(principal, params.cycleId, params.subjectType, params.subjectId, query.version);
      // The breakdown and the lines are the stored JSON of the result row (score_results.summary, .lines).
      type Report = Omit<typeof report, 'versions' | 'lines'> &
        StoredSummary &
        Written['snapshot'] &
        Written['result'] & {
          versions: ((typeof report.versions)[number] & Written['snapshot'] & Pick<Written['result'], 'rating'>)[];
          lines: StoredLine[];
        };
      return report as Report;
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/scores/:cycleId/:subjectType/:subjectId/facts',
    operationId: 'getScoreFacts',
    summary: 'The evidence behind a score report: every fact behind each line (or the line named by code)',
    tags: ['scoring'],
    access: 'authenticated',
    params: z.object({ cycleId: z.string().min(1).max(100), subjectType: SubjectType, subjectId: z.string().min(1).max(200) }),
    query: z.object({ code: z.string().max(64).optional(), version: z.coerce.number().int().positive().optional() }).strict(),
    responses: { 200: { description: 'Facts per line', schema: ScoreFacts } },
    handler: ({ params, query, principal }) => cycles.evidence(principal, params.cycleId, params.subjectType, params.subjectId, query.code, query.version),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/scores/ratings',
    operationId: 'rateBehaviour',
    summary:
      'Rate a person on a behaviour indicator for a period, as their superior, peer, subordinate or an external expert (several raters are weighted by the ruleset)',
    tags: ['scoring'],
    access: 'authenticated',
    body: z
      .object({
        personId: z.string().uuid(),
        indicatorCode: z.string().min(1).max(64),
        raterRole: z.enum(['superior', 'peer', 'subordinate', 'external_expert']),
        score: z.number().min(0).max(100),
        period: z.string().max(16),
        comment: z.string().trim().max(1000).optional(),
      })
      .strict(),
    responses: { 201: { description: 'Recorded (a rater’s second rating of the same indicator and period replaces the first)', schema: RatingRecorded } },
    handler: ({ body, principal }) => cycles.rate(principal, body),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/scores/ratings',
    operationId: 'listRatings',
    summary: 'The behaviour ratings of a person for a period',
    tags: ['scoring'],
    access: 'authenticated',
    query: z.object({ personId: z.string().uuid(), period: z.string().max(16) }).strict(),
    responses: { 200: { description: 'Ratings', schema: z.object({ items: z.array(BehaviourRating) }) } },
    handler: ({ query, principal }) => cycles.ratingsOf(principal, query.personId, query.period),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/rulesets/:version/what-if',
    operationId: 'runRulesetWhatIf',
    summary: 'What-if: evaluate a (draft) ruleset over a past cycle’s period and show per-subject differences before publishing it',
    tags: ['scoring'],
    access: [...CYCLE_ROLES, 'safety_officer'],
    params: z.object({ version: z.coerce.number().int().positive() }),
    body: z.object({ cycleId: z.string().min(1).max(100) }).strict(),
    responses: { 200: { description: 'Differences', schema: WhatIfResult } },
    handler: ({ params, body, principal }) => cycles.whatIf(principal, params.version, body.cycleId),
  });
}
