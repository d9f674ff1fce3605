// Workspace API keys (integration.md "Workspace API keys"): the key format and how it is kept.
// A key is `tgk_<lookup>_<secret>`: the lookup part names the stored record (it is also in the
// public id and the mask, so it is not secret); the 256-bit random secret is what proves the
// holder. Only SHA-256 of the whole key is stored. A fast hash is enough here because the key
// is machine-generated with 256 bits of entropy: unlike a password, there is no dictionary to
// try, so a slow KDF (bcrypt, scrypt) would add latency to every request and no security.
import { createHash, randomBytes } from 'node:crypto';
import type { ApiScope } from './api-scopes.js';
import { safeEqual } from './safe-equal.js';

export const API_KEY_PREFIX = 'tgk_';
const LOOKUP_RE = /^[A-Za-z0-9]{12}$/;
const KEY_RE = /^tgk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const ROLL_DEFAULT_SECONDS = 86_400;
export const ROLL_MAX_SECONDS = 604_800;
/** lastUsedAt is written at most this often per key (the contract lets it lag by an hour) */
export const LAST_USED_WRITE_EVERY_MS = 3_600_000;

export interface ApiKeyRecord {
  id: string;
  workspaceId: string;
  name: string;
  scopes: ApiScope[];
  /** hex SHA-256 of the full key */
  hash: string;
  mask: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface IssuedKey {
  key: string;
  lookup: string;
  hash: string;
  mask: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alnum(n: number): string {
  // 62 symbols from bytes below 248 (= 4 × 62): no modulo bias
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < 248 && out.length < n) out += ALNUM[b % 62];
    }
  }
  return out;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function issueKey(): IssuedKey {
  const lookup = alnum(12);
  const secret = randomBytes(32).toString('base64url');
  const key = `${API_KEY_PREFIX}${lookup}_${secret}`;
  return { key, lookup, hash: hashKey(key), mask: `${API_KEY_PREFIX}${lookup}_…${secret.slice(-4)}` };
}

export function apiKeyId(lookup: string): string {
  return `key_${lookup}`;
}

/** the lookup part of a well-formed key, or null (then no stored key can match) */
export function lookupOf(key: string): string | null {
  return KEY_RE.exec(key)?.[1] ?? null;
}

export function isApiKeyId(id: string): boolean {
  return id.startsWith('key_') && LOOKUP_RE.test(id.slice(4));
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** constant-time: the presented key's hash against the stored one */
export function keyMatches(presented: string, record: ApiKeyRecord): boolean {
  return safeEqual(hashKey(presented), record.hash);
}

export type KeyState = 'active' | 'expired' | 'revoked';

export function keyState(record: ApiKeyRecord, now: Date): KeyState {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

export function lastUsedIsStale(record: ApiKeyRecord, now: Date): boolean {
  return record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= LAST_USED_WRITE_EVERY_MS;
}
