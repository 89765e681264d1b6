/**
 * Time as Confluent Cloud has it, on the real engine: every table has `$rowtime` (the Kafka
 * record timestamp) with `SOURCE_WATERMARK()` as its default watermark, so a TUMBLE window over
 * it returns rows within seconds once a partition has shown 250 records (idle partitions
 * included, with the idle timeout a statement sets), and the watermark waits as long as a
 * partition's records have been coming late; `$rowtime` stays out of `SELECT *`, DESCRIBE and
 * SHOW CREATE TABLE; `examples.marketplace` has it too, hidden the same way, and its customers
 * are keyed, so a temporal join meets one version of each customer and a regular join does not
 * fan out. Also: a computed column is not taken for a CTAS, and a raw Java exception gets a
 * detail a SQL user can act on.
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
    for (const name of [
      'w-window',
      'x-window',
      'x-star',
      'x-rowtime',
      'x-join',
      'x-regular',
      'a-tight',
      'a-loose',
      'a-few',
    ]) {
      await sql.remove(name).catch(() => undefined);
    }
    const mine = (await stack.admin.listTopics()).filter((t) => t.startsWith(`${topicOfTable(env, '')}`));
    await stack.admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await stack?.close();
  });

  // Timestamps come back in the session's time zone.
  const run = async (name: string, statement: string, phase = 'COMPLETED', properties: Record<string, string> = {}) => {
    await sql.submit(name, statement, pool, { properties: { 'sql.local-time-zone': 'UTC', ...properties } });
    return sql.phaseOf(name, phase);
  };

  /** Records of `table` with the given Kafka timestamps (ms after `base`), on their partitions. */
  const produce = async (
    table: string,
    base: number,
    records: { ms: number; partition?: number; key?: object; value: object }[],
  ) => {
    const producer = stack.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicOfTable(env, table),
      messages: records.map((r) => ({
        key: r.key ? JSON.stringify(r.key) : null,
        value: JSON.stringify(r.value),
        partition: r.partition ?? 0,
        timestamp: String(base + r.ms),
      })),
    });
    await producer.disconnect();
  };

  // As results show TIMESTAMP(3): whole seconds without a fraction.
  const isoAt = (base: number) => (ms: number) =>
    new Date(base + ms)
      .toISOString()
      .replace('T', ' ')
      .replace(/(\.000)?Z$/, '');
  /** A window start well in the past, so no window is near the present. */
  const windowBase = () => Math.floor(Date.now() / 10_000) * 10_000 - 600_000;

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

  it('gives a table with a computed column $rowtime (hidden from DESCRIBE, SHOW COLUMNS, SHOW CREATE TABLE) and a default watermark', async () => {
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
    assert.match(rowtime.row[5] ?? '', /^`SOURCE_WATERMARK`\(\)$/);
    await run('w-show', 'SHOW CREATE TABLE w_src');
    const shown = String((await results('w-show'))[0].row[0]);
    assert.match(shown, /`twice` AS `id` \* 2/);
    assert.doesNotMatch(shown, /\$rowtime|WATERMARK/);

    const own = await run('w-own', 'CREATE TABLE w_own (`$rowtime` TIMESTAMP(3))', 'FAILED');
    assert.match(own.status.detail ?? '', /`\$rowtime` is a system column/);

    // A declared watermark replaces the default, and shows; without one the default is back.
    const watermarkOf = async (name: string) => {
      await run(name, 'DESCRIBE EXTENDED w_src');
      return (await results(name)).find((r) => r.row[0] === '$rowtime')?.row[5];
    };
    await run('w-modify', "ALTER TABLE w_src MODIFY WATERMARK FOR $rowtime AS $rowtime - INTERVAL '2' SECOND");
    assert.equal(await watermarkOf('w-extended-2'), "`$rowtime` - INTERVAL '2' SECOND");
    await run('w-show-2', 'SHOW CREATE TABLE w_src');
    assert.match(
      String((await results('w-show-2'))[0].row[0]),
      /WATERMARK FOR `\$rowtime` AS `\$rowtime` - INTERVAL '2' SECOND/,
    );
    await run('w-drop', 'ALTER TABLE w_src DROP WATERMARK');
    assert.equal(await watermarkOf('w-extended-3'), '`SOURCE_WATERMARK`()');
  });

  it('runs a TUMBLE window over $rowtime of a table with idle partitions within seconds', async () => {
    // Six partitions (the default), 300 records on two (SOURCE_WATERMARK() needs 250 a
    // partition): with the statement's idle timeout of 5 s, partition 0 once read and the four
    // empty ones stop holding event time back (by default they would for 5 minutes).
    const base = windowBase();
    const iso = isoAt(base);
    await produce('w_src', base, [
      ...Array.from({ length: 300 }, (_, i) => ({ ms: 1_000 + i * 10, partition: 0, value: { id: i + 1 } })),
      ...Array.from({ length: 299 }, (_, i) => ({ ms: 12_000 + i * 10, partition: 1, value: { id: 1_000 + i } })),
      { ms: 30_000, partition: 1, value: { id: 2_000 } },
    ]);

    const started = Date.now();
    await run(
      'w-window',
      "SELECT window_start, COUNT(*) AS n FROM TUMBLE(TABLE w_src, DESCRIPTOR($rowtime), INTERVAL '10' SECOND) GROUP BY window_start, window_end",
      'RUNNING',
      { 'sql.tables.scan.idle-timeout': '5 s' },
    );
    const rows = await rowsOf('w-window', (r) => r.length >= 2);
    assert.deepEqual(
      rows.map((r) => [r.op, r.row[0], r.row[1]]),
      [
        [0, iso(0), '300'],
        [0, iso(10_000), '299'],
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

  /** A window query over one of these tables: rows per window, and how many probes each counted. */
  const windowQuery = (table: string) =>
    `SELECT window_start, COUNT(*) AS n, SUM(probe) AS probes FROM TUMBLE(TABLE ${table}, DESCRIPTOR($rowtime), INTERVAL '10' SECOND) GROUP BY window_start, window_end`;
  const byWindow = (rows: { row: (string | null)[] }[]) =>
    rows.map((r) => [r.row[0], r.row[1], r.row[2]]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('learns per partition how late records come: one beyond the bound is dropped, one within it counted', async () => {
    // Two one-partition tables, records 100 ms apart up to 30.5 s, then a probe 1.5 s behind
    // the newest record (in window [20 s, 30 s)). In w_tight every record is in order, so the
    // bound is the smallest (50 ms): the window has closed when the probe comes, which is
    // dropped. In w_loose one record in four comes 3 s late, so the bound grows past 3 s: the
    // window is still open and counts the probe.
    await run('a-tables', 'CREATE TABLE w_tight (id INT, probe INT) DISTRIBUTED INTO 1 BUCKETS');
    await run('a-tables2', 'CREATE TABLE w_loose (id INT, probe INT) DISTRIBUTED INTO 1 BUCKETS');
    const base = windowBase();
    const iso = isoAt(base);
    const record = (i: number, late = false) => ({ ms: i * 100 - (late ? 3_000 : 0), value: { id: i, probe: 0 } });
    const upTo = (from: number, to: number, lateEvery = 0) =>
      Array.from({ length: to - from + 1 }, (_, k) =>
        record(from + k, lateEvery > 0 && (from + k) % lateEvery === 3 && from + k >= 30),
      );
    const probe = { ms: 29_000, value: { id: -1, probe: 1 } };
    const loose = [...upTo(0, 305, 4), probe, ...upTo(306, 450)];
    await produce('w_tight', base, upTo(0, 305));
    await produce('w_loose', base, loose);
    await run('a-tight', windowQuery('w_tight'), 'RUNNING');
    await run('a-loose', windowQuery('w_loose'), 'RUNNING');

    // w_tight's window [20 s, 30 s) closes on its own records, before the probe is written.
    await rowsOf('a-tight', (r) => r.length >= 3);
    await produce('w_tight', base, [probe, ...upTo(306, 450)]);
    const tight = await rowsOf('a-tight', (r) => r.length >= 4);
    assert.deepEqual(byWindow(tight), [
      [iso(0), '100', '0'],
      [iso(10_000), '100', '0'],
      [iso(20_000), '100', '0'],
      [iso(30_000), '100', '0'],
    ]);

    // Every w_loose record counted, the probe too: the watermark waited for late records.
    const expected = new Map<number, number>();
    for (const r of loose)
      expected.set(Math.floor(r.ms / 10_000) * 10_000, (expected.get(Math.floor(r.ms / 10_000) * 10_000) ?? 0) + 1);
    const looseRows = await rowsOf('a-loose', (r) => r.length >= 4);
    assert.deepEqual(byWindow(looseRows), [
      [iso(0), String(expected.get(0)), '0'],
      [iso(10_000), String(expected.get(10_000)), '0'],
      [iso(20_000), String(expected.get(20_000)), '1'],
      [iso(30_000), String(expected.get(30_000)), '0'],
    ]);
    await sql.remove('a-tight');
    await sql.remove('a-loose');
  });

  it('fires no window on a partition before it has shown 250 records (a keyed table)', async () => {
    // Keyed, so an upsert source: SOURCE_WATERMARK() is the default there too.
    await run(
      'f-table',
      'CREATE TABLE w_few (id INT, probe INT, PRIMARY KEY (id) NOT ENFORCED) DISTRIBUTED INTO 1 BUCKETS',
    );
    const base = windowBase();
    const iso = isoAt(base);
    const records = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => ({
        ms: (from + k) * 100,
        key: { id: from + k },
        value: { id: from + k, probe: 0 },
      }));
    // 200 records spanning two windows: no watermark yet, so neither closes.
    await produce('w_few', base, records(0, 200));
    await run('a-few', windowQuery('w_few'), 'RUNNING');
    await new Promise((r) => setTimeout(r, 10_000));
    assert.deepEqual(await results('a-few'), []);
    // 100 more: past 250, the partition has a watermark and both windows close.
    await produce('w_few', base, records(200, 300));
    const rows = await rowsOf('a-few', (r) => r.length >= 2);
    assert.deepEqual(byWindow(rows), [
      [iso(0), '100', '0'],
      [iso(10_000), '100', '0'],
    ]);
    await sql.remove('a-few');
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
