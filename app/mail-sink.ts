import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { SinkMail } from '../db/entities';
import type { Logger } from './logger';

/**
 * A local SMTP server that accepts every mail and stores it in `sink_mails`, so on a developer
 * machine nodemailer really sends and a person can read what was sent (web UI → Mail sink).
 * Never used when SMTP_URL points at a real server.
 */
export async function startMailSink(dataSource: DataSource, port: number, logger: Logger): Promise<{ port: number; stop: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'SafeLoop mail sink',
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) =>
            dataSource.getRepository(SinkMail).insert({
              id: randomUUID(),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address).join(', '),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              raw: raw.toString('utf8'),
              receivedAt: new Date(),
            }),
          )
          .then(
            () => callback(),
            (err: Error) => {
              logger.error({ err }, 'mail sink could not store a mail');
              callback(err);
            },
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', (err) => logger.warn({ err }, 'mail sink error'));
  const address = (server.server.address() as { port: number }).port;
  return { port: address, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
