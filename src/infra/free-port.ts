// A loopback port for a server that starts listening a moment later (a redis-server, a child
// gateway). It comes from BELOW the kernel's ephemeral range: a port from inside it (what
// listen(0) hands out) can be taken by any outgoing connection of any process between this check
// and the real listen, and a child process takes a second or two to get there — on a busy CI
// machine that race turned up as EADDRINUSE. Ports handed out by this process are not reused.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LINUX_RANGE = '/proc/sys/net/ipv4/ip_local_port_range';
/** how many ports below the ephemeral range to draw from */
const SPAN = 12_000;
const handedOut = new Set<number>();

/** the first port of the kernel's ephemeral range (Linux's default where it cannot be read) */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync(LINUX_RANGE, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function listenable(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const addr = srv.address();
      const got = typeof addr === 'object' && addr ? addr.port : null;
      srv.close(() => resolve(got));
    });
  });
}

export async function freePort(): Promise<number> {
  const high = ephemeralLow() - 1;
  const low = Math.max(1025, high - SPAN);
  for (let i = 0; i < 200 && high > low; i++) {
    const p = randomInt(low, high + 1);
    if (handedOut.has(p) || (await listenable(p)) === null) continue;
    handedOut.add(p);
    return p;
  }
  // nothing free below the range (or no room there): fall back to what the kernel picks
  for (;;) {
    const p = await listenable(0);
    if (p !== null && !handedOut.has(p)) {
      handedOut.add(p);
      return p;
    }
  }
}
