/**
 * Scale benchmark (issue 14, goal 3). Against a scratch database (cflink_bench), with the API and
 * the scheduler as their own processes and no engine workers:
 *
 * 1. Scheduler: 500 compute pools holding 1,000 and then 10,000 RUNNING statements (rows as a
 *    worker leaves them). At each size: the scheduler's CPU and PostgreSQL's busy time per
 *    second while nothing changes (one pass a second), and the time from a statement's create
 *    (its transaction committed when the API answers) to its admission (`dispatched`), median
 *    of BENCH_ADMISSIONS runs. Both should stay flat as the total grows: a pass costs O(changes).
 *    At 10,000: the event consumer under the engine's report load (report-load.ts), every running
 *    statement reporting an event and a metric sample every 10 s for BENCH_REPORT_TICKS ticks.
 * 2. List: the first page (page_size 100) of an environment with 1,000 statements, of one with
 *    1,000,000, and the page after row 900,000 of the large one (keyset page token), at 10
 *    connections. Their p50s should stay close.
 *
 *   scripts/bench.sh scale          (or: node dist/bench/scale/run.js after scripts/setup.sh cflink_bench)
 *
 * Environment: BENCH_PORT the API's port, BENCH_LIST_ROWS the large environment's size
 * (default 1,000,000), BENCH_IDLE_SECONDS per idle measurement (default 20), BENCH_ADMISSIONS
 * (default 7), BENCH_REPORT_TICKS (default 3), BENCH_DURATION seconds per list measurement (default 5).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { encodePageToken } from '#domain';
import { BENCH_AUTH, BENCH_DB_URL, benchApi, processCpuMs, startBenchApi, waitReady } from '../api-process';
import { seedStatements } from '../seed';
import { reportLoad, reportsCaughtUp, type ReportLoad } from './report-load';

const PORT = Number(process.env.BENCH_PORT ?? 8097);
const BASE = `http://127.0.0.1:${PORT}`;
const LIST_ROWS = Number(process.env.BENCH_LIST_ROWS ?? 1_000_000);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const ADMISSIONS = Number(process.env.BENCH_ADMISSIONS ?? 7);
const REPORT_TICKS = Number(process.env.BENCH_REPORT_TICKS ?? 3);
const REPORT_TICK_MS = 10_000;
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const POOLS = 500;
const SCHEDULER_LOG = join(tmpdir(), `cflink-bench-scale-scheduler-${process.pid}.log`);
const EVENTS_GROUP = `cflink-bench-scale-${process.pid}`;
/** An admission slower than this is reported as not admitted, and the size's other runs are skipped. */
const ADMISSION_LIMIT_MS = 90_000;
const api = <T>(method: string, path: string, body?: unknown) => benchApi<T>(BASE, method, path, body);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function startScheduler(): ChildProcess {
  const log = openSync(SCHEDULER_LOG, 'w');
  return spawn(process.execPath, [join(__dirname, '../../apps/scheduler/src/main.js')], {
    env: {
      ...process.env,
      CFLINK_DATABASE_URL: BENCH_DB_URL,
      // info: its broker access passes log what they did and how long each step took.
      CFLINK_LOG_LEVEL: 'info',
      NO_COLOR: '1',
      CFLINK_SCHEDULER_INTERVAL_MS: '1000',
      // Its own consumer group: the bench must not take events from another scheduler.
      CFLINK_EVENTS_CONSUMER_GROUP: EVENTS_GROUP,
      // Metering and notification checks run once a minute or less; an idle second is the pass itself.
      CFLINK_METERING_INTERVAL_MS: '600000',
      CFLINK_NOTIFICATION_CHECK_MS: '600000',
    },
    // Its log goes to a file of its own: under load it would drown the figures.
    stdio: ['ignore', log, log],
  });
}

/** Milliseconds PostgreSQL's backends spent executing statements in this database so far. */
async function pgActiveMs(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ ms: number }>(
    'SELECT active_time AS ms FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0].ms);
}

interface SchedulerRow {
  statements: number;
  cpuPerSecond: number;
  pgPerSecond: number;
  admissionMs: number[];
}

async function idleCost(db: pg.Client, scheduler: ChildProcess): Promise<{ cpu: number; pg: number }> {
  await sleep(3_000); // the pass after a change settles first
  // pg_stat_database is refreshed by backends at transaction end and read from a snapshot.
  await db.query('SELECT pg_stat_clear_snapshot()');
  const [cpu0, pg0, t0] = [processCpuMs(scheduler.pid!), await pgActiveMs(db), Date.now()];
  await sleep(IDLE_SECONDS * 1000);
  await db.query('SELECT pg_stat_clear_snapshot()');
  const seconds = (Date.now() - t0) / 1000;
  return { cpu: (processCpuMs(scheduler.pid!) - cpu0) / seconds, pg: ((await pgActiveMs(db)) - pg0) / seconds };
}

