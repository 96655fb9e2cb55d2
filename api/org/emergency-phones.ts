import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { OrgUnit } from '../../db/entities';
import { emergencyPhonesAlong, MAX_EMERGENCY_PHONES, type EmergencyPhone } from '../../domain/emergency/phones';
import { hasRole } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { z } from '../platform/openapi';
import { defineGetRoute, defineUpdateRoute } from '../platform/resource-routes';
import type { Principal } from '../platform/route';
import { audit, changeAsOrgWriter, IdParams, loadUnitInScope, ORG_WRITERS } from './common';

export const EmergencyPhoneView = z
  .object({
    label: z.string().describe('Who answers, in Chinese (安全环保部 24h 值班)'),
    labelEn: z.string().describe('The same in English'),
    number: z.string().describe('As dialled (0512-6283 1110, 119)'),
  })
  .openapi('EmergencyPhone');

/** The emergency numbers for a unit (its materialised path): its own, then those of every unit above it. */
export async function emergencyPhonesFor(ds: DataSource, orgUnitPath: string): Promise<EmergencyPhone[]> {
  const ids = orgUnitPath.split('/').filter(Boolean);
  if (ids.length === 0) return [];
  const rows = await ds.getRepository(OrgUnit).find({ where: { id: In(ids) }, select: { id: true, emergencyPhones: true } });
  const byId = new Map(rows.map((r) => [r.id, r.emergencyPhones]));
  return emergencyPhonesAlong([...ids].reverse().map((id) => byId.get(id)));
}

const PHONE_NUMBER = /^\+?\d[\d\s-]{1,30}\d$/;

const EmergencyPhoneInput = z
  .object({
    label: z.string().trim().min(1).max(100).describe('Who answers, in Chinese'),
    labelEn: z.string().trim().min(1).max(100).describe('The same in English'),
    number: z.string().trim().regex(PHONE_NUMBER, 'digits, with an optional leading + and - or spaces between groups').describe('As dialled'),
  })
  .strict();

const SetEmergencyPhonesBody = z
  .object({ phones: z.array(EmergencyPhoneInput).max(MAX_EMERGENCY_PHONES).describe('The unit’s own numbers, in the order shown (replaces the list)') })
  .strict()
  .openapi('SetEmergencyPhones');

const UnitEmergencyPhones = z
  .object({
    orgUnitId: z.string(),
    phones: z.array(EmergencyPhoneView).describe('The unit’s own numbers'),
    shown: z.array(EmergencyPhoneView).describe('What someone of this unit is shown: its own numbers, then those of every unit above it'),
    canEdit: z.boolean(),
  })
  .openapi('UnitEmergencyPhones');

async function describePhones(em: EntityManager, p: Principal, unit: OrgUnit) {
  const ids = unit.path.split('/').filter(Boolean);
  const rows = await em.find(OrgUnit, { where: { id: In(ids) }, select: { id: true, emergencyPhones: true } });
  const byId = new Map(rows.map((r) => [r.id, r.emergencyPhones]));
  return {
    orgUnitId: unit.id,
    phones: unit.emergencyPhones ?? [],
    shown: emergencyPhonesAlong([...ids].reverse().map((id) => byId.get(id))),
    canEdit: hasRole(p, ...ORG_WRITERS),
  };
}

/** A unit's emergency numbers (issue 20): read by anyone who sees the unit, kept by org writers in scope. */
export function emergencyPhoneRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const ds = deps.dataSource;

  defineGetRoute(router, registry, {
    path: '/api/org/units/:id/emergency-phones',
    operationId: 'getUnitEmergencyPhones',
    summary: 'A unit’s emergency numbers, and what its people are shown (its own, then those above it)',
    tags: ['org'],
    access: 'authenticated',
    params: IdParams,
    item: UnitEmergencyPhones,
    answer: 'The numbers',
    refusals: { 404: 'No such unit in your scope' },
    get: async (principal, params) => describePhones(ds.manager, principal, await loadUnitInScope(ds.manager, principal, params.id)),
  });

  defineUpdateRoute(router, registry, {
    method: 'put',
    path: '/api/org/units/:id/emergency-phones',
    operationId: 'setUnitEmergencyPhones',
    summary: 'Set a unit’s own emergency numbers (replaces the list); org writers in scope',
    tags: ['org'],
    access: ORG_WRITERS,
    params: IdParams,
    body: SetEmergencyPhonesBody,
    item: UnitEmergencyPhones,
    answer: 'The numbers',
    refusals: { 400: 'A number that cannot be dialled', 403: 'Not an org writer', 404: 'No such unit in your scope' },
    update: (principal, params, body) =>
      changeAsOrgWriter(ds, principal, loadUnitInScope, params.id, async (em, unit) => {
        const before = unit.emergencyPhones ?? [];
        const after: EmergencyPhone[] = body.phones.map((x) => ({ label: x.label, labelEn: x.labelEn, number: x.number }));
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await em.update(OrgUnit, { id: unit.id }, { emergencyPhones: after.length ? after : null });
          await audit(em, principal, {
            action: 'org.unit.emergency_phones_set',
            entityType: 'org_unit',
            entityId: unit.id,
            before: { phones: before },
            after: { phones: after },
            orgUnitId: unit.id,
          });
          unit.emergencyPhones = after.length ? after : null;
        }
        return describePhones(em, principal, unit);
      }),
  });
}
