import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { addDays, daysBetween, permitsAffectedBy, type PermitLapse } from '../../activities/certificates';
import { Certificate, OrgUnit, Person } from '../../db/entities';
import { escapeLike, likeContains } from '../../db/sql';
import { currentPolicy } from '../../db/stores/policy-store';
import { todayIn } from '../../domain/inspections/rules';
import type { Role } from '../../domain/org';
import type { CertificateType } from '../../domain/permit/constants';
import { certificateLapsedSignal } from '../../workflows/permit/messages';
import { rejectProblems } from '../inspections/common';
import { findByKey, findDuplicates, auditImport, importReport, validateRows, type ImportProblem, type ImportReport } from '../org/import';
import type { Table } from '../org/table';
import { audit, invalid, uniqueOr409 } from '../org/common';
import { hasRole, inScope, listedUnit, requireRole, seesEverything, underUnit } from '../platform/access';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import type { Principal } from '../platform/route';
import { CERTIFICATE_COLUMNS, CertificateRow, type CertificateInput, type CertificatePatch, type CertificateStatus, type CertificateView } from './schemas';
import { named } from '../platform/names';

/** Who keeps the register (create, correct, revoke, import): the safety hub, HR and admins, for holders in their scope. */
export const CERTIFICATE_MANAGERS = ['safety_officer', 'hr', 'admin'] as const satisfies readonly Role[];
/** Who reads the certificates of their scope (department heads their unit's subtree); everyone else reads their own. */
export const CERTIFICATE_SCOPE_READERS = [...CERTIFICATE_MANAGERS, 'department_head', 'manager', 'auditor'] as const satisfies readonly Role[];

export interface CertificateFilter {
  personId?: string;
  orgUnitId?: string;
  type?: CertificateType;
  expiringWithinDays?: number;
  expired?: 'true' | 'false';
  revoked?: 'true' | 'false';
  q?: string;
  page: number;
  pageSize: number;
}

type Outcome = 'created' | 'updated' | 'unchanged';

/** A 400 for one field, with its Chinese text for readers who ask for it. */
function fieldError(path: string, en: string, zh: string): ValidationError {
  const e = invalid(path, en);
  e.translations = { 'zh-CN': `${path}: ${zh}` };
  return e;
}

/**
 * People's certificates (特种作业操作证 and others): the register with its filters, corrections,
 * revocation (the row stays, with when and why; the holder's running permits are told at once)
 * and the Excel import (all rows or none). Every write is audited in its transaction.
 */
