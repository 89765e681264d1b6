import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideStatement, generationName, type DesiredStatement, type LiveStatement } from './statement-evolution';

const INSERT = 'INSERT INTO big_orders SELECT order_id, price FROM orders WHERE price > 50';
const INSERT2 = 'INSERT INTO big_orders SELECT order_id, price FROM orders WHERE price > 60';

function desired(over: Partial<DesiredStatement> = {}): DesiredStatement {
  return { sql: INSERT, properties: {}, computePoolId: 'lfcp-1', stopped: false, evolution: 'auto', ...over };
}

function live(over: Partial<LiveStatement> = {}): LiveStatement {
  return {
    serverName: 'copy',
    generation: 1,
    sql: INSERT,
    properties: {},
    computePoolId: 'lfcp-1',
    principal: 'sa-1',
    stopped: false,
    phase: 'RUNNING',
    ...over,
  };
}

describe('statement evolution', () => {
  it('creates a statement that does not exist', () => {
    assert.equal(decideStatement('copy', desired(), undefined).action, 'create');
  });

  it('leaves a matching statement alone, ignoring whitespace and a final semicolon', () => {
    const d = decideStatement('copy', desired({ sql: `  ${INSERT};\n` }), live());
    assert.deepEqual(d, { action: 'noop', changes: [] });
  });

  it('does not count the scan hints a carry-over added to the live SQL', () => {
    const carried = INSERT.replace(
      'FROM orders',
      "FROM orders /*+ OPTIONS('scan.startup.mode'='specific-offsets', 'scan.startup.specific-offsets'='partition:0,offset:7;partition:1,offset:0') */",
    );
    assert.deepEqual(decideStatement('copy', desired(), live({ sql: carried, generation: 2 })), {
      action: 'noop',
      changes: [],
    });
    const ownHint = INSERT.replace('FROM orders', "FROM orders /*+ OPTIONS('scan.startup.mode'='latest-offset') */");
    assert.equal(decideStatement('copy', desired(), live({ sql: ownHint })).action, 'needs-plan');
  });

  it('does not diff the principal when the stack leaves it to the server', () => {
    assert.equal(decideStatement('copy', desired({ principal: undefined }), live({ principal: 'u-9' })).action, 'noop');
  });

  it('stops a running statement declared stopped', () => {
    const d = decideStatement('copy', desired({ stopped: true }), live());
    assert.equal(d.action, 'stop');
    assert.deepEqual(d.changes, [{ field: 'stopped', from: false, to: true }]);
  });

  it('resumes a stopped statement, carrying a pool change with the resume', () => {
    const d = decideStatement('copy', desired({ computePoolId: 'lfcp-2' }), live({ stopped: true, phase: 'STOPPED' }));
    assert.equal(d.action, 'resume');
    assert.deepEqual(
      d.changes.map((c) => c.field),
      ['compute_pool', 'stopped'],
    );
  });

  it('shows drift: a statement stopped or failed on the server is resumed, with the reason', () => {
    const stopped = decideStatement('copy', desired(), live({ stopped: true, phase: 'STOPPED' }));
    assert.equal(stopped.action, 'resume');
    assert.match((stopped as { reason: string }).reason, /STOPPED; the stack declares it running/);
    const failed = decideStatement('copy', desired(), live({ phase: 'FAILED', detail: 'boom' }));
    assert.equal(failed.action, 'resume');
    assert.match((failed as { reason: string }).reason, /FAILED on the server: boom/);
  });

  it('moves a running statement to another pool or principal by stop and resume', () => {
    const d = decideStatement('copy', desired({ computePoolId: 'lfcp-2', principal: 'sa-2' }), live());
    assert.equal(d.action, 'restart');
    assert.match((d as { reason: string }).reason, /compute_pool and principal/);
  });

  it('refuses a pool change on a statement that stays stopped (the API takes it only with a resume)', () => {
    const d = decideStatement(
      'copy',
      desired({ stopped: true, computePoolId: 'lfcp-2' }),
      live({ stopped: true, phase: 'STOPPED' }),
    );
    assert.equal(d.action, 'refuse');
    assert.match((d as { reason: string }).reason, /only together with a resume/);
  });

  it('leaves a completed statement alone whatever its pool or stopped flag', () => {
    const d = decideStatement('t', desired({ sql: 'CREATE TABLE t (a INT)', computePoolId: 'lfcp-2', stopped: true }), {
      ...live({ sql: 'CREATE TABLE t (a INT)', phase: 'COMPLETED' }),
    });
    assert.equal(d.action, 'noop');
  });

  it('asks for the plan of changed SQL before choosing a strategy', () => {
    const d = decideStatement('copy', desired({ sql: INSERT2 }), live());
    assert.equal(d.action, 'needs-plan');
    assert.deepEqual(
      d.changes.map((c) => c.field),
      ['sql'],
    );
  });

  it('replaces stateless SQL with carry-over offsets into the next generation', () => {
    const d = decideStatement('copy', desired({ sql: INSERT2 }), live({ generation: 2, serverName: 'copy-v2' }), {
      kind: 'stateless',
    });
    assert.equal(d.action, 'replace');
    if (d.action !== 'replace') return;
    assert.equal(d.strategy, 'carry-over-offsets');
    assert.match(d.steps.join('\n'), /stop copy-v2 with a savepoint/);
    assert.match(d.steps.join('\n'), /create copy-v3 with sql.tables.initial-offset-from=copy-v2/);
    assert.match(d.steps.join('\n'), /delete copy-v2/);
  });

  it('does not stop again an old version that is stopped already', () => {
    const d = decideStatement('copy', desired({ sql: INSERT2 }), live({ phase: 'FAILED' }), { kind: 'stateless' });
    assert.equal(d.action, 'replace');
    const stoppedOld = decideStatement('copy', desired({ sql: INSERT2 }), live({ stopped: true, phase: 'STOPPED' }), {
      kind: 'stateless',
    });
    assert.match((stoppedOld as { steps: string[] }).steps[0], /stopped already/);
  });

  it('refuses stateful SQL with the operators Flink planned and the opt-in', () => {
    const d = decideStatement('copy', desired({ sql: INSERT2 }), live(), {
      kind: 'stateful',
      reasons: ['an aggregation (GROUP BY)'],
    });
    assert.equal(d.action, 'refuse');
    assert.match((d as { reason: string }).reason, /keeps state \(an aggregation \(GROUP BY\)\).*evolution: reprocess/);
  });

  it('refuses when Flink could not say, rather than guessing', () => {
    const d = decideStatement('copy', desired({ sql: INSERT2 }), live(), { kind: 'unknown', why: 'timed out' });
    assert.equal(d.action, 'refuse');
    assert.match((d as { reason: string }).reason, /Could not tell.*timed out/);
  });

  it('refuses carry-over for stateful SQL even when the stack asks for it', () => {
    const d = decideStatement('copy', desired({ sql: INSERT2, evolution: 'carry-over-offsets' }), live(), {
      kind: 'stateful',
      reasons: ['a regular join'],
    });
    assert.equal(d.action, 'refuse');
  });

  it('reprocesses when the stack opts in, without asking for a plan', () => {
    const d = decideStatement('copy', desired({ sql: INSERT2, evolution: 'reprocess' }), live());
    assert.equal(d.action, 'replace');
    if (d.action !== 'replace') return;
    assert.equal(d.strategy, 'reprocess');
    assert.match(d.steps[0], /create copy-v2 .* while copy keeps running/);
  });

  it('treats a properties change like a SQL change', () => {
    const d = decideStatement('copy', desired({ properties: { 'sql.state-ttl': '1 h' } }), live(), {
      kind: 'stateless',
    });
    assert.equal(d.action, 'replace');
    assert.deepEqual(
      d.changes.map((c) => c.field),
      ['properties'],
    );
  });

  it('refuses to re-run DDL that already ran, but re-creates DDL that failed', () => {
    const ddl = live({ sql: 'CREATE TABLE t (a INT)', phase: 'COMPLETED' });
    const changed = desired({ sql: 'CREATE TABLE t (a INT, b INT)' });
    const refused = decideStatement('t', changed, ddl);
    assert.equal(refused.action, 'refuse');
    assert.match((refused as { reason: string }).reason, /CREATE TABLE statement that has run already.*ALTER TABLE/);
    const failed = decideStatement('t', changed, { ...ddl, phase: 'FAILED' });
    assert.equal(failed.action, 'replace');
    assert.equal((failed as { strategy: string }).strategy, 'recreate');
  });

  it('refuses a CREATE TABLE AS change (it would create its table again)', () => {
    const ctas = live({ sql: 'CREATE TABLE big AS SELECT * FROM orders' });
    const d = decideStatement('big', desired({ sql: 'CREATE TABLE big AS SELECT * FROM orders WHERE 1=1' }), ctas);
    assert.equal(d.action, 'refuse');
  });

  it('re-creates a changed query: it holds no data worth carrying over', () => {
    const d = decideStatement('peek', desired({ sql: 'SELECT 2' }), live({ sql: 'SELECT 1' }));
    assert.equal(d.action, 'replace');
    assert.equal((d as { strategy: string }).strategy, 'recreate');
  });

  it('refuses a SQL change on a statement declared stopped', () => {
    const d = decideStatement(
      'copy',
      desired({ sql: INSERT2, stopped: true }),
      live({ stopped: true, phase: 'STOPPED' }),
    );
    assert.equal(d.action, 'refuse');
    assert.match((d as { reason: string }).reason, /stopped: false/);
  });

  it('waits out a statement being deleted', () => {
    assert.equal(decideStatement('copy', desired(), live({ phase: 'DELETING' })).action, 'refuse');
  });

  it('names generations: the first keeps the name, later ones get -vN', () => {
    assert.equal(generationName('copy', 1), 'copy');
    assert.equal(generationName('copy', 3), 'copy-v3');
  });
});
