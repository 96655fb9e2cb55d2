import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  messageId: string;
  to: string;
  subject: string;
  /** The X-SafeLoop-Notification header: the notification item the mail delivers. */
  notification: string;
  at: number;
}

/**
 * A real SMTP server that keeps every mail it accepts in memory: the workers send to it
 * (SMTP_URL) and the fault tests count what really went out, so a mail sent twice shows up as two
 * mails with one Message-ID. `hold()` keeps the server from answering the end of a message until
 * `release()`, so a test can have a mail "on the wire" while something else fails.
 */
export interface SmtpCapture {
  url: string;
  mails(): CapturedMail[];
  /** Message-IDs received more than once, with how often. */
  duplicates(): Record<string, number>;
  /** Mails whose answer is held back now. */
  held(): number;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  let holding = false;
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
        const accept = () => {
          mails.push({
            messageId: header('Message-ID'),
            to: header('To'),
            subject: header('Subject'),
            notification: header('X-SafeLoop-Notification'),
            at: Date.now(),
          });
          callback();
        };
        if (holding) waiting.push(accept);
        else accept();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails: () => [...mails],
    duplicates: () => {
      const counts: Record<string, number> = {};
      for (const m of mails) counts[m.messageId] = (counts[m.messageId] ?? 0) + 1;
      return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 1));
    },
    held: () => waiting.length,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const accept of waiting.splice(0)) accept();
    },
    close: () =>
      new Promise<void>((resolve) => {
        holding = false;
        for (const accept of waiting.splice(0)) accept();
        server.close(() => resolve());
      }),
  };
}
