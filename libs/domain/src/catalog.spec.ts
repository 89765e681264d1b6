import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucketsOf,
  connectorOptions,
  ddlTarget,
  environmentCatalogName,
  insertTargets,
  invalidUserOption,
  kafkaClusterIdOf,
  parseCanonicalTable,
  resolveName,
  sessionTableDdl,
  splitCreateTableAs,
  storedDefinition,
  topicOf,
} from './catalog';

// As Flink 2.2 prints SHOW CREATE TABLE.
const SHOWN = `CREATE TABLE \`My Env\`.\`cluster_0\`.\`orders\` (
  \`id\` INT NOT NULL,
  \`name\` VARCHAR(2147483647),
  CONSTRAINT \`PK_id\` PRIMARY KEY (\`id\`) NOT ENFORCED
)
DISTRIBUTED BY HASH(\`id\`) INTO 3 BUCKETS
WITH (
  'changelog.mode' = 'append',
  'value.format' = 'json'
)
`;

describe('catalog naming', () => {
  it('derives the cluster and topic from the environment', () => {
    assert.equal(kafkaClusterIdOf('env-abc123'), 'lkc-abc123');
    assert.equal(topicOf('lkc-abc123', 'orders'), 'lkc-abc123.orders');
  });

  it('names the catalog by the display name, or by the id when the name is a built-in catalog', () => {
    assert.equal(environmentCatalogName('My Env', 'env-abc123'), 'My Env');
    assert.equal(environmentCatalogName('examples', 'env-abc123'), 'env-abc123');
    assert.equal(environmentCatalogName('default_catalog', 'env-abc123'), 'env-abc123');
    assert.equal(environmentCatalogName('Examples', 'env-abc123'), 'Examples');
  });

  it('resolves partial names against the current catalog and database', () => {
    assert.deepEqual(resolveName(['t'], 'c', 'd'), ['c', 'd', 't']);
    assert.deepEqual(resolveName(['x', 't'], 'c', 'd'), ['c', 'x', 't']);
    assert.deepEqual(resolveName(['a', 'b', 't'], 'c', 'd'), ['a', 'b', 't']);
  });
});

describe('ddlTarget', () => {
  it('reads the target and conditions of table DDL', () => {
    assert.deepEqual(ddlTarget('CREATE TABLE IF NOT EXISTS `my env`.db.`a``b` (id INT)'), {
      op: 'create',
      name: ['my env', 'db', 'a`b'],
      ifNotExists: true,
      ifExists: false,
      temporary: false,
    });
    assert.equal(ddlTarget('-- c\ncreate table t AS SELECT 1')?.op, 'create_as');
    assert.equal(ddlTarget("ALTER TABLE t SET ('x'='y')")?.op, 'alter');
    assert.deepEqual(ddlTarget('DROP TABLE IF EXISTS orders')?.name, ['orders']);
    assert.equal(ddlTarget('DROP TABLE IF EXISTS orders')?.ifExists, true);
    assert.equal(ddlTarget('CREATE TEMPORARY TABLE t (a INT)')?.temporary, true);
    assert.equal(ddlTarget('INSERT INTO t SELECT 1'), null);
    assert.equal(ddlTarget('CREATE VIEW v AS SELECT 1'), null);
  });
});

