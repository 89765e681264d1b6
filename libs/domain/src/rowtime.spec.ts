import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTableWithRowtime } from './ddl-text';
import { sessionTableDdl } from './canonical-table';
import {
  DEFAULT_WATERMARK,
  describedRows,
  hasSystemRowtime,
  ROWTIME_COLUMN,
  showsColumns,
  withoutSystemColumns,
  withRowtime,
} from './rowtime';

// As Flink 2.2 prints SHOW CREATE TABLE of a table with the system column.
const SHOWN = `CREATE TABLE \`env\`.\`cluster_0\`.\`orders\` (
  \`id\` INT NOT NULL,
  \`$rowtime\` TIMESTAMP(3) WITH LOCAL TIME ZONE NOT NULL METADATA FROM 'timestamp' VIRTUAL,
  \`note\` VARCHAR(2147483647),
  WATERMARK FOR \`$rowtime\` AS \`SOURCE_WATERMARK\`()
)
WITH (
  'value.format' = 'json'
)
`;

describe('$rowtime', () => {
  it("leaves CREATE TABLE … LIKE to copy the base table's $rowtime", () => {
    const like = "CREATE TABLE t2 (extra STRING) WITH ('value.format' = 'json') LIKE t1";
    assert.equal(createTableWithRowtime(like), like);
    assert.equal(
      createTableWithRowtime('CREATE TABLE t2 LIKE t1 (EXCLUDING OPTIONS)'),
      'CREATE TABLE t2 LIKE t1 (EXCLUDING OPTIONS)',
    );
    assert.match(createTableWithRowtime("CREATE TABLE t (c STRING COMMENT 'LIKE')"), /\$rowtime/);
  });

  it('adds the system column and the default watermark to a CREATE TABLE', () => {
    assert.equal(
      createTableWithRowtime("CREATE TABLE t (a INT, b AS (a + 1)) WITH ('value.format' = 'json')"),
      `CREATE TABLE t (a INT, b AS (a + 1),\n ${ROWTIME_COLUMN},\n ${DEFAULT_WATERMARK}) WITH ('value.format' = 'json')`,
    );
    assert.equal(
      createTableWithRowtime('CREATE TABLE IF NOT EXISTS `a b`.t (\n  a INT\n)'),
      `CREATE TABLE IF NOT EXISTS \`a b\`.t (\n  a INT,\n  ${ROWTIME_COLUMN},\n  ${DEFAULT_WATERMARK}\n)`,
    );
    // Not a CREATE TABLE: unchanged.
    assert.equal(createTableWithRowtime('ALTER TABLE t ADD b INT'), 'ALTER TABLE t ADD b INT');
  });

  it('keeps a declared watermark, and a comment before the closing parenthesis', () => {
    const own = "CREATE TABLE t (a INT, WATERMARK FOR $rowtime AS $rowtime - INTERVAL '5' SECOND)";
    assert.equal(createTableWithRowtime(own), own.replace(')', '').replace(/\)$/, '') + `,\n ${ROWTIME_COLUMN})`);
    const commented = createTableWithRowtime('CREATE TABLE t (a INT -- the id\n)');
    assert.equal(commented, `CREATE TABLE t (a INT -- the id\n,\n ${ROWTIME_COLUMN},\n ${DEFAULT_WATERMARK}\n)`);
  });

  it('refuses a user column named $rowtime', () => {
    assert.throws(() => createTableWithRowtime('CREATE TABLE t (`$rowtime` TIMESTAMP(3))'), /system column/);
    assert.throws(() => createTableWithRowtime('CREATE TABLE t (a INT, $rowtime INT)'), /system column/);
  });

  it('adds nothing to a stored body that has it, and adds it to one stored before', () => {
    const body = SHOWN.slice(SHOWN.indexOf('('), SHOWN.indexOf('\nWITH'));
    assert.equal(withRowtime(body, 0, true), body);
    assert.equal(
      withRowtime('(\n  `id` INT\n)', 0, true),
      `(\n  \`id\` INT,\n  ${ROWTIME_COLUMN},\n  ${DEFAULT_WATERMARK}\n)`,
    );
    assert.match(
      sessionTableDdl(
        ['c', 'd', 't'],
        { body: '(\n  `id` INT\n)', distribution: null, options: {}, primaryKey: [] },
        {
          connector: 'x',
        },
      ),
      /`id` INT,\n {2}`\$rowtime` TIMESTAMP_LTZ\(3\) NOT NULL METADATA FROM 'timestamp' VIRTUAL,\n {2}WATERMARK FOR/,
    );
    // Stored when the default was a fixed second: re-created with today's default, a declared one kept.
    const former = body.replace('`SOURCE_WATERMARK`()', "`$rowtime` - INTERVAL '1' SECOND");
    assert.equal(withRowtime(former, 0, true), body.replace('`SOURCE_WATERMARK`()', 'SOURCE_WATERMARK()'));
    const declared = body.replace('`SOURCE_WATERMARK`()', "`$rowtime` - INTERVAL '2' SECOND");
    assert.equal(withRowtime(declared, 0, true), declared);
    assert.equal(hasSystemRowtime(body), true);
    assert.equal(hasSystemRowtime('(\n  `id` INT\n)'), false);
  });

  it('leaves the system column and default watermark out of SHOW CREATE TABLE', () => {
    assert.equal(
      withoutSystemColumns(SHOWN),
      "CREATE TABLE `env`.`cluster_0`.`orders` (\n  `id` INT NOT NULL,\n  `note` VARCHAR(2147483647)\n)\nWITH (\n  'value.format' = 'json'\n)\n",
    );
    const own = SHOWN.replace('`SOURCE_WATERMARK`()', "`$rowtime` - INTERVAL '5' SECOND");
    assert.match(
      withoutSystemColumns(own),
      /`note` VARCHAR\(2147483647\),\n {2}WATERMARK FOR `\$rowtime` AS `\$rowtime` - INTERVAL '5' SECOND\n\)/,
    );
  });

  it('leaves out the watermark the system gave a table of its own (the examples)', () => {
    const example =
      "CREATE TABLE `examples`.`marketplace`.`customers` (\n  `customer_id` INT NOT NULL,\n  `$rowtime` TIMESTAMP(3) WITH LOCAL TIME ZONE NOT NULL METADATA FROM 'timestamp' VIRTUAL,\n  WATERMARK FOR `$rowtime` AS `$rowtime`,\n  CONSTRAINT `PK_customer_id` PRIMARY KEY (`customer_id`) NOT ENFORCED\n)\nWITH (\n  'connector' = 'cflink-examples'\n)\n";
    assert.equal(
      withoutSystemColumns(example, 'WATERMARK FOR `$rowtime` AS `$rowtime`'),
      "CREATE TABLE `examples`.`marketplace`.`customers` (\n  `customer_id` INT NOT NULL,\n  CONSTRAINT `PK_customer_id` PRIMARY KEY (`customer_id`) NOT ENFORCED\n)\nWITH (\n  'connector' = 'cflink-examples'\n)\n",
    );
    // Without it, that watermark is one the table declared: it stays.
    assert.match(withoutSystemColumns(example), /WATERMARK FOR `\$rowtime` AS `\$rowtime`,/);
  });

  it('leaves it out of DESCRIBE, not of DESCRIBE EXTENDED', () => {
    const rows = [{ fields: ['id'] }, { fields: ['$rowtime'] }];
    assert.deepEqual(describedRows('DESCRIBE orders', rows), [{ fields: ['id'] }]);
    assert.deepEqual(describedRows('desc orders', rows), [{ fields: ['id'] }]);
    assert.deepEqual(describedRows('DESCRIBE EXTENDED orders', rows), rows);
    assert.deepEqual(describedRows('SHOW COLUMNS FROM orders', rows), [{ fields: ['id'] }]);
  });

  it('knows SHOW COLUMNS from other SHOW statements', () => {
    assert.equal(showsColumns('SHOW COLUMNS FROM orders'), true);
    assert.equal(showsColumns(' show columns in orders LIKE "%id"'), true);
    assert.equal(showsColumns('SHOW CREATE TABLE orders'), false);
    assert.equal(showsColumns('SHOW TABLES'), false);
  });
});
