import { PERMIT_LEVELS_OF } from '../../../../domain/permit/constants';
import { byId, byQuery, client, dataOf, type Body, type Ok, type Query } from '../../shared/api/client';
import { CrewRoleValues, PermitLevelValues, PermitStatusValues, PermitTypeValues, SafetyMeasureKindValues } from '../../shared/api/values';
import type { PermitType, PermitLevel, PermitStatus, PermitGasTestResult } from '../../shared/api/types';

export type {
  PermitType,
  PermitLevel,
  PermitStatus,
  CrewRole,
  SafetyMeasureKind,
  PermitSummary,
  PermitDetail,
  PermitRequested,
  PermitGasTestResult,
  WorkArea,
  WorkAreaNode,
} from '../../shared/api/types';
export type GasKind = PermitGasTestResult['failures'][number]['kind'];
export type NewPermit = Body<'requestPermit'>;
export type PermitFilter = Query<'listPermits'>;
export type WorkAction = Body<'movePermitWork'>['action'];

export const PERMIT_TYPES = PermitTypeValues;
export const PERMIT_LEVELS = PermitLevelValues;
export const PERMIT_STATUSES = PermitStatusValues;
export const CREW_ROLES = CrewRoleValues;
export const MEASURE_KINDS = SafetyMeasureKindValues;
export const GAS_KINDS = ['o2', 'lel', 'h2s', 'co'] as const satisfies readonly GasKind[];

/** A type's own levels (a type without levels has `standard`). */
export const LEVELS_OF: Record<PermitType, readonly PermitLevel[]> = PERMIT_LEVELS_OF;

/** Statuses from approval to the end of the watch: what a permit board shows as running. */
export const RUNNING_STATUSES: readonly PermitStatus[] = ['approving', 'issued', 'working', 'paused', 'suspended', 'watching'];

/** The moves of the work each status allows, as the workflow's validator does (a suspension is lifted by a passing test, to paused). */
export const WORK_ACTIONS: Partial<Record<PermitStatus, readonly WorkAction[]>> = {
  issued: ['start'],
  working: ['pause', 'complete'],
  paused: ['resume', 'complete'],
  suspended: ['complete'],
};

/** Who may record a test at this point: before approval, and while the permit is issued or at work. */
export const GAS_TEST_STATUSES: readonly PermitStatus[] = ['gas_testing', 'approving', 'issued', 'working', 'paused', 'suspended'];

export const requestPermit = (body: NewPermit) => dataOf(client.POST('/api/permits', { body }));

export const listPermits = (filter: PermitFilter) => dataOf(client.GET('/api/permits', byQuery(filter)));

export const fetchPermit = (id: string) => dataOf(client.GET('/api/permits/{id}', byId(id)));

export const recordGasTest = (id: string, body: Body<'recordPermitGasTest'>) => dataOf(client.POST('/api/permits/{id}/gas-tests', { ...byId(id), body }));

export const movePermitWork = (id: string, body: Body<'movePermitWork'>) => dataOf(client.POST('/api/permits/{id}/work', { ...byId(id), body }));

export const listWorkAreas = (q?: string) => dataOf(client.GET('/api/work-areas', byQuery({ q, pageSize: 100 })));

export const fetchWorkAreaByCode = (code: string) => dataOf(client.GET('/api/work-areas/by-code/{code}', { params: { path: { code } } }));

export type PermitListResult = Ok<'listPermits'>;
