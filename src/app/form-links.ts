// Profile form links: signed, opaque to the customer, bound to one conversation, expiring.
// Signing means no Redis write when a card is sent; a submit consumes the token (see
// submit-profile), a GET never does, because TalkTalk may fetch a link before the user opens it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GoneError, NotFoundError } from '../domain/errors.js';
import { signingKey, verifyingKeys, type SigningKeys } from '../domain/signing-keys.js';

export interface FormTokenClaims {
  conversationId: string;
  expiresAt: number;
}

export interface FormLinks {
  url(conversationId: string, now: Date): string;
  token(conversationId: string, now: Date): string;
  /** throws NotFoundError (forged/malformed) or GoneError (expired) */
  verify(token: string, now: Date): FormTokenClaims & { tokenId: string };
}

export function createFormLinks(keys: SigningKeys, baseUrl: () => string, ttlMs: number): FormLinks {
  const macWith = (key: Buffer, body: string): string => createHmac('sha256', key).update(`talkgate.form.v1.${body}`).digest('base64url');
  const sign = (body: string): string => macWith(signingKey(keys), body);
  const token = (conversationId: string, now: Date): string => {
    const body = Buffer.from(JSON.stringify({ c: conversationId, e: now.getTime() + ttlMs })).toString('base64url');
    return `${body}.${sign(body)}`;
  };
  return {
    token,
    url: (conversationId, now) => `${baseUrl()}/forms/profile/${token(conversationId, now)}`,
    verify(t, now) {
      const [body, mac] = t.split('.');
      const notFound = new NotFoundError('This profile form link', 'form_not_found');
      if (!body || !mac || !/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]+$/.test(mac)) throw notFound;
      const given = Buffer.from(mac);
      const signedBy = (key: Buffer): boolean => {
        const expected = Buffer.from(macWith(key, body));
        return expected.length === given.length && timingSafeEqual(expected, given);
      };
      if (!verifyingKeys(keys).some(signedBy)) throw notFound;
      let claims: { c?: unknown; e?: unknown };
      try {
        claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { c?: unknown; e?: unknown };
      } catch {
        throw notFound;
      }
      if (typeof claims.c !== 'string' || typeof claims.e !== 'number') throw notFound;
      if (now.getTime() > claims.e) {
        throw new GoneError('This profile form link has expired; ask for a new one in the chat.', 'form_expired');
      }
      return { conversationId: claims.c, expiresAt: claims.e, tokenId: mac };
    },
  };
}
