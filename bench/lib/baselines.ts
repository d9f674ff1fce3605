// The bare servers the gateway is compared with. Each does the minimum the issue names, with the
// same libraries the gateway uses (express 5, ioredis, BullMQ, axios), in one process like the
// gateway: no validation, no stores, no ordering.
import axios from 'axios';
import { Queue, Worker } from 'bullmq';
import express from 'express';
import { Redis } from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** express.json() + one XADD per request, answered like the gateway answers TalkTalk */
export async function startIngestBaseline(redisUrl: string, prefix: string): Promise<RunningServer> {
  const redis = new Redis(redisUrl);
  const app = express();
  app.post('/webhooks/naver/:channelId', express.json({ limit: '1mb' }), async (req, res) => {
    await redis.xadd(`${prefix}:baseline-ingest`, '*', 'e', JSON.stringify(req.body));
    res.status(200).type('application/json;charset=UTF-8').send('{}');
  });
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  const url = await listen(server);
  return {
    url,
    async stop() {
      await closeServer(server);
      await redis.quit();
    },
  };
}

export interface OutboundBaselineOptions {
  redisUrl: string;
  prefix: string;
  /** where the worker POSTs (the platform double) */
  platformUrl: string;
  concurrency: number;
  /** conversation id → what the gateway would look up in its stores */
  targets: Record<string, { botId: string; userKey: string }>;
}

interface BaselineJob {
  botId: string;
  userKey: string;
  text: string;
}

/** an express route that adds the message to a BullMQ queue; a worker POSTs it with axios */
export async function startOutboundBaseline(o: OutboundBaselineOptions): Promise<RunningServer> {
  const connection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const bullPrefix = `${o.prefix}:bq`;
  const queue = new Queue<BaselineJob>('baseline-outbound', { connection, prefix: bullPrefix });
  let seq = 0;
  const app = express();
  app.post('/v1/workspaces/:ws/conversations/:id/messages', express.json({ limit: '1mb' }), async (req, res) => {
    const target = o.targets[req.params.id];
    const text = (req.body as { text?: unknown }).text;
    if (!target || typeof text !== 'string') {
      res.status(404).json({ error: { code: 'conversation_not_found' } });
      return;
    }
    const messageId = `m${process.pid}-${++seq}`;
    await queue.add(
      'send',
      { ...target, text },
      { jobId: messageId, attempts: 8, backoff: { type: 'exponential', delay: 4500 }, removeOnComplete: { age: 3600, count: 5000 }, removeOnFail: false },
    );
    res.status(202).json({ messageId });
  });
  const worker = new Worker<BaselineJob>(
    'baseline-outbound',
    async (job) => {
      const r = await axios.post(
        `${o.platformUrl}/v2/bots/${encodeURIComponent(job.data.botId)}/talk`,
        { event: { name: 'talkgate_message', data: { text: job.data.text } }, user: [{ type: 'plusfriendUserKey', id: job.data.userKey }] },
        { timeout: 5000, headers: { Authorization: 'KakaoAK baseline-rest-api-key' } },
      );
      return (r.data as { taskId?: string }).taskId ?? null;
    },
    { connection: workerConnection, prefix: bullPrefix, concurrency: o.concurrency },
  );
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  const url = await listen(server);
  return {
    url,
    async stop() {
      await closeServer(server);
      await worker.close();
      await queue.close();
      await Promise.all([connection.quit(), workerConnection.quit()]);
    },
  };
}
