// A tiny seeded PRNG and generators of hostile request bodies, so fault and fuzz tests are
// reproducible: the same seed gives the same cases (print the seed when a case fails).

export interface Rng {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  /** integer in [min, max] */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** a fresh generator derived from this one and a label (stable regardless of call order elsewhere) */
  fork(label: string): Rng;
}

/** FNV-1a, 32 bit: turns labels and bodies into seeds */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for test case generation */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    fork: (label) => createRng((seed ^ hash32(label)) >>> 0),
  };
  return rng;
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz0123456789',
  '가나다라마바사아자차카타파하상담배송주문',
  ' \t\n\r\u0000\u0007\u001b\u007f',
  '"\\/\'<>&{}[]%$`',
  '\u200b\u200e\u202e\ufeff\ufffd',
  '😀🙏👍🏽🇰🇷',
  '\ud800\udfff', // lone surrogates once encoded
];

export function randomString(rng: Rng, maxLen = 40): string {
  const len = rng.int(0, maxLen);
  let out = '';
  for (let i = 0; i < len; i++) {
    const alphabet = rng.pick(ALPHABETS);
    out += [...alphabet][rng.int(0, [...alphabet].length - 1)];
  }
  return out;
}

/** a JSON-able value of any type, up to `depth` levels deep */
export function randomValue(rng: Rng, depth = 3): unknown {
  const kinds = depth > 0 ? 9 : 7;
  switch (rng.int(0, kinds - 1)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1, 2 ** 31, -(2 ** 53), 1e308, -1e-308, 0.5, Number.MAX_SAFE_INTEGER + 2]);
    case 3:
      return randomString(rng);
    case 4:
      return rng.pick(['', ' ', 'null', 'true', '0', '[]', '{}', '__proto__', 'constructor', 'prototype', 'toString']);
    case 5:
      return rng.int(-1000, 1000);
    case 6:
      return 'x'.repeat(rng.int(100, 5000));
    case 7: {
      const n = rng.int(0, 4);
      return Array.from({ length: n }, () => randomValue(rng, depth - 1));
    }
    default: {
      const o: Record<string, unknown> = {};
      const n = rng.int(0, 4);
      for (let i = 0; i < n; i++) {
        const key = rng.chance(0.2) ? rng.pick(['__proto__', 'constructor', 'prototype']) : randomString(rng, 10);
        // defineProperty: a plain assignment to __proto__ would set the prototype, not a key
        Object.defineProperty(o, key, { value: randomValue(rng, depth - 1), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
  }
}

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

const REMOVE = Symbol('remove');

function setAt(root: unknown, path: Path, fn: (old: unknown) => unknown): unknown {
  if (path.length === 0) {
    const v = fn(root);
    return v === REMOVE ? {} : v;
  }
  const [head, ...rest] = path as [string | number, ...Path];
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) };
  const slot = copy as Record<string | number, unknown>;
  if (rest.length > 0) {
    slot[head] = setAt(slot[head], rest, fn);
    return copy;
  }
  const v = fn(slot[head]);
  if (v !== REMOVE) slot[head] = v;
  else if (Array.isArray(copy)) copy.splice(head as number, 1);
  else delete slot[head];
  return copy;
}


/** one structural mutation of a valid body: replace, delete, retype or add a field */
export function mutate(rng: Rng, value: unknown): unknown {
  const all = paths(value);
  const target = rng.pick(all);
  switch (rng.int(0, 5)) {
    case 0:
      return setAt(value, target, () => randomValue(rng, 2));
    case 1:
      return setAt(value, target, () => REMOVE);
    case 2:
      // same field, wrong type
      return setAt(value, target, (old) => (typeof old === 'string' ? rng.pick([1, true, null, [old], { old }]) : String(old)));
    case 3:
      return setAt(value, target, (old) => (old && typeof old === 'object' && !Array.isArray(old) ? { ...old, [randomString(rng, 8)]: randomValue(rng, 1) } : old));
    case 4:
      return setAt(value, target, (old) => (typeof old === 'string' ? old + 'x'.repeat(rng.int(1000, 200_000)) : 'x'.repeat(rng.int(1000, 200_000))));
    default:
      return setAt(value, target, () => rng.pick(['', null, [], {}, 0, -1, '\u0000', '   ']));
  }
}

/** `levels` nested arrays or objects as raw JSON text (too deep to build with JSON.stringify safely) */
export function deepJson(levels: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

/** raw JSON whose keys would pollute Object.prototype if merged naively */
export function pollutingJson(rng: Rng, valid: unknown): string[] {
  const base = JSON.stringify(valid ?? {});
  const inner = base.startsWith('{') && base.length > 2 ? base.slice(1, -1) + ',' : '';
  const mark = `polluted_${rng.int(1000, 9999)}`;
  return [
    `{${inner}"__proto__":{"${mark}":"yes","isAdmin":true}}`,
    `{${inner}"constructor":{"prototype":{"${mark}":"yes"}}}`,
    `{"__proto__":{"__proto__":{"${mark}":"yes"}},${inner.replace(/,$/, '') || '"a":1'}}`,
    `{${inner}"credentials":{"__proto__":{"${mark}":"yes"}},"settings":{"constructor":{"prototype":{"${mark}":"yes"}}}}`,
  ];
}

/** bytes that are not valid UTF-8, placed inside an otherwise valid JSON string value */
export function invalidUtf8Json(rng: Rng, valid: unknown): Buffer {
  const text = JSON.stringify(valid ?? { text: 'x' });
  const at = Math.max(1, text.indexOf('"', 1) + 1 || 1);
  const bad = rng.pick([
    [0xff, 0xfe],
    [0xc3, 0x28],
    [0xe2, 0x82],
    [0xf0, 0x28, 0x8c, 0x28],
    [0xed, 0xa0, 0x80], // an encoded surrogate
    [0xc0, 0xaf], // overlong '/'
    [0x80],
  ]);
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bad), Buffer.from(text.slice(at))]);
}

export function randomBytes(rng: Rng, max = 2048): Buffer {
  const n = rng.int(1, max);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(0, 255);
  return b;
}
