/**
 * Metering at scale. Seeds BENCH_STATEMENTS (default 10,000) RUNNING statements over
 * BENCH_POOLS pools (default 500) and feeds them samples the way the scheduler's event consumer
 * stores them (StatementMetricsStore.applyBatch, one sample per statement per tick, against a
 * baseline of one transaction per sample measured in the same run), then runs the metering
 * pass (MeteringPass) and queries the costs API over the result. Prints, per tick:
 *   - ingest: the time to store one tick of samples, against the production sample interval
 *     (CFLINK_METRICS_INTERVAL_MS, 10 s): a ratio above 1 means the consumer falls behind;
 *   - the metering pass: its time per run, against the metering interval;
 * and the costs API's latency over a month with the ledger that produced. Then it gives every
 * statement BENCH_HISTORY_DAYS (default 30) of history as metering's roll-ups hold it (hourly and
 * daily CFU-minutes; the minutes themselves are not seeded: a query of hour or longer buckets on
 * whole hours reads the roll-ups only, and 30 days of minutes would be 432 M rows) and times
 * 30-day Metrics API queries and the costs API over it.
 *
 *   scripts/bench.sh metering
 *
 * Environment: BENCH_STATEMENTS, BENCH_POOLS, BENCH_TICKS (default 6: one minute of samples),
 * BENCH_BASELINE_SAMPLES (default 500: samples stored one transaction each, the baseline),
 * BENCH_HISTORY_DAYS.
 */
import pg from 'pg';
import { loadConfig } from '#config';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { CfuLedger } from '#scheduler/metering/cfu-ledger';
import { MeteringPass } from '#scheduler/metering/metering-pass';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { BENCH_DB_URL, benchApi, startBenchApi, waitReady } from '../api-process';

const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 10_000);
const POOLS = Number(process.env.BENCH_POOLS ?? 500);
const TICKS = Number(process.env.BENCH_TICKS ?? 6);
/** Samples per transaction, as the scheduler's consumer stores them. */
const CHUNK = 500;
const BASELINE_SAMPLES = Number(process.env.BENCH_BASELINE_SAMPLES ?? 500);
const HISTORY_DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 30);
const PORT = Number(process.env.BENCH_PORT ?? 8097);
const HOUR = 3_600_000;
const BASE = `http://127.0.0.1:${PORT}`;

async function seed(db: pg.Client, orgId: string, envId: string): Promise<{ uid: string; pool: string }[]> {
  await db.query(
    `INSERT INTO compute_pools (id, organization_id, environment_id, display_name, cloud, region, max_cfu, updated_at)
     SELECT 'lfcp-bench' || g, $1, $2, 'bench ' || g, 'AWS', 'us-east-1', 50, now() FROM generate_series(1, $3) g`,
    [orgId, envId, POOLS],
  );
  const { rows } = await db.query<{ uid: string; pool: string }>(
    `INSERT INTO statements (uid, organization_id, environment_id, name, statement, compute_pool_id, flink_region,
                             principal, transactional_id_prefix, detail, phase, cfu, dispatched, start_time, updated_at)
     SELECT gen_random_uuid(), $1, $2, 'metering-' || g, 'INSERT INTO t SELECT ' || g, 'lfcp-bench' || (1 + g % $4),
            'aws.us-east-1', 'u-bench', 'cflink-u-bench-metering-' || g || '-', '', 'RUNNING', 1 + g % 3, true, now() - interval '1 hour', now()
     FROM generate_series(1, $3) g
     RETURNING uid, compute_pool_id AS pool`,
    [orgId, envId, STATEMENTS, POOLS],
  );
  return rows;
}

/**
 * HISTORY_DAYS of hourly roll-ups per statement (its CFUs every minute) ending at `end` (a whole
 * hour before the samples' minutes), and their daily roll-ups, added to any day metering wrote.
 */
