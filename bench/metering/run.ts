/**
 * Metering at scale. Seeds BENCH_STATEMENTS (default 10,000) RUNNING statements over
 * BENCH_POOLS pools (default 500) and feeds them samples the way the scheduler's event consumer
 * stores them (StatementMetricsStore.applyBatch, one sample per statement per tick, against a
 * baseline of one transaction per sample measured in the same run), then runs the metering
 * pass (MeteringPass) and queries the costs API over the result. Prints, per tick:
 *   - ingest: the time to store one tick of samples, against the production sample interval
 *     (CFLINK_METRICS_INTERVAL_MS, 10 s): a ratio above 1 means the consumer falls behind;
 *   - the metering pass: its time per run, against the metering interval;
 * and the costs API's latency over a month with the ledger that produced.
 *
 *   scripts/bench.sh metering
 *
 * Environment: BENCH_STATEMENTS, BENCH_POOLS, BENCH_TICKS (default 6: one minute of samples),
 * BENCH_BASELINE_SAMPLES (default 500: samples stored one transaction each, the baseline).
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
const PORT = Number(process.env.BENCH_PORT ?? 8097);
const BASE = `http://127.0.0.1:${PORT}`;

async function seed(db: pg.Client, orgId: string, envId: string): Promise<{ uid: string; pool: string }[]> {
  await db.query(
    `INSERT INTO compute_pools (id, organization_id, environment_id, display_name, cloud, region, max_cfu, updated_at)
     SELECT 'lfcp-bench' || g, $1, $2, 'bench ' || g, 'AWS', 'us-east-1', 50, now() FROM generate_series(1, $3) g`,
    [orgId, envId, POOLS],
  );
  const { rows } = await db.query<{ uid: string; pool: string }>(
    `INSERT INTO statements (uid, organization_id, environment_id, name, statement, compute_pool_id, flink_region,
                             principal, detail, phase, cfu, dispatched, start_time, updated_at)
     SELECT gen_random_uuid(), $1, $2, 'metering-' || g, 'INSERT INTO t SELECT ' || g, 'lfcp-bench' || (1 + g % $4),
            'aws.us-east-1', 'u-bench', '', 'RUNNING', 1 + g % 3, true, now() - interval '1 hour', now()
     FROM generate_series(1, $3) g
     RETURNING uid, compute_pool_id AS pool`,
    [orgId, envId, STATEMENTS, POOLS],
  );
  return rows;
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
  } finally {
    await prisma.$disconnect();
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
