/**
 * Where the CPU time of a V8 profile goes (`.cpuprofile`, as written by `node --cpu-prof` or by
 * profile-uploads.ts `--cpu-profile`): self time by function and by package or source file, idle
 * and GC included, so that a profile reads without a browser.
 *
 *   npx tsx bench/rental/profile-summary.ts FILE.cpuprofile [--top 30]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time (µs) by function and by file or package, and the total. */
export function summarise(profile: Profile): { total: number; byFunction: Map<string, number>; byFile: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const node = nodes.get(id)!;
    const dt = profile.timeDeltas?.[i] ?? 0;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/');
    const fn = `${functionName || '(anonymous)'}${url ? ` ${where}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url ? where : functionName);
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + dt);
  });
  return { total, byFunction, byFile };
}

export function printSummary(profile: Profile, top = 30): void {
  const { total, byFunction, byFile } = summarise(profile);
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title} (${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
    }
  };
  print('self time by package or file', byFile);
  print('self time by function', byFunction);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
  if (positionals.length !== 1) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top 30]');
  printSummary(JSON.parse(fs.readFileSync(positionals[0]!, 'utf8')) as Profile, Number(values.top));
}
