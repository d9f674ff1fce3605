// Browser APIs a page script must never use on text it did not write (XSS sinks).
export const UNSAFE_DOM_SINKS = [
  'innerHTML',
  'outerHTML',
  'insertAdjacentHTML',
  'document.write',
  'eval(',
  'new Function',
  "setAttribute('style'",
] as const;
