/**
 * API load benchmark. Starts the API as its own process against a scratch database
 * (cflink_bench), and the floor (bench/api/floor.ts: bare node:http + pg doing the same work) as
 * another, seeds one environment with 1,000 statements and one with 100,000, and prints req/s
 * and latency percentiles for get / list / create at several concurrencies for both, measured
 * alternately in the same run, with cflink/floor ratios, and each server's CPU per request (whose
 * floor/cflink ratio holds even when other work shares the cores and req/s follow the load);
 * plus list latency in the small versus the large environment (keyset pagination should keep
 * their ratio near 1).
 *
 *   scripts/bench.sh api            (or: node dist/bench/api/run.js after scripts/setup.sh cflink_bench)
 *
 * Environment: BENCH_DURATION seconds per measurement (default 5), BENCH_CONNECTIONS
 * comma-separated concurrencies (default 10,50), BENCH_PORT the API's port (the
 * floor's is the next one), BENCH_CPU_PROF a directory for the API's CPU profile (see
 * bench/cpu-profile.ts), BENCH_OPERATIONS comma-separated operation names to measure (default all:
 * get, list10, list100, create; list latency across environment sizes is measured with list100),
 * BENCH_ROUNDS alternations of cflink and the floor per measurement (default 1; with more, each
 * figure is its median over the rounds).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { seedStatements } from '../seed';
import { BENCH_AUTH, BENCH_DB_URL, benchApi, processCpuMs, startBenchApi, waitReady } from '../api-process';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const OPERATIONS = (process.env.BENCH_OPERATIONS ?? 'get,list10,list100,create').split(',');
const PORT = Number(process.env.BENCH_PORT ?? 8099);
const BASE = `http://127.0.0.1:${PORT}`;
const FLOOR = `http://127.0.0.1:${PORT + 1}`;
const DB_URL = BENCH_DB_URL;
const AUTH = BENCH_AUTH;
const api = <T>(method: string, path: string, body?: unknown) => benchApi<T>(BASE, method, path, body);

interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's CPU per request, in µs. */
  cpuUs: number;
}

async function measure(
  name: string,
  connections: number,
  path: string,
  opts: Partial<autocannon.Options> = {},
  base = BASE,
): Promise<Row> {
  const pid = servers.get(base)!;
  const cpu0 = processCpuMs(pid);
  const result = await autocannon({
    url: base + path,
    connections,
    duration: DURATION,
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    ...opts,
  } as autocannon.Options);
  return {
    name,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    cpuUs: Math.round((1000 * (processCpuMs(pid) - cpu0)) / Math.max(result.requests.total, 1)),
  };
}

/** Each figure's median over the rounds (a burst of other work on the machine moves one round). */
function median(rows: Row[]): Row {
  const mid = (pick: (r: Row) => number) => rows.map(pick).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  return {
    ...rows[0],
    rps: mid((r) => r.rps),
    p50: mid((r) => r.p50),
    p99: mid((r) => r.p99),
    errors: rows.reduce((sum, r) => sum + r.errors, 0),
    cpuUs: mid((r) => r.cpuUs),
  };
}

/** Issue 14's goals: reads at ≥ 0.6× the floor (p99 ≤ 50 ms at 10 connections), create at ≥ 0.4×. */
function goal(row: Row, ratio: number): string {
  const create = row.name.startsWith('create');
  const wants = [`ratio ≥ ${create ? 0.4 : 0.6}`];
  let met = ratio >= (create ? 0.4 : 0.6);
  if (!create && row.connections === 10) {
    wants.push('p99 ≤ 50 ms');
    met &&= row.p99 <= 50;
  }
  return `${wants.join(', ')}: ${met ? 'met' : 'NOT met'}`;
}

function printPairs(pairs: { cflink: Row; floor: Row }[]): void {
  console.log(
    '\n| operation | connections | cflink req/s | floor req/s | ratio | cflink p50/p99 ms | floor p50/p99 ms | non-2xx/errors | goal | CPU µs/req cflink/floor (ratio) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const { cflink: a, floor: b } of pairs) {
    const ratio = a.rps / Math.max(b.rps, 1);
    console.log(
      `| ${a.name} | ${a.connections} | ${a.rps} | ${b.rps} | **${ratio.toFixed(2)}** | ${a.p50}/${a.p99} | ${b.p50}/${b.p99} | ${a.errors}/${b.errors} | ${goal(a, ratio)} | ${a.cpuUs}/${b.cpuUs} (${(b.cpuUs / Math.max(a.cpuUs, 1)).toFixed(2)}) |`,
    );
  }
}

