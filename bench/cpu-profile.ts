/**
 * Sums a V8 CPU profile (node --cpu-prof; BENCH_CPU_PROF in bench/api-process.ts) by where the
 * time was spent: npm package, the project's own code (apps/, libs/), Node.js internals, native
 * code (socket writes, JSON, hashing), garbage collection, idle. Prints the self time of each, largest first, as a share of all samples and
 * of the busy (non-idle) ones.
 *
 *   node dist/bench/cpu-profile.js <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The bucket a frame's self time belongs to. */
export function bucketOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (functionName === '(program)') return '(program: native, outside JS)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const own = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (own) return `cflink ${own[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return '(native: syscalls, JSON, crypto, V8 builtins)';
  return url;
}

function main(): void {
  const [file, top = '15'] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const bucket = new Map(profile.nodes.map((n) => [n.id, bucketOf(n.callFrame)]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const b = bucket.get(id)!;
    totals.set(b, (totals.get(b) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const busy = all - (totals.get('(idle)') ?? 0);
  console.log(`| self time in | % of samples | % of busy |\n|---|---:|---:|`);
  for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    const ofBusy = name === '(idle)' ? '' : ((100 * us) / busy).toFixed(1);
    console.log(`| ${name} | ${((100 * us) / all).toFixed(1)} | ${ofBusy} |`);
  }
}

if (require.main === module) main();
