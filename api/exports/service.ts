import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Between, In, type DataSource } from 'typeorm';
import { snapshotId } from '../../activities/shared/scoring-data';
import { appendAudit } from '../../db/audit/audit-log';
import { AssessmentCycle, Fact, Hazard, OrgUnit, Person, ScoreResult, ScoreSnapshot, Task } from '../../db/entities';
import { parsePeriod } from '../../domain/assessment-cycle/period';
import { shownSubjects, subjectKey, supersededBy } from '../../db/stores/score-version-store';
import { assessmentResultsTable, collaborationByDepartment, pinZipTimes, safeText, toCsv, type ExportTable, type HandoffTask } from '../../domain/exports';
import { hasRole, inScope, seesEverything } from '../platform/access';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import type { Principal } from '../platform/route';
import { named, nameOf } from '../platform/names';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  /** SHA-256 of exactly `body` (the X-Content-SHA256 header). */
  contentHash: string;
  /** A score version's file: which version, and whether it is still in force (shown beside the file, never in it). */
  version?: { number: number; status: string; supersededBy: number | null };
}

type Unit = Pick<OrgUnit, 'id' | 'name' | 'nameZh' | 'path' | 'kind'>;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/** HR's results export (from frozen snapshots only) and the monthly collaboration report. */
export class ExportService {
  constructor(private readonly ds: DataSource) {}

  private async units(): Promise<Map<string, Unit>> {
    const rows = await this.ds.getRepository(OrgUnit).find({ select: { id: true, name: true, nameZh: true, path: true, kind: true } });
    return new Map(rows.map((u) => [u.id, u]));
  }

  /** The department a unit belongs to: its nearest `department` ancestor (or itself). */
  private departmentOf(units: Map<string, Unit>, unitId: string): Unit | null {
    const u = units.get(unitId);
    if (!u) return null;
    const chain = u.path.split('/').filter(Boolean).reverse();
    for (const id of chain) {
      const a = units.get(id);
      if (a?.kind === 'department') return a;
    }
    return null;
  }

  /**
   * One frozen version's results as a file. Everything in it comes from the version itself (its
   * results and the subjects as frozen in it), so the same version gives the same bytes for ever:
   * after newer versions supersede it, after people are renamed or moved. Whether it is still in
   * force ("superseded by v3") travels beside the file, never in it.
   */
  async assessmentResults(
    p: Principal,
    q: { cycleId: string; version?: number; subjectType: 'person' | 'post' | 'department'; format: ExportFormat },
  ): Promise<ExportFile> {
    if (!hasRole(p, 'hr', 'admin', 'manager', 'auditor')) throw new ForbiddenError('Results exports are for HR, managers and auditors');
    const cycle = await this.ds.getRepository(AssessmentCycle).findOneBy({ id: q.cycleId });
    if (!cycle) throw new NotFoundError('No such assessment cycle');
    const snaps = await this.ds.getRepository(ScoreSnapshot).find({ where: { cycleId: cycle.id }, order: { version: 'ASC' } });
    const snap = q.version !== undefined ? snaps.find((s) => s.version === q.version) : snaps.filter((s) => s.status === 'published').pop();
    if (!snap)
      throw q.version !== undefined
        ? new ValidationError([{ path: 'query.version', message: 'no such snapshot version in this cycle' }])
        : new ConflictError('The cycle has no published scores yet');
    if (snap.status === 'draft') throw new ConflictError(`Version ${snap.version} is a draft: only frozen (published or superseded) snapshots are exported`);
    const rows = await this.ds.getRepository(ScoreResult).find({ where: { snapshotId: snapshotId(cycle.id, snap.version), subjectType: q.subjectType } });
    const shown = await shownSubjects(this.ds, rows);
    const info = new Map(rows.map((r) => [r.subjectId, shown.get(subjectKey(r.subjectType, r.subjectId))!]));
    const table = assessmentResultsTable(
      { cycleId: cycle.id, period: cycle.period, version: snap.version, rulesetVersion: snap.rulesetVersion, inputHash: snap.inputHash },
      rows,
      info,
    );
    // Dated by the version's own creation, which never changes (publishing may come later).
    const file = await this.render([table], q.format, `safeloop-results-${cycle.period}-${q.subjectType}-v${snap.version}`, snap.createdAt);
    const version = { number: snap.version, status: snap.status, supersededBy: supersededBy(snaps).get(snap.version) ?? null };
    await this.ds.transaction((em) =>
      appendAudit(em, {
        actorType: 'user',
        actor: p.username,
        action: 'export.assessment_results',
        entityType: 'assessment_cycle',
        entityId: cycle.id,
        after: { version: snap.version, subjectType: q.subjectType, format: q.format, rows: table.rows.length, contentHash: file.contentHash },
      }),
    );
    return { ...file, version };
  }

