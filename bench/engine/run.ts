/**
 * Engine benchmark: what cflink adds on top of submitting the same SQL to Flink directly.
 *
 *   scripts/bench.sh engine     (needs the local data plane: infra/engine.sh start)
 *
 * Starts the API, the scheduler and one worker as their own processes against a scratch
 * database (cflink_bench) and the running Kafka + Flink, then measures in the same run,
 * alternating the paths so drift on a loaded machine hits them alike:
 *   (a) start latency: POST of an INSERT statement until its Flink job is RUNNING, versus a
 *       direct SQL Gateway submission of the same INSERT until its job is RUNNING, once with
 *       the session set up in the measurement (open, create the two tables: what cflink does
 *       per statement; the ratio the goal is stated against) and once in a warm session;
 *   (a2) the same start with deletes of running statements queued ahead of it on the pool;
 *   (a3) stop → STOPPED and resume → RUNNING through the API, versus Flink's own
 *       stop-with-savepoint and a restore from that savepoint through the SQL Gateway;
 *   (b) throughput of a stateless INSERT … SELECT over BENCH_RECORDS pre-produced records:
 *       records/s per CFU through cflink versus the same job submitted raw (ratio reported).
 * Both paths use parallelism 1 (1 CFU) and the same physical topics.
 *
 * Environment: BENCH_STARTS (default 5) start measurements per path, BENCH_STOPS (default 3)
 * stop/resume cycles per path, BENCH_QUEUED_DELETES (default 6) deletes ahead of a start,
 * BENCH_RECORDS (default 200000) records for the throughput run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { loadConfig } from '#config';
import { controlPlaneSasl } from '#contracts';
import { kafkaTableOptions } from '#domain';
import { SqlGatewayClient } from '#engine';
import { BenchFlink, line, stats } from './flink';
import { hopReport, type HopRun } from './hops';
import { stopResume } from './stop-resume';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const STOPS = Number(process.env.BENCH_STOPS ?? 3);
const QUEUED_DELETES = Number(process.env.BENCH_QUEUED_DELETES ?? 6);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const DB_URL = process.env.CFLINK_DATABASE_URL ?? 'postgresql://cflink:cflink@127.0.0.1:5432/cflink_bench';
const PORT = Number(process.env.BENCH_PORT ?? 8098);
const BASE = `http://127.0.0.1:${PORT}`;
const KEY = 'BENCHENGINEKEY00';
const SECRET = 'bench-secret-' + 'y'.repeat(32);
const AUTH = 'Basic ' + Buffer.from(`${KEY}:${SECRET}`).toString('base64');
/** Where the scheduler and the worker append their hop timestamps for this run. */
const HOPS = join(tmpdir(), `cflink-bench-hops-${process.pid}.jsonl`);

