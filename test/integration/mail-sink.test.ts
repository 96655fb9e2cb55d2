import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { DataSource } from 'typeorm';
import { parseSimpleMail, startMailSink } from '../../app/mail-sink';
import { createLogger } from '../../app/logger';
import { migrate } from '../../db/data-source';
import { SinkMail } from '../../db/entities';
import { openScratchDatabase } from '../support/mysql';

/**
 * The local mail sink (`npm start`, the benches) stores what it receives — subject, text and the
 * raw message, which the web UI's Mail sink page shows. SafeLoop's own mails (one UTF-8 text part)
 * are read without mailparser; the stored subject and text must be exactly what mailparser's
 * `simpleParser` gives, and any other mail still goes through mailparser. Real SMTP from
 * nodemailer into the sink, on both drivers.
 */
const MAILS: { subject: string; text?: string; html?: string }[] = [
  { subject: '[CRITICAL] Hazard graded: crane', text: 'Plain body\n\nhttp://localhost/tasks/1\n\n— SafeLoop' },
  { subject: `【紧急】隐患已分级：起重机 ${'长'.repeat(60)}`, text: `${'正文 '.repeat(80)}\n\nhttp://localhost/tasks/1?a=b&c=d\n\n— SafeLoop` },
  { subject: 'ascii only', text: `${'a'.repeat(200)}\nline2 = equals \nend  ` },
  { subject: 'Résumé: café ü', text: 'Zeile mit Umlauten äöü\r\nund = Zeichen\n\n\n' },
  { subject: `A long subject ${'word '.repeat(40)}`, text: '' },
  { subject: 'with html', text: 'the text part', html: '<p>the html part</p>' },
];

describe.each([
  ['MariaDB', 'mysql'],
  ['embedded SQLite', 'sqlite'],
] as const)('mail sink on %s', (_label, kind) => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  let sink: Awaited<ReturnType<typeof startMailSink>>;

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
    await migrate(ds);
    sink = await startMailSink(ds, 0, createLogger('error'));
  });
  afterAll(async () => {
    await sink?.stop();
    await close();
  });

  it('stores subject, text and raw message as mailparser reads them', async () => {
    // On MariaDB in a worker thread with a pool of its own; on the in-memory embedded database here.
    expect(sink.inThread).toBe(kind === 'mysql');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
    for (const [i, m] of MAILS.entries()) {
      await transport.sendMail({ from: 'safeloop@sink.example', to: `r${i}@sink.example`, ...m, headers: { 'X-SafeLoop-Notification': `n${i}` } });
    }
    transport.close();
    const stored = await ds.getRepository(SinkMail).find();
    expect(stored).toHaveLength(MAILS.length);
    let fast = 0;
    for (const [i, m] of MAILS.entries()) {
      const row = stored.find((s) => s.to === `r${i}@sink.example`)!;
      expect(row.from).toBe('safeloop@sink.example');
      expect(row.receivedAt).toBeInstanceOf(Date);
      expect(Math.abs(row.receivedAt.getTime() - Date.now())).toBeLessThan(60_000);
      const raw = Buffer.from(row.raw, 'utf8');
      expect(row.raw).toContain(`X-Safeloop-Notification: n${i}\r\n`);
      const parsed = await simpleParser(raw);
      expect({ subject: row.subject, text: row.text }).toEqual({ subject: parsed.subject ?? '', text: parsed.text ?? '' });
      if (!m.html) expect(row.subject).toBe(m.subject.trim());
      if (parseSimpleMail(raw)) fast++;
    }
    // Every text-only mail took the direct path; the one with an HTML part went through mailparser.
    expect(fast).toBe(MAILS.filter((m) => !m.html).length);
  });
});

describe('parseSimpleMail', () => {
  it('leaves what it does not read to mailparser', () => {
    const mail = (headers: string, body = 'body') => Buffer.from(`From: a@b.c\r\nSubject: s\r\n${headers}\r\n\r\n${body}`);
    expect(parseSimpleMail(mail('Content-Type: text/plain; charset=iso-8859-1'))).toBeNull();
    expect(parseSimpleMail(mail('Content-Type: text/html; charset=utf-8'))).toBeNull();
    expect(parseSimpleMail(mail('Content-Type: multipart/alternative; boundary=x'))).toBeNull();
    expect(parseSimpleMail(mail('Content-Type: text/plain; format=flowed'))).toBeNull();
    expect(parseSimpleMail(mail('Content-Transfer-Encoding: x-uuencode'))).toBeNull();
    expect(parseSimpleMail(Buffer.from('From: a@b.c\r\nSubject: =?iso-8859-1?Q?caf=E9?=\r\n\r\nbody'))).toBeNull();
    expect(parseSimpleMail(mail('Content-Type: text/plain; charset=utf-8'))).toEqual({ subject: 's', text: 'body' });
  });

  it('costs a fraction of simpleParser for a SafeLoop mail', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    const info = await transport.sendMail({ from: 'a@b.c', to: 'x@y.z', subject: MAILS[1].subject, text: MAILS[1].text });
    const raw = info.message as Buffer;
    const time = async (fn: () => unknown, n: number) => {
      const t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await fn();
      return Number(process.hrtime.bigint() - t) / 1e6 / n;
    };
    await time(() => simpleParser(raw), 20);
    const slow = await time(() => simpleParser(raw), 200);
    const quick = await time(() => parseSimpleMail(raw), 200);
    process.stdout.write(`mail parse: simpleParser ${slow.toFixed(3)} ms, parseSimpleMail ${quick.toFixed(3)} ms\n`);
    expect(parseSimpleMail(raw)).toEqual({ subject: (await simpleParser(raw)).subject, text: (await simpleParser(raw)).text });
    expect(quick).toBeLessThan(slow);
  });
});
