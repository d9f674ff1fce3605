// A customer's message stored as a stream entry reads back exactly as it was written, whatever
// it holds: the compact encoding drops only what its place implies or what is the usual value.
import assert from 'node:assert/strict';
import type { StoredMessage } from '../../src/domain/conversation.js';
import { decodeInbound, encodeInbound } from '../../src/infra/stores/inbound-entry.js';

const base: StoredMessage = { id: 'msg_abc_in', conversationId: 'conv_x', direction: 'in', from: 'customer', kind: 'text', text: '배송이 언제 되나요?', status: 'received', createdAt: '2026-12-04T09:00:00.123Z' };

function roundTrip(m: StoredMessage): StoredMessage {
  const { doc, at } = encodeInbound(m);
  return decodeInbound(m.id, at, doc, m.conversationId);
}

describe('inbound stream entry', () => {
  it('keeps a usual text in the text alone plus its time in ms', () => {
    const { doc, at } = encodeInbound(base);
    assert.equal(doc, JSON.stringify({ text: base.text }));
    assert.equal(at, String(Date.parse(base.createdAt)));
    assert.deepEqual(roundTrip(base), base);
  });

  it('round-trips photos, media, connect markers and times that are not plain ISO ms', () => {
    const cases: StoredMessage[] = [
      { ...base, kind: 'image', text: undefined, imageUrl: 'https://gw.example/images/img_0123456789abcdefghijkl' },
      { ...base, text: 'a.pdf\nhttps://x/a.pdf', media: { kind: 'file', url: 'https://x/a.pdf' } },
      { ...base, kind: 'event', text: 'connect_request' },
      { ...base, createdAt: '2026-12-04T09:00:00Z' },
      { ...base, from: 'system', status: 'queued', direction: 'out' },
    ];
    for (const m of cases) {
      const clean = JSON.parse(JSON.stringify(m)) as StoredMessage;
      assert.deepEqual(roundTrip(clean), clean);
    }
  });
});
