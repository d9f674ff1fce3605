// Outbound URL safety for every URL an integrator sets (a channel's apiBaseUrl, webhook
// endpoints): https only, and no loopback/private/link-local target, judged on the addresses
// the name resolves to. Checked when the URL is saved, and again at send time inside the
// connection's own DNS look-up, so a name that later re-resolves to 127.0.0.1 is still refused.
// ALLOW_PRIVATE_TARGETS=true turns both rules off (tests, CI, local development); nothing is
// resolved then, which also keeps test doubles on made-up (nock) host names working.
import { lookup as dnsLookup, type LookupAllOptions } from 'node:dns';
import { blockedAddressReason, isIpLiteral } from '../domain/target-address.js';

export type TargetVerdict = { ok: true } | { ok: false; reason: string };

/** an address a connection may use */
export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}
/** the promise form of axios' `lookup` option */
export type GuardedLookup = (hostname: string, options: object) => Promise<CheckedAddress[]>;

export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
  readonly code = 'ETARGETREFUSED';
}

export interface TargetGuard {
  readonly allowPrivate: boolean;
  /** the save-time check: scheme, IP literal, and the addresses the name resolves to now */
  check(url: string): Promise<TargetVerdict>;
  /** the send-time check of the URL itself (scheme, IP literal), before any connection */
  checkShape(url: string): TargetVerdict;
  /** a DNS look-up that refuses private answers; undefined when private targets are allowed */
  readonly lookup: GuardedLookup | undefined;
}

type Resolver = (host: string) => Promise<string[]>;

const systemResolve: Resolver = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true } satisfies LookupAllOptions, (err, addrs) => (err ? reject(err) : resolve(addrs.map((a) => a.address))));
  });

function refusedAddress(addresses: readonly string[]): string | null {
  for (const a of addresses) {
    const why = blockedAddressReason(a);
    if (why) return `it resolves to ${a}, a ${why} address`;
  }
  return null;
}

export function createTargetGuard(opts: { allowPrivate: boolean; resolve?: Resolver }): TargetGuard {
  const resolve = opts.resolve ?? systemResolve;
  const checkShape = (url: string): TargetVerdict => {
    if (opts.allowPrivate) return { ok: true };
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { ok: false, reason: 'it is not a valid URL' };
    }
    if (u.protocol !== 'https:') return { ok: false, reason: 'it must use https://' };
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, reason: 'it names localhost' };
    if (isIpLiteral(host)) {
      const why = blockedAddressReason(host);
      if (why) return { ok: false, reason: `${host} is a ${why} address` };
    }
    return { ok: true };
  };
  const lookup: GuardedLookup = async (hostname) => {
    const addresses = await resolve(hostname);
    const refused = refusedAddress(addresses);
    if (refused) throw new TargetRefusedError(`${hostname} is not an allowed target: ${refused}`);
    if (addresses.length === 0) throw new TargetRefusedError(`${hostname} has no address`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return {
    allowPrivate: opts.allowPrivate,
    checkShape,
    async check(url) {
      const shape = checkShape(url);
      if (!shape.ok || opts.allowPrivate) return shape;
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      if (isIpLiteral(host)) return shape;
      let addresses: string[];
      try {
        addresses = await resolve(host);
      } catch {
        // a name that does not resolve yet cannot reach anything; the send-time check judges it then
        return { ok: true };
      }
      const refused = refusedAddress(addresses);
      return refused ? { ok: false, reason: refused } : { ok: true };
    },
    lookup: opts.allowPrivate ? undefined : lookup,
  };
}
