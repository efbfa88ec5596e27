import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy a test can cut and restore: a real network outage between a process and its database,
 * without stopping the database that every other test file shares.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  /** While set, connections are accepted but nothing moves: a database that stops answering. */
  let hanging = false;

  function listen() {
    return new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
        if (hanging) for (const s of [client, upstream]) s.pause();
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });
  }

  async function cut() {
    const closing = server;
    server = null;
    for (const s of sockets) s.destroy();
    sockets.clear();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  await listen();
  return {
    get port() {
      return port;
    },
    /** Drops every open connection and refuses new ones. */
    cut,
    /** Keeps every connection, old and new, open with nothing moving (a stalled server): `restore` resumes them. */
    hang() {
      hanging = true;
      for (const s of sockets) s.pause();
    },
    /** After `cut`: accepts connections again on the same port. After `hang`: lets the held traffic through. */
    async restore() {
      if (hanging) {
        hanging = false;
        for (const s of sockets) s.resume();
      }
      if (!server) await listen();
    },
    close: cut,
  };
}
