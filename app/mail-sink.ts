import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import type { Logger } from './logger';

/**
 * A local SMTP server that accepts every mail and stores it in `sink_mails`, so on a developer
 * machine nodemailer really sends and a person can read what was sent (web UI → Mail sink).
 * Never used when SMTP_URL points at a real server.
 */
export async function startMailSink(dataSource: DataSource, port: number, logger: Logger): Promise<{ port: number; stop: () => Promise<void> }> {
  const sqljs = dataSource.options.type === 'sqljs';
  // One prebuilt statement a mail (no query building).
  const q = (n: string) => dataSource.driver.escape(n);
  const insertSql = `INSERT INTO ${q('sink_mails')} (${['id', 'mail_from', 'mail_to', 'subject', 'text', 'raw', 'received_at'].map(q).join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?)`;
  const receivedAt = (d: Date) => (sqljs ? DateUtils.mixedDateToUtcDatetimeString(d) : d);
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
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
        // SafeLoop's own mails (one text part) are read directly; anything else through mailparser.
        const simple = parseSimpleMail(raw);
        (simple ? Promise.resolve(simple) : simpleParser(raw).then((mail) => ({ subject: mail.subject ?? '', text: mail.text ?? '' })))
          .then(({ subject, text }) => dataSource.query(insertSql, [randomUUID(), from, to, subject, text, raw.toString('utf8'), receivedAt(new Date())]))
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
