import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Emergency, Incident, OrgUnit, WorkedHours } from '../../db/entities';
import { DEFAULT_UTC_OFFSET_MINUTES } from '../../domain/dashboard';
import {
  addMonths,
  LTIFR_BASE_HOURS,
  MAX_MONTHS,
  monthOf,
  monthsBetween,
  monthStart,
  safetyRates,
  SEVERITY_BASE_HOURS,
  TRIR_BASE_HOURS,
  monthHours,
} from '../../domain/incident/rates';
import type { Role } from '../../domain/org';
import { DashboardService } from '../dashboard/service';
import { rejectProblems } from '../inspections/common';
import { findByKey, findDuplicates, auditImport, importReport, validateRows, type ImportProblem, type ImportReport } from '../org/import';
import type { Table } from '../org/table';
import { audit, invalid, uniqueOr409 } from '../org/common';
import { inScope, requireRole, underUnit } from '../platform/access';
import type { Principal } from '../platform/route';
import { WorkedHoursRow, type WorkedHoursInput, type WorkedHoursView } from './schemas';
import { named, nameOf } from '../platform/names';

/** Who enters and imports worked hours: the safety hub, HR, admins — in their own scope (admins anywhere). */
export const HOURS_WRITERS = ['safety_officer', 'hr', 'admin'] as const satisfies readonly Role[];

interface MonthQuery {
  from?: string;
  to?: string;
}

type SaveOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Worked hours per unit and month (entered or imported) and the safety performance rates made
 * from them and the `incidents` projection (domain/incident/rates.ts): TRIR, LTIFR and severity
 * rate per month with the incidents behind each figure. Reads see what the dashboard sees (its
 * scope rule: the safety hub, managers, HR, auditors and admins the group, department heads their
 * unit's subtree); every write is audited in its transaction.
 */
export class SafetyRateService {
  private readonly dashboard: DashboardService;

  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dashboard = new DashboardService(ds, now);
  }

  /** The months of a query, both included (default: the twelve ending with the current one), or 400. */
  private months(q: MonthQuery, offsetMinutes: number): { from: string; to: string } {
    const to = q.to ?? monthOf(this.now(), offsetMinutes);
    const from = q.from ?? addMonths(to, -11);
    if (from > to) throw invalid('query.to', 'must not be before from');
    if (monthsBetween(from, to).length > MAX_MONTHS) throw invalid('query.from', `at most ${MAX_MONTHS} months`);
    return { from, to };
  }

  /** Records a unit's hours for a month (created, corrected or left as it was), with its audit row. */
  private async save(em: EntityManager, p: Principal, unit: OrgUnit, month: string, hours: number, existing: WorkedHours | null, via: 'api' | 'import') {
    if (existing && existing.hours === hours) return { outcome: 'unchanged' as SaveOutcome, row: existing };
    const row = em.create(WorkedHours, { id: existing?.id ?? randomUUID(), orgUnitId: unit.id, month, hours, updatedBy: p.username });
    if (existing) await em.update(WorkedHours, { id: existing.id }, { hours, updatedBy: p.username });
    else await uniqueOr409('body.month', 'Hours for this unit and month', () => em.insert(WorkedHours, { ...row }));
    await audit(em, p, {
      action: existing ? 'worked_hours.updated' : 'worked_hours.created',
      entityType: 'worked_hours',
      entityId: row.id,
      before: existing ? { orgUnitId: unit.id, month, hours: existing.hours } : null,
      after: { orgUnitId: unit.id, month, hours, via },
      orgUnitId: unit.id,
    });
    return { outcome: (existing ? 'updated' : 'created') as SaveOutcome, row: await em.findOneByOrFail(WorkedHours, { id: row.id }) };
  }

  private view(row: WorkedHours, unit: Pick<OrgUnit, 'code' | 'name'> | undefined): WorkedHoursView {
    return {
      id: row.id,
      orgUnitId: row.orgUnitId,
      orgUnitCode: unit?.code ?? null,
      orgUnitName: named(unit),
      month: row.month,
      hours: Number(row.hours),
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** PUT: a unit's hours for a month; `created` when there was no entry yet. */
  async put(p: Principal, b: WorkedHoursInput): Promise<{ created: boolean; view: WorkedHoursView }> {
    requireRole(p, ...HOURS_WRITERS);
    return this.ds.transaction(async (em) => {
      const unit = await em.findOneBy(OrgUnit, { id: b.orgUnitId });
      if (!unit || !inScope(p, unit.path)) throw invalid('body.orgUnitId', 'no such org unit in your scope');
      const existing = await em.findOneBy(WorkedHours, { orgUnitId: unit.id, month: b.month });
      const saved = await this.save(em, p, unit, b.month, b.hours, existing, 'api');
      return { created: saved.outcome === 'created', view: this.view(saved.row, unit) };
    });
  }

  /** The entries of the scope's subtree in the months, by month then unit code. */
  async list(p: Principal, q: MonthQuery & { orgUnitId?: string; page: number; pageSize: number }) {
    const { from, to } = this.months(q, DEFAULT_UTC_OFFSET_MINUTES);
    const scope = await this.dashboard.scope(p, q.orgUnitId);
    const qb = this.ds
      .getRepository(WorkedHours)
      .createQueryBuilder('w')
      .innerJoin(OrgUnit, 'ou', 'ou.id = w.org_unit_id')
      .where('w.month >= :from AND w.month <= :to', { from, to });
    const [rows, total] = await underUnit(qb, 'ou', scope.unit)
      .orderBy('w.month', 'ASC')
      .addOrderBy('ou.code', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    const units = rows.length ? await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(rows.map((r) => r.orgUnitId))]) }) : [];
    return {
      items: rows.map((r) =>
        this.view(
          r,
          units.find((u) => u.id === r.orgUnitId),
        ),
      ),
      total,
    };
  }

  /**
   * Hours from a table (`WorkedHoursRow`: unit code, month, hours), all rows or none: unknown or
   * out-of-scope units, bad months or hours and a unit's month twice are reported by row. An
   * entry that exists is corrected when the file differs, so re-importing a file changes nothing.
   */
  async import(p: Principal, table: Table, dryRun: boolean, format: string): Promise<ImportReport> {
    requireRole(p, ...HOURS_WRITERS);
    return this.ds.transaction(async (em) => {
      const problems: ImportProblem[] = [];
      const rows = validateRows(table, WorkedHoursRow, ['unit', 'month', 'hours'], problems);
      const dupes = findDuplicates(rows, (r) => `${r.unit}|${r.month}`, 'month', problems);
      const units = await findByKey(
        em,
        OrgUnit,
        'code',
        rows.map((r) => r.unit),
      );
      const planned = rows.flatMap((r) => {
        const unit = units.get(r.unit);
        if (dupes.has(r)) return [];
        if (!unit || !inScope(p, unit.path)) {
          problems.push({ row: r.row, column: 'unit', message: 'no org unit with this code in your scope' });
          return [];
        }
        return [{ ...r, unit }];
      });
      rejectProblems(problems, dryRun);

      const existing = planned.length
        ? await em.findBy(WorkedHours, { orgUnitId: In([...new Set(planned.map((r) => r.unit.id))]), month: In([...new Set(planned.map((r) => r.month))]) })
        : [];
      const counts: Record<SaveOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
      for (const r of planned) {
        const before = existing.find((e) => e.orgUnitId === r.unit.id && e.month === r.month) ?? null;
        const outcome = dryRun
          ? !before
            ? 'created'
            : before.hours === r.hours
              ? 'unchanged'
              : 'updated'
          : (await this.save(em, p, r.unit, r.month, r.hours, before, 'import')).outcome;
        counts[outcome]++;
      }
      if (!dryRun && counts.created + counts.updated > 0) await auditImport(em, p, 'worked_hours', { format, rows: table.rows.length, ...counts });
      return importReport(dryRun, counts);
    });
  }

  /** TRIR, LTIFR and severity rate of the scope's subtree per month, with the range's total and the incidents behind each figure. */
  async rates(p: Principal, q: MonthQuery & { orgUnitId?: string; utcOffsetMinutes: number }) {
    const { from, to } = this.months(q, q.utcOffsetMinutes);
    const scope = await this.dashboard.scope(p, q.orgUnitId);
    const hoursQb = this.ds
      .getRepository(WorkedHours)
      .createQueryBuilder('w')
      .innerJoin(OrgUnit, 'ou', 'ou.id = w.org_unit_id')
      .select('ou.path', 'unitPath')
      .addSelect('w.month', 'month')
      .addSelect('w.hours', 'hours')
      .where('w.month >= :from AND w.month <= :to', { from, to });
    const entries = await underUnit(hoursQb, 'ou', scope.unit).getRawMany<{ unitPath: string; month: string; hours: unknown }>();
    // A unit's own entry stands for its subtree: hours entered for a unit and its parent count once.
    const hours = monthHours(entries.map((e) => ({ unitPath: e.unitPath, month: e.month, hours: Number(e.hours) })));
    // Every incident of the subtree in the months; what counts (kind, status, drill, consequence) is the domain's decision.
    const incidentQb = this.ds
      .getRepository(Incident)
      .createQueryBuilder('i')
      .innerJoin(OrgUnit, 'ou', 'ou.id = i.org_unit_id')
      .select(['i.id', 'i.kind', 'i.status', 'i.consequence', 'i.daysLost', 'i.occurredAt', 'i.emergencyId'])
      .where('i.occurred_at >= :start AND i.occurred_at < :end', {
        start: monthStart(from, q.utcOffsetMinutes),
        end: monthStart(addMonths(to, 1), q.utcOffsetMinutes),
      });
    const rows = await underUnit(incidentQb, 'ou', scope.unit).getMany();
    const emergencyIds = [...new Set(rows.flatMap((i) => (i.emergencyId ? [i.emergencyId] : [])))];
    const drills = new Set(emergencyIds.length ? (await this.ds.getRepository(Emergency).findBy({ id: In(emergencyIds), drill: true })).map((e) => e.id) : []);
    const incidents = rows.map((i) => ({ ...i, fromDrill: !!i.emergencyId && drills.has(i.emergencyId) }));
    const r = safetyRates({ from, to, offsetMinutes: q.utcOffsetMinutes, hours, incidents });
    return {
      scope: { orgUnitId: scope.unit.id, name: nameOf(scope.unit), kind: scope.unit.kind },
      from,
      to,
      utcOffsetMinutes: q.utcOffsetMinutes,
      bases: { trir: TRIR_BASE_HOURS, ltifr: LTIFR_BASE_HOURS, severityRate: SEVERITY_BASE_HOURS },
      ...r,
    };
  }
}
