// A real local HTTP server receiving the gateway's webhooks. Every request is checked with the
// `standardwebhooks` library against the secrets the test gave it, so each delivery proves a
// Standard Webhooks receiver would accept it. What it answers is programmable per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  signatures: string[];
  raw: string;
  event: { id: string; type: string; conversationId: string | null; sequence: number | null; data: Record<string, unknown> };
  /** which of the receiver's secrets verified it */
  verifiedWith: string[];
  contentType: string | undefined;
  answered: number;
  at: number;
}

/** what to answer: a status (and headers), or 'hang' to never answer */
export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

export interface WebhookReceiver {
  readonly url: string;
  /** every request, in arrival order, with the answer given */
  readonly requests: Received[];
  /** requests answered 2xx */
  delivered(): Received[];
  setSecrets(secrets: string[]): void;
  /** decides each answer; default 204 */
  answer(fn: (r: Omit<Received, 'answered' | 'at'>, n: number) => Answer): void;
  /** requests that no secret verified (must stay empty) */
  readonly unverified: string[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(secrets: string[] = []): Promise<WebhookReceiver> {
  let keys = secrets;
  let decide: (r: Omit<Received, 'answered' | 'at'>, n: number) => Answer = () => ({ status: 204 });
  const requests: Received[] = [];
  const unverified: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const verifiedWith = keys.filter((k) => {
        try {
          new Webhook(k).verify(raw, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (verifiedWith.length === 0) unverified.push(`${headers['webhook-id']}: ${headers['webhook-signature']}`);
      const r = {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signatures: headers['webhook-signature'].split(' '),
        raw,
        event: JSON.parse(raw) as Received['event'],
        verifiedWith,
        contentType: req.headers['content-type'],
      };
      const a = decide(r, requests.length + 1);
      if (a === 'hang') {
        requests.push({ ...r, answered: 0, at: Date.now() });
        return;
      }
      requests.push({ ...r, answered: a.status, at: Date.now() });
      const send = (): void => {
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body ?? '');
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    delivered: () => requests.filter((r) => r.answered >= 200 && r.answered < 300),
    setSecrets(s) {
      keys = s;
    },
    answer(fn) {
      decide = fn;
    },
    unverified,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
