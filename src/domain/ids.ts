// Opaque ids with a readable type prefix (ws_, ch_, conv_ …) so logs say what an id is.
import { randomBytes } from 'node:crypto';

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
