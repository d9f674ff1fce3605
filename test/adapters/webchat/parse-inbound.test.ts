import assert from 'node:assert/strict';
import { AuthError, ValidationError } from '../../../src/domain/errors.js';
import { createWebchatAdapter, issueVisitorToken } from '../../../adapters/webchat/index.js';
import { fixture, request, secretKey, webchatChannel } from './world.js';

function world() {
  const key = secretKey();
  const adapter = createWebchatAdapter({ secretKey: key });
  const { visitorId, visitorToken } = issueVisitorToken(key, 'ch_web_1');
  const channel = webchatChannel('ch_web_1');
  const req = (body: unknown) => request(body, { authorization: `Bearer ${visitorToken}` });
  return { adapter, visitorId, channel, req };
}

function assertInvalid(fn: () => unknown, details: { path: string; message: string }[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected ValidationError, got ${String(err)}`);
    assert.equal(err.status, 400);
    assert.equal(err.code, 'validation_failed');
    assert.deepEqual(err.details, details);
    return true;
  });
}

describe('web chat parseInbound', () => {
  it("maps connect_request to conversation.connect_requested for the token's visitor", () => {
    const { adapter, visitorId, channel, req } = world();
    const body = fixture('inbound/connect-request.json');
    assert.deepEqual(adapter.parseInbound(req(body), channel), [
      {
        kind: 'conversation.connect_requested',
        channelId: 'ch_web_1',
        channelUserId: visitorId,
        occurredAt: '2026-01-05T01:02:03.000Z',
        deliveryId: '3f2b8c1e-6d4a-4b7e-9a51-0c2d8e7f6a10',
        raw: body,
      },
    ]);
  });

  it('maps message to message.text with the text unchanged', () => {
    const { adapter, visitorId, channel, req } = world();
    const body = fixture('inbound/message-text.json');
    assert.deepEqual(adapter.parseInbound(req(body), channel), [
      {
        kind: 'message.text',
        channelId: 'ch_web_1',
        channelUserId: visitorId,
        occurredAt: '2026-01-05T01:02:03.000Z',
        deliveryId: '9c7e5a2b-1f3d-4e8a-b6c4-7d2e1f0a9b38',
        text: '배송이 언제 오나요? 주문번호 20260105-1234 입니다 🙏',
        raw: body,
      },
    ]);
  });

  it('maps leave to conversation.left', () => {
    const { adapter, visitorId, channel, req } = world();
    const events = adapter.parseInbound(req(fixture('inbound/leave.json')), channel);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.kind, 'conversation.left');
    assert.equal(events[0]?.channelUserId, visitorId);
    assert.equal(events[0]?.deliveryId, 'd1a4f6e2-8b3c-4c9d-a7e5-2f6b0c8d4e91');
  });

  it('yields no event for hello (the route answers it with a token)', () => {
    const { adapter, channel } = world();
    assert.deepEqual(adapter.parseInbound(request(fixture('inbound/hello.json')), channel), []);
  });

  it('takes the visitor from the token, never from the body', () => {
    const { adapter, visitorId, channel, req } = world();
    const body = { ...(fixture('inbound/leave.json') as object), visitorId: 'v_someone_else' };
    assertInvalid(
      () => adapter.parseInbound(req(body), channel),
      [{ path: '/visitorId', message: 'is not allowed' }],
    );
    const events = adapter.parseInbound(req(fixture('inbound/leave.json')), channel);
    assert.equal(events[0]?.channelUserId, visitorId);
  });

  it('refuses an event without a valid token', () => {
    const { adapter, channel } = world();
    assert.throws(() => adapter.parseInbound(request(fixture('inbound/leave.json')), channel), AuthError);
  });

  it('refuses text over 4000 characters, naming the field', () => {
    const { adapter, channel, req } = world();
    assertInvalid(
      () => adapter.parseInbound(req(fixture('inbound/message-too-long.json')), channel),
      [{ path: '/text', message: 'must NOT have more than 4000 characters' }],
    );
  });

  it('counts characters, not UTF-16 units: 4000 emoji are accepted', () => {
    const { adapter, channel, req } = world();
    const text = '😀'.repeat(4000);
    const body = { type: 'message', eventId: '0b6f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4', text };
    const [event] = adapter.parseInbound(req(body), channel);
    assert.equal(event?.kind === 'message.text' ? event.text : null, text);
  });

  it('lists every failing field of a malformed event', () => {
    const { adapter, channel, req } = world();
    assertInvalid(
      () => adapter.parseInbound(req({ type: 'message', eventId: 'not-a-uuid', text: '' }), channel),
      [
        { path: '/eventId', message: 'must match format "uuid"' },
        { path: '/text', message: 'must NOT have fewer than 1 characters' },
      ],
    );
    assertInvalid(
      () => adapter.parseInbound(req({ type: 'connect_request' }), channel),
      [{ path: '/eventId', message: 'is required' }],
    );
  });

  it('refuses a body that is not one of the four events', () => {
    const { adapter, channel, req } = world();
    for (const body of [null, 'hello', [], {}, { type: 'typing' }, { type: 1 }]) {
      assertInvalid(
        () => adapter.parseInbound(req(body), channel),
        [{ path: '/type', message: 'must be one of hello, connect_request, message, leave' }],
      );
    }
  });
});
