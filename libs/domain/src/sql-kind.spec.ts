import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainedStatement, isResumableKind, judgeStatement, sqlKind } from './sql-kind';

describe('sqlKind', () => {
  it('tells CREATE TABLE from CREATE TABLE AS', () => {
    assert.equal(sqlKind("CREATE TABLE t (id INT) WITH ('connector' = 'kafka')"), 'CREATE_TABLE');
    assert.equal(sqlKind('CREATE TABLE t WITH (a = 1) AS SELECT * FROM s'), 'CREATE_TABLE_AS');
    assert.equal(sqlKind('CREATE TABLE IF NOT EXISTS t AS SELECT 1'), 'CREATE_TABLE_AS');
  });

  it('does not take a computed column for CREATE TABLE … AS', () => {
    assert.equal(sqlKind('CREATE TABLE t (a INT, b AS (a + 1))'), 'CREATE_TABLE');
    assert.equal(sqlKind("CREATE TABLE t (a INT, b AS a + 1) WITH ('x' = 'AS SELECT')"), 'CREATE_TABLE');
  });

  it('ignores comments and whitespace', () => {
    assert.equal(sqlKind('  -- copy\n/* x */ INSERT INTO t SELECT * FROM s'), 'INSERT_INTO');
    assert.equal(sqlKind('/*+ OPTIONS() */ select 1'), 'SELECT');
  });

  it('knows statement sets, queries and table DDL', () => {
    assert.equal(sqlKind('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END'), 'EXECUTE_STATEMENT_SET');
    assert.equal(sqlKind('SELECT 1'), 'SELECT');
    assert.equal(sqlKind('(SELECT 1)'), 'SELECT');
    assert.equal(sqlKind('WITH x AS (SELECT 1) SELECT * FROM x'), 'SELECT');
    assert.equal(sqlKind("ALTER TABLE t SET ('scan.startup.mode' = 'latest-offset')"), 'ALTER_TABLE');
    assert.equal(sqlKind('DROP TABLE t'), 'DROP_TABLE');
    assert.equal(sqlKind('SHOW TABLES'), 'SHOW');
    assert.equal(sqlKind('describe extended `t`'), 'DESCRIBE');
    assert.equal(sqlKind('EXPLAIN PLAN FOR SELECT 1'), 'EXPLAIN');
    assert.equal(sqlKind('EXPLAIN CHANGELOG_MODE, ESTIMATED_COST SELECT 1'), 'EXPLAIN');
    assert.equal(sqlKind('USE CATALOG `my env`;'), 'USE');
  });

  it('marks the job-running kinds resumable', () => {
    assert.equal(isResumableKind('INSERT_INTO'), true);
    assert.equal(isResumableKind('CREATE_TABLE_AS'), true);
    assert.equal(isResumableKind('CREATE_TABLE'), false);
  });
});

describe('judgeStatement: the allowlist of statement kinds', () => {
  const refused = [
    "SET 'parallelism.default' = '8'",
    "RESET 'table.exec.state.ttl'",
    "ADD JAR '/tmp/evil.jar'",
    "REMOVE JAR '/tmp/evil.jar'",
    'SHOW JARS',
    'LOAD MODULE hive',
    'UNLOAD MODULE core',
    'USE MODULES core',
    "CALL `sys`.`compact`('t')",
    "COMPILE PLAN '/tmp/p.json' FOR INSERT INTO t SELECT 1",
    "EXECUTE PLAN '/tmp/p.json'",
    "CREATE CATALOG c WITH ('type' = 'jdbc')",
    "CREATE FUNCTION f AS 'com.evil.F' USING JAR '/tmp/evil.jar'",
    "CREATE TEMPORARY FUNCTION f AS 'com.evil.F'",
    "CREATE TEMPORARY TABLE x (a INT) WITH ('connector' = 'kafka', 'topic' = 'lkc-other.t')",
    'CREATE TEMPORARY VIEW v AS SELECT 1',
    'CREATE VIEW v AS SELECT 1',
    'CREATE DATABASE d',
    'CREATE OR REPLACE TABLE t AS SELECT 1',
    "ALTER CATALOG c SET ('x' = 'y')",
    'DROP CATALOG c',
    'DROP TEMPORARY TABLE t',
    'DROP FUNCTION f',
    'SHOW JOBS',
    "STOP JOB '5f74ff0cbee4891a62dcd80f70571bc1'",
    "DESCRIBE JOB '5f74ff0cbee4891a62dcd80f70571bc1'",
    'SHOW CREATE CATALOG c',
    'SHOW PROCEDURES',
    'TRUNCATE TABLE t',
    'DELETE FROM t',
    'UPDATE t SET a = 1',
    'ANALYZE TABLE t COMPUTE STATISTICS',
    'EXPLAIN JSON_EXECUTION_PLAN SELECT 1',
    "EXPLAIN PLAN FOR ADD JAR '/x.jar'",
    'EXPLAIN CREATE TABLE t (a INT)',
    '/* SELECT */ SET x = y',
    "-- SELECT\nADD JAR 'x'",
    'FUTURE KIND OF STATEMENT',
    '',
    '  -- only a comment',
    "SELECT 'unterminated",
    // A second statement behind an allowed one.
    "SHOW TABLES; SET 'table.dynamic-table-options.enabled' = 'true'",
    "DESCRIBE t; ADD JAR '/tmp/evil.jar'",
    'SELECT 1; CREATE CATALOG c WITH (x = 1)',
    "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END; ADD JAR '/tmp/evil.jar'",
    "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; SET 'x' = 'y'; END",
  ];
  for (const sql of refused) {
    it(`refuses ${JSON.stringify(sql)}`, () => {
      const verdict = judgeStatement(sql);
      assert.equal(verdict.allowed, false);
      assert.ok((verdict as { detail: string }).detail.length > 10);
    });
  }

  it('allows the `;` that ends a statement and separates the INSERTs of a statement set', () => {
    for (const sql of [
      'SELECT 1;',
      'EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT CASE WHEN 1 > 0 THEN 1 END; END',
      'EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;',
      'EXPLAIN PLAN FOR EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END',
      "SELECT * FROM t WHERE s = ';' -- ; ADD JAR",
    ]) {
      assert.equal(judgeStatement(sql).allowed, true, sql);
    }
    assert.match(
      (judgeStatement('SHOW TABLES; SHOW JOBS') as { detail: string }).detail,
      /one SQL statement .*submit it as a statement of its own/,
    );
  });

  it('names what is not supported and what is', () => {
    const verdict = judgeStatement("add jar '/tmp/x.jar'");
    assert.equal(verdict.allowed, false);
    assert.match(
      (verdict as { detail: string }).detail,
      /^ADD JAR \/tmp\/x\.jar is not supported\. Statements may be CREATE/,
    );
  });
});

describe('explainedStatement', () => {
  it('is the statement an EXPLAIN explains, as written', () => {
    assert.equal(explainedStatement('EXPLAIN PLAN FOR SELECT * FROM t'), 'SELECT * FROM t');
    assert.equal(
      explainedStatement('explain CHANGELOG_MODE, ESTIMATED_COST /* x */ INSERT INTO a SELECT 1'),
      'INSERT INTO a SELECT 1',
    );
    assert.equal(
      explainedStatement("EXPLAIN SELECT * FROM t /*+ OPTIONS('topic' = 'x') */"),
      "SELECT * FROM t /*+ OPTIONS('topic' = 'x') */",
    );
    assert.equal(explainedStatement('SELECT 1'), null);
    assert.equal(explainedStatement('EXPLAIN JSON_EXECUTION_PLAN SELECT 1'), null);
  });
});
