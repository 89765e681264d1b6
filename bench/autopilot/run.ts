/**
 * Autopilot benchmark (issue 10, Measurements). With the API, the scheduler and one worker as
 * their own processes against a scratch database (cflink_bench) and the running Kafka + Flink,
 * Autopilot on windows of seconds (CFLINK_AUTOPILOT_*, as test/engine/autopilot.e2e.ts):
 *
 * 1. Reaction: a statement filtering a 4-partition topic with a costly expression per record runs
 *    at 1 CFU in a pool of max_cfu 4; a child process floods the topic. Time from the flood's
 *    start to the scale-up decision (scaling_state PENDING_SCALE_UP) and to its Flink job running
 *    at the new parallelism.
 * 2. Drain: BENCH_RECORDS records produced up front into a 4-partition topic, read by the same
 *    statement (a) in a pool capped at 1 CFU, so it stays at 1 CFU, and (b) in a pool of max_cfu
 *    4 where Autopilot sizes it. Time from submit to every record in the sink; ratio (b)/(a).
 *
 *   scripts/bench.sh autopilot      (needs the local data plane: infra/engine.sh start)
 *
 * The API's smallest pool is 5 CFUs: the pools are narrowed to 1 and 4 in the database, as the
 * e2e test does. Environment: BENCH_RECORDS (default 200000), BENCH_FLOOD_RECORDS (default
 * 300000), BENCH_PORT the API's port (default 8096).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '#config';
import { kafkaClient } from '#contracts';
import { COSTLY_FILTER, FAST_AUTOPILOT_ENV, floodProcess } from '../flood-process';
import { BENCH_AUTH, BENCH_DB_URL, benchApi, startBenchApi, waitReady } from '../api-process';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const FLOOD_RECORDS = Number(process.env.BENCH_FLOOD_RECORDS ?? 300_000);
const PORT = Number(process.env.BENCH_PORT ?? 8096);
const BASE = `http://127.0.0.1:${PORT}`;
const DRAIN_LIMIT_MS = 150_000;
/** Fast Autopilot, and a scheduler and worker that notice pools and jobs within a second. */
const AUTOPILOT_ENV = {
  CFLINK_SCHEDULER_INTERVAL_MS: '250',
  CFLINK_WORKER_POOL_REFRESH_MS: '250',
  CFLINK_WORKER_WATCH_INTERVAL_MS: '1000',
  ...FAST_AUTOPILOT_ENV,
};

