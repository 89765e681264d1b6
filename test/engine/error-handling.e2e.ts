/**
 * `error-handling.mode` on the real engine: records a table's source cannot deserialize fail the
 * statement (fail), are skipped (ignore), or are skipped and written with their raw bytes to the
 * dead-letter table (log), created on first use. Rights on the dead-letter table are checked like
 * any table's, and a statement keeps the mode its tables had when it started. Its status counts the
 * skipped and dead-lettered records, and a bounded INSERT replays the dead letters from their raw bytes.
 * A sink table's mode decides what a row its format cannot write does (cflink's addition).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import type { CflinkClient } from '#client';
import { controlPlaneSasl } from '#contracts';
import { PrismaService } from '#db';
import { bind, createEnvironment, keyFor, ok, unique } from '../e2e/harness';
import {
  clusterOf,
  enginePool,
  startEngineStack,
  statementsOf,
  topicOfTable,
  until,
  type EngineStack,
} from './engine-stack';

const GOOD = [
  { id: 1, name: 'a' },
  { id: 2, name: 'b' },
  { id: 3, name: 'c' },
];
/** Raw bytes, a wrong type and truncated JSON, interleaved with the good records. */
const BAD = [
  Buffer.from([0xff, 0xfe, 0x00, 0x01]),
  Buffer.from('{"id": "x", "name": "d"}'),
  Buffer.from('{"id": 4, "na'),
];
/** The bad records' keys: the dead letters keep them as raw bytes too, and a replay reads them back. */
const BAD_KEYS = BAD.map((_, i) => Buffer.from(`bad-${i}`));

/** The replay docs/api.md shows: raw value and key bytes to STRING, fields read with JSON_VALUE. */
const REPLAY = `INSERT INTO l_fixed
  SELECT JSON_VALUE(v, '$.id'), JSON_VALUE(v, '$.name'), src_offset, src_key
  FROM (SELECT CAST(source_record.\`value\` AS STRING) AS v, CAST(source_record.\`key\` AS STRING) AS src_key,
               source_record.\`offset\` AS src_offset
        FROM error_log /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
        WHERE affected_name = 'l_src')
  WHERE v IS JSON`;

