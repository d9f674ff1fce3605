// Channel credentials are encrypted at rest with AES-256-GCM under a key derived from
// SECRET_KEY (HKDF, separate "info" per purpose so the signing key is never the encryption key).
// During a rotation SECRET_KEY_PREVIOUS still opens what it sealed; sealing always uses SECRET_KEY.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, createHmac } from 'node:crypto';

export function deriveKey(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.alloc(0), `talkgate:${purpose}`, 32));
}

/** the current key's derivation first (it signs), then the previous key's (it still verifies) */
export function deriveKeys(secretKey: string, previousKey: string | null, purpose: string): readonly Buffer[] {
  return previousKey ? [deriveKey(secretKey, purpose), deriveKey(previousKey, purpose)] : [deriveKey(secretKey, purpose)];
}

export interface SecretBox {
  seal(plain: string): string;
  /** opens with SECRET_KEY, else with SECRET_KEY_PREVIOUS; throws when neither can */
  open(sealed: string): string;
  /** stale: only the previous key opened it, so it wants re-sealing; null when no key opens it */
  tryOpen(sealed: string): { plain: string; stale: boolean } | null;
}

function openWith(key: Buffer, sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || !body) throw new Error('sealed value has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export function createSecretBox(secretKey: string, previousKey: string | null = null): SecretBox {
  const key = deriveKey(secretKey, 'credentials-v1');
  const previous = previousKey ? deriveKey(previousKey, 'credentials-v1') : null;
  const tryOpen = (sealed: string): { plain: string; stale: boolean } | null => {
    for (const [k, stale] of [[key, false], [previous, true]] as const) {
      if (!k) continue;
      try {
        return { plain: openWith(k, sealed), stale };
      } catch {
        // not this key (GCM authentication failed) or not a sealed value: try the next
      }
    }
    return null;
  };
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      if (!previous) return openWith(key, sealed);
      const r = tryOpen(sealed);
      if (!r) throw new Error('Unsupported state or unable to authenticate data');
      return r.plain;
    },
    tryOpen,
  };
}

export function hmac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}
