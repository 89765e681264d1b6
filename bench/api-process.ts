/**
 * The API as its own process for benchmarks: started against the scratch database with a known
 * admin key and no rate limits (the benchmarks measure the API, not the per-key limit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_DB_URL = process.env.CFLINK_DATABASE_URL ?? 'postgresql://cflink:cflink@127.0.0.1:5432/cflink_bench';
const KEY = 'BENCHADMINKEY000';
const SECRET = 'bench-secret-' + 'x'.repeat(32);
export const BENCH_AUTH = 'Basic ' + Buffer.from(`${KEY}:${SECRET}`).toString('base64');

/** With BENCH_CPU_PROF=<dir>, the API writes a V8 CPU profile there when it exits (bench/cpu-profile.ts sums it). */
export function startBenchApi(port: number): ChildProcess {
  // The profile is written at a normal exit, so the SIGTERM that ends the run must exit normally.
  const profile = process.env.BENCH_CPU_PROF
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
        '--import=data:text/javascript,process.on("SIGTERM",()=>process.exit(0))',
      ]
    : [];
  return spawn(process.execPath, [...profile, join(__dirname, '../apps/api/src/main.js')], {
    env: {
      ...process.env,
      CFLINK_DATABASE_URL: BENCH_DB_URL,
      CFLINK_PORT: String(port),
      CFLINK_BOOTSTRAP_API_KEY: KEY,
      CFLINK_BOOTSTRAP_API_SECRET: SECRET,
      CFLINK_LOG_LEVEL: 'warn',
      CFLINK_RATE_LIMIT_PER_SECOND: '0',
      CFLINK_RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Waits until the API answers and its bootstrap key works (written just after it listens). */
export async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) {
        const probe = await fetch(`${base}/org/v2/environments`, { headers: { Authorization: BENCH_AUTH } });
        if (probe.ok) return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('API did not become ready');
}

export async function benchApi<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: BENCH_AUTH, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * User + system CPU a process has used, in ms (Linux /proc, clock ticks of 10 ms). Per request,
 * it compares servers fairly even when other work shares the cores and req/s follow the load.
 */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