/** Creates a statement through the API and waits until the scheduler has admitted it. */
async function admissionMs(db: pg.Client, stmts: string, poolId: string, n: number): Promise<number | null> {
  const name = `admit-${n}`;
  await api('POST', stmts, { name, spec: { statement: 'SELECT 1', compute_pool_id: poolId } });
  const committed = performance.now();
  for (;;) {
    const { rows } = await db.query<{ dispatched: boolean }>(
      'SELECT dispatched FROM statements WHERE name = $1 AND compute_pool_id = $2',
      [name, poolId],
    );
    if (rows[0]?.dispatched) return performance.now() - committed;
    if (performance.now() - committed > ADMISSION_LIMIT_MS) return null;
    await sleep(2);
  }
}

function admissionText(runs: number[]): string {
  const done = runs.filter(Number.isFinite);
  const missed = runs.length - done.length;
  const missing = missed ? `; ${missed} not admitted within ${ADMISSION_LIMIT_MS / 1000} s` : '';
  if (done.length === 0) return `none admitted within ${ADMISSION_LIMIT_MS / 1000} s`;
  return `${median(done).toFixed(0)} (${Math.min(...done).toFixed(0)}–${Math.max(...done).toFixed(0)}, ${done.length} runs${missing})`;
}

function printReportLoad(statements: number, load: ReportLoad): void {
  console.log(
    `\nEvent consumer: ${statements.toLocaleString('en')} RUNNING statements each reporting an event and a metric sample every ${REPORT_TICK_MS / 1000} s:\n`,
  );
  console.log('| tick | messages | consumer lag when produced | applied after the last message, ms |');
  console.log('|---:|---:|---:|---:|');
  load.ticks.forEach((t, i) =>
    console.log(`| ${i + 1} | ${t.messages} | ${t.lagAtEnd} | ${t.drainMs ?? 'not within a minute'} |`),
  );
  console.log(`\nscheduler CPU under the report load: ${load.cpuPerSecond.toFixed(1)} ms/s`);
}

/** The broker access passes' own account of their steps (the scheduler's log, info level). */
function printBrokerAccessPasses(): void {
  const clean = (line: string) => line.replace(/^.*\[KafkaAccessReconciler\] /, '');
  const passes = readFileSync(SCHEDULER_LOG, 'utf8')
    .split('\n')
    .filter((l) => l.includes('broker access:'))
    .map(clean);
  console.log(`\nBroker access passes that changed or checked the broker (${passes.length}; the last 8):\n`);
  for (const p of passes.slice(-8)) console.log(`- ${p}`);
}

async function measureList(name: string, path: string) {
  const r = await autocannon({
    url: BASE + path,
    connections: 10,
    duration: DURATION,
    headers: { Authorization: BENCH_AUTH },
  });
  return {
    name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors,
  };
}

