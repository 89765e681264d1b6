/**
 * Metrics API benchmark. Starts the API against the scratch database (cflink_bench), seeds one
 * organization whose statements ran all of the last 30 days (ledger minutes and hourly roll-ups,
 * as metering writes them) with a week of engine samples (one a minute), and prints the latency
 * of typical queries: 30-day CFU totals and series (hourly roll-ups), a 7-day series at PT30M
 * (minutes), sample counters and gauges, and the Prometheus export.
 *
 *   scripts/bench.sh metrics        (or: node dist/bench/metrics/run.js after scripts/setup.sh cflink_bench)
 *
 * Environment: BENCH_STATEMENTS (default 50), BENCH_REPEAT runs per query, median kept (default 5).
 */
import pg from 'pg';
import { BENCH_AUTH, BENCH_DB_URL, benchApi, startBenchApi, waitReady } from '../api-process';

const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 50);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const PORT = Number(process.env.BENCH_PORT ?? 8098);
const BASE = `http://127.0.0.1:${PORT}`;
const DAY = 86_400_000;

async function seed(db: pg.Client, orgId: string, envId: string, poolId: string, end: Date): Promise<void> {
  const start = new Date(end.getTime() - 30 * DAY);
  const week = new Date(end.getTime() - 7 * DAY);
  await db.query(
    `INSERT INTO statements (uid, organization_id, environment_id, name, statement, compute_pool_id, flink_region,
                             principal, transactional_id_prefix, detail, phase, cfu, updated_at, latest_metrics)
     SELECT gen_random_uuid(), $1, $2, 'metrics-' || g, 'SELECT ' || g, $3, 'aws.us-east-1', 'u-bench',
            'cflink-u-bench-metrics-' || g || '-', '',
            'RUNNING', 1 + g % 3, now(), jsonb_build_object('at', now(), 'pendingRecords', g, 'stateSizeBytes', 1000 * g)
     FROM generate_series(1, $4) g`,
    [orgId, envId, poolId, STATEMENTS],
  );
  await db.query(
    `INSERT INTO cfu_minutes (statement_uid, minute, organization_id, environment_id, compute_pool_id, flink_region, principal, cfu)
     SELECT s.uid, m, $1, $2, $3, 'aws.us-east-1', 'u-bench', s.cfu
     FROM statements s, generate_series($4::timestamptz, $5::timestamptz - interval '1 minute', interval '1 minute') m
     WHERE s.organization_id = $1`,
    [orgId, envId, poolId, start, end],
  );
  await db.query(
    `INSERT INTO cfu_hours (statement_uid, hour, compute_pool_id, principal, organization_id, environment_id, flink_region, cfu_minutes)
     SELECT statement_uid, date_trunc('hour', minute), compute_pool_id, principal, organization_id, environment_id, flink_region, sum(cfu)
     FROM cfu_minutes WHERE organization_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    [orgId],
  );
  await db.query(
    `INSERT INTO statement_metric_samples (statement_uid, compute_pool_id, at, records_in, records_out, pending_records,
                                           current_cfu, state_size_bytes)
     SELECT s.uid, $2, m, 100 * extract(epoch FROM m - $3::timestamptz)::bigint / 60, 0, 10, s.cfu, 1000
     FROM statements s, generate_series($3::timestamptz, $4::timestamptz, interval '1 minute') m
     WHERE s.organization_id = $1`,
    [orgId, poolId, week, end],
  );
  for (const t of ['statements', 'cfu_minutes', 'cfu_hours', 'statement_metric_samples'])
    await db.query(`ANALYZE ${t}`);
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await run();
    runs.push(performance.now() - t0);
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
}

async function main(): Promise<void> {
  const child = startBenchApi(PORT);
  try {
    await waitReady(BASE);
    const api = <T>(method: string, path: string, body?: unknown) => benchApi<T>(BASE, method, path, body);
    const env = await api<{ id: string }>('POST', '/org/v2/environments', { display_name: 'bench-metrics' });
    const orgId = (await api<{ data: { id: string }[] }>('GET', '/org/v2/organizations')).data[0].id;
    const pool = await api<{ id: string }>('POST', '/fcpm/v2/compute-pools', {
      spec: { display_name: 'bench', cloud: 'AWS', region: 'us-east-1', max_cfu: 50, environment: { id: env.id } },
    });
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const db = new pg.Client({ connectionString: BENCH_DB_URL });
    await db.connect();
    const t0 = Date.now();
    await seed(db, orgId, env.id, pool.id, end);
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM cfu_minutes WHERE organization_id = $1`, [orgId]))
      .rows as { n: number }[];
    console.log(`seeded ${STATEMENTS} statements, ${n} ledger minutes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await db.end();

    const month = `${new Date(end.getTime() - 30 * DAY).toISOString()}/P30D`;
    const query =
      (metric: string, granularity: string, interval: string, groupBy: string[] = []) =>
      () =>
        api('POST', '/v2/metrics/cloud/query', {
          aggregations: [{ metric: `io.confluent.flink/${metric}` }],
          granularity,
          group_by: groupBy,
          intervals: [interval],
        });
    const cases: [string, () => Promise<unknown>][] = [
      [
        'cfu_minutes_consumed, 30 days, ALL, by pool (hourly roll-ups)',
        query('compute_pool_utilization/cfu_minutes_consumed', 'ALL', month, ['resource.compute_pool.id']),
      ],
      [
        'statement current_cfus, 30 days, P1D, by statement (roll-ups)',
        query('statement_utilization/current_cfus', 'P1D', month, ['resource.flink_statement.name']),
      ],
      [
        'cfu_minutes_consumed, 7 days, PT30M (minutes; the longest PT30M allows)',
        query('compute_pool_utilization/cfu_minutes_consumed', 'PT30M', 'now-7d|h/now|h'),
      ],
      [
        'num_records_in, 7 days, PT1H, by statement (samples)',
        query('num_records_in', 'PT1H', 'now-7d|h/now|h', ['resource.flink_statement.name']),
      ],
      ['pending_records, 6 hours, PT1M (samples)', query('pending_records', 'PT1M', 'now-6h|m/now|m')],
      [
        'export, every metric',
        () =>
          fetch(`${BASE}/v2/metrics/cloud/export`, { headers: { Authorization: BENCH_AUTH } }).then((r) => r.text()),
      ],
    ];
    console.log(`\n| query (${STATEMENTS} statements) | median ms of ${REPEAT} |`);
    console.log('|---|---:|');
    for (const [name, run] of cases) console.log(`| ${name} | ${(await time(run)).toFixed(1)} |`);
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
