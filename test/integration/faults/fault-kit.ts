// Shared pieces of the fault tests: a fetch client that reports network failures as status 0,
// a gateway run as a child process (so it can be killed with SIGKILL), and the TalkTalk events
// and conversation reads the scenarios use.
import { httpClient } from '../../helpers/http-client.js';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ADMIN_TOKEN, SECRET_KEY } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface Reply {
  /** 0 when the request failed on the network (refused, reset) */
  status: number;
  text: string;
  json: any;
  headers: Headers | null;
}

export interface Client {
  base: string;
  request(method: string, p: string, opts?: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string>; token?: string }): Promise<Reply>;
  admin(method: string, p: string, body?: unknown): Promise<Reply>;
}

export function client(base: string): Client {
  const send = httpClient(base, { timeoutMs: 15_000 });
  // a gateway being killed answers nothing: that is status 0 here, not an exception
  const request: Client['request'] = async (method, p, opts = {}) => {
    try {
      const r = await send(method, p, opts);
      return { status: r.status, text: r.text, json: r.json, headers: r.headers };
    } catch (err) {
      return { status: 0, text: (err as Error).message, json: undefined, headers: null };
    }
  };
  return { base, request, admin: (method, p, body) => request(method, p, { body, token: ADMIN_TOKEN }) };
}

export interface ChildGateway {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  /** SIGKILL: no shutdown hook runs, nothing is flushed */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit */
  stop(): Promise<void>;
}

/** `node --import tsx src/main.ts` (or `command`, e.g. `npm start`) against an existing Redis */
export async function startChildGateway(env: Record<string, string>, command: readonly [string, ...string[]] = [process.execPath, '--import', 'tsx', 'src/main.ts']): Promise<ChildGateway> {
  let out = '';
  const [bin, ...args] = command;
  const child = spawn(bin, args, {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      HOST: '127.0.0.1',
      ADMIN_TOKEN,
      SECRET_KEY,
      LOG_LEVEL: 'warn',
      ALLOW_PRIVATE_TARGETS: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}: ${out}`);
    return out.includes('talkgate listening');
  }, 'the child gateway to listen', command[0] === process.execPath ? 30_000 : 120_000);
  return {
    child,
    pid: child.pid ?? -1,
    output: () => out,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export function naverSend(user: string, text: string, inputType = 'typing'): Record<string, unknown> {
  return { event: 'send', user, textContent: { text, inputType } };
}

export interface StoredMessage {
  id: string;
  direction: 'in' | 'out';
  from: string;
  kind: string;
  text?: string;
  status: string;
  attempts?: number;
}

export interface ConversationView {
  id: string;
  customerId: string;
  status: string;
  messages: StoredMessage[];
}

/** every conversation of the workspace, with its messages, keyed by the customer's channel user id */
export async function conversationsByUser(c: Client, ws: string): Promise<Map<string, ConversationView>> {
  const out = new Map<string, ConversationView>();
  for (const status of ['waiting', 'assigned', 'closed']) {
    const list = await c.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}&limit=999`);
    if (list.status !== 200) throw new Error(`list ${status}: ${list.status} ${list.text}`);
    for (const item of list.json.items as { id: string; customerId: string }[]) {
      const customer = await c.admin('GET', `/v1/workspaces/${ws}/customers/${item.customerId}`);
      const conv = await c.admin('GET', `/v1/workspaces/${ws}/conversations/${item.id}`);
      if (customer.status !== 200 || conv.status !== 200) throw new Error(`read ${item.id}: ${customer.status}/${conv.status}`);
      out.set(customer.json.identifier as string, conv.json as ConversationView);
    }
  }
  return out;
}

/** how many times each customer text occurs in the customer's conversation, in stored order */
export function customerTexts(conv: ConversationView | undefined): string[] {
  return (conv?.messages ?? []).filter((m) => m.direction === 'in' && m.kind === 'text' && m.text !== undefined).map((m) => m.text as string);
}

export function countBy<T>(items: readonly T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

/** a workspace with one online agent and a TalkTalk channel pointed at the platform double */
export interface NaverWorld {
  ws: string;
  agent: string;
  /** the channel's webhook path, key included */
  hook: string;
}

/**
 * Sets up a NaverWorld and has each of `users` ask for an agent; resolves once every one of them
 * has a conversation (returned, keyed by user).
 */
export async function naverWorld(c: Client, platformUrl: string, users: readonly string[], opts: { maxConcurrent?: number; timeoutMs?: number } = {}): Promise<NaverWorld & { convs: Map<string, ConversationView> }> {
  const ok = (r: Reply, want: number, what: string): Reply => {
    if (r.status !== want) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r;
  };
  const ws = ok(await c.admin('POST', '/v1/workspaces', { name: 'acme' }), 201, 'create workspace').json.id as string;
  const agent = ok(await c.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: opts.maxConcurrent ?? 100 }), 201, 'create agent').json.id as string;
  ok(await c.admin('PUT', `/v1/workspaces/${ws}/agents/${agent}/status`, { online: true }), 200, 'agent online');
  const ch = ok(await c.admin('POST', `/v1/workspaces/${ws}/channels`, { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' }, apiBaseUrl: platformUrl }), 201, 'create channel');
  const hook = `/webhooks/naver/${ch.json.id}?key=${ch.json.webhookKey}`;
  for (const user of users) ok(await c.request('POST', hook, { body: naverSend(user, '상담 요청', 'inquiry') }), 200, `${user} asks for an agent`);
  let convs = new Map<string, ConversationView>();
  await waitFor(async () => {
    convs = await conversationsByUser(c, ws);
    return convs.size === users.length || null;
  }, 'a conversation per customer', opts.timeoutMs ?? 20_000);
  return { ws, agent, hook, convs };
}
