// A real local HTTP server standing in for a messaging platform (TalkTalk's send API by
// default), for tests where the gateway is another process or where nock cannot fake the
// transport (hangs, dropped connections). It records a request only when it answers success,
// so "delivered" means what the platform accepted; it deduplicates nothing.
//
// Faults are decided per request body and attempt number from a seed, so which deliveries
// fail does not depend on the order concurrent requests happen to arrive in.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createRng, hash32 } from './fuzz.js';

export type FaultKind = 'http500' | 'http503' | 'http429' | 'hang' | 'close';

export interface FaultPolicy {
  /** share of requests that get a fault, 0..1 */
  rate: number;
  seed: number;
  kinds: readonly FaultKind[];
  /** after this many faults for the same body, it succeeds (keeps retry chains short) */
  maxFaultsPerBody?: number;
  /** the Retry-After header of a 429, in seconds */
  retryAfterSeconds?: number;
  /** how long a hang holds the request before the socket is destroyed (never a success) */
  hangMs?: number;
}

export interface Delivery {
  /** 1-based order in which the double answered success */
  n: number;
  path: string;
  authorization: string | undefined;
  raw: string;
  body: any;
  at: number;
}

export interface PlatformDouble {
  readonly url: string;
  readonly port: number;
  /** successful deliveries in answer order */
  readonly delivered: Delivery[];
  /** every request that arrived, faulted or not */
  readonly received: number;
  /** faults served, by kind */
  readonly faults: Record<FaultKind, number>;
  /** requests currently held (hang or hold) */
  readonly holding: number;
  setFaults(policy: FaultPolicy | null): void;
  /** extra latency before each success answer */
  setLatency(ms: number): void;
  /** hold every new request unanswered until release(); held ones are then dropped, never answered with success */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

const SUCCESS = JSON.stringify({ success: true, resultCode: '00' });

export async function startPlatformDouble(opts: { port?: number } = {}): Promise<PlatformDouble> {
  const delivered: Delivery[] = [];
  const faults: Record<FaultKind, number> = { http500: 0, http503: 0, http429: 0, hang: 0, close: 0 };
  const attemptsByBody = new Map<string, number>();
  const faultsByBody = new Map<string, number>();
  const held = new Set<Socket>();
  const sockets = new Set<Socket>();
  let received = 0;
  let policy: FaultPolicy | null = null;
  let latencyMs = 0;
  let holding = false;

  const holdSocket = (socket: Socket, ms: number | null): void => {
    held.add(socket);
    socket.once('close', () => held.delete(socket));
    if (ms !== null) setTimeout(() => socket.destroy(), ms).unref();
  };

  const decide = (raw: string): FaultKind | null => {
    if (!policy || policy.rate <= 0) return null;
    const attempt = (attemptsByBody.get(raw) ?? 0) + 1;
    attemptsByBody.set(raw, attempt);
    const faulted = faultsByBody.get(raw) ?? 0;
    if (faulted >= (policy.maxFaultsPerBody ?? 3)) return null;
    const rng = createRng((policy.seed ^ hash32(raw) ^ Math.imul(attempt, 0x9e3779b1)) >>> 0);
    if (!rng.chance(policy.rate)) return null;
    faultsByBody.set(raw, faulted + 1);
    return rng.pick(policy.kinds);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    received++;
    if (holding) {
      holdSocket(req.socket, null);
      return;
    }
    const fault = decide(raw);
    if (fault) faults[fault]++;
    switch (fault) {
      case 'http500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      case 'http503':
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"success":false}');
        return;
      case 'http429':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(policy?.retryAfterSeconds ?? 1) }).end('{}');
        return;
      case 'hang':
        holdSocket(req.socket, policy?.hangMs ?? 2000);
        return;
      case 'close':
        req.socket.destroy();
        return;
      case null:
        break;
    }
    const answer = (): void => {
      if (req.socket.destroyed) return;
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      delivered.push({ n: delivered.length + 1, path: req.url ?? '', authorization: req.headers['authorization'], raw, body, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(SUCCESS);
    };
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    delivered,
    get received() {
      return received;
    },
    faults,
    get holding() {
      return held.size;
    },
    setFaults(p) {
      policy = p;
      attemptsByBody.clear();
      faultsByBody.clear();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const s of held) s.destroy();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** TalkTalk send bodies the double accepted, grouped by `user`, texts in delivery order */
export function textsByUser(deliveries: readonly Delivery[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of deliveries) {
    const user = typeof d.body?.user === 'string' ? (d.body.user as string) : '?';
    const text = typeof d.body?.textContent?.text === 'string' ? (d.body.textContent.text as string) : JSON.stringify(d.body);
    out.set(user, [...(out.get(user) ?? []), text]);
  }
  return out;
}
