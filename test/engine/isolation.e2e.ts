/**
 * The SQL boundary, attacked end to end on the real stack: a service account confined to the
 * topics of environment A tries, with ordinary statements on its own pool, every known way to
 * reach environment B's table (statement kinds, table hints in queries, statement sets, CTAS
 * and subqueries, statement properties). Each is refused, nothing is left behind, and B's topic
 * is byte-for-byte what it was. The allowed paths keep working.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import type { CflinkClient } from '#client';
import { PrismaService } from '#db';
import { derivedKafkaPassword } from '#domain';
import { bind, createEnvironment, failure, keyFor, ok, unique } from '../e2e/harness';
import {
  clusterOf,
  enginePool,
  startEngineStack,
  statementsOf,
  topicOfTable,
  until,
  type EngineStack,
} from './engine-stack';

/** Every record of a topic (partition, offset, key, value, headers) and its end offsets. */
async function snapshot(kafka: Kafka, topic: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const want = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const records = ends.map((p) => `end ${p.partition}:${p.high}`);
  if (want.size === 0) return records;
  const consumer = kafka.consumer({ groupId: unique('snapshot') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Map<number, number>();
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      records.push(
        `${partition}:${message.offset}:${message.key?.toString('base64')}:${message.value?.toString('base64')}`,
      );
      seen.set(partition, Number(message.offset) + 1);
    },
  });
  await until(`all of ${topic}`, async () =>
    [...want].every(([p, high]) => (seen.get(p) ?? 0) >= high) ? true : undefined,
  );
  await consumer.disconnect();
  return records.sort();
}

