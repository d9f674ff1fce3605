// Which network addresses an integrator's URL may point at (integration.md: no loopback,
// private or link-local targets). Pure: the DNS look-up happens in infra/target-guard.ts.
// IPv6 is parsed to bytes so every spelling of one address (mapped, compressed, NAT64) is
// judged the same way.

/** the IPv4 ranges no integrator URL may reach: [first octets, prefix length, what it is] */
const V4_BLOCKED: readonly [number[], number, string][] = [
  [[0], 8, 'this-network'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared (carrier-grade NAT)'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'special-purpose'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'benchmarking'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

function v4Bytes(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^[0-9]{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => Number.isInteger(b) && b <= 255) ? bytes : null;
}

function v6Bytes(input: string): number[] | null {
  let s = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = v4Bytes(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string | undefined): string[] => (h ? h.split(':') : []);
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function inPrefix(bytes: number[], first: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = Math.floor(i / 8);
    const mask = 0x80 >> i % 8;
    if ((bytes[byte]! & mask) !== ((first[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function v4Reason(b: number[]): string | null {
  if (b.every((x) => x === 255)) return 'broadcast';
  for (const [first, bits, what] of V4_BLOCKED) if (inPrefix(b, first, bits)) return what;
  return null;
}

/**
 * Why `ip` may not be a target (`'loopback'`, `'private'`, …), or null when it is a public
 * address; `'not an IP address'` for anything else.
 */
export function blockedAddressReason(ip: string): string | null {
  const v4 = v4Bytes(ip);
  if (v4) return v4Reason(v4);
  const b = v6Bytes(ip);
  if (!b) return 'not an IP address';
  const zeros = (n: number): boolean => b.slice(0, n).every((x) => x === 0);
  if (zeros(15) && b[15] === 0) return 'unspecified';
  if (zeros(15) && b[15] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address
  const mapped = zeros(10) && b[10] === 0xff && b[11] === 0xff;
  const nat64 = inPrefix(b, [0x00, 0x64, 0xff, 0x9b], 96);
  if (mapped || zeros(12) || nat64) return v4Reason(b.slice(12));
  if (inPrefix(b, [0xfc], 7)) return 'private (unique local)';
  if (inPrefix(b, [0xfe, 0x80], 10)) return 'link-local';
  if (inPrefix(b, [0xfe, 0xc0], 10)) return 'site-local';
  if (inPrefix(b, [0xff], 8)) return 'multicast';
  return null;
}

/** true when `host` (a URL's hostname, brackets allowed) is written as an IP address */
export function isIpLiteral(host: string): boolean {
  return v4Bytes(host) !== null || (host.includes(':') && v6Bytes(host) !== null);
}