const engine = loadConfig({ ...process.env, CFLINK_DATABASE_URL: DB_URL }).engine;
const gateway = new SqlGatewayClient(engine.sqlGatewayUrl);
const kafka = new Kafka({
  clientId: 'cflink-bench',
  brokers: engine.kafkaBrokers,
  sasl: controlPlaneSasl(engine),
  logLevel: logLevel.NOTHING,
});
const saslOptions = Object.entries(kafkaTableOptions(engine.kafkaSasl.username, engine.kafkaSasl.password))
  .map(([k, v]) => `'${k}' = '${v}'`)
  .join(', ');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(BASE + path, {
    method,
    headers: {
      Authorization: AUTH,
      'Content-Type': method === 'PATCH' ? 'application/json-patch+json' : 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function startProcess(app: 'api' | 'scheduler' | 'worker'): ChildProcess {
  return spawn(process.execPath, [join(__dirname, `../../apps/${app}/src/main.js`)], {
    env: {
      ...process.env,
      CFLINK_DATABASE_URL: DB_URL,
      CFLINK_PORT: String(PORT),
      CFLINK_BOOTSTRAP_API_KEY: KEY,
      CFLINK_BOOTSTRAP_API_SECRET: SECRET,
      CFLINK_LOG_LEVEL: 'warn',
      CFLINK_RATE_LIMIT_PER_SECOND: '0',
      CFLINK_RATE_LIMIT_PER_MINUTE: '0',
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-bench-${Date.now()}`,
      CFLINK_HOP_TRACE_FILE: HOPS,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitReady(): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${BASE}/org/v2/environments`, { headers: { Authorization: AUTH } })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('API did not become ready');
}

const flink = new BenchFlink(engine.flinkRestUrl);
const jobRunning = (name: string) => flink.jobRunning(name);
const cancelJob = (jid: string) => flink.cancel(jid);

/** Kafka options of a raw table over a physical topic. */
function rawTable(name: string, topic: string, sink = false): string {
  return `CREATE TABLE \`${name}\` (id BIGINT, label STRING, amount DOUBLE) WITH (
    'connector' = 'kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '${engine.kafkaBrokers.join(',')}',
    'format' = 'json', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'unbounded',
    'properties.isolation.level' = 'read_committed', ${saslOptions}${
      sink
        ? `, 'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'bench-${name}-${Date.now()}'`
        : ''
    })`;
}

async function produce(admin: Admin, topic: string, count: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const batch = 5_000;
  for (let i = 0; i < count; i += batch) {
    const messages = Array.from({ length: Math.min(batch, count - i) }, (_, k) => ({
      value: JSON.stringify({ id: i + k, label: `record-${i + k}`, amount: (i + k) % 100 }),
    }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  void admin;
}

/** Counts records arriving on `topic` (uncommitted included: they land as the job writes) until `count`. */
async function timeToCount(topic: string, count: number, start: () => Promise<void>): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-${topic}-${Date.now()}`, readUncommitted: true });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let first = 0;
  let done: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      if (seen === 0 && batch.messages.length > 0) first = Date.now();
      seen += batch.messages.length;
      if (seen >= count) done();
    },
  });
  const t0 = Date.now();
  await start();
  await finished;
  const elapsed = Date.now() - (first || t0);
  await consumer.disconnect();
  return elapsed;
}