describe('tenant isolation: the SQL boundary refuses every way into another environment', () => {
  let stack: EngineStack;
  let admin: CflinkClient;
  let org: string;
  let envA: string;
  let envB: string;
  let poolA: string;
  let sa: string;
  let reader: string;
  let asSa: ReturnType<typeof statementsOf>;
  let secretsTopic: string;
  let before_: string[];

  before(async () => {
    stack = await startEngineStack('ap-isolation-1');
    admin = stack.api.admin.client;
    org = stack.api.admin.organizationId;
    envA = (await createEnvironment(admin)).id;
    envB = (await createEnvironment(admin)).id;
    poolA = (await enginePool(admin, envA, stack.region)).id;
    const poolB = (await enginePool(admin, envB, stack.region)).id;

    // B's table, with records a producer wrote.
    const inB = statementsOf(admin, org, envB);
    await inB.submit('b-secrets', 'CREATE TABLE secrets (id BIGINT, label STRING)', poolB);
    await inB.phaseOf('b-secrets', 'COMPLETED');
    secretsTopic = topicOfTable(envB, 'secrets');
    const producer = stack.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: secretsTopic,
      messages: [1, 2, 3].map((id) => ({ value: JSON.stringify({ id, label: `b-secret-${id}` }) })),
    });
    await producer.disconnect();
    before_ = await snapshot(stack.kafka, secretsTopic);

    // A's tables, and a service account with every right on A's topics and none on B's.
    const inA = statementsOf(admin, org, envA);
    await inA.submit('a-mine', 'CREATE TABLE mine (id BIGINT, label STRING)', poolA);
    await inA.submit('a-out', 'CREATE TABLE mine_out (id BIGINT, label STRING)', poolA);
    await inA.phaseOf('a-mine', 'COMPLETED');
    await inA.phaseOf('a-out', 'COMPLETED');
    const envCrn = ok(await admin.GET('/org/v2/environments/{id}', { params: { path: { id: envA } } })).metadata!
      .resource_name!;
    const topics = `${envCrn}/cloud-cluster=${clusterOf(envA)}/kafka=${clusterOf(envA)}/topic=*`;
    sa = ok(await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('confined') } })).id!;
    await bind(admin, sa, 'FlinkDeveloper', envCrn);
    for (const role of ['DeveloperRead', 'DeveloperWrite', 'DeveloperManage']) await bind(admin, sa, role, topics);
    asSa = statementsOf(await keyFor(stack.api, admin, sa), org, envA);
    // A second account that may only read A's topics.
    reader = ok(await admin.POST('/iam/v2/service-accounts', { body: { display_name: unique('reader') } })).id!;
    await bind(admin, reader, 'FlinkDeveloper', envCrn);
    await bind(admin, reader, 'DeveloperRead', topics);
  });

  after(async () => {
    const mine = (await stack.admin.listTopics()).filter(
      (t) => t.startsWith(`${clusterOf(envA)}.`) || t.startsWith(`${clusterOf(envB)}.`),
    );
    await stack.admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await stack?.close();
  });

  const refused = async (name: string, sql: string, detail: RegExp, as = () => asSa) => {
    await as().submit(name, sql, poolA);
    const failed = await as().phaseOf(name, 'FAILED');
    assert.match(failed.status.detail ?? '', detail, `${name}: ${failed.status.detail}`);
    return failed;
  };

  it('refuses every statement kind outside the allowlist before it reaches the engine', async () => {
    const kinds: [string, string][] = [
      [
        'k-temp',
        `CREATE TEMPORARY TABLE stolen (id BIGINT, label STRING) WITH ('connector' = 'kafka', 'topic' = '${secretsTopic}', 'properties.bootstrap.servers' = '127.0.0.1:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset')`,
      ],
      ['k-set', "SET 'table.dynamic-table-options.enabled' = 'true'"],
      ['k-jar', "ADD JAR '/tmp/evil.jar'"],
      ['k-jobs', 'SHOW JOBS'],
      ['k-stop', "STOP JOB '00000000000000000000000000000000'"],
      ['k-call', "CALL `sys`.`compact`('t')"],
      ['k-func', "CREATE FUNCTION f AS 'com.example.Evil'"],
      ['k-catalog', "CREATE CATALOG c WITH ('type' = 'generic_in_memory')"],
      ['k-plan', "COMPILE PLAN '/tmp/p.json' FOR INSERT INTO mine_out SELECT * FROM mine"],
      ['k-module', 'LOAD MODULE core'],
      ['k-hidden', `/* SELECT */ -- INSERT\n  set 'pipeline.jars' = 'file:///tmp/evil.jar'`],
    ];
    await Promise.all(kinds.map(([name, sql]) => refused(name, sql, /is not supported\. Statements may be/)));
  });

  it('refuses table hints that change where data comes from or goes to, wherever they hide', async () => {
    const hints: [string, string, string][] = [
      ['h-topic', `SELECT * FROM mine /*+ OPTIONS('topic' = '${secretsTopic}') */`, 'topic'],
      [
        'h-sub',
        `INSERT INTO mine_out SELECT * FROM (SELECT * FROM mine /*+ OPTIONS('topic' = '${secretsTopic}') */) WHERE id > 0`,
        'topic',
      ],
      [
        'h-set',
        `EXECUTE STATEMENT SET BEGIN INSERT INTO mine_out /*+ OPTIONS('topic' = '${secretsTopic}') */ SELECT * FROM mine; END`,
        'topic',
      ],
      [
        'h-comment',
        `SELECT * FROM mine /* 'scan.startup.mode' */ /*+ OPTIONS('scan.startup.mode' = 'earliest-offset', 'properties.bootstrap.servers' = '127.0.0.1:9092') */`,
        'properties.bootstrap.servers',
      ],
      [
        'h-parallel',
        `INSERT INTO mine_out /*+ OPTIONS('sink.parallelism' = '8') */ SELECT * FROM mine`,
        'sink.parallelism',
      ],
      ['h-ctas', `CREATE TABLE stolen_copy AS SELECT * FROM mine /*+ OPTIONS('topic' = '${secretsTopic}') */`, 'topic'],
      ['h-connector', `SELECT * FROM mine /*+ OPTIONS('connector' = 'cflink-kafka') */`, 'connector'],
      ['h-format', `SELECT * FROM mine /*+ OPTIONS('value.format' = 'json') */`, 'value.format'],
      [
        'h-jaas',
        `SELECT * FROM mine /*+ OPTIONS('properties.sasl.jaas.config' = 'x required username="sa" password="p";') */`,
        'properties.sasl.jaas.config',
      ],
      ['h-with', `WITH w AS (SELECT * FROM mine /*+ OPTIONS('topic' = '${secretsTopic}') */) SELECT * FROM w`, 'topic'],
      [
        'h-lateral',
        `SELECT m.id FROM mine m, LATERAL (SELECT id FROM mine_out /*+ OPTIONS('topic' = '${secretsTopic}') */ o WHERE o.id = m.id)`,
        'topic',
      ],
      // Explaining plans the statement: a hint it carries is judged as if it ran.
      ['h-explain', `EXPLAIN SELECT * FROM mine /*+ OPTIONS('topic' = '${secretsTopic}') */`, 'topic'],
    ];
    await Promise.all([
      ...hints.map(([name, sql, key]) => refused(name, sql, new RegExp(`Table hint option '${key}' is not allowed`))),
      // Flink itself refuses a pattern beside the table's topic, before the plan is judged.
      refused('h-pattern', `SELECT * FROM mine /*+ OPTIONS('topic-pattern' = 'lkc-.*') */`, /'?topic-pattern'?/),
    ]);
  });

  it('refuses statement properties outside the allowlist with a 400 that names the key', async () => {
    for (const [key, value] of [
      ['pipeline.jars', 'file:///tmp/evil.jar'],
      ['parallelism.default', '8'],
      ['table.exec.resource.default-parallelism', '8'],
      ['execution.checkpointing.dir', 'file:///tmp/elsewhere'],
      ['sql.tables.scan.startup.mode', 'group-offsets'],
    ]) {
      const errors = failure(await asSa.post(unique('p'), 'SELECT 1', poolA, { properties: { [key]: value } }), 400);
      assert.equal(errors[0].source?.pointer, `/spec/properties/${key}`, key);
      assert.match(errors[0].detail ?? '', /spec\.properties/, key);
    }
  });

  it('checks every right before anything is created: a refused CTAS leaves no topic, table or job', async () => {
    const asReader = statementsOf(await keyFor(stack.api, admin, reader), org, envA);
    await refused(
      'c-denied',
      'CREATE TABLE side AS SELECT * FROM mine',
      /lacks DeveloperManage on table .*side/,
      () => asReader,
    );
    const topics = await stack.admin.listTopics();
    assert.equal(topics.includes(topicOfTable(envA, 'side')), false);
    assert.equal(topics.includes(topicOfTable(envA, 'stolen_copy')), false);
    const prisma = stack.api.app.get(PrismaService);
    const tables = await prisma.catalogTable.findMany({ where: { environmentId: envA }, select: { name: true } });
    assert.deepEqual(tables.map((t) => t.name).sort(), ['mine', 'mine_out']);
  });

  it('keeps the allowed paths working: documented hints, properties and dry runs', async () => {
    await asSa.submit('ok-hint', "SELECT * FROM mine /*+ OPTIONS('scan.startup.mode' = 'latest-offset') */", poolA, {
      properties: { 'sql.local-time-zone': 'Europe/Berlin', 'sql.state-ttl': '1 h' },
    });
    const running = await asSa.phaseOf('ok-hint', 'RUNNING');
    // The job holds what admission gave it: every vertex runs at the statement's CFUs.
    const held = await stack.api.app
      .get(PrismaService)
      .statement.findFirstOrThrow({ where: { uid: running.metadata.uid }, select: { flinkJobId: true, cfu: true } });
    const job = (await (await fetch(`${stack.config.engine.flinkRestUrl}/jobs/${held.flinkJobId}`)).json()) as {
      vertices: { parallelism: number }[];
    };
    assert.ok(held.cfu >= 1 && job.vertices.length > 0);
    assert.deepEqual(
      job.vertices.map((v) => v.parallelism),
      job.vertices.map(() => held.cfu),
    );
    await asSa.remove('ok-hint');
    await asSa.submit(
      'ok-explain',
      "EXPLAIN SELECT * FROM mine /*+ OPTIONS('scan.startup.mode' = 'latest-offset') */",
      poolA,
    );
    await asSa.phaseOf('ok-explain', 'COMPLETED');
    const plan = ok(
      await (
        await keyFor(stack.api, admin, sa)
      ).GET('/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results', {
        params: { path: { organization_id: org, environment_id: envA, name: 'ok-explain' } },
      }),
    );
    assert.match(JSON.stringify(plan), /TableSourceScan/);
    await asSa.submit('ok-dry', 'INSERT INTO mine_out SELECT * FROM mine', poolA, {
      properties: { 'sql.dry-run': 'true' },
    });
    const dry = await asSa.phaseOf('ok-dry', 'COMPLETED');
    assert.match(dry.status.detail ?? '', /dry run/i);
    const row = await stack.api.app.get(PrismaService).statement.findFirstOrThrow({ where: { uid: dry.metadata.uid } });
    assert.equal(row.flinkJobId, null);
  });

  it("refuses every way to name, define, bend or describe another environment's table", async () => {
    const nameB = ok(await admin.GET('/org/v2/environments/{id}', { params: { path: { id: envB } } })).display_name!;
    const atB = `\`${envB}\`.\`${clusterOf(envB)}\`.secrets`;
    const missing = /not found|does ?n[o']t exist|Cannot find/i;
    const optionRefused = (key: string) => new RegExp(`Table option '${key}' cannot be set`);
    const probes: [string, string, RegExp, Record<string, string>?][] = [
      // The session holds only A's catalog: B is not there by id, display name or case variant.
      ['x-id', `SELECT * FROM ${atB}`, missing],
      ['x-name', `SELECT * FROM \`${nameB}\`.\`cluster_0\`.secrets`, missing],
      ['x-case', `SELECT * FROM \`${envB.toUpperCase()}\`.\`${clusterOf(envB).toUpperCase()}\`.secrets`, missing],
      ['x-insert', `INSERT INTO ${atB} SELECT * FROM mine`, missing],
      [
        'x-set',
        `EXECUTE STATEMENT SET BEGIN INSERT INTO mine_out SELECT * FROM mine; INSERT INTO ${atB} SELECT * FROM mine; END`,
        missing,
      ],
      [
        'x-ctas',
        `CREATE TABLE ${atB.replace('secrets', 'planted')} AS SELECT * FROM mine`,
        /is not this environment's catalog/,
      ],
      ['x-use', `USE CATALOG \`${envB}\``, missing],
      ['x-describe', `DESCRIBE ${atB}`, missing],
      ['x-show', `SHOW CREATE TABLE ${atB}`, missing],
      ['x-tables', `SHOW TABLES FROM \`${envB}\`.\`${clusterOf(envB)}\``, missing],
      ['x-explain', `EXPLAIN SELECT * FROM ${atB}`, missing],
      ['x-catalog', 'SELECT * FROM secrets', /is not a catalog of this environment/, { 'sql.current-catalog': envB }],
      // Tables of A's own catalog cannot be defined or bent onto B's topic.
      [
        'd-topic',
        `CREATE TABLE stolen_t (id BIGINT, label STRING) WITH ('topic' = '${secretsTopic}')`,
        optionRefused('topic'),
      ],
      [
        'd-connector',
        `CREATE TABLE stolen_c (id BIGINT, label STRING) WITH ('connector' = 'kafka', 'topic' = '${secretsTopic}', 'properties.bootstrap.servers' = '127.0.0.1:9092', 'format' = 'json')`,
        /Table option '[a-z.]+' cannot be set/,
      ],
      ['d-format', "CREATE TABLE stolen_f (id BIGINT) WITH ('value.format' = 'avro-confluent')", /not supported/],
      ['d-like', `CREATE TABLE stolen_l WITH ('topic' = '${secretsTopic}') LIKE mine`, /cannot be set/],
      ['d-alter', `ALTER TABLE mine SET ('topic' = '${secretsTopic}')`, optionRefused('topic')],
      [
        'd-alter-props',
        "ALTER TABLE mine SET ('properties.bootstrap.servers' = '127.0.0.1:9093')",
        optionRefused('properties.bootstrap.servers'),
      ],
      [
        'd-dead-letters',
        `CREATE TABLE stolen_d (id BIGINT) WITH ('error-handling.mode' = 'log', 'error-handling.log.target' = '${secretsTopic}')`,
        /must name a table of the same database/,
      ],
      // One statement per statement: nothing rides behind an allowed one.
      ['m-behind', "SHOW TABLES; ADD JAR '/tmp/evil.jar'", /one SQL statement/],
    ];
    await Promise.all(
      probes.map(async ([name, sql, detail, properties]) => {
        await asSa.submit(name, sql, poolA, properties ? { properties } : {});
        const failed = await asSa.phaseOf(name, 'FAILED');
        assert.match(failed.status.detail ?? '', detail, `${name}: ${failed.status.detail}`);
      }),
    );
    // A's table is as it was: ALTER changed nothing.
    const prisma = stack.api.app.get(PrismaService);
    const mine = await prisma.catalogTable.findFirstOrThrow({ where: { environmentId: envA, name: 'mine' } });
    assert.equal(mine.topic, topicOfTable(envA, 'mine'));
    assert.doesNotMatch(mine.definition, /topic|properties/);
  });

  it('shows no credential in SHOW CREATE TABLE, details or exceptions', async () => {
    await asSa.submit('s-show', 'SHOW CREATE TABLE mine', poolA);
    await asSa.phaseOf('s-show', 'COMPLETED');
    const client = await keyFor(stack.api, admin, sa);
    const base = { organization_id: org, environment_id: envA };
    const results = ok(
      await client.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{name}/results',
        {
          params: { path: { ...base, name: 's-show' } },
        },
      ),
    );
    const shown = JSON.stringify(results);
    assert.match(shown, /CREATE TABLE/);
    assert.ok(shown.includes(topicOfTable(envA, 'mine')), shown);
    assert.doesNotMatch(shown, /jaas|password|sasl/i);
    // An engine error that lists the table's options (Flink's full trace goes to the exceptions).
    await asSa.submit(
      'e-options',
      "SELECT * FROM mine /*+ OPTIONS('scan.startup.mode' = 'specific-offsets') */",
      poolA,
    );
    const failed = await asSa.phaseOf('e-options', 'FAILED');
    const exceptions = ok(
      await client.GET(
        '/sql/v1/organizations/{organization_id}/environments/{environment_id}/statements/{statement_name}/exceptions',
        { params: { path: { ...base, statement_name: 'e-options' } } },
      ),
    );
    const told = JSON.stringify([failed, exceptions]);
    assert.match(told, /specific-offsets/);
    assert.doesNotMatch(told, /password=\\?"[^[\\]/);
    assert.ok(!told.includes(derivedKafkaPassword(stack.config.engine.kafkaCredentialKey, 'principal', sa)));
  });

  it("leaves the other environment's table byte-for-byte as it was", async () => {
    assert.deepEqual(await snapshot(stack.kafka, secretsTopic), before_);
  });
});
