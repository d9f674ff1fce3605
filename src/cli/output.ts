// What every talkgate command shares on the way out: plain-text tables that line up Hangul, and
// the report of a replay.

/** terminal columns: Hangul, CJK and full-width forms take two */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** one line of plain text: control characters (terminal escapes included) become spaces */
export function cell(value: string | number | null | undefined, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const s = String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[]): string =>
    r.map((v, i) => (i === r.length - 1 ? v : v + ' '.repeat((widths[i] ?? 0) - displayWidth(v)))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** what POST …/replay answers, summed over batches */
export interface ReplayTotals {
  replayed: number;
  skipped: number;
  ids: string[];
  skippedItems: { id: string; reason: string }[];
  dryRun: boolean;
}

/** one row per id, then the totals; --json prints the answer as is */
export function replayReport(r: ReplayTotals, idHeader: string): string {
  const rows = [...r.ids.map((id) => [id, r.dryRun ? 'would replay' : 'replayed']), ...r.skippedItems.map((s) => [s.id, `skipped: ${s.reason}`])];
  const table = rows.length ? `${formatTable([idHeader, 'RESULT'], rows)}\n` : '';
  return `${table}${r.dryRun ? 'dry run: would replay' : 'replayed'} ${r.replayed}, skipped ${r.skipped}\n`;
}
