// Images reach a skill only as action parameters: a block parameter holding a picture URL, or the
// image secure-transfer plugin (sys.plugin.secureimage), whose value is a JSON string such as
// {"privacyAgreement":"Y","imageQuantity":"1","secureUrls":"List(https://…)", "expire": "…"}.
// A photo typed into the chat without such a block arrives as a plain utterance and stays text.
import type { SkillPayload } from './schema.js';

const IMAGE_PARAM_NAMES = new Set(['image', 'secureimage']);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function urlsFromSecureUrls(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value !== 'string') return [];
  // Kakao serialises the list in Scala's notation: "List(url1, url2)"
  const inner = /^List\((.*)\)$/s.exec(value.trim())?.[1] ?? value;
  return inner.split(',').map((s) => s.trim());
}

function urlsFromValue(value: unknown): string[] {
  if (typeof value === 'object' && value !== null) {
    // detailParams entries: {origin, value, groupName}
    const entry = value as Record<string, unknown>;
    return [...urlsFromValue(entry['value']), ...urlsFromValue(entry['origin'])];
  }
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (isHttpUrl(text)) return [text];
  if (!text.startsWith('{')) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return [];
    return urlsFromSecureUrls((parsed as Record<string, unknown>)['secureUrls']);
  } catch {
    return [];
  }
}

export function findImageUrls(payload: SkillPayload): string[] {
  const found: string[] = [];
  for (const params of [payload.action?.params, payload.action?.detailParams]) {
    for (const [name, value] of Object.entries(params ?? {})) {
      if (IMAGE_PARAM_NAMES.has(name.toLowerCase())) found.push(...urlsFromValue(value));
    }
  }
  return [...new Set(found.filter(isHttpUrl))];
}
