import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The notification outbox: one row per message to one recipient over one channel, written by the
 * process's step (activities/notifications.ts `recordNotification`) and delivered by the
 * dispatcher (workflows/notification/dispatcher.ts). The ID is the item's de-duplication key
 * (`<dedup key>|<user>|<channel>`, the `notifications` row's ID), so a message is queued once.
 *
 * State machine: `pending` → `sending` (claimed by one delivery, with `claimed_at`) → `sent`, or
 * `failed` when refused for good. A transient failure puts it back to `pending` with a later
 * `due_at`; a `sending` row whose claim is older than the lease is a delivery that died mid-send
 * and is claimed again (the mail keeps its Message-ID, so a resend is de-duplicated).
 */
@Entity({ name: 'notification_outbox' })
@Index('idx_notification_outbox_due', ['state', 'dueAt'])
export class NotificationOutbox {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  /** The notification's de-duplication key (the request's), shared by all its items. */
  @Index('idx_notification_outbox_key')
  @Column({ name: 'dedup_key', type: 'varchar', length: 200 })
  dedupKey!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: 'email' | 'webhook' | 'inapp';

  @Column({ name: 'recipient_user_id', type: 'varchar', length: 36, nullable: true })
  recipientUserId!: string | null;

  /** Email address or webhook URL. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  address!: string | null;

  /** The notification request (JSON: severity, subject, body, link, source, audience). */
  @Column({ type: 'text' })
  request!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: 'pending' | 'sending' | 'sent' | 'failed';

  /** Not before: now, or the end of the recipient's quiet hours, or a retry's backoff. */
  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'claimed_at', type: 'datetime', precision: 3, nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