async function seedHistory(db: pg.Client, orgId: string, end: Date): Promise<number> {
  const start = new Date(end.getTime() - HISTORY_DAYS * 24 * HOUR);
  const { rowCount } = await db.query(
    `INSERT INTO cfu_hours (statement_uid, hour, compute_pool_id, principal, organization_id, environment_id,
                            flink_region, cfu_minutes)
     SELECT s.uid, h, s.compute_pool_id, s.principal, s.organization_id, s.environment_id, s.flink_region, 60 * s.cfu
     FROM statements s, generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') h
     WHERE s.organization_id = $1`,
    [orgId, start, end],
  );
  await db.query(
    `INSERT INTO cfu_days (statement_uid, day, compute_pool_id, principal, organization_id, environment_id,
                           flink_region, cfu_minutes)
     SELECT statement_uid, (hour AT TIME ZONE 'UTC')::date, compute_pool_id, principal, organization_id,
            environment_id, flink_region, sum(cfu_minutes)
     FROM cfu_hours WHERE organization_id = $1 AND hour >= $2 AND hour < $3 GROUP BY 1, 2, 3, 4, 5, 6, 7
     ON CONFLICT (statement_uid, day, compute_pool_id, principal)
     DO UPDATE SET cfu_minutes = cfu_days.cfu_minutes + EXCLUDED.cfu_minutes`,
    [orgId, start, end],
  );
  for (const t of ['cfu_hours', 'cfu_days']) await db.query(`ANALYZE ${t}`);
  return rowCount ?? 0;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, CFLINK_DATABASE_URL: BENCH_DB_URL });
  const child = startBenchApi(PORT);
  const prisma = new PrismaService(config);
  try {
    await waitReady(BASE);
    const api = <T>(method: string, path: string, body?: unknown) => benchApi<T>(BASE, method, path, body);
    const env = await api<{ id: string }>('POST', '/org/v2/environments', { display_name: 'bench-metering' });
    const orgId = (await api<{ data: { id: string }[] }>('GET', '/org/v2/organizations')).data[0].id;
    const db = new pg.Client({ connectionString: BENCH_DB_URL });
    await db.connect();
    const statements = await seed(db, orgId, env.id);
    await db.end();
    console.log(`seeded ${STATEMENTS.toLocaleString('en')} RUNNING statements over ${POOLS} pools`);

    const ledger = new CfuLedger(prisma);
    const store = new StatementMetricsStore(prisma, ledger);
    const pass = new MeteringPass(config, prisma, ledger);
    const interval = config.worker.metricsIntervalMs;
    // Samples stamped one interval apart, starting a few minutes back so the pass has whole minutes.
    const start = Math.floor(Date.now() / 60_000) * 60_000 - ((TICKS + 1) * interval + 120_000);
    const sampleOf = (s: { uid: string; pool: string }, tick: number): MetricSample => ({
      version: 1,
      statementUid: s.uid,
      computePoolId: s.pool,
      at: new Date(start + tick * interval).toISOString(),
      recordsIn: 1000 * (tick + 1),
      recordsOut: 1000 * (tick + 1),
      pendingRecords: 10,
      currentCfu: 1,
      stateSizeBytes: 4096,
    });
    // Baseline, in the same run: one transaction per sample, as the consumer stored them before.
    const few = statements.slice(0, BASELINE_SAMPLES);
    let t0 = performance.now();
    for (const s of few) await store.apply(sampleOf(s, 0));
    const baselineRate = (few.length * 1000) / (performance.now() - t0);
    const ingest: number[] = [];
    for (let tick = 1; tick <= TICKS; tick++) {
      t0 = performance.now();
      for (let i = 0; i < statements.length; i += CHUNK) {
        await store.applyBatch(statements.slice(i, i + CHUNK).map((s) => sampleOf(s, tick)));
      }
      ingest.push(performance.now() - t0);
    }
    const passes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await pass.run(new Date());
      passes.push(performance.now() - t0);
    }
    const month = new Date();
    const first = `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}-01`;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const costs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await api('GET', `/billing/v1/costs?start_date=${first}&end_date=${tomorrow}&page_size=100`);
      costs.push(performance.now() - t0);
    }

    // 30 days of history, ending at the hour before the samples' first minute.
    const end = new Date(Math.floor(start / HOUR) * HOUR);
    const db2 = new pg.Client({ connectionString: BENCH_DB_URL });
    await db2.connect();
    t0 = performance.now();
    const hours = await seedHistory(db2, orgId, end);
    const historyStart = new Date(end.getTime() - HISTORY_DAYS * 24 * HOUR);
    const [{ seeded }] = (
      await db2.query(`SELECT sum(cfu_minutes)::float8 AS seeded FROM cfu_hours WHERE hour >= $1 AND hour < $2`, [
        historyStart,
        end,
      ])
    ).rows as { seeded: number }[];
    await db2.end();
    console.log(
      `seeded ${HISTORY_DAYS} days of roll-ups: ${hours.toLocaleString('en')} statement-hours in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const days = `${historyStart.toISOString()}/${end.toISOString()}`;
    // The same on whole UTC days (as `now-30d|d/now|d` asks), which the daily roll-ups answer.
    const today = new Date(Math.floor(end.getTime() / (24 * HOUR)) * 24 * HOUR);
    const wholeDays = `${new Date(today.getTime() - HISTORY_DAYS * 24 * HOUR).toISOString()}/${today.toISOString()}`;
    const metrics =
      (body: Record<string, unknown>, window = days) =>
      () =>
        api('POST', '/v2/metrics/cloud/query', { intervals: [window], ...body });
    const historyCases: [string, () => Promise<unknown>][] = [
      [
        `metrics: cfu_minutes_consumed, ${HISTORY_DAYS} days on the hour, P1D, by pool (${POOLS} groups; hourly roll-ups)`,
        metrics({
          aggregations: [{ metric: 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed' }],
          granularity: 'P1D',
          group_by: ['resource.compute_pool.id'],
          limit: 1000,
        }),
      ],
      [
        `metrics: statement current_cfus, ${HISTORY_DAYS} days on the hour, ALL, top 10 statements (hourly roll-ups)`,
        metrics({
          aggregations: [{ metric: 'io.confluent.flink/statement_utilization/current_cfus' }],
          granularity: 'ALL',
          group_by: ['resource.flink_statement.uid'],
          order_by: [{ metric: 'io.confluent.flink/statement_utilization/current_cfus' }],
          limit: 10,
        }),
      ],
      [
        `metrics: cfu_minutes_consumed, ${HISTORY_DAYS} whole UTC days, P1D, by pool (daily roll-ups)`,
        metrics(
          {
            aggregations: [{ metric: 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed' }],
            granularity: 'P1D',
            group_by: ['resource.compute_pool.id'],
            limit: 1000,
          },
          wholeDays,
        ),
      ],
      [
        `metrics: statement current_cfus, ${HISTORY_DAYS} whole UTC days, ALL, top 10 statements (daily roll-ups)`,
        metrics(
          {
            aggregations: [{ metric: 'io.confluent.flink/statement_utilization/current_cfus' }],
            granularity: 'ALL',
            group_by: ['resource.flink_statement.uid'],
            order_by: [{ metric: 'io.confluent.flink/statement_utilization/current_cfus' }],
            limit: 10,
          },
          wholeDays,
        ),
      ],
      [
        `metrics: cfu_minutes_consumed, ${HISTORY_DAYS} days, PT1H, one pool`,
        metrics({
          aggregations: [{ metric: 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed' }],
          granularity: 'PT1H',
          filter: { field: 'resource.compute_pool.id', op: 'EQ', value: 'lfcp-bench1' },
        }),
      ],
      [
        `costs API, the ${HISTORY_DAYS} days: first page (10,000 lines of a line per pool and day)`,
        () =>
          api(
            'GET',
            `/billing/v1/costs?start_date=${historyStart.toISOString().slice(0, 10)}&end_date=${tomorrow}&page_size=10000`,
          ),
      ],
    ];
    // The timed answers are the real ones: the first query's groups add up to the seeded history.
    const byPool = (await historyCases[0][1]()) as { data: { value: number }[] };
    const answered = byPool.data.reduce((a, p) => a + p.value, 0);
    if (answered !== seeded) throw new Error(`the ${HISTORY_DAYS}-day query answered ${answered}, seeded ${seeded}`);
    const history: [string, number][] = [];
    for (const [name, run] of historyCases) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await run();
        runs.push(performance.now() - t0);
      }
      history.push([name, median(runs)]);
    }

    const ingestMs = median(ingest);
    const batchRate = (STATEMENTS * 1000) / ingestMs;
    console.log(`\n| measure (${STATEMENTS.toLocaleString('en')} statements, ${POOLS} pools) | value | ratio |`);
    console.log('|---|---:|---:|');
    console.log(
      `| store one tick of samples in chunks of ${CHUNK}, median of ${TICKS} | ${(ingestMs / 1000).toFixed(2)} s | ${(ingestMs / interval).toFixed(2)} of the ${interval / 1000} s sample interval |`,
    );
    console.log(
      `| samples stored per second, chunks vs one transaction each (baseline: ${Math.round(baselineRate)}/s over ${few.length}) | ${Math.round(batchRate).toLocaleString('en')}/s | ${(batchRate / baselineRate).toFixed(1)}× |`,
    );
    console.log(
      `| metering pass, median of 3 | ${median(passes).toFixed(0)} ms | ${(median(passes) / config.metering.intervalMs).toFixed(3)} of the ${config.metering.intervalMs / 1000} s metering interval |`,
    );
    console.log(`| costs API, month to date, median of 5 | ${median(costs).toFixed(0)} ms | |`);
    console.log(
      `\n| over ${HISTORY_DAYS} days of roll-ups for all ${STATEMENTS.toLocaleString('en')} statements | median ms of 3 |`,
    );
    console.log('|---|---:|');
    for (const [name, ms] of history) console.log(`| ${name} | ${ms.toFixed(0)} |`);
  } finally {
    await prisma.$disconnect();
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
