import net from 'node:net';

/**
 * A TCP proxy between the app and a server (MariaDB in the fault tests) that can cut the line:
 * the app under test connects to the proxy's port, and the test makes the server unreachable
 * without touching the real one, which other tests and programs keep using.
 */
export interface TcpProxy {
  port: number;
  /** How many client connections are open through the proxy now. */
  connections(): number;
  /**
   * Cuts the line: every open connection is destroyed at once, and new ones are `refused`
   * (nothing listens on the port: ECONNREFUSED) or `reset` (accepted and closed at once, as a
   * server going down mid-handshake does) until `restore()`.
   */
  cut(mode?: 'refuse' | 'reset'): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let mode: 'up' | 'refuse' | 'reset' = 'up';
  const server = net.createServer((client) => {
    if (mode !== 'up') {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const actualPort = await listen(port);
  const destroyAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    port: actualPort,
    connections: () => open.size / 2,
    async cut(how = 'refuse') {
      mode = how;
      destroyAll();
      if (how === 'refuse') {
        // close() waits for accepted sockets; they are gone, so it returns at once.
        await stopListening();
      } else if (!server.listening) await listen(actualPort);
    },
    async restore() {
      mode = 'up';
      if (!server.listening) await listen(actualPort);
    },
    async close() {
      mode = 'refuse';
      destroyAll();
      await stopListening();
    },
  };
}
