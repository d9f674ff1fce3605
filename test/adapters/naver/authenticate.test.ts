import assert from 'node:assert/strict';
import { createNaverAdapter } from '../../../adapters/naver/index.js';
import { addressInCidrs, ipv4InCidr, parseIpv4 } from '../../../adapters/naver/cidr-match.js';
import { AuthError } from '../../../src/domain/errors.js';
import { inboundRequest, naverChannel, WEBHOOK_KEY } from './naver-world.js';

const TALKTALK_RANGE = '117.52.141.192/27';

describe('naver authenticate', () => {
  const adapter = createNaverAdapter();
  const body = { event: 'leave', user: 'u1' };

  it('accepts the channel key in ?key=', () => {
    assert.doesNotThrow(() => adapter.authenticate(inboundRequest(body), naverChannel()));
  });

  for (const [label, key] of [
    ['a wrong key of the same length', `${WEBHOOK_KEY.slice(0, -1)}X`],
    ['a longer key', `${WEBHOOK_KEY}0`],
    ['an empty key', ''],
    ['no key', undefined],
  ] as const) {
    it(`refuses ${label}`, () => {
      assert.throws(
        () => adapter.authenticate(inboundRequest(body, { query: { key } }), naverChannel()),
        (err: unknown) => err instanceof AuthError && err.status === 401 && err.code === 'unauthorized',
      );
    });
  }

  it('refuses everything when the channel has no key configured', () => {
    assert.throws(
      () => adapter.authenticate(inboundRequest(body, { query: { key: '' } }), naverChannel({ webhookKey: '' })),
      AuthError,
    );
  });

  it('ignores a key sent as a header: TalkTalk cannot send one', () => {
    const req = inboundRequest(body, { query: {}, headers: { 'x-talkgate-key': WEBHOOK_KEY } });
    assert.throws(() => adapter.authenticate(req, naverChannel()), AuthError);
  });

  describe('with allowCidrs', () => {
    const channel = naverChannel({ allowCidrs: ['10.0.0.0/8', TALKTALK_RANGE] });

    for (const address of ['117.52.141.200', '117.52.141.192', '117.52.141.223', '::ffff:117.52.141.200', '::FFFF:10.1.2.3']) {
      it(`lets ${address} in`, () => {
        assert.doesNotThrow(() => adapter.authenticate(inboundRequest(body, { remoteAddress: address }), channel));
      });
    }

    for (const address of ['117.52.141.224', '117.52.141.191', '::ffff:117.52.141.224', '::1', '2001:db8::1', 'garbage', undefined]) {
      it(`keeps ${String(address)} out`, () => {
        assert.throws(
          () => adapter.authenticate(inboundRequest(body, { remoteAddress: address }), channel),
          (err: unknown) => err instanceof AuthError && err.code === 'address_not_allowed',
        );
      });
    }

    it('still checks the key for an allowed address', () => {
      const req = inboundRequest(body, { query: { key: 'nope' }, remoteAddress: '117.52.141.200' });
      assert.throws(() => adapter.authenticate(req, channel), (err: unknown) => err instanceof AuthError && err.code === 'unauthorized');
    });

    it('does not check the address when the list is empty or absent', () => {
      const req = inboundRequest(body, { remoteAddress: '203.0.113.9' });
      assert.doesNotThrow(() => adapter.authenticate(req, naverChannel({ allowCidrs: [] })));
      assert.doesNotThrow(() => adapter.authenticate(req, naverChannel({ allowCidrs: null })));
    });
  });
});

describe('naver cidr matcher', () => {
  it('parses dotted quads and rejects anything else', () => {
    assert.equal(parseIpv4('255.255.255.255'), 2 ** 32 - 1);
    assert.equal(parseIpv4('::ffff:0.0.0.1'), 1);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.-4', '1..3.4', 'a.b.c.d', '::1', '']) {
      assert.equal(parseIpv4(bad), null, bad);
    }
  });

  it('matches network edges, /32, bare addresses and /0', () => {
    assert.equal(ipv4InCidr('192.168.1.0', '192.168.1.0/24'), true);
    assert.equal(ipv4InCidr('192.168.1.255', '192.168.1.0/24'), true);
    assert.equal(ipv4InCidr('192.168.2.0', '192.168.1.0/24'), false);
    assert.equal(ipv4InCidr('203.0.113.7', '203.0.113.7/32'), true);
    assert.equal(ipv4InCidr('203.0.113.8', '203.0.113.7/32'), false);
    assert.equal(ipv4InCidr('203.0.113.7', '203.0.113.7'), true);
    assert.equal(ipv4InCidr('8.8.8.8', '0.0.0.0/0'), true);
    assert.equal(ipv4InCidr('255.255.255.255', '128.0.0.0/1'), true);
    assert.equal(ipv4InCidr('127.255.255.255', '128.0.0.0/1'), false);
  });

  it('normalises a host-bits-set network and never matches a malformed entry', () => {
    assert.equal(ipv4InCidr('117.52.141.200', '117.52.141.222/27'), true);
    for (const bad of ['117.52.141.192/33', '117.52.141.192/', '117.52.141.192/27/1', 'fe80::/10', '::ffff:1.2.3.4/32', '']) {
      assert.equal(ipv4InCidr('117.52.141.200', bad), false, bad);
    }
    assert.equal(addressInCidrs('117.52.141.200', []), false);
  });
});
