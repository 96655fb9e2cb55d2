import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import type { Logger } from './logger';

/** What the sink stores of a mail it received. */
export interface SinkedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  raw: string;
}

/** The sink's insert, one prebuilt statement a mail (no query building); `q` quotes a name. */
export const sinkInsertSql = (q: (name: string) => string) =>
  `INSERT INTO ${q('sink_mails')} (${['id', 'mail_from', 'mail_to', 'subject', 'text', 'raw', 'received_at'].map(q).join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?)`;

/**
 * The sink's SMTP server: accepts every mail, reads it (SafeLoop's own mails directly, anything
 * else through mailparser) and hands it to `store`; the mail is accepted once it is stored.
 */
export function sinkServer(store: (mail: SinkedMail) => Promise<unknown>, onStoreError: (err: Error) => void): SMTPServer {
  return new SMTPServer({
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
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
        const simple = parseSimpleMail(raw);
        (simple ? Promise.resolve(simple) : simpleParser(raw).then((mail) => ({ subject: mail.subject ?? '', text: mail.text ?? '' })))
          .then(({ subject, text }) => store({ from, to, subject, text, raw: raw.toString('utf8') }))
          .then(
            () => callback(),
            (err: Error) => {
              onStoreError(err);
              callback(err);
            },
          );
      });
    },
  });
}

/**
 * A local SMTP server that accepts every mail and stores it in `sink_mails`, so on a developer
 * machine nodemailer really sends and a person can read what was sent (web UI → Mail sink).
 * Never used when SMTP_URL points at a real server.
 *
 * On MariaDB it runs in a worker thread with a connection pool of its own (app/mail-sink-thread.ts):
 * it stands in for a mail server, which is never in the app's process, and its SMTP exchanges,
 * reading and stores then do not wait behind the API and the activities in the main event loop
 * (bench:processes: reports sustained ~56/s with it in the main thread, ~64/s with a mail server
 * outside). On the embedded database (sql.js, in this process's memory) it runs here.
 */
export async function startMailSink(dataSource: DataSource, port: number, logger: Logger): Promise<MailSink> {
  const url = (dataSource.options as { url?: string }).url;
  if ((dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb') && url) return startMailSinkThread(url, port, logger);
  const sqljs = dataSource.options.type === 'sqljs';
  const insertSql = sinkInsertSql((n) => dataSource.driver.escape(n));
  const receivedAt = (d: Date) => (sqljs ? DateUtils.mixedDateToUtcDatetimeString(d) : d);
  const server = sinkServer(
    (m) => dataSource.query(insertSql, [randomUUID(), m.from, m.to, m.subject, m.text, m.raw, receivedAt(new Date())]),
    (err) => logger.error({ err }, 'mail sink could not store a mail'),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', (err) => logger.warn({ err }, 'mail sink error'));
  const address = (server.server.address() as { port: number }).port;
  return { port: address, inThread: false, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A running sink: where it listens, whether in a thread of its own, and its stop. */
export interface MailSink {
  port: number;
  inThread: boolean;
  stop: () => Promise<void>;
}

/** Messages from the sink's thread (app/mail-sink-thread.ts). */
export type SinkThreadMessage =
  | { kind: 'listening'; port: number }
  | { kind: 'failed'; code?: string; message: string }
  | { kind: 'log'; level: 'warn' | 'error'; message: string }
  | { kind: 'stopped' };

/**
 * The sink in a worker thread: its module as this one is (TypeScript under tsx and jest, read
 * through tsx's require hook; JavaScript when built).
 */
async function startMailSinkThread(databaseUrl: string, port: number, logger: Logger): Promise<MailSink> {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `mail-sink-thread${ext}`);
  const worker =
    ext === '.ts'
      ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)});`, {
          eval: true,
          workerData: { databaseUrl, port },
        })
      : new Worker(file, { workerData: { databaseUrl, port } });
  worker.on('message', (m: SinkThreadMessage) => {
    if (m.kind === 'log') logger[m.level]({ detail: m.message }, m.level === 'error' ? 'mail sink could not store a mail' : 'mail sink error');
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const listening = await new Promise<number>((resolve, reject) => {
    const onMessage = (m: SinkThreadMessage) => {
      if (m.kind === 'listening') resolve(m.port);
      if (m.kind === 'failed') reject(Object.assign(new Error(m.message), { code: m.code }));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`mail sink thread exited (${code}) before it listened`)));
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });
  worker.on('error', (err) => logger.error({ err }, 'mail sink thread failed'));
  let stopping: Promise<void> | null = null;
  return {
    port: listening,
    inThread: true,
    stop: () =>
      (stopping ??= (async () => {
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}

/** Charsets read without mailparser. */
const UTF8 = /^(utf-?8|us-ascii)$/i;

/** RFC 2047 encoded words (UTF-8 or ASCII only), adjacent ones joined; null when one is in another charset. */
function decodeWords(value: string): string | null {
  let ok = true;
  const decoded = value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, enc: string, text: string) => {
      if (!UTF8.test(charset)) ok = false;
      return enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQ(text.replace(/_/g, ' '));
    });
  return ok ? decoded : null;
}

/** Quoted-printable bytes (soft line breaks removed) as UTF-8 text. */
function decodeQ(text: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  const bytes: number[] = [];
  const src = Buffer.from(text.replace(/=\r?\n/g, ''), encoding);
  for (let i = 0; i < src.length; i++) {
    const hex = src[i] === 0x3d && i + 2 < src.length ? src.toString('latin1', i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(src[i]);
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Subject and text of a mail with one text/plain part in UTF-8 (what SafeLoop sends): what
 * mailparser's `simpleParser` gives for it (words decoded, line breaks as \n), for a fraction of
 * its cost. Null for anything else (multipart, HTML, other charsets or encodings): the caller
 * parses it with mailparser.
 */
export function parseSimpleMail(raw: Buffer): { subject: string; text: string } | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const headers = new Map<string, string>();
  for (const line of raw.toString('utf8', 0, end).split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (headers.has(name) && (name === 'subject' || name.startsWith('content-'))) return null;
    headers.set(
      name,
      line
        .slice(colon + 1)
        .replace(/\r\n/g, '')
        .trim(),
    );
  }
  const type = (headers.get('content-type') ?? 'text/plain').split(';').map((p) => p.trim());
  if (type[0].toLowerCase() !== 'text/plain') return null;
  for (const param of type.slice(1)) {
    const [k, v] = param.split('=').map((x) => x.trim().replace(/^"|"$/g, ''));
    if (k.toLowerCase() === 'charset' ? !UTF8.test(v ?? '') : k.toLowerCase() === 'format' || k.toLowerCase() === 'delsp') return null;
  }
  const body = raw.subarray(end + 4);
  let text: string;
  switch ((headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()) {
    case '7bit':
    case '8bit':
      text = body.toString('utf8');
      break;
    case 'quoted-printable':
      text = decodeQ(body.toString('latin1'), 'latin1');
      break;
    case 'base64':
      text = Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64').toString('utf8');
      break;
    default:
      return null;
  }
  const subject = decodeWords(headers.get('subject') ?? '');
  if (subject === null || text.includes('\ufffd')) return null;
  return { subject, text: text.replace(/\r\n/g, '\n') };
}
