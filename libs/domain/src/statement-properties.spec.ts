import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateStatementProperties } from './statement-properties';

describe('translateStatementProperties', () => {
  it('translates each Confluent key into the Flink option it means', () => {
    const verdict = translateStatementProperties({
      'sql.current-catalog': 'dev',
      'sql.current-database': 'cluster_0',
      'sql.local-time-zone': 'Europe/Berlin',
      'sql.state-ttl': '12 h',
      'sql.tables.scan.idle-timeout': '30 s',
      'sql.tables.scan.startup.mode': 'timestamp',
      'sql.tables.scan.startup.timestamp-millis': '1700000000000',
      'sql.tables.scan.bounded.mode': 'latest-offset',
      'sql.dry-run': 'true',
    });
    assert.deepEqual(verdict, {
      ok: true,
      value: {
        session: {
          'table.column-expansion-strategy': 'EXCLUDE_ALIASED_VIRTUAL_METADATA_COLUMNS',
          'table.local-time-zone': 'Europe/Berlin',
          'table.exec.state.ttl': '12 h',
          'table.exec.source.idle-timeout': '30 s',
        },
        tableScan: {
          'scan.startup.mode': 'timestamp',
          'scan.startup.timestamp-millis': '1700000000000',
          'scan.bounded.mode': 'latest-offset',
        },
        currentCatalog: 'dev',
        currentDatabase: 'cluster_0',
        dryRun: true,
      },
    });
  });

  for (const key of [
    'parallelism.default',
    'table.exec.resource.default-parallelism',
    'pipeline.jars',
    'pipeline.classpaths',
    'execution.checkpointing.dir',
    'execution.state-recovery.path',
    'table.dynamic-table-options.enabled',
    'taskmanager.memory.process.size',
    'sql.tables.scan.source-operator-parallelism',
    'sql.secrets.password',
    '__proto__',
    'constructor',
  ]) {
    it(`refuses ${key}, naming it`, () => {
      const verdict = translateStatementProperties({ [key]: '1' });
      assert.equal(verdict.ok, false);
      assert.equal((verdict as { key: string }).key, key);
      assert.match(
        (verdict as { detail: string }).detail,
        /is not supported\. Supported properties: sql\.current-catalog/,
      );
    });
  }

  it('gives every session the time defaults: $rowtime out of *, a source idle timeout', () => {
    const none = translateStatementProperties({});
    assert.ok(none.ok);
    assert.deepEqual(none.value.session, {
      'table.column-expansion-strategy': 'EXCLUDE_ALIASED_VIRTUAL_METADATA_COLUMNS',
      'table.exec.source.idle-timeout': '5 min',
    });
    const off = translateStatementProperties({ 'sql.tables.scan.idle-timeout': '0' });
    assert.ok(off.ok);
    assert.equal(off.value.session['table.exec.source.idle-timeout'], '0');
  });

  it('refuses malformed values with what the key expects', () => {
    for (const [key, value] of [
      ['sql.local-time-zone', 'Mars/Olympus_Mons'],
      ['sql.local-time-zone', 'GMT+99:00'],
      ['sql.state-ttl', 'forever'],
      ['sql.tables.scan.startup.mode', 'group-offsets'],
      ['sql.tables.scan.startup.timestamp-millis', '-1'],
      ['sql.dry-run', 'yes'],
    ]) {
      const verdict = translateStatementProperties({ [key]: value });
      assert.equal(verdict.ok, false, `${key}=${value}`);
      assert.match((verdict as { detail: string }).detail, new RegExp(`^Statement property '${key}' must be`));
    }
  });

  it('wants a timestamp exactly with the timestamp modes', () => {
    assert.equal(translateStatementProperties({ 'sql.tables.scan.startup.mode': 'timestamp' }).ok, false);
    assert.equal(translateStatementProperties({ 'sql.tables.scan.bounded.timestamp-millis': '1' }).ok, false);
  });
});
