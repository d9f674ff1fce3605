// IPv4 CIDR matching for `allowCidrs`. Node reports IPv4 peers on a dual-stack socket as
// `::ffff:a.b.c.d`, so mapped addresses are unwrapped first. Anything unparsable never matches:
// a typo in the allow list must close the door, not open it.

/** Parse dotted-quad IPv4 (`::ffff:` mapped form accepted) into an unsigned 32-bit number. */
export function parseIpv4(address: string): number | null {
  const plain = address.trim().replace(/^::ffff:/i, '');
  const parts = plain.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** `a.b.c.d/n`, or a bare address meaning /32. */
export function parseIpv4Cidr(cidr: string): { network: number; mask: number } | null {
  const [addr, prefixText, extra] = cidr.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  const ip = parseIpv4(addr);
  if (ip === null || addr.trim().toLowerCase().startsWith('::ffff:')) return null;
  let prefix = 32;
  if (prefixText !== undefined) {
    if (!/^\d{1,2}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > 32) return null;
  }
  // Arithmetic rather than `-1 << (32 - prefix)`: a shift by 32 is a no-op in JavaScript.
  const mask = prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefix);
  return { network: maskOf(ip, mask), mask };
}

function maskOf(ip: number, mask: number): number {
  // `& ` works on signed 32-bit values; `>>> 0` brings the result back to unsigned.
  return (ip & mask) >>> 0;
}

export function ipv4InCidr(address: string, cidr: string): boolean {
  const ip = parseIpv4(address);
  const range = parseIpv4Cidr(cidr);
  if (ip === null || range === null) return false;
  return maskOf(ip, range.mask) === range.network;
}

export function addressInCidrs(address: string | undefined, cidrs: readonly string[]): boolean {
  if (address === undefined) return false;
  return cidrs.some((cidr) => ipv4InCidr(address, cidr));
}
