// Outbound URL safety (integration.md): https only, no loopback/private/link-local address in
// any spelling (IPv4, IPv6, IPv4-mapped), judged on what a name resolves to.
import assert from 'node:assert/strict';
import { blockedAddressReason } from '../../src/domain/target-address.js';
import { createTargetGuard } from '../../src/infra/target-guard.js';

describe('outbound URL safety', () => {
  it('refuses loopback, private, link-local and other special addresses in every spelling', () => {
    for (const ip of ['127.0.0.1', '127.5.6.7', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1',
      '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1', '[::1]', '0:0:0:0:0:0:0:1', 'ff02::1']) {
      assert.ok(blockedAddressReason(ip), `${ip} must be refused`);
    }
  });

  it('lets public addresses through', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2001:4860:4860::8888']) {
      assert.equal(blockedAddressReason(ip), null, ip);
    }
  });

  it('save-time: https only, IP literals without a look-up, names by what they resolve to', async () => {
    const looked: string[] = [];
    const guard = createTargetGuard({
      allowPrivate: false,
      resolve: async (host) => {
        looked.push(host);
        if (host === 'internal.example.com') return ['93.184.216.34', '10.0.0.5'];
        if (host === 'nowhere.example.com') throw new Error('ENOTFOUND');
        return ['93.184.216.34'];
      },
    });
    assert.deepEqual(await guard.check('https://hooks.example.com/x'), { ok: true });
    assert.match(((await guard.check('http://hooks.example.com/x')) as { reason: string }).reason, /https/);
    assert.match(((await guard.check('https://internal.example.com/x')) as { reason: string }).reason, /10\.0\.0\.5.*private/);
    assert.equal((await guard.check('https://127.0.0.1/x')).ok, false);
    assert.equal((await guard.check('https://[::ffff:127.0.0.1]/x')).ok, false);
    assert.equal((await guard.check('https://2130706433/x')).ok, false, 'the URL parser’s decimal form of 127.0.0.1');
    assert.equal((await guard.check('https://localhost:8443/x')).ok, false);
    assert.deepEqual(await guard.check('https://8.8.8.8/x'), { ok: true });
    assert.deepEqual(await guard.check('https://nowhere.example.com/x'), { ok: true }, 'judged again at send time');
    assert.deepEqual(looked, ['hooks.example.com', 'internal.example.com', 'nowhere.example.com'], 'no look-up for IP literals or refused shapes');
  });

  it('send-time: the connection’s own look-up refuses a name that now resolves to a private address', async () => {
    const guard = createTargetGuard({ allowPrivate: false, resolve: async () => ['127.0.0.1'] });
    await assert.rejects(guard.lookup!('rebind.example.com', {}), /not an allowed target.*loopback/);
  });

  it('ALLOW_PRIVATE_TARGETS lifts both rules and resolves nothing', async () => {
    const guard = createTargetGuard({ allowPrivate: true, resolve: async () => assert.fail('no look-up') });
    assert.deepEqual(await guard.check('http://127.0.0.1:8080/x'), { ok: true });
    assert.equal(guard.lookup, undefined);
  });
});
