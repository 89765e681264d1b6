import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ddlTarget, insertTargets, splitCreateTableAs } from './ddl-text';

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
    // A computed column's AS is inside the column list: a plain CREATE TABLE, not a CTAS.
    assert.equal(ddlTarget('CREATE TABLE t (a INT, b AS (a + 1))')?.op, 'create');
    assert.equal(ddlTarget("CREATE TABLE t (a INT, b AS a * 2) WITH ('x' = 'AS')")?.op, 'create');
    assert.equal(ddlTarget("ALTER TABLE t SET ('x'='y')")?.op, 'alter');
    assert.deepEqual(ddlTarget('DROP TABLE IF EXISTS orders')?.name, ['orders']);
    assert.equal(ddlTarget('DROP TABLE IF EXISTS orders')?.ifExists, true);
    assert.equal(ddlTarget('CREATE TEMPORARY TABLE t (a INT)')?.temporary, true);
    assert.equal(ddlTarget('INSERT INTO t SELECT 1'), null);
    assert.equal(ddlTarget('CREATE VIEW v AS SELECT 1'), null);
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
    assert.equal(splitCreateTableAs('CREATE TABLE t (a INT, b AS (a + 1))'), null);
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
