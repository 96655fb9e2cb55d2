import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { createPool } from 'mysql2/promise';
import { sinkInsertSql, sinkServer, type SinkThreadMessage } from './mail-sink';

/**
 * The local mail sink's worker thread on MariaDB (see startMailSink): its SMTP server and a
 * connection pool of its own; it tells the main thread where it listens, and stops on 'stop'
 * (the server closed, the pool ended, then the thread exits).
 */
const { databaseUrl, port } = workerData as { databaseUrl: string; port: number };
const say = (m: SinkThreadMessage) => parentPort!.postMessage(m);
// As the app's DataSource (db/data-source.ts): times in UTC, utf8mb4.
const pool = createPool({ uri: databaseUrl, connectionLimit: 2, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
const insertSql = sinkInsertSql((n) => `\`${n}\``);
const server = sinkServer(
  (m) => pool.execute(insertSql, [randomUUID(), m.from, m.to, m.subject, m.text, m.raw, new Date()]),
  (err) => say({ kind: 'log', level: 'error', message: err.message }),
);
server.once('error', (err: NodeJS.ErrnoException) => {
  say({ kind: 'failed', code: err.code, message: err.message });
  void pool.end().finally(() => process.exit(1));
});
server.listen(port, '127.0.0.1', () => {
  server.removeAllListeners('error');
  server.on('error', (err: Error) => say({ kind: 'log', level: 'warn', message: err.message }));
  say({ kind: 'listening', port: (server.server.address() as { port: number }).port });
});
parentPort!.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  server.close(() => {
    void pool.end().finally(() => {
      say({ kind: 'stopped' });
      parentPort!.close();
    });
  });
});
