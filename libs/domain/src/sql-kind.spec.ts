import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isResumableKind, sqlKind } from './sql-kind';

describe('sqlKind', () => {
  it('tells CREATE TABLE from CREATE TABLE AS', () => {
    assert.equal(sqlKind("CREATE TABLE t (id INT) WITH ('connector' = 'kafka')"), 'CREATE_TABLE');
    assert.equal(sqlKind('create temporary table t (id int)'), 'CREATE_TABLE');
    assert.equal(sqlKind('CREATE TABLE t WITH (a = 1) AS SELECT * FROM s'), 'CREATE_TABLE_AS');
  });

  it('ignores leading comments and whitespace', () => {
    assert.equal(sqlKind('  -- copy\n/* x */ INSERT INTO t SELECT * FROM s'), 'INSERT_INTO');
  });

  it('knows statement sets, queries and other DDL', () => {
    assert.equal(sqlKind('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END'), 'EXECUTE_STATEMENT_SET');
    assert.equal(sqlKind('SELECT 1'), 'SELECT');
    assert.equal(sqlKind('WITH x AS (SELECT 1) SELECT * FROM x'), 'SELECT');
    assert.equal(sqlKind('DROP TABLE t'), 'DDL');
    assert.equal(sqlKind('SHOW TABLES'), 'OTHER');
  });

  it('marks the job-running kinds resumable', () => {
    assert.equal(isResumableKind('INSERT_INTO'), true);
    assert.equal(isResumableKind('CREATE_TABLE'), false);
  });
});
