// Profile form links: signed, opaque to the customer, bound to one conversation, expiring.
// Signing means no Redis write when a card is sent; a submit consumes the token (see
// submit-profile), a GET never does, because TalkTalk may fetch a link before the user opens it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GoneError, NotFoundError } from '../domain/errors.js';

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

export function createFormLinks(key: Buffer, baseUrl: () => string, ttlMs: number): FormLinks {
  const sign = (body: string): string => createHmac('sha256', key).update(`talkgate.form.v1.${body}`).digest('base64url');
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
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw notFound;
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
