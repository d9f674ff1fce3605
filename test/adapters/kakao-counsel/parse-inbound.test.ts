import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createKakaoCounselAdapter } from '../../../adapters/kakao-counsel/index.js';
import type { InboundEvent } from '../../../src/domain/inbound-event.js';
import { counselChannel, message, relayRequest, SENDER_KEY } from './counsel-world.js';

const adapter = createKakaoCounselAdapter();
const ch = counselChannel();
const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/kakao-counsel/inbound/${name}`, import.meta.url), 'utf8');
const parse = (route: string, raw: string): InboundEvent[] => adapter.parseInbound(relayRequest(route, undefined, { raw }), ch);

describe('kakao-counsel parseInbound', () => {
  it('keeps every digit of serial_number: two numbers JSON.parse merges stay two delivery ids', () => {
    const a = '{"user_key":"uk_1","sender_key":"' + SENDER_KEY + '","serial_number":9007199254740993,"type":"text","content":"a"}';
    const b = '{"user_key":"uk_1","sender_key":"' + SENDER_KEY + '","serial_number":9007199254740992,"type":"text","content":"a"}';
    assert.equal((JSON.parse(a) as { serial_number: number }).serial_number, (JSON.parse(b) as { serial_number: number }).serial_number);
    const ea = (parse('/message', a))[0]!;
    const eb = (parse('/message', b))[0]!;
    assert.equal(ea.deliveryId, `${SENDER_KEY}:9007199254740993`);
    assert.equal(eb.deliveryId, `${SENDER_KEY}:9007199254740992`);
    assert.equal((ea.raw as { serial_number: string }).serial_number, '9007199254740993');
  });

  it('reads serial_number at the top level only, not a look-alike inside the text', () => {
    const raw = `{"content":"\\"serial_number\\": 1","extra":{"serial_number":2},"user_key":"uk_1","sender_key":"${SENDER_KEY}","type":"text","serial_number":12345678901234567890}`;
    assert.equal(parse('/message', raw)[0]!.deliveryId, `${SENDER_KEY}:12345678901234567890`);
  });

  it('2022 shape: text from the content string; the message opens a conversation when none is open', () => {
    const e = (parse('/message', fixture('message-2022-content.json')))[0]!;
    assert.equal(e.kind, 'message.text');
    assert.equal(e.kind === 'message.text' && e.text, '상담원 연결해 주세요');
    assert.equal(e.channelUserId, 'uk_2022_customer');
    assert.equal(e.sessionId, 'sess-2022-0001');
    assert.equal(e.occurredAt, new Date(1764806400000).toISOString());
    assert.equal(e.kind === 'message.text' && e.opensConversation, true);
  });

  it('v3 shape: the contents strings joined with new lines', () => {
    const events = parse('/message', fixture('message-v3-contents.json'));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.kind === 'message.text' && events[0]!.text, '안녕하세요\n배송 문의드립니다');
  });

  it('a photo becomes an image message, its comment a caption after it', () => {
    const events = parse('/message', fixture('photo-v3-contents.json'));
    assert.deepEqual(events.map((e) => e.kind), ['message.image', 'message.text']);
    assert.equal(events[0]!.kind === 'message.image' && events[0]!.imageUrl, 'https://relay-media.test/photo/abc.jpg');
    assert.equal(events[1]!.kind === 'message.text' && events[1]!.text, '파손된 상자 사진입니다');
    assert.deepEqual(events.map((e) => e.deliveryId), [`${SENDER_KEY}:12345678901234567890`, `${SENDER_KEY}:12345678901234567890:1`]);
    const p = (parse('/message', fixture('photo-2022-attachment.json')))[0]!;
    assert.equal(p.kind === 'message.image' && p.imageUrl, 'https://relay-media.test/photo/def.png');
  });

  it('video, audio and file become a text with the link and the medium kind', () => {
    const f = (parse('/message', fixture('file-v3-contents.json')))[0]!;
    assert.ok(f.kind === 'message.text');
    assert.equal(f.text, 'invoice.pdf\nhttps://relay-media.test/file/invoice.pdf');
    assert.deepEqual(f.media, { kind: 'file', url: 'https://relay-media.test/file/invoice.pdf' });
    const v = (parse('/message', fixture('video-2022-content.json')))[0]!;
    assert.ok(v.kind === 'message.text');
    assert.deepEqual(v.media, { kind: 'video', url: 'https://relay-media.test/video/clip.mp4' });
    const a = (adapter.parseInbound(relayRequest('/message', message({ type: 'audio', content: undefined, attachment: { url: 'https://r.test/a.m4a' } })), ch))[0]!;
    assert.ok(a.kind === 'message.text');
    assert.deepEqual(a.media, { kind: 'audio', url: 'https://r.test/a.m4a' });
  });

  it('a long text keeps its preview (the .txt is fetched by the worker)', () => {
    const e = (parse('/message', fixture('long-text-2022.json')))[0]!;
    assert.ok(e.kind === 'message.text' && !e.media);
    assert.equal(Array.from(e.text).length, 300);
  });

  it('/reference: extra, bot and bot_event for the session, opening nothing', () => {
    const e = (parse('/reference', fixture('reference.json')))[0]!;
    assert.ok(e.kind === 'conversation.context');
    assert.equal(e.sessionId, 'a1b2c3d4-sess');
    assert.deepEqual(e.context, { extra: 'order-20261204-77', bot: true, bot_event: '상담원 연결' });
  });

  it('/sessionEnd and /expired_session both end the session', () => {
    for (const [route, file] of [['/sessionEnd', 'session-end.json'], ['/expired_session', 'expired-session.json']] as const) {
      const e = (parse(route, fixture(file)))[0]!;
      assert.equal(e.kind, 'conversation.left', route);
      assert.ok(e.sessionId, route);
    }
  });

  it('refuses a message with neither text nor media, naming the field', () => {
    assert.throws(
      () => adapter.parseInbound(relayRequest('/message', message({ content: undefined, contents: [] })), ch),
      (e: Error & { details?: { path: string }[] }) => e.name === 'ValidationError' && e.details?.[0]?.path === '/contents',
    );
    assert.throws(() => adapter.parseInbound(relayRequest('/message', { user_key: 'u' }), ch), (e: Error) => e.name === 'ValidationError');
  });
});
