// Loads real-format payloads from fixtures/<channel>/…
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures');

export function fixture(rel: string): any {
  return JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8'));
}
