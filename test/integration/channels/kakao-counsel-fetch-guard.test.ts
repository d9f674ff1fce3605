// channels.md: the relay's long-text (.txt) and photo links are fetched "under the outbound-URL
// rules of integration.md": https only, never a loopback/private/link-local target (also not
// through a redirect), unless ALLOW_PRIVATE_TARGETS=true. A refused link keeps what the relay
// sent (the preview, the relay's photo URL); nothing is requested from the private address.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { createAgent, createChannel, createWorkspace, type ChannelInfo } from '../../helpers/world.js';
import { COUNSEL_SENDER_KEY, counselChannel, relayHeaders } from '../profile-bot/counsel-scenario-kit.js';

const PNG = readFileSync(new URL('../../../fixtures/images/tiny-10x10.png', import.meta.url));

describe('Kakao 상담톡: relay links are fetched under the outbound-URL rules', function () {
  this.timeout(20_000);
  let t: TestGateway;
  let ws: string;
  let ch: ChannelInfo;
  let internal: Server;
  let internalBase: string;
  let internalHits: string[];

  before(async () => {
    internalHits = [];
    internal = createServer((req, res) => {
      internalHits.push(req.url ?? '');
      if (req.url?.endsWith('.png')) res.setHeader('content-type', 'image/png').end(PNG);
      else res.setHeader('content-type', 'text/plain').end('INTERNAL ONLY: not for customers');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    internalBase = `127.0.0.1:${(internal.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((resolve) => internal.close(() => resolve())));

  beforeEach(async () => {
    t = await startTestGateway({ ALLOW_PRIVATE_TARGETS: 'false' });
    ws = await createWorkspace(t);
    await createAgent(t, ws);
    // a public https name (not resolvable here, so the save-time check lets it through)
    ch = await createChannel(t, ws, counselChannel({ apiBaseUrl: 'https://relay.test' }));
    nock('https://relay.test').persist().post(/.*/).reply(200, { code: 0 });
  });
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('keeps the preview and the relay photo URL for private, plain-http and redirected links; fetches public https ones', async () => {
    nock('https://relay-media.test').get('/t/redirect.txt').reply(302, '', { location: `http://${internalBase}/redirected.txt` });
    nock('https://relay-media.test').get('/t/public.txt').reply(200, '공개된 전체 문의 내용입니다.', { 'content-type': 'text/plain' });
    const links = [`http://${internalBase}/plain-http.txt`, `https://${internalBase}/private-https.txt`, 'https://relay-media.test/t/redirect.txt', 'https://relay-media.test/t/public.txt'];
    const base = { user_key: 'uk_guard', sender_key: COUNSEL_SENDER_KEY, session_id: 's-guard', time: Date.now() };
    for (const [i, url] of links.entries()) {
      const r = await t.request('POST', `/webhooks/kakao-counsel/${ch.id}/message`, { body: { ...base, serial_number: 100 + i, type: 'text', content: `미리보기 ${i}`, attachment: { url } }, headers: relayHeaders() });
      assert.equal(r.status, 200, r.text);
    }
    const photo = `http://${internalBase}/photo.png`;
    await t.request('POST', `/webhooks/kakao-counsel/${ch.id}/message`, { body: { ...base, serial_number: 200, type: 'photo', attachment: { url: photo } }, headers: relayHeaders() });

    const inbound = await waitFor(async () => {
      const list = [
        ...((await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=waiting`)).json.items as { id: string }[]),
        ...((await t.admin('GET', `/v1/workspaces/${ws}/conversations?status=assigned`)).json.items as { id: string }[]),
      ];
      if (list.length === 0) return null;
      const c = (await t.admin('GET', `/v1/workspaces/${ws}/conversations/${list[0]!.id}`)).json;
      const m = (c.messages as { direction: string; kind: string; text?: string; imageUrl?: string }[]).filter((x) => x.direction === 'in');
      return m.length >= 5 ? m : null;
    }, 'five inbound messages');
    assert.deepEqual(
      inbound.map((m) => m.text ?? m.imageUrl),
      ['미리보기 0', '미리보기 1', '미리보기 2', '공개된 전체 문의 내용입니다.', photo],
    );
    assert.deepEqual(internalHits, [], 'nothing was requested from the private address');
  });
});