  /** The collaboration report of one month: per department, handoffs received/sent, on-time rate, response times, rectification on time, training participation, collaboration score. */
  async collaboration(p: Principal, q: { period: string; departmentId?: string }, now = new Date()) {
    if (!hasRole(p, 'hr', 'admin', 'manager', 'auditor', 'safety_officer', 'department_head'))
      throw new ForbiddenError('The collaboration report is for managers, HR, the safety hub and department heads');
    const period = parsePeriod(q.period);
    if (!period || period.cadence !== 'monthly') throw new ValidationError([{ path: 'query.period', message: 'expected a month, e.g. 2026-11' }]);
    const units = await this.units();
    if (q.departmentId && units.get(q.departmentId)?.kind !== 'department')
      throw new ValidationError([{ path: 'query.departmentId', message: 'no such department' }]);
    const from = new Date(period.start);
    const to = new Date(period.end);
    // Tasks of processes that had a task created in the month (earlier tasks of the same process give the handoff's source).
    const inMonth = await this.ds
      .getRepository(Task)
      .createQueryBuilder('t')
      .select('DISTINCT t.workflow_id', 'w')
      .where('t.created_at >= :from AND t.created_at < :to', { from, to })
      .getRawMany<{ w: string }>();
    const tasks: HandoffTask[] = [];
    const wfs = inMonth.map((r) => r.w);
    for (let i = 0; i < wfs.length; i += 500) {
      for (const t of await this.ds.getRepository(Task).find({
        where: { workflowId: In(wfs.slice(i, i + 500)) },
        select: { workflowId: true, processType: true, orgUnitId: true, createdAt: true, dueAt: true, completedAt: true, status: true },
      })) {
        const dept = this.departmentOf(units, t.orgUnitId);
        if (!dept) continue;
        tasks.push({
          workflowId: t.workflowId,
          processType: t.processType,
          departmentId: dept.id,
          createdAt: t.createdAt.getTime(),
          dueAt: t.dueAt?.getTime() ?? null,
          completedAt: t.completedAt?.getTime() ?? null,
          status: t.status,
        });
      }
    }
    const handoffs = new Map(collaborationByDepartment(tasks, from.getTime(), to.getTime(), now.getTime()).map((d) => [d.departmentId, d]));
    const departments = [...units.values()].filter(
      (u) =>
        u.kind === 'department' &&
        (!q.departmentId || u.id === q.departmentId) &&
        (seesEverything(p) || !hasRole(p, 'department_head') || hasRole(p, 'hr', 'manager', 'safety_officer') || inScope(p, u.path)),
    );
    departments.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

    // Hazards the department had to rectify, closed in the month: on time when closed by the due date.
    const hazards = await this.ds.getRepository(Hazard).find({
      where: { closedAt: Between(from, new Date(to.getTime() - 1)) },
      select: { responsibleOrgUnitId: true, closedAt: true, dueAt: true, overdueDays: true },
    });
    // Training participation: people of the department with a passed training in the month.
    const trained = await this.ds
      .getRepository(Fact)
      .find({ where: { kind: 'training.attended', occurredAt: Between(from, new Date(to.getTime() - 1)) }, select: { personId: true, value: true } });
    const passed = new Set(trained.filter((f) => f.value === 1 && f.personId).map((f) => f.personId!));
    const people = await this.ds.getRepository(Person).find({ where: { active: true }, select: { id: true, orgUnitId: true } });
    // Collaboration dimension score of each department in the month's published cycle, if any.
    const cycles = await this.ds.getRepository(AssessmentCycle).find({ where: { period: period.label, cadence: 'monthly' } });
    const collabScore = new Map<string, number>();
    for (const c of cycles) {
      const snap = await this.ds.getRepository(ScoreSnapshot).findOne({ where: { cycleId: c.id, status: 'published' }, order: { version: 'DESC' } });
      if (!snap) continue;
      for (const r of await this.ds.getRepository(ScoreResult).find({ where: { snapshotId: snapshotId(c.id, snap.version), subjectType: 'department' } })) {
        const s = (JSON.parse(r.summary) as { dimensionScores?: Record<string, number> }).dimensionScores?.collaboration;
        if (s !== undefined) collabScore.set(r.subjectId, s);
      }
    }

    const items = departments.map((d) => {
      const h = handoffs.get(d.id);
      const inDept = (unitId: string | null) => !!unitId && (units.get(unitId)?.path ?? '').startsWith(d.path);
      const closed = hazards.filter((x) => inDept(x.responsibleOrgUnitId));
      const onTime = closed.filter((x) => x.overdueDays === 0 && (!x.dueAt || !x.closedAt || x.closedAt <= x.dueAt)).length;
      const staff = people.filter((x) => inDept(x.orgUnitId));
      const participants = staff.filter((x) => passed.has(x.id)).length;
      return {
        departmentId: d.id,
        departmentName: nameOf(d),
        handoffsReceived: h?.received ?? 0,
        handoffsSent: h?.sent ?? 0,
        completedOnTime: h?.completedOnTime ?? 0,
        completedLate: h?.completedLate ?? 0,
        openOverdue: h?.openOverdue ?? 0,
        onTimeRate: h?.onTimeRate ?? null,
        medianResponseHours: h?.medianResponseHours ?? null,
        fromDepartments: Object.entries(h?.fromDepartments ?? {})
          .map(([id, n]) => ({ departmentId: id, departmentName: named(units.get(id)) || id, count: n }))
          .sort((a, b) => b.count - a.count || a.departmentName.localeCompare(b.departmentName)),
        hazardsClosed: closed.length,
        hazardsClosedOnTime: onTime,
        trainingParticipation: staff.length ? Math.round((participants / staff.length) * 10000) / 10000 : null,
        collaborationScore: collabScore.get(d.id) ?? null,
      };
    });
    return { period: period.label, from: period.start, to: period.end, generatedAt: now.toISOString(), items };
  }

