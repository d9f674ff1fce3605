// Shared pieces of the event tests: read a workspace's whole event log through the pull API,
// and check the invariants every event log must keep.
import assert from 'node:assert/strict';
import type { TestResponse } from '../../helpers/test-gateway.js';

export interface Item {
  cursor: string;
  event: {
    id: string;
    type: string;
    timestamp: string;
    workspaceId: string;
    conversationId: string | null;
    sequence: number | null;
    data: Record<string, any>;
  };
}

type Admin = (method: string, path: string, body?: unknown) => Promise<TestResponse>;

/** every kept event of the workspace, page by page, oldest first */
export async function pullAll(admin: Admin, ws: string, query = ''): Promise<Item[]> {
  const out: Item[] = [];
  let after: string | undefined;
  for (;;) {
    const q = [query, after ? `after=${after}` : '', 'limit=1000'].filter(Boolean).join('&');
    const r = await admin('GET', `/v1/workspaces/${ws}/events?${q}`);
    assert.equal(r.status, 200, r.text);
    out.push(...(r.json.items as Item[]));
    if (!r.json.next) return out;
    after = r.json.next as string;
  }
}

/** sequences grow strictly per conversation; null outside one; ids unique */
export function assertLogInvariants(items: Item[]): void {
  const lastSeq = new Map<string, number>();
  const ids = new Set<string>();
  for (const { event: e } of items) {
    assert.ok(!ids.has(e.id), `event id ${e.id} appears once`);
    ids.add(e.id);
    assert.match(e.id, /^evt_/);
    if (e.conversationId === null) {
      assert.equal(e.sequence, null, `${e.type} outside a conversation has no sequence`);
      continue;
    }
    assert.equal(typeof e.sequence, 'number');
    const prev = lastSeq.get(e.conversationId) ?? 0;
    assert.ok(e.sequence! > prev, `${e.type}: sequence ${e.sequence} after ${prev}`);
    lastSeq.set(e.conversationId, e.sequence!);
  }
}

/** what a conversation's events say, without the delivery results (their timing varies) */
export function story(items: Item[], conversationId: string): string[] {
  return items
    .filter((i) => i.event.conversationId === conversationId && i.event.type !== 'message.delivered')
    .map(({ event: e }) => {
      const d = e.data;
      switch (e.type) {
        case 'conversation.assigned':
          return `assigned by ${d['by']}`;
        case 'conversation.status_changed':
          return `status ${d['from']} → ${d['to']} (${d['reason']})`;
        case 'message.created':
          return `${d['direction']} ${d['from']} ${d['kind']}${d['text'] ? `: ${d['text']}` : ''}`;
        default:
          return e.type;
      }
    });
}
