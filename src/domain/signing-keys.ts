// HMAC keys derived from SECRET_KEY: one key, or during a rotation the current key followed by
// the one derived from SECRET_KEY_PREVIOUS. The first signs; any of them verifies, so visitor
// tokens and form links handed out before the rotation keep working.
export type SigningKeys = Buffer | readonly Buffer[];

export function signingKey(keys: SigningKeys): Buffer {
  const first = Buffer.isBuffer(keys) ? keys : keys[0];
  if (!first) throw new RangeError('at least one signing key is needed');
  return first;
}

export function verifyingKeys(keys: SigningKeys): readonly Buffer[] {
  return Buffer.isBuffer(keys) ? [keys] : keys;
}
