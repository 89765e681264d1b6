/**
 * Time as Confluent Cloud has it, on the real engine: every table has `$rowtime` (the Kafka
 * record timestamp) with a default watermark, so a TUMBLE window over it returns rows within
 * seconds, idle partitions included; `$rowtime` stays out of `SELECT *`, DESCRIBE and SHOW CREATE
 * TABLE; `examples.marketplace` has it too, hidden the same way, and its customers are keyed,
 * so a temporal join meets one version of each customer and a regular join does not fan out. Also: a computed column is not taken for a CTAS, and a
 * raw Java exception gets a detail a SQL user can act on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CflinkClient } from '#client';
import { ok } from '../e2e/harness';
import { startEngineEnvironment, statementsOf, topicOfTable, until, type EngineStack } from './engine-stack';

describe('$rowtime and watermarks on the real engine', () => {
  let stack: EngineStack;
  let c: CflinkClient;
  let org: string;
  let env: string;
  let pool: string;
  let sql: ReturnType<typeof statementsOf>;

  before(async () => {
    ({ stack, c, org, env, pool, sql } = await startEngineEnvironment('ap-rowtime-1'));
  });

  after(async () => {
    for (const name of ['w-window', 'x-window', 'x-star', 'x-rowtime', 'x-join', 'x-regular'])
      await sql.remove(name).catch(() => undefined);
    const mine = (await stack.admin.listTopics()).filter((t) => t.startsWith(`${topicOfTable(env, '')}`));
    await stack.admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await stack?.close();
  });

  // Timestamps come back in the session's time zone.
  const run = async (name: string, statement: string, phase = 'COMPLETED') => {
    await sql.submit(name, statement, pool, { properties: { 'sql.local-time-zone': 'UTC' } });
    return sql.phaseOf(name, phase);
  };

  const results = async (name: string) =>
    ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results', {
        params: { path: { organization_id: org, environment_id: env, name } },
      }),
    ).results.data as { op: number; row: (string | null)[] }[];

  /** Rows of a running query, once `enough` says they are there (bounded wait). */
  const rowsOf = (name: string, enough: (rows: { op: number; row: (string | null)[] }[]) => boolean) =>
    until(
      `rows of ${name}`,
      async () => {
        const page = await results(name);
        return enough(page) ? page : undefined;
      },
      60_000,
    );

  it('gives a table with a computed column $rowtime, hidden from DESCRIBE, SHOW COLUMNS and SHOW CREATE TABLE', async () => {
    // A computed column's AS is not a CREATE TABLE … AS.
    await run('w-src', 'CREATE TABLE w_src (id INT, twice AS (id * 2))');
    await run('w-describe', 'DESCRIBE w_src');
    assert.deepEqual(
      (await results('w-describe')).map((r) => r.row[0]),
      ['id', 'twice'],
    );
    await run('w-columns', 'SHOW COLUMNS FROM w_src');
    assert.deepEqual(
      (await results('w-columns')).map((r) => r.row[0]),
      ['id', 'twice'],
    );
    await run('w-extended', 'DESCRIBE EXTENDED w_src');
    const rowtime = (await results('w-extended')).find((r) => r.row[0] === '$rowtime');
    assert.ok(rowtime, 'DESCRIBE EXTENDED shows $rowtime');
    assert.match(rowtime.row[1] ?? '', /TIMESTAMP_LTZ\(3\) \*ROWTIME\*/);
    assert.match(rowtime.row[4] ?? '', /METADATA FROM 'timestamp' VIRTUAL/);
    assert.match(rowtime.row[5] ?? '', /`\$rowtime` - INTERVAL '1' SECOND/);
    await run('w-show', 'SHOW CREATE TABLE w_src');
    const shown = String((await results('w-show'))[0].row[0]);
    assert.match(shown, /`twice` AS `id` \* 2/);
    assert.doesNotMatch(shown, /\$rowtime|WATERMARK/);

    const own = await run('w-own', 'CREATE TABLE w_own (`$rowtime` TIMESTAMP(3))', 'FAILED');
    assert.match(own.status.detail ?? '', /`\$rowtime` is a system column/);
  });

  it('runs a TUMBLE window over $rowtime of a table with idle partitions within seconds', async () => {
    // Six partitions (the default), records on two: the four empty ones go idle after 5 s.
    const base = Math.floor(Date.now() / 10_000) * 10_000 - 60_000;
    const producer = stack.kafka.producer();
    await producer.connect();
    const at = (ms: number, partition: number, id: number) => ({
      value: JSON.stringify({ id }),
      partition,
      timestamp: String(base + ms),
    });
    await producer.send({
      topic: topicOfTable(env, 'w_src'),
      messages: [at(1_000, 0, 1), at(2_000, 0, 2), at(3_000, 0, 3), at(12_000, 1, 4), at(30_000, 1, 5)],
    });
    await producer.disconnect();

    const started = Date.now();
    await run(
      'w-window',
      "SELECT window_start, COUNT(*) AS n FROM TUMBLE(TABLE w_src, DESCRIPTOR($rowtime), INTERVAL '10' SECOND) GROUP BY window_start, window_end",
      'RUNNING',
    );
    const rows = await rowsOf('w-window', (r) => r.length >= 2);
    // As results show TIMESTAMP(3): whole seconds without a fraction.
    const iso = (ms: number) =>
      new Date(base + ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/(\.000)?Z$/, '');
    assert.deepEqual(
      rows.map((r) => [r.op, r.row[0], r.row[1]]),
      [
        [0, iso(0), '3'],
        [0, iso(10_000), '1'],
      ],
    );
    assert.ok(Date.now() - started < 60_000);
    await sql.remove('w-window');

    // SELECT * leaves $rowtime out; naming it reads the record timestamp (TIMESTAMP_LTZ, shown in UTC).
    await run('w-star', "SELECT * FROM w_src /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */");
    const star = await sql.get('w-star');
    assert.deepEqual(
      star.status.traits?.schema?.columns?.map((col) => col.name),
      ['id', 'twice'],
    );
    await run(
      'w-named',
      "SELECT id, `$rowtime` FROM w_src /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */ WHERE id = 1",
    );
    assert.deepEqual(
      (await results('w-named')).map((r) => r.row),
      [['1', `${iso(1_000)}Z`]],
    );
  });

  it('runs TUMBLE over examples.marketplace.orders within seconds', async () => {
    await run(
      'x-window',
      "SELECT window_start, COUNT(*) AS n FROM TUMBLE(TABLE examples.marketplace.orders, DESCRIPTOR($rowtime), INTERVAL '10' SECOND) GROUP BY window_start, window_end",
      'RUNNING',
    );
    const rows = await rowsOf('x-window', (r) => r.length >= 1);
    assert.ok(Number(rows[0].row[1]) > 0);
    await sql.remove('x-window');
  });

  it('leaves $rowtime of the examples out of SELECT *, DESCRIBE and SHOW CREATE TABLE', async () => {
    await run('x-star', 'SELECT * FROM examples.marketplace.orders', 'RUNNING');
    assert.deepEqual(
      (await sql.get('x-star')).status.traits?.schema?.columns?.map((col) => col.name),
      ['order_id', 'customer_id', 'product_id', 'price'],
    );
    const star = await rowsOf('x-star', (r) => r.length >= 1);
    assert.equal(star[0].row.length, 4);
    await sql.remove('x-star');

    // Named, it is when the row was generated.
    const started = Date.now();
    await run('x-rowtime', 'SELECT order_id, $rowtime FROM examples.marketplace.orders', 'RUNNING');
    const [first] = await rowsOf('x-rowtime', (r) => r.length >= 1);
    const at = Date.parse(String(first.row[1]).replace(' ', 'T'));
    assert.ok(Math.abs(at - started) < 120_000, `$rowtime ${first.row[1]} is about now`);
    await sql.remove('x-rowtime');

    await run('x-describe', 'DESCRIBE examples.marketplace.customers');
    assert.deepEqual(
      (await results('x-describe')).map((r) => r.row[0]),
      ['customer_id', 'name', 'address', 'postcode', 'city', 'email'],
    );
    await run('x-extended', 'DESCRIBE EXTENDED examples.marketplace.customers');
    assert.ok((await results('x-extended')).some((r) => r.row[0] === '$rowtime'));
    await run('x-show', 'SHOW CREATE TABLE examples.marketplace.customers');
    const shown = String((await results('x-show'))[0].row[0]);
    assert.match(
      shown,
      /`email` VARCHAR\(2147483647\) NOT NULL,\n {2}CONSTRAINT `\S+` PRIMARY KEY \(`customer_id`\) NOT ENFORCED\n\)/,
    );
    assert.doesNotMatch(shown, /\$rowtime|WATERMARK/);
  });

  it('joins orders with one version of each customer (customers are keyed by customer_id)', async () => {
    await run(
      'x-join',
      'SELECT o.order_id, o.customer_id, c.customer_id FROM examples.marketplace.orders AS o JOIN examples.marketplace.customers FOR SYSTEM_TIME AS OF o.`$rowtime` AS c ON o.customer_id = c.customer_id',
      'RUNNING',
    );
    const rows = await rowsOf('x-join', (r) => r.length >= 5);
    // Each order once (no fan-out over the customer's versions), matched on its customer.
    const orders = rows.map((r) => r.row[0]);
    assert.equal(new Set(orders).size, orders.length);
    assert.ok(rows.every((r) => r.op === 0 && r.row[1] === r.row[2]));
    await sql.remove('x-join');

    // A regular join updates an order's row when its customer changes, never adds one per version.
    await run(
      'x-regular',
      'SELECT o.order_id, c.name FROM examples.marketplace.orders AS o JOIN examples.marketplace.customers AS c ON o.customer_id = c.customer_id',
      'RUNNING',
    );
    const changes = await rowsOf('x-regular', (r) => r.length >= 20);
    const live = new Map<string, number>();
    for (const { op, row } of changes) {
      const id = String(row[0]);
      live.set(id, (live.get(id) ?? 0) + (op === 0 || op === 2 ? 1 : -1));
    }
    assert.ok(live.size >= 5);
    assert.ok(
      [...live.values()].every((n) => n === 0 || n === 1),
      'each order is in the join at most once',
    );
    await sql.remove('x-regular');
  });

  it('says what to do when a window is given PROCTIME()', async () => {
    const failed = await run(
      'p-window',
      "SELECT window_start, COUNT(*) FROM TUMBLE(TABLE w_src, DESCRIPTOR(PROCTIME()), INTERVAL '10' SECOND) GROUP BY window_start, window_end",
      'FAILED',
    );
    assert.match(
      failed.status.detail ?? '',
      /^A window table function takes the name of a time column .*DESCRIPTOR\(\$rowtime\)/,
    );
  });
});