describe('error-handling.mode on the real engine', () => {
  let stack: EngineStack;
  let c: CflinkClient;
  let org: string;
  let env: string;
  let pool: string;
  let sql: ReturnType<typeof statementsOf>;

  before(async () => {
    // Samples every 2 s rather than 10: the status counts are read from the latest one.
    stack = await startEngineStack('ap-dlq-1', { CFLINK_METRICS_INTERVAL_MS: '2000' });
    c = stack.api.admin.client;
    org = stack.api.admin.organizationId;
    env = (await createEnvironment(c)).id;
    pool = (await enginePool(c, env, stack.region)).id;
    sql = statementsOf(c, org, env);
  });

  after(async () => {
    // A job left running by a failed test would otherwise restart on its deleted topic.
    for (const name of ['i-insert', 'l-insert', 'l-select', 's-ignore-insert', 's-log-insert', 's-big-insert'])
      await sql.remove(name).catch(() => undefined);
    const mine = (await stack.admin.listTopics()).filter((t) => t.startsWith(`${clusterOf(env)}.`));
    await stack.admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await stack?.close();
  });

  const run = async (name: string, statement: string, phase = 'COMPLETED') => {
    await sql.submit(name, statement, pool);
    return sql.phaseOf(name, phase);
  };

  /** Good and bad records alternating on partition 0: bad ones at offsets 1, 3 and 5. */
  const produce = async (table: string) => {
    const producer = stack.kafka.producer();
    await producer.connect();
    const messages = GOOD.flatMap((g, i) => [
      { value: Buffer.from(JSON.stringify(g)), partition: 0 },
      { key: BAD_KEYS[i], value: BAD[i], partition: 0 },
    ]);
    await producer.send({ topic: topicOfTable(env, table), messages });
    await producer.disconnect();
  };

  /** Reads a topic (read_committed) until `count` records arrived, then a little longer for extras. */
  const readTopic = async (table: string, count: number): Promise<Buffer[]> => {
    const consumer = new Kafka({
      clientId: 'dlq-test',
      brokers: stack.config.engine.kafkaBrokers,
      sasl: controlPlaneSasl(stack.config.engine),
      logLevel: logLevel.NOTHING,
    }).consumer({ groupId: `dlq-test-${randomUUID()}`, readUncommitted: false });
    await consumer.connect();
    const values: Buffer[] = [];
    try {
      await consumer.subscribe({ topic: topicOfTable(env, table), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!) });
      await until(`${count} records on ${table}`, async () => (values.length >= count ? true : undefined));
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      await consumer.disconnect();
    }
    return values;
  };

  const toggle = async (name: string, stopped: boolean) => {
    const path = '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}';
    const item = { params: { path: { organization_id: org, environment_id: env, statement_name: name } } };
    const read = await sql.get(name);
    const put = await c.PUT(path, { ...item, body: { ...read, spec: { ...read.spec, stopped } } });
    assert.equal(put.response.status, 202);
  };

  /** Waits until the statement's status reports exactly these skip and dead-letter counts. */
  const countedInStatus = async (name: string, skipped: number, deadLetters: number) => {
    const expected = { skipped_records: skipped, dead_letter_records: deadLetters };
    let seen: unknown;
    await until(`${name} status.error_handling ${JSON.stringify(expected)}`, async () => {
      seen = (await sql.get(name)).status.error_handling;
      return JSON.stringify(seen) === JSON.stringify(expected) ? true : undefined;
    }).catch((e: Error) => assert.fail(`${e.message}; last seen ${JSON.stringify(seen)}`));
  };

  const exceptionsOf = async (name: string) =>
    ok(
      await c.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}/exceptions',
        {
          params: { path: { organization_id: org, environment_id: env, statement_name: name } },
        },
      ),
    ).data;

  it('validates the options with a detail naming what to fix', async () => {
    const bad = await run('v-mode', "CREATE TABLE v1 (id INT) WITH ('error-handling.mode' = 'skip')", 'FAILED');
    assert.match(bad.status.detail ?? '', /'error-handling\.mode' must be one of fail, ignore, log, not 'skip'/);
    const internal = await run(
      'v-topic',
      "CREATE TABLE v2 (id INT) WITH ('error-handling.log.topic' = 'lkc-other.t')",
      'FAILED',
    );
    assert.match(internal.status.detail ?? '', /'error-handling\.log\.topic' is not supported/);
    const self = await run(
      'v-self',
      "CREATE TABLE v3 (id INT) WITH ('error-handling.mode' = 'log', 'error-handling.log.target' = 'v3')",
      'FAILED',
    );
    assert.match(self.status.detail ?? '', /cannot name the table itself/);
  });

  it('fail: the statement FAILs on the first bad record, naming it, without restarting', async () => {
    await run('f-src', 'CREATE TABLE f_src (id INT, name STRING)');
    await run('f-sink', 'CREATE TABLE f_sink (id INT, name STRING)');
    await produce('f_src');
    const failed = await run('f-insert', 'INSERT INTO f_sink SELECT * FROM f_src', 'FAILED');
    assert.match(
      failed.status.detail ?? '',
      /offset 1 of partition 0 of topic lkc-\w+\.f_src \(error-handling\.mode is fail\)/,
    );
    const exceptions = await exceptionsOf('f-insert');
    assert.ok(exceptions.length >= 1);
    assert.match(JSON.stringify(exceptions), /error-handling\.mode is fail/);
  });

  it('ignore: the output has exactly the good records; ALTER reaches only later statements', async () => {
    await run('i-src', "CREATE TABLE i_src (id INT, name STRING) WITH ('error-handling.mode' = 'ignore')");
    await run('i-sink', 'CREATE TABLE i_sink (id INT, name STRING)');
    await produce('i_src');
    await run('i-insert', 'INSERT INTO i_sink SELECT * FROM i_src', 'RUNNING');
    const out = (await readTopic('i_sink', 3)).map((v) => JSON.parse(v.toString()) as unknown);
    assert.deepEqual(out, GOOD);
    // The skips are counted in the statement's metric samples and its status.
    const uid = (await sql.get('i-insert')).metadata.uid!;
    await until('3 skipped records in the metrics', async () => {
      const row = await stack.api.app.get(PrismaService).statement.findUnique({ where: { uid } });
      const metrics = row?.latestMetrics as { skippedRecords?: number; deadLetterRecords?: number } | null;
      return metrics?.skippedRecords === 3 && metrics.deadLetterRecords === 0 ? true : undefined;
    });
    await countedInStatus('i-insert', 3, 0);

    await run('i-alter', "ALTER TABLE i_src SET ('error-handling.mode' = 'fail')");
    // The running statement started with ignore and keeps it; a new one gets fail.
    await produce('i_src');
    assert.equal((await readTopic('i_sink', 6)).length, 6);
    assert.equal((await sql.get('i-insert')).status.phase, 'RUNNING');
    await countedInStatus('i-insert', 6, 0);
    const later = await run('i-later', 'INSERT INTO i_sink SELECT * FROM i_src', 'FAILED');
    assert.match(later.status.detail ?? '', /error-handling\.mode is fail/);
    await sql.remove('i-insert');
  });

  it('log: good records reach the output, bad ones the dead-letter table created on first use', async () => {
    await run('l-src', "CREATE TABLE l_src (id INT, name STRING) WITH ('error-handling.mode' = 'log')");
    await run('l-sink', 'CREATE TABLE l_sink (id INT, name STRING)');
    await produce('l_src');
    await run('l-insert', 'INSERT INTO l_sink SELECT * FROM l_src', 'RUNNING');
    const out = (await readTopic('l_sink', 3)).map((v) => JSON.parse(v.toString()) as unknown);
    assert.deepEqual(out, GOOD);

    const letters = (await readTopic('error_log', 3)).map(
      (v) =>
        JSON.parse(v.toString()) as {
          error_code: number;
          error_message: string;
          statement_name: string;
          affected_name: string;
          source_record: { topic: string; partition: number; offset: number; value: string; key: string | null };
        },
    );
    assert.equal(letters.length, 3);
    await countedInStatus('l-insert', 3, 3);
    assert.deepEqual(
      letters.map((l) => l.source_record.offset),
      [1, 3, 5],
    );
    letters.forEach((l, i) => {
      assert.equal(l.source_record.topic, topicOfTable(env, 'l_src'));
      assert.equal(l.source_record.partition, 0);
      assert.deepEqual(Buffer.from(l.source_record.value, 'base64'), BAD[i]);
      assert.deepEqual(Buffer.from(l.source_record.key!, 'base64'), BAD_KEYS[i]);
      assert.equal(l.statement_name, 'l-insert');
      assert.equal(l.affected_name, 'l_src');
      assert.equal(typeof l.error_code, 'number');
      assert.ok(l.error_message.length > 0);
    });

    // Stopped with a savepoint and resumed in the middle: each record reaches the output or the
    // dead-letter table once (read_committed).
    await toggle('l-insert', true);
    await sql.phaseOf('l-insert', 'STOPPED');
    await produce('l_src');
    await toggle('l-insert', false);
    await sql.phaseOf('l-insert', 'RUNNING');
    const resumed = (await readTopic('l_sink', 6)).map((v) => JSON.parse(v.toString()) as unknown);
    assert.deepEqual(resumed, [...GOOD, ...GOOD]);
    const again = (await readTopic('error_log', 6)).map(
      (v) => (JSON.parse(v.toString()) as { source_record: { offset: number; value: string } }).source_record,
    );
    assert.deepEqual(
      again.map((r) => r.offset),
      [1, 3, 5, 7, 9, 11],
    );
    again.forEach((r, i) => assert.deepEqual(Buffer.from(r.value, 'base64'), BAD[i % BAD.length]));
    // The resumed job counts from 0: the three bad records it read after the savepoint.
    await countedInStatus('l-insert', 3, 3);

    // The dead-letter table is a table of the catalog: SHOW CREATE TABLE knows it.
    await until('error_log in the catalog', async () => {
      await sql.remove('l-show').catch(() => undefined);
      await sql.submit('l-show', 'SHOW CREATE TABLE error_log', pool);
      const s = await until('l-show to end', async () => {
        const st = await sql.get('l-show');
        return ['COMPLETED', 'FAILED'].includes(st.status.phase) ? st : undefined;
      });
      return s.status.phase === 'COMPLETED' ? true : undefined;
    });
    await run('l-show-src', 'SHOW CREATE TABLE l_src');
    const shown = ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results', {
        params: { path: { organization_id: org, environment_id: env, name: 'l-show-src' } },
      }),
    ).results.data.map((d) => d.row) as string[][];
    assert.match(shown[0][0], /'error-handling\.mode' = 'log'/);
    assert.doesNotMatch(shown[0][0], /error-handling\.log\.topic|error-handling\.statement/);

    // ... and a normal table: a query reads the dead letters back, raw bytes included.
    await run(
      'l-select',
      "SELECT source_record.`offset`, CAST(source_record.`value` AS STRING), error_code FROM error_log /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */",
    );
    const rows = ok(
      await c.GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results', {
        params: { path: { organization_id: org, environment_id: env, name: 'l-select' } },
      }),
    ).results.data.map((d) => d.row) as string[][];
    assert.deepEqual(
      rows.map((r) => r[0]),
      ['1', '3', '5', '7', '9', '11'],
    );
    assert.equal(rows[1][1], '{"id": "x", "name": "d"}');
    assert.equal(rows[0][2], '1');

    // Replay: a corrected query (the producer sent `id` as a string) re-feeds the dead letters
    // that are JSON from their raw value and key bytes; each lands in the sink once, the bounded
    // INSERT ends.
    await run('l-fixed', 'CREATE TABLE l_fixed (id STRING, name STRING, src_offset BIGINT, src_key STRING)');
    await run('l-replay', REPLAY);
    const replayed = (await readTopic('l_fixed', 2)).map((v) => JSON.parse(v.toString()) as { src_offset: number });
    assert.deepEqual(
      replayed.sort((a, b) => a.src_offset - b.src_offset),
      [
        { id: 'x', name: 'd', src_offset: 3, src_key: 'bad-1' },
        { id: 'x', name: 'd', src_offset: 9, src_key: 'bad-1' },
      ],
    );
    await sql.remove('l-select');
    await sql.remove('l-insert');
  });

  it('sinks: a row the sink format cannot write fails, is skipped, or is dead-lettered as the sink table says', async () => {
    // Flink's json format refuses a map with a null key: the row for id 2 cannot be written.
    await run('s-src', 'CREATE TABLE s_src (id INT, name STRING)');
    const producer = stack.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicOfTable(env, 's_src'),
      messages: GOOD.map((g) => ({ value: Buffer.from(JSON.stringify(g)), partition: 0 })),
    });
    await producer.disconnect();
    const sink = (table: string, mode: string) =>
      run(
        `${table.replace('_', '-')}-create`,
        `CREATE TABLE ${table} (id INT, tags MAP<STRING, STRING>) WITH ('error-handling.mode' = '${mode}', 'error-handling.log.target' = 's_dlq')`,
      );
    await sink('s_fail', 'fail');
    await sink('s_ignore', 'ignore');
    await sink('s_log', 'log');
    const insert = (table: string) =>
      sql.submit(
        `${table.replace('_', '-')}-insert`,
        `INSERT INTO ${table} SELECT id, MAP[IF(id = 2, CAST(NULL AS STRING), name), 'x'] FROM s_src`,
        pool,
      );
    await insert('s_fail');
    await insert('s_ignore');
    await insert('s_log');

    const failed = await sql.phaseOf('s-fail-insert', 'FAILED');
    assert.match(
      failed.status.detail ?? '',
      /Could not serialize a row for table `[^`]+`\.`[^`]+`\.`s_fail` \(topic lkc-\w+\.s_fail, error-handling\.mode is fail\):.*null keys/,
    );

    const expected = [
      { id: 1, tags: { a: 'x' } },
      { id: 3, tags: { c: 'x' } },
    ];
    assert.deepEqual(
      (await readTopic('s_ignore', 2)).map((v) => JSON.parse(v.toString()) as unknown),
      expected,
    );
    await countedInStatus('s-ignore-insert', 1, 0);
    assert.deepEqual(
      (await readTopic('s_log', 2)).map((v) => JSON.parse(v.toString()) as unknown),
      expected,
    );
    await countedInStatus('s-log-insert', 1, 1);
    const letters = (await readTopic('s_dlq', 1)).map(
      (v) =>
        JSON.parse(v.toString()) as {
          error_code: number;
          error_message: string;
          error_details: Record<string, string>;
          processor: string;
          statement_name: string;
          affected_name: string;
          source_record: { topic: string; partition: number | null; offset: number | null; value: string | null };
        },
    );
    assert.equal(letters.length, 1);
    const [letter] = letters;
    assert.equal(letter.error_code, 2);
    assert.equal(letter.processor, 'sink');
    assert.equal(letter.affected_name, 's_log');
    assert.equal(letter.statement_name, 's-log-insert');
    assert.match(letter.error_message, /null keys/);
    assert.equal(letter.error_details.row, '+I[2, {null=x}]');
    assert.deepEqual(letter.source_record.topic, topicOfTable(env, 's_log'));
    assert.equal(letter.source_record.partition, null);
    assert.equal(letter.source_record.value, null);
    for (const name of ['s-ignore-insert', 's-log-insert']) await sql.remove(name);
  });

  it('sinks: a record larger than the topic takes is dead-lettered, not a failed transaction', async () => {
    await run(
      's-big-create',
      "CREATE TABLE s_big (id INT, tags MAP<STRING, STRING>) WITH ('kafka.max-message-size' = '1 kb', 'error-handling.mode' = 'log', 'error-handling.log.target' = 's_big_dlq')",
    );
    await sql.submit(
      's-big-insert',
      "INSERT INTO s_big SELECT id, MAP[name, IF(id = 3, REPEAT('x', 2000), 'x')] FROM s_src",
      pool,
    );
    assert.deepEqual(
      (await readTopic('s_big', 2)).map((v) => (JSON.parse(v.toString()) as { id: number }).id).sort(),
      [1, 2],
    );
    const letters = (await readTopic('s_big_dlq', 1)).map(
      (v) => JSON.parse(v.toString()) as { error_message: string; affected_name: string; processor: string },
    );
    assert.equal(letters.length, 1);
    assert.equal(letters[0].affected_name, 's_big');
    assert.equal(letters[0].processor, 'sink');
    assert.match(letters[0].error_message, /over the limit of 1024 bytes/);
    await countedInStatus('s-big-insert', 1, 1);
    assert.equal((await sql.get('s-big-insert')).status.phase, 'RUNNING');
    await sql.remove('s-big-insert');
  });

  it('log: a principal without DeveloperWrite on the dead-letter table cannot run the statement', async () => {
    await run(
      'r-src',
      "CREATE TABLE r_src (id INT, name STRING) WITH ('error-handling.mode' = 'log', 'error-handling.log.target' = 'r_dlq')",
    );
    await run('r-sink', 'CREATE TABLE r_sink (id INT, name STRING)');
    const envCrn = ok(await c.GET('/org/v2/environments/{id}', { params: { path: { id: env } } })).metadata!
      .resource_name!;
    const topic = (t: string) => `${envCrn}/cloud-cluster=${clusterOf(env)}/kafka=${clusterOf(env)}/topic=${t}`;
    const sa = ok(await c.POST('/iam/v2/service-accounts', { body: { display_name: unique('dlq-less') } })).id!;
    await bind(c, sa, 'FlinkDeveloper', envCrn);
    await bind(c, sa, 'DeveloperRead', topic('r_src'));
    await bind(c, sa, 'DeveloperWrite', topic('r_sink'));
    const asSa = statementsOf(await keyFor(stack.api, c, sa), org, env);
    await asSa.submit('r-insert', 'INSERT INTO r_sink SELECT * FROM r_src', pool);
    const failed = await asSa.phaseOf('r-insert', 'FAILED');
    assert.match(failed.status.detail ?? '', /DeveloperWrite/);
    assert.match(failed.status.detail ?? '', /r_dlq/);
  });
});
