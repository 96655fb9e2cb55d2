import type { Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../app/logger';

/** What activities may use; the worker builds it and injects it into every factory. */
export interface ActivityDeps {
  dataSource: DataSource;
  logger: Logger;
  /** Injected so tests can pin time. */
  now: () => Date;
  /** SMTP transport; null when no SMTP server is configured (email is then skipped). */
  mailer: Transporter | null;
  mailFrom: string;
  /** Public base URL of the app, for links in messages. */
  appUrl: string;
}
