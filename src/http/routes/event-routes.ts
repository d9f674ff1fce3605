// The workspace's events for integrators (integration.md "Event stream and pull"): a page at a
// time, or as Server-Sent Events that resume from a cursor with nothing missed or doubled.
import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import { once } from 'node:events';
import { EventsQuery, parseEventFilter, parseLimit, readEventPage, type EventFilter } from '../../app/event-feed.js';
import { compareCursors, type EventEntry } from '../../infra/events/event-log.redis.js';
import type { HttpDeps } from '../deps.js';
import { def, type RouteDef } from '../route-def.js';
import { createValidator } from '../schemas/validator.js';
import { requireWorkspace } from './workspace-routes.js';

type P = { ws: string };
/** one page of the pull API; `Event` is the union of the event types (openapi.ts registers it) */
const EventPageSchema = Type.Object(
  {
    items: Type.Array(Type.Object({ cursor: Type.String(), event: Type.Unsafe<unknown>({ $ref: '#/components/schemas/Event' }) })),
    next: Type.Optional(Type.String({ description: 'present while more items follow: the `after` of the next page' })),
  },
  { title: 'EventPage' },
);
const validateQuery = createValidator(EventsQuery, 'query');
const BACKLOG_CHUNK = 1000;

export function eventRoutes(deps: HttpDeps): RouteDef[] {
  const s = deps.services;
  // one timer for every open stream, as for web chat
  const heartbeats = new Set<Response>();
  const beat = setInterval(() => {
    for (const r of heartbeats) r.write(': heartbeat\n\n');
  }, deps.sseHeartbeatMs);
  beat.unref();
  deps.lifecycle.once('shutdown', () => {
    clearInterval(beat);
    void s.eventFanout.stop();
  });

  /** writes the backlog after the cursor, then live events, each once and in cursor order */
  async function stream(ws: string, f: EventFilter, res: Response): Promise<void> {
    let last: string | null = f.after;
    let replaying = true;
    const buffered: EventEntry[] = [];
    const write = (e: EventEntry): boolean => {
      if (last !== null && compareCursors(e.cursor, last) <= 0) return true;
      last = e.cursor;
      if (f.types && !f.types.has(e.event.type)) return true;
      return res.write(`id: ${e.cursor}\nevent: ${e.event.type}\ndata: ${JSON.stringify(e.event)}\n\n`);
    };
    // subscribe first, then read what is kept, so nothing appended in between is missed
    const unsubscribe = await s.eventFanout.subscribe(ws, (e) => (replaying ? buffered.push(e) : write(e)));
    heartbeats.add(res);
    const end = (): void => void res.end();
    deps.lifecycle.once('shutdown', end);
    res.on('close', () => {
      heartbeats.delete(res);
      deps.lifecycle.off('shutdown', end);
      unsubscribe();
    });
    if (last === null) last = await s.events.lastCursor(ws);
    else {
      for (;;) {
        const rows = await s.events.read(ws, last, BACKLOG_CHUNK);
        // a slow reader holds the backlog here, not in this process's memory
        for (const e of rows) if (!write(e) && !res.destroyed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (rows.length < BACKLOG_CHUNK || res.destroyed) break;
      }
    }
    buffered.forEach(write);
    buffered.length = 0;
    replaying = false;
  }

  return [
    def<P>(
      { method: 'get', path: '/v1/workspaces/:ws/events', operationId: 'listEvents', summary: 'Events of the workspace after a cursor, oldest first',
        tag: 'integrators', auth: 'admin', scope: 'events:read',
        query: { after: 'a cursor from an earlier page (default: the oldest kept)', types: 'comma-separated event types (default: all)', limit: '1-1000 (default 100)' },
        responses: { 200: { description: 'a page of events, oldest first', schema: EventPageSchema }, 400: 'invalid cursor, types or limit', 404: 'unknown workspace', 410: 'cursor older than what is kept' } },
      async (req, res: Response) => {
        const q = validateQuery({ ...req.query });
        const f = parseEventFilter(q);
        const limit = parseLimit(q);
        await requireWorkspace(deps, req.params.ws);
        const page = await readEventPage(s.events, req.params.ws, f, limit);
        res.json({ items: page.items, ...(page.next ? { next: page.next } : {}) });
      },
    ),
    def<P>(
      { method: 'get', path: '/v1/workspaces/:ws/events/stream', operationId: 'streamEvents', summary: 'Server-Sent Events: the workspace events live, resumable',
        tag: 'integrators', auth: 'admin', scope: 'events:read',
        query: { types: 'comma-separated event types (default: all)', after: 'resume after this cursor (or send Last-Event-ID)' },
        produces: 'text/event-stream', responses: { 200: 'event stream (`event: reset` then the end when the cursor is too old)', 400: 'invalid cursor or types', 404: 'unknown workspace' } },
      async (req, res: Response) => {
        const q = validateQuery({ ...req.query });
        const f = parseEventFilter(q, req.header('last-event-id'));
        const ws = req.params.ws;
        await requireWorkspace(deps, ws);
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        res.write('retry: 2000\n\n');
        try {
          if (f.after && (await s.events.expired(ws, f.after))) {
            // the gap cannot be closed from the log: the client re-reads state and starts afresh
            res.end(`event: reset\ndata: ${JSON.stringify({ reason: 'cursor_expired' })}\n\n`);
            return;
          }
          await stream(ws, f, res);
        } catch (err) {
          // headers are gone: end the stream; the client resumes from its last id
          deps.log.warn({ workspaceId: ws, err: (err as Error).message }, 'event stream failed');
          res.end();
        }
      },
    ),
  ];
}
