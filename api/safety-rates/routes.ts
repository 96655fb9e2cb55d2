import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { LTIFR_BASE_HOURS, SEVERITY_BASE_HOURS, TRIR_BASE_HOURS } from '../../domain/incident/rates';
import { DASHBOARD_ROLES } from '../dashboard/service';
import { defineImportRoute } from '../inspections/common';
import { defineListRoute } from '../platform/pagination';
import { defineCreateRoute } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import type { RouteDeps } from '../platform/services';
import { SafetyRatesQuery, SafetyRatesView, WorkedHoursBody, WorkedHoursFilters, WorkedHoursView } from './schemas';
import { HOURS_WRITERS } from './service';

const TAGS = ['safety-rates'];

/** Worked hours per unit and month (entered, imported) and the safety performance rates: TRIR, LTIFR, severity rate. */
export function safetyRateRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { safetyRates } = deps.services;

  defineCreateRoute(router, registry, {
    method: 'put',
    path: '/api/worked-hours',
    operationId: 'putWorkedHours',
    summary: 'Record the hours worked in a unit in a month (safety hub, HR, admins; in your scope); a second PUT for the same unit and month corrects it',
    tags: TAGS,
    access: HOURS_WRITERS,
    body: WorkedHoursBody,
    item: WorkedHoursView,
    created: 'Recorded',
    again: 'Corrected (or unchanged)',
    save: (principal, body) => safetyRates.put(principal, body),
    answer: (r) => r.view,
  });

  defineListRoute(router, registry, {
    path: '/api/worked-hours',
    operationId: 'listWorkedHours',
    summary: 'Worked-hours entries of a unit’s subtree, by month then unit code',
    tags: TAGS,
    access: DASHBOARD_ROLES,
    filters: WorkedHoursFilters,
    item: WorkedHoursView,
    list: (principal, query) => safetyRates.list(principal, query),
  });

  defineImportRoute(router, registry, {
    path: '/api/worked-hours/import',
    operationId: 'importWorkedHours',
    summary: 'Import worked hours from an xlsx or CSV file (all rows or none; re-importing the same file changes nothing)',
    tags: TAGS,
    access: HOURS_WRITERS,
    columns:
      'unit (the org unit’s code, in your scope), month (YYYY-MM; 2025/3, 2025年3月 and date cells are read as their month), ' +
      'hours (a number, thousands separators allowed). An entry that exists for the unit and month is corrected when the file differs.',
    imported: 'Every row is valid; imported (created = new entries, updated = corrected entries)',
    run: (p, table, dryRun, format) => safetyRates.import(p, table, dryRun, format),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/safety-rates',
    operationId: 'getSafetyRates',
    summary:
      `Safety performance rates of a unit’s subtree per month (the trend) and for the range: TRIR = recordable incidents × ${TRIR_BASE_HOURS} / hours, ` +
      `LTIFR = lost-time injuries × ${LTIFR_BASE_HOURS} / hours (百万工时伤害率), severity rate = days lost × ${SEVERITY_BASE_HOURS} / hours (伤害严重率). ` +
      'Incidents count in the month they occurred (the group’s time zone); near misses and cancelled incidents never count; a month without hours has null rates. ' +
      'Each hour counts once: a unit’s own hours stand for its whole subtree that month (hours entered for units under it are then left out); ' +
      'a unit without its own entry counts the sum of its children’s. Each figure lists the incidents behind it.',
    tags: TAGS,
    access: DASHBOARD_ROLES,
    query: SafetyRatesQuery,
    responses: { 200: { description: 'The rates', schema: SafetyRatesView } },
    handler: ({ query, principal }) => safetyRates.rates(principal, query),
  });
}
