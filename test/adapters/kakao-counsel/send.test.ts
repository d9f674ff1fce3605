import assert from 'node:assert/strict';
import nock from 'nock';
import { createKakaoCounselAdapter, outboundSerial } from '../../../adapters/kakao-counsel/index.js';
import type { SendPorts } from '../../../src/domain/adapter-port.js';
import { ChannelSendError } from '../../../src/domain/errors.js';
import { counselChannel, HEADERS, RELAY, SENDER_KEY } from './counsel-world.js';

const SEND = '/kakaoWebhook/v3/bzc/chat/send/plain';
const UPLOAD = '/kakaoWebhook/v3/bzc/image/upload';
const adapter = createKakaoCounselAdapter({ timeoutMs: 300 });
const ch = counselChannel();
const target = { messageId: 'msg_AbCdEfGhIjKlMnOpQrStUv_0', conversationId: 'conv_1', channelUserId: 'uk_1' };
const text = adapter.renderOutbound({ kind: 'text', from: 'agent', text: '안녕하세요' }, ch);

function ports(): SendPorts & { cache: Map<string, string> } {
  const cache = new Map<string, string>();
  return {
    cache,
    claimOnce: async () => true,
    cacheGet: async (k) => cache.get(k) ?? null,
    cacheSet: async (k, v) => void cache.set(k, v),
    appendVisitorStream: async () => '0-0',
  };
}

const rejectsWith = (p: Promise<unknown>, check: (e: ChannelSendError) => boolean) =>
  assert.rejects(p, (e: unknown) => e instanceof ChannelSendError && check(e));