const engine = loadConfig({ ...process.env, CFLINK_DATABASE_URL: BENCH_DB_URL }).engine;
const kafka = kafkaClient(engine, 'cflink-bench-autopilot');
const api = <T>(method: string, path: string, body?: unknown) => benchApi<T>(BASE, method, path, body);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function startApp(app: 'scheduler' | 'worker'): ChildProcess {
  return spawn(process.execPath, [join(__dirname, `../../apps/${app}/src/main.js`)], {
    env: {
      ...process.env,
      ...AUTOPILOT_ENV,
      CFLINK_DATABASE_URL: BENCH_DB_URL,
      CFLINK_LOG_LEVEL: 'warn',
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-bench-autopilot-${process.pid}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Parallelism of the statement's live Flink job (its widest vertex), or undefined while none runs. */
async function parallelismOf(name: string): Promise<number | undefined> {
  const { jobs } = (await (await fetch(`${engine.flinkRestUrl}/jobs/overview`)).json()) as {
    jobs: { jid: string; name: string; state: string }[];
  };
  const job = jobs.find((j) => j.name === name && j.state === 'RUNNING');
  if (!job) return undefined;
  const detail = (await (await fetch(`${engine.flinkRestUrl}/jobs/${job.jid}`)).json()) as {
    vertices: { parallelism: number }[];
  };
  return Math.max(...detail.vertices.map((v) => v.parallelism));
}

/** Milliseconds from `start()` until `count` records are on `topic` (uncommitted included: they land as the job writes). */
async function timeToCount(topic: string, count: number, start: () => Promise<void>): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-${topic}-${Date.now()}`, readUncommitted: true });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let reached: () => void;
  const finished = new Promise<void>((r) => (reached = r));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= count) reached();
    },
  });
  const t0 = Date.now();
  await start();
  const timeout = sleep(DRAIN_LIMIT_MS).then(() => 'timeout' as const);
  const outcome = await Promise.race([finished.then(() => 'done' as const), timeout]);
  await consumer.disconnect();
  if (outcome === 'timeout') throw new Error(`${topic}: ${seen} of ${count} records after ${seconds(DRAIN_LIMIT_MS)}`);
  return Date.now() - t0;
}

async function produce(topic: string, count: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let i = 0; i < count; i += 10_000) {
    const messages = Array.from({ length: Math.min(10_000, count - i) }, (_, k) => ({
      value: JSON.stringify({ id: i + k }),
    }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
}

async function main(): Promise<void> {
  const children = [startBenchApi(PORT), startApp('scheduler'), startApp('worker')];
  const db = new pg.Client({ connectionString: BENCH_DB_URL });
  await db.connect();
  const run = Date.now().toString(36);
  let flood: ReturnType<typeof floodProcess> | undefined;
  try {
    await waitReady(BASE);
    const [{ id: orgId }] = (await api<{ data: { id: string }[] }>('GET', '/org/v2/organizations')).data;
    const env = await api<{ id: string }>('POST', '/org/v2/environments', { display_name: `bench-ap-${run}` });
    const newPool = async (name: string, maxCfu: number) => {
      const pool = await api<{ id: string }>('POST', '/fcpm/v2/compute-pools', {
        spec: {
          display_name: name,
          cloud: engine.cloud,
          region: engine.region,
          max_cfu: 5,
          environment: { id: env.id },
        },
      });
      await db.query('UPDATE compute_pools SET max_cfu = $1 WHERE id = $2', [maxCfu, pool.id]);
      return pool.id;
    };
    const fixedPool = await newPool('fixed', 1);
    const autoPool = await newPool('autopilot', 4);
    const statements = `/sql/v1/organizations/${orgId}/environments/${env.id}/statements`;
    type Statement = { status: { phase: string; detail?: string; scaling_status?: { scaling_state?: string } } };
    const get = (name: string) => api<Statement>('GET', `${statements}/${name}`);
    const submit = (name: string, statement: string, pool: string) =>
      api('POST', statements, { name, spec: { statement, compute_pool_id: pool, properties: {} } });
    const phase = async (name: string, want: string) => {
      for (;;) {
        const s = await get(name);
        if (s.status.phase === want) return;
        if (s.status.phase === 'FAILED') throw new Error(`${name} FAILED: ${s.status.detail}`);
        await sleep(100);
      }
    };
    const remove = async (name: string) => {
      const res = await fetch(`${BASE}${statements}/${name}`, {
        method: 'DELETE',
        headers: { Authorization: BENCH_AUTH },
      });
      if (!res.ok) throw new Error(`DELETE ${name}: ${res.status} ${await res.text()}`);
      // The deleted statement's job should stop; one still running after 30 s is reported and cancelled.
      for (const t0 = Date.now(); (await parallelismOf(name)) !== undefined; await sleep(250)) {
        if (Date.now() - t0 < 30_000) continue;
        console.log(`  (${name}: its Flink job still ran 30 s after the delete; cancelled by the bench)`);
        const { jobs } = (await (await fetch(`${engine.flinkRestUrl}/jobs/overview`)).json()) as {
          jobs: { jid: string; name: string; state: string }[];
        };
        for (const j of jobs.filter((j) => j.name === name && j.state === 'RUNNING'))
          await fetch(`${engine.flinkRestUrl}/jobs/${j.jid}?mode=cancel`, { method: 'PATCH' });
      }
    };
    const cfuOf = async (name: string) =>
      (
        await db.query<{ cfu: number }>('SELECT cfu FROM statements WHERE name = $1 AND environment_id = $2', [
          name,
          env.id,
        ])
      ).rows[0]?.cfu;
    const topic = (table: string) => `lkc-${env.id.replace(/^env-/, '')}.${table}`;

    for (const [table, buckets] of [
      ['flood', 4],
      ['backlog', 4],
      ['sinkflood', 4],
      ['sinkfixed', 4],
      ['sinkauto', 4],
    ] as const) {
      await submit(`t-${table}`, `CREATE TABLE ${table} (id BIGINT) DISTRIBUTED INTO ${buckets} BUCKETS`, fixedPool);
      await phase(`t-${table}`, 'COMPLETED');
    }

    // 1. Reaction to a flood.
    console.log(`1. reaction: flood of ${FLOOD_RECORDS.toLocaleString('en')} records, 4 partitions, pool max_cfu 4`);
    await submit('burst', `INSERT INTO sinkflood SELECT id FROM flood WHERE ${COSTLY_FILTER}`, autoPool);
    await phase('burst', 'RUNNING');
    while ((await parallelismOf('burst')) !== 1) await sleep(250);
    const t0 = Date.now();
    flood = floodProcess(topic('flood'), FLOOD_RECORDS, { ...process.env, CFLINK_DATABASE_URL: BENCH_DB_URL });
    let decidedMs = 0;
    let target = 0;
    let runningMs = 0;
    while (!runningMs) {
      if (Date.now() - t0 > DRAIN_LIMIT_MS) throw new Error('burst did not scale up');
      const s = await get('burst');
      const cfu = await cfuOf('burst');
      if (!decidedMs && s.status.scaling_status?.scaling_state === 'PENDING_SCALE_UP') decidedMs = Date.now() - t0;
      if (cfu !== undefined && cfu > 1) target = cfu;
      if (target && (await parallelismOf('burst')) === target) runningMs = Date.now() - t0;
      else await sleep(200);
    }
    console.log(`  flood start → PENDING_SCALE_UP:        ${decidedMs ? seconds(decidedMs) : 'not seen'}`);
    console.log(`  flood start → parallelism ${target} running:   ${seconds(runningMs)}`);
    console.log(
      `  (window ${AUTOPILOT_ENV.CFLINK_AUTOPILOT_WINDOW_MS} ms, metrics and passes every ${AUTOPILOT_ENV.CFLINK_AUTOPILOT_INTERVAL_MS} ms)`,
    );
    flood.child.kill('SIGTERM');
    await flood.done;
    await remove('burst');

    // 2. Drain of the same backlog, at a fixed 1 CFU and with Autopilot.
    console.log(`\n2. drain: ${RECORDS.toLocaleString('en')} records produced up front, 4 partitions`);
    await produce(topic('backlog'), RECORDS);
    const fixedMs = await timeToCount(topic('sinkfixed'), RECORDS, () =>
      submit('drain-fixed', `INSERT INTO sinkfixed SELECT id FROM backlog WHERE ${COSTLY_FILTER}`, fixedPool).then(
        () => undefined,
      ),
    );
    await remove('drain-fixed');
    console.log(
      `  fixed 1 CFU (pool max_cfu 1):   ${seconds(fixedMs)} (${Math.round(RECORDS / (fixedMs / 1000))} records/s)`,
    );
    let most = 1;
    const watch = setInterval(() => {
      void cfuOf('drain-auto').then(
        (c) => (most = Math.max(most, c ?? 1)),
        () => undefined,
      );
    }, 500);
    const autoMs = await timeToCount(topic('sinkauto'), RECORDS, () =>
      submit('drain-auto', `INSERT INTO sinkauto SELECT id FROM backlog WHERE ${COSTLY_FILTER}`, autoPool).then(
        () => undefined,
      ),
    );
    clearInterval(watch);
    await remove('drain-auto');
    console.log(
      `  Autopilot (pool max_cfu 4):     ${seconds(autoMs)} (${Math.round(RECORDS / (autoMs / 1000))} records/s, up to ${most} CFU)`,
    );
    console.log(`  ratio Autopilot/fixed:          ${(autoMs / fixedMs).toFixed(2)}`);
  } finally {
    flood?.child.kill('SIGTERM');
    await db.end();
    for (const child of children) child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
