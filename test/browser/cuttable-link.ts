// A TCP relay between the browser and the gateway that plays the network: `cut()` resets every
// open connection (the SSE stream included) and refuses new ones until `restore()`. Chromium's
// offline emulation leaves an already open EventSource alone, so it cannot drop a stream.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CuttableLink {
  /** http://127.0.0.1:<relay port> */
  url: string;
  port: number;
  /** connections accepted while the link was up */
  accepted: number;
  /** connections refused while it was down */
  refused: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableLink(): Promise<CuttableLink & { pointAt(port: number): void }> {
  const open = new Set<Socket>();
  let target = 0;
  let down = false;
  const server: Server = createServer((client) => {
    if (down || target === 0) {
      link.refused += 1;
      client.resetAndDestroy();
      return;
    }
    link.accepted += 1;
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined); // a reset is what this relay is for
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const link = {
    url: `http://127.0.0.1:${port}`,
    port,
    accepted: 0,
    refused: 0,
    pointAt(p: number) {
      target = p;
    },
    cut() {
      down = true;
      for (const s of open) s.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return link;
}
