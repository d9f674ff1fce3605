// One delivery attempt of one event to one endpoint, as Standard Webhooks describes it. Only a
// 2xx answered within the timeout counts; a redirect is a failure (maxRedirects 0), and the
// first KiB of whatever came back is kept for the attempts list.
import axios from 'axios';
import type { Readable } from 'node:stream';
import { signPayload } from '../../domain/webhook.js';
import type { TargetGuard } from '../target-guard.js';

export const RESPONSE_KEEP_BYTES = 1024;

export interface DeliveryRequest {
  url: string;
  eventId: string;
  body: string;
  secrets: readonly string[];
  now: Date;
}

export type DeliveryResult =
  | { ok: true; statusCode: number; response: string }
  | { ok: false; statusCode: number | null; error: string; response: string | null; retryAfterMs: number | null };

const client = axios.create({ validateStatus: () => true, maxRedirects: 0, responseType: 'stream', decompress: true });

async function firstKiB(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(b);
      size += b.length;
      if (size >= RESPONSE_KEEP_BYTES) break;
    }
  } catch {
    // a body cut short still leaves what arrived
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_KEEP_BYTES).toString('utf8');
}

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable */
export function parseRetryAfter(value: unknown, now: Date): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export async function deliverOnce(req: DeliveryRequest, guard: TargetGuard, timeoutMs: number): Promise<DeliveryResult> {
  const shape = guard.checkShape(req.url);
  if (!shape.ok) return { ok: false, statusCode: null, error: `webhook_url_not_allowed: ${shape.reason}`, response: null, retryAfterMs: null };
  const timestamp = Math.floor(req.now.getTime() / 1000);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await client.post<Readable>(req.url, req.body, {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'talkgate-webhooks',
        'webhook-id': req.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signPayload(req.secrets, req.eventId, timestamp, req.body),
      },
      signal: abort.signal,
      transformRequest: [(d: unknown) => d],
      ...(guard.lookup ? { lookup: guard.lookup } : {}),
    });
    const response = await firstKiB(res.data);
    if (abort.signal.aborted) return { ok: false, statusCode: res.status, error: `no complete answer within ${timeoutMs / 1000} s`, response, retryAfterMs: null };
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, response };
    const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after'], req.now) : null;
    const error = res.status >= 300 && res.status < 400 ? `redirect (HTTP ${res.status}) to ${String(res.headers['location'] ?? '?')}; redirects are not followed` : `HTTP ${res.status}`;
    return { ok: false, statusCode: res.status, error, response, retryAfterMs };
  } catch (err) {
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const message = abort.signal.aborted
      ? `no answer within ${timeoutMs / 1000} s`
      : e.code === 'ETARGETREFUSED' || e.cause?.code === 'ETARGETREFUSED'
        ? `webhook_url_not_allowed: ${e.cause?.message ?? e.message ?? ''}`
        : `${e.code ?? 'network error'}: ${e.message ?? ''}`;
    return { ok: false, statusCode: null, error: message, response: null, retryAfterMs: null };
  } finally {
    clearTimeout(timer);
  }
}
