import assert from 'node:assert/strict';
import { createKakaoCounselAdapter } from '../../../adapters/kakao-counsel/index.js';
import type { InboundPorts } from '../../../src/domain/adapter-port.js';
import type { InboundEvent } from '../../../src/domain/inbound-event.js';
import { counselChannel, message, relayRequest } from './counsel-world.js';

const adapter = createKakaoCounselAdapter();
const ch = counselChannel();
const complete = (e: InboundEvent, ports: InboundPorts) => adapter.completeInbound!(e, ch, ports);

function ports(files: Record<string, string | Buffer>, stored = 'https://gw.test/images/img_copy'): InboundPorts & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    fetchBytes: async (url) => {
      fetched.push(url);
      const f = files[url];
      return f === undefined ? null : { bytes: Buffer.from(f), contentType: null };
    },
    storeImage: async () => stored,
  };
}

describe('kakao-counsel completeInbound (worker side)', () => {
  const longText = message({ content: '앞부분'.repeat(100), attachment: { url: 'https://relay.test/long.txt' } });
  const [preview] = adapter.parseInbound(relayRequest('/message', longText), ch);

  it('a long text: the full text from its .txt', async () => {
    const full = '전체 문의 '.repeat(300);
    const e = await complete(preview!, ports({ 'https://relay.test/long.txt': full }));
    assert.equal(e.kind === 'message.text' && e.text, full);
  });

  it('a long text whose .txt cannot be fetched keeps the preview', async () => {
    const p = ports({});
    const e = await complete(preview!, p);
    assert.equal(e.kind === 'message.text' && e.text, '앞부분'.repeat(100));
    assert.deepEqual(p.fetched, ['https://relay.test/long.txt']);
  });

  it('a photo is copied into our image store; a failed copy keeps the relay URL', async () => {
    const [photo] = adapter.parseInbound(relayRequest('/message', message({ type: 'photo', content: undefined, attachment: { url: 'https://relay.test/p.jpg' } })), ch);
    const copied = await complete(photo!, ports({ 'https://relay.test/p.jpg': 'jpeg-bytes' }));
    assert.equal(copied.kind === 'message.image' && copied.imageUrl, 'https://gw.test/images/img_copy');
    const kept = await complete(photo!, ports({}));
    assert.equal(kept.kind === 'message.image' && kept.imageUrl, 'https://relay.test/p.jpg');
  });

  it('a short text is left alone', async () => {
    const [e] = adapter.parseInbound(relayRequest('/message', message()), ch);
    const p = ports({});
    assert.equal(await complete(e!, p), e);
    assert.deepEqual(p.fetched, []);
  });
});
