import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ephemeralLow, freePort } from '../../../src/infra/free-port.js';

describe('freePort', () => {
  it('hands out ports below the ephemeral range, where no outgoing connection can take them first', async () => {
    const low = ephemeralLow();
    for (let i = 0; i < 20; i++) {
      const p = await freePort();
      assert.ok(p > 1024 && p < low, `${p} is below ${low}`);
    }
  });

  it('never hands out the same port twice in one process', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    assert.equal(new Set(ports).size, ports.length);
  });

  it('hands out a port a server can then listen on', async () => {
    const p = await freePort();
    const srv = createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(p, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  });
});
