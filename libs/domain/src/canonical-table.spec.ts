import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketsOf, parseCanonicalTable, sessionTableDdl, storedDefinition } from './canonical-table';
import { connectorOptions } from './table-connector';

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