function print(rows: Row[]): void {
  console.log('\n| operation | connections | req/s | p50 ms | p99 ms | non-2xx/errors |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
}

/** Each server's process id by its base URL (for its CPU per request). */
const servers = new Map<string, number>();

async function main(): Promise<void> {
  const child = startBenchApi(PORT);
  const floor = spawn(process.execPath, [join(__dirname, 'floor.js'), String(PORT + 1), BASE], {
    env: { ...process.env, CFLINK_DATABASE_URL: DB_URL },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  servers.set(BASE, child.pid!).set(FLOOR, floor.pid!);
  try {
    await waitReady(BASE);
    const db = new pg.Client({ connectionString: DB_URL });
    await db.connect();
    const [small, large] = await Promise.all(
      ['bench-1k', 'bench-100k'].map((n) => api<{ id: string }>('POST', '/org/v2/environments', { display_name: n })),
    );
    const orgId = (await api<{ data: { id: string }[] }>('GET', '/org/v2/organizations')).data[0].id;
    const pools = await Promise.all(
      [small, large].map((env) =>
        api<{ id: string }>('POST', '/fcpm/v2/compute-pools', {
          spec: { display_name: 'bench', cloud: 'AWS', region: 'us-east-1', max_cfu: 50, environment: { id: env.id } },
        }),
      ),
    );
    const t0 = Date.now();
    await seedStatements(db, { orgId, envId: small.id, poolId: pools[0].id }, 1_000);
    await seedStatements(db, { orgId, envId: large.id, poolId: pools[1].id }, 100_000);
    await db.query('ANALYZE statements');
    console.log(`seeded 101,000 statements in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await db.end();

    const stmts = (env: string) => `/sql/v1/organizations/${orgId}/environments/${env}/statements`;
    // A token deep into the large environment: the page after row 90,000.
    let deep = `${stmts(large.id)}?page_size=100`;
    for (let i = 0; i < 3; i++) {
      const page = await api<{ metadata: { next: string } }>('GET', deep.replace(BASE, ''));
      deep = page.metadata.next;
    }

    // The floor must write what cflink writes (the same fields and values), or the ratio would
    // measure a smaller response rather than the framework.
    for (const path of [`${stmts(large.id)}/seed-50000`, `${stmts(large.id)}?page_size=100`]) {
      const [ours, floors] = await Promise.all([api<object>('GET', path), benchApi<object>(FLOOR, 'GET', path)]);
      const body = (page: object) => ('data' in page ? page.data : page);
      if (!isDeepStrictEqual(body(ours), body(floors)))
        throw new Error(`the floor's answer to ${path} differs from cflink's`);
    }

    const createBody = {
      method: 'POST' as const,
      requests: [
        {
          setupRequest: (req: autocannon.Request) => ({
            ...req,
            body: JSON.stringify({
              name: `b-${randomUUID()}`,
              spec: { statement: 'SELECT 1', compute_pool_id: pools[0].id },
            }),
          }),
        },
      ],
    };
    const operations = (
      [
        ['get', 'GET statement', `${stmts(large.id)}/seed-50000`, {}],
        ['list10', 'list statements (page_size 10)', stmts(large.id), {}],
        ['list100', 'list statements (page_size 100)', `${stmts(large.id)}?page_size=100`, {}],
        ['create', 'create statement', stmts(small.id), createBody],
      ] as [string, string, string, Partial<autocannon.Options>][]
    )
      .filter(([key]) => OPERATIONS.includes(key))
      .map(([, ...operation]) => operation);
    // Both servers warm up first (JIT, pool connections, prepared statements): the first
    // measurement would otherwise pay for it.
    for (const [name, path, opts] of operations) {
      await measure(name, 10, path, { ...opts, duration: 2 });
      await measure(name, 10, path, { ...opts, duration: 2 }, FLOOR);
    }
    // cflink and the floor alternate per measurement, so both see the same machine load.
    const pairs: { cflink: Row; floor: Row }[] = [];
    for (const c of CONNECTIONS) {
      for (const [name, path, opts] of operations) {
        const rounds: { cflink: Row; floor: Row }[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          const cflink = await measure(name, c, path, opts);
          rounds.push({ cflink, floor: await measure(name, c, path, opts, FLOOR) });
        }
        pairs.push({ cflink: median(rounds.map((r) => r.cflink)), floor: median(rounds.map((r) => r.floor)) });
      }
    }
    printPairs(pairs);

    if (!OPERATIONS.includes('list100')) return;
    // Same run, same process: list latency at 1k vs 100k rows.
    const flat: Row[] = [
      await measure('list, env with 1k statements', 10, `${stmts(small.id)}?page_size=100`),
      await measure('list, env with 100k statements', 10, `${stmts(large.id)}?page_size=100`),
      await measure('list, env with 100k statements, page 4', 10, deep.replace(BASE, '')),
    ];
    print(flat);
    const ratio = flat[1].p50 / Math.max(flat[0].p50, 0.001);
    console.log(
      `\nlist p50 ratio 100k/1k: ${ratio.toFixed(2)} (req/s ratio ${(flat[1].rps / flat[0].rps).toFixed(2)})`,
    );
  } finally {
    floor.kill('SIGTERM');
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
