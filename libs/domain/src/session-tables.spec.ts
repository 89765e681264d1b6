import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tablesToReplay } from './session-tables';

const tables = ['src', 'snk', 'Orders', 'weird name', 'unused'];

describe('tables replayed into a statement session', () => {
  it('gives an INSERT, a query, a statement set or an EXPLAIN the tables it names, in any case or quoting', () => {
    assert.deepEqual(
      [...tablesToReplay('INSERT INTO snk SELECT id FROM `cat`.`db`.src', 'INSERT_INTO', tables)],
      ['src', 'snk'],
    );
    assert.deepEqual([...tablesToReplay('SELECT * FROM ORDERS', 'SELECT', tables)], ['Orders']);
    assert.deepEqual([...tablesToReplay('SELECT * FROM `weird name`', 'SELECT', tables)], ['weird name']);
    assert.deepEqual(
      [
        ...tablesToReplay(
          'EXECUTE STATEMENT SET BEGIN INSERT INTO snk SELECT * FROM src; END',
          'EXECUTE_STATEMENT_SET',
          tables,
        ),
      ],
      ['src', 'snk'],
    );
    assert.deepEqual([...tablesToReplay('EXPLAIN SELECT 1 FROM unused', 'EXPLAIN', tables)], ['unused']);
  });

  it('does not take a name in a string literal or a comment for a table', () => {
    assert.deepEqual(
      [...tablesToReplay("SELECT 'src' /* snk */ -- unused\n FROM Orders", 'SELECT', tables)],
      ['Orders'],
    );
  });

  it('gives DDL, SHOW and DESCRIBE every table', () => {
    for (const [sql, kind] of [
      ['CREATE TABLE t2 LIKE src', 'CREATE_TABLE'],
      ['SHOW TABLES', 'SHOW'],
      ['DESCRIBE src', 'DESCRIBE'],
      ['CREATE TABLE t3 AS SELECT * FROM src', 'CREATE_TABLE_AS'],
    ] as const) {
      assert.deepEqual([...tablesToReplay(sql, kind, tables)], tables, sql);
    }
  });
});
