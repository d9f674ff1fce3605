import assert from 'node:assert/strict';
import type { SendPorts, SendTarget, VisitorStreamEvent } from '../../../src/domain/adapter-port.js';
import { ChannelSendError } from '../../../src/domain/errors.js';
import { createWebchatAdapter } from '../../../adapters/webchat/index.js';
import { fixture, secretKey, webchatChannel } from './world.js';

/** An in-memory visitor stream store: the real port's contract, kept in arrays. */
function memoryPorts(
  fail?: Error,
): SendPorts & { streams: Map<string, { seq: string; event: VisitorStreamEvent }[]> } {
  const streams = new Map<string, { seq: string; event: VisitorStreamEvent }[]>();
  let next = 1;
  return {
    streams,
    claimOnce: () => Promise.resolve(true),
    cacheGet: () => Promise.resolve(null),
    cacheSet: () => Promise.resolve(),
    appendVisitorStream(channelId, visitorId, event) {
      if (fail) return Promise.reject(fail);
      const key = `${channelId}/${visitorId}`;
      const seq = `1767571200000-${next++}`;
      streams.set(key, [...(streams.get(key) ?? []), { seq, event }]);
      return Promise.resolve(seq);
    },
  };
}

const target: SendTarget = { messageId: 'msg_01J0ABC', conversationId: 'cv_1', channelUserId: 'v_visitor1' };

describe('web chat send', () => {
  it("appends the rendered event to the visitor's stream with the message id, and returns the sequence", async () => {
    const adapter = createWebchatAdapter({ secretKey: secretKey() });
    const ports = memoryPorts();
    const payload = adapter.renderOutbound(
      { kind: 'text', from: 'agent', text: '안녕하세요, 상담원 김하늘입니다. 무엇을 도와드릴까요?' },
      webchatChannel(),
    );
    const receipt = await adapter.send(payload, target, webchatChannel('ch_web_1'), ports);
    assert.deepEqual(receipt, { platformMessageId: '1767571200000-1', via: 'stream' });
    assert.deepEqual([...ports.streams.keys()], ['ch_web_1/v_visitor1']);
    assert.deepEqual(ports.streams.get('ch_web_1/v_visitor1')?.[0]?.event, {
      ...(fixture('outbound/text.json') as object),
      id: 'msg_01J0ABC',
    });
    assert.equal(payload.id, '', 'the rendered payload is not mutated');
  });

  it("keeps each visitor's stream apart", async () => {
    const adapter = createWebchatAdapter({ secretKey: secretKey() });
    const ports = memoryPorts();
    const payload = adapter.renderOutbound({ kind: 'text', from: 'bot', text: 'a' }, webchatChannel());
    await adapter.send(payload, target, webchatChannel('ch_web_1'), ports);
    await adapter.send(
      payload,
      { ...target, messageId: 'msg_2', channelUserId: 'v_visitor2' },
      webchatChannel('ch_web_1'),
      ports,
    );
    assert.deepEqual([...ports.streams.keys()].sort(), ['ch_web_1/v_visitor1', 'ch_web_1/v_visitor2']);
    assert.equal(ports.streams.get('ch_web_1/v_visitor2')?.[0]?.event.id, 'msg_2');
  });

  it('turns a store failure into a retryable ChannelSendError that keeps the cause', async () => {
    const adapter = createWebchatAdapter({ secretKey: secretKey() });
    const down = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const payload = adapter.renderOutbound({ kind: 'text', from: 'bot', text: 'a' }, webchatChannel());
    await assert.rejects(
      adapter.send(payload, target, webchatChannel(), memoryPorts(down)),
      (err: unknown) => {
        assert.ok(err instanceof ChannelSendError);
        assert.equal(err.retryable, true);
        assert.equal(err.platformCode, 'stream_unavailable');
        assert.match(err.message, /ECONNREFUSED/);
        assert.equal(err.cause, down);
        return true;
      },
    );
  });

  it('passes a ChannelSendError from the port through unchanged', async () => {
    const adapter = createWebchatAdapter({ secretKey: secretKey() });
    const permanent = new ChannelSendError('visitor stream deleted', false, null, 'stream_gone');
    const payload = adapter.renderOutbound({ kind: 'text', from: 'bot', text: 'a' }, webchatChannel());
    await assert.rejects(
      adapter.send(payload, target, webchatChannel(), memoryPorts(permanent)),
      (err: unknown) => err === permanent,
    );
  });
});