  async collaborationFile(p: Principal, q: { period: string; departmentId?: string; format: ExportFormat }): Promise<ExportFile> {
    const report = await this.collaboration(p, q);
    const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
    const summary: ExportTable = {
      name: 'Departments',
      header: [
        'Period',
        'Department',
        'Handoffs received',
        'Handoffs sent',
        'Completed on time',
        'Completed late',
        'Open overdue',
        'On-time rate %',
        'Median response (h)',
        'Hazards closed',
        'Hazards closed on time',
        'Training participation %',
        'Collaboration score',
      ],
      rows: report.items.map((d) => [
        report.period,
        d.departmentName,
        d.handoffsReceived,
        d.handoffsSent,
        d.completedOnTime,
        d.completedLate,
        d.openOverdue,
        pct(d.onTimeRate),
        d.medianResponseHours,
        d.hazardsClosed,
        d.hazardsClosedOnTime,
        pct(d.trainingParticipation),
        d.collaborationScore,
      ]),
    };
    const matrix: ExportTable = {
      name: 'Handoffs',
      header: ['Period', 'To department', 'From department', 'Tasks handed over'],
      rows: report.items.flatMap((d) => d.fromDepartments.map((f) => [report.period, d.departmentName, f.departmentName, f.count])),
    };
    if (q.format === 'json') return this.file(`safeloop-collaboration-${report.period}`, 'json', Buffer.from(JSON.stringify(report, null, 2)));
    return this.render(q.format === 'csv' ? [summary] : [summary, matrix], q.format, `safeloop-collaboration-${report.period}`, new Date(report.to));
  }

  private file(base: string, format: ExportFormat, body: Buffer): ExportFile {
    return { fileName: `${base}.${format}`, contentType: CONTENT_TYPES[format], body, contentHash: createHash('sha256').update(body).digest('hex') };
  }

  /** CSV (first table), xlsx (one sheet per table, dated by the data, not by the export) or JSON rows. */
  private async render(tables: ExportTable[], format: ExportFormat, base: string, dataDate: Date): Promise<ExportFile> {
    if (format === 'csv') return this.file(base, format, Buffer.from(toCsv(tables[0]!), 'utf8'));
    if (format === 'json') {
      const json = tables.map((t) => ({ name: t.name, rows: t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i] ?? null]))) }));
      return this.file(base, format, Buffer.from(JSON.stringify(json.length === 1 ? json[0] : json, null, 2)));
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'SafeLoop';
    wb.created = dataDate;
    wb.modified = dataDate;
    for (const t of tables) {
      const ws = wb.addWorksheet(t.name.replace(/[\\/?*[\]:]/g, '-').slice(0, 31));
      ws.addRow(t.header).font = { bold: true };
      for (const r of t.rows) ws.addRow(r.map((c) => (typeof c === 'string' ? safeText(c) : c)));
      ws.views = [{ state: 'frozen', ySplit: 1 }];
      ws.columns.forEach((c, i) => (c.width = Math.min(40, Math.max(10, t.header[i]!.length + 2))));
    }
    // The zip entries dated by the data too: the same workbook is the same bytes.
    const buf = pinZipTimes(Buffer.from(await wb.xlsx.writeBuffer()), dataDate);
    return this.file(base, format, buf);
  }
}
