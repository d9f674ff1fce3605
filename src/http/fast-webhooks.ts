// The webhook fast path: POST /webhooks/<type>/<channelId>[<sub-path>] answered straight from
// node:http, without walking express's router and middleware stack (the profile showed that walk
// and express's request/response decoration as the ingest ceiling). Same contract as the express
// route it shadows: the same handler (WebhookEndpoint), 1 MiB JSON body rules, error envelope,
// X-Request-Id, metrics and access-log line. Anything it does not handle exactly like express —
// another method or path shape, a %-escape that does not decode, a body that is not plain UTF-8
// JSON (other types, charsets, Content-Encoding), or a declared length over the limit — goes to
// express untouched, whose answer (415, 413, 404 …) is then the only one.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { AppError } from '../domain/errors.js';
import type { HttpDeps } from './deps.js';
import { nodeInboundRequest } from './inbound-request.js';
import { BODY_LIMIT_BYTES, MAX_JSON_DEPTH, deeperThan, hasBody } from './middleware/body.js';
import { errorEnvelope, errorHeaders, logError, toAppError } from './middleware/errors.js';
import { recordFinished, requestIdOf } from './middleware/request-context.js';
import type { WebhookEndpoint } from './routes/platform-webhook-routes.js';

const PREFIX = '/webhooks/';
const JSON_TYPE = /^application\/(?:json|[^/;\s]+\+json)\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const EMPTY = Buffer.alloc(0);

interface Match {
  endpoint: WebhookEndpoint;
  channelId: string;
  query: string;
}

/** the endpoint a URL names in the one shape express would match too, or null (express decides) */
function match(byKey: Map<string, WebhookEndpoint>, url: string): Match | null {
  if (!url.startsWith(PREFIX)) return null;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const typeEnd = path.indexOf('/', PREFIX.length);
  if (typeEnd < 0) return null;
  const idEnd = path.indexOf('/', typeEnd + 1);
  const rawId = path.slice(typeEnd + 1, idEnd < 0 ? path.length : idEnd);
  const endpoint = byKey.get(`${path.slice(PREFIX.length, typeEnd)}${idEnd < 0 ? '' : path.slice(idEnd)}`);
  if (!endpoint || rawId === '') return null;
  let channelId = rawId;
  if (rawId.includes('%')) {
    try {
      channelId = decodeURIComponent(rawId);
    } catch {
      return null; // express answers 400 invalid_path
    }
  }
  return { endpoint, channelId, query: q < 0 ? '' : url.slice(q + 1) };
}

/** a body the fast path reads exactly as express.json would; anything else is express's */
function plainJsonBody(req: IncomingMessage): 'none' | 'json' | 'express' {
  if (!hasBody(req)) return 'none';
  const h = req.headers;
  const length = h['content-length'];
  const encoding = h['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return 'express';
  if (length !== undefined && !(Number(length) <= BODY_LIMIT_BYTES)) return 'express';
  return JSON_TYPE.test(h['content-type'] ?? '') ? 'json' : 'express';
}

const bodyError = (code: string, status: number, message: string): AppError => new AppError(code, status, message);

/** the whole body, at most the limit (413 past it); one chunk is used as is, no copy */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let more: Buffer[] | null = null;
    let size = 0;
    const fail = (err: AppError): void => {
      req.off('data', onData);
      req.resume();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) return fail(bodyError('payload_too_large', 413, 'The request body is larger than 1 MiB; send a smaller body.'));
      if (!first) first = chunk;
      else (more ??= [first]).push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(more ? Buffer.concat(more, size) : (first ?? EMPTY)));
    req.once('aborted', () => fail(bodyError('request_aborted', 400, 'The request was aborted by the client.')));
    req.once('error', () => fail(bodyError('request_aborted', 400, 'The request was aborted by the client.')));
  });
}

/** express.json's reading: the BOM dropped, an empty body is {} */
function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw bodyError('invalid_json', 400, 'The request body is not valid JSON; send a JSON document.');
  }
  if (deeperThan(body, MAX_JSON_DEPTH)) {
    throw bodyError('json_too_deep', 400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels; send a flatter document.`);
  }
  return body;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body) ?? '';
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** the request listener: webhooks here, everything else to `next` (the express app) */
export function withFastWebhooks(deps: HttpDeps, endpoints: readonly WebhookEndpoint[], next: RequestListener): RequestListener {
  const byKey = new Map(endpoints.map((e) => [`${e.type}${e.subPath}`, e]));
  return (req, res) => {
    const m = req.method === 'POST' && req.url ? match(byKey, req.url) : null;
    const kind = m ? plainJsonBody(req) : 'express';
    if (!m || kind === 'express') return next(req, res);
    const startNs = process.hrtime.bigint();
    const id = requestIdOf(req.headers['x-request-id'] as string | undefined);
    res.setHeader('X-Request-Id', id);
    let fields: object | undefined;
    res.once('finish', () => recordFinished(deps.log, deps.metrics, { reqId: id, method: 'POST', route: m.endpoint.path, status: res.statusCode, startNs, fields }));
    const run = async (): Promise<void> => {
      const raw = kind === 'json' ? await readBody(req) : EMPTY;
      const body = kind === 'json' ? parseJson(raw) : undefined;
      const r = await m.endpoint.handle(m.channelId, (at) => nodeInboundRequest(req, m.query === '' ? {} : parseQuery(m.query), at, { parsed: body, raw, route: m.endpoint.subPath }), (n, v) => res.setHeader(n, v));
      fields = r.log;
      sendJson(res, r.answer.status, r.answer.body);
    };
    run().catch((err: unknown) => {
      const { appErr, known } = toAppError(err, deps.classifyError);
      logError(deps.log.child({ reqId: id }), err, appErr, known);
      if (res.headersSent) return void res.end();
      // a body left unread (413) would otherwise be parsed as the next request
      if (appErr.status === 413) res.setHeader('Connection', 'close');
      sendJson(res, appErr.status, errorEnvelope(appErr), errorHeaders(appErr));
    });
  };
}
