import { createHash } from 'node:crypto';
import { In } from 'typeorm';
import { appendAudit } from '../db/audit/audit-log';
import { Notification, OrgUnit, Person, User, UserRole } from '../db/entities';
import { escapeLike } from '../db/sql';
import type { QuietHours } from '../domain/policy';
import type { Audience, NotificationRequest } from '../workflows/notification/messages';
import type { ActivityDeps } from './deps';

export interface Recipient {
  userId: string;
  username: string;
  email: string | null;
  quietHours: QuietHours | null;
}

export interface DeliveryItem {
  id: string;
  channel: 'inapp' | 'email' | 'webhook';
  recipientUserId: string | null;
  address: string | null;
}

/** Notification channels: in-app inbox, email over SMTP, chat-bot style webhook. */
export function createNotificationActivities({ dataSource, now, mailer, mailFrom, appUrl, logger }: ActivityDeps) {
  const repo = () => dataSource.getRepository(Notification);
  /**
   * Items this process handed to the mail server or webhook whose `sent` row is not written yet,
   * with when. A retry after the database refused that write (an outage) must not send again:
   * the message is out, only the record is missing. (A worker killed in that instant still sends
   * twice; the deterministic Message-ID lets mail servers and clients drop the copy.)
   */
  const handedOver = new Map<string, Date>();
  const HANDED_OVER_TTL_MS = 24 * 3600 * 1000;
  const rememberHandedOver = (id: string, at: Date) => {
    for (const [k, t] of handedOver) if (at.getTime() - t.getTime() > HANDED_OVER_TTL_MS) handedOver.delete(k);
    handedOver.set(id, at);
  };

  async function usersOf(where: { ids?: string[]; pathPrefix?: string; role?: string }): Promise<Recipient[]> {
    const qb = dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(OrgUnit, 'ou', 'ou.id = u.org_unit_id')
      .leftJoin(Person, 'p', 'p.id = u.person_id')
      .select(['u.id AS id', 'u.username AS username', 'u.quiet_hours AS quietHours', 'p.email AS email'])
      .where('u.active = :active', { active: true });
    if (where.ids) qb.andWhere(where.ids.length ? 'u.id IN (:...ids)' : '1 = 0', { ids: where.ids });
    if (where.pathPrefix) qb.andWhere('ou.path LIKE :prefix', { prefix: `${escapeLike(where.pathPrefix)}%` });
    if (where.role) qb.innerJoin(UserRole, 'r', 'r.user_id = u.id AND r.role = :role', { role: where.role });
    const rows = await qb.orderBy('u.username').getRawMany<{ id: string; username: string; quietHours: string | null; email: string | null }>();
    return rows.map((r) => ({ userId: r.id, username: r.username, email: r.email, quietHours: r.quietHours ? (JSON.parse(r.quietHours) as QuietHours) : null }));
  }

  async function headsOf(unitIds: string[]): Promise<Recipient[]> {
    const units = await dataSource.getRepository(OrgUnit).findBy({ id: In(unitIds) });
    const personIds = units.map((u) => u.headPersonId).filter((x): x is string => !!x);
    if (personIds.length === 0) return [];
    const users = await dataSource.getRepository(User).findBy({ personId: In(personIds), active: true });
    return usersOf({ ids: users.map((u) => u.id) });
  }

  async function ladder(orgUnitId: string, step: Extract<Audience, { kind: 'escalation' }>['step']): Promise<Recipient[]> {
    const unit = await dataSource.getRepository(OrgUnit).findOneByOrFail({ id: orgUnitId });
    const ancestors = await dataSource.getRepository(OrgUnit).findBy({ id: In(unit.path.split('/').filter(Boolean)) });
    const nearest = (kind: OrgUnit['kind']) => ancestors.filter((a) => a.kind === kind).sort((a, b) => b.path.length - a.path.length)[0];
    switch (step) {
      case 'assignee':
        return usersOf({ pathPrefix: unit.path });
      case 'department_head': {
        const dept = nearest('department');
        return dept ? headsOf([dept.id]) : [];
      }
      case 'plant': {
        const plant = nearest('plant');
        return plant ? headsOf([plant.id]) : [];
      }
      case 'company_safety_director': {
        const company = nearest('company');
        if (!company) return [];
        const safety = await dataSource
          .getRepository(OrgUnit)
          .createQueryBuilder('o')
          .where('o.path LIKE :p AND o.department_function = :f', { p: `${escapeLike(company.path)}%`, f: 'safety' })
          .getMany();
        const heads = await headsOf(safety.map((s) => s.id));
        return heads.length ? heads : usersOf({ pathPrefix: company.path, role: 'safety_officer' });
      }
    }
  }

  /** Writes the row and its audit entry together. */
  async function upsert(item: DeliveryItem, request: NotificationRequest, fields: Partial<Notification>): Promise<void> {
    await dataSource.transaction(async (em) => {
      const r = em.getRepository(Notification);
      const before = await r.findOneBy({ id: item.id });
      await r
        .createQueryBuilder()
        .insert()
        .values({
          id: item.id,
          channel: item.channel,
          recipientUserId: item.recipientUserId,
          address: item.address,
          severity: request.severity,
          subject: request.subject,
          body: request.body,
          link: request.link,
          source: request.source,
          status: 'deferred',
          deliverAfter: null,
          sentAt: null,
          readAt: null,
          ...fields,
        })
        .orIgnore()
        .execute();
      await r.update({ id: item.id }, fields);
      await appendAudit(em, {
        actorType: 'workflow',
        actor: request.source ?? 'notifications',
        action: `notification.${fields.status}`,
        entityType: 'notification',
        entityId: item.id,
        before: before ? { status: before.status } : null,
        after: { channel: item.channel, recipientUserId: item.recipientUserId, address: item.address, severity: request.severity, subject: request.subject, ...fields },
        at: now(),
      });
    });
  }

  /** Idempotent per item: an item already sent is not sent again. */
  async function deliver(input: { item: DeliveryItem; request: NotificationRequest }): Promise<'sent' | 'skipped' | 'already-sent'> {
    const { item, request } = input;
    const existing = await repo().findOneBy({ id: item.id });
    if (existing?.status === 'sent') return 'already-sent';
    const handed = handedOver.get(item.id);
    if (handed) {
      // An earlier attempt sent it and could not record it: record it now, never send again.
      await upsert(item, request, { status: 'sent', sentAt: handed });
      handedOver.delete(item.id);
      return 'sent';
    }
    const link = request.link ? new URL(request.link, appUrl).toString() : null;
    if (item.channel === 'email') {
      if (!mailer || !item.address) {
        await upsert(item, request, { status: 'failed' });
        logger.warn({ id: item.id }, 'email not sent: no SMTP server configured or no address');
        return 'skipped';
      }
      const tag = request.severity === 'critical' ? '[CRITICAL] ' : '';
      await mailer.sendMail({
        from: mailFrom,
        to: item.address,
        subject: `${tag}${request.subject}`,
        text: `${request.body}${link ? `\n\n${link}` : ''}\n\n— SafeLoop`,
        messageId: `<${createHash('sha256').update(item.id).digest('hex').slice(0, 32)}@safeloop>`,
        headers: { 'X-SafeLoop-Severity': request.severity, 'X-SafeLoop-Notification': item.id },
      });
    } else if (item.channel === 'webhook' && item.address) {
      const res = await fetch(item.address, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { title: request.subject, text: `### ${request.subject}\n${request.body}${link ? `\n\n[Open in SafeLoop](${link})` : ''}` },
          severity: request.severity,
          source: request.source,
          id: item.id,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    }
    const sentAt = now();
    if (item.channel !== 'inapp') rememberHandedOver(item.id, sentAt);
    await upsert(item, request, { status: 'sent', sentAt });
    handedOver.delete(item.id);
    return 'sent';
  }

  return {
    async resolveAudience(audience: Audience): Promise<Recipient[]> {
      switch (audience.kind) {
        case 'users':
          return usersOf({ ids: audience.userIds });
        case 'unit': {
          const unit = await dataSource.getRepository(OrgUnit).findOneByOrFail({ id: audience.orgUnitId });
          return usersOf({ pathPrefix: unit.path, role: audience.role });
        }
        case 'escalation':
          return ladder(audience.orgUnitId, audience.step);
      }
    },

    async recordDeferred(input: { items: DeliveryItem[]; request: NotificationRequest; deliverAfter: string }): Promise<void> {
      for (const item of input.items) {
        const existing = await repo().findOneBy({ id: item.id });
        if (existing?.status === 'sent') continue;
        // Already recorded (a retry of this activity): no second audit entry.
        if (existing?.status === 'deferred' && existing.deliverAfter?.getTime() === new Date(input.deliverAfter).getTime()) continue;
        await upsert(item, input.request, { status: 'deferred', deliverAfter: new Date(input.deliverAfter) });
      }
    },

    deliver,

    /**
     * Several items in one activity (one server round trip instead of one per item and channel).
     * Every item is tried; if any failed the activity fails after the others, and its retry skips
     * the items already sent.
     */
    async deliverMany(input: { items: DeliveryItem[]; request: NotificationRequest }): Promise<('sent' | 'skipped' | 'already-sent')[]> {
      const outcomes: ('sent' | 'skipped' | 'already-sent')[] = [];
      let failure: unknown = null;
      for (const item of input.items) {
        try {
          outcomes.push(await deliver({ item, request: input.request }));
        } catch (err) {
          failure ??= err;
        }
      }
      if (failure) throw failure;
      return outcomes;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
