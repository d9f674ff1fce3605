// A workspace event as the pull API and the SSE stream hand it out, with its cursor. Cursors
// are opaque to clients (integration.md); today they are the event log's entry ids, "ms-seq".
import type { GatewayEvent } from './events.js';

export interface EventEntry {
  cursor: string;
  event: GatewayEvent;
}

/** a log entry id "ms-seq"; 19 digits stay inside its unsigned 64-bit halves */
const CURSOR = /^\d{1,19}-\d{1,19}$/;

export function isCursor(s: string): boolean {
  return CURSOR.test(s);
}