export class CertificateService {
  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return todayIn(this.now());
  }

  /** The rows the caller may read: scope readers their subtree, everyone their own certificates. */
  private visible(p: Principal): SelectQueryBuilder<Certificate> {
    const qb = this.ds
      .getRepository(Certificate)
      .createQueryBuilder('c')
      .innerJoin(Person, 'pe', 'pe.id = c.person_id')
      .innerJoin(OrgUnit, 'ou', 'ou.id = pe.org_unit_id');
    if (hasRole(p, ...CERTIFICATE_SCOPE_READERS)) {
      if (seesEverything(p)) return qb;
      return qb.andWhere('(ou.path LIKE :scopePath OR c.person_id = :me)', { scopePath: `${escapeLike(p.orgUnitPath)}%`, me: p.personId ?? '' });
    }
    return qb.andWhere('c.person_id = :me', { me: p.personId ?? '' });
  }

  private async views(rows: Certificate[]): Promise<CertificateView[]> {
    if (!rows.length) return [];
    const people = await this.ds.getRepository(Person).findBy({ id: In([...new Set(rows.map((r) => r.personId))]) });
    const units = await this.ds.getRepository(OrgUnit).findBy({ id: In([...new Set(people.map((x) => x.orgUnitId))]) });
    const firstReminder = Math.max(0, ...(await currentPolicy(this.ds)).document.permit.certificateReminderDays);
    const today = this.today();
    return rows.map((c) => {
      const person = people.find((x) => x.id === c.personId);
      const unit = units.find((u) => u.id === person?.orgUnitId);
      const daysLeft = c.expiresOn === null ? null : daysBetween(today, c.expiresOn);
      const status: CertificateStatus = c.revokedAt
        ? 'revoked'
        : daysLeft === null
          ? 'valid'
          : daysLeft < 0
            ? 'expired'
            : daysLeft <= firstReminder
              ? 'expiring'
              : 'valid';
      return {
        id: c.id,
        personId: c.personId,
        personName: named(person),
        employeeNo: person?.employeeNo ?? '',
        orgUnitId: person?.orgUnitId ?? '',
        orgUnitName: named(unit),
        type: c.type as CertificateType,
        number: c.number,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        reviewOn: c.reviewOn,
        status,
        daysLeft,
        revokedAt: c.revokedAt?.toISOString() ?? null,
        revokedReason: c.revokedReason,
        remindedDays: c.remindedDays,
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
      };
    });
  }

  async list(p: Principal, f: CertificateFilter): Promise<{ items: CertificateView[]; total: number }> {
    const today = this.today();
    let qb = this.visible(p);
    if (f.orgUnitId) qb = underUnit(qb, 'ou', await listedUnit(this.ds, f.orgUnitId));
    if (f.personId) qb.andWhere('c.person_id = :personId', { personId: f.personId });
    if (f.type) qb.andWhere('c.type = :type', { type: f.type });
    if (f.q) qb.andWhere(`(pe.name LIKE :q ESCAPE '!' OR pe.employee_no LIKE :q ESCAPE '!' OR c.number LIKE :q ESCAPE '!')`, { q: likeContains(f.q) });
    if (f.revoked === 'true') qb.andWhere('c.revoked_at IS NOT NULL');
    if (f.revoked === 'false') qb.andWhere('c.revoked_at IS NULL');
    if (f.expired === 'true') qb.andWhere('c.expires_on < :today', { today });
    if (f.expired === 'false') qb.andWhere('(c.expires_on IS NULL OR c.expires_on >= :today)', { today });
    if (f.expiringWithinDays !== undefined)
      qb.andWhere('c.revoked_at IS NULL AND c.expires_on >= :today AND c.expires_on <= :until', { today, until: addDays(today, f.expiringWithinDays) });
    const [rows, total] = await qb
      .orderBy("COALESCE(c.expires_on, '9999-12-31')", 'ASC')
      .addOrderBy('c.id', 'ASC')
      .offset((f.page - 1) * f.pageSize)
      .limit(f.pageSize)
      .getManyAndCount();
    return { items: await this.views(rows), total };
  }

  async get(p: Principal, id: string): Promise<CertificateView> {
    const row = await this.visible(p).andWhere('c.id = :id', { id }).getOne();
    if (!row) throw new NotFoundError('Certificate not found');
    return (await this.views([row]))[0];
  }

  /** The certificate for a change by a register keeper: 404 outside the caller's reading scope, 403 for readers who do not keep it. */
  private async loadForChange(em: EntityManager, p: Principal, id: string): Promise<{ row: Certificate; person: Person }> {
    const row = await em.findOneBy(Certificate, { id });
    const person = row ? await em.findOneBy(Person, { id: row.personId }) : null;
    const unit = person ? await em.findOneBy(OrgUnit, { id: person.orgUnitId }) : null;
    const readable = !!unit && (row!.personId === p.personId || (hasRole(p, ...CERTIFICATE_SCOPE_READERS) && inScope(p, unit.path)));
    if (!row || !person || !readable) throw new NotFoundError('Certificate not found');
    requireRole(p, ...CERTIFICATE_MANAGERS);
    if (!inScope(p, unit.path)) throw new NotFoundError('Certificate not found');
    return { row, person };
  }

  /** The holder, when a person in the caller's scope: else a 400 on `path`. */
  private async holder(em: EntityManager, p: Principal, personId: string, path: string): Promise<Person> {
    const person = await em.findOneBy(Person, { id: personId });
    const unit = person ? await em.findOneBy(OrgUnit, { id: person.orgUnitId }) : null;
    if (!person || !unit || !inScope(p, unit.path)) throw fieldError(path, 'no such person in your scope', '您的范围内没有此人');
    return person;
  }

  private static checkDays(c: { issuedOn: string; expiresOn: string | null; reviewOn: string | null }, prefix: string): void {
    if (c.expiresOn !== null && c.expiresOn < c.issuedOn) throw fieldError(`${prefix}expiresOn`, 'must not be before the issue date', '不能早于发证日期');
    if (c.reviewOn !== null && c.reviewOn < c.issuedOn) throw fieldError(`${prefix}reviewOn`, 'must not be before the issue date', '不能早于发证日期');
  }

  private static snapshot(c: Certificate) {
    return { personId: c.personId, type: c.type, number: c.number, issuedOn: c.issuedOn, expiresOn: c.expiresOn, reviewOn: c.reviewOn };
  }

  private async assertNumberFree(em: EntityManager, type: string, number: string, exceptId: string | null, path: string): Promise<void> {
    const taken = await em.findOneBy(Certificate, { type, number });
    if (taken && taken.id !== exceptId) {
      const e = new ConflictError(`A ${type} certificate numbered ${number} is already in the register`, [{ path, message: 'already in use' }]);
      e.translations = { 'zh-CN': `登记册中已有编号为 ${number} 的同类证书` };
      throw e;
    }
  }

  async create(p: Principal, b: CertificateInput): Promise<CertificateView> {
    requireRole(p, ...CERTIFICATE_MANAGERS);
    const row = await this.ds.transaction(async (em) => {
      const person = await this.holder(em, p, b.personId, 'body.personId');
      const fields = { issuedOn: b.issuedOn, expiresOn: b.expiresOn ?? null, reviewOn: b.reviewOn ?? null };
      CertificateService.checkDays(fields, 'body.');
      await this.assertNumberFree(em, b.type, b.number, null, 'body.number');
      const c = em.create(Certificate, {
        id: randomUUID(),
        personId: person.id,
        type: b.type,
        number: b.number,
        ...fields,
        revokedAt: null,
        revokedReason: null,
        remindedDays: null,
      });
      await uniqueOr409('body.number', 'Certificate number', () => em.insert(Certificate, { ...c }));
      await audit(em, p, {
        action: 'certificate.created',
        entityType: 'certificate',
        entityId: c.id,
        after: CertificateService.snapshot(c),
        orgUnitId: person.orgUnitId,
      });
      return em.findOneByOrFail(Certificate, { id: c.id });
    });
    return (await this.views([row]))[0];
  }

  async update(p: Principal, id: string, b: CertificatePatch): Promise<CertificateView> {
    const row = await this.ds.transaction(async (em) => {
      const { row: c, person } = await this.loadForChange(em, p, id);
      if (c.revokedAt) throw new ConflictError('A revoked certificate cannot change; add a new one', [{ path: 'id', message: 'revoked' }]);
      const before = CertificateService.snapshot(c);
      const next = {
        type: b.type ?? c.type,
        number: b.number ?? c.number,
        issuedOn: b.issuedOn ?? c.issuedOn,
        expiresOn: b.expiresOn === undefined ? c.expiresOn : b.expiresOn,
        reviewOn: b.reviewOn === undefined ? c.reviewOn : b.reviewOn,
      };
      CertificateService.checkDays(next, 'body.');
      if (next.type !== c.type || next.number !== c.number) await this.assertNumberFree(em, next.type, next.number, c.id, 'body.number');
      const after = { ...before, ...next };
      if (JSON.stringify(before) === JSON.stringify(after)) return c;
      // A new expiry date starts its reminders again (their notifications are keyed by the date, so none repeats).
      const remindedDays = next.expiresOn !== c.expiresOn ? null : c.remindedDays;
      await uniqueOr409('body.number', 'Certificate number', () => em.update(Certificate, { id: c.id }, { ...next, remindedDays }));
      await audit(em, p, { action: 'certificate.updated', entityType: 'certificate', entityId: c.id, before, after, orgUnitId: person.orgUnitId });
      return em.findOneByOrFail(Certificate, { id: c.id });
    });
    return (await this.views([row]))[0];
  }

  /**
   * Revokes a certificate (the row stays, with when and why) and tells each running permit the
   * holder works on in a role needing it (`certificateLapsed`, so it suspends at once). A permit
   * whose workflow does not run has nothing to suspend.
   */
  async revoke(p: Principal, id: string, reason: string): Promise<{ certificate: CertificateView; permitsSignalled: string[] }> {
    const at = this.now();
    const { row, lapses } = await this.ds.transaction(async (em) => {
      const { row: c, person } = await this.loadForChange(em, p, id);
      if (c.revokedAt)
        throw new ConflictError(`The certificate was already revoked on ${c.revokedAt.toISOString()}`, [{ path: 'id', message: 'already revoked' }]);
      await em.update(Certificate, { id: c.id }, { revokedAt: at, revokedReason: reason });
      const revoked = await em.findOneByOrFail(Certificate, { id: c.id });
      const policy = (await currentPolicy(this.ds)).document.permit;
      const affected = await permitsAffectedBy(em, policy, revoked, 'revoked', at, todayIn(at));
      await audit(em, p, {
        action: 'certificate.revoked',
        entityType: 'certificate',
        entityId: c.id,
        before: { revokedAt: null },
        after: { revokedAt: at.toISOString(), reason, permits: affected.map((a) => a.permitId) },
        orgUnitId: person.orgUnitId,
      });
      return { row: revoked, lapses: affected };
    });
    return { certificate: (await this.views([row]))[0], permitsSignalled: await this.signal(lapses) };
  }

  /** Sends each lapse to its permit's workflow; the ids of the permits told (a workflow that does not run is skipped). */
  private async signal(lapses: PermitLapse[]): Promise<string[]> {
    const told: string[] = [];
    for (const l of lapses) {
      try {
        await this.client.workflow.getHandle(l.workflowId).signal(certificateLapsedSignal, l.lapse);
        told.push(l.permitId);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return told;
  }

  /**
   * Certificates from a table (CERTIFICATE_COLUMNS: the holder's employee number, type, number,
   * issued, expiry, review), all rows or none: unknown or out-of-scope people, bad dates, a
   * number twice in the file or held by someone else, a revoked certificate — each reported by
   * row and column. A certificate already there (same type and number, same holder) is corrected
   * when the file differs, so re-importing a file changes nothing.
   */
  async import(p: Principal, table: Table, dryRun: boolean, format: string): Promise<ImportReport> {
    requireRole(p, ...CERTIFICATE_MANAGERS);
    return this.ds.transaction(async (em) => {
      const problems: ImportProblem[] = [];
      const rows = validateRows(table, CertificateRow, ['employeeNo', 'type', 'number', 'issued'], problems);
      const dupes = findDuplicates(rows, (r) => `${r.type}|${r.number}`, 'number', problems);
      const people = await findByKey(
        em,
        Person,
        'employeeNo',
        rows.map((r) => r.employeeNo),
      );
      const units = people.size ? await em.findBy(OrgUnit, { id: In([...new Set([...people.values()].map((x) => x.orgUnitId))]) }) : [];
      const existing = rows.length ? await em.findBy(Certificate, { number: In([...new Set(rows.map((r) => r.number))]) }) : [];
      const planned = rows.flatMap((r) => {
        if (dupes.has(r)) return [];
        const before = problems.length;
        const person = people.get(r.employeeNo);
        const unit = units.find((u) => u.id === person?.orgUnitId);
        if (!person || !unit || !inScope(p, unit.path))
          problems.push({ row: r.row, column: 'employeeNo', message: 'no person with this employee number in your scope' });
        if (r.expiry !== null && r.issued !== null && r.expiry < r.issued)
          problems.push({ row: r.row, column: 'expiry', message: 'must not be before the issue date' });
        if (r.review !== null && r.issued !== null && r.review < r.issued)
          problems.push({ row: r.row, column: 'review', message: 'must not be before the issue date' });
        const same = existing.find((c) => c.type === r.type && c.number === r.number) ?? null;
        if (same && person && same.personId !== person.id)
          problems.push({ row: r.row, column: 'number', message: 'this number is another person’s certificate' });
        else if (same?.revokedAt) problems.push({ row: r.row, column: 'number', message: 'this certificate was revoked; a revoked certificate cannot change' });
        if (problems.length > before || !person) return [];
        return [{ ...r, issued: r.issued!, person, same }];
      });
      rejectProblems(problems, dryRun);

      const counts: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0 };
      for (const r of planned) {
        const fields = { issuedOn: r.issued, expiresOn: r.expiry, reviewOn: r.review };
        if (!r.same) {
          counts.created++;
          if (dryRun) continue;
          const c = em.create(Certificate, {
            id: randomUUID(),
            personId: r.person.id,
            type: r.type,
            number: r.number,
            ...fields,
            revokedAt: null,
            revokedReason: null,
            remindedDays: null,
          });
          await uniqueOr409(`rows.${r.row}.number`, 'Certificate number', () => em.insert(Certificate, { ...c }));
          await audit(em, p, {
            action: 'certificate.created',
            entityType: 'certificate',
            entityId: c.id,
            after: { ...CertificateService.snapshot(c), via: 'import' },
            orgUnitId: r.person.orgUnitId,
          });
          continue;
        }
        const before = CertificateService.snapshot(r.same);
        const after = { ...before, ...fields };
        if (JSON.stringify(before) === JSON.stringify(after)) {
          counts.unchanged++;
          continue;
        }
        counts.updated++;
        if (dryRun) continue;
        await em.update(Certificate, { id: r.same.id }, { ...fields, remindedDays: fields.expiresOn !== r.same.expiresOn ? null : r.same.remindedDays });
        await audit(em, p, {
          action: 'certificate.updated',
          entityType: 'certificate',
          entityId: r.same.id,
          before,
          after: { ...after, via: 'import' },
          orgUnitId: r.person.orgUnitId,
        });
      }
      if (!dryRun && counts.created + counts.updated > 0) await auditImport(em, p, 'certificate', { format, rows: table.rows.length, ...counts });
      return importReport(dryRun, counts);
    });
  }
}

export { CERTIFICATE_COLUMNS };
