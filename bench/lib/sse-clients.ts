// Child-process entry holding many web chat SSE streams: hello → visitor token → open the stream,
// `count` times; reports each bench marker it receives (with the monotonic time) to the parent.
// Protocol over IPC: → {type:'progress', opened} … → {type:'ready', opened, failed, sample}
// → {type:'got', marker, at} per message; ← {type:'status'} → {type:'status', open}.
import http from 'node:http';
import { nowMs } from './stats.js';

export interface SseClientsSpec {
  url: string;
  channelId: string;
  count: number;
  /** how many of this child's visitors the parent may write to (tokens are sent back) */
  sample: number;
  concurrency: number;
}

export type SseClientMessage =
  | { type: 'progress'; opened: number }
  | { type: 'ready'; opened: number; failed: number; firstError: string | null; sample: Array<{ visitorId: string; token: string }> }
  | { type: 'got'; marker: number; at: number }
  | { type: 'status'; open: number };

const send = (m: SseClientMessage): void => {
  process.send?.(m);
};

const spec = JSON.parse(process.argv[2] ?? '{}') as SseClientsSpec;
const base = new URL(spec.url);
const helloAgent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
let open = 0;

function hello(): Promise<{ visitorId: string; visitorToken: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: `/webhooks/webchat/${spec.channelId}`, method: 'POST', agent: helloAgent, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text)) : reject(new Error(`hello → ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end('{"type":"hello"}');
  });
}

const MARKER = /#(\d+)/g;

function openStream(token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // one socket per stream, as one browser tab would hold
    const req = http.get({ host: base.hostname, port: base.port, path: `/webhooks/webchat/${spec.channelId}/stream?token=${encodeURIComponent(token)}`, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`stream → ${res.statusCode}`));
        return;
      }
      open++;
      let carry = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = nowMs();
        carry += chunk;
        const end = carry.lastIndexOf('\n\n');
        if (end < 0) return;
        const complete = carry.slice(0, end);
        carry = carry.slice(end + 2);
        for (const m of complete.matchAll(MARKER)) send({ type: 'got', marker: Number(m[1]), at });
      });
      res.on('close', () => open--);
      resolve();
    });
    req.on('error', reject);
  });
}

const sample: Array<{ visitorId: string; token: string }> = [];
let opened = 0;
let failed = 0;
let firstError: string | null = null;
let next = 0;
async function lane(): Promise<void> {
  while (next < spec.count) {
    const i = next++;
    try {
      const v = await hello();
      await openStream(v.visitorToken);
      if (i < spec.sample) sample.push({ visitorId: v.visitorId, token: v.visitorToken });
      if (++opened % 1000 === 0) send({ type: 'progress', opened });
    } catch (err) {
      failed++;
      firstError ??= (err as Error).message;
    }
  }
}
await Promise.all(Array.from({ length: spec.concurrency }, lane));
helloAgent.destroy();
process.on('message', (m: { type?: string }) => {
  if (m.type === 'status') send({ type: 'status', open });
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', opened, failed, firstError, sample });