describe('canonical tables', () => {
  const t = parseCanonicalTable(SHOWN);

  it('splits body, distribution, options and primary key', () => {
    assert.match(t.body, /^\(\n {2}`id` INT NOT NULL,/);
    assert.doesNotMatch(t.body, /DISTRIBUTED|WITH/);
    assert.deepEqual(t.distribution, { keys: ['id'], buckets: 3 });
    assert.deepEqual(t.options, { 'changelog.mode': 'append', 'value.format': 'json' });
    assert.deepEqual(t.primaryKey, ['id']);
    assert.equal(bucketsOf(t), 3);
  });

  it('defaults to 6 buckets', () => {
    const plain = parseCanonicalTable('CREATE TABLE `a`.`b`.`c` (\n  `x` INT\n)\n');
    assert.equal(plain.distribution, null);
    assert.equal(bucketsOf(plain), 6);
    assert.deepEqual(
      parseCanonicalTable('CREATE TABLE `a`.`b`.`c` (\n  `x` INT\n)\nDISTRIBUTED INTO 4 BUCKETS\n').distribution,
      {
        keys: [],
        buckets: 4,
      },
    );
  });

  it('finds its structure outside the text that comments and names carry', () => {
    // As Flink 2.2 prints a table whose comments imitate a WITH clause, a distribution and a key.
    const shown =
      "CREATE TABLE `a`.`b`.`c` (\n  `id` BIGINT COMMENT 'PRIMARY KEY (`x`)',\n  `a,b)` INT\n)\n" +
      "COMMENT 'x\nWITH (\n  ''topic'' = ''lkc-other.t''\n)\nDISTRIBUTED INTO 9 BUCKETS\n'\n" +
      'DISTRIBUTED BY HASH(`a,b)`, `id`) INTO 2 BUCKETS\n' +
      "WITH (\n  'value.format' = 'json'\n)\n";
    const table = parseCanonicalTable(shown);
    assert.deepEqual(table.options, { 'value.format': 'json' });
    assert.deepEqual(table.distribution, { keys: ['a,b)', 'id'], buckets: 2 });
    assert.deepEqual(table.primaryKey, []);
    assert.ok(table.body.endsWith("DISTRIBUTED INTO 9 BUCKETS\n'"), table.body);
    // Replayed into a session, the comment stays a comment and the engine's options stay last.
    const again = parseCanonicalTable(`CREATE TABLE \`x\`.\`y\`.\`z\` ${storedDefinition(table)}\n`);
    assert.deepEqual(again, table);
    const ddl = sessionTableDdl(['x', 'y', 'z'], again, { connector: 'cflink-kafka', topic: 'lkc-1.z' });
    assert.ok(ddl.endsWith("WITH (\n  'connector' = 'cflink-kafka',\n  'topic' = 'lkc-1.z'\n)"), ddl);
  });

  it('stores the definition without the name and round-trips it', () => {
    const stored = storedDefinition(t);
    assert.match(stored, /DISTRIBUTED BY HASH\(`id`\) INTO 3 BUCKETS/);
    const again = parseCanonicalTable(`CREATE TABLE \`x\`.\`y\`.\`z\` ${stored}\n`);
    assert.deepEqual(again, t);
  });

  it('adds the engine connector: upsert-kafka for a primary key, kafka with key fields otherwise', () => {
    const conn = { bootstrapServers: 'k:9092', properties: { 'security.protocol': 'SASL_SSL' } };
    const upsert = connectorOptions(t, 'lkc-1.orders', conn, 'p');
    assert.equal(upsert.connector, 'cflink-upsert-kafka');
    assert.equal(upsert['key.format'], 'json');
    assert.equal(upsert['properties.security.protocol'], 'SASL_SSL');
    assert.equal(upsert['changelog.mode'], undefined);
    const append = parseCanonicalTable(SHOWN.replace(/,\n {2}CONSTRAINT[^\n]*/, ''));
    const kafka = connectorOptions(append, 'lkc-1.orders', conn, 'p');
    assert.equal(kafka.connector, 'cflink-kafka');
    assert.equal(kafka['error-handling.mode'], 'fail', 'every table fails on a bad record unless told otherwise');
    assert.equal(kafka['key.fields'], 'id');
    assert.equal(kafka['scan.startup.mode'], 'earliest-offset');
    assert.equal(kafka['sink.delivery-guarantee'], 'exactly-once');
    const ddl = sessionTableDdl(['c', 'd', 'orders'], append, kafka);
    assert.match(ddl, /^CREATE TABLE `c`\.`d`\.`orders` \(/);
    assert.doesNotMatch(ddl, /DISTRIBUTED/);
  });
});

describe('invalidUserOption', () => {
  it('accepts table options and rejects the engine ones', () => {
    assert.equal(
      invalidUserOption({ 'changelog.mode': 'append', 'value.format': 'json', 'json.ignore-parse-errors': 'true' }),
      null,
    );
    assert.match(invalidUserOption({ connector: 'filesystem' }) ?? '', /'connector' cannot be set/);
    assert.match(invalidUserOption({ 'properties.bootstrap.servers': 'x' }) ?? '', /Remove it/);
    assert.match(invalidUserOption({ 'value.format': 'avro' }) ?? '', /not supported/);
  });
});

describe('splitCreateTableAs', () => {
  it('finds the query after the options', () => {
    assert.deepEqual(
      splitCreateTableAs(
        "CREATE TABLE `a s`.t DISTRIBUTED INTO 2 BUCKETS WITH ('x' = 'AS y') AS SELECT a AS b FROM (SELECT 1 AS a)",
      ),
      { options: "DISTRIBUTED INTO 2 BUCKETS WITH ('x' = 'AS y')", query: 'SELECT a AS b FROM (SELECT 1 AS a)' },
    );
    assert.deepEqual(splitCreateTableAs('create table if not exists t as select 1'), {
      options: '',
      query: 'select 1',
    });
    assert.equal(splitCreateTableAs('CREATE TABLE t (a INT)'), null);
  });
});

describe('insertTargets', () => {
  it('reads the target of an INSERT, plain, qualified or quoted', () => {
    assert.deepEqual(insertTargets('INSERT INTO orders SELECT * FROM src'), [['orders']]);
    assert.deepEqual(insertTargets('insert overwrite examples.marketplace.orders values (1)'), [
      ['examples', 'marketplace', 'orders'],
    ]);
    // UPSERT INTO is not a kind cflink runs (libs/domain sql-kind), so it names no target.
    assert.deepEqual(insertTargets('UPSERT INTO t VALUES (1)'), []);
    assert.deepEqual(insertTargets('INSERT INTO `My Env`.`cluster_0`.`we``ird` SELECT 1'), [
      ['My Env', 'cluster_0', 'we`ird'],
    ]);
  });

  it('reads every INSERT of a statement set', () => {
    const sql = 'EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO marketplace.b SELECT 2; END';
    assert.deepEqual(insertTargets(sql), [['a'], ['marketplace', 'b']]);
  });

  it('ignores INSERT INTO inside strings, comments and quoted identifiers', () => {
    const sql = "-- INSERT INTO x\nSELECT 'INSERT INTO y' AS `INSERT INTO z` /* INSERT INTO w */ FROM t";
    assert.deepEqual(insertTargets(sql), []);
    assert.deepEqual(insertTargets('SELECT * FROM orders'), []);
  });
});
