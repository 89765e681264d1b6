import { existsSync, readFileSync } from 'node:fs';
import { stats } from './flink';

/** One measured command: its statement, when the bench sent it, and what the bench saw when (epoch ms). */
export interface HopRun {
  uid: string;
  t0: number;
  /** Moments the bench itself observed (the API's answer, the Flink job RUNNING, the phase seen). */
  seen: Record<string, number>;
}

interface Entry {
  uid: string;
  hop: string;
  at: number;
}

/**
 * Where a start, stop or resume spends its time: the hops the scheduler and the worker append to
 * CFLINK_HOP_TRACE_FILE (libs/config hop-trace), merged with what the bench saw. Each run's hops
 * in its window [t0, last seen] are ordered by time; per hop, the median time since the run's
 * start and since the hop before it.
 */
export function hopReport(file: string, title: string, runs: HopRun[]): string {
  const entries: Entry[] = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Entry)
    : [];
  const since = new Map<string, number[]>();
  const step = new Map<string, number[]>();
  for (const run of runs) {
    const end = Math.max(...Object.values(run.seen));
    const hops = new Map<string, number>();
    for (const e of entries) {
      if (e.uid === run.uid && e.at >= run.t0 && e.at <= end && !hops.has(e.hop)) hops.set(e.hop, e.at);
    }
    for (const [name, at] of Object.entries(run.seen)) hops.set(`(bench) ${name}`, at);
    let previous = run.t0;
    for (const [name, at] of [...hops].sort((a, b) => a[1] - b[1])) {
      (since.get(name) ?? since.set(name, []).get(name)!).push(at - run.t0);
      (step.get(name) ?? step.set(name, []).get(name)!).push(at - previous);
      previous = at;
    }
  }
  const rows = [...since]
    .map(([name, ms]) => ({ name, at: stats(ms).median, step: stats(step.get(name)!).median, n: ms.length }))
    .sort((a, b) => a.at - b.at);
  return [
    `  ${title}, median per hop (ms since the request | since the hop before | runs):`,
    ...rows.map((r) => `    ${r.name.padEnd(26)} ${String(r.at).padStart(6)} | ${String(r.step).padStart(6)} | ${r.n}`),
  ].join('\n');
}