async function main(): Promise<void> {
  const apiProcess = startBenchApi(PORT);
  let scheduler: ChildProcess | null = null;
  const db = new pg.Client({ connectionString: BENCH_DB_URL });
  try {
    await waitReady(BASE);
    await db.connect();
    const orgId = (await api<{ data: { id: string }[] }>('GET', '/org/v2/organizations')).data[0].id;
    const env = await api<{ id: string }>('POST', '/org/v2/environments', { display_name: 'scale' });
    const principal = (
      await db.query<{ owner_id: string }>(`SELECT owner_id FROM api_keys WHERE id = 'BENCHADMINKEY000'`)
    ).rows[0].owner_id;
    const poolIds = Array.from({ length: POOLS }, (_, i) => `lfcp-scale${i}`);
    await db.query(
      `INSERT INTO compute_pools (id, organization_id, environment_id, display_name, cloud, region, max_cfu, updated_at)
       SELECT id, $1, $2, id, 'AWS', 'us-east-1', 50, now() FROM unnest($3::text[]) id`,
      [orgId, env.id, poolIds],
    );
    const stmts = `/sql/v1/organizations/${orgId}/environments/${env.id}/statements`;

    // 1. The scheduler at 1,000 and at 10,000 running statements.
    const results: SchedulerRow[] = [];
    let seeded = 0;
    for (const total of [1_000, 10_000]) {
      const perPool = (total - seeded) / POOLS;
      for (const poolId of poolIds) {
        await seedStatements(db, { orgId, envId: env.id, poolId }, perPool, {
          prefix: `run-${poolId}-`,
          from: seeded / POOLS + 1,
          running: true,
          principal,
        });
      }
      seeded = total;
      await db.query('ANALYZE statements');
      scheduler ??= startScheduler();
      if (results.length === 0) {
        await admissionMs(db, stmts, poolIds[0], -1); // warm-up: lease, broker access (not counted)
        const seconds = await reportsCaughtUp(EVENTS_GROUP);
        console.log(`the event consumer read the report topics' earlier messages in ${seconds.toFixed(1)} s`);
      }
      const cost = await idleCost(db, scheduler);
      const admissions: number[] = [];
      for (let i = 0; i < ADMISSIONS; i++) {
        const ms = await admissionMs(db, stmts, poolIds[(i * 37) % POOLS], results.length * 100 + i);
        admissions.push(ms ?? Infinity);
        if (ms === null) break;
        await sleep(300);
      }
      results.push({ statements: total, cpuPerSecond: cost.cpu, pgPerSecond: cost.pg, admissionMs: admissions });
    }
    const running = await db.query<{ uid: string; pool: string }>(
      `SELECT uid, compute_pool_id AS pool FROM statements WHERE environment_id = $1 AND phase = 'RUNNING'`,
      [env.id],
    );
    const load = await reportLoad(
      scheduler!,
      EVENTS_GROUP,
      running.rows.map((r) => ({ uid: r.uid, poolId: r.pool })),
      REPORT_TICKS,
      REPORT_TICK_MS,
    );
    scheduler?.kill('SIGTERM');
    scheduler = null;
    console.log(
      `\nScheduler, ${POOLS} compute pools, one pass a second, no engine workers (its log: ${SCHEDULER_LOG}):\n`,
    );
    console.log(
      '| RUNNING statements | scheduler CPU ms/s idle | PostgreSQL busy ms/s idle | create → admitted ms, median (min–max) |',
    );
    console.log('|---:|---:|---:|---:|');
    for (const r of results) {
      console.log(
        `| ${r.statements.toLocaleString('en')} | ${r.cpuPerSecond.toFixed(1)} | ${r.pgPerSecond.toFixed(1)} | ${admissionText(r.admissionMs)} |`,
      );
    }
    const [small, large] = results;
    console.log(
      `\nidle cost ratio 10k/1k: scheduler CPU ${(large.cpuPerSecond / Math.max(small.cpuPerSecond, 0.1)).toFixed(2)}, PostgreSQL ${(large.pgPerSecond / Math.max(small.pgPerSecond, 0.1)).toFixed(2)}`,
    );

    printReportLoad(running.rowCount ?? 0, load);
    printBrokerAccessPasses();

    // 2. List latency from 1k to 1M statements in an environment.
    const envs = await Promise.all(
      ['list-1k', 'list-large'].map((n) => api<{ id: string }>('POST', '/org/v2/environments', { display_name: n })),
    );
    const t0 = Date.now();
    for (const [e, count] of [
      [envs[0], 1_000],
      [envs[1], LIST_ROWS],
    ] as const) {
      for (let from = 1; from <= count; from += 100_000) {
        await seedStatements(db, { orgId, envId: e.id, poolId: poolIds[0] }, Math.min(100_000, count - from + 1), {
          from,
        });
      }
    }
    await db.query('ANALYZE statements');
    console.log(
      `\nseeded ${(1_000 + LIST_ROWS).toLocaleString('en')} statements for the list in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const list = (id: string) => `/sql/v1/organizations/${orgId}/environments/${id}/statements?page_size=100`;
    const deepRow = Math.floor(LIST_ROWS * 0.9);
    const { rows } = await db.query<{ seq: string }>(
      'SELECT seq FROM statements WHERE environment_id = $1 ORDER BY seq OFFSET $2 LIMIT 1',
      [envs[1].id, deepRow - 1],
    );
    // The token the API hands out after row `deepRow` of this list (no filters).
    const token = encodePageToken({ after: BigInt(rows[0].seq) }, `statements:${envs[1].id}:{}`);
    const lists = [
      await measureList('first page, 1,000 statements', list(envs[0].id)),
      await measureList(`first page, ${LIST_ROWS.toLocaleString('en')} statements`, list(envs[1].id)),
      await measureList(
        `page after row ${deepRow.toLocaleString('en')} of ${LIST_ROWS.toLocaleString('en')}`,
        `${list(envs[1].id)}&page_token=${encodeURIComponent(token)}`,
      ),
    ];
    console.log('\nList statements, page_size 100, 10 connections:\n');
    console.log('| page | req/s | p50 ms | p99 ms | non-2xx/errors |');
    console.log('|---|---:|---:|---:|---:|');
    for (const r of lists) console.log(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
    console.log(
      `\nlist p50 ratio, deep page of ${LIST_ROWS.toLocaleString('en')} / first page of 1,000: ${(lists[2].p50 / Math.max(lists[0].p50, 0.001)).toFixed(2)}`,
    );
  } finally {
    scheduler?.kill('SIGTERM');
    apiProcess.kill('SIGTERM');
    await db.end().catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
