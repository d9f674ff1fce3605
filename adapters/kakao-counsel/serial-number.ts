// serial_number both ways. Inbound it is a JSON integer above 2^53, so JSON.parse would round it
// (two deliveries could merge into one dedupe key): its digits are read from the raw body.
// Outbound it is a string of at most 30 characters, the same on every retry of a message.
import { createHash } from 'node:crypto';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** index just past the string starting at `i` (a quote) */
function skipString(raw: string, i: number): number {
  let j = i + 1;
  while (j < raw.length && raw.charCodeAt(j) !== QUOTE) j += raw.charCodeAt(j) === BACKSLASH ? 2 : 1;
  return j + 1;
}

/**
 * The source text of the top-level member `key` of a JSON object when it is a number (or the
 * value when it is a string), without converting it to a double. null when absent.
 */
export function rawTopLevelNumber(raw: string, key: string): string | null {
  let depth = 0;
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"') {
      const end = skipString(raw, i);
      if (depth === 1) {
        let k = end;
        while (k < raw.length && /\s/.test(raw[k]!)) k++;
        if (raw[k] === ':' && (JSON.parse(raw.slice(i, end)) as string) === key) {
          k++;
          while (k < raw.length && /\s/.test(raw[k]!)) k++;
          const num = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(raw.slice(k));
          if (num) return num[0];
          if (raw[k] === '"') return JSON.parse(raw.slice(k, skipString(raw, k))) as string;
          return null;
        }
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
  }
  return null;
}

export const SERIAL_MAX = 30;

/**
 * Our serial number for part `part` of `parts` sends of message `messageId`: the id itself when
 * it fits, else a hash of it (both deterministic, so a retried send is recognised: -504).
 */
export function outboundSerial(messageId: string, part: number, parts: number): string {
  const plain = parts === 1 ? messageId : `${messageId}.${part}`;
  if (plain.length <= SERIAL_MAX) return plain;
  const hash = createHash('sha256').update(messageId).digest('base64url').slice(0, 24);
  return parts === 1 ? `h${hash}` : `h${hash}.${part}`;
}
