// Development defaults: when ADMIN_TOKEN or SECRET_KEY is unset, generate one into DATA_DIR once
// and reuse it on later starts (so encrypted channel secrets stay readable).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function readOrCreateSecret(dataDir: string, file: string, bytes: number): { value: string; created: boolean } {
  const p = path.resolve(dataDir, file);
  if (existsSync(p)) {
    const value = readFileSync(p, 'utf8').trim();
    if (value.length >= 16) return { value, created: false };
  }
  mkdirSync(path.dirname(p), { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(p, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}
