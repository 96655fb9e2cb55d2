import type { Role } from '../../shared/api';
import { byQuery, client, dataOf, type Body, type Query } from '../../shared/api/client';
import type { SafetyRates, SafetyRatesMonth, WorkedHours } from '../../shared/api/types';

export type { SafetyRates, SafetyRatesMonth, WorkedHours };

/** A month's or the range's figures; each lists the incidents behind it. */
export type RateFigures = Pick<SafetyRatesMonth, 'hours' | 'recordable' | 'lostTime' | 'daysLost' | 'trir' | 'ltifr' | 'severityRate' | 'incidentIds'>;

export type SafetyRatesQuery = Query<'getSafetyRates'>;

export type WorkedHoursQuery = Query<'listWorkedHours'>;

/** The three rates, in the order the page shows them. */
export const RATES = ['trir', 'ltifr', 'severityRate'] as const;
export type RateName = (typeof RATES)[number];

/** The figure each rate counts, whose incident ids are its drill-down. */
export const RATE_COUNTS = { trir: 'recordable', ltifr: 'lostTime', severityRate: 'daysLost' } as const satisfies Record<
  RateName,
  keyof RateFigures['incidentIds']
>;

/** Who enters and imports worked hours (the API's HOURS_WRITERS). */
export const HOURS_WRITER_ROLES = ['safety_officer', 'hr', 'admin'] as const satisfies readonly Role[];

export const fetchSafetyRates = (query: SafetyRatesQuery) => dataOf(client.GET('/api/safety-rates', byQuery(query)));

export const listWorkedHours = (query: WorkedHoursQuery) => dataOf(client.GET('/api/worked-hours', byQuery(query)));

export const putWorkedHours = (body: Body<'putWorkedHours'>) => dataOf(client.PUT('/api/worked-hours', { body }));

/** Where worked hours are imported from an xlsx or CSV file (ImportFileButton). */
export const WORKED_HOURS_IMPORT_PATH = '/api/worked-hours/import';
