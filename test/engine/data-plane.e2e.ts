/**
 * The local data plane (infra/engine.sh) driven through libs/engine: real Kafka, real Flink,
 * real SQL Gateway. Covers what the engine workers will rely on: Kafka-backed tables, a
 * bounded query's rows, an exactly-once INSERT job, stop with savepoint and resume from it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { logLevel, type Admin } from 'kafkajs';
import { loadConfig } from '#config';
import { kafkaClient } from '#contracts';
import { kafkaTableOptions } from '#domain';
import { FlinkRestClient, SqlGatewayClient } from '#engine';
import { until } from './until';

const config = loadConfig().engine;

describe('data plane: Kafka + Flink through the SQL Gateway', () => {
  const kafka = kafkaClient(config, 'cflink-test', logLevel.NOTHING);
  const gateway = new SqlGatewayClient(config.sqlGatewayUrl);
  const flink = new FlinkRestClient(config.flinkRestUrl);
  const id = randomUUID().slice(0, 8);
  const source = `src-${id}`;
  const sink = `sink-${id}`;
  let admin: Admin;
  let session: string;

  // The control plane's own identity: the broker refuses anonymous clients.
  const saslOptions = Object.entries(kafkaTableOptions(config.kafkaSasl.username, config.kafkaSasl.password))
    .map(([k, v]) => `'${k}' = '${v}'`)
    .join(', ');
  const table = (name: string, extra = '') => `CREATE TABLE \`${name}\` (id BIGINT, label STRING) WITH (
      'connector' = 'kafka', 'topic' = '${name}', 'properties.bootstrap.servers' = '${config.kafkaBrokers.join(',')}',
      'format' = 'json', 'scan.startup.mode' = 'earliest-offset',
      'properties.isolation.level' = 'read_committed', ${saslOptions}${extra})`;

  async function committedCount(topic: string): Promise<number> {
    const consumer = kafka.consumer({ groupId: `count-${randomUUID()}`, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const ids = new Set<string>();
    let total = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        total += 1;
        ids.add(String(JSON.parse(String(message.value)).id));
      },
    });
    await new Promise((r) => setTimeout(r, 4000));
    await consumer.disconnect();
    assert.equal(ids.size, total, `duplicates in ${topic}`);
    return total;
  }

  before(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [source, sink].map((topic) => ({ topic, numPartitions: 2 })),
      waitForLeaders: true,
    });
    session = await gateway.openSession({}, `test-${id}`);
  });

  after(async () => {
    await gateway.closeSession(session).catch(() => undefined);
    await admin.deleteTopics({ topics: [source, sink] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('runs DDL, a bounded insert and a bounded query with typed columns', async () => {
    await gateway.run(session, table(source));
    await gateway.run(
      session,
      table(sink, `, 'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'cflink-${id}'`),
    );
    const insert = await gateway.run(
      session,
      `INSERT INTO \`${source}\` VALUES ${Array.from({ length: 50 }, (_, i) => `(${i}, 'r${i}')`).join(',')}`,
    );
    assert.match(insert.jobId ?? '', /^[0-9a-f]{32}$/);
    await until('the bounded insert to finish', async () =>
      (await flink.jobState(insert.jobId!)) === 'FINISHED' ? true : undefined,
    );
    const select = await gateway.run(
      session,
      `SELECT id, label FROM \`${source}\` /*+ OPTIONS('scan.bounded.mode'='latest-offset') */`,
    );
    assert.deepEqual(
      select.columns.map((c) => [c.name, c.logicalType.type]),
      [
        ['id', 'BIGINT'],
        ['label', 'VARCHAR'],
      ],
    );
    assert.equal(select.rows.length, 50);
    assert.deepEqual(
      select.rows.map((r) => Number(r.fields[0])).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it('stops a streaming insert with a savepoint and resumes it exactly once', async () => {
    const statement = `INSERT INTO \`${sink}\` SELECT id, label FROM \`${source}\``;
    const first = await gateway.run(session, statement, { 'pipeline.name': `copy-${id}`, 'parallelism.default': '2' });
    const jobId = first.jobId!;
    await until('the copy job to run', async () => ((await flink.jobState(jobId)) === 'RUNNING' ? true : undefined));
    // Wait for one checkpoint so the first 50 records are committed before the stop.
    await new Promise((r) => setTimeout(r, 12_000));
    const savepoint = await flink.stopWithSavepoint(jobId);
    assert.match(savepoint, /savepoint/);
    assert.equal(await flink.jobState(jobId), 'FINISHED');

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: source,
      messages: Array.from({ length: 30 }, (_, i) => ({ value: JSON.stringify({ id: 50 + i, label: `late${i}` }) })),
    });
    await producer.disconnect();

    const resumed = await gateway.run(session, statement, {
      'pipeline.name': `copy-${id}`,
      'parallelism.default': '2',
      'execution.state-recovery.path': savepoint,
    });
    await until('the resumed job to run', async () =>
      (await flink.jobState(resumed.jobId!)) === 'RUNNING' ? true : undefined,
    );
    const total = await until(
      'all 80 records committed to the sink',
      async () => {
        const n = await committedCount(sink);
        return n >= 80 ? n : undefined;
      },
      120_000,
    );
    assert.equal(total, 80);
    await flink.cancel(resumed.jobId!);
  });

  it('reports a bad statement with the engine message', async () => {
    await assert.rejects(gateway.run(session, 'SELECT * FROM no_such_table'), /no_such_table/);
  });

  it('configures a session synchronously: catalogs, tables and USE, with the engine message on failure', async () => {
    const own = await gateway.openSession({}, `test-configure-${id}`);
    try {
      await gateway.configure(own, "CREATE CATALOG `c 1` WITH ('type' = 'generic_in_memory')");
      await gateway.configure(own, 'CREATE DATABASE `c 1`.`d`');
      await gateway.configure(own, 'CREATE TABLE `c 1`.`d`.`t` (id BIGINT)');
      await gateway.configure(own, 'USE CATALOG `c 1`');
      await gateway.configure(own, 'USE `d`');
      const shown = await gateway.run(own, 'SHOW TABLES');
      assert.deepEqual(
        shown.rows.map((r) => r.fields[0]),
        ['t'],
      );
      await assert.rejects(gateway.configure(own, 'CREATE TABLE `t` (id BIGINT)'), /TableAlreadyExistException.*d\.t/);
    } finally {
      await gateway.closeSession(own).catch(() => undefined);
    }
  });
});
