/**
 * The chaos suite: a pipeline of known input on an isolated stack of its own (PostgreSQL, Redis,
 * Kafka, Flink and the cflink processes, see infra.ts and processes.ts), then one fault at a
 * time while it runs. After each fault: both statements are RUNNING again (never stuck, never
 * FAILED or UNKNOWN), Flink runs exactly one job per statement, and read_committed consumers see
 * every produced id exactly once in the copy and the exact count and sum per key in the
 * aggregation. Prints fault → recovery time; scripts/chaos.sh runs it and keeps the table
 * under bench/results/.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import { liveJobs, request, serverErrors, statementsApi, call } from './control-plane';
import * as infra from './infra';
import { Pipeline } from './pipeline';
import { crashes, kill9, REGION, startApi, startApp, stopApps, type Proc } from './processes';

const INITIAL = Number(process.env.CFLINK_CHAOS_RECORDS ?? 2000);
const BATCH = 500;
const RECOVERY_TIMEOUT_MS = 240_000;

interface Outcome {
  fault: string;
  recoveredMs: number | null;
  phases: string;
  error?: string;
}

describe('chaos: faults one at a time against a running copy and aggregation', { timeout: 40 * 60_000 }, () => {
  const outcomes: Outcome[] = [];
  const apis: (Proc | null)[] = [null, null];
  let scheduler: Proc;
  const workers: Proc[] = [];
  let redis: Redis;
  let pipeline: Pipeline;
  let sql: ReturnType<typeof statementsApi>;
  let pool: string;
  const copy = 'chaos-copy';
  const agg = 'chaos-agg';

  async function ready(name: string, statement: string, phase: 'COMPLETED' | 'RUNNING'): Promise<void> {
    const r = await sql.create(name, statement, pool);
    assert.ok(r.status < 300, `${name}: ${r.status} ${JSON.stringify(r.body)}`);
    await infra.waitFor(`${name} ${phase}`, async () => {
      const s = await sql.get(name);
      if (s.phase === 'FAILED') throw new Error(`${name} FAILED: ${s.detail}`);
      return s.phase === phase;
    });
  }

  before(async () => {
    await infra.stopAll();
    infra.resetEngineData();
    await Promise.all([infra.startPostgres(), infra.startRedis(), infra.startEngine()]);
    redis = new Redis(infra.REDIS_URL);
    apis[0] = await startApi(infra.PORTS.apis[0]);
    apis[1] = await startApi(infra.PORTS.apis[1]);
    scheduler = startApp('scheduler');
    workers.push(startApp('worker'), startApp('worker'));

    const envReply = await request('POST', '/org/v2/environments', { display_name: 'chaos' });
    assert.equal(envReply.status, 201, JSON.stringify(envReply.body));
    const env = envReply.body.id as string;
    const org = /organization=([^/]+)/.exec((envReply.body.metadata as { resource_name: string }).resource_name)![1];
    const poolReply = await request('POST', '/fcpm/v2/compute-pools', {
      spec: { display_name: 'chaos', cloud: 'AWS', region: REGION, max_cfu: 5, environment: { id: env } },
    });
    assert.ok(poolReply.status < 300, JSON.stringify(poolReply.body));
    pool = poolReply.body.id as string;
    sql = statementsApi(org, env);

    await ready('t-src', 'CREATE TABLE src (id BIGINT, k BIGINT) DISTRIBUTED INTO 2 BUCKETS', 'COMPLETED');
    await ready('t-dst', 'CREATE TABLE dst (id BIGINT, k BIGINT) DISTRIBUTED INTO 2 BUCKETS', 'COMPLETED');
    await ready('t-agg', 'CREATE TABLE agg (k BIGINT, n BIGINT, s BIGINT, PRIMARY KEY (k) NOT ENFORCED)', 'COMPLETED');
    pipeline = new Pipeline(`lkc-${env.replace(/^env-/, '')}`);
    await pipeline.connect();
    await pipeline.produce(INITIAL);
    await ready(copy, 'INSERT INTO dst SELECT id, k FROM src', 'RUNNING');
    await ready(agg, 'INSERT INTO agg SELECT k, COUNT(*), SUM(id) FROM src GROUP BY k', 'RUNNING');
    await infra.waitFor('the initial records through both statements', async () => pipeline.mismatch() === '');
  });

  after(async () => {
    printTable(outcomes);
    await pipeline?.close();
    redis?.disconnect();
    await stopApps();
    await infra.stopAll();
  });

  /**
   * Produces a batch, injects the fault, produces another batch, then waits until everything
   * a user expects holds again. The phases seen on the way are reported.
   */
  async function survive(fault: string, inject: () => Promise<void>): Promise<void> {
    await pipeline.produce(BATCH);
    const errorsBefore = serverErrors.length;
    const seen = new Set<string>();
    const start = Date.now();
    const outcome: Outcome = { fault, recoveredMs: null, phases: '' };
    outcomes.push(outcome);
    try {
      await inject();
      await pipeline.produce(BATCH);
      let last = '';
      const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
      for (;;) {
        last = await recovered(seen).catch((e: Error) => e.message);
        if (last === '') break;
        if (Date.now() > deadline) throw new Error(`not recovered after ${RECOVERY_TIMEOUT_MS / 1000}s: ${last}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      outcome.recoveredMs = Date.now() - start;
      assert.deepEqual(serverErrors.slice(errorsBefore), [], 'no 5xx reached a client');
    } catch (e) {
      outcome.error = (e as Error).message;
      crashes.length = 0; // reported here; the next fault is judged on its own
      throw e;
    } finally {
      outcome.phases = [...seen].join(' ');
    }
  }

  /** '' when both statements run, each as exactly one Flink job, and both outputs are exact. */
  async function recovered(seen: Set<string>): Promise<string> {
    if (crashes.length > 0) throw new Error(`a process crashed: ${crashes.join('; ')}`);
    for (const name of [copy, agg]) {
      const s = await sql.get(name);
      seen.add(`${name.replace('chaos-', '')}:${s.phase}`);
      if (s.phase === 'FAILED' || s.phase === 'UNKNOWN') throw new Error(`${name} is ${s.phase}: ${s.detail}`);
      if (s.phase !== 'RUNNING') return `${name} is ${s.phase}`;
      const jobs = await liveJobs(name);
      if (jobs.length !== 1) return `${name} has ${jobs.length} Flink jobs (${jobs.join(', ')})`;
      if (!jobs[0].endsWith(':RUNNING')) return `${name}'s job is ${jobs[0]}`;
    }
    const mismatch = pipeline.mismatch();
    if (mismatch.includes('more than once')) throw new Error(mismatch);
    return mismatch;
  }

  it('kill -9 of the worker holding the copy', async () => {
    await survive('kill -9 worker (lease holder)', async () => {
      const uid = (await sql.get(copy)).uid;
      const holder = (await redis.get(`cflink:lease:${uid}`)) ?? '';
      const victim = workers.find((w) => holder.includes(`-${w.child.pid}-`)) ?? workers[0];
      await kill9(victim);
      workers.splice(workers.indexOf(victim), 1);
      workers.push(startApp('worker'));
    });
  });

  it('kill -9 of the scheduler', async () => {
    await survive('kill -9 scheduler', async () => {
      await kill9(scheduler);
      scheduler = startApp('scheduler');
    });
  });

  it('kill -9 of an API replica during a write: the retry creates exactly one statement', async () => {
    const name = 't-extra';
    await survive('kill -9 API replica during a write', async () => {
      const body = { name, spec: { statement: 'CREATE TABLE extra (id BIGINT)', compute_pool_id: pool } };
      const first = call(infra.PORTS.apis[0], 'POST', sql.base, body).then(
        (r) => r.status,
        () => 'broken connection',
      );
      await new Promise((r) => setTimeout(r, 15));
      await kill9(apis[0]!);
      const firstOutcome = await first;
      // The client retries on the other replica: created now, or 409 when the first attempt committed.
      const retry = await request('POST', sql.base, body);
      assert.ok(
        retry.status < 300 || retry.status === 409,
        `retry: ${retry.status} ${JSON.stringify(retry.body)} (first: ${firstOutcome})`,
      );
      assert.equal(await sql.named(name), 1, 'exactly one statement of that name');
      // Its supervisor starts it again; clients use the other replica meanwhile.
      apis[0] = startApp('api', { CFLINK_PORT: String(infra.PORTS.apis[0]) });
    });
    const created = await sql.get(name);
    assert.notEqual(created.phase, 'FAILED', created.detail);
  });

  it('Redis FLUSHALL', async () => {
    await survive('Redis FLUSHALL', async () => {
      await infra.flushRedis();
    });
  });

  it('PostgreSQL restart', async () => {
    await survive('PostgreSQL restart', infra.restartPostgres);
  });

  it('Kafka broker restart', async () => {
    await survive('Kafka broker restart', async () => {
      await infra.killEngineProcess('kafka', 'SIGTERM');
      await infra.startEngine();
      // Records keep coming in the seconds after the broker is back, while its partitions
      // regain their leader one by one (a request to both partitions of src then half fails).
      await pipeline.produceWhile(new Promise((r) => setTimeout(r, 5000)));
    });
  });

  it('kill -9 of the TaskManager', async () => {
    await survive('kill -9 TaskManager', async () => {
      await infra.killEngineProcess('taskmanager', 'SIGKILL');
      await infra.startEngine();
    });
  });

  it('kill -9 of the JobManager (no HA): jobs resubmitted from their latest checkpoint', async () => {
    await survive('kill -9 JobManager', async () => {
      await infra.killEngineProcess('jobmanager', 'SIGKILL');
      await infra.startEngine();
    });
    const copyNow = await sql.get(copy);
    assert.match(copyNow.detail, /resubmitted from checkpoint/);
    const exceptions = await request('GET', `${sql.base}/${copy}/exceptions`);
    const names = (exceptions.body.data as { name: string }[]).map((e) => e.name);
    assert.ok(names.includes('JobLost'), `exceptions of ${copy}: ${names.join(', ')}`);
  });

  it('kill -9 of the JobManager and a worker together', async () => {
    await survive('kill -9 JobManager + worker', async () => {
      await Promise.all([infra.killEngineProcess('jobmanager', 'SIGKILL'), kill9(workers[0])]);
      workers.splice(0, 1);
      workers.push(startApp('worker'));
      await infra.startEngine();
    });
  });

  it('no duplicate shows up one checkpoint later', async () => {
    await new Promise((r) => setTimeout(r, 12_000));
    assert.equal(pipeline.mismatch(), '');
    for (const name of [copy, agg]) assert.equal((await liveJobs(name)).length, 1);
  });
});

function printTable(outcomes: Outcome[]): void {
  const rows = outcomes.map(
    (o) =>
      `| ${o.fault} | ${o.recoveredMs === null ? 'NOT RECOVERED' : `${(o.recoveredMs / 1000).toFixed(1)} s`} | ${o.phases} | ${o.error ? o.error.replace(/\|/g, '/').replace(/\n/g, ' ').slice(0, 300) : 'ok'} |`,
  );
  const table = ['| fault | recovery time | phases seen | result |', '| --- | --- | --- | --- |', ...rows].join('\n');
  process.stdout.write(`\n${table}\n\n`);
  if (process.env.CFLINK_CHAOS_TABLE) writeFileSync(process.env.CFLINK_CHAOS_TABLE, `${table}\n`);
}
