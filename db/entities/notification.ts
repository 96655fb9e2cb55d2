import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One message to one recipient over one channel. The ID is the de-duplication key, so the same
 * alert is never stored (or sent) twice. In-app messages are read from here.
 */
@Entity({ name: 'notifications' })
export class Notification {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Index('idx_notifications_recipient')
  @Column({ name: 'recipient_user_id', type: 'varchar', length: 36, nullable: true })
  recipientUserId!: string | null;

  /** Email address or webhook URL for the external channels. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  address!: string | null;

  @Column({ type: 'varchar', length: 16 })
  channel!: 'email' | 'webhook' | 'inapp';

  @Column({ type: 'varchar', length: 16 })
  severity!: 'critical' | 'normal' | 'info';

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Subject and body as message keys with parameters (domain/texts), JSON: a mail goes out in its recipient's language, the in-app list in its reader's. */
  @Column({ name: 'subject_text', type: 'text', nullable: true })
  subjectText!: string | null;

  @Column({ name: 'body_text', type: 'text', nullable: true })
  bodyText!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link!: string | null;

  /** The process that caused it, e.g. `Notice:…`. */
  @Column({ name: 'source', type: 'varchar', length: 200, nullable: true })
  source!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: 'deferred' | 'sent' | 'failed';

  /** Set when quiet hours deferred it: the earliest delivery time. */
  @Column({ name: 'deliver_after', type: 'datetime', precision: 3, nullable: true })
  deliverAfter!: Date | null;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'read_at', type: 'datetime', precision: 3, nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}

/** Mails received by the local SMTP sink (`npm start`), so a person can see every mail sent. */
@Entity({ name: 'sink_mails' })
export class SinkMail {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'mail_from', type: 'varchar', length: 320 })
  from!: string;

  @Column({ name: 'mail_to', type: 'varchar', length: 2000 })
  to!: string;

  @Column({ type: 'varchar', length: 500 })
  subject!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  raw!: string;

  @Index('idx_sink_mails_received')
  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt!: Date;
}
