/**
 * Catalog benchmark: how long preparing a statement's SQL Gateway session takes as its
 * environment's catalog grows (DDL gets every stored table replayed into its session; a query,
 * INSERT or statement set only the tables it names: libs/domain session-tables.ts).
 *
 *   scripts/bench.sh catalog     (needs the local data plane: infra/engine.sh start)
 *
 * Seeds a scratch organization and environment with N tables in PostgreSQL (a definition Flink
 * printed itself, so the replay is what production replays), then times, for each N, what a start
 * spends before planning (CatalogSession.load, the session's open request, CatalogSession.prepare)
 * for a DDL statement, an INSERT naming two tables and one naming the examples, and removes what
 * it seeded. First it prints what a pool of blank sessions opened ahead would save (nothing: see
 * warmSessionCost). Talks only to
 * the SQL Gateway: the replay touches no Kafka topic.
 *
 * Environment: BENCH_TABLES (default "0,10,50,100") table counts, BENCH_ROUNDS (default 5)
 * prepares per count; the median and the slowest round are reported.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '#config';
import { PrismaService, type Statement } from '#db';
import {
  kafkaClusterIdOf,
  parseCanonicalTable,
  qualifiedName,
  quoteIdentifier,
  storedDefinition,
  topicOf,
  type SqlKind,
} from '#domain';
import { SqlGatewayClient } from '#engine';
import { CatalogSession } from '#worker/catalog/catalog-session';

const COUNTS = (process.env.BENCH_TABLES ?? '0,10,50,100').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const config = loadConfig(process.env);
const gateway = new SqlGatewayClient(config.engine.sqlGatewayUrl);
const prisma = new PrismaService(config);
const catalog = new CatalogSession(config, prisma);

/** A typical table as Flink prints it, stored the way CREATE TABLE stores it. */
async function sampleDefinition(): Promise<string> {
  const session = await gateway.openSession();
  try {
    await gateway.run(session, "CREATE CATALOG `c` WITH ('type' = 'generic_in_memory')");
    await gateway.run(session, 'CREATE DATABASE `c`.`d`');
    await gateway.run(
      session,
      `CREATE TABLE ${qualifiedName(['c', 'd', 't'])} (order_id STRING, customer_id INT, product_id STRING, price DOUBLE, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) DISTRIBUTED BY HASH(order_id) INTO 3 BUCKETS WITH ('json.ignore-parse-errors' = 'true')`,
    );
    const shown = await gateway.run(session, 'SHOW CREATE TABLE `c`.`d`.`t`');
    return storedDefinition(parseCanonicalTable(String(shown.rows[0]?.fields[0] ?? '')));
  } finally {
    await gateway.closeSession(session).catch(() => undefined);
  }
}

/** From the PostgreSQL reads through the session's open request to its last replayed table. */
async function timePrepare(row: Statement, kind: SqlKind): Promise<number> {
  const started = process.hrtime.bigint();
  const stored = await catalog.load(row);
  const session = await gateway.openSession(CatalogSession.sessionOptions(stored), 'cflink-bench-catalog');
  try {
    const sc = await catalog.prepare(session, stored, row, kind, { session: {}, tableScan: {}, dryRun: false });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (sc.tables.size !== (await prisma.catalogTable.count({ where: { environmentId: row.environmentId } }))) {
      throw new Error('the session catalog does not know every stored table');
    }
    return ms;
  } finally {
    await gateway.closeSession(session).catch(() => undefined);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

/**
 * Whether a pool of blank sessions, opened ahead, would shorten a start: opening a session named
 * after the environment (what a start does) against bringing an already open blank session to the
 * same state (a property set, the catalog and database created and selected).
 */
async function warmSessionCost(): Promise<string> {
  const named: number[] = [];
  const fromBlank: number[] = [];
  const options = { 'table.builtin-catalog-name': 'bench env', 'table.builtin-database-name': 'cluster_0' };
  for (let i = 0; i < ROUNDS * 2 + 1; i++) {
    let session = '';
    named.push(
      await timed(async () => (session = await gateway.openSession({ ...options, 'table.local-time-zone': 'UTC' }))),
    );
    await gateway.closeSession(session);
    session = await gateway.openSession();
    fromBlank.push(
      await timed(async () => {
        for (const sql of [
          "SET 'table.local-time-zone' = 'UTC'",
          "CREATE CATALOG `bench env` WITH ('type' = 'generic_in_memory')",
          'CREATE DATABASE `bench env`.`cluster_0`',
          'USE CATALOG `bench env`',
          'USE `cluster_0`',
        ]) {
          await gateway.configure(session, sql);
        }
      }),
    );
    await gateway.closeSession(session);
  }
  return `opening a session named after the environment: median ${median(named).toFixed(1)} ms; bringing a pre-opened blank one to the same state: median ${median(fromBlank).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const organizationId = randomUUID();
  const environmentId = `env-bench${randomUUID().slice(0, 6)}`;
  const databaseId = kafkaClusterIdOf(environmentId);
  await prisma.organization.create({ data: { id: organizationId, displayName: 'catalog bench' } });
  await prisma.environment.create({ data: { id: environmentId, organizationId, displayName: 'bench env' } });
  const statement = (sql: string) =>
    ({
      uid: randomUUID(),
      organizationId,
      environmentId,
      name: 'bench',
      statement: sql,
      properties: {},
    }) as unknown as Statement;
  try {
    const definition = await sampleDefinition();
    console.log(await warmSessionCost());
    const lines: string[] = [];
    let stored = 0;
    for (const count of COUNTS) {
      for (; stored < count; stored++) {
        const name = `t${String(stored).padStart(4, '0')}`;
        await prisma.catalogTable.create({
          data: {
            environmentId,
            databaseId,
            name,
            definition,
            topic: topicOf(databaseId, name),
            partitions: 3,
            statementUid: randomUUID(),
          },
        });
      }
      // DDL gets every table; an INSERT between two tables gets those two; one naming the examples gets them too.
      const ddl = statement('CREATE TABLE `t_new` (id INT)');
      const plain = statement(`INSERT INTO ${quoteIdentifier('t0000')} SELECT * FROM ${quoteIdentifier('t0001')}`);
      const withExamples = statement('INSERT INTO t0000 SELECT * FROM examples.marketplace.orders');
      const results: Record<string, number[]> = { ddl: [], plain: [], examples: [] };
      await timePrepare(ddl, 'CREATE_TABLE'); // warm-up: the gateway's first statements of a run are slower
      for (let i = 0; i < ROUNDS; i++) {
        results.ddl.push(await timePrepare(ddl, 'CREATE_TABLE'));
        results.plain.push(await timePrepare(plain, 'INSERT_INTO'));
        results.examples.push(await timePrepare(withExamples, 'INSERT_INTO'));
      }
      const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
      lines.push(
        `${String(count).padStart(4)} tables: every table (DDL) ${fmt(results.ddl)}; an INSERT naming two ${fmt(results.plain)}; with examples ${fmt(results.examples)}`,
      );
      console.log(lines.at(-1));
    }
  } finally {
    await prisma.catalogTable.deleteMany({ where: { environmentId } });
    await prisma.environment.delete({ where: { id: environmentId } });
    await prisma.organization.delete({ where: { id: organizationId } });
    await prisma.$disconnect();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
