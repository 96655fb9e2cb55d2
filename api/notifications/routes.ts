import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { In, IsNull } from 'typeorm';
import { createNotificationOutbox } from '../../activities/notifications';
import { appendAudit } from '../../db/audit/audit-log';
import { AuditEntry, Notification, NotificationOutbox, OrgUnit, SinkMail, User } from '../../db/entities';
import { currentPolicy } from '../../db/stores/policy-store';
import { notificationWorkflowId, type DeliverNotificationInput } from '../../workflows/notification/messages';
import { assertInScope, inScope } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { NotFoundError, ValidationError } from '../platform/errors';
import { z } from '../platform/openapi';
import { PageQuery, pagedSchema, pageOf } from '../platform/pagination';
import { defineRoute } from '../platform/route';
import { forReader } from '../platform/reader';

const NotificationView = z
  .object({
    id: z.string(),
    channel: z.enum(['inapp', 'email', 'webhook']),
    severity: z.enum(['critical', 'normal', 'info']),
    subject: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    status: z.enum(['deferred', 'sent', 'failed']),
    deliverAfter: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

const MailView = z
  .object({ id: z.string(), from: z.string(), to: z.string(), subject: z.string(), text: z.string(), receivedAt: z.string() })
  .openapi('SinkMail');

/**
 * The outbox for operations (issue 22): what waits, what is on its way, and the messages that
 * failed for good (a webhook refusing them, an email without a server or address), which the
 * dispatcher does not try again; `safeloop_notifications_total{outcome="failed"}` counts them.
 */
const OutboxView = z
  .object({
    byState: z.object({ pending: z.number(), sending: z.number(), sent: z.number(), failed: z.number() }),
    oldestPendingDueAt: z.string().nullable(),
    failed: z.array(
      z.object({
        id: z.string(),
        dedupKey: z.string(),
        channel: z.enum(['inapp', 'email', 'webhook']),
        recipientUserId: z.string().nullable(),
        attempts: z.number(),
        lastError: z.string().nullable(),
        failedAt: z.string(),
      }),
    ),
  })
  .openapi('NotificationOutbox');

function view(n: Notification): z.infer<typeof NotificationView> {
  return {
    id: n.id,
    channel: n.channel,
    severity: n.severity,
    subject: forReader(n.subjectText, n.subject),
    body: forReader(n.bodyText, n.body),
    link: n.link,
    status: n.status,
    deliverAfter: n.deliverAfter?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

/** The in-app inbox, sending alerts through the notification outbox, and the local mail sink. */
export function notificationRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const repo = () => deps.dataSource.getRepository(Notification);
  const outbox = createNotificationOutbox({ dataSource: deps.dataSource, now: () => new Date(), logger: deps.logger });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/notifications',
    operationId: 'listNotifications',
    summary: 'My in-app notifications, newest first',
    tags: ['notifications'],
    access: 'authenticated',
    query: PageQuery.extend({ unreadOnly: z.enum(['true', 'false']).default('false') }).strict(),
    responses: { 200: { description: 'A page', schema: pagedSchema(NotificationView).extend({ unread: z.number() }) } },
    handler: async ({ query, principal }) => {
      const where = {
        recipientUserId: principal.userId,
        channel: 'inapp' as const,
        status: 'sent' as const,
        ...(query.unreadOnly === 'true' ? { readAt: IsNull() } : {}),
      };
      const [rows, total] = await repo().findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      });
      const unread = await repo().countBy({ recipientUserId: principal.userId, channel: 'inapp', status: 'sent', readAt: IsNull() });
      return { ...pageOf(rows.map(view), total, query), unread };
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/notifications/:id/read',
    operationId: 'markNotificationRead',
    summary: 'Mark one of my notifications as read',
    tags: ['notifications'],
    access: 'authenticated',
    params: z.object({ id: z.string().min(1).max(255) }),
    responses: { 200: { description: 'Marked', schema: NotificationView } },
    handler: async ({ params, principal }) => {
      const n = await repo().findOneBy({ id: params.id, recipientUserId: principal.userId, channel: 'inapp' });
      if (!n) throw new NotFoundError('No such notification');
      if (!n.readAt) await repo().update({ id: n.id }, { readAt: new Date() });
      return view((await repo().findOneBy({ id: n.id }))!);
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/notifications/read-all',
    operationId: 'markAllNotificationsRead',
    summary: 'Mark all my notifications as read',
    tags: ['notifications'],
    access: 'authenticated',
    responses: { 200: { description: 'How many were marked', schema: z.object({ marked: z.number() }) } },
    handler: async ({ principal }) => {
      const r = await repo().update({ recipientUserId: principal.userId, channel: 'inapp', readAt: IsNull() }, { readAt: new Date() });
      return { marked: r.affected ?? 0 };
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/notifications',
    operationId: 'sendNotification',
    summary: 'Send an alert to people or a unit (de-duplicated by key; quiet hours respected unless critical)',
    tags: ['notifications'],
    access: ['safety_officer', 'admin'],
    body: z
      .object({
        dedupKey: z
          .string()
          .trim()
          .min(1)
          .max(150)
          .regex(/^[\w.:/-]+$/, 'letters, digits and . : / - _ only')
          .optional(),
        audience: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('users'), userIds: z.array(z.string().uuid()).min(1).max(500) }).strict(),
          z.object({ kind: z.literal('unit'), orgUnitId: z.string().uuid(), role: z.string().max(32).optional() }).strict(),
        ]),
        severity: z.enum(['critical', 'normal', 'info']),
        subject: z.string().trim().min(1).max(200),
        body: z.string().trim().min(1).max(5000),
        link: z.string().max(500).nullable().default(null),
      })
      .strict(),
    responses: {
      202: {
        description: 'Accepted for delivery',
        schema: z.object({
          workflowId: z.string().openapi({ description: "The notification's ID (`Notify:<dedup key>`)" }),
          duplicate: z.boolean(),
        }),
      },
    },
    handler: async ({ body, principal }) => {
      const p = principal;
      if (body.audience.kind === 'unit') {
        const unit = await deps.dataSource.getRepository(OrgUnit).findOneBy({ id: body.audience.orgUnitId });
        assertInScope(p, unit?.path, 'No such org unit');
      } else {
        const users = await deps.dataSource.getRepository(User).findBy({ id: In(body.audience.userIds) });
        const units = await deps.dataSource.getRepository(OrgUnit).findBy({ id: In(users.map((u) => u.orgUnitId)) });
        const ok = users.length === new Set(body.audience.userIds).size && users.every((u) => inScope(p, units.find((x) => x.id === u.orgUnitId)?.path ?? ''));
        if (!ok) throw new ValidationError([{ path: 'body.audience.userIds', message: 'unknown user or outside your scope' }]);
      }
      const policy = await currentPolicy(deps.dataSource);
      const dedupKey = body.dedupKey ?? `api/${randomUUID()}`;
      const input: DeliverNotificationInput = {
        ...body,
        dedupKey,
        source: `api:${p.username}`,
        policy: { notifications: policy.document.notifications, quietHours: policy.document.quietHours },
      };
      // The notification's ID in the response keeps the name it had when each one was a workflow.
      const workflowId = notificationWorkflowId(dedupKey);
      // Through the outbox, like the processes' notifications: the messages and who asked for them
      // in one transaction, then the dispatcher woken. The request's audit entry is the key's
      // record (the outbox rows are cleaned after their retention): a key is sent once, ever.
      const written = await deps.dataSource.transaction(async (em) => {
        const requested = { action: 'notification.requested', entityType: 'notification', entityId: dedupKey };
        if ((await em.getRepository(AuditEntry).existsBy(requested)) || (await em.getRepository(NotificationOutbox).existsBy({ dedupKey }))) return null;
        const w = await outbox.writeOutboxRows(em, input);
        await appendAudit(em, {
          actorType: 'user',
          actor: p.username,
          ...requested,
          after: { audience: body.audience, severity: body.severity, subject: body.subject, recipients: w.recorded.recipients, messages: w.recorded.messages },
          at: new Date(),
        });
        return w;
      });
      if (!written) return { workflowId, duplicate: true };
      await outbox.outboxCommitted(written, { client: deps.temporal.client, taskQueue: deps.temporal.taskQueue });
      return { workflowId, duplicate: false };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/notifications/outbox',
    operationId: 'getNotificationOutbox',
    summary: 'The notification outbox for operations: messages by state, the oldest one waiting, and the latest that failed for good',
    tags: ['notifications'],
    access: ['admin', 'safety_officer', 'auditor'],
    query: z.object({ failedLimit: z.coerce.number().int().min(1).max(200).default(20) }).strict(),
    responses: { 200: { description: 'The outbox', schema: OutboxView } },
    handler: async ({ query }) => {
      const ob = deps.dataSource.getRepository(NotificationOutbox);
      const counts = await ob
        .createQueryBuilder('o')
        .select('o.state', 'state')
        .addSelect('COUNT(*)', 'n')
        .groupBy('o.state')
        .getRawMany<{ state: string; n: string | number }>();
      const byState = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const c of counts) if (c.state in byState) byState[c.state as keyof typeof byState] = Number(c.n);
      const oldest = await ob.findOne({ where: { state: 'pending' }, order: { dueAt: 'ASC' }, select: { id: true, dueAt: true } });
      const failed = await ob.find({ where: { state: 'failed' }, order: { claimedAt: 'DESC', id: 'ASC' }, take: query.failedLimit });
      return {
        byState,
        oldestPendingDueAt: oldest?.dueAt.toISOString() ?? null,
        // Without the address: a webhook URL may carry its token (the error names only the origin).
        failed: failed.map((r) => ({
          id: r.id,
          dedupKey: r.dedupKey,
          channel: r.channel,
          recipientUserId: r.recipientUserId,
          attempts: r.attempts,
          lastError: r.lastError,
          failedAt: (r.claimedAt ?? r.dueAt).toISOString(),
        })),
      };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/notifications/mail-sink',
    operationId: 'listSinkMails',
    summary: 'Mails received by the local SMTP sink (development)',
    tags: ['notifications'],
    access: ['admin', 'safety_officer', 'auditor'],
    query: PageQuery.extend({ to: z.string().max(320).optional() }).strict(),
    responses: { 200: { description: 'A page of mails', schema: pagedSchema(MailView) } },
    handler: async ({ query }) => {
      const qb = deps.dataSource.getRepository(SinkMail).createQueryBuilder('m').orderBy('m.receivedAt', 'DESC').addOrderBy('m.id', 'ASC');
      if (query.to) qb.where('m.mail_to LIKE :to', { to: `%${query.to.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
      const [rows, total] = await qb
        .skip((query.page - 1) * query.pageSize)
        .take(query.pageSize)
        .getManyAndCount();
      return pageOf(
        rows.map((m) => ({ id: m.id, from: m.from, to: m.to, subject: m.subject, text: m.text, receivedAt: m.receivedAt.toISOString() })),
        total,
        query,
      );
    },
  });
}
