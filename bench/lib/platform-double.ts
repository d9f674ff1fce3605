// A local Kakao Event API double: answers every `POST /v2/bots/:botId/talk` at once with the
// documented success body, and reports each arrival (the message's bench marker and the
// monotonic time it arrived) to the parent over IPC.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from './stats.js';

export interface Arrival {
  /** the number after "#" in the message text, -1 when there is none */
  marker: number;
  at: number;
}

const MARKER = /#(\d+)/;

export async function startKakaoDouble(onArrival: (a: Arrival) => void): Promise<{ url: string; stop(): Promise<void> }> {
  let task = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = nowMs();
      const body = Buffer.concat(chunks).toString('utf8');
      const ok = req.method === 'POST' && /^\/v2\/bots\/[^/]+\/talk$/.test(req.url ?? '');
      if (ok) onArrival({ marker: Number(MARKER.exec(body)?.[1] ?? -1), at });
      const answer = ok ? { taskId: `task-${++task}`, status: 'SUCCESS', message: '', timestamp: Date.now() } : { status: 'FAIL', message: 'not found' };
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
