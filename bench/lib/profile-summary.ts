// Where a server's CPU time went: self time from a V8 .cpuprofile (BENCH_CPU_PROF=1 writes them
// under $TMPDIR/talkgate-bench-profiles-<pid>/<server>/), grouped by package / file and function.
//   npx tsx bench/lib/profile-summary.ts <dir or .cpuprofile> [top]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function groupOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm?.[1]) return `pkg ${nm[1]}`;
  if (url.startsWith('node:')) return url;
  const own = /\/work\/main\/(.+)$/.exec(url.replace(/^file:\/\//, ''));
  return own?.[1] ?? url;
}

/** a directory holds one profile per thread; the main thread's is the largest */
function profileFile(p: string): string {
  if (!statSync(p).isDirectory()) return p;
  const files = readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(p, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? p;
}

export function summarizeProfile(file: string, top = 25): string {
  const p = JSON.parse(readFileSync(profileFile(file), 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const groups = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)?.callFrame;
    if (!f) continue;
    const g = groupOf(f.url);
    groups.set(g, (groups.get(g) ?? 0) + us);
    const fn = `${f.functionName || '(anonymous)'} ${g}:${f.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
  }
  // inclusive: each sample counts once for every distinct function on its stack
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f || !f.url) continue;
      const g = groupOf(f.url);
      if (g.startsWith('node:') || g.startsWith('pkg ')) continue;
      seen.add(`${f.functionName || '(anonymous)'} ${g}:${f.lineNumber + 1}`);
    }
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const pct = (us: number): string => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>): string[] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${pct(us)}  ${k}`);
  return [`total ${(total / 1e6).toFixed(1)} s sampled`, '-- by package / file --', ...list(groups), '-- by function (self) --', ...list(fns), '-- our functions, inclusive --', ...list(inclusive)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(summarizeProfile(process.argv[2] ?? '', Number(process.argv[3] ?? 25)));
}