describe('kakao-counsel send', () => {
  afterEach(() => nock.cleanAll());

  it('posts the TEXT send with the HT headers and a serial number derived from our message id', async () => {
    let body: any;
    nock(RELAY)
      .post(SEND, (b) => ((body = b), true))
      .matchHeader('ht-client-id', HEADERS['ht-client-id'])
      .matchHeader('ht-client-secret', HEADERS['ht-client-secret'])
      .reply(200, { code: 0 });
    const r = await adapter.send(text, target, ch, ports());
    assert.deepEqual(body, { user_key: 'uk_1', sender_key: SENDER_KEY, serial_number: target.messageId, chat_bubble_type: 'TEXT', message: '안녕하세요' });
    assert.equal(r.via, 'send-api');
  });

  it('uses the same serial number on every retry, and -504 (already accepted) counts as sent', async () => {
    const serials: string[] = [];
    nock(RELAY).post(SEND, (b) => (serials.push(b.serial_number), true)).reply(502, 'bad gateway');
    nock(RELAY).post(SEND, (b) => (serials.push(b.serial_number), true)).reply(200, { code: -504, message: 'duplicated serial_number' });
    await rejectsWith(adapter.send(text, target, ch, ports()), (e) => e.retryable);
    await adapter.send(text, target, ch, ports());
    assert.equal(serials[0], serials[1]);
    assert.ok(outboundSerial('msg_' + 'x'.repeat(40), 0, 1).length <= 30);
    assert.equal(outboundSerial('msg_' + 'x'.repeat(40), 0, 1), outboundSerial('msg_' + 'x'.repeat(40), 0, 1));
  });

  it('classifies by the code whatever the HTTP status', async () => {
    const cases: [number, unknown, (e: ChannelSendError) => boolean][] = [
      [200, { code: -502 }, (e) => !e.retryable && e.consequence === 'conversation.left' && e.platformCode === '-502'],
      [400, { code: -511 }, (e) => !e.retryable && e.consequence === 'customer.blocked'],
      [200, { code: -501 }, (e) => !e.retryable && e.consequence === null],
      [500, { code: -505 }, (e) => !e.retryable],
      [200, { code: -506 }, (e) => !e.retryable],
      [200, { code: -508 }, (e) => !e.retryable],
      [200, { code: -600 }, (e) => e.retryable],
      [503, { code: -601 }, (e) => e.retryable],
      [503, 'Service Unavailable', (e) => e.retryable],
      [200, '<html>proxy</html>', (e) => e.retryable],
    ];
    for (const [status, reply, check] of cases) {
      nock(RELAY).post(SEND).reply(status, reply as nock.Body);
      await rejectsWith(adapter.send(text, target, ch, ports()), check);
    }
    nock(RELAY).post(SEND).reply(500, { code: 0 });
    await adapter.send(text, target, ch, ports());
  });

  it('retries a timeout', async () => {
    nock(RELAY).post(SEND).delay(1000).reply(200, { code: 0 });
    await rejectsWith(adapter.send(text, target, ch, ports()), (e) => e.retryable);
  });

  it('uploads an image once (multipart sender_key + image), caches its URL, then sends IMAGE', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200d7a8b0a40000000049454e44ae426082', 'hex');
    nock('https://gw.test').get('/images/img_1').twice().reply(200, png, { 'content-type': 'image/png' });
    let multipart = '';
    nock(RELAY)
      .post(UPLOAD, (b: string) => {
        // nock hands a body with binary bytes over as hex
        multipart = /^[0-9a-f]+$/.test(b) ? Buffer.from(b, 'hex').toString('latin1') : b;
        return true;
      })
      .once()
      .reply(200, { code: '0000', image: 'https://mud-kage.kakao.com/dn/abc/img.png' });
    const sent: any[] = [];
    nock(RELAY).post(SEND, (b) => (sent.push(b), true)).twice().reply(200, { code: 0 });
    const p = ports();
    const payload = adapter.renderOutbound({ kind: 'image', from: 'agent', image: { url: 'https://gw.test/images/img_1' } }, ch);
    await adapter.send(payload, target, ch, p);
    await adapter.send(payload, { ...target, messageId: 'msg_2' }, ch, p);
    assert.match(multipart, /name="sender_key"\r\n\r\n3c1f9a7e52b04d8e9f6a1c2b3d4e5f6a7b8c9d0e/);
    assert.match(multipart, /name="image"; filename="image\.png"/);
    assert.deepEqual(sent[0].attachment, { image: { img_url: 'https://mud-kage.kakao.com/dn/abc/img.png' } });
    assert.equal(sent[0].chat_bubble_type, 'IMAGE');
    assert.equal(sent[1].attachment.image.img_url, 'https://mud-kage.kakao.com/dn/abc/img.png');
  });

  it('a card with a guide image: IMAGE then TEXT, each with its own serial number', async () => {
    nock('https://gw.test').get('/images/img_1').reply(200, Buffer.from([0xff, 0xd8, 0xff]), { 'content-type': 'image/jpeg' });
    nock(RELAY).post(UPLOAD).reply(200, { code: '0000', image: 'https://k.test/i.jpg' });
    const sent: any[] = [];
    nock(RELAY).post(SEND, (b) => (sent.push(b), true)).twice().reply(200, { code: 0 });
    const card = adapter.renderOutbound(
      { kind: 'card', from: 'bot', description: '안내', image: { url: 'https://gw.test/images/img_1' }, buttons: [{ label: '고객 프로필 입력', url: 'https://gw.test/f' }] },
      ch,
    );
    await adapter.send(card, target, ch, ports());
    assert.deepEqual(sent.map((s) => s.chat_bubble_type), ['IMAGE', 'TEXT']);
    assert.notEqual(sent[0].serial_number, sent[1].serial_number);
    assert.ok(sent.every((s) => s.serial_number.length <= 30));
  });

  it('endConversation calls endWithBot', async () => {
    let body: any;
    nock(RELAY).post('/kakaoWebhook/v3/bzc/chat/endWithBot', (b) => ((body = b), true)).reply(200, { code: 0, session_id: 'sess-1' });
    await adapter.endConversation!(ch, 'uk_1');
    assert.deepEqual(body, { user_key: 'uk_1', sender_key: SENDER_KEY });
  });

  it('a channel without apiBaseUrl fails for good, saying what to set', async () => {
    await rejectsWith(adapter.send(text, target, counselChannel({ apiBaseUrl: null }), ports()), (e) => !e.retryable && /apiBaseUrl/.test(e.message));
  });
});
