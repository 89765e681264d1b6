/**
 * Metering on the real stack: two statements run on Flink, each on a pool of its own, for a few
 * minutes while the scheduler is killed and restarted and the engine worker holding one of them
 * is killed (SIGKILL) in the middle of a minute. Their worker's samples reach the ledger through
 * Kafka; afterwards each statement has exactly one ledger minute per minute it ran (none lost
 * around the kills, none counted twice, within the one bucket its start may fall in), and the
 * costs API, the billing report and the Metrics API serve exactly those CFU-minutes. Replaying
 * every sample changes nothing; a principal without BillingAdmin or MetricsViewer gets 403.
 *
 * The scheduler and the workers run as child processes (`node dist/apps/…/main.js`) so they can
 * be killed; the API runs in-process. Minutes are real minutes: the test takes three to five.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import type { CflinkClient, Schemas } from '#client';
import type { MetricSample } from '#contracts';
import { PrismaService } from '#db';
import { DAY_MS, dayOf, minuteOf, MINUTE_MS } from '#domain';
import { CfuLedger } from '#scheduler/metering/cfu-ledger';
import { StatementMetricsStore } from '#scheduler/metrics/statement-metrics-store';
import { bind, createEnvironment, failure, keyFor, ok, startApi, unique, type TestApi } from '../e2e/harness';
import { enginePool, statementsOf, until } from './engine-stack';

const REGION = 'ap-metering-3';
const REGIONS = `AWS:us-east-1,AWS:${REGION}`;
const DIST = join(__dirname, '../../apps');

describe('metering on Flink: two pools, a scheduler restart and a killed worker', () => {
  const group = `cflink-metering-${randomUUID().slice(0, 8)}`;
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  let redis: Redis;
  const children: ChildProcess[] = [];
  let scheduler: ChildProcess;
  const workers: ChildProcess[] = [];
  let envId: string | undefined;

  const child = (app: 'scheduler' | 'worker', env: Record<string, string>) => {
    const p = spawn(process.execPath, [join(DIST, app, 'src/main.js')], {
      env: {
        ...process.env,
        CFLINK_REGIONS: REGIONS,
        CFLINK_ENGINE_REGION: `AWS:${REGION}`,
        CFLINK_EVENTS_CONSUMER_GROUP: group,
        CFLINK_LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(p);
    return p;
  };
  // Metering passes every 2 s (CFLINK_METERING_INTERVAL_MS) so the test need not wait 15 s for one.
  const startScheduler = () =>
    child('scheduler', {
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
      CFLINK_METERING_INTERVAL_MS: '2000',
      CFLINK_RECONCILE_INTERVAL_MS: '1000',
      CFLINK_RECONCILE_SETTLE_MS: '3000',
    });
  const startWorker = () => {
    const w = child('worker', {
      CFLINK_WORKER_POOL_REFRESH_MS: '250',
      CFLINK_WORKER_WATCH_INTERVAL_MS: '1000',
      CFLINK_WORKER_LEASE_TTL_MS: '4000',
      CFLINK_METRICS_INTERVAL_MS: '5000',
    });
    workers.push(w);
    return w;
  };
  const kill = async (p: ChildProcess) => {
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  /** Waits until `from` to `to` seconds into a minute, so a kill lands mid-minute. */
  const midMinute = async (from = 15, to = 40) => {
    for (;;) {
      const s = new Date().getUTCSeconds();
      if (s >= from && s <= to) return new Date();
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  const prisma = () => api.app.get(PrismaService);
  const ledgerOf = async (uid: string) =>
    (await prisma().cfuMinute.findMany({ where: { statementUid: uid }, orderBy: { minute: 'asc' } })).map((m) => ({
      minute: m.minute.getTime(),
      cfu: m.cfu,
      filled: m.filled,
    }));
  const total = (rows: { cfu: number }[]) => rows.reduce((a, r) => a + r.cfu, 0);
  /** A minute of `uid` sampled by its worker at or after `at`'s minute + `after` minutes. */
  const sampledFrom = (uid: string, at: Date, after: number) =>
    until(
      `a sampled minute of ${uid} ${after} minute(s) after ${at.toISOString()}`,
      async () => {
        const n = await prisma().cfuMinute.count({
          where: {
            statementUid: uid,
            filled: false,
            minute: { gte: new Date(minuteOf(at).getTime() + after * MINUTE_MS) },
          },
        });
        return n > 0 ? true : undefined;
      },
      200_000,
    );

  before(async () => {
    redis = new Redis(process.env.CFLINK_REDIS_URL ?? 'redis://127.0.0.1:6379');
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    org = api.admin.organizationId;
    scheduler = startScheduler();
    startWorker();
    startWorker();
  });

  after(async () => {
    // A run that failed half-way leaves no job behind on the shared cluster.
    if (envId) {
      for (const name of ['meter-a', 'meter-b'])
        await statementsOf(c, org, envId)
          .remove(name)
          .catch(() => undefined);
    }
    for (const p of children) if (p.exitCode === null && p.signalCode === null) await kill(p);
    await api?.close();
    redis?.disconnect();
  });

  it('bills each minute that ran once, and the costs, report and metrics agree', { timeout: 600_000 }, async () => {
    const env = await createEnvironment(c);
    envId = env.id;
    const pools = [await enginePool(c, env.id, REGION), await enginePool(c, env.id, REGION)];
    const st = statementsOf(c, org, env.id);
    await st.submit('sink', 'CREATE TABLE big_orders (order_id STRING, price DOUBLE)', pools[0].id);
    await st.phaseOf('sink', 'COMPLETED');
    const names = ['meter-a', 'meter-b'];
    const uids: string[] = [];
    for (const [i, name] of names.entries()) {
      const created = await st.submit(
        name,
        `INSERT INTO big_orders SELECT order_id, price FROM examples.marketplace.orders WHERE price > ${10 * (i + 1)}`,
        pools[i].id,
      );
      uids.push(created.metadata.uid!);
    }
    for (const name of names) await st.phaseOf(name, 'RUNNING');
    const cfus: number[] = [];
    for (const uid of uids) cfus.push((await prisma().statement.findUniqueOrThrow({ where: { uid } })).cfu);
    assert.ok(
      cfus.every((n) => n >= 1),
      `running CFUs ${cfus}`,
    );
    for (const uid of uids) await sampledFrom(uid, new Date(), 0);

    // The scheduler dies mid-minute and comes back; the minutes it missed are caught up.
    const schedulerKilledAt = await midMinute();
    await kill(scheduler);
    await new Promise((r) => setTimeout(r, 5000));
    scheduler = startScheduler();
    for (const uid of uids) await sampledFrom(uid, schedulerKilledAt, 1);

    // The worker holding meter-a dies mid-minute; the other one adopts its statements.
    const holder = await until(
      'a worker to hold meter-a',
      async () => (await redis.get(`cflink:lease:${uids[0]}`)) ?? undefined,
    );
    const victim = workers.find((w) => holder.includes(`-${w.pid}-`));
    assert.ok(victim, `lease holder ${holder} is one of the workers`);
    const workerKilledAt = await midMinute();
    await kill(victim);
    await until('another worker to adopt meter-a', async () => {
      const h = await redis.get(`cflink:lease:${uids[0]}`);
      return h && h !== holder ? true : undefined;
    });
    for (const uid of uids) await sampledFrom(uid, workerKilledAt, 1);

    const ended: number[] = [];
    for (const name of names) {
      const read = await st.get(name);
      const put = await c.PUT(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}',
        {
          params: { path: { organization_id: org, environment_id: env.id, statement_name: name } },
          body: { ...read, spec: { ...read.spec, stopped: true } },
        },
      );
      assert.equal(put.response.status, 202);
    }
    for (const name of names)
      ended.push(minuteOf(new Date((await st.phaseOf(name, 'STOPPED')).status.end_time!)).getTime());

    // Metering settles: every minute through the end minute is in the ledger and rolled up.
    const settled = async () => {
      for (const [i, uid] of uids.entries()) {
        const rows = await ledgerOf(uid);
        if (rows.at(-1)?.minute !== ended[i]) return undefined;
      }
      return (await prisma().cfuDirtyHour.count({ where: { statementUid: { in: uids } } })) === 0 ? true : undefined;
    };
    await until('the ledger to reach the end minutes, rolled up', settled, 60_000);

    const billed: number[] = [];
    const ledgers: { minute: number; cfu: number; filled: boolean }[][] = [];
    for (const [i, uid] of uids.entries()) {
      const rows = await ledgerOf(uid);
      ledgers.push(rows);
      const start = minuteOf((await prisma().statement.findUniqueOrThrow({ where: { uid } })).startTime!).getTime();
      const span = (ended[i] - start) / MINUTE_MS + 1;
      // Its start minute may have had no sample (nor a pass seeing it run); every later minute is there once.
      assert.ok(rows[0].minute === start || rows[0].minute === start + MINUTE_MS, `${names[i]} starts at its start`);
      assert.ok(
        rows.every((r, k) => k === 0 || r.minute - rows[k - 1].minute === MINUTE_MS),
        `${names[i]}: no minute lost or doubled: ${rows.map((r) => new Date(r.minute).toISOString().slice(11, 16))}`,
      );
      assert.ok(rows.length === span || rows.length === span - 1, `${rows.length} minutes for a run spanning ${span}`);
      for (const killed of [schedulerKilledAt, workerKilledAt]) {
        assert.ok(
          rows.some((r) => r.minute === minuteOf(killed).getTime()),
          `${names[i]} billed the minute of a kill`,
        );
      }
      assert.deepEqual(new Set(rows.map((r) => r.cfu)), new Set([cfus[i]]), 'each minute at the CFUs it ran with');
      assert.ok(rows.length >= 3, `${names[i]} ran ${rows.length} minutes`);
      billed.push(total(rows));
    }

    // The costs API: each pool's lines are its statement's CFU-minutes, in CFU-hours.
    const first = Math.min(...ledgers.map((l) => l[0].minute));
    const last = Math.max(...ended);
    const days = { start_date: dayOf(new Date(first)), end_date: dayOf(new Date(last + DAY_MS)) };
    const costs = ok(await c.GET('/billing/v1/costs', { params: { query: days } }));
    const costed = (pool: string) =>
      costs.data.filter((l) => l.resource?.id === pool).reduce((a, l) => a + Math.round(l.quantity * 60), 0);
    assert.deepEqual(
      pools.map((p) => costed(p.id)),
      billed,
    );

    // The billing report: per pool and per statement, the same CFU-minutes.
    const report = ok(await c.GET('/billing/v1/reports', { params: { query: days } })) as Schemas['BillingReport'];
    const reported = report.environments.find((e) => e.id === env.id)!;
    assert.deepEqual(
      pools.map((p) => reported.compute_pools.find((rp) => rp.id === p.id)?.cfu_minutes),
      billed,
    );
    assert.deepEqual(
      uids.map((uid) => reported.compute_pools.flatMap((p) => p.statements).find((s) => s.uid === uid)?.cfu_minutes),
      billed,
    );

    // The Metrics API: per statement and minute, the ledger's own minutes.
    const interval = `${new Date(first).toISOString()}/${new Date(last + MINUTE_MS).toISOString()}`;
    const perMinute = ok(
      await c.POST('/v2/metrics/cloud/query', {
        body: {
          aggregations: [{ metric: 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed' }],
          granularity: 'PT1M',
          group_by: ['resource.flink_statement.uid'],
          filter: { field: 'resource.environment.id', op: 'EQ', value: env.id },
          intervals: [interval],
          limit: 100,
          format: 'FLAT',
        },
      }),
    ).data as { timestamp: string; value: number; 'resource.flink_statement.uid': string }[];
    for (const [i, uid] of uids.entries()) {
      const points = perMinute.filter((p) => p['resource.flink_statement.uid'] === uid);
      assert.deepEqual(
        points.map((p) => [Date.parse(p.timestamp), p.value]),
        ledgers[i].map((r) => [r.minute, r.cfu]),
      );
    }

    // Replaying every sample the workers sent (as Kafka redelivery would) counts nothing twice.
    const store = new StatementMetricsStore(prisma(), new CfuLedger(prisma()));
    for (const uid of uids) {
      const samples = await prisma().statementMetricSample.findMany({ where: { statementUid: uid } });
      assert.ok(samples.length >= 3);
      await store.applyBatch(
        samples.map((s): MetricSample => ({
          version: 1,
          statementUid: uid,
          computePoolId: s.computePoolId,
          at: s.at.toISOString(),
          recordsIn: Number(s.recordsIn),
          recordsOut: Number(s.recordsOut),
          pendingRecords: Number(s.pendingRecords),
          currentCfu: s.currentCfu,
          stateSizeBytes: Number(s.stateSizeBytes),
        })),
      );
    }
    await until('the replay to be rolled up', async () =>
      (await prisma().cfuDirtyHour.count({ where: { statementUid: { in: uids } } })) === 0 ? true : undefined,
    );
    assert.deepEqual(await Promise.all(uids.map(async (uid) => total(await ledgerOf(uid)))), billed);
    const again = ok(await c.GET('/billing/v1/costs', { params: { query: days } }));
    assert.deepEqual(
      pools.map((p) =>
        again.data.filter((l) => l.resource?.id === p.id).reduce((a, l) => a + Math.round(l.quantity * 60), 0),
      ),
      billed,
    );

    // A FlinkDeveloper of the organization reads neither costs, reports nor metrics.
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('dev') } }));
    await bind(c, sa.id, 'FlinkDeveloper', `crn://confluent.cloud/organization=${org}`);
    const asDev = await keyFor(api, c, sa.id);
    failure(await asDev.GET('/billing/v1/costs', { params: { query: days } }), 403);
    failure(await asDev.GET('/billing/v1/reports', { params: { query: days } }), 403);
    failure(
      await asDev.POST('/v2/metrics/cloud/query', {
        body: {
          aggregations: [{ metric: 'io.confluent.flink/compute_pool_utilization/cfu_minutes_consumed' }],
          granularity: 'ALL',
          intervals: [interval],
          limit: 100,
          format: 'FLAT',
        },
      }),
      403,
    );
    for (const name of names) await st.remove(name);
  });
});
