// Reading a workspace's events (integration.md "Event stream and pull"): the query both the
// pull API and the SSE stream take, and one page of the pull API.
import { Type, type Static } from '@sinclair/typebox';
import { GoneError, ValidationError } from '../domain/errors.js';
import { EVENT_TYPES, type EventType } from '../domain/events.js';
import { isCursor, type EventEntry } from '../domain/event-cursor.js';
import type { EventLogReader } from './ports.js';

export const EventsQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    types: Type.Optional(Type.String({ maxLength: 1000 })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  },
  { additionalProperties: false },
);
export type EventsQuery = Static<typeof EventsQuery>;

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;
/** a filtered page stops scanning here and hands out `next` where it stopped */
const MAX_SCANNED = 10_000;
const CHUNK = 1000;

export interface EventFilter {
  /** null = every type */
  types: ReadonlySet<EventType> | null;
  after: string | null;
}

/** `types=a,b` and the cursor, checked; every wrong part is reported at once */
export function parseEventFilter(q: EventsQuery, lastEventId?: string): EventFilter {
  const details: { path: string; message: string }[] = [];
  let types: Set<EventType> | null = null;
  if (q.types !== undefined) {
    const names = q.types.split(',').map((t) => t.trim());
    const unknown = names.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0 || names.length === 0) {
      details.push({ path: 'query/types', message: `unknown event type ${unknown.map((t) => `"${t.slice(0, 40)}"`).join(', ')}; use ${EVENT_TYPES.join(', ')}` });
    } else types = new Set(names as EventType[]);
  }
  const after = lastEventId ?? q.after ?? null;
  if (after !== null && !isCursor(after)) {
    details.push({ path: lastEventId !== undefined ? 'headers/last-event-id' : 'query/after', message: 'is not a cursor; use the `cursor` (or SSE `id`) of an event you received' });
  }
  if (details.length > 0) throw new ValidationError('The event query is invalid; fix the parts listed in details.', details, 'invalid_event_query');
  return { types, after };
}

export function parseLimit(q: EventsQuery): number {
  const n = q.limit === undefined ? DEFAULT_PAGE : Number(q.limit);
  if (n < 1 || n > MAX_PAGE) {
    throw new ValidationError('The event query is invalid; fix the parts listed in details.', [{ path: 'query/limit', message: `must be 1-${MAX_PAGE}` }], 'invalid_event_query');
  }
  return n;
}

export function cursorExpired(): GoneError {
  return new GoneError('Events after this cursor are no longer kept; re-read the state you need, then read events again without `after`.', 'event_cursor_expired');
}

export interface EventPage {
  items: EventEntry[];
  /** present while more items follow: the `after` of the next page */
  next?: string;
}

/** One page, oldest first. A cursor older than what is kept → 410 event_cursor_expired. */
export async function readEventPage(log: EventLogReader, ws: string, f: EventFilter, limit: number): Promise<EventPage> {
  if (f.after && (await log.expired(ws, f.after))) throw cursorExpired();
  const items: EventEntry[] = [];
  let pos = f.after;
  let scanned = 0;
  for (;;) {
    // unfiltered, one extra entry says whether more follow
    const want = f.types ? CHUNK : limit + 1 - items.length;
    const rows = await log.read(ws, pos, want);
    for (const row of rows) {
      if (f.types && !f.types.has(row.event.type)) {
        pos = row.cursor;
        scanned++;
        continue;
      }
      if (items.length === limit) return { items, next: items[limit - 1]!.cursor };
      items.push(row);
      pos = row.cursor;
      scanned++;
    }
    if (rows.length < want) return { items };
    if (scanned >= MAX_SCANNED && pos) return { items, next: pos };
  }
}
