// Cut text to a platform limit counted in characters (code points), never splitting a
// surrogate pair, so a cut emoji never becomes a broken glyph on the customer's phone.
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return chars.slice(0, maxChars).join('');
}

export function charLength(text: string): number {
  return Array.from(text).length;
}