async function main(): Promise<void> {
  const children = ['api', 'scheduler', 'worker'].map((a) => startProcess(a as 'api'));
  const admin = kafka.admin();
  await admin.connect();
  const run = Date.now().toString(36);
  const rawTopics = {
    source: `bench-src-${run}`,
    sinkA: `bench-raw-a-${run}`,
    sinkB: `bench-raw-b-${run}`,
    warm: `bench-raw-w-${run}`,
  };
  const rawJobs: string[] = [];
  try {
    await waitReady();
    const [{ id: orgId }] = (await api<{ data: { id: string }[] }>('GET', '/org/v2/organizations')).data;
    const env = await api<{ id: string }>('POST', '/org/v2/environments', { display_name: `bench-${run}` });
    const pool = await api<{ id: string }>('POST', '/fcpm/v2/compute-pools', {
      spec: {
        display_name: 'bench',
        cloud: engine.cloud,
        region: engine.region,
        max_cfu: 50,
        environment: { id: env.id },
      },
    });
    const statements = `/sql/v1/organizations/${orgId}/environments/${env.id}/statements`;
    const submit = async (name: string, statement: string) =>
      api<{ metadata: { uid: string } }>('POST', statements, {
        name,
        spec: { statement, compute_pool_id: pool.id, properties: {} },
      });
    const phase = async (name: string, want: string) => {
      for (;;) {
        const s = await api<{ status: { phase: string; detail?: string } }>('GET', `${statements}/${name}`);
        if (s.status.phase === want) return;
        if (s.status.phase === 'FAILED') throw new Error(`${name} FAILED: ${s.status.detail}`);
        await sleep(25);
      }
    };

    // Tables through cflink: the catalog provisions their topics (`<cluster>.<table>`).
    await submit('src', 'CREATE TABLE src (id BIGINT, label STRING, amount DOUBLE) DISTRIBUTED INTO 1 BUCKETS');
    await submit('snk', 'CREATE TABLE snk (id BIGINT, label STRING, amount DOUBLE) DISTRIBUTED INTO 1 BUCKETS');
    await phase('src', 'COMPLETED');
    await submit('snkw', 'CREATE TABLE snkw (id BIGINT, label STRING, amount DOUBLE) DISTRIBUTED INTO 1 BUCKETS');
    await phase('snk', 'COMPLETED');
    await phase('snkw', 'COMPLETED');
    const cluster = `lkc-${env.id.replace(/^env-/, '')}`;
    const cflinkSource = `${cluster}.src`;
    const cflinkSink = `${cluster}.snk`;

    await admin.createTopics({
      topics: Object.values(rawTopics).map((topic) => ({ topic, numPartitions: 1 })),
      waitForLeaders: true,
    });

    // (a) start latency, alternating the paths so drift hits them alike.
    const viaCflink: number[] = [];
    const viaGateway: number[] = [];
    const viaWarmGateway: number[] = [];
    const session = await gateway.openSession({}, 'bench-raw');
    await gateway.run(session, rawTable('rsrc', rawTopics.source));
    await gateway.run(session, rawTable('rsnk', rawTopics.sinkA, true));
    const rawInsert = 'INSERT INTO rsnk SELECT id, label, amount FROM rsrc';
    const rawConfig = (name: string, extra: Record<string, string> = {}) => ({
      'pipeline.name': name,
      'parallelism.default': '1',
      ...extra,
    });
    /** A direct submission as a client without cflink makes it: its own session with the two tables. */
    const coldGatewayStart = async (name: string) => {
      const s = await gateway.openSession({}, name);
      await gateway.configure(s, rawTable('rsrc', rawTopics.source));
      await gateway.configure(s, rawTable('rsnk', rawTopics.sinkA, true));
      await gateway.run(s, rawInsert, rawConfig(name));
      await gateway.closeSession(s);
    };
    const startHops: HopRun[] = [];
    for (let i = 0; i < STARTS; i++) {
      const name = `start-${i}`;
      let t0 = Date.now();
      const { uid } = (await submit(name, 'INSERT INTO snk SELECT id, label, amount FROM src')).metadata;
      const posted = Date.now();
      await jobRunning(name);
      const running = Date.now();
      viaCflink.push(running - t0);
      // Not measured: the phase, so the hops after the job's start (event published, applied) show too.
      await phase(name, 'RUNNING');
      startHops.push({ uid, t0, seen: { posted, 'job RUNNING': running, 'phase RUNNING': Date.now() } });
      await api('DELETE', `${statements}/${name}`);

      t0 = Date.now();
      await coldGatewayStart(`raw-cold-${i}`);
      const coldJid = await jobRunning(`raw-cold-${i}`);
      viaGateway.push(Date.now() - t0);
      await cancelJob(coldJid);

      t0 = Date.now();
      await gateway.run(session, rawInsert, rawConfig(`raw-start-${i}`));
      const rawJid = await jobRunning(`raw-start-${i}`);
      viaWarmGateway.push(Date.now() - t0);
      await cancelJob(rawJid);
    }
    console.log(`\n(a) submit → Flink job RUNNING, ${STARTS} runs each, parallelism 1`);
    console.log(line('cflink POST:', viaCflink));
    console.log(line('direct, session set up per run:', viaGateway));
    console.log(line('direct, warm session:', viaWarmGateway));
    console.log(
      `  ratio cflink/direct:               ${(stats(viaCflink).median / stats(viaGateway).median).toFixed(2)}`,
    );
    console.log(
      `  ratio cflink/direct (warm):        ${(stats(viaCflink).median / stats(viaWarmGateway).median).toFixed(2)}`,
    );
    console.log(hopReport(HOPS, 'cflink POST', startHops));

    // (a2) a start behind deletes: each delete is its own command and costs only its own job's cancel.
    const behindDeletes: number[] = [];
    for (let round = 0; round < 3; round++) {
      const names = Array.from({ length: QUEUED_DELETES }, (_, k) => `queued-${round}-${k}`);
      for (const n of names) await submit(n, 'INSERT INTO snk SELECT id, label, amount FROM src');
      for (const n of names) await phase(n, 'RUNNING');
      for (const n of names) await api('DELETE', `${statements}/${n}`);
      const name = `behind-${round}`;
      const t0 = Date.now();
      await submit(name, 'INSERT INTO snk SELECT id, label, amount FROM src');
      await jobRunning(name);
      behindDeletes.push(Date.now() - t0);
      await api('DELETE', `${statements}/${name}`);
    }
    console.log(`\n(a2) submit → Flink job RUNNING with ${QUEUED_DELETES} deletes of running statements queued ahead`);
    console.log(line('cflink POST:', behindDeletes));

    // (a3) stop → STOPPED and resume → RUNNING, against Flink's stop-with-savepoint and restore.
    const lifecycle = await stopResume(
      STOPS,
      HOPS,
      flink,
      {
        submit,
        phase,
        setStopped: (name, stopped) =>
          api('PATCH', `${statements}/${name}`, [{ op: 'replace', path: '/spec/stopped', value: stopped }]),
      },
      {
        start: async (name, savepoint) => {
          const extra: Record<string, string> = savepoint ? { 'execution.state-recovery.path': savepoint } : {};
          await gateway.run(session, rawInsert, rawConfig(name, extra));
          return jobRunning(name);
        },
      },
    );
    await api('DELETE', `${statements}/${lifecycle}`);

    // (b) throughput of a stateless INSERT over the same records, 1 CFU each.
    console.log(`\n(b) stateless INSERT … SELECT over ${RECORDS.toLocaleString('en')} records, 1 CFU`);
    await produce(admin, cflinkSource, RECORDS);
    await produce(admin, rawTopics.source, RECORDS);
    // A first raw run warms the TaskManager's JIT, so neither measured run pays for it …
    await gateway.run(session, rawTable('rwarm', rawTopics.warm, true));
    await timeToCount(rawTopics.warm, RECORDS, async () => {
      await gateway.run(session, 'INSERT INTO rwarm SELECT id, label, amount FROM rsrc', {
        'pipeline.name': 'raw-warmup',
        'parallelism.default': '1',
      });
      rawJobs.push(await jobRunning('raw-warmup'));
    });
    await cancelJob(rawJobs.pop()!);
    // And a first cflink run, whose connector (the error-handling wrapper) and $rowtime watermark
    // are code the raw job never runs: warming only the raw path would favour it.
    await timeToCount(`${cluster}.snkw`, RECORDS, async () => {
      await submit('warmup', 'INSERT INTO snkw SELECT id, label, amount FROM src');
    });
    await api('DELETE', `${statements}/warmup`);
    const cflinkMs = await timeToCount(cflinkSink, RECORDS, async () => {
      await submit('throughput', 'INSERT INTO snk SELECT id, label, amount FROM src');
    });
    await api('DELETE', `${statements}/throughput`);
    await gateway.run(session, rawTable('rsnk2', rawTopics.sinkB, true));
    const rawMs = await timeToCount(rawTopics.sinkB, RECORDS, async () => {
      await gateway.run(session, 'INSERT INTO rsnk2 SELECT id, label, amount FROM rsrc', {
        'pipeline.name': 'raw-throughput',
        'parallelism.default': '1',
      });
      rawJobs.push(await jobRunning('raw-throughput'));
    });
    const cflinkRate = RECORDS / (cflinkMs / 1000);
    const rawRate = RECORDS / (rawMs / 1000);
    console.log(`  cflink:  ${Math.round(cflinkRate).toLocaleString('en')} records/s per CFU`);
    console.log(`  raw:     ${Math.round(rawRate).toLocaleString('en')} records/s per CFU`);
    console.log(`  ratio cflink/raw: ${(cflinkRate / rawRate).toFixed(2)}`);
    await gateway.closeSession(session).catch(() => undefined);
  } finally {
    for (const jid of rawJobs) await cancelJob(jid).catch(() => undefined);
    await admin.deleteTopics({ topics: Object.values(rawTopics) }).catch(() => undefined);
    await admin.disconnect();
    for (const child of children) child.kill('SIGTERM');
    console.error(`hop traces of this run: ${HOPS}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
