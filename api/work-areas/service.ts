import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { OrgUnit, WorkArea } from '../../db/entities';
import { likeContains } from '../../db/sql';
import type { Role } from '../../domain/org';
import { audit, invalid, uniqueOr409 } from '../org/common';
import { inScope, listedUnit, requireRole, underUnit } from '../platform/access';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { Principal } from '../platform/route';
import type { WorkAreaInput, WorkAreaNode, WorkAreaPatch, WorkAreaView } from './schemas';
import { named } from '../platform/names';

/** Who keeps the work areas and equipment: the safety hub and admins, department heads for the units of their subtree. */
export const WORK_AREA_WRITERS = ['safety_officer', 'admin', 'department_head'] as const satisfies readonly Role[];

/** The web page a work area's QR code opens (its running permits and the report forms, pre-filled). */
export function workAreaUrl(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}/areas/${encodeURIComponent(code)}`;
}

/** The QR code of a URL, as SVG (error correction M: survives a scratched or dirty label). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export interface WorkAreaFilter {
  orgUnitId?: string;
  active: 'true' | 'false' | 'all';
  q?: string;
  page: number;
  pageSize: number;
}

/**
 * Work areas and the equipment standing in them (作业区域 / 设备), where permits run: a tree of
 * areas with their equipment, each with a code printed under its QR code (the URL of its page),
 * owned by a unit whose head is the area owner. Everyone signed in reads them (a requester picks
 * the area of a permit anywhere in the plant); the safety hub, admins and department heads (in
 * their scope) keep them. Deactivating keeps the row: a permit's history still names its area.
 */
export class WorkAreaService {
  constructor(private readonly ds: DataSource) {}

  private async views(rows: WorkArea[], origin: string): Promise<WorkAreaView[]> {
    if (!rows.length) return [];
    const units = await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(rows.map((r) => r.orgUnitId))]) });
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind as WorkAreaView['kind'],
      parentId: r.parentId,
      orgUnitId: r.orgUnitId,
      orgUnitName: named(units.find((u) => u.id === r.orgUnitId)),
      active: r.active,
      url: workAreaUrl(origin, r.code),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  /** A page of areas (by code) with their equipment. */
  async list(f: WorkAreaFilter, origin: string): Promise<{ items: WorkAreaNode[]; total: number }> {
    const qb = this.ds
      .getRepository(WorkArea)
      .createQueryBuilder('a')
      .innerJoin(OrgUnit, 'ou', 'ou.id = a.org_unit_id')
      .where('a.kind = :area', { area: 'area' });
    if (f.orgUnitId) underUnit(qb, 'ou', await listedUnit(this.ds, f.orgUnitId));
    if (f.active === 'true') qb.andWhere('a.active = :yes', { yes: true });
    if (f.active === 'false')
      qb.andWhere('(a.active = :no OR EXISTS (SELECT 1 FROM work_areas ie WHERE ie.parent_id = a.id AND ie.active = :no))', { no: false });
    if (f.q)
      qb.andWhere(
        `(a.code LIKE :q ESCAPE '!' OR a.name LIKE :q ESCAPE '!' OR EXISTS (SELECT 1 FROM work_areas qe WHERE qe.parent_id = a.id AND (qe.code LIKE :q ESCAPE '!' OR qe.name LIKE :q ESCAPE '!')))`,
        {
          q: likeContains(f.q),
        },
      );
    const [areas, total] = await qb
      .orderBy('a.code', 'ASC')
      .offset((f.page - 1) * f.pageSize)
      .limit(f.pageSize)
      .getManyAndCount();
    const equipment = areas.length
      ? await this.ds.getRepository(WorkArea).find({
          where: { parentId: In(areas.map((a) => a.id)), ...(f.active === 'all' ? {} : { active: f.active === 'true' }) },
          order: { code: 'ASC' },
        })
      : [];
    const areaViews = await this.views(areas, origin);
    const equipmentViews = await this.views(equipment, origin);
    return { items: areaViews.map((a) => ({ ...a, equipment: equipmentViews.filter((e) => e.parentId === a.id) })), total };
  }

  async byCode(code: string, origin: string): Promise<WorkAreaView> {
    const row = await this.ds.getRepository(WorkArea).findOneBy({ code });
    if (!row) throw new NotFoundError(`No work area or equipment with code ${code}`);
    return (await this.views([row], origin))[0];
  }

  /** The owning unit, when in the caller's scope: else a 400 on `path`. */
  private async unitInScope(em: EntityManager, p: Principal, id: string, path: string): Promise<OrgUnit> {
    const unit = await em.findOneBy(OrgUnit, { id });
    if (!unit || !inScope(p, unit.path)) throw invalid(path, 'no such org unit in your scope');
    return unit;
  }

  private async parentArea(em: EntityManager, id: string, path: string): Promise<WorkArea> {
    const parent = await em.findOneBy(WorkArea, { id });
    if (!parent || parent.kind !== 'area') throw invalid(path, 'no such work area (equipment stands in an area)');
    if (!parent.active) throw invalid(path, 'the area is deactivated');
    return parent;
  }

  private static snapshot(r: WorkArea) {
    return { code: r.code, name: r.name, kind: r.kind, parentId: r.parentId, orgUnitId: r.orgUnitId, active: r.active };
  }

  async create(p: Principal, b: WorkAreaInput, origin: string): Promise<WorkAreaView> {
    requireRole(p, ...WORK_AREA_WRITERS);
    const row = await this.ds.transaction(async (em) => {
      const unit = await this.unitInScope(em, p, b.orgUnitId, 'body.orgUnitId');
      if (b.kind === 'area' && b.parentId) throw invalid('body.parentId', 'an area stands in no other area');
      if (b.kind === 'equipment' && !b.parentId) throw invalid('body.parentId', 'required: the area the equipment stands in');
      const parentId = b.kind === 'equipment' ? (await this.parentArea(em, b.parentId!, 'body.parentId')).id : null;
      if (await em.existsBy(WorkArea, { code: b.code }))
        throw new ConflictError(`Work area code ${b.code} is already in use`, [{ path: 'body.code', message: 'already in use' }]);
      const r = em.create(WorkArea, { id: randomUUID(), code: b.code, name: b.name, kind: b.kind, parentId, orgUnitId: unit.id, active: true });
      await uniqueOr409('body.code', 'Work area code', () => em.insert(WorkArea, { ...r }));
      await audit(em, p, { action: 'work_area.created', entityType: 'work_area', entityId: r.id, after: WorkAreaService.snapshot(r), orgUnitId: unit.id });
      return em.findOneByOrFail(WorkArea, { id: r.id });
    });
    return (await this.views([row], origin))[0];
  }

  /** Renames, moves, hands over or (de)activates an area or equipment; deactivating an area deactivates its equipment. */
  async update(p: Principal, id: string, b: WorkAreaPatch, origin: string): Promise<WorkAreaView> {
    requireRole(p, ...WORK_AREA_WRITERS);
    const row = await this.ds.transaction(async (em) => {
      const r = await em.findOneBy(WorkArea, { id });
      const owner = r ? await em.findOneBy(OrgUnit, { id: r.orgUnitId }) : null;
      if (!r || !owner || !inScope(p, owner.path)) throw new NotFoundError('Work area not found');
      const before = WorkAreaService.snapshot(r);
      if (b.orgUnitId !== undefined) r.orgUnitId = (await this.unitInScope(em, p, b.orgUnitId, 'body.orgUnitId')).id;
      if (b.parentId !== undefined) {
        if (r.kind !== 'equipment') throw invalid('body.parentId', 'an area stands in no other area');
        r.parentId = (await this.parentArea(em, b.parentId, 'body.parentId')).id;
      }
      if (b.name !== undefined) r.name = b.name;
      if (b.active !== undefined) {
        if (b.active && r.parentId && !(await em.findOneByOrFail(WorkArea, { id: r.parentId })).active)
          throw invalid('body.active', 'its area is deactivated: reactivate the area first');
        r.active = b.active;
      }
      const after = WorkAreaService.snapshot(r);
      if (JSON.stringify(before) === JSON.stringify(after)) return r;
      await em.update(WorkArea, { id: r.id }, { name: r.name, parentId: r.parentId, orgUnitId: r.orgUnitId, active: r.active });
      if (r.kind === 'area' && before.active && !r.active) await em.update(WorkArea, { parentId: r.id, active: true }, { active: false });
      await audit(em, p, { action: 'work_area.updated', entityType: 'work_area', entityId: r.id, before, after, orgUnitId: r.orgUnitId });
      return em.findOneByOrFail(WorkArea, { id: r.id });
    });
    return (await this.views([row], origin))[0];
  }
}
