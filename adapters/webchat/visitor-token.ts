// Signed visitor tokens: base64url(JSON claims) + '.' + base64url(HMAC-SHA256). Stateless, so
// any gateway instance can check one without Redis. They do not expire (see README.md).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthError } from '../../src/domain/errors.js';
import { signingKey, verifyingKeys, type SigningKeys } from '../../src/domain/signing-keys.js';
import type { HelloAnswer, VisitorTokenClaims } from './wire-types.js';

// Domain separation: SECRET_KEY also signs form tokens, so a MAC made for another purpose
// must never verify as a visitor token.
const MAC_CONTEXT = 'talkgate.webchat.visitor.v1.';
const VISITOR_ID = /^[A-Za-z0-9_-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
const TOKEN_CODE = 'invalid_visitor_token';

export function newVisitorId(): string {
  return `v_${randomBytes(16).toString('base64url')}`;
}

function mac(secretKey: Buffer, encodedClaims: string): Buffer {
  return createHmac('sha256', secretKey)
    .update(MAC_CONTEXT + encodedClaims)
    .digest();
}

export function issueVisitorToken(
  secretKey: SigningKeys,
  channelId: string,
  visitorId: string = newVisitorId(),
  now: Date = new Date(),
): HelloAnswer {
  if (!VISITOR_ID.test(visitorId)) throw new RangeError('visitorId must be 1-64 characters of [A-Za-z0-9_-]');
  const claims: VisitorTokenClaims = { c: channelId, v: visitorId, iat: Math.floor(now.getTime() / 1000) };
  const encoded = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return { visitorId, visitorToken: `${encoded}.${mac(signingKey(secretKey), encoded).toString('base64url')}` };
}

function isClaims(value: unknown): value is VisitorTokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['c'] === 'string' &&
    typeof v['v'] === 'string' &&
    VISITOR_ID.test(v['v']) &&
    typeof v['iat'] === 'number' &&
    Number.isInteger(v['iat'])
  );
}

/** the visitorId the token was issued to; throws AuthError for anything else */
export function verifyVisitorToken(secretKey: SigningKeys, token: string, channelId: string): string {
  const malformed = (): AuthError =>
    new AuthError(
      'The visitor token is malformed or was not issued by this gateway; send {"type":"hello"} for a new one.',
      TOKEN_CODE,
    );
  const parts = token.split('.');
  const [encoded, signature] = parts;
  if (parts.length !== 2 || !encoded || !signature || !B64URL.test(encoded) || !B64URL.test(signature)) {
    throw malformed();
  }
  // Check the MAC before parsing anything an attacker wrote.
  // Compare the canonical text, not decoded bytes: base64url decoding ignores trailing bits,
  // so several spellings would decode to the same MAC.
  const given = Buffer.from(signature);
  const signedBy = (key: Buffer): boolean => {
    const expected = Buffer.from(mac(key, encoded).toString('base64url'));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!verifyingKeys(secretKey).some(signedBy)) throw malformed();

  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!isClaims(claims)) throw malformed();
  if (claims.c !== channelId) {
    throw new AuthError(
      'The visitor token was issued for another web chat channel; send {"type":"hello"} for a new one.',
      TOKEN_CODE,
    );
  }
  return claims.v;
}
