/**
 * The statement lifecycle end to end: the real API, scheduler and engine worker in-process, and
 * the real data plane (infra/engine.sh). The engine processes serve a region of their own, so
 * statements other test files leave PENDING in the shared database are not theirs to run.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { logLevel, type Admin } from 'kafkajs';
import type { CflinkClient, Schemas } from '#client';
import { loadConfig, type CflinkConfig } from '#config';
import { kafkaClient } from '#contracts';
import { PrismaService } from '#db';
import { LeaderLease } from '#scheduler/leader/leader-lease';
import { startScheduler } from '#scheduler/scheduler-app';
import { startWorker } from '#worker/worker-app';
import { bind, createEnvironment, ok, startApi, unique, type TestApi } from '../e2e/harness';
import { until } from './until';

type Statement = Schemas['Statement'];
const REGIONS = 'AWS:us-east-1,AWS:ap-enginetest-1';

describe('statements on Flink: API + scheduler + worker + data plane', () => {
  const id = randomUUID().slice(0, 8);
  let api: TestApi;
  let c: CflinkClient;
  let org: string;
  let env: string;
  let scheduler: INestApplicationContext;
  let worker: INestApplicationContext;
  let admin: Admin;
  let config: CflinkConfig;

  const base = () => ({ organization_id: org, environment_id: env });
  const item = (name: string) => ({ params: { path: { ...base(), statement_name: name } } });
  const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';

  async function pool(maxCfu: 5 | 10) {
    const body = {
      spec: {
        display_name: unique('pool'),
        cloud: 'AWS',
        region: 'ap-enginetest-1',
        max_cfu: maxCfu,
        environment: { id: env },
      },
    };
    return ok(await c.POST('/fcpm/v2/compute-pools', { body }));
  }

  async function submit(
    name: string,
    statement: string,
    computePoolId: string,
    extra: { principal?: string; properties?: Record<string, string> } = {},
  ): Promise<Statement> {
    const res = await c.POST('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements', {
      params: { path: base() },
      body: { name, spec: { statement, compute_pool_id: computePoolId, ...extra } },
    });
    return ok(res);
  }

  const get = async (name: string) => ok(await c.GET(path, item(name)));
  const phaseOf = (name: string, phase: string) =>
    until(`${name} to be ${phase}`, async () => {
      const s = await get(name);
      if (phase !== 'FAILED' && s.status.phase === 'FAILED') throw new Error(`${name} FAILED: ${s.status.detail}`);
      return s.status.phase === phase ? s : undefined;
    });
  const row = (uid: string) => api.app.get(PrismaService).statement.findUniqueOrThrow({ where: { uid } });
  const currentCfu = async (poolId: string) =>
    ok(await c.GET('/fcpm/v2/compute-pools/{id}', { params: { path: { id: poolId }, query: { environment: env } } }))
      .status.current_cfu;

  async function remove(name: string) {
    await c.DELETE(path, item(name));
    await until(`${name} to be gone`, async () =>
      (await c.GET(path, item(name))).response.status === 404 ? true : undefined,
    );
  }

  const table = (name: string) => `CREATE TABLE \`${name}\` (id BIGINT, label STRING)`;
  const topicOf = (name: string) => `lkc-${env.replace(/^env-/, '')}.${name}`;

  before(async () => {
    api = await startApi({ CFLINK_REGIONS: REGIONS });
    c = api.admin.client;
    org = api.admin.organizationId;
    env = (await createEnvironment(c)).id;
    config = loadConfig({
      ...process.env,
      CFLINK_REGIONS: REGIONS,
      CFLINK_ENGINE_REGION: 'AWS:ap-enginetest-1',
      CFLINK_EVENTS_CONSUMER_GROUP: `cflink-test-${id}`,
      CFLINK_SCHEDULER_INTERVAL_MS: '250',
      CFLINK_WORKER_POOL_REFRESH_MS: '250',
      CFLINK_WORKER_CONCURRENCY: '3',
      CFLINK_RESULTS_IDLE_STOP_MS: '8000',
      CFLINK_WORKER_WATCH_INTERVAL_MS: '1000',
    });
    admin = kafkaClient(config.engine, 'cflink-test', logLevel.NOTHING).admin();
    await admin.connect();
    scheduler = await startScheduler(config, ['error']);
    worker = await startWorker(config, ['error']);
  });

  after(async () => {
    await worker?.close();
    await scheduler?.close();
    await api?.close();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(topicOf('')));
    await admin?.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('runs DDL to COMPLETED, an INSERT to RUNNING, stops it with a savepoint and deletes it', async () => {
    const p = await pool(10);
    await submit('src', table('src'), p.id);
    await submit('sink', table('sink'), p.id);
    const created = await phaseOf('src', 'COMPLETED');
    assert.equal(created.status.traits?.sql_kind, 'CREATE_TABLE');
    await phaseOf('sink', 'COMPLETED');

    const insert = await submit('copy', 'INSERT INTO `sink` SELECT id, label FROM `src`', p.id);
    await phaseOf('copy', 'RUNNING');
    const running = await row(insert.metadata.uid);
    assert.ok(running.cfu >= 1);
    assert.match(running.flinkJobId ?? '', /^[0-9a-f]{32}$/);
    assert.ok((await currentCfu(p.id)) >= 1);

    const read = await get('copy');
    const put = await c.PUT(path, { ...item('copy'), body: { ...read, spec: { ...read.spec, stopped: true } } });
    assert.equal(put.response.status, 202);
    const stopped = await phaseOf('copy', 'STOPPED');
    assert.ok(stopped.status.end_time);
    assert.match((await row(insert.metadata.uid)).savepointPath ?? '', /savepoint/);
    assert.equal(await currentCfu(p.id), 0);

    await remove('copy');
  });

  it('keeps tables in the environment catalog: topics with their buckets, ALTER, DROP', async () => {
    const p = await pool(10);
    await submit(
      't-orders',
      'CREATE TABLE orders (id BIGINT, customer STRING) DISTRIBUTED BY HASH(id) INTO 3 BUCKETS',
      p.id,
    );
    await submit('t-plain', 'CREATE TABLE IF NOT EXISTS plain (id BIGINT)', p.id);
    await phaseOf('t-orders', 'COMPLETED');
    await phaseOf('t-plain', 'COMPLETED');
    const partitions = async (topic: string) =>
      (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length;
    assert.equal(await partitions(topicOf('orders')), 3);
    assert.equal(await partitions(topicOf('plain')), 6);

    const prisma = api.app.get(PrismaService);
    const stored = () =>
      prisma.catalogTable.findMany({
        where: { environmentId: env, name: { in: ['orders', 'plain'] } },
        orderBy: { name: 'asc' },
      });
    assert.deepEqual(
      (await stored()).map((t) => [t.name, t.topic, t.partitions]),
      [
        ['orders', topicOf('orders'), 3],
        ['plain', topicOf('plain'), 6],
      ],
    );

    await submit('t-alter', "ALTER TABLE orders SET ('json.ignore-parse-errors' = 'true')", p.id);
    await phaseOf('t-alter', 'COMPLETED');
    const altered = (await stored()).find((t) => t.name === 'orders')!;
    assert.match(altered.definition, /'json\.ignore-parse-errors' = 'true'/);
    assert.match(altered.definition, /DISTRIBUTED BY HASH\(`id`\) INTO 3 BUCKETS/);
    assert.doesNotMatch(altered.definition, /bootstrap|connector/);

    await submit('t-again', 'CREATE TABLE orders (id BIGINT)', p.id);
    assert.match((await phaseOf('t-again', 'FAILED')).status.detail ?? '', /orders` already exists/);
    await submit(
      't-connector',
      "CREATE TABLE files (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '/etc')",
      p.id,
    );
    assert.match((await phaseOf('t-connector', 'FAILED')).status.detail ?? '', /'connector' cannot be set/);

    await submit('t-drop', 'DROP TABLE plain', p.id);
    await phaseOf('t-drop', 'COMPLETED');
    assert.deepEqual(
      (await stored()).map((t) => t.name),
      ['orders'],
    );
    await until("the dropped table's topic to go", async () =>
      (await admin.listTopics()).includes(topicOf('plain')) ? undefined : true,
    );
  });

  it('reads examples.marketplace, which is read-only, and honours sql.current-catalog/database', async () => {
    const p = await pool(10);
    await submit('m-sink', 'CREATE TABLE big_orders (order_id STRING, price DOUBLE)', p.id);
    await phaseOf('m-sink', 'COMPLETED');
    await submit(
      'm-copy',
      'INSERT INTO big_orders SELECT order_id, price FROM examples.marketplace.orders WHERE price > 50',
      p.id,
    );
    await phaseOf('m-copy', 'RUNNING');
    await remove('m-copy');

    // CREATE TABLE … AS: the table takes the query's columns, its topic is provisioned, and the
    // statement runs (and resumes) like an INSERT.
    await submit(
      'm-ctas',
      'CREATE TABLE cheap_orders DISTRIBUTED INTO 2 BUCKETS AS SELECT order_id, price FROM examples.marketplace.orders WHERE price < 10',
      p.id,
    );
    await phaseOf('m-ctas', 'RUNNING');
    const cheap = await api.app
      .get(PrismaService)
      .catalogTable.findFirstOrThrow({ where: { environmentId: env, name: 'cheap_orders' } });
    assert.equal(cheap.partitions, 2);
    assert.match(cheap.definition, /`order_id` VARCHAR/);
    assert.equal(
      (await admin.fetchTopicMetadata({ topics: [topicOf('cheap_orders')] })).topics[0].partitions.length,
      2,
    );
    const ctas = await get('m-ctas');
    await c.PUT(path, { ...item('m-ctas'), body: { ...ctas, spec: { ...ctas.spec, stopped: true } } });
    await phaseOf('m-ctas', 'STOPPED');
    const stoppedCtas = await get('m-ctas');
    await c.PUT(path, { ...item('m-ctas'), body: { ...stoppedCtas, spec: { ...stoppedCtas.spec, stopped: false } } });
    await phaseOf('m-ctas', 'RUNNING');
    await remove('m-ctas');

    await submit('m-write', "INSERT INTO examples.marketplace.orders VALUES ('x', 3000, 1000, 1.0)", p.id);
    assert.match(
      (await phaseOf('m-write', 'FAILED')).status.detail ?? '',
      /examples catalog is read-only: `examples`\.`marketplace`\.`orders` cannot be written/,
    );
    for (const [name, ddl] of [
      ['m-ddl', 'CREATE TABLE examples.marketplace.mine (id INT)'],
      ['m-alter', "ALTER TABLE examples.marketplace.orders SET ('rows-per-second' = '1000')"],
      ['m-drop', 'DROP TABLE examples.marketplace.customers'],
    ]) {
      await submit(name, ddl, p.id);
      assert.match((await phaseOf(name, 'FAILED')).status.detail ?? '', /examples catalog is read-only/);
    }

    const envName = ok(await c.GET('/org/v2/environments/{id}', { params: { path: { id: env } } })).display_name!;
    await submit('m-by-id', 'CREATE TABLE by_id (id INT)', p.id, {
      properties: { 'sql.current-catalog': env, 'sql.current-database': `lkc-${env.replace(/^env-/, '')}` },
    });
    await phaseOf('m-by-id', 'COMPLETED');
    await submit('m-by-name', 'CREATE TABLE by_name (id INT)', p.id, {
      properties: { 'sql.current-catalog': envName, 'sql.current-database': 'cluster_0' },
    });
    await phaseOf('m-by-name', 'COMPLETED');
    await submit('m-examples', 'INSERT INTO big_orders SELECT order_id, price FROM orders', p.id, {
      properties: { 'sql.current-catalog': 'examples', 'sql.current-database': 'marketplace' },
    });
    // With examples current, an unqualified target is an examples table, which cannot be written.
    assert.match((await phaseOf('m-examples', 'FAILED')).status.detail ?? '', /read-only: .*`big_orders`/);
    await submit('m-unknown', 'CREATE TABLE x (id INT)', p.id, { properties: { 'sql.current-catalog': 'nope' } });
    assert.match((await phaseOf('m-unknown', 'FAILED')).status.detail ?? '', /sql.current-catalog 'nope'/);
  });

  it('names an environment called examples by its id, beside the examples catalog', async () => {
    const mainEnv = env;
    env = (await createEnvironment(c, 'examples')).id;
    try {
      const p = await pool(5);
      await submit('x-create', 'CREATE TABLE copied (order_id STRING)', p.id);
      await phaseOf('x-create', 'COMPLETED');
      await submit('x-copy', 'INSERT INTO copied SELECT order_id FROM examples.marketplace.orders', p.id);
      await phaseOf('x-copy', 'RUNNING');
      await remove('x-copy');
      await submit('x-by-id', 'SHOW TABLES', p.id, { properties: { 'sql.current-catalog': env } });
      await phaseOf('x-by-id', 'COMPLETED');
    } finally {
      await admin.deleteTopics({ topics: [topicOf('copied')] }).catch(() => undefined);
      env = mainEnv;
    }
  });

  it("runs a statement with its principal's data-plane rights: a missing role fails it, naming role and table", async () => {
    const p = await pool(10);
    await submit('r-src', 'CREATE TABLE r_src (id BIGINT)', p.id);
    await submit('r-dst', 'CREATE TABLE r_dst (id BIGINT)', p.id);
    await phaseOf('r-src', 'COMPLETED');
    await phaseOf('r-dst', 'COMPLETED');
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('etl') } }));
    const envCrn = ok(await c.GET('/org/v2/environments/{id}', { params: { path: { id: env } } })).metadata!
      .resource_name!;
    const topicCrn = (t: string) =>
      `${envCrn}/cloud-cluster=lkc-${env.replace(/^env-/, '')}/kafka=lkc-${env.replace(/^env-/, '')}/topic=${t}`;
    await bind(c, sa.id!, 'DeveloperWrite', topicCrn('r_dst'));

    await submit('r-denied', 'INSERT INTO r_dst SELECT id FROM r_src', p.id, { principal: sa.id! });
    const denied = await phaseOf('r-denied', 'FAILED');
    assert.match(denied.status.detail ?? '', new RegExp(`${sa.id} lacks DeveloperRead on table .*r_src`));

    await submit('r-create', 'CREATE TABLE r_new (id BIGINT)', p.id, { principal: sa.id! });
    assert.match((await phaseOf('r-create', 'FAILED')).status.detail ?? '', /lacks DeveloperManage on table .*r_new/);

    const read = await bind(c, sa.id!, 'DeveloperRead', topicCrn('r_*'));
    await submit('r-allowed', 'INSERT INTO r_dst SELECT id FROM r_src', p.id, { principal: sa.id! });
    await phaseOf('r-allowed', 'RUNNING');

    // Revoking the right fails the running statement promptly: with a savepoint while the job still
    // runs, else (the broker took the ACLs first, so the job restarts on the refusal) by cancelling
    // it, its last checkpoint kept for the resume. Granting the right again lets it resume.
    await c.DELETE('/iam/v2/role-bindings/{id}', { params: { path: { id: read.id! } } });
    const revokedAt = Date.now();
    const revoked = await phaseOf('r-allowed', 'FAILED');
    assert.ok(Date.now() - revokedAt < 30_000, `FAILED ${Date.now() - revokedAt} ms after the revocation`);
    const detail = revoked.status.detail ?? '';
    assert.match(detail, new RegExp(`${sa.id} lacks DeveloperRead on table .*r_src`));
    const resumeFrom = (await row(revoked.metadata.uid)).savepointPath;
    if (/stopped with a savepoint/.test(detail)) assert.match(resumeFrom ?? '', /savepoint-/);
    else if (/continues from its last checkpoint/.test(detail)) assert.match(resumeFrom ?? '', /chk-\d+/);
    else assert.match(detail, /The job was cancelled \(no savepoint: .*, and no checkpoint completed\)/);
    await bind(c, sa.id!, 'DeveloperRead', topicCrn('r_src'));
    const failed = await get('r-allowed');
    const resume = await c.PUT(path, {
      ...item('r-allowed'),
      body: { ...failed, spec: { ...failed.spec, stopped: false } },
    });
    assert.equal(resume.response.status, 202);
    await phaseOf('r-allowed', 'RUNNING');
    await remove('r-allowed');
  });

  const results = (name: string, pageToken?: string) =>
    c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results', {
      params: { path: { ...base(), name }, query: pageToken ? { page_token: pageToken } : {} },
    });
  const tokenOf = (next: string | undefined) => (next ? new URL(next).searchParams.get('page_token')! : undefined);

  it("serves a bounded query's rows over several pages, then no next page", async () => {
    const p = await pool(10);
    const values = Array.from({ length: 250 }, (_, i) => `(${i}, 'label-${i}', CAST(${i} AS DECIMAL(6, 2)))`).join(
      ', ',
    );
    await submit('q-bounded', `SELECT id, label, amount FROM (VALUES ${values}) AS t(id, label, amount)`, p.id);
    const done = await phaseOf('q-bounded', 'COMPLETED');
    assert.deepEqual(
      done.status.traits?.schema?.columns?.map((col) => [col.name, col.type.type]),
      [
        ['id', 'INTEGER'],
        ['label', 'VARCHAR'],
        ['amount', 'DECIMAL'],
      ],
    );
    assert.equal(done.status.traits?.is_bounded, true);
    const rows: unknown[][] = [];
    let token: string | undefined;
    let pages = 0;
    for (;;) {
      const page = ok(await results('q-bounded', token));
      pages++;
      rows.push(
        ...page.results.data.map((d) => {
          assert.equal(d.op ?? 0, 0);
          return d.row;
        }),
      );
      if (!page.metadata.next) break;
      token = tokenOf(page.metadata.next);
    }
    assert.ok(pages >= 3, `${pages} pages`);
    assert.deepEqual(
      rows.sort((a, b) => Number(a[0]) - Number(b[0])),
      Array.from({ length: 250 }, (_, i) => [String(i), `label-${i}`, `${i}.00`]),
    );

    const tampered = await results('q-bounded', Buffer.from('5.AAAAAAAAAA').toString('base64url'));
    assert.equal(tampered.response.status, 400);
    const missing = await results('no-such-statement');
    assert.equal(missing.response.status, 404);
  });

  it('answers SHOW with rows, has no rows for an INSERT, and records exceptions of a failed statement', async () => {
    const p = await pool(10);
    await submit('q-show', 'SHOW CATALOGS', p.id);
    await phaseOf('q-show', 'COMPLETED');
    const shown = ok(await results('q-show'));
    assert.ok(shown.results.data.some((d) => d.row[0] === 'examples'));
    assert.equal(shown.metadata.next, '');

    await submit('q-fail', 'INSERT INTO `sink` SELECT id FROM missing_table', p.id);
    await phaseOf('q-fail', 'FAILED');
    const insertResults = ok(await results('q-fail'));
    assert.deepEqual([insertResults.results.data, insertResults.metadata.next], [[], '']);
    const exceptions = ok(
      await c.GET(`${path}/exceptions`, { params: { path: { ...base(), statement_name: 'q-fail' } } }),
    );
    assert.equal(exceptions.data.length, 1);
    assert.match(exceptions.data[0].name, /^[a-z]+(\.[a-z]+)+\.[A-Z]\w*(Exception|Error)$/);
    assert.match(exceptions.data[0].message, /missing_table/);
    assert.ok(Date.parse(exceptions.data[0].timestamp) > 0);
  });

  it('keeps an unbounded query running while its results are read and stops it once nobody reads', async () => {
    const p = await pool(10);
    await submit('q-stream', 'SELECT order_id, price FROM examples.marketplace.orders', p.id);
    await phaseOf('q-stream', 'RUNNING');
    let token: string | undefined;
    let seen = 0;
    const until10 = Date.now() + 12_000;
    // Read for longer than the idle limit (8 s): reading keeps it alive.
    while (Date.now() < until10) {
      const page = ok(await results('q-stream', token));
      assert.ok(page.metadata.next, 'a running query always has a next page');
      seen += page.results.data.length;
      token = tokenOf(page.metadata.next);
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.ok(seen > 0);
    assert.equal((await get('q-stream')).status.phase, 'RUNNING');
    const stopped = await phaseOf('q-stream', 'STOPPED');
    assert.match(stopped.status.detail ?? '', /no client read its results/);
  });

  it('keeps a statement PENDING with POOL_EXHAUSTED while the pool is at max_cfu', async () => {
    const p = await pool(5);
    const names = Array.from({ length: 5 }, (_, i) => `fill-${i}`);
    for (const name of names) await submit(name, 'INSERT INTO `sink` SELECT id, label FROM `src`', p.id);
    for (const name of names) await phaseOf(name, 'RUNNING');
    assert.equal(await currentCfu(p.id), 5);

    await submit('waiting', 'INSERT INTO `sink` SELECT id, label FROM `src`', p.id);
    const waiting = await until('the sixth statement to wait', async () => {
      const s = await get('waiting');
      return s.status.scaling_status?.scaling_state === 'POOL_EXHAUSTED' ? s : undefined;
    });
    assert.equal(waiting.status.phase, 'PENDING');
    assert.match(waiting.status.detail ?? '', /max_cfu/);

    // Freeing one CFU admits the waiting statement.
    await remove(names[0]);
    await phaseOf('waiting', 'RUNNING');
    assert.equal(await currentCfu(p.id), 5);
    await remove('waiting');
    for (const name of names.slice(1)) await remove(name);
  });

  it('fails a statement the engine rejects, with the engine message in detail', async () => {
    const p = await pool(5);
    await submit('bad', 'INSERT INTO `sink` SELECT id FROM no_such_table', p.id);
    const failed = await phaseOf('bad', 'FAILED');
    assert.match(failed.status.detail ?? '', /no_such_table/);
    assert.equal(await currentCfu(p.id), 0);
  });

  it('lets a second scheduler replica wait for the leader lease', async () => {
    assert.equal(scheduler.get(LeaderLease).isLeader, true);
    const second = await startScheduler(config, ['error']);
    try {
      await new Promise((r) => setTimeout(r, 4 * config.scheduler.intervalMs));
      assert.equal(second.get(LeaderLease).isLeader, false);
    } finally {
      await second.close();
    }
  });
});
